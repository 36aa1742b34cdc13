//! The app's objects as a graph, for a topology view: which Service selects which workload's
//! pods, what an Ingress, HTTPProxy or balancer routes to, which Secret, ConfigMap, PVC and
//! ServiceAccount a pod template uses, what an autoscaler or PDB targets, and what owns the
//! run-time objects (Deployment → ReplicaSet → Pod, CronJob → Job → Pod).
//!
//! Every edge is read from the objects as rendered (selectors matched against pod template
//! labels, names looked up among the release's objects), so a reference to nothing is an
//! edge with `to: None`: a broken edge the view can show.

use serde::Serialize;
use serde_json::Value;

use crate::output::json;
use crate::Analysis;

/// The graph of one analysis.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Topology {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One object (rendered or made at run time).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Node {
    /// The catalog key (`Deployment/my-rack-my-app/web`): the page selects the resource by it.
    pub key: String,
    pub kind: String,
    pub name: String,
}

/// One reference from an object to another.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Edge {
    pub from: String,
    /// The key of the object referred to; `None` when no object of the release is it.
    pub to: Option<String>,
    /// What the reference is: `routes to`, `selects`, `uses`, `scales`, `owns`, …
    pub via: &'static str,
    /// What was referred to, e.g. `Service web` or `pods app=web`.
    pub target: String,
    /// The reference is marked optional (a pod starts without it): no object is not broken.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// A reference to nothing the release has, which the reference needs ([`Edge::broken`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub broken: bool,
}

impl Edge {
    /// A reference to nothing the release has, which the reference needs.
    pub fn broken(&self) -> bool {
        self.to.is_none() && !self.optional
    }
}

struct Obj<'a> {
    key: &'a str,
    kind: &'a str,
    name: &'a str,
    namespace: Option<&'a str>,
    json: Value,
}

/// The topology of `analysis`.
pub fn topology(analysis: &Analysis) -> Topology {
    let objects: Vec<Obj> = analysis
        .entries
        .iter()
        .filter_map(|e| {
            let object = e.object.as_deref()?;
            let json = serde_json::from_str(&json::to_string(object).ok()?).ok()?;
            Some(Obj { key: &e.key, kind: &e.kind, name: &e.name, namespace: e.namespace.as_deref(), json })
        })
        .collect();
    let find = |kind: &str, name: &str, ns: Option<&str>| {
        objects
            .iter()
            .find(|o| o.kind == kind && o.name == name && o.namespace == ns)
            .map(|o| o.key.to_string())
    };
    let mut edges: Vec<Edge> = Vec::new();
    fn edge(edges: &mut Vec<Edge>, from: &str, to: Option<String>, via: &'static str, target: String) {
        edges.push(Edge { from: from.to_string(), to, via, target, optional: false, broken: false });
    }
    for o in &objects {
        let spec = &o.json["spec"];
        let ns = o.namespace;
        match o.kind {
            "Ingress" => {
                for rule in spec["rules"].as_array().into_iter().flatten() {
                    for path in rule["http"]["paths"].as_array().into_iter().flatten() {
                        if let Some(name) = path["backend"]["service"]["name"].as_str() {
                            edge(
                                &mut edges,
                                o.key,
                                find("Service", name, ns),
                                "routes to",
                                format!("Service {name}"),
                            );
                        }
                    }
                }
            }
            "HTTPProxy" => {
                for route in spec["routes"].as_array().into_iter().flatten() {
                    for s in route["services"].as_array().into_iter().flatten() {
                        if let Some(name) = s["name"].as_str() {
                            edge(
                                &mut edges,
                                o.key,
                                find("Service", name, ns),
                                "routes to",
                                format!("Service {name}"),
                            );
                        }
                    }
                }
            }
            "Service" | "PodDisruptionBudget" => {
                let selector =
                    if o.kind == "Service" { &spec["selector"] } else { &spec["selector"]["matchLabels"] };
                let Some(selector) = selector.as_object().filter(|s| !s.is_empty()) else { continue };
                let via = if o.kind == "Service" { "selects" } else { "protects" };
                let matched: Vec<&Obj> = objects
                    .iter()
                    .filter(|w| w.namespace == ns && matches!(w.kind, "Deployment" | "DaemonSet"))
                    .filter(|w| {
                        let labels = &w.json["spec"]["template"]["metadata"]["labels"];
                        selector.iter().all(|(k, v)| labels.get(k) == Some(v))
                    })
                    .collect();
                let pods: Vec<String> =
                    selector.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect();
                let target = format!("pods {}", pods.join(","));
                if matched.is_empty() {
                    edge(&mut edges, o.key, None, via, target.clone());
                }
                for w in matched {
                    edge(&mut edges, o.key, Some(w.key.to_string()), via, target.clone());
                }
            }
            "HorizontalPodAutoscaler" | "ScaledObject" | "VerticalPodAutoscaler" => {
                let target = match o.kind {
                    "VerticalPodAutoscaler" => &spec["targetRef"],
                    _ => &spec["scaleTargetRef"],
                };
                if let Some(name) = target["name"].as_str() {
                    let kind = target["kind"].as_str().unwrap_or("Deployment");
                    edge(&mut edges, o.key, find(kind, name, ns), "scales", format!("{kind} {name}"));
                }
            }
            "Deployment" | "DaemonSet" | "CronJob" => {
                let pod = match o.kind {
                    "CronJob" => &spec["jobTemplate"]["spec"]["template"]["spec"],
                    _ => &spec["template"]["spec"],
                };
                for (kind, name, optional) in pod_references(pod) {
                    edges.push(Edge {
                        from: o.key.to_string(),
                        to: find(kind, &name, ns),
                        via: "uses",
                        target: format!("{kind} {name}"),
                        optional,
                        broken: false,
                    });
                }
            }
            _ => {}
        }
    }
    // Run-time objects: what owns them (ReplicaSet → Pod, CronJob → Job → Pod): the parent
    // kind of the same Convox owner whose name starts the object's name, the longest such.
    for e in analysis.entries.iter().filter(|e| e.object.is_none()) {
        let parents: &[&str] = match e.kind.as_str() {
            "ReplicaSet" => &["Deployment"],
            "Job" => &["CronJob"],
            "Pod" => &["ReplicaSet", "Job", "DaemonSet"],
            _ => continue,
        };
        let stem = |name: &str| name.split('<').next().unwrap_or(name).trim_end_matches('-').to_string();
        let owner = analysis
            .entries
            .iter()
            .filter(|o| {
                o.owner == e.owner && o.namespace == e.namespace && parents.contains(&o.kind.as_str())
            })
            .filter(|o| e.name.starts_with(&[stem(&o.name).as_str(), "-"].concat()))
            .max_by_key(|o| stem(&o.name).len());
        if let Some(owner) = owner {
            edge(&mut edges, &owner.key, Some(e.key.clone()), "owns", format!("{} {}", e.kind, e.name));
        }
    }
    for e in &mut edges {
        e.broken = e.broken();
    }
    let nodes = analysis
        .entries
        .iter()
        .filter(|e| e.kind != "Namespace" && e.kind != "Release")
        .map(|e| Node { key: e.key.clone(), kind: e.kind.clone(), name: e.name.clone() })
        .collect();
    Topology { nodes, edges }
}

/// The objects a pod spec refers to by name, and whether each is marked optional: its
/// ServiceAccount, image pull Secrets, and the Secrets, ConfigMaps and PVCs of its volumes
/// and of its containers' environment.
fn pod_references(pod: &Value) -> Vec<(&'static str, String, bool)> {
    let mut out: Vec<(&'static str, String, bool)> = Vec::new();
    let mut add = |kind: &'static str, r: &Value, field: &str| {
        if let Some(name) = r[field].as_str() {
            if !out.iter().any(|(k, n, _)| *k == kind && n == name) {
                out.push((kind, name.to_string(), r["optional"] == Value::Bool(true)));
            }
        }
    };
    add("ServiceAccount", pod, "serviceAccountName");
    for s in pod["imagePullSecrets"].as_array().into_iter().flatten() {
        add("Secret", s, "name");
    }
    for v in pod["volumes"].as_array().into_iter().flatten() {
        add("Secret", &v["secret"], "secretName");
        add("ConfigMap", &v["configMap"], "name");
        add("PersistentVolumeClaim", &v["persistentVolumeClaim"], "claimName");
    }
    let containers =
        ["initContainers", "containers"].into_iter().flat_map(|c| pod[c].as_array().into_iter().flatten());
    for c in containers {
        for from in c["envFrom"].as_array().into_iter().flatten() {
            add("Secret", &from["secretRef"], "name");
            add("ConfigMap", &from["configMapRef"], "name");
        }
        for env in c["env"].as_array().into_iter().flatten() {
            add("Secret", &env["valueFrom"]["secretKeyRef"], "name");
            add("ConfigMap", &env["valueFrom"]["configMapKeyRef"], "name");
        }
    }
    out
}
