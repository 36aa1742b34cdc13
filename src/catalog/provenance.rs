//! Key-level provenance: which convox.yml keys of a service or timer shape which of its
//! objects. A resource's `source` is its owner's whole block (all of `services.web`); this
//! table narrows it to the keys the mapping really reads for each kind, so the cursor on
//! `domain` points at the Ingress alone and a selected Deployment marks the keys that shaped
//! it. Each row is declared once and checked against the mapping by the tests below (every
//! kind a row names is produced, with that key written, for some fixture). A key not in the
//! table keeps the owner's whole block (the page's fallback).

use crate::diagnostic::Span;
use crate::manifest::SourceMap;
use crate::mapping::Concept;

/// One key of a service or timer and the kinds of its owner's objects it shapes.
#[derive(Debug)]
pub struct Row {
    pub concept: Concept,
    /// The key's path under the owner, as written (`domain`, `scale.count`).
    pub key: &'static str,
    /// The kinds of the owner's objects that read it.
    pub kinds: &'static [&'static str],
}

/// A key written in convox.yml that shaped an object: its path under the owner and its extent
/// (the key and its whole value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpan {
    pub key: &'static str,
    pub span: Span,
}

/// The pod template's owners: what a service runs as (a DaemonSet for an agent).
const POD: &[&str] = &["Deployment", "DaemonSet"];
/// The public or internal route of a service: nginx's Ingress or Contour's HTTPProxy.
const ROUTE: &[&str] = &["Ingress", "HTTPProxy"];

const fn svc(key: &'static str, kinds: &'static [&'static str]) -> Row {
    Row { concept: Concept::Service, key, kinds }
}

const fn timer(key: &'static str, kinds: &'static [&'static str]) -> Row {
    Row { concept: Concept::Timer, key, kinds }
}

/// Every row, in no particular order. Objects that already come from a narrower path
/// (`scale.keda`, `scale.vpa`, `volumeOptions[i].awsEfs`, `imagePullSecrets[i]`) need no row:
/// their own source is already that key.
pub const ROWS: &[Row] = &[
    // Routing (ingress.rs, contour.rs): hosts, TLS, backend port, annotations, allow lists.
    svc("domain", &["Ingress", "HTTPProxy", "Certificate"]),
    svc("port", &["Deployment", "DaemonSet", "Service", "Ingress", "HTTPProxy", "Secret"]),
    svc("internal", &["Ingress"]),
    svc("internalRouter", ROUTE),
    svc("ingressAnnotations", ROUTE),
    svc("tls", ROUTE),
    svc("whitelist", ROUTE),
    svc("sticky", ROUTE),
    svc("timeout", ROUTE),
    // The Service's ports (network.rs) and the container's (workload.rs).
    svc("ports", &["Deployment", "DaemonSet", "Service"]),
    // Probes (workload.rs).
    svc("health", POD),
    svc("liveness", POD),
    svc("startupProbe", POD),
    // Replicas and the HPA's bounds (service/mod.rs, scaling.rs); requests and limits (pod.rs).
    svc("scale.count", &["Deployment", "HorizontalPodAutoscaler"]),
    svc("scale.targets", &["HorizontalPodAutoscaler"]),
    svc("scale.cpu", POD),
    svc("scale.memory", POD),
    svc("scale.limit", POD),
    svc("scale.gpu", POD),
    // The container (workload.rs, pod.rs).
    svc("build", POD),
    svc("image", POD),
    svc("command", POD),
    svc("resources", POD),
    svc("volumes", POD),
    svc("volumeOptions", &["Deployment", "DaemonSet", "PersistentVolume", "PersistentVolumeClaim"]),
    svc("initContainer", POD),
    svc("termination", POD),
    svc("lifecycle", POD),
    svc("dnsConfig", POD),
    svc("privileged", POD),
    svc("nodeSelectorLabels", POD),
    svc("nodeAffinityLabels", POD),
    svc("deployment", &["Deployment"]),
    svc("agent", &["DaemonSet"]),
    svc("imagePullSecrets", &["Deployment", "DaemonSet", "Secret"]),
    // The env Secret (secrets.rs).
    svc("environment", &["Secret"]),
    // Metadata: pod annotations, the ServiceAccount's and the PDB's (secrets.rs, workload.rs,
    // scaling.rs); the user's labels on every object the service's template labels.
    svc("annotations", &["Deployment", "DaemonSet", "ServiceAccount", "PodDisruptionBudget"]),
    svc(
        "labels",
        &[
            "Deployment",
            "DaemonSet",
            "Service",
            "Ingress",
            "Secret",
            "ServiceAccount",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "PersistentVolumeClaim",
        ],
    ),
    // Timers (timer.rs): the CronJob's schedule and pod; annotations on both objects.
    timer("schedule", &["CronJob"]),
    timer("command", &["CronJob"]),
    timer("service", &["CronJob"]),
    timer("concurrency", &["CronJob"]),
    timer("parallelCount", &["CronJob"]),
    timer("annotations", &["ServiceAccount", "CronJob"]),
];

/// The convox.yml section an owner of `concept` is declared in, if the table has rows for it.
fn section(concept: Concept) -> Option<&'static str> {
    match concept {
        Concept::Service => Some("services."),
        Concept::Timer => Some("timers."),
        _ => None,
    }
}

/// The keys written under `owner` (of `concept`) that shaped its object of `kind`, in the
/// table's order; empty when none is written or the table has no row for it.
pub fn keys(concept: Concept, owner: &str, kind: &str, map: &SourceMap) -> Vec<KeySpan> {
    let Some(section) = section(concept) else { return Vec::new() };
    let mut path = String::with_capacity(section.len() + owner.len() + 24);
    let mut out = Vec::new();
    for row in ROWS.iter().filter(|r| r.concept == concept && r.kinds.contains(&kind)) {
        path.clear();
        path.push_str(section);
        path.push_str(owner);
        path.push('.');
        path.push_str(row.key);
        // Only a key the user wrote: a default shapes the object too, but has no place to mark.
        if map.contains(&path) {
            if let Some(span) = map.extent(&path) {
                out.push(KeySpan { key: row.key, span });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{Row, ROWS};
    use crate::mapping::Concept;
    use crate::profile::{Profile, Provider};
    use crate::{analyze, Analysis, Options};

    fn complete() -> Analysis {
        let text = include_str!("../../www/examples/complete.convox.yml");
        let mut options = Options::default();
        options.profile.set("efs_csi_driver_enable", "true").unwrap();
        analyze(text, &options)
    }

    /// The kinds of `owner`'s objects that `key` shaped.
    fn shaped(a: &Analysis, owner: &str, key: &str) -> BTreeSet<String> {
        a.entries
            .iter()
            .filter(|e| e.owner.as_deref() == Some(owner))
            .filter(|e| e.source.as_ref().is_some_and(|s| s.keys.iter().any(|k| k.key == key)))
            .map(|e| e.kind.clone())
            .collect()
    }

    fn set(kinds: &[&str]) -> BTreeSet<String> {
        kinds.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn domain_shapes_only_the_ingress_of_web() {
        let a = complete();
        assert_eq!(shaped(&a, "web", "domain"), set(&["Ingress"]));
        let ingress = a.entries.iter().find(|e| e.kind == "Ingress" && e.name == "web").unwrap();
        let text = include_str!("../../www/examples/complete.convox.yml");
        let k = ingress.source.as_ref().unwrap().keys.iter().find(|k| k.key == "domain").unwrap();
        // The key (its unset `${WEB_HOST}` value is empty); the view runs it to the line's end.
        assert_eq!(&text[k.span.start..k.span.end], "domain");
    }

    #[test]
    fn port_shapes_the_container_the_service_the_route_and_the_port_variable() {
        assert_eq!(shaped(&complete(), "web", "port"), set(&["Deployment", "Service", "Ingress", "Secret"]));
    }

    #[test]
    fn scale_count_shapes_the_replicas_and_the_autoscaler() {
        assert_eq!(
            shaped(&complete(), "web", "scale.count"),
            set(&["Deployment", "HorizontalPodAutoscaler"])
        );
    }

    #[test]
    fn the_users_labels_are_on_exactly_the_objects_the_labels_row_names() {
        let a = complete();
        for e in a.entries.iter().filter(|e| e.owner.as_deref() == Some("web") && e.object.is_some()) {
            let labelled = e.labels.get("convox.com/team").is_some_and(|v| v == "platform");
            let keyed = e.source.as_ref().is_some_and(|s| s.keys.iter().any(|k| k.key == "labels"));
            assert_eq!(labelled, keyed, "{}", e.key);
        }
    }

    /// An agent that writes every key of its pod template (no fixture runs one with them all):
    /// the DaemonSet reads the same template as a Deployment.
    const AGENT: &str = "
resources:
  db:
    type: postgres
services:
  built:
    agent: true
    build: .
    command: bin/agent
    port: 3000
    ports: [3001]
    health: /health
    liveness: {path: /live}
    startupProbe: {path: /ready}
    scale: {cpu: 250, memory: 512, limit: {cpu: 500}, gpu: 1}
    resources: [db]
    volumes: [/data]
    volumeOptions:
      - emptyDir: {id: tmp, mountPath: /tmp/x}
    initContainer: {command: bin/migrate}
    termination: {grace: 5}
    lifecycle: {preStop: sleep 1}
    dnsConfig: {ndots: 2}
    privileged: true
    nodeSelectorLabels: {pool: agents}
    nodeAffinityLabels:
      - {label: zone, value: a, weight: 10}
    imagePullSecrets:
      - {registry: ghcr.io, username: bot, password: secret}
    annotations: [a=b]
    labels: {team: platform}
  pulled:
    agent: true
    image: nginx:1.27
";

    /// Every fixture analysed on its rack (a `rack` file: `provider=…` and rack parameters).
    fn fixtures() -> Vec<Analysis> {
        let mut out = vec![complete(), analyze(AGENT, &Options::default())];
        for (source, env, rack) in crate::catalog::tests::fixture_files() {
            let lines: Vec<&str> =
                rack.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
            let provider = lines.iter().find_map(|l| l.strip_prefix("provider=")).unwrap_or("aws");
            let mut profile = Profile::new(Provider::parse(provider).expect("a known provider"));
            for l in lines.iter().filter(|l| !l.starts_with("provider=")) {
                profile.set_pair(l).expect("a rack parameter");
            }
            out.push(analyze(
                &source,
                &Options { env: env.into_iter().collect(), profile, ..Options::default() },
            ));
        }
        out
    }

    /// The table cannot drift from the mapping: every kind a row names is, in some fixture, an
    /// object of an owner that wrote the key.
    #[test]
    fn every_rows_kinds_are_produced_with_that_key_written() {
        let all = fixtures();
        let mut seen = BTreeSet::new();
        for a in &all {
            for e in &a.entries {
                for k in e.source.iter().flat_map(|s| &s.keys) {
                    seen.insert((e.concept, k.key, e.kind.clone()));
                }
            }
        }
        let missing: Vec<String> = ROWS
            .iter()
            .flat_map(|Row { concept, key, kinds }| {
                kinds
                    .iter()
                    .filter(|k| !seen.contains(&(*concept, *key, k.to_string())))
                    .map(move |k| format!("{concept:?} {key} → {k}"))
            })
            .collect();
        assert!(missing.is_empty(), "never produced with the key written: {missing:#?}");
        assert!(ROWS.iter().any(|r| r.concept == Concept::Timer));
    }
}
