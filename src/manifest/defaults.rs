//! The rack's Load steps after parsing (rack-reference §1 step 1.4–1.7): ApplyCompatibility
//! (timer schedules), ApplyDefaults (presence-aware, via the source map as the rack's
//! `yamlAttributes`), CombineEnv and CombineLabels.

use super::decode::Cx;
use super::model::*;

const DEFAULT_CPU: i64 = 250;
const DEFAULT_MEM: i64 = 512;
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

pub(crate) fn apply_defaults(cx: &mut Cx, m: &mut Manifest) {
    for named in &mut m.services {
        let base = ["services.", named.name.as_str()].concat();
        let has = |k: &str| cx.map.contains(&[base.as_str(), ".", k].concat());
        let s = &mut named.value;

        if s.build.path.is_empty() && s.image.is_empty() {
            s.build.path = ".".into();
        }
        if !s.build.path.is_empty() && s.build.manifest.is_empty() {
            s.build.manifest = "Dockerfile".into();
        }
        if !has("deployment") {
            s.deployment = if s.agent || s.singleton {
                DeploymentStrategy { minimum: 0, maximum: 100 }
            } else {
                DeploymentStrategy { minimum: 50, maximum: 200 }
            };
        }
        if !has("drain") {
            s.drain = 30;
        }
        if s.health.path.is_empty() {
            s.health.path = "/".into();
        }
        if s.health.interval == 0 {
            s.health.interval = 5;
        }
        if s.health.grace == 0 {
            s.health.grace = s.health.interval;
        }
        if s.health.timeout == 0 {
            s.health.timeout = s.health.interval - 1;
        }
        if !has("init") {
            s.init = true;
        }
        if s.port.port > 0 && s.port.scheme.is_empty() {
            s.port.scheme = "http".into();
        }
        if s.port.scheme.eq_ignore_ascii_case("grpc") {
            s.port.scheme = "GRPC".into();
        }
        let main = s.port.port;
        s.ports.retain(|p| !(p.port == main && (p.protocol == "tcp" || p.protocol.is_empty())));
        if !has("termination.grace") {
            s.termination.grace = 30;
        }
        if s.timeout == 0 {
            s.timeout = 60;
        }
        if !has("tls.redirect") {
            s.tls.redirect = true;
        }

        // liveness, then startup probe (copies from the defaulted liveness), then GPU.
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
        let sp = &mut s.startup_probe;
        if gpu && main > 0 && sp.path.is_empty() && sp.tcp_socket_port.is_empty() {
            sp.tcp_socket_port = main.to_string();
        }
        if !sp.path.is_empty() || !sp.tcp_socket_port.is_empty() {
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
            if gpu {
                for (v, d) in [
                    (&mut sp.grace, 300),
                    (&mut sp.interval, 10),
                    (&mut sp.timeout, 5),
                    (&mut sp.failure_threshold, 180),
                    (&mut sp.success_threshold, 1),
                ] {
                    if *v == 0 {
                        *v = d;
                    }
                }
            }
        }

        // scale count resolution, steps 1–6 of rack-reference §2.4
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
        // Step 5/6: no count written (decode records `scale.count` for `scale: 3` too),
        // autoscale off, neither min nor max → 1.
        if !has("scale.count") && !auto && sc.min.is_none() && sc.max.is_none() {
            sc.count = ScaleCount { min: 1, max: 1 };
        }
        if sc.gpu.count > 0 && sc.gpu.vendor.is_empty() {
            sc.gpu.vendor = "nvidia".into();
        }
        if sc.gpu.count == 0 {
            if sc.cpu == 0 {
                sc.cpu = if sc.limit.cpu > 0 { sc.limit.cpu } else { DEFAULT_CPU };
            }
            if sc.memory == 0 {
                sc.memory = if sc.limit.memory > 0 { sc.limit.memory } else { DEFAULT_MEM };
            }
        }
        let path = format!("{base}.scale");
        if sc.limit.cpu > 0 && sc.limit.cpu < sc.cpu {
            cx.error(&format!("{path}.limit.cpu"), "cpu limit can not be less cpu request");
        }
        if sc.limit.memory > 0 && sc.limit.memory < sc.memory {
            cx.error(&format!("{path}.limit.memory"), "memory limit can not be less memory request");
        }
    }
}

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
        let mut merged: std::collections::BTreeMap<String, String> = m.labels.iter().cloned().collect();
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
