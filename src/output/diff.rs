//! What a convox.yml change does to the cluster: two analyses of the same app on the same
//! rack profile, compared object by object.
//!
//! Each object the rack applies is `added`, `removed` or `changed` (with the field paths and
//! their values before and after); each change carries its **effects** as Kubernetes and the
//! rack apply them: `rollout` (pods are replaced), `immutable` (the API server refuses the
//! change in place and the rack's apply retries with `--force`, deleting and recreating the
//! object), `data-loss` (a volume claim or an in-memory resource goes away) and `traffic`
//! (what reaches the app changes). A service, resource or timer renamed is recognised and said
//! once. Secret values never appear, in clear or base64. Objects the cluster makes at run time
//! (ReplicaSets, Pods, Jobs) are summarised, not compared.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{json, mask};
use crate::catalog::Entry;
use crate::mapping::Concept;
use crate::Analysis;

/// How an object differs between the two manifests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// What a change does, as Kubernetes and the rack apply it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Effect {
    Rollout,
    Immutable,
    DataLoss,
    Traffic,
}

impl Effect {
    pub fn name(self) -> &'static str {
        match self {
            Effect::Rollout => "rollout",
            Effect::Immutable => "immutable",
            Effect::DataLoss => "data-loss",
            Effect::Traffic => "traffic",
        }
    }
}

/// One field that differs: a dotted path (`spec.template.spec.containers[web].image`; list
/// items with a `name` are addressed by it) and its JSON values before and after (`null` when
/// absent on that side).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Field {
    pub path: String,
    #[cfg_attr(test, ts(type = "unknown"))]
    pub before: Value,
    #[cfg_attr(test, ts(type = "unknown"))]
    pub after: Value,
}

/// One object that differs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Change {
    /// The object's resource key (the catalog's) on the side that has it: the page marks its
    /// card by it. Not in the CLI's JSON, whose fields the diff's readers know.
    #[serde(skip)]
    pub key: String,
    pub change: ChangeKind,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The convox.yml owner (service, resource, timer, balancer name) when there is one.
    pub owner: Option<String>,
    pub fields: Vec<Field>,
    pub effects: Vec<Effect>,
    pub notes: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// What holds for the whole change: renames, run-time objects, what every promote does.
    pub notes: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// What stands in for a Secret value in a diff.
pub(crate) const SECRET: &str = "(secret value)";

/// Compares `old` and `new` (the same app on the same rack profile).
pub fn diff(old: &Analysis, new: &Analysis) -> Diff {
    let before = objects(old);
    let after = objects(new);
    let mut changes = Vec::new();
    for (key, b) in &before {
        match after.get(key) {
            None => changes.push(removed(b)),
            Some(a) => {
                if let Some(c) = changed(b, a) {
                    changes.push(c);
                }
            }
        }
    }
    for (key, a) in &after {
        if !before.contains_key(key) {
            changes.push(added(a));
        }
    }
    // Apply order of the new analysis, removed objects where they were in the old one.
    let order = |c: &Change| {
        after.get(c.key.as_str()).or_else(|| before.get(c.key.as_str())).map_or(usize::MAX, |o| o.index)
    };
    changes.sort_by_cached_key(|c| (c.change == ChangeKind::Removed, order(c)));
    let mut notes = renames(&changes);
    notes.extend(autoscalers_replaced(&changes));
    let runtime = |a: &Analysis| a.entries.iter().filter(|e| e.object.is_none()).count();
    if !changes.is_empty() {
        notes.push(format!(
            "Run-time objects (ReplicaSets, Pods, Jobs, the release) are not compared: {} before, {} after.",
            runtime(old),
            runtime(new)
        ));
        notes.push(
            "Every promote also changes the release label of every object and pod template, so every service \
             rolls on every deploy; that change is left out here."
                .into(),
        );
    }
    Diff { changes, notes }
}

/// One side's object. Its JSON is made (and its Secret values masked) only when the other
/// side's object differs: most objects of a change are the same, and serialising and parsing
/// every one made a diff of two 200-service analyses 3× the time of one `map` (target ≤ 2×).
struct Object<'a> {
    entry: &'a Entry,
    index: usize,
    /// The release environment's names, whose values in an env Secret are the secrets.
    release_env: &'a BTreeSet<String>,
}

impl Object<'_> {
    /// The object as JSON, its Secret values masked.
    fn json(&self) -> Value {
        let text = self.entry.object.as_deref().and_then(|o| json::to_string(o).ok());
        let mut value = text.and_then(|t| serde_json::from_str::<Value>(&t).ok()).unwrap_or(Value::Null);
        // An env Secret holds what convox.yml says (`PORT`, `KEY=default`s) and what the rack
        // adds (`APP`, `RELEASE`) beside the release environment's values: only those are
        // secrets, with any value whose name says it is one.
        let env_secret = self.entry.pattern == ENV_SECRET_PATTERN;
        hide_secrets(&mut value, |key| {
            !env_secret || self.release_env.contains(key) || mask::names_a_secret(key)
        });
        value
    }
}

/// The naming pattern of a service's env Secret.
const ENV_SECRET_PATTERN: &str = "env-<service-name>";

fn objects(a: &Analysis) -> BTreeMap<&str, Object<'_>> {
    let mut out = BTreeMap::new();
    for (index, e) in a.entries.iter().enumerate() {
        if e.object.is_some() {
            out.insert(e.key.as_str(), Object { entry: e, index, release_env: &a.release_env });
        }
    }
    out
}

/// Replaces every Secret value with [`SECRET`] and a fingerprint, keeping equal values equal,
/// so that a changed value is found as changed. The fingerprint is for the comparison only:
/// [`unfingerprint`] takes it out of every field shown (a short unsalted hash of a short value,
/// a port or a flag, would give the value away to anyone who tries the likely ones).
fn hide_secrets(object: &mut Value, secret: impl Fn(&str) -> bool) {
    let is_secret = object.get("kind").and_then(Value::as_str) == Some("Secret");
    // A Secret's values become fingerprints (taken before masking), or its text where it is no
    // secret; everything else that names a secret is masked in place.
    let mut fingerprints = Vec::new();
    if is_secret {
        for field in ["data", "stringData"] {
            if let Some(Value::Object(data)) = object.get(field) {
                let hidden: serde_json::Map<String, Value> = data
                    .iter()
                    .map(|(k, v)| {
                        let shown = match (secret(k), field, v.as_str()) {
                            (false, "data", Some(b64)) => clear(b64),
                            (false, _, Some(text)) => Some(text.to_string()),
                            _ => None,
                        };
                        let shown =
                            shown.unwrap_or_else(|| format!("{SECRET} #{}", short_hash(&v.to_string())));
                        (k.clone(), Value::String(shown))
                    })
                    .collect();
                fingerprints.push((field, hidden));
            }
        }
    }
    mask::mask(object);
    for (field, hidden) in fingerprints {
        object[field] = Value::Object(hidden);
    }
}

/// A Secret `data` value as the text it encodes; `None` when it is not UTF-8 text.
fn clear(b64: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    String::from_utf8(bytes).ok()
}

/// A short, non-reversible tag of a secret value, so that "changed" can be told from "same".
fn short_hash(s: &str) -> String {
    crate::mapping::names::sha256_hex(s)[..8].to_string()
}

fn summary(entry: &Entry) -> Change {
    Change {
        key: entry.key.clone(),
        change: ChangeKind::Changed,
        kind: entry.kind.clone(),
        name: entry.name.clone(),
        namespace: entry.namespace.clone(),
        owner: entry.owner.clone(),
        fields: Vec::new(),
        effects: Vec::new(),
        notes: Vec::new(),
    }
}

fn added(o: &Object) -> Change {
    let mut c = summary(o.entry);
    c.change = ChangeKind::Added;
    if matches!(o.entry.kind.as_str(), "Ingress" | "HTTPProxy" | "Service") {
        c.effects.push(Effect::Traffic);
    }
    c
}

fn removed(o: &Object) -> Change {
    let mut c = summary(o.entry);
    c.change = ChangeKind::Removed;
    let e = o.entry;
    match e.kind.as_str() {
        "PersistentVolumeClaim" => {
            c.effects.push(Effect::DataLoss);
            c.notes.push(format!(
                "The release prunes claim {}: its volume and the data on it are deleted (unless the storage \
                 class retains them).",
                e.name
            ));
        }
        "Deployment" if e.concept == Concept::Resource => {
            let json = o.json();
            let kind = json.pointer("/metadata/labels/kind").and_then(Value::as_str).unwrap_or("");
            if matches!(kind, "redis" | "memcached") {
                c.effects.push(Effect::DataLoss);
                c.notes.push(format!(
                    "{kind} keeps its data in memory: removing resource-{} loses it.",
                    e.owner.as_deref().unwrap_or("")
                ));
            }
        }
        "Ingress" | "HTTPProxy" | "Service" => c.effects.push(Effect::Traffic),
        _ => {}
    }
    if matches!(e.kind.as_str(), "Deployment" | "DaemonSet") {
        c.notes.push("Its pods are deleted when the release prunes it.".into());
    }
    c
}

fn changed(b: &Object, a: &Object) -> Option<Change> {
    // The typed objects' equality: equal objects serialise alike, so nothing to compare.
    if b.entry.object == a.entry.object {
        return None;
    }
    let (bj, aj) = (b.json(), a.json());
    let mut fields = Vec::new();
    compare("", &bj, &aj, &mut fields);
    if fields.is_empty() {
        return None;
    }
    unfingerprint(&mut fields);
    let mut c = summary(a.entry);
    let kind = a.entry.kind.as_str();
    let touched = |prefix: &str| {
        fields.iter().any(|f| {
            f.path == prefix
                || f.path.starts_with(&format!("{prefix}."))
                || f.path.starts_with(&format!("{prefix}["))
        })
    };
    let mut effects = BTreeSet::new();
    match kind {
        "Deployment" | "DaemonSet" => {
            if touched("spec.template") {
                effects.insert(Effect::Rollout);
                c.notes.push(rollout_note(kind, &aj));
            }
            if touched("spec.selector") {
                effects.insert(Effect::Immutable);
                c.notes.push(immutable_note("spec.selector"));
            }
        }
        "CronJob" if touched("spec.jobTemplate") => {
            effects.insert(Effect::Rollout);
            c.notes.push(
                "Jobs started from now on run the new template; a running Job keeps the old one.".into(),
            );
        }
        "PersistentVolumeClaim" => {
            let size = |o: &Value| {
                o.pointer("/spec/resources/requests/storage")
                    .and_then(Value::as_str)
                    .and_then(crate::manifest::quantity)
            };
            if let (Some(old), Some(new)) = (size(&bj), size(&aj)) {
                if new < old {
                    effects.insert(Effect::Immutable);
                    effects.insert(Effect::DataLoss);
                    c.notes.push(
                        "A claim cannot shrink: the API server refuses it, and the rack's --force retry deletes the \
                         claim and creates it again, empty."
                            .into(),
                    );
                } else if new > old {
                    c.notes.push(
                        "The claim grows in place if its storage class allows volume expansion.".into(),
                    );
                }
            }
            for field in ["spec.storageClassName", "spec.accessModes", "spec.volumeName", "spec.volumeMode"] {
                if touched(field) {
                    effects.insert(Effect::Immutable);
                    effects.insert(Effect::DataLoss);
                    c.notes.push(format!(
                        "{field} of a bound claim cannot change: the rack's --force retry recreates the claim, empty."
                    ));
                }
            }
        }
        "PersistentVolume" if touched("spec") => {
            effects.insert(Effect::Immutable);
            c.notes.push(immutable_note("spec"));
        }
        "Service" => {
            if touched("spec.ports")
                || touched("spec.selector")
                || touched("spec.type")
                || touched("spec.loadBalancerSourceRanges")
                || touched("metadata.annotations")
            {
                effects.insert(Effect::Traffic);
            }
            if touched("spec.clusterIP") {
                effects.insert(Effect::Immutable);
                c.notes.push(immutable_note("spec.clusterIP"));
            }
        }
        "Ingress" | "HTTPProxy" if touched("spec") || touched("metadata.annotations") => {
            effects.insert(Effect::Traffic);
        }
        _ => {}
    }
    c.fields = fields;
    c.effects = effects.into_iter().collect();
    Some(c)
}

fn rollout_note(kind: &str, object: &Value) -> String {
    if kind == "DaemonSet" {
        return "The pod template changes: the DaemonSet replaces its pods node by node (RollingUpdate, one at a time by \
                default)."
            .into();
    }
    let rolling = object.pointer("/spec/strategy/rollingUpdate");
    let get = |k: &str| rolling.and_then(|r| r.get(k)).and_then(Value::as_str).unwrap_or("25%").to_string();
    format!(
        "The pod template changes: the Deployment rolls out new pods (RollingUpdate, maxSurge {}, maxUnavailable {}).",
        get("maxSurge"),
        get("maxUnavailable")
    )
}

fn immutable_note(field: &str) -> String {
    format!(
        "{field} cannot change in place: the API server refuses the apply, and the rack retries it with --force, which \
         deletes the object and creates it again."
    )
}

/// Appends every differing leaf of `b` and `a` under `path`.
/// Shows a Secret value's field as [`SECRET`] only: that it is there (or not) and changed.
fn unfingerprint(fields: &mut [Field]) {
    // A field may hold a whole `data` map (added or removed at once): every value inside.
    fn hide(v: &mut Value) {
        match v {
            Value::String(s) if s.starts_with(SECRET) => *s = SECRET.into(),
            Value::Object(m) => m.values_mut().for_each(hide),
            Value::Array(a) => a.iter_mut().for_each(hide),
            _ => {}
        }
    }
    for f in fields {
        hide(&mut f.before);
        hide(&mut f.after);
    }
}

fn compare(path: &str, b: &Value, a: &Value, out: &mut Vec<Field>) {
    if b == a {
        return;
    }
    match (b, a) {
        (Value::Object(bm), Value::Object(am)) => {
            let keys: BTreeSet<&String> = bm.keys().chain(am.keys()).collect();
            for k in keys {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                compare(&p, bm.get(k).unwrap_or(&Value::Null), am.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(bv), Value::Array(av)) => match (named(bv), named(av)) {
            (Some(bn), Some(an)) => {
                let names: BTreeSet<&str> = bn.keys().chain(an.keys()).copied().collect();
                for n in names {
                    let p = format!("{path}[{n}]");
                    compare(
                        &p,
                        bn.get(n).copied().unwrap_or(&Value::Null),
                        an.get(n).copied().unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            _ if bv.len() == av.len() => {
                for (i, (x, y)) in bv.iter().zip(av).enumerate() {
                    compare(&format!("{path}[{i}]"), x, y, out);
                }
            }
            _ => out.push(Field { path: path.to_string(), before: b.clone(), after: a.clone() }),
        },
        _ => out.push(Field { path: path.to_string(), before: b.clone(), after: a.clone() }),
    }
}

/// The items of a list by their `name` (or, for Ingress rules, `host`), when every item has a
/// distinct one.
fn named(items: &[Value]) -> Option<BTreeMap<&str, &Value>> {
    ["name", "host"].into_iter().find_map(|key| {
        let mut out = BTreeMap::new();
        for item in items {
            let name = item.get(key)?.as_str()?;
            if out.insert(name, item).is_some() {
                return None;
            }
        }
        (!out.is_empty()).then_some(out)
    })
}

/// A service whose HorizontalPodAutoscaler goes and whose KEDA ScaledObject comes (or the other
/// way round): one line naming both, saying the workload's pods are not replaced for it (KEDA
/// drives the Deployment through its own HPA, `keda-hpa-<service>`, which the release does not
/// render). Whether the Deployment itself rolls for another reason is its own change.
fn autoscalers_replaced(changes: &[Change]) -> Vec<String> {
    let find = |kind: &str, change: ChangeKind, owner: &str| {
        changes.iter().find(|c| c.kind == kind && c.change == change && c.owner.as_deref() == Some(owner))
    };
    let rolls = |owner: &str| {
        changes.iter().any(|c| {
            c.owner.as_deref() == Some(owner)
                && matches!(c.kind.as_str(), "Deployment" | "DaemonSet")
                && c.effects.contains(&Effect::Rollout)
        })
    };
    let mut out = Vec::new();
    for c in changes.iter().filter(|c| c.kind == "HorizontalPodAutoscaler") {
        let Some(owner) = c.owner.as_deref() else { continue };
        let (old, new, by) = match c.change {
            ChangeKind::Removed => match find("ScaledObject", ChangeKind::Added, owner) {
                Some(so) => (
                    format!("HorizontalPodAutoscaler {}", c.name),
                    format!("ScaledObject {}", so.name),
                    format!(
                        "KEDA now scales {owner}, through its own HorizontalPodAutoscaler keda-hpa-{owner}"
                    ),
                ),
                None => continue,
            },
            ChangeKind::Added => match find("ScaledObject", ChangeKind::Removed, owner) {
                Some(so) => (
                    format!("ScaledObject {}", so.name),
                    format!("HorizontalPodAutoscaler {}", c.name),
                    format!("the rack's HorizontalPodAutoscaler now scales {owner}, KEDA no longer does"),
                ),
                None => continue,
            },
            ChangeKind::Changed => continue,
        };
        let pods = if rolls(owner) {
            "the autoscaler's replacement replaces no pod (the workload rolls for its own changes, below)"
        } else {
            "no rollout: the replacement replaces no pod"
        };
        out.push(format!("{owner}: {old} is replaced by {new}: {by}; {pods}."));
    }
    out
}

/// Services, resources and timers whose objects were all removed under one name and added
/// under another: one line each, with what renaming means on a cluster.
fn renames(changes: &[Change]) -> Vec<String> {
    let owners = |kind: ChangeKind| {
        let mut m: BTreeMap<(String, Option<String>), BTreeSet<String>> = BTreeMap::new();
        for c in changes.iter().filter(|c| c.change == kind) {
            if let Some(o) = &c.owner {
                // The object kinds an owner has, its names with the owner's name taken out.
                let shape = format!("{}:{}", c.kind, c.name.replace(o.as_str(), "*"));
                m.entry((o.clone(), c.namespace.clone())).or_default().insert(shape);
            }
        }
        m
    };
    let gone = owners(ChangeKind::Removed);
    let new = owners(ChangeKind::Added);
    let mut out = Vec::new();
    let mut used = BTreeSet::new();
    for ((old_name, ns), shape) in &gone {
        let found = new.iter().find(|((n, nns), s)| {
            nns == ns && *s == shape && !used.contains(n) && !gone.contains_key(&(n.clone(), nns.clone()))
        });
        if let Some(((new_name, _), _)) = found {
            used.insert(new_name.clone());
            out.push(format!(
                "{old_name} is renamed to {new_name}: Kubernetes sees new objects, so the old ones are deleted and \
                 new ones created — pods start from scratch, a volume claim starts empty, and hosts and Service \
                 names change."
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(yaml: &str) -> Analysis {
        crate::analyze(yaml, &crate::Options::default())
    }

    #[test]
    fn identical_manifests_have_no_changes() {
        let yaml = "services:\n  web:\n    port: 3000\n";
        let d = diff(&analysis(yaml), &analysis(yaml));
        assert!(d.is_empty() && d.notes.is_empty());
    }

    #[test]
    fn a_port_change_rolls_and_changes_traffic() {
        let d = diff(
            &analysis("services:\n  web:\n    port: 3000\n"),
            &analysis("services:\n  web:\n    port: 4000\n"),
        );
        let deploy = d.changes.iter().find(|c| c.kind == "Deployment").unwrap();
        assert_eq!(deploy.effects, [Effect::Rollout]);
        assert!(deploy
            .fields
            .iter()
            .any(|f| f.path == "spec.template.spec.containers[my-app].ports[main].containerPort"));
        let svc = d.changes.iter().find(|c| c.kind == "Service").unwrap();
        assert_eq!(svc.effects, [Effect::Traffic]);
    }

    #[test]
    fn an_hpa_replaced_by_a_scaled_object_is_said_in_one_line_naming_both() {
        let keda = |keda: bool| {
            let mut profile = crate::profile::Profile::default();
            profile.set("keda_enable", "true").unwrap();
            let scale = if keda {
                "      autoscale:\n        cpu:\n          threshold: 70\n"
            } else {
                "      targets:\n        cpu: 70\n"
            };
            let yaml = format!("services:\n  web:\n    port: 3000\n    scale:\n      count: 2-10\n{scale}");
            crate::analyze(&yaml, &crate::Options { profile, ..crate::Options::default() })
        };
        let d = diff(&keda(false), &keda(true));
        let line = d.notes.iter().find(|n| n.contains("is replaced by")).expect("a note");
        assert_eq!(
            line,
            "web: HorizontalPodAutoscaler web is replaced by ScaledObject web: KEDA now scales web, through its own \
             HorizontalPodAutoscaler keda-hpa-web; no rollout: the replacement replaces no pod."
        );
        assert!(!crate::output::review::has(&d, Effect::Rollout), "{d:?}");
        let back = diff(&keda(true), &keda(false));
        assert!(back
            .notes
            .iter()
            .any(|n| n.starts_with("web: ScaledObject web is replaced by HorizontalPodAutoscaler web")));
    }

    #[test]
    fn secret_values_never_show() {
        let d = diff(
            &analysis("environment:\n  - TOKEN=abc\nservices:\n  web:\n    port: 3000\n"),
            &analysis("environment:\n  - TOKEN=xyz\nservices:\n  web:\n    port: 3000\n"),
        );
        let s = d.changes.iter().find(|c| c.kind == "Secret").unwrap();
        let text = serde_json::to_string(&s).unwrap();
        for secret in ["abc", "xyz", "YWJj", "eHl6"] {
            assert!(!text.contains(secret), "{text}");
        }
        // Nothing derived from the value either: not even a fingerprint.
        assert_eq!(s.fields[0].before, SECRET);
        assert_eq!(s.fields[0].after, SECRET);
    }

    /// An env Secret holds what convox.yml wrote beside the release environment's values: the
    /// former show in clear, only the latter as secrets.
    #[test]
    fn values_written_in_convox_yml_show_in_clear_and_release_env_values_do_not() {
        let with_env = |yaml: &str, value: &str| {
            let env =
                [("DB_PASSWORD".to_string(), value.to_string()), ("REGION".to_string(), value.to_string())];
            crate::analyze(yaml, &crate::Options { env: env.into(), ..crate::Options::default() })
        };
        let d = diff(
            &with_env("environment:\n  - MODE=fast\nservices:\n  web:\n    port: 3000\n", "one"),
            &with_env("environment:\n  - MODE=slow\nservices:\n  web:\n    port: 4000\n", "two"),
        );
        let s = d.changes.iter().find(|c| c.kind == "Secret").unwrap();
        let field =
            |name: &str| s.fields.iter().find(|f| f.path.ends_with(name)).unwrap_or_else(|| panic!("{s:#?}"));
        assert_eq!(
            (&field("PORT").before, &field("PORT").after),
            (&Value::from("3000"), &Value::from("4000"))
        );
        assert_eq!(
            (&field("MODE").before, &field("MODE").after),
            (&Value::from("fast"), &Value::from("slow"))
        );
        for secret in ["DB_PASSWORD", "REGION"] {
            assert_eq!(
                (&field(secret).before, &field(secret).after),
                (&Value::from(SECRET), &Value::from(SECRET))
            );
        }
        let text = serde_json::to_string(&s).unwrap();
        assert!(!text.contains("one") && !text.contains("two"), "{text}");
    }
}
