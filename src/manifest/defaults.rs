//! The rack's Load steps after parsing (`manifest.Load` after the unmarshal): ApplyCompatibility
//! (timer schedules), ApplyDefaults (presence-aware, via the source map as the rack's
//! `yamlAttributes`), CombineEnv and CombineLabels.
//!
//! This is the only place a default value is written: the decoder reads keys as they are
//! (zero when absent), and [`Service::defaulted`] runs the same ApplyDefaults on an empty
//! service.

use super::cx::Cx;
use super::model::*;
use super::SourceMap;
pub use crate::profile::Gates;
use crate::rack_version::{RackVersion, V3_23_4, V3_24_1, V3_24_4, V3_24_5, V3_24_6};

/// `scale.cpu` when none is written (millicores), from 3.23.4 on (`DefaultCpu` in
/// `pkg/manifest/manifest.go`).
pub(crate) const DEFAULT_CPU: i64 = 250;
/// `scale.cpu` when none is written on racks before 3.23.4.
pub(crate) const DEFAULT_CPU_BEFORE_3_23_4: i64 = 256;

/// The default `scale.cpu` of rack release `version`.
pub(crate) fn default_cpu(version: RackVersion) -> i64 {
    if version >= V3_23_4 {
        DEFAULT_CPU
    } else {
        DEFAULT_CPU_BEFORE_3_23_4
    }
}
/// `scale.memory` when none is written (MiB).
pub(crate) const DEFAULT_MEM: i64 = 512;
/// `health.interval` when none is written (seconds).
pub(crate) const DEFAULT_HEALTH_INTERVAL: i64 = 5;
const RESERVED_LABELS: &[&str] = &["system", "rack", "app", "name", "service", "release", "type"];

/// `*/1 * * * ? *` → `*/1 * * * *`: at most 5 fields, a lone `?` field becomes `*`.
pub(crate) fn normalise_schedule(schedule: &str) -> String {
    schedule.split_whitespace().take(5).map(|f| if f == "?" { "*" } else { f }).collect::<Vec<_>>().join(" ")
}

pub(crate) fn apply_compatibility(m: &mut Manifest) {
    for t in &mut m.timers {
        t.value.schedule = normalise_schedule(&t.value.schedule);
    }
}

/// What ApplyDefaults asks of the YAML about one service: which of its attributes were
/// written (the rack's `yamlAttributes`, here the source map).
pub(crate) struct Written<'a> {
    map: Option<&'a SourceMap>,
    /// `services.<name>`.
    base: String,
    /// How many attributes start with `services.<name>.scale` (the key itself included).
    scale_attributes: usize,
    gates: Gates,
    /// The rack's release: its ApplyDefaults.
    version: RackVersion,
}

/// The resource types the rack runs in the cluster (`IsContainerizedResource`).
const CONTAINERIZED_TYPES: [&str; 6] = ["postgres", "mysql", "mariadb", "redis", "memcached", "postgis"];

/// Go's `strconv.Atoi` as the rack uses it here: the number, or 0 when it is none.
fn go_atoi(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    s.parse().unwrap_or(0)
}

impl Written<'_> {
    /// The rack's `AttributeExists("services.<name>.<key>")`.
    fn has(&self, key: &str) -> bool {
        self.map.is_some_and(|m| m.contains(&[self.base.as_str(), ".", key].concat()))
    }
}

/// ApplyDefaults for every service (`pkg/manifest/service.go`), in the rack's order, and the
/// resource options `app-limit-required` defaults; the errors land on their keys.
pub(crate) fn apply_defaults(cx: &mut Cx, m: &mut Manifest, gates: Gates) {
    for (i, named) in m.services.iter_mut().enumerate() {
        let written = Written {
            map: Some(&cx.map),
            base: ["services.", named.name.as_str()].concat(),
            scale_attributes: cx.scale_attributes.get(i).copied().unwrap_or_default(),
            gates,
            version: cx.version,
        };
        let errors = service(&mut named.value, &written);
        let base = written.base;
        for (key, message) in errors {
            cx.error(&[base.as_str(), ".", key].concat(), message);
        }
    }
    if gates.app_limit_required {
        // `pkg/manifest/manifest.go` ApplyDefaults: a containerized resource's cpu and mem
        // options default to 250 and 512, and a set one must be in range (strconv.Atoi: a
        // value that is no number counts as 0).
        for named in &mut m.resources {
            if !CONTAINERIZED_TYPES.contains(&named.value.kind.as_str()) {
                continue;
            }
            for (option, default, (low, high), message) in [
                ("cpu", "250", (100, 10000), "resource cpu must be between 100 and 10000 millicpu"),
                ("mem", "512", (256, 10240), "resource mem must be between 256 and 10240 megabyte"),
            ] {
                let value = named.value.options.entry(option.to_string()).or_default();
                if value.is_empty() {
                    *value = default.to_string();
                } else if !(low..=high).contains(&go_atoi(value)) {
                    cx.error_value(
                        &format!("resources.{}.options.{option}", named.name),
                        message.to_string(),
                    );
                }
            }
        }
    }
}

impl Service {
    /// A service with every rack default applied, as `web:` with an empty body gives it:
    /// build `.`/`Dockerfile`, deployment 50/200, health `/` every 5s, init, count 1,
    /// 250m/512Mi, termination 30s, timeout 60s, TLS redirect.
    pub fn defaulted() -> Service {
        Service::defaulted_at(RackVersion::default())
    }

    /// [`Service::defaulted`] on a rack of release `version`.
    pub fn defaulted_at(version: RackVersion) -> Service {
        let mut s = Service::default();
        let errors = service(
            &mut s,
            &Written {
                map: None,
                base: String::new(),
                scale_attributes: 0,
                gates: Gates::default(),
                version,
            },
        );
        debug_assert!(errors.is_empty());
        s
    }
}

/// The rack's ApplyDefaults for one service. Every default value is written here and
/// nowhere else. Returns the errors (key under the service, message).
fn service(s: &mut Service, written: &Written) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    if s.build.path.is_empty() && s.image.is_empty() {
        s.build.path = ".".into();
    }
    if !s.build.path.is_empty() && s.build.manifest.is_empty() {
        s.build.manifest = "Dockerfile".into();
    }
    // Each bound defaults on its own, when its own key is absent.
    let small = s.agent || s.singleton;
    if !written.has("deployment.maximum") {
        s.deployment.maximum = if small { 100 } else { 200 };
    }
    if !written.has("deployment.minimum") {
        s.deployment.minimum = if small { 0 } else { 50 };
    }
    if s.drain == 0 {
        s.drain = 30;
    }
    let h = &mut s.health;
    if h.path.is_empty() {
        h.path = "/".into();
    }
    if h.interval == 0 {
        h.interval = DEFAULT_HEALTH_INTERVAL;
    }
    if h.grace == 0 {
        h.grace = h.interval;
    }
    if h.timeout == 0 {
        h.timeout = h.interval - 1;
    }

    // liveness (only with a path, trimmed for the check), then the startup probe (copies
    // from the defaulted liveness), then the GPU defaults.
    let l = &mut s.liveness;
    if !l.path.trim().is_empty() {
        for (v, d) in [
            (&mut l.grace, 10),
            (&mut l.interval, 5),
            (&mut l.timeout, 5),
            (&mut l.success_threshold, 1),
            (&mut l.failure_threshold, 3),
        ] {
            if *v == 0 {
                *v = d;
            }
        }
    }
    let gpu = s.scale.gpu.count > 0;
    let v = written.version;
    let sp = &mut s.startup_probe;
    // Before 3.24.1 the startup probe takes liveness's timings in the template and ApplyDefaults
    // leaves it alone (no trimming, no copying); 3.24.5 adds the GPU tcp probe.
    let mut tcp =
        if v >= V3_24_1 { sp.tcp_socket_port.trim().to_string() } else { sp.tcp_socket_port.clone() };
    let path = if v >= V3_24_1 { sp.path.trim() } else { sp.path.as_str() };
    if v >= V3_24_5 && gpu && path.is_empty() && tcp.is_empty() && s.port.port > 0 {
        tcp = s.port.port.to_string();
        sp.tcp_socket_port = tcp.clone();
    }
    if v >= V3_24_1 && (!path.is_empty() || !tcp.is_empty()) {
        let l = &s.liveness;
        for (v, d) in [
            (&mut sp.grace, l.grace),
            (&mut sp.interval, l.interval),
            (&mut sp.timeout, l.timeout),
            (&mut sp.success_threshold, l.success_threshold),
            (&mut sp.failure_threshold, l.failure_threshold),
        ] {
            if *v == 0 {
                *v = d;
            }
        }
    }
    // GPU services load models slowly: a cold-start ceiling (5 minutes at 3.24.5, 30 from
    // 3.24.6), but only for a tcp probe (the rack checks the stored, untrimmed tcpSocketPort).
    // An explicit http path keeps the values copied from liveness.
    if v >= V3_24_5 && gpu && !sp.tcp_socket_port.is_empty() {
        let failures = if v >= V3_24_6 { 180 } else { 30 };
        for (v, d) in [
            (&mut sp.grace, 300),
            (&mut sp.interval, 10),
            (&mut sp.timeout, 5),
            (&mut sp.failure_threshold, failures),
            (&mut sp.success_threshold, 1),
        ] {
            if *v == 0 {
                *v = d;
            }
        }
    }

    if !written.has("init") {
        s.init = true;
    }
    if s.port.port > 0 && s.port.scheme.is_empty() {
        s.port.scheme = "http".into();
    }
    // A `ports` entry equal to `port` with the effective protocol tcp (any case; "" is tcp)
    // is dropped: the main port carries it (from 3.24.4).
    let main = s.port.port;
    if main > 0 && written.version >= V3_24_4 {
        s.ports
            .retain(|p| p.port != main || !(p.protocol.is_empty() || p.protocol.eq_ignore_ascii_case("tcp")));
    }

    // scale count resolution, in the rack's order (`ServiceScaleCount`)
    let sc = &mut s.scale;
    let auto = sc.autoscale_enabled();
    match (sc.min, sc.max) {
        (Some(min), Some(max)) => sc.count = ScaleCount { min, max },
        (Some(min), None) => {
            sc.count.min = min;
            if auto {
                if sc.count.max == 0 {
                    sc.count.max = 10;
                }
            } else {
                sc.count.max = min;
            }
        }
        (None, Some(max)) => {
            sc.count.max = max;
            if sc.count.min == 0 && !auto {
                sc.count.min = max;
            }
        }
        (None, None) => {}
    }
    if auto && sc.count.max == 0 {
        sc.count.max = 10;
    }
    // "No scale attributes": `scale` itself counts, so `scale: {}` (or a null scale)
    // keeps count 0.
    if written.scale_attributes == 0 {
        sc.count = ScaleCount { min: 1, max: 1 };
    }
    // Scale attributes but no count, no autoscale, neither min nor max: count 1.
    if !written.has("scale.count")
        && written.scale_attributes > 1
        && !auto
        && sc.min.is_none()
        && sc.max.is_none()
    {
        sc.count = ScaleCount { min: 1, max: 1 };
    }
    if sc.gpu.count == 0 {
        if sc.cpu == 0 {
            sc.cpu = if sc.limit.cpu > 0 { sc.limit.cpu } else { default_cpu(written.version) };
        }
        if sc.memory == 0 {
            sc.memory = if sc.limit.memory > 0 { sc.limit.memory } else { DEFAULT_MEM };
        }
    }
    if written.gates.disable_host_users {
        s.disable_host_users = true;
    }
    let sc = &mut s.scale;
    if written.gates.app_limit_required {
        let or = |a: i64, b: i64| if a != 0 { a } else { b };
        sc.cpu = or(sc.cpu, or(sc.limit.cpu, DEFAULT_CPU));
        sc.memory = or(sc.memory, or(sc.limit.memory, DEFAULT_MEM));
        sc.limit.cpu = or(sc.limit.cpu, sc.cpu);
        sc.limit.memory = or(sc.limit.memory, sc.memory);
    }
    if sc.limit.cpu > 0 && sc.limit.cpu < sc.cpu {
        errors.push(("scale.limit.cpu", "cpu limit can not be less cpu request"));
    }
    if sc.limit.memory > 0 && sc.limit.memory < sc.memory {
        errors.push(("scale.limit.memory", "memory limit can not be less memory request"));
    }
    if sc.gpu.count > 0 && sc.gpu.vendor.is_empty() {
        sc.gpu.vendor = "nvidia".into();
    }
    // The rack title-cases updateMode when it validates the VPA; keep the canonical form.
    if let Some(v) = &mut sc.vpa {
        if let Some(mode) = VPA_MODES.iter().find(|m| m.eq_ignore_ascii_case(&v.update_mode)) {
            v.update_mode = (*mode).to_string();
        }
    }

    if !written.has("termination.grace") {
        s.termination.grace = 30;
    }
    if s.timeout == 0 {
        s.timeout = 60;
    }
    if !written.has("tls.redirect") {
        s.tls.redirect = true;
    }
    errors
}

/// The value a service key takes when it is left out, as ApplyDefaults above gives it:
/// `(section path, key, value)`, for the JSON Schema's `default`s and the editor's hovers.
/// Read from [`Service::defaulted`] (and from services with a port, a liveness path and a
/// GPU, for the defaults only those get), so no value is written twice. A default that
/// depends on other keys (deployment bounds of agents, health grace = interval) is the
/// value a plain service gets.
pub(crate) fn documented(version: RackVersion) -> Vec<(&'static str, &'static str, serde_json::Value)> {
    use serde_json::Value;
    let s = Service::defaulted_at(version);
    let mut with = Service::default();
    with.port.port = 3000;
    with.liveness.path = "/".into();
    with.scale.gpu.count = 1;
    let none =
        Written { map: None, base: String::new(), scale_attributes: 0, gates: Gates::default(), version };
    service(&mut with, &none);
    let (h, l) = (&s.health, &with.liveness);
    let int = |v: i64| Value::from(v);
    let text = |v: &str| Value::from(v);
    vec![
        ("services.<name>", "drain", int(s.drain)),
        ("services.<name>", "init", Value::Bool(s.init)),
        ("services.<name>", "timeout", int(s.timeout)),
        ("services.<name>.build", "path", text(&s.build.path)),
        ("services.<name>.build", "manifest", text(&s.build.manifest)),
        ("services.<name>.deployment", "minimum", int(s.deployment.minimum)),
        ("services.<name>.deployment", "maximum", int(s.deployment.maximum)),
        ("services.<name>.health", "path", text(&h.path)),
        ("services.<name>.health", "interval", int(h.interval)),
        ("services.<name>.health", "grace", int(h.grace)),
        ("services.<name>.health", "timeout", int(h.timeout)),
        ("services.<name>.liveness", "grace", int(l.grace)),
        ("services.<name>.liveness", "interval", int(l.interval)),
        ("services.<name>.liveness", "timeout", int(l.timeout)),
        ("services.<name>.liveness", "successThreshold", int(l.success_threshold)),
        ("services.<name>.liveness", "failureThreshold", int(l.failure_threshold)),
        ("services.<name>.port", "scheme", text(&with.port.scheme)),
        ("services.<name>.scale", "count", int(s.scale.count.min)),
        ("services.<name>.scale", "cpu", int(s.scale.cpu)),
        ("services.<name>.scale", "memory", int(s.scale.memory)),
        ("services.<name>.scale.gpu", "vendor", text(&with.scale.gpu.vendor)),
        ("services.<name>.termination", "grace", int(s.termination.grace)),
        ("services.<name>.tls", "redirect", Value::Bool(s.tls.redirect)),
    ]
}

/// The VPA update modes the rack accepts, canonical case.
pub(crate) const VPA_MODES: &[&str] = &["Off", "Initial", "Recreate"];

/// CombineEnv: app-level entries first, then the service's own.
pub(crate) fn combine_env(m: &mut Manifest) {
    let app = m.environment.clone();
    for s in &mut m.services {
        let mut env = app.clone();
        env.append(&mut s.value.environment);
        s.value.environment = env;
    }
}

/// The names a combined environment requires (`KEY` entries without a default) that
/// `env` does not set, sorted and de-duplicated.
pub(crate) fn missing_env(environment: &[String], env: &Env) -> Vec<String> {
    let mut missing: Vec<String> = environment
        .iter()
        .filter(|e| !e.contains('=') && e.as_str() != "*" && !e.trim().is_empty())
        .filter(|e| !env.contains_key(e.as_str()))
        .cloned()
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

/// CombineLabels: reserved keys are refused; service labels override app labels; sorted.
pub(crate) fn combine_labels(cx: &mut Cx, m: &mut Manifest) {
    for (k, _) in &m.labels {
        if RESERVED_LABELS.contains(&k.as_str()) {
            cx.error(&format!("labels.{k}"), format!("reserved label key '{k}' is not allowed"));
        }
    }
    for s in &mut m.services {
        for (k, _) in &s.value.labels {
            if RESERVED_LABELS.contains(&k.as_str()) {
                cx.error(
                    &format!("services.{}.labels.{k}", s.name),
                    format!("reserved label key '{k}' is not allowed"),
                );
            }
        }
        let mut merged: std::collections::BTreeMap<String, String> =
            crate::sorted::sorted_map(m.labels.iter().cloned());
        merged.extend(s.value.labels.iter().cloned());
        s.value.labels = merged.into_iter().collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_lose_the_year_field_and_lone_question_marks() {
        assert_eq!(normalise_schedule("*/1 * * * ? *"), "*/1 * * * *");
        assert_eq!(normalise_schedule("0 * * * ?"), "0 * * * *");
        assert_eq!(normalise_schedule("0 1? * * *"), "0 1? * * *");
    }
}
