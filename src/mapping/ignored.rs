//! Settings the rack accepts and then ignores for this manifest: each is a warning at its
//! value, saying what the rack does instead and how to make the setting count. (What it
//! ignores because of the rack's profile — autoscaling without KEDA, a budget without cost
//! tracking — is `rack::check`'s.)
//!
//! A setting is only reported when it was written: each rule looks at values a default never
//! gives (a target above 0, a count range), so a quiet manifest stays quiet.

use super::rules::{self, Why};
use super::Mapped;
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, Service};

/// Pushes a warning for each written setting the rack ignores.
pub fn check(manifest: &Manifest, out: &mut Mapped) {
    for s in &manifest.services {
        let (name, svc) = (s.name.as_str(), &s.value);
        let scale = ["services.", name, ".scale"].concat();
        if let Some((key, value)) = first_target(svc) {
            if let Err(whys) = rules::autoscaler(svc) {
                let because = match whys.first() {
                    Some(Why::Agent) => format!(
                        "service {name} is an agent, a DaemonSet with one pod per node, which no \
                         HorizontalPodAutoscaler scales"
                    ),
                    Some(Why::KedaScales(by)) => format!(
                        "scale.{by} hands the scaling of service {name} to KEDA, so the rack renders no \
                         HorizontalPodAutoscaler"
                    ),
                    Some(Why::FixedCount(n)) => format!(
                        "scale.count is a fixed {n}, and the rack renders a HorizontalPodAutoscaler only \
                         for a range. Write one, e.g. count: {}-{}",
                        n.max(&1),
                        if *n < 10 { 10 } else { n * 2 }
                    ),
                    _ => continue,
                };
                out.diagnostics.push(
                    Diagnostic::warning(format!("scale.targets.{key} {value} has no effect: {because}."))
                        .at_value(format!("{scale}.targets.{key}")),
                );
            }
        }
        if svc.scale.targets.requests > 0 {
            out.diagnostics.push(
                Diagnostic::warning(
                    "scale.targets.requests has no effect on a v3 rack (it was Convox v2's requests per \
                     target): no metric is rendered from it. Scale on scale.targets.cpu, or on \
                     scale.autoscale with KEDA.",
                )
                .at_value(format!("{scale}.targets.requests")),
            );
        }
        let count = &svc.scale.count;
        if svc.agent && count.min != count.max {
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "scale.count {}-{} has no effect: service {name} is an agent, a DaemonSet with one pod \
                     per node (its count is the number of nodes it can run on).",
                    count.min, count.max
                ))
                .at_value(format!("{scale}.count")),
            );
        }
    }
}

/// The first target the HorizontalPodAutoscaler would read (`cpu`, `memory`, `external`), with
/// its value as written.
fn first_target(svc: &Service) -> Option<(&'static str, String)> {
    let t = &svc.scale.targets;
    if t.cpu > 0 {
        Some(("cpu", t.cpu.to_string()))
    } else if t.memory > 0 {
        Some(("memory", t.memory.to_string()))
    } else if let Some(e) = t.external.first() {
        Some(("external", e.name.clone()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(yaml: &str) -> Vec<(String, String)> {
        let loaded = crate::manifest::load(yaml, &crate::manifest::Env::new());
        let mut out = Mapped::default();
        check(&loaded.manifest.expect("loads"), &mut out);
        out.diagnostics.into_iter().map(|d| (d.path.unwrap_or_default(), d.message)).collect()
    }

    #[test]
    fn targets_without_a_count_range_say_the_rack_renders_no_autoscaler() {
        let w = warnings("services:\n  web:\n    scale:\n      count: 2\n      targets:\n        cpu: 70\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "services.web.scale.targets.cpu");
        assert!(
            w[0].1.starts_with("scale.targets.cpu 70 has no effect: scale.count is a fixed 2"),
            "{}",
            w[0].1
        );
        assert!(w[0].1.contains("count: 2-10"), "{}", w[0].1);
        assert!(warnings(
            "services:\n  web:\n    scale:\n      count: 2-4\n      targets:\n        cpu: 70\n"
        )
        .is_empty());
    }

    #[test]
    fn an_agents_count_and_targets_are_ignored_by_its_daemon_set() {
        let w = warnings("services:\n  agent:\n    agent: true\n    scale:\n      count: 1-3\n      targets:\n        memory: 80\n");
        let paths: Vec<&str> = w.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["services.agent.scale.targets.memory", "services.agent.scale.count"], "{w:?}");
        assert!(w[0].1.contains("is an agent"), "{}", w[0].1);
    }

    #[test]
    fn targets_beside_autoscale_are_handed_to_keda() {
        let w = warnings(
            "services:\n  web:\n    scale:\n      count: 1-5\n      targets:\n        cpu: 70\n      autoscale:\n        cpu: {threshold: 70}\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].1.contains("scale.autoscale hands the scaling of service web to KEDA"), "{}", w[0].1);
    }

    #[test]
    fn a_quiet_manifest_stays_quiet() {
        assert!(warnings("services:\n  web:\n    port: 3000\n  agent:\n    agent: true\n").is_empty());
    }
}
