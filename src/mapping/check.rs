//! The last mapping pass: every name and label the objects carry must be one the Kubernetes
//! API server accepts. A convox.yml (or `--rack`/`--app`) that would produce an invalid one
//! gets an error naming the key it came from, instead of output that `kubectl apply` rejects.
//! The same goes for the few values the rack's validation lets through but the API server
//! refuses (a rolling update with 0% surge and 0% unavailable, an HPA from 0 replicas, a
//! liveness or startup probe whose successThreshold is not 1, a CronJob concurrencyPolicy other
//! than Allow, Forbid or Replace). Port numbers, schedules and resource requests are values
//! of single keys: the manifest checks them at the value (`manifest::refusals`).
//!
//! Hand-written because no maintained Rust crate carries apimachinery's validators; these are
//! the rules of `k8s.io/apimachinery/pkg/util/validation` (DNS-1123 label and subdomain,
//! DNS-1035 label, qualified names, label values) and the CronJob 52-character limit.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Concept, Context, Generated, Mapped, Object};
use crate::diagnostic::Diagnostic;

/// Checks every object in `out` and appends an error per invalid name, label or value, once
/// for all the objects it makes invalid (one cause, one diagnostic: an invalid service label
/// is on eight objects). Names and labels made from an invalid option (the rack, app or release
/// name, already one error at its field: [`option_problems`]) are not reported again.
pub fn check_names(out: &mut Mapped, ctx: &Context) {
    let problems = option_problems(ctx);
    let bad: Vec<&str> = problems
        .iter()
        .filter(|p| p.field != "env" && !p.value.is_empty())
        .map(|p| p.value.as_str())
        .collect();
    let mut found = Vec::new();
    let mut valid = ValidKeys::default();
    // In object order: the objects of an owner's pass given back already checked
    // (`Made::checked`) are skipped; any other is marked checked when none of its objects had
    // a problem.
    let mut next = 0;
    for s in &mut out.made {
        for g in &out.objects[next..s.objects.start] {
            check_object(g, &bad, &mut valid, &mut found);
        }
        next = s.objects.end;
        if s.checked {
            continue;
        }
        let before = found.len();
        for g in &out.objects[s.objects.clone()] {
            check_object(g, &bad, &mut valid, &mut found);
        }
        s.checked = found.len() == before;
    }
    for g in &out.objects[next..] {
        check_object(g, &bad, &mut valid, &mut found);
    }
    out.diagnostics.extend(merged(found));
}

/// One invalid thing on one object: `{origin} would make {object} invalid: {what}`, at `at`.
struct Problem {
    at: String,
    origin: String,
    object: String,
    what: String,
}

/// One error per cause (`at`, `origin` and `what`), naming every object it makes invalid, in
/// the order the causes were first found.
fn merged(found: Vec<Problem>) -> Vec<Diagnostic> {
    let mut causes: Vec<(Problem, Vec<String>)> = Vec::new();
    let mut index: crate::hashed::HashMap<(String, String, String), usize> =
        crate::hashed::HashMap::default();
    for p in found {
        let key = (p.at.clone(), p.origin.clone(), p.what.clone());
        match index.get(&key) {
            Some(&i) => {
                let objects = &mut causes[i].1;
                if !objects.contains(&p.object) {
                    objects.push(p.object);
                }
            }
            None => {
                index.insert(key, causes.len());
                let object = p.object.clone();
                causes.push((p, vec![object]));
            }
        }
    }
    causes
        .into_iter()
        .map(|(p, objects)| {
            Diagnostic::error(format!("{} would make {} invalid: {}", p.origin, listed(&objects), p.what))
                .at(p.at)
        })
        .collect()
}

/// `A`, `A and B`, `A, B and C`; past four, `A, B, C, D and 3 more objects`.
fn listed(objects: &[String]) -> String {
    const SHOWN: usize = 4;
    match objects {
        [one] => one.clone(),
        _ if objects.len() > SHOWN + 1 => {
            format!("{} and {} more objects", objects[..SHOWN].join(", "), objects.len() - SHOWN)
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// The label and annotation keys found valid so far: the same dozen keys are on every object,
/// and checking each again was 5 % of the instructions of a one-service edit at 200 services.
#[derive(Default)]
struct ValidKeys<'a>(crate::hashed::HashSet<&'a str>);

impl<'a> ValidKeys<'a> {
    /// [`qualified_name`] of `key`, remembered when it finds no problem.
    fn problem(&mut self, key: &'a str) -> Option<String> {
        if self.0.contains(key) {
            return None;
        }
        let problem = qualified_name(key);
        if problem.is_none() {
            self.0.insert(key);
        }
        problem
    }
}

/// `^[a-z][a-z0-9-]*$`: the rack's rule for service, timer and resource names.
fn rack_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_object<'a>(g: &'a Generated, bad: &[&str], valid: &mut ValidKeys<'a>, found: &mut Vec<Problem>) {
    check_values(g, found);
    let object = &g.object;
    let kind = object.kind();
    let name = object.name();
    let rule = match object {
        Object::Namespace(_) => Rule::Dns1123Label,
        Object::Service(_) => Rule::Dns1035Label,
        Object::CronJob(_) => Rule::Subdomain { max: 52 },
        _ => Rule::Subdomain { max: 253 },
    };
    // A service, timer or resource name the rack's validation refuses is already one error
    // there: the invalid object names and labels it leads to are the same cause.
    let owner = g.owner.as_deref().filter(|o| {
        matches!(g.concept, Concept::Service | Concept::Timer | Concept::Resource) && !rack_name(o)
    });
    let mut report = |what: String, problem: String| {
        if owner.is_some_and(|o| name.contains(o) || what.contains(o))
            || bad.iter().any(|value| made_from(name, value) || made_from(&what, value))
        {
            return;
        }
        let origin =
            if g.source.is_empty() { "the rack and app names".to_string() } else { g.source.clone() };
        found.push(Problem {
            at: g.source.clone(),
            origin,
            object: format!("{kind} {name:?}"),
            what: format!("{what} {problem}"),
        });
    };
    if let Some(problem) = rule.check(name) {
        report("its name".to_string(), problem);
    }
    let meta = object.metadata();
    for (key, value) in meta.labels.iter().flatten() {
        label(key, value, valid, &mut report);
    }
    for key in meta.annotations.iter().flatten().map(|(k, _)| k) {
        if let Some(problem) = valid.problem(key) {
            report(format!("annotation key {key:?}"), problem);
        }
    }
    if let Some(template) = object.pod_template() {
        let meta = template.metadata.as_ref();
        for (key, value) in meta.and_then(|m| m.labels.as_ref()).into_iter().flatten() {
            label(key, value, valid, &mut report);
        }
        for c in
            template.spec.iter().flat_map(|s| s.containers.iter().chain(s.init_containers.iter().flatten()))
        {
            if let Some(problem) = Rule::Dns1123Label.check(&c.name) {
                report(format!("container name {:?}", c.name), problem);
            }
        }
        for v in template.spec.iter().flat_map(|s| s.volumes.iter().flatten()) {
            if let Some(problem) = Rule::Dns1123Label.check(&v.name) {
                report(format!("volume name {:?}", v.name), problem);
            }
        }
    }
}

/// Whether `text` (a name, or a quoted name or label value in a message) holds `value` as
/// one of its `-`-separated parts: `my rack-system` and `label rack="my rack"` are made from
/// the rack name `my rack`; `web` is not made from the app name `e`.
fn made_from(text: &str, value: &str) -> bool {
    text.match_indices(value).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| c == '-' || c == '"');
        edge(before) && edge(after)
    })
}

/// Values (not names) the API server rejects although the rack's validation allows them,
/// reported at the convox.yml key that sets them.
fn check_values(g: &Generated, found: &mut Vec<Problem>) {
    let mut report = |key: &str, problem: &str| {
        // Some objects already come from the key itself (the HPA from `services.<s>.scale`).
        let path = if g.source.ends_with(&format!(".{key}")) {
            g.source.clone()
        } else {
            format!("{}.{key}", g.source)
        };
        let (kind, name) = (g.object.kind(), g.object.name());
        found.push(Problem {
            at: path.clone(),
            origin: path,
            object: format!("{kind} {name:?}"),
            what: problem.to_string(),
        });
    };
    match &g.object {
        Object::Deployment(d) => {
            let rolling =
                d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
            let zero = |v: &Option<IntOrString>| matches!(v, Some(IntOrString::String(s)) if s == "0%");
            if rolling.is_some_and(|r| zero(&r.max_surge) && zero(&r.max_unavailable)) {
                report(
                    "deployment",
                    "maxSurge and maxUnavailable may not both be 0% (deployment.minimum 100 with \
                     deployment.maximum 100 lets no pod be added or removed)",
                );
            }
        }
        Object::HorizontalPodAutoscaler(h)
            if h.spec.as_ref().and_then(|s| s.min_replicas).is_some_and(|n| n < 1) =>
        {
            report(
                "scale",
                "minReplicas must be at least 1 (a scale.count range from 0 renders minReplicas 0, \
                 which the API server accepts only with the alpha HPAScaleToZero feature gate)",
            );
        }
        Object::CronJob(c) => {
            let policy = c.spec.as_ref().and_then(|s| s.concurrency_policy.as_deref());
            if let Some(p) = policy.filter(|p| !matches!(*p, "Allow" | "Forbid" | "Replace")) {
                report(
                    "concurrency",
                    &format!(
                        "concurrencyPolicy {p:?} must be Allow, Forbid or Replace (the rack only \
                         title-cases timers.<t>.concurrency: use allow, forbid or replace)"
                    ),
                );
            }
        }
        _ => {}
    }
    let containers = g.object.pod_template().and_then(|t| t.spec.as_ref()).map(|s| s.containers.iter());
    for c in containers.into_iter().flatten() {
        for (key, probe) in [("liveness", &c.liveness_probe), ("startupProbe", &c.startup_probe)] {
            // 0 is defaulted to 1 by the API server before validation (SetDefaults_Probe).
            if let Some(n) = probe.as_ref().and_then(|p| p.success_threshold).filter(|n| !(0..=1).contains(n))
            {
                report(key, &format!("successThreshold {n} must be 1 for liveness and startup probes"));
            }
        }
    }
}

fn label<'a>(key: &'a str, value: &str, valid: &mut ValidKeys<'a>, report: &mut impl FnMut(String, String)) {
    if let Some(problem) = valid.problem(key) {
        report(format!("label key {key:?}"), problem);
    }
    if let Some(problem) = label_value(value) {
        report(format!("label {key}={value:?}"), problem);
    }
}

/// Which apimachinery validator a kind's name goes through.
#[derive(Clone, Copy)]
enum Rule {
    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 (Namespaces, volume and container names).
    Dns1123Label,
    /// Like a DNS-1123 label but starting with a letter (Services).
    Dns1035Label,
    /// Dot-separated DNS-1123 labels, at most `max` characters in all.
    Subdomain { max: usize },
}

impl Rule {
    fn check(self, name: &str) -> Option<String> {
        match self {
            Rule::Dns1123Label => dns_label(name, 63),
            Rule::Dns1035Label => dns_label(name, 63).or_else(|| {
                (!name.starts_with(|c: char| c.is_ascii_lowercase()))
                    .then(|| "must start with a lowercase letter".to_string())
            }),
            Rule::Subdomain { max } => {
                if name.len() > max {
                    return Some(format!("must be no more than {max} characters (it has {})", name.len()));
                }
                name.split('.').find_map(|part| dns_label(part, 63))
            }
        }
    }
}

/// What is wrong with `s` as a DNS-1123 label of at most `max` characters, if anything.
pub(super) fn dns_label(s: &str, max: usize) -> Option<String> {
    if is_dns_label(s, max) {
        None
    } else {
        explain_dns_label(s, max)
    }
}

fn explain_dns_label(s: &str, max: usize) -> Option<String> {
    if s.is_empty() {
        return Some("must not be empty".into());
    }
    if s.len() > max {
        return Some(format!("must be no more than {max} characters (it has {})", s.len()));
    }
    if !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Some("must consist of lowercase letters, digits and '-'".into());
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("must start and end with a letter or digit".into());
    }
    None
}

/// A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 of
/// `[A-Za-z0-9_.-]` starting and ending alphanumeric.
fn qualified_name(key: &str) -> Option<String> {
    if is_qualified_name(key) {
        None
    } else {
        explain_qualified_name(key)
    }
}

fn explain_qualified_name(key: &str) -> Option<String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(problem) = prefix.and_then(|p| Rule::Subdomain { max: 253 }.check(p)) {
        return Some(format!("has a prefix that {problem}"));
    }
    if name.is_empty() || name.len() > 63 {
        return Some("must have a name part of 1 to 63 characters".into());
    }
    label_value(name)
}

/// A label value: empty, or at most 63 of `[A-Za-z0-9_.-]` starting and ending alphanumeric.
pub(super) fn label_value(v: &str) -> Option<String> {
    if is_label_value(v) {
        None
    } else {
        explain_label_value(v)
    }
}

fn explain_label_value(v: &str) -> Option<String> {
    if v.is_empty() {
        return None;
    }
    if v.len() > 63 {
        return Some(format!("must be no more than 63 characters (it has {})", v.len()));
    }
    if !v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Some("must consist of letters, digits, '-', '_' and '.'".into());
    }
    if !v.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !v.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Some("must start and end with a letter or digit".into());
    }
    None
}

// The validators above build a message for what is wrong; every name and label of every
// object goes through them, so the valid case is first decided by these checks, one table
// lookup per byte, and only an invalid string takes the path that explains it.

/// `[A-Za-z0-9_.-]`: label values and the name part of keys.
const LABEL_CHAR: u8 = 1;
/// `[a-z0-9-]`: DNS labels.
const DNS_CHAR: u8 = 2;
/// `[A-Za-z0-9]`: the first and last character of a label value.
const ALNUM: u8 = 4;

/// The classes of each byte (none for non-ASCII).
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let lower_or_digit = c.is_ascii_lowercase() || c.is_ascii_digit();
        let mut class = 0;
        if c.is_ascii_alphanumeric() {
            class |= ALNUM | LABEL_CHAR;
        }
        if matches!(c, b'-' | b'_' | b'.') {
            class |= LABEL_CHAR;
        }
        if lower_or_digit || c == b'-' {
            class |= DNS_CHAR;
        }
        table[b] = class;
        b += 1;
    }
    table
};

fn all_in(s: &str, class: u8) -> bool {
    s.bytes().all(|b| CLASSES[usize::from(b)] & class != 0)
}

/// What [`dns_label`] accepts.
fn is_dns_label(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && all_in(s, DNS_CHAR) && !s.starts_with('-') && !s.ends_with('-')
}

/// What [`label_value`] accepts.
fn is_label_value(v: &str) -> bool {
    let ends = |b: Option<&u8>| b.is_some_and(|&b| CLASSES[usize::from(b)] & ALNUM != 0);
    let bytes = v.as_bytes();
    v.is_empty() || (v.len() <= 63 && all_in(v, LABEL_CHAR) && ends(bytes.first()) && ends(bytes.last()))
}

/// What [`qualified_name`] accepts.
fn is_qualified_name(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let prefix_ok = prefix.is_none_or(|p| p.len() <= 253 && p.split('.').all(|part| is_dns_label(part, 63)));
    prefix_ok && !name.is_empty() && is_label_value(name)
}

/// A release option whose value no object may carry: one error at its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionProblem {
    /// The option: `rack`, `app`, `release` or `env`.
    pub field: &'static str,
    /// The value at fault (a name, or an env key).
    pub value: String,
    pub message: String,
}

/// The problems of the release's own names and env keys: the rack name as the Convox CLI
/// checks it (its message verbatim), and what the API server refuses in the namespaces,
/// containers, labels and env Secrets they name.
pub fn option_problems(ctx: &Context) -> Vec<OptionProblem> {
    let mut out = Vec::new();
    let mut push = |field, value: &str, message: String| {
        out.push(OptionProblem { field, value: value.to_string(), message });
    };
    let (rack, app) = (&ctx.rack, &ctx.app);
    let (rack_ns, app_ns) = (ctx.rack_namespace(), ctx.namespace());
    let mut rack_ok = rack.starts_with(|c: char| c.is_ascii_lowercase())
        && rack.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !rack_ok {
        // The rack's words after the name given.
        let message = format!(
            "rack name {rack:?} is not one a rack can have: rack name must start with a lowercase letter and \
             contain only lowercase alphanumeric characters and hyphens"
        );
        push("rack", rack, message);
    } else if let Some(problem) = dns_label(rack_ns, 63) {
        push("rack", rack, format!("the rack's namespace {rack_ns:?} {problem}: shorten the rack name"));
        rack_ok = false;
    }
    if app == "rack" || app == "system" {
        // The rack's appNameValidate, verbatim.
        push("app", app, format!("app name {app:?} is not one an app can have: app name is reserved"));
    } else if let Some(problem) = dns_label(app, 63) {
        push(
            "app",
            app,
            format!(
                "app name {app:?} {problem} (it names the app's namespace {app_ns:?} and its containers)"
            ),
        );
    } else if rack_ok {
        if let Some(problem) = dns_label(app_ns, 63) {
            push("app", app, format!("the app's namespace {app_ns:?} {problem}: shorten the app name"));
        }
    }
    if let Some(problem) = label_value(&ctx.release) {
        let release = &ctx.release;
        push(
            "release",
            release,
            format!("release id {release:?} {problem} (it is the release label of every pod)"),
        );
    }
    for key in ctx.env.keys() {
        let ok = !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !ok {
            push(
                "env",
                key,
                format!(
                    "env {key:?}: Kubernetes refuses it as a key of the env Secrets (a key is letters, digits, \
                     '-', '_' and '.')"
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::batch::v1::CronJob;
    use k8s_openapi::api::core::v1::Service;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    use super::*;
    use crate::mapping::{Concept, Role};

    fn meta(name: &str, labels: &[(&str, &str)]) -> ObjectMeta {
        ObjectMeta {
            name: Some(name.into()),
            labels: Some(labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            ..ObjectMeta::default()
        }
    }

    /// Runs the check on one object and returns the error messages.
    fn check(object: Object, source: &str) -> Vec<String> {
        let g = Generated {
            object,
            role: Role::ClusterService,
            concept: Concept::Service,
            owner: None,
            source: source.into(),
            notes: vec![],
        };
        let mut out = Mapped { objects: vec![g], ..Mapped::default() };
        check_names(&mut out, &crate::mapping::Context::default());
        assert!(out.diagnostics.iter().all(|d| d.path.as_deref() == Some(source)));
        out.diagnostics.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn valid_names_and_labels_pass() {
        let svc = Service { metadata: meta("web", &[("convox.com/team", "platform")]), ..Service::default() };
        assert_eq!(check(svc.into(), "services.web"), Vec::<String>::new());
    }

    #[test]
    fn service_names_must_start_with_a_letter() {
        let svc = Service { metadata: meta("5web", &[]), ..Service::default() };
        assert_eq!(
            check(svc.into(), "services.5web"),
            ["services.5web would make Service \"5web\" invalid: its name must start with a lowercase letter"]
        );
    }

    #[test]
    fn cronjob_names_are_limited_to_52_characters() {
        let name = format!("timer-{}", "a".repeat(47));
        let cron = CronJob { metadata: meta(&name, &[]), ..CronJob::default() };
        let errors = check(cron.into(), "timers.x");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].ends_with("its name must be no more than 52 characters (it has 53)"), "{errors:?}");
    }

    #[test]
    fn label_values_over_63_characters_are_errors() {
        let long = "x".repeat(64);
        let svc = Service { metadata: meta("web", &[("service", &long)]), ..Service::default() };
        let errors = check(svc.into(), "services.web");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("must be no more than 63 characters (it has 64)"), "{errors:?}");
    }

    /// Every string of up to four characters from an alphabet of the interesting cases.
    fn short_strings() -> Vec<String> {
        let alphabet = ["a", "Z", "0", "-", "_", ".", "/", "é", ""];
        let mut out = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                out.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            out.extend(longer);
            out.sort();
            out.dedup();
        }
        out.extend(["a".repeat(63), "a".repeat(64), format!("{}/x", "a".repeat(254))]);
        out
    }

    #[test]
    fn fast_checks_accept_exactly_what_the_explaining_checks_accept() {
        for s in short_strings() {
            assert_eq!(is_label_value(&s), explain_label_value(&s).is_none(), "label value {s:?}");
            assert_eq!(is_qualified_name(&s), explain_qualified_name(&s).is_none(), "key {s:?}");
            assert_eq!(is_dns_label(&s, 63), explain_dns_label(&s, 63).is_none(), "dns label {s:?}");
            assert_eq!(is_dns_label(&s, 2), explain_dns_label(&s, 2).is_none(), "short dns label {s:?}");
        }
    }

    #[test]
    fn label_keys_with_bad_prefixes_are_errors() {
        let svc = Service { metadata: meta("web", &[("Bad_Prefix/x", "y")]), ..Service::default() };
        assert_eq!(check(svc.into(), "labels").len(), 1);
    }
}
