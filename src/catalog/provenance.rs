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

/// One key of a service or timer and what it shapes: per kind of its owner's objects, the
/// fields it writes there.
#[derive(Debug)]
pub struct Row {
    pub concept: Concept,
    /// The key's path under the owner, as written (`domain`, `scale.count`).
    pub key: &'static str,
    /// The same setting's short form, when the key's parent may be written as a scalar
    /// (`scale: 2-4` is `scale: {count: 2-4}`).
    pub short: Option<&'static str>,
    /// Each kind that reads it, with the fields it shapes there (see [`Shape`]).
    pub shapes: &'static [Shape],
}

/// A kind of object a key shapes, and where. Each field is a path into the object as its YAML
/// shows it, `[]` standing for every item of a list (`spec.rules[].host`); the field and all
/// under it. No fields: the key decides whether the object exists (`internal` and the public
/// Ingress), not what it holds.
#[derive(Debug)]
pub struct Shape {
    pub kind: &'static str,
    pub fields: &'static [&'static str],
}

/// A key written in convox.yml that shaped an object: its path under the owner, its extent
/// (the key and its whole value) and the object's fields it shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpan {
    pub key: &'static str,
    pub span: Span,
    pub fields: &'static [&'static str],
}

/// `kind` shaped at `fields`.
macro_rules! at {
    ($kind:literal $(, $field:expr)* $(,)?) => {
        Shape { kind: $kind, fields: &[$($field),*] }
    };
}

/// The pod template's owners (a DaemonSet for an agent), shaped at the same fields under
/// `spec.template`; after a `;`, the other kinds the key shapes.
macro_rules! pod {
    ($($field:literal),* $(; $($other:expr),+)? $(,)?) => {
        &[
            at!("Deployment" $(, concat!("spec.template.", $field))*),
            at!("DaemonSet" $(, concat!("spec.template.", $field))*),
            $($($other),+)?
        ]
    };
}

const fn svc(key: &'static str, shapes: &'static [Shape]) -> Row {
    Row { concept: Concept::Service, key, short: None, shapes }
}

const fn timer(key: &'static str, shapes: &'static [Shape]) -> Row {
    Row { concept: Concept::Timer, key, short: None, shapes }
}

/// The Ingress annotation prefix of ingress-nginx.
macro_rules! nginx {
    ($name:literal) => {
        concat!("metadata.annotations.nginx.ingress.kubernetes.io/", $name)
    };
}

/// Every row, in no particular order. Objects that already come from a narrower path
/// (`scale.keda`, `scale.vpa`, `volumeOptions[i].awsEfs`, `imagePullSecrets[i]`) need no row:
/// their own source is already that key. `tests/provenance.rs` removes each key from every
/// fixture and checks that what changes is what its row names.
pub const ROWS: &[Row] = &[
    // Routing (ingress.rs, contour.rs): hosts, TLS, backend port, annotations, allow lists.
    svc(
        "domain",
        &[
            at!("Ingress", "spec.rules[].host", "spec.tls[].hosts"),
            at!("HTTPProxy", "spec.virtualhost.fqdn"),
            at!("Certificate", "spec.dnsNames"),
        ],
    ),
    svc(
        "certificate",
        &[
            // certificate.id: the copied Secret, the TLS secret and no cert-manager issuer.
            at!(
                "Ingress",
                "metadata.annotations.cert-manager.io/duration",
                "metadata.annotations.cert-manager.io/cluster-issuer",
                "spec.tls[].secretName"
            ),
            at!("HTTPProxy", "spec.virtualhost.tls.secretName"),
            at!("Certificate", "spec.duration"),
            at!("Secret", "metadata.annotations.convox.com/data-hash"),
        ],
    ),
    svc(
        "port",
        pod!(
            "spec.containers[].ports",
            "spec.containers[].readinessProbe",
            "spec.containers[].livenessProbe",
            "spec.containers[].startupProbe";
            at!("Service", "spec.ports"),
            at!("Ingress", "spec.rules[].http.paths[].backend.service.port"),
            at!("HTTPProxy", "spec.routes[].services[].port"),
            at!("Certificate"),
            at!("Secret", "data.PORT"),
        ),
    ),
    svc("internal", &[at!("Ingress")]),
    svc(
        "internalRouter",
        &[
            at!("Ingress", "spec.ingressClassName", "metadata.annotations.alb.ingress.kubernetes.io/scheme"),
            at!("HTTPProxy", "spec.ingressClassName", "spec.virtualhost"),
            at!("Certificate", "spec.dnsNames", "spec.issuerRef"),
        ],
    ),
    svc(
        "ingressAnnotations",
        &[
            at!("Ingress", "metadata.annotations"),
            at!(
                "HTTPProxy",
                "metadata.annotations",
                "spec.routes[].rateLimitPolicy",
                "spec.routes[].timeoutPolicy"
            ),
        ],
    ),
    svc("tls", &[at!("Ingress", nginx!("ssl-redirect")), at!("HTTPProxy", "spec.routes[].permitInsecure")]),
    svc(
        "whitelist",
        &[
            at!("Ingress", nginx!("whitelist-source-range")),
            at!("HTTPProxy", "spec.virtualhost.ipAllowPolicy"),
        ],
    ),
    svc(
        "sticky",
        &[
            at!("Ingress", nginx!("affinity"), nginx!("session-cookie-name")),
            at!("HTTPProxy", "spec.routes[].loadBalancerPolicy"),
        ],
    ),
    svc(
        "timeout",
        &[
            at!(
                "Ingress",
                nginx!("proxy-connect-timeout"),
                nginx!("proxy-read-timeout"),
                nginx!("proxy-send-timeout"),
                nginx!("server-snippet"),
            ),
            at!("HTTPProxy", "spec.routes[].timeoutPolicy"),
        ],
    ),
    // The Service's ports (network.rs) and the container's (workload.rs).
    svc("ports", pod!("spec.containers[].ports"; at!("Service", "spec.ports"))),
    // Probes (workload.rs): a startupProbe falls back to the liveness settings; a gRPC
    // service's liveness probe takes health's timings.
    svc("health", pod!("spec.containers[].readinessProbe", "spec.containers[].livenessProbe")),
    svc("liveness", pod!("spec.containers[].livenessProbe", "spec.containers[].startupProbe")),
    svc("startupProbe", pod!("spec.containers[].startupProbe")),
    // Replicas and the autoscalers' bounds (service/mod.rs, scaling.rs, keda.rs); requests
    // and limits (pod.rs); a GPU also brings its toleration and a cold-start startupProbe.
    Row {
        concept: Concept::Service,
        key: "scale.count",
        short: Some("scale"),
        shapes: &[
            at!("Deployment", "spec.replicas"),
            at!("HorizontalPodAutoscaler", "spec.minReplicas", "spec.maxReplicas"),
            at!("ScaledObject", "spec.minReplicaCount", "spec.maxReplicaCount"),
            // KEDA scales only a range: a fixed count drops the ScaledObject and, when it was
            // the only one, the TriggerAuthentication that goes with it.
            at!("TriggerAuthentication"),
        ],
    },
    svc("scale.targets", &[at!("HorizontalPodAutoscaler", "spec.metrics")]),
    svc("scale.cpu", pod!("spec.containers[].resources.requests.cpu")),
    svc(
        "scale.memory",
        pod!("spec.containers[].resources.requests.memory", "spec.containers[].resources.limits.memory"),
    ),
    svc("scale.limit", pod!("spec.containers[].resources.limits")),
    svc(
        "scale.gpu",
        pod!("spec.containers[].resources", "spec.containers[].startupProbe", "spec.tolerations"),
    ),
    // The container (workload.rs, pod.rs); an init container without its own image runs the
    // service's build.
    svc("build", pod!("spec.containers[].image", "spec.initContainers[].image")),
    svc("image", pod!("spec.containers[].image")),
    svc("command", pod!("spec.containers[].args")),
    svc("resources", pod!("spec.containers[].env", "spec.initContainers[].env")),
    svc("volumes", pod!("spec.containers[].volumeMounts", "spec.volumes")),
    svc(
        "volumeOptions",
        pod!(
            "spec.containers[].volumeMounts",
            "spec.volumes";
            at!("PersistentVolume", "spec"),
            at!("PersistentVolumeClaim", "spec"),
        ),
    ),
    svc("initContainer", pod!("spec.initContainers")),
    svc("termination", pod!("spec.terminationGracePeriodSeconds")),
    svc("lifecycle", pod!("spec.containers[].lifecycle")),
    svc("dnsConfig", pod!("spec.dnsConfig", "spec.dnsPolicy")),
    svc("privileged", pod!("spec.containers[].securityContext")),
    // Required node affinity from rack 3.23.4; the pods' nodeSelector before.
    svc(
        "nodeSelectorLabels",
        pod!(
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
            "spec.nodeSelector",
            "spec.tolerations"
        ),
    ),
    svc(
        "nodeAffinityLabels",
        pod!("spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
    ),
    svc("deployment", &[at!("Deployment", "spec.strategy.rollingUpdate")]),
    svc("agent", &[at!("DaemonSet")]),
    svc("imagePullSecrets", pod!("spec.imagePullSecrets"; at!("Secret", "data"))),
    // The env Secret (secrets.rs).
    svc("environment", &[at!("Secret", "data")]),
    // Metadata: pod annotations, the ServiceAccount's and the PDB's bounds (secrets.rs,
    // workload.rs, scaling.rs); the user's labels on every object the service's template labels.
    // Before rack 3.24.6 the Ingress took the service's annotations (ingress.rs).
    svc(
        "annotations",
        pod!(
            "metadata.annotations";
            at!("ServiceAccount", "metadata.annotations"),
            at!("PodDisruptionBudget", "spec.minAvailable"),
            at!("Ingress", "metadata.annotations"),
        ),
    ),
    svc(
        "labels",
        &[
            at!("Deployment", "metadata.labels", "spec.template.metadata.labels"),
            at!("DaemonSet", "metadata.labels", "spec.template.metadata.labels"),
            at!("Service", "metadata.labels"),
            at!("Ingress", "metadata.labels"),
            at!("HTTPProxy", "metadata.labels"),
            at!("Secret", "metadata.labels"),
            at!("ServiceAccount", "metadata.labels"),
            at!("HorizontalPodAutoscaler", "metadata.labels"),
            at!("PodDisruptionBudget", "metadata.labels"),
            at!("PersistentVolumeClaim", "metadata.labels"),
        ],
    ),
    // Timers (timer.rs): the CronJob's schedule and pod; annotations on both objects.
    timer("schedule", &[at!("CronJob", "spec.schedule")]),
    timer("command", &[at!("CronJob", "spec.jobTemplate.spec.template.spec.containers[].args")]),
    timer("service", &[at!("CronJob", "spec.jobTemplate.spec.template.spec")]),
    timer("concurrency", &[at!("CronJob", "spec.concurrencyPolicy")]),
    timer(
        "parallelCount",
        &[at!(
            "CronJob",
            "spec.jobTemplate.spec.completionMode",
            "spec.jobTemplate.spec.completions",
            "spec.jobTemplate.spec.parallelism",
            "spec.jobTemplate.spec.template.spec.containers[].env",
        )],
    ),
    timer(
        "annotations",
        &[
            at!("ServiceAccount", "metadata.annotations"),
            at!("CronJob", "spec.jobTemplate.spec.template.metadata.annotations"),
        ],
    ),
];

/// The convox.yml section an owner of `concept` is declared in, if the table has rows for it.
/// The slot of `concept` in [`Provenance::written`] and its section of convox.yml.
fn section(concept: Concept) -> Option<(usize, &'static str)> {
    match concept {
        Concept::Service => Some((0, "services.")),
        Concept::Timer => Some((1, "timers.")),
        _ => None,
    }
}

/// The keys written under `owner` (of `concept`) that shaped its object of `kind`, in the
/// table's order, each with the fields it shaped there; empty when none is written or the
/// table has no row for it.
pub fn keys(concept: Concept, owner: &str, kind: &str, map: &SourceMap) -> Vec<KeySpan> {
    Provenance::default().keys(concept, owner, kind, map)
}

/// [`keys`] for many objects: which of the table's keys an owner wrote is looked up once per
/// owner, not once per object (a service makes six to eight; at 200 services that was 60,000
/// source-map lookups per edit, 2 of the 35 ms the playground's wasm spent on one).
#[derive(Debug, Default)]
pub struct Provenance {
    /// Per section (services, timers): each owner's written rows, as (index in [`ROWS`], extent).
    written: [crate::hashed::HashMap<String, Vec<(usize, Span)>>; 2],
}

impl Provenance {
    /// [`keys`], with what `owner` wrote looked up on its first object only.
    pub fn keys(&mut self, concept: Concept, owner: &str, kind: &str, map: &SourceMap) -> Vec<KeySpan> {
        let Some((slot, section)) = section(concept) else { return Vec::new() };
        let written = &mut self.written[slot];
        if !written.contains_key(owner) {
            written.insert(owner.to_string(), written_rows(concept, section, owner, map));
        }
        written[owner]
            .iter()
            .filter_map(|&(i, span)| {
                let row = &ROWS[i];
                let shape = row.shapes.iter().find(|s| s.kind == kind)?;
                Some(KeySpan { key: row.key, span, fields: shape.fields })
            })
            .collect()
    }
}

/// The rows of `concept` whose key `owner` wrote (under `section`), in the table's order, with
/// the key's extent.
fn written_rows(concept: Concept, section: &str, owner: &str, map: &SourceMap) -> Vec<(usize, Span)> {
    let mut path = String::with_capacity(section.len() + owner.len() + 24);
    let at = |path: &mut String, key: &str| {
        path.clear();
        path.push_str(section);
        path.push_str(owner);
        path.push('.');
        path.push_str(key);
    };
    let mut out = Vec::new();
    for (i, row) in ROWS.iter().enumerate().filter(|(_, r)| r.concept == concept) {
        at(&mut path, row.key);
        // Only a key the user wrote: a default shapes the object too, but has no place to
        // mark. A short form counts when written as a scalar (`scale: 2-4`).
        let written = map.contains(&path)
            || row.short.is_some_and(|short| {
                at(&mut path, short);
                map.is_leaf(&path)
            });
        if written {
            if let Some(span) = map.extent(&path) {
                out.push((i, span));
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

    /// `scale: 2-4` is `scale.count` written short: it shapes the replicas and the HPA's
    /// bounds; a `scale:` block without `count` shapes neither.
    #[test]
    fn the_short_scale_form_is_the_count() {
        let short = analyze("services:\n  web:\n    port: 3000\n    scale: 2-4\n", &Options::default());
        assert_eq!(shaped(&short, "web", "scale.count"), set(&["Deployment", "HorizontalPodAutoscaler"]));
        let hpa = short.entries.iter().find(|e| e.kind == "HorizontalPodAutoscaler").unwrap();
        let k = &hpa.source.as_ref().unwrap().keys[0];
        assert_eq!((k.key, k.fields), ("scale.count", &["spec.minReplicas", "spec.maxReplicas"][..]));
        let block =
            analyze("services:\n  web:\n    port: 3000\n    scale:\n      cpu: 250\n", &Options::default());
        assert_eq!(shaped(&block, "web", "scale.count"), set(&[]));
        assert_eq!(shaped(&block, "web", "scale.cpu"), set(&["Deployment"]));
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

    /// The complete example, then every fixture analysed on its own rack and release env.
    fn fixtures() -> Vec<Analysis> {
        let mut out = vec![complete()];
        out.extend(crate::testing::fixtures().iter().map(crate::testing::Fixture::analyze));
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
            .flat_map(|Row { concept, key, shapes, .. }| {
                shapes
                    .iter()
                    .filter(|s| !seen.contains(&(*concept, *key, s.kind.to_string())))
                    .map(move |s| format!("{concept:?} {key} → {}", s.kind))
            })
            .collect();
        assert!(missing.is_empty(), "never produced with the key written: {missing:#?}");
        assert!(ROWS.iter().any(|r| r.concept == Concept::Timer));
    }
}
