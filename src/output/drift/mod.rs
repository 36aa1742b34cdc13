//! Drift: what convox.yml says the rack creates against what a cluster holds, from a dump of
//! the app's namespace (`kubectl get … -o yaml`, [`command`]), and what the next deploy does
//! about each difference.
//!
//! The dump is read ([`dump`]), objects of other namespaces and apps set aside and counted, the
//! cluster's bookkeeping dropped ([`normalize`]), and each rendered object compared with the
//! cluster's ([`compare`]) with the API server's defaults ([`defaults`]), quantities by value
//! ([`quantity`]) and the tool's stand-ins ([`standins`]) taken into account. The report uses the
//! change model of `output::diff` (the same [`Field`] paths, before = the cluster, after =
//! convox.yml, secret values hidden): objects **missing** from the cluster, objects in the
//! namespace the release does not render (**extra**), and **changed** objects, each difference
//! classified by what the next deploy does ([`Fate`]); run-time differences are *expected*, with
//! their reason, and are not drift.

pub mod command;
mod compare;
pub mod defaults;
pub mod dump;
pub mod normalize;
pub mod quantity;
pub mod render;
pub mod standins;

use crate::hashed::HashMap;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::diff::Field;
use crate::mapping::labels::atom_hash;
use crate::mapping::object::{TypeClass, RESOURCE_TYPES};
use crate::mapping::{Role, Writer};
use crate::{Analysis, Options};
use compare::{Finding, Pair};
use defaults::Index;

/// What the next deploy does to a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Fate {
    /// The rack writes convox.yml's value again (or creates the missing object, or prunes the
    /// extra one).
    Reverts,
    /// The rack leaves the cluster's value (or object) as it is.
    Keeps,
    /// Not drift: the cluster changes it at run time, or the tool shows a stand-in.
    Expected,
}

impl Fate {
    /// What the next deploy does, in words.
    pub fn words(self) -> &'static str {
        match self {
            Fate::Reverts => "the next deploy reverts it",
            Fate::Keeps => "the next deploy keeps it",
            Fate::Expected => "expected",
        }
    }
}

/// How an object differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "DriftChange"))]
pub enum Change {
    /// convox.yml renders it; the cluster does not have it.
    Missing,
    /// The cluster has it in the app's namespace; convox.yml does not render it.
    Extra,
    Changed,
}

/// One differing field, as `diff`'s [`Field`] with what the next deploy does: before (the
/// cluster) and after (convox.yml). (Not `#[serde(flatten)]`ed: flatten's map serializer
/// weighed a few KB of the wasm.)
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DriftField {
    pub path: String,
    #[cfg_attr(test, ts(type = "unknown"))]
    pub before: Value,
    #[cfg_attr(test, ts(type = "unknown"))]
    pub after: Value,
    pub fate: Fate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

impl DriftField {
    fn new(field: Field, fate: Fate, reason: Option<&'static str>) -> DriftField {
        DriftField { path: field.path, before: field.before, after: field.after, fate, reason }
    }
}

/// One object that differs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DriftObject {
    /// The rendered object's resource key (the page marks its card by it); none for an extra
    /// object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub change: Change,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The convox.yml owner (service, resource, timer) of a rendered object.
    pub owner: Option<String>,
    /// What the next deploy does: to the object (missing, extra), or to the first of its fields
    /// that it reverts (changed).
    pub fate: Fate,
    /// Why, for a missing or extra object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// An extra object's labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    pub fields: Vec<DriftField>,
    pub notes: Vec<String>,
}

/// Differences that are not drift, by reason.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Expected {
    pub reason: String,
    /// How many fields.
    pub fields: usize,
    /// The first few, as `Kind name path`.
    pub examples: Vec<String>,
}

/// An object of the namespace the cluster made at run time: not compared.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RunTimeObject {
    pub kind: String,
    pub name: String,
    pub reason: String,
}

/// The counts.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "DriftSummary"))]
pub struct Summary {
    pub missing: usize,
    pub extra: usize,
    pub changed: usize,
    /// Objects found on both sides and compared.
    pub compared: usize,
    /// Fields the next deploy reverts, keeps; fields that differ as expected.
    pub reverts: usize,
    pub keeps: usize,
    pub expected: usize,
    pub run_time: usize,
    /// Objects of other namespaces or apps, set aside.
    pub ignored: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    pub namespace: String,
    pub summary: Summary,
    pub objects: Vec<DriftObject>,
    pub expected: Vec<Expected>,
    pub run_time: Vec<RunTimeObject>,
    /// Objects set aside, by namespace (`""`: cluster-scoped objects of other apps).
    pub ignored: BTreeMap<String, usize>,
    pub notes: Vec<String>,
    /// What could not be read in the dump, at byte offsets of its text.
    #[serde(skip)]
    pub problems: Vec<dump::DumpProblem>,
}

impl Drift {
    /// Whether the cluster differs from convox.yml beyond what is expected.
    pub fn has_drift(&self) -> bool {
        !self.objects.is_empty()
    }

    /// Whether the dump could not be compared at all (unreadable, or nothing of the app in it).
    pub fn failed(&self) -> bool {
        self.problems.iter().any(|p| p.fatal)
    }
}

/// Examples kept per expected reason.
const EXAMPLES: usize = 3;

/// An object's identity: kind, namespace (`""` for cluster-scoped), name.
type Id = (String, String, String);

fn id_of(v: &Value) -> Id {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
    (s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// Compares `analysis` (made with `options`) with the dump `text`.
pub fn drift(analysis: &Analysis, options: &Options, text: &str) -> Drift {
    let ns = analysis.namespace.as_str();
    let mut out = Drift { namespace: ns.to_string(), ..Drift::default() };
    let read = dump::read(text);
    out.problems = read.problems;
    if read.objects.is_empty() {
        // `dump::read` said why.
        return out;
    }
    let ctx = crate::context(options);
    let standins = standins::list(&ctx);
    let atom = atom_hash(ns);
    let cluster_scoped = |kind: &str| {
        RESOURCE_TYPES.iter().any(|t| t.kind == kind && t.class == TypeClass::Cluster)
            || matches!(
                kind,
                "StorageClass" | "ClusterRole" | "ClusterRoleBinding" | "Node" | "CustomResourceDefinition"
            )
    };

    // The rendered objects, by identity, in apply order.
    let mut rendered: Vec<(Id, &crate::catalog::Entry, Value)> = Vec::new();
    for e in analysis.entries.iter().filter(|e| e.object.is_some()) {
        if e.role.map(Role::writer) == Some(Writer::Rack) {
            continue;
        }
        let json = e.object.as_deref().and_then(|o| super::json::to_string(o).ok());
        let Some(value) = json.and_then(|t| serde_json::from_str::<Value>(&t).ok()) else { continue };
        rendered.push((id_of(&value), e, value));
    }
    let rendered_ids: HashMap<&Id, usize> =
        rendered.iter().enumerate().map(|(i, (id, _, _))| (id, i)).collect();

    // The cluster's objects of this app; the rest counted.
    let mut live: HashMap<Id, Value> = HashMap::default();
    let mut live_order: Vec<Id> = Vec::new();
    let mut duplicates = 0;
    let mut kinds_seen: BTreeMap<String, usize> = BTreeMap::new();
    for o in read.objects {
        let (kind, namespace, name) = id_of(&o.value);
        let id = if cluster_scoped(&kind) {
            let labels = o.value.pointer("/metadata/labels");
            let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
            let ours = (kind == "Namespace" && name == ns)
                || rendered_ids.contains_key(&(kind.clone(), String::new(), name.clone()))
                || (kind == "PersistentVolume"
                    && label("app") == Some(analysis.app.as_str())
                    && label("rack") == Some(analysis.rack.as_str()));
            if !ours {
                *out.ignored.entry(String::new()).or_insert(0) += 1;
                continue;
            }
            (kind, String::new(), name)
        } else {
            // An object written without its namespace is read as `kubectl apply -n` would.
            let namespace = if namespace.is_empty() { ns.to_string() } else { namespace };
            if namespace != ns {
                *out.ignored.entry(namespace).or_insert(0) += 1;
                continue;
            }
            (kind, namespace, name)
        };
        *kinds_seen.entry(id.0.clone()).or_insert(0) += 1;
        if live.contains_key(&id) {
            duplicates += 1;
            continue;
        }
        live_order.push(id.clone());
        live.insert(id, o.value);
    }
    out.summary.ignored = out.ignored.values().sum();
    if live.is_empty() {
        let seen: Vec<&str> =
            out.ignored.keys().filter(|k| !k.is_empty()).map(String::as_str).take(5).collect();
        out.problems.push(dump::DumpProblem {
            message: format!(
                "nothing in the dump is in namespace {ns}{}: compare with the --rack and --app of the app it holds",
                if seen.is_empty() { String::new() } else { format!(" (it holds namespaces {})", seen.join(", ")) }
            ),
            at: 0,
            fatal: true,
        });
        return out;
    }

    // What autoscales each workload (an HPA's or ScaledObject's target).
    let mut autoscalers: HashMap<String, String> = HashMap::default();
    for (_, e, v) in &rendered {
        if matches!(e.kind.as_str(), "HorizontalPodAutoscaler" | "ScaledObject") {
            if let Some(target) = v.pointer("/spec/scaleTargetRef/name").and_then(Value::as_str) {
                autoscalers.insert(target.to_string(), format!("{} {}", e.kind, e.name));
            }
        }
    }

    let mut indexes: HashMap<String, Index> = HashMap::default();
    let mut expected: Vec<(String, Expected)> = Vec::new();
    for (id, e, value) in &rendered {
        let Some(found) = live.remove(id) else {
            let api = e.role.map(Role::writer) == Some(Writer::Api);
            out.objects.push(DriftObject {
                key: Some(e.key.clone()),
                change: Change::Missing,
                kind: e.kind.clone(),
                name: e.name.clone(),
                namespace: e.namespace.clone(),
                owner: e.owner.clone(),
                fate: Fate::Reverts,
                reason: Some(if api {
                    "the rack creates it through the Kubernetes API at the next deploy".into()
                } else {
                    "the next deploy creates it".into()
                }),
                labels: BTreeMap::new(),
                fields: Vec::new(),
                notes: Vec::new(),
            });
            continue;
        };
        let live_version = found.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
        if !live_version.is_empty() && live_version != e.api_version {
            out.notes.push(format!(
                "{} {} is in the dump as {live_version}, and convox.yml renders {}: not compared (the capture \
                 command names the version)",
                e.kind, e.name, e.api_version
            ));
            continue;
        }
        out.summary.compared += 1;
        let mut live_object = found;
        let applied = normalize::drop_bookkeeping(&e.kind, &mut live_object);
        let index = indexes.entry(e.kind.clone()).or_insert_with(|| {
            Index::new(
                &e.kind,
                normalize::RUNTIME.iter().filter(|r| r.kinds.contains(&e.kind.as_str())).map(|r| r.at),
            )
        });
        let pair = Pair {
            kind: &e.kind,
            role: e.role,
            live: &live_object,
            applied: applied.as_ref(),
            custom: RESOURCE_TYPES.iter().any(|t| t.kind == e.kind && t.class == TypeClass::Custom),
            autoscaler: autoscalers.get(&e.name).map(String::as_str).filter(|_| e.kind == "Deployment"),
            standins: &standins,
            index,
        };
        let mut fields = Vec::new();
        for finding in compare::compare(&pair, value) {
            match finding {
                Finding::Drift { field, fate, reason } => fields.push(DriftField::new(field, fate, reason)),
                Finding::Expected { reason, path } => {
                    out.summary.expected += 1;
                    let example = format!("{} {} {path}", e.kind, e.name);
                    match expected.iter_mut().find(|(r, _)| *r == reason) {
                        Some((_, x)) => {
                            x.fields += 1;
                            if x.examples.len() < EXAMPLES {
                                x.examples.push(example);
                            }
                        }
                        None => expected
                            .push((reason.clone(), Expected { reason, fields: 1, examples: vec![example] })),
                    }
                }
            }
        }
        if fields.is_empty() {
            continue;
        }
        let mut notes = Vec::new();
        let template = |f: &DriftField| f.fate == Fate::Reverts && f.path.starts_with("spec.template.");
        if matches!(e.kind.as_str(), "Deployment" | "DaemonSet") && fields.iter().any(template) {
            notes.push("Reverting its pod template rolls out new pods.".into());
        }
        let fate = if fields.iter().any(|f| f.fate == Fate::Reverts) { Fate::Reverts } else { Fate::Keeps };
        out.objects.push(DriftObject {
            key: Some(e.key.clone()),
            change: Change::Changed,
            kind: e.kind.clone(),
            name: e.name.clone(),
            namespace: e.namespace.clone(),
            owner: e.owner.clone(),
            fate,
            reason: None,
            labels: BTreeMap::new(),
            fields,
            notes,
        });
    }
    out.expected = expected.into_iter().map(|(_, x)| x).collect();

    // What is left in the namespace: made at run time, pruned by the next deploy, or kept.
    for id in live_order {
        let Some(v) = live.remove(&id) else { continue };
        let (kind, namespace, name) = id;
        match extra(&kind, &name, &v, &atom) {
            Extra::RunTime(reason) => out.run_time.push(RunTimeObject { kind, name, reason }),
            Extra::Drift(fate, reason) => {
                let labels = v
                    .pointer("/metadata/labels")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                out.objects.push(DriftObject {
                    key: None,
                    change: Change::Extra,
                    kind,
                    name,
                    namespace: (!namespace.is_empty()).then_some(namespace),
                    owner: None,
                    fate,
                    reason: Some(reason),
                    labels,
                    fields: Vec::new(),
                    notes: Vec::new(),
                });
            }
        }
    }

    // Counts and notes.
    let count = |c: Change| out.objects.iter().filter(|o| o.change == c).count();
    out.summary.missing = count(Change::Missing);
    out.summary.extra = count(Change::Extra);
    out.summary.changed = count(Change::Changed);
    let fields = out.objects.iter().flat_map(|o| &o.fields);
    out.summary.reverts = fields.clone().filter(|f| f.fate == Fate::Reverts).count();
    out.summary.keeps = fields.filter(|f| f.fate == Fate::Keeps).count();
    out.summary.run_time = out.run_time.len();
    let mut absent_kinds: Vec<&str> = out
        .objects
        .iter()
        .filter(|o| o.change == Change::Missing && !kinds_seen.contains_key(&o.kind))
        .map(|o| o.kind.as_str())
        .collect();
    absent_kinds.dedup();
    if !absent_kinds.is_empty() {
        out.notes.push(format!(
            "The dump has no {} at all: if it was not captured with the command convox-k8s prints (`convox-k8s \
             drift --command`), those objects may only be missing from the dump.",
            absent_kinds.join(", ")
        ));
    }
    if duplicates > 0 {
        out.notes.push(format!(
            "{duplicates} objects appear more than once in the dump: the first of each is compared."
        ));
    }
    out
}

/// What an object of the namespace that the release does not render is.
enum Extra {
    /// Made at run time by a controller or the cluster: not drift.
    RunTime(String),
    Drift(Fate, String),
}

fn extra(kind: &str, name: &str, v: &Value, atom: &str) -> Extra {
    let meta = v.get("metadata");
    let label = |k: &str| {
        meta.and_then(|m| m.pointer(&format!("/labels/{}", k.replace('/', "~1")))).and_then(Value::as_str)
    };
    let annotation = |k: &str| {
        meta.and_then(|m| m.pointer(&format!("/annotations/{}", k.replace('/', "~1"))))
            .and_then(Value::as_str)
    };
    let owner = meta.and_then(|m| m.get("ownerReferences")).and_then(Value::as_array).and_then(|refs| {
        refs.iter().find(|r| r.get("controller") == Some(&Value::Bool(true))).or(refs.first())
    });
    if let Some(o) = owner {
        let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default();
        return Extra::RunTime(format!("made by {} {}", s("kind"), s("name")));
    }
    if let Some(cert) = annotation("cert-manager.io/certificate-name") {
        return Extra::RunTime(format!("issued by cert-manager for Certificate {cert}"));
    }
    match (kind, name) {
        ("ServiceAccount", "default") | ("ConfigMap", "kube-root-ca.crt") => {
            return Extra::RunTime("made by Kubernetes in every namespace".into())
        }
        (
            "Endpoints" | "EndpointSlice" | "Event" | "Pod" | "ReplicaSet" | "Job" | "ControllerRevision",
            _,
        ) => return Extra::RunTime("made by the cluster at run time".into()),
        _ => {}
    }
    if annotation(normalize::LAST_APPLIED).is_some() && label("atom") == Some(atom) {
        return Extra::Drift(
            Fate::Reverts,
            "the rack applied it before and convox.yml no longer renders it: the next deploy prunes (deletes) it".into(),
        );
    }
    if kind == "Secret" && label("type") == Some("config") {
        return Extra::Drift(
            Fate::Keeps,
            "a config Secret the rack made through the API for a config convox.yml no longer has: the rack never \
             deletes it"
                .into(),
        );
    }
    if kind == "Secret" && name == crate::mapping::config::DOCKER_HUB_SECRET {
        return Extra::Drift(
            Fate::Keeps,
            "the rack makes it when it has Docker Hub credentials, and never deletes it".into(),
        );
    }
    if kind == "PodDisruptionBudget" && label("system") == Some("convox") {
        return Extra::Drift(
            Fate::Keeps,
            "the rack's deployment controller made it through the API, and never deletes it".into(),
        );
    }
    if label("atom") == Some(atom) {
        return Extra::Drift(
            Fate::Keeps,
            "it carries the release's atom label but was not applied by the rack (no last-applied annotation): the \
             next deploy leaves it"
                .into(),
        );
    }
    Extra::Drift(
        Fate::Keeps,
        "made outside the rack (by hand or another tool): the next deploy leaves it".into(),
    )
}
