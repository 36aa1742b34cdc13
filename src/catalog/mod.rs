//! `catalog` describes each mapped object for a person at a terminal: kind, name, namespace,
//! naming pattern, labels, where in convox.yml it came from, notes, and kubectl commands that
//! find and debug it on a real cluster. It also adds the objects the cluster itself creates at
//! run time (ReplicaSets, Pods, Jobs) and the release, with `object: None`.

pub mod absent;
mod commands;
pub mod edit;
pub mod kinds;
mod places;
pub mod provenance;
mod runtime;

pub use places::Blocks;

use crate::hashed::HashMap;
use std::fmt::Write as _;

use k8s_openapi::api::core::v1::ServiceSpec;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::diagnostic::Span;
use crate::manifest::{Manifest, SourceMap};
use crate::mapping::{Concept, Context, Generated, Labels, Mapped, Object, Role};
use commands::Target;

/// One row of the catalog: the JSON contract's `resources[]` item, with a byte span where the
/// contract has line/column.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Unique within one analysis: `<kind>/<namespace>/<name>`, with `~2`, `~3`… added to a
    /// repeat (only hostile input repeats one). The page and the diff identify objects by it.
    pub key: String,
    pub kind: String,
    pub api_version: String,
    pub name: String,
    /// `None` for cluster-scoped objects.
    pub namespace: Option<String>,
    /// The naming pattern, e.g. `timer-<timer-name>`.
    pub pattern: String,
    pub concept: Concept,
    /// What the object is for; `None` for run-time objects.
    pub role: Option<Role>,
    pub owner: Option<String>,
    pub labels: Labels,
    pub source: Option<Source>,
    pub notes: Vec<String>,
    pub kubectl: Vec<Kubectl>,
    /// The troubleshooting rows this object brings (symptom, cause, commands).
    pub issues: Vec<Issue>,
    /// `None` for objects the cluster creates at run time. Boxed: objects are large, and the
    /// catalog's rows are moved around (pushed, filtered) many times.
    pub object: Option<Box<Object>>,
}

/// Where in convox.yml an entry came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// convox.yml path, e.g. `services.web`.
    pub path: String,
    /// The key's span.
    pub span: Span,
    /// The key and its whole value (a service's name and every line under it).
    pub range: Span,
    /// The keys under the owner that shaped this object ([`provenance`]); empty when the
    /// table knows none, and then the whole `range` is its provenance.
    pub keys: Vec<provenance::KeySpan>,
}

/// One kubectl command with what it is for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Kubectl {
    /// What it is for; static for the catalog's own commands.
    pub description: std::borrow::Cow<'static, str>,
    pub command: String,
}

/// A troubleshooting row: a symptom, its usual Kubernetes cause, and the commands that tell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Issue {
    pub symptom: String,
    pub cause: String,
    pub commands: Vec<Kubectl>,
}

/// Describes every mapped object, in apply order, followed by the run-time objects.
pub fn build(mapped: Mapped, manifest: &Manifest, source_map: &SourceMap, ctx: &Context) -> Vec<Entry> {
    build_with(mapped, manifest, source_map, ctx, None, Earlier::default(), None).0
}

/// An earlier catalog of the same options, handed to [`build_reusing`]: its entries (moved
/// into the new catalog where reused) and the convox.yml path each object entry was built from.
#[derive(Debug, Default)]
pub struct Earlier {
    entries: Vec<Option<Entry>>,
    paths: Vec<String>,
    /// Its text and where its entries' owner blocks were in it ([`Earlier::with_blocks`]).
    blocks: Option<(String, Blocks)>,
}

impl Earlier {
    /// The catalog `entries` built with [`build_reusing`], which returned `paths`.
    pub fn new(entries: Vec<Entry>, paths: Vec<String>) -> Earlier {
        Earlier { entries: entries.into_iter().map(Some).collect(), paths, blocks: None }
    }

    /// With that catalog's `text` and what its [`Reuse::blocks`] said of it: a reused entry's
    /// place moves with its block where that reads the same ([`places`]).
    pub fn with_blocks(mut self, text: String, blocks: Option<Blocks>) -> Earlier {
        self.blocks = blocks.map(|b| (text, b));
        self
    }

    /// The index of each run-time entry still held, by kind, name and owner (the first of any
    /// two alike).
    fn runtime_index(&self) -> HashMap<(&str, &str, Option<&str>), usize> {
        let mut index: HashMap<(&str, &str, Option<&str>), usize> = HashMap::default();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(e) = e.as_ref().filter(|e| e.object.is_none() && e.role.is_none()) {
                index.entry((e.kind.as_str(), e.name.as_str(), e.owner.as_deref())).or_insert(i);
            }
        }
        index
    }

    /// The objects of entries `range` (an entry's index is its object's in the mapping it was
    /// built from) as mapping made them, moved out of their entries: for
    /// [`crate::mapping::map_keeping`], which gives them back to [`build_reusing`] (each entry
    /// then gets its object again). `None`, taking nothing, unless each has its object.
    pub fn take(&mut self, range: std::ops::Range<usize>) -> Option<Vec<Generated>> {
        let all = self.entries.get(range.clone())?;
        if !all.iter().all(|e| e.as_ref().is_some_and(|e| e.object.is_some() && e.role.is_some())) {
            return None;
        }
        let mut objects = Vec::with_capacity(range.len());
        for i in range {
            let e = self.entries[i].as_mut()?;
            objects.push(Generated {
                object: *e.object.take()?,
                role: e.role?,
                concept: e.concept,
                owner: e.owner.clone(),
                source: self.paths.get(i)?.clone(),
                notes: e.notes.clone(),
            });
        }
        Some(objects)
    }
}

/// What [`build_reusing`] gives beside the entries: for each entry, the index in
/// [`Earlier`]'s entries of the one it reused (its commands, rows and object), the convox.yml
/// path of each object entry, for the next [`Earlier`], and what it did not use.
#[derive(Debug, Default)]
pub struct Reuse {
    pub from: Vec<Option<usize>>,
    /// How many of the reused entries' objects mapping was given back instead of making them.
    pub kept: usize,
    pub paths: Vec<String>,
    pub unused: Unused,
    /// For the next edit's [`Earlier::with_blocks`], where the text was its plain reading.
    pub blocks: Option<Blocks>,
}

/// The new objects an earlier entry stood in for, and the earlier entries nothing reused: to
/// be dropped when it costs nobody a wait (freeing a 200-service edit's objects took about a
/// fifth of the edit, natively).
#[derive(Debug, Default)]
pub struct Unused {
    objects: Vec<Generated>,
    entries: Vec<Entry>,
    /// Whatever else the analysis is done with ([`Unused::defer`]).
    later: Later,
}

/// Values dropped with the [`Unused`] that holds them.
#[derive(Default)]
struct Later(Vec<Box<dyn std::any::Any>>);

impl std::fmt::Debug for Later {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Later({} values)", self.0.len())
    }
}

impl Unused {
    /// How many objects and entries it holds.
    pub fn len(&self) -> usize {
        self.objects.len() + self.entries.len()
    }

    /// Holds `value` until this is dropped: what an analysis is done with (the YAML tree, the
    /// source map, the model the edit before was compared with), freed once the result is out.
    /// Freeing them took 6 % of a one-service edit of 200 services, natively.
    pub fn defer<T: 'static>(&mut self, value: T) {
        self.later.0.push(Box::new(value));
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// [`build`], reusing what an `earlier` catalog built on the same [`Context`] said of the
/// objects of each owner (a service, timer, resource, balancer; the app; the rack) whose
/// objects are all equal to the earlier ones, in the same order: an owner's commands read
/// only its own objects (its workload, its autoscaler's maximum) and the context. Positions
/// (`source`) and keys are always computed again. The result equals [`build`]'s.
pub fn build_reusing(
    mapped: Mapped,
    manifest: &Manifest,
    source_map: &SourceMap,
    ctx: &Context,
    earlier: Earlier,
    now: Option<&str>,
) -> (Vec<Entry>, Reuse) {
    build_with(mapped, manifest, source_map, ctx, None, earlier, now)
}

/// For each of `objects`, the index of the earlier entry that is the same object of an owner
/// whose objects are all unchanged; `kept` (mapping gave them back: `(object, entry)`) are
/// the earlier entries' own, whatever their owner's other objects are.
fn unchanged(objects: &[Generated], kept: &[(usize, usize)], earlier: &Earlier) -> Vec<Option<usize>> {
    type Owner<'a> = (Concept, Option<&'a str>);
    let mut before: HashMap<Owner, Vec<usize>> = HashMap::default();
    for (i, e) in earlier.entries.iter().enumerate() {
        if let Some(e) = e.as_ref().filter(|e| e.object.is_some()) {
            before.entry((e.concept, e.owner.as_deref())).or_default().push(i);
        }
    }
    let mut from = vec![None; objects.len()];
    for &(j, i) in kept {
        from[j] = Some(i);
    }
    // The playground's first wasm build compares no objects (`crate::COMPARE_OBJECTS`).
    if !crate::COMPARE_OBJECTS {
        return from;
    }
    let mut now: HashMap<Owner, Vec<usize>> = HashMap::default();
    for (j, g) in objects.iter().enumerate() {
        if from[j].is_none() {
            now.entry((g.concept, g.owner.as_deref())).or_default().push(j);
        }
    }
    for (owner, js) in now {
        let Some(is) = before.get(&owner) else { continue };
        let same = is.len() == js.len()
            && is.iter().zip(&js).all(|(&i, &j)| {
                let (Some(e), g) = (&earlier.entries[i], &objects[j]) else { return false };
                e.role == Some(g.role)
                    && earlier.paths.get(i) == Some(&g.source)
                    && e.notes == g.notes
                    && e.object.as_deref() == Some(&g.object)
            });
        if same {
            for (&i, j) in is.iter().zip(js) {
                from[j] = Some(i);
            }
        }
    }
    from
}

/// [`build`], also pushing to `targets`, per entry, what each command's `-l` selector is
/// meant to find (for the tests).
fn build_with(
    mapped: Mapped,
    manifest: &Manifest,
    source_map: &SourceMap,
    ctx: &Context,
    mut targets: Option<&mut Vec<Vec<Target>>>,
    mut earlier: Earlier,
    now: Option<&str>,
) -> (Vec<Entry>, Reuse) {
    let mut places = places::Places::new(source_map, now, earlier.blocks.take());
    // First everything that only reads the mapped objects (commands, run-time rows); then
    // the objects, owners, sources and notes move into their entries instead of being cloned.
    let objects = &mapped.objects;
    let mut from = unchanged(objects, &mapped.kept, &earlier);
    let mapped_kept = mapped.kept.len();
    let paths: Vec<String> = objects.iter().map(|g| g.source.clone()).collect();
    let workloads = Workloads::index(objects);
    let mut scratch = String::new();
    let mut object_commands = Vec::with_capacity(objects.len());
    let mut mine = Vec::new();
    for (g, reused) in objects.iter().zip(&from) {
        if reused.is_some() {
            object_commands.push((Vec::new(), Vec::new()));
            continue;
        }
        let vars = Vars::of(ctx, g, g.object.name(), &workloads);
        let kubectl = vars.render(commands::spec(g.role).commands, &mut scratch, &mut mine);
        let issues = commands::issues(g.role)
            .iter()
            .map(|i| Issue {
                symptom: vars.filled(i.symptom, &mut scratch),
                cause: vars.filled(i.cause, &mut scratch),
                commands: vars.render(i.commands, &mut scratch, &mut mine),
            })
            .collect::<Vec<_>>();
        object_commands.push((kubectl, issues));
        if let Some(t) = targets.as_deref_mut() {
            t.push(std::mem::take(&mut mine));
        }
        mine.clear();
    }
    // The rows of a reused object stand for its earlier entries: made bare, without labels and
    // notes (not when collecting `targets`, which reuses nothing).
    let runtime_rows = runtime::rows(objects, manifest, ctx, |at| targets.is_none() && from[at].is_some());
    let mut entries = Vec::with_capacity(objects.len() + runtime_rows.len());
    let mut runtime_entries = Vec::with_capacity(runtime_rows.len());
    let mut runtime_from = Vec::with_capacity(runtime_rows.len());
    // A row read only its object, that object's owner's workload and autoscaler, and the
    // context (the release's also the first service's name): where its object was reused, so
    // is the earlier entry, as it was (at 200 services that is nearly every one of 481 rows,
    // and rendering their commands again was 4 % of an edit).
    let found: Vec<Option<usize>> = {
        let index = if targets.is_none() { earlier.runtime_index() } else { HashMap::default() };
        runtime_rows
            .iter()
            .map(|row| {
                let reusable = row.kind != "Release" && from[row.at].is_some();
                let key = (row.kind, row.name.as_str(), row.from.owner.as_deref());
                reusable.then(|| index.get(&key).copied()).flatten()
            })
            .collect()
    };
    for (row, found) in runtime_rows.into_iter().zip(found) {
        if let Some((i, mut e)) = found.and_then(|i| Some((i, earlier.entries[i].take()?))) {
            let (concept, owner) = (row.from.concept, row.from.owner.as_deref());
            e.source = places.again(e.source.take(), row.from.source.clone(), concept, owner, row.kind);
            runtime_entries.push(e);
            runtime_from.push(Some(i));
            continue;
        }
        runtime_from.push(None);
        let row = runtime::whole(row, ctx);
        let vars = Vars::of(ctx, row.from, &row.name, &workloads);
        let kubectl = vars.render(row.spec.commands, &mut scratch, &mut mine);
        if let Some(t) = targets.as_deref_mut() {
            t.push(std::mem::take(&mut mine));
        }
        mine.clear();
        runtime_entries.push(Entry {
            key: String::new(),
            kind: row.kind.to_string(),
            api_version: row.api_version.to_string(),
            name: row.name,
            namespace: Some(ctx.namespace().to_string()),
            pattern: row.spec.pattern.to_string(),
            concept: row.from.concept,
            role: None,
            owner: row.from.owner.clone(),
            labels: row.labels,
            source: places.find(
                row.from.source.clone(),
                row.from.concept,
                row.from.owner.as_deref(),
                row.kind,
            ),
            notes: row.notes,
            kubectl,
            issues: Vec::new(),
            object: None,
        });
    }
    let mut unused = Unused::default();
    for ((mut g, (kubectl, issues)), reused) in mapped.objects.into_iter().zip(object_commands).zip(&from) {
        if let Some(mut e) = reused.and_then(|i| earlier.entries[i].take()) {
            let path = std::mem::take(&mut g.source);
            e.source = places.again(e.source.take(), path, g.concept, g.owner.as_deref(), g.object.kind());
            // An object mapping was given back (`Earlier::take_owner`) returns to its entry.
            if e.object.is_none() {
                e.object = Some(Box::new(g.object));
            } else {
                unused.objects.push(g);
            }
            entries.push(e);
            continue;
        }
        let Generated { object, role, concept, owner, source: path, notes } = g;
        let source = places.find(path, concept, owner.as_deref(), object.kind());
        entries.push(Entry {
            key: String::new(),
            kind: object.kind().to_string(),
            api_version: object.api_version().to_string(),
            name: object.name().to_string(),
            namespace: object.namespace().map(str::to_string),
            pattern: commands::spec(role).pattern.to_string(),
            concept,
            role: Some(role),
            owner,
            labels: object.metadata().labels.clone().unwrap_or_default(),
            source,
            notes,
            kubectl,
            issues,
            object: Some(Box::new(object)),
        });
    }
    let first = entries.len();
    from.extend(runtime_from);
    reuse_runtime(&mut runtime_entries, &mut earlier, &mut from[first..], &mut unused);
    entries.append(&mut runtime_entries);
    assign_keys(&mut entries);
    unused.entries.extend(earlier.entries.into_iter().flatten());
    (entries, Reuse { from, kept: mapped_kept, paths, unused, blocks: places.finish() })
}

/// Puts back each earlier run-time entry that `now` has again, equal but for its position
/// (which it takes from the new one), among those `from` does not already give (the rows of
/// reused objects): its row was made again from an object that changed, or is the release's,
/// and the new one is kept for [`Unused`], but the view's fingerprint of the earlier one
/// then stands.
fn reuse_runtime(now: &mut [Entry], earlier: &mut Earlier, from: &mut [Option<usize>], unused: &mut Unused) {
    let before = earlier.runtime_index();
    let pairs: Vec<(usize, usize)> = now
        .iter()
        .enumerate()
        .filter(|(j, _)| from[*j].is_none())
        .filter_map(|(j, e)| {
            let &i = before.get(&(e.kind.as_str(), e.name.as_str(), e.owner.as_deref()))?;
            same_but_position(e, earlier.entries[i].as_ref()?).then_some((j, i))
        })
        .collect();
    for (j, i) in pairs {
        if let Some(mut e) = earlier.entries[i].take() {
            std::mem::swap(&mut e, &mut now[j]);
            now[j].source = e.source.take();
            unused.entries.push(e);
            from[j] = Some(i);
        }
    }
}

/// Whether two run-time entries are the same but for where in convox.yml they are (their
/// keys are given later, and compared by the session). Every field is named, so that a new one
/// cannot be left out of the comparison unnoticed.
fn same_but_position(a: &Entry, b: &Entry) -> bool {
    let Entry {
        key: _,
        kind,
        api_version,
        name,
        namespace,
        pattern,
        concept,
        role,
        owner,
        labels,
        source,
        notes,
        kubectl,
        issues,
        object,
    } = a;
    object.is_none()
        && b.object.is_none()
        && (kind, api_version, name, namespace, pattern)
            == (&b.kind, &b.api_version, &b.name, &b.namespace, &b.pattern)
        && (concept, role, owner, labels, notes) == (&b.concept, &b.role, &b.owner, &b.labels, &b.notes)
        && (kubectl, issues) == (&b.kubectl, &b.issues)
        && source.as_ref().map(|s| &s.path) == b.source.as_ref().map(|s| &s.path)
}

/// Gives each entry its unique key, in order.
fn assign_keys(entries: &mut [Entry]) {
    let mut seen: HashMap<String, usize> = crate::hashed::map_with_capacity(entries.len());
    for e in entries {
        let mut key = String::with_capacity(e.kind.len() + e.name.len() + 24);
        key.push_str(&e.kind);
        key.push('/');
        key.push_str(e.namespace.as_deref().unwrap_or_default());
        key.push('/');
        key.push_str(&e.name);
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            // Writing to a String cannot fail.
            let _ = write!(key, "~{n}");
        }
        e.key = key;
    }
}

/// Each owner's Deployment/DaemonSet, indexed once so describing n objects stays linear.
struct Workloads<'a> {
    by_owner: HashMap<(Concept, Option<&'a str>), &'a Generated>,
    /// The most replicas an autoscaler (HPA or ScaledObject) may give each owner's workload.
    scaled_max: HashMap<(Concept, Option<&'a str>), i32>,
}

/// KEDA's default `maxReplicaCount` (keda.sh/docs: ScaledObject spec).
const KEDA_DEFAULT_MAX_REPLICAS: i32 = 100;

impl<'a> Workloads<'a> {
    fn index(all: &'a [Generated]) -> Workloads<'a> {
        let mut by_owner = HashMap::default();
        let mut scaled_max = HashMap::default();
        for w in all {
            let key = (w.concept, w.owner.as_deref());
            let max = match &w.object {
                Object::Deployment(_) | Object::DaemonSet(_) => {
                    by_owner.entry(key).or_insert(w);
                    continue;
                }
                Object::HorizontalPodAutoscaler(h) => h.spec.as_ref().map(|s| s.max_replicas),
                Object::ScaledObject(s) => {
                    Some(s.spec.max_replica_count.unwrap_or(KEDA_DEFAULT_MAX_REPLICAS))
                }
                _ => None,
            };
            if let Some(max) = max {
                let at = scaled_max.entry(key).or_insert(max);
                *at = (*at).max(max);
            }
        }
        Workloads { by_owner, scaled_max }
    }

    /// The workload whose pods a row's `Pods` commands look at: the row's own object when it
    /// is one, else the Deployment/DaemonSet of the same owner and concept.
    fn of(&self, g: &'a Generated) -> Option<&'a Generated> {
        if g.object.pod_template().is_some() {
            return Some(g);
        }
        self.by_owner.get(&(g.concept, g.owner.as_deref())).copied()
    }

    /// The most pods of Deployment `w` that can run at once: its replicas, or its autoscaler's
    /// maximum, plus the surge a rollout adds (`maxSurge`, rounded up as Kubernetes does).
    fn most_pods(&self, w: &Generated) -> Option<i32> {
        let Object::Deployment(d) = &w.object else { return None };
        let spec = d.spec.as_ref()?;
        let scaled = self.scaled_max.get(&(w.concept, w.owner.as_deref())).copied();
        let replicas = spec.replicas.unwrap_or(1).max(scaled.unwrap_or(0));
        let surge = match spec
            .strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref())
            .and_then(|r| r.max_surge.as_ref())
        {
            Some(IntOrString::Int(n)) => *n,
            Some(IntOrString::String(p)) => {
                let percent: i64 = p.trim_end_matches('%').parse().unwrap_or(25);
                let pods = i64::from(replicas).saturating_mul(percent).saturating_add(99) / 100;
                i32::try_from(pods).unwrap_or(i32::MAX)
            }
            // Kubernetes' default maxSurge, 25%; a Recreate strategy adds none.
            None if spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate") => 0,
            None => replicas / 4 + i32::from(replicas % 4 != 0),
        };
        // A scale of billions (hostile input) saturates rather than overflows.
        Some(replicas.saturating_add(surge))
    }
}

/// kubectl's default `--max-log-requests`: following more pods than this by a selector fails
/// ("you are attempting to follow N log streams, but maximum allowed concurrency is 5").
const KUBECTL_MAX_LOG_REQUESTS: i32 = 5;

static NO_LABELS: Labels = Labels::new();

/// Pod-template labels of `workload`.
fn pod_labels(workload: &Generated) -> &Labels {
    workload
        .object
        .pod_template()
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&NO_LABELS)
}

/// Writes the narrowest selector for a workload's pods: `type` plus the label that names it
/// (`service=` for services, `resource=` for resources, `name=` for timers). `service=` alone
/// would also match the pods of timers that run on that service.
fn write_pod_selector(pods: &Labels, out: &mut String) {
    let kind = pods.get("type");
    let key = match kind.map(String::as_str) {
        Some("resource") => "resource",
        Some("timer") => "name",
        _ => "service",
    };
    let mut parts = [(key, pods.get(key)), ("type", kind)].into_iter().filter_map(|(k, v)| Some((k, v?)));
    write_pairs(&mut parts, out);
}

/// Writes `k=v` pairs joined by `,`.
fn write_pairs<'a>(pairs: &mut dyn Iterator<Item = (&'a str, &'a String)>, out: &mut String) {
    for (i, (k, v)) in pairs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

/// Placeholder values for one row, all borrowed from the row, its object and the context:
/// commands are written straight from them, with no intermediate strings.
struct Vars<'a> {
    ctx: &'a Context,
    /// The row's name (the object's, or the run-time row's).
    name: &'a str,
    /// The object the row is, or comes from.
    object: &'a Object,
    owner: &'a str,
    workload: Option<&'a Generated>,
    /// The most pods of the workload that can run at once (Deployments).
    most_pods: Option<i32>,
    labels: &'a Labels,
}

impl<'a> Vars<'a> {
    fn of(ctx: &'a Context, g: &'a Generated, name: &'a str, workloads: &Workloads<'a>) -> Vars<'a> {
        let workload = workloads.of(g);
        Vars {
            ctx,
            name,
            object: &g.object,
            owner: g.owner.as_deref().unwrap_or_default(),
            workload,
            most_pods: workload.and_then(|w| workloads.most_pods(w)),
            labels: g.object.metadata().labels.as_ref().unwrap_or(&NO_LABELS),
        }
    }

    /// Renders each command of `commands`, using `scratch` as the buffer so each command is
    /// allocated once at its final length; adds the commands' targets when asked.
    fn render(
        &self,
        commands: &[commands::Cmd],
        scratch: &mut String,
        targets: &mut Vec<Target>,
    ) -> Vec<Kubectl> {
        targets.extend(commands.iter().map(|c| c.target));
        commands
            .iter()
            .map(|c| {
                scratch.clear();
                self.fill(c.command, scratch);
                Kubectl { description: c.description.into(), command: scratch.as_str().to_owned() }
            })
            .collect()
    }

    /// `template` with its placeholders filled.
    fn filled(&self, template: &str, scratch: &mut String) -> String {
        scratch.clear();
        self.fill(template, scratch);
        scratch.as_str().to_owned()
    }

    /// Substitutes `{key}` and `{label:KEY}` into `out`; anything else in braces (jsonpath,
    /// go-template) is left alone.
    fn fill(&self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let written = after.find('}').filter(|&close| self.write(&after[..close], out));
            match written {
                Some(close) => rest = &after[close + 1..],
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }

    /// Writes the value of placeholder `key` to `out`; `false` (writing nothing) when `key`
    /// is not a placeholder or names a label the object does not have.
    fn write(&self, key: &str, out: &mut String) -> bool {
        let ctx = self.ctx;
        let text = match key {
            "name" => self.name,
            "ns" => self.object.namespace().unwrap_or(ctx.namespace()),
            "owner" => self.owner,
            "rack_ns" => ctx.rack_namespace(),
            "rack" => &ctx.rack,
            "app" => &ctx.app,
            "release" => &ctx.release,
            "build" => &ctx.build,
            "pods" => {
                if let Some(w) = self.workload {
                    write_pod_selector(pod_labels(w), out);
                }
                return true;
            }
            "selector" => {
                if let Some(selector) = self.service_spec().and_then(|s| s.selector.as_ref()) {
                    write_pairs(&mut selector.iter().map(|(k, v)| (k.as_str(), v)), out);
                }
                return true;
            }
            "port" => {
                if let Some(p) = self.service_spec().and_then(|s| s.ports.as_ref()).and_then(|p| p.first()) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "{}", p.port);
                }
                return true;
            }
            "container" => self
                .workload
                .and_then(|w| w.object.pod_template())
                .and_then(|t| t.spec.as_ref())
                .and_then(|s| s.containers.first())
                .map_or(ctx.app.as_str(), |c| c.name.as_str()),
            "max_logs" => {
                // Following more pods than kubectl's default fails: ask for as many streams as
                // there can be pods (a DaemonSet has one per node: its desired count).
                match self.workload.map(|w| &w.object) {
                    Some(Object::DaemonSet(d)) => {
                        let _ = write!(
                            out,
                            " --max-log-requests=$(kubectl get ds {} -n {} -o jsonpath='{{.status.desiredNumberScheduled}}')",
                            d.metadata.name.as_deref().unwrap_or_default(),
                            self.object.namespace().unwrap_or(ctx.namespace()),
                        );
                    }
                    _ => {
                        if let Some(n) = self.most_pods.filter(|&n| n > KUBECTL_MAX_LOG_REQUESTS) {
                            let _ = write!(out, " --max-log-requests={n}");
                        }
                    }
                }
                return true;
            }
            "workload" => {
                if let Some(w) = self.workload {
                    out.push_str(if matches!(w.object, Object::DaemonSet(_)) { "ds/" } else { "deploy/" });
                    out.push_str(w.object.name());
                }
                return true;
            }
            _ => match key.strip_prefix("label:").and_then(|label| self.labels.get(label)) {
                Some(value) => value,
                None => return false,
            },
        };
        out.push_str(text);
        true
    }

    /// The spec of the row's object when it is a Service.
    fn service_spec(&self) -> Option<&'a ServiceSpec> {
        match self.object {
            Object::Service(s) => s.spec.as_ref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Env;
    use crate::mapping::Role;

    const KNOWN: [&str; 14] = [
        "max_logs",
        "name",
        "ns",
        "owner",
        "rack_ns",
        "rack",
        "app",
        "release",
        "build",
        "pods",
        "selector",
        "port",
        "container",
        "workload",
    ];

    /// Catalogs `source` (with release env `env`) keeping each command's target.
    fn rows(source: &str, env: &[(&str, &str)]) -> Vec<(Entry, Vec<Target>)> {
        let env: Env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        rows_with(source, &crate::Options { env, ..crate::Options::default() })
    }

    /// The entries and each one's selector targets, for `source` under `options`.
    fn rows_with(source: &str, options: &crate::Options) -> Vec<(Entry, Vec<Target>)> {
        let ctx = crate::context(options);
        let loaded = crate::manifest::load_at(source, &ctx.env, ctx.version());
        let manifest = loaded.manifest.expect("the test manifest loads");
        let mapped = crate::mapping::map(&manifest, &ctx);
        let mut targets = Vec::new();
        let (entries, _) = build_with(
            mapped,
            &manifest,
            &loaded.source_map,
            &ctx,
            Some(&mut targets),
            Earlier::default(),
            None,
        );
        assert_eq!(entries.len(), targets.len(), "one target list per entry");
        entries.into_iter().zip(targets).collect()
    }

    /// `k=v` pairs of every `-l` selector in `command`.
    fn selectors(command: &str) -> Vec<Vec<(String, String)>> {
        let words = shell_words::split(command).expect("commands are valid shell");
        words
            .windows(2)
            .filter(|w| w[0] == "-l")
            .map(|w| {
                w[1].split(',')
                    .map(|kv| {
                        let (k, v) =
                            kv.split_once('=').unwrap_or_else(|| panic!("{command}: {kv} is not k=v"));
                        (k.to_string(), v.to_string())
                    })
                    .collect()
            })
            .collect()
    }

    fn matches(selector: &[(String, String)], labels: &Labels) -> bool {
        selector.iter().all(|(k, v)| labels.get(k) == Some(v))
    }

    /// Pod-template labels of the workload a row's pod commands look at.
    fn workload_pods(entry: &Entry, all: &[(Entry, Vec<Target>)]) -> Option<Labels> {
        let template = |e: &Entry| {
            e.object
                .as_deref()
                .and_then(Object::pod_template)
                .and_then(|t| t.metadata.as_ref())
                .and_then(|m| m.labels.clone())
        };
        template(entry).or_else(|| {
            all.iter()
                .map(|(e, _)| e)
                .filter(|e| e.owner == entry.owner && e.concept == entry.concept)
                .find_map(template)
        })
    }

    /// The core guarantee: every `-l` selector matches the objects its command claims to find.
    fn check_selectors(all: &[(Entry, Vec<Target>)]) {
        for (entry, targets) in all {
            let commands = entry.kubectl.iter().chain(entry.issues.iter().flat_map(|i| &i.commands));
            assert_eq!(
                commands.clone().count(),
                targets.len(),
                "{} {}: one target per command",
                entry.kind,
                entry.name
            );
            for (k, target) in commands.zip(targets) {
                let what = format!("{} {}: {}", entry.kind, entry.name, k.command);
                let found = selectors(&k.command);
                if *target == Target::Nothing {
                    assert!(found.is_empty(), "{what}: unexpected -l");
                    continue;
                }
                assert_eq!(found.len(), 1, "{what}: expected one -l");
                let selector = &found[0];
                assert!(!selector.is_empty(), "{what}: empty selector");
                match target {
                    Target::This => {
                        assert!(matches(selector, &entry.labels), "{what} misses {:?}", entry.labels)
                    }
                    Target::Pods => {
                        let pods = workload_pods(entry, all).unwrap_or_else(|| panic!("{what}: no workload"));
                        assert!(matches(selector, &pods), "{what} misses pods {pods:?}");
                    }
                    Target::Selected => {
                        let Some(Object::Service(s)) = entry.object.as_deref() else {
                            panic!("{what}: not a Service")
                        };
                        let chosen = s.spec.clone().unwrap_or_default().selector.unwrap_or_default();
                        assert!(
                            matches(selector, &chosen),
                            "{what} is not the Service's selector {chosen:?}"
                        );
                        // ...and those pods exist: some workload's pod template carries them.
                        let exists = all.iter().any(|(e, _)| {
                            e.object.as_deref().and_then(Object::pod_template).is_some()
                                && workload_pods(e, all).is_some_and(|p| matches(selector, &p))
                        });
                        assert!(exists, "{what}: no workload has pods it selects");
                    }
                    Target::EndpointSlices => assert_eq!(
                        selector,
                        &vec![("kubernetes.io/service-name".to_string(), entry.name.clone())],
                        "{what}"
                    ),
                    Target::Nothing => unreachable!("handled above"),
                }
            }
        }
    }

    /// Every kubectl command about a namespaced object names its namespace, and no
    /// placeholder is left unfilled.
    fn check_commands(all: &[(Entry, Vec<Target>)]) {
        for (entry, _) in all {
            assert!(!entry.kubectl.is_empty(), "{} {} has no commands", entry.kind, entry.name);
            for k in &entry.kubectl {
                for key in KNOWN {
                    assert!(!k.command.contains(&format!("{{{key}}}")), "{}: unfilled {key}", k.command);
                }
                assert!(!k.command.contains("{label:"), "{}: unfilled label", k.command);
                let namespaced = entry.namespace.is_some() && k.command.starts_with("kubectl ");
                if namespaced {
                    // Its own namespace, or the rack's for an original a copy comes from.
                    let ns = entry.namespace.as_deref().unwrap_or_default();
                    let either =
                        k.command.contains(&format!("-n {ns}")) || k.command.contains("-n my-rack-system");
                    assert!(either, "{}: no -n {ns}", k.command);
                }
            }
        }
    }

    /// Every fixture whose manifest loads: its rows, on its own rack and with its release env.
    fn fixtures() -> Vec<Vec<(Entry, Vec<Target>)>> {
        crate::testing::fixtures()
            .iter()
            .filter(|f| crate::manifest::load(&f.source, &f.options.env).manifest.is_some())
            .map(|f| rows_with(&f.source, &f.options))
            .collect()
    }

    const WEB_APP: &str = "
labels:
  team: platform
services:
  web:
    port: 3000
    scale: 2-4
    resources: [database]
    volumeOptions:
      - awsEfs: {id: uploads, accessMode: ReadWriteMany, mountPath: /data}
  worker:
    ports: [3001]
  agent:
    agent: true
    ports: [8125/udp]
resources:
  database:
    type: postgres
  db2:
    type: mysql
  analytics:
    type: rds-postgres
  sessions:
    type: elasticache-redis
timers:
  cleanup:
    command: bin/cleanup
    schedule: '0 3 * * *'
    service: worker
  fanout:
    command: bin/fanout
    schedule: '0 * * * *'
    service: worker
    parallelCount: 3
balancers:
  tcp-lb:
    service: worker
    ports:
      5000: 3001
configs:
  - id: settings
    value: '{}'
";

    fn entry<'a>(all: &'a [(Entry, Vec<Target>)], kind: &str, name: &str) -> &'a Entry {
        &all.iter()
            .find(|(e, _)| e.kind == kind && e.name == name)
            .unwrap_or_else(|| panic!("{kind} {name}"))
            .0
    }

    fn command<'a>(e: &'a Entry, starts: &str) -> &'a str {
        &e.kubectl
            .iter()
            .find(|k| k.command.starts_with(starts))
            .unwrap_or_else(|| panic!("{starts}"))
            .command
    }

    #[test]
    fn every_selector_matches_what_it_finds_in_the_web_app() {
        let all = rows(WEB_APP, &[]);
        check_selectors(&all);
        check_commands(&all);
    }

    #[test]
    fn every_selector_matches_what_it_finds_in_every_fixture() {
        let cases = fixtures();
        assert!(cases.len() >= 40, "fixtures found: {}", cases.len());
        for all in cases {
            check_selectors(&all);
            check_commands(&all);
        }
    }

    #[test]
    fn cronjob_selector_in_commands_matches_without_a_type_label() {
        let all = rows(WEB_APP, &[]);
        let cron = entry(&all, "CronJob", "timer-cleanup");
        assert!(!cron.labels.contains_key("type"));
        assert_eq!(
            command(cron, "kubectl get cronjob"),
            "kubectl get cronjob -n my-rack-my-app -l system=convox"
        );
        assert_eq!(cron.pattern, "timer-<timer-name>");
        let pods = command(cron, "kubectl get pods");
        assert_eq!(pods, "kubectl get pods -n my-rack-my-app -l name=cleanup,type=timer -L job-name");
    }

    #[test]
    fn deployment_pods_are_found_by_service_and_type() {
        let all = rows(WEB_APP, &[]);
        let d = entry(&all, "Deployment", "web");
        assert_eq!(
            command(d, "kubectl logs -f"),
            // scale 2-4: 4 pods, 8 while a rollout surges 100%.
            "kubectl logs -f -n my-rack-my-app -l service=web,type=service -c my-app --prefix --max-log-requests=8"
        );
        let rs = entry(&all, "ReplicaSet", "web-<rs-hash>");
        assert_eq!(rs.labels["pod-template-hash"], "<rs-hash>");
        assert!(rs.object.is_none());
        let pod = entry(&all, "Pod", "web-<rs-hash>-<pod-hash>");
        assert_eq!(pod.pattern, "<service-name>-<rs-hash>-<pod-hash>");
        assert_eq!(
            command(pod, "kubectl logs --previous"),
            "kubectl logs --previous -n my-rack-my-app -l service=web,type=service -c my-app --prefix"
        );
        assert!(pod.notes.iter().any(|n| n.contains("web.BABC1234DEF")));
    }

    #[test]
    fn daemonset_and_timer_runtime_rows_carry_controller_labels() {
        let all = rows(WEB_APP, &[]);
        let agent = entry(&all, "Pod", "agent-<pod-hash>");
        assert!(agent.labels.contains_key("controller-revision-hash"));
        assert_eq!(
            command(agent, "kubectl exec"),
            "kubectl exec -it ds/agent -n my-rack-my-app -c my-app -- sh"
        );
        let job = entry(&all, "Job", "timer-cleanup-<schedule-time>");
        assert_eq!(job.labels["job-name"], "timer-cleanup-<schedule-time>");
        let indexed = entry(&all, "Pod", "timer-fanout-<schedule-time>-<index>-<pod-hash>");
        assert!(indexed.labels.contains_key("batch.kubernetes.io/job-completion-index"));
        assert_eq!(indexed.pattern, "timer-<timer-name>-<schedule-time>-<index>-<pod-hash>");
    }

    #[test]
    fn resource_rows_use_the_raw_name_label_and_stripped_object_name() {
        let all = rows(WEB_APP, &[]);
        let d = entry(&all, "Deployment", "resource-db");
        assert_eq!(
            command(d, "kubectl get deploy,svc"),
            "kubectl get deploy,svc,pvc,configmap -n my-rack-my-app -l resource=db2"
        );
        let pods = entry(&all, "Pod", "resource-db-<rs-hash>-<pod-hash>");
        assert!(command(pods, "kubectl logs -f").contains("-l resource=db2,type=resource -c mysql"));
        assert_eq!(pods.pattern, "resource-<resource-name>-<rs-hash>-<pod-hash>");
        assert_eq!(
            entry(&all, "ReplicaSet", "resource-db-<rs-hash>").pattern,
            "resource-<resource-name>-<rs-hash>"
        );
        let pvc = entry(&all, "PersistentVolumeClaim", "resource-database");
        assert!(!pvc.labels.contains_key("type"));
    }

    #[test]
    fn pods_of_a_service_scaled_to_zero_say_none_run() {
        let all = rows("services:\n  jobs:\n    scale: 0\n  web:\n    port: 3000\n", &[]);
        let idle = |name| entry(&all, "Pod", name).notes.iter().any(|n| n.contains("no pods run"));
        assert!(idle("jobs-<rs-hash>-<pod-hash>"));
        assert!(!idle("web-<rs-hash>-<pod-hash>"));
    }

    #[test]
    fn namespace_rows_carry_the_seed_namespace_commands() {
        let all = rows(WEB_APP, &[]);
        for name in ["my-rack-system", "my-rack-my-app"] {
            let ns = entry(&all, "Namespace", name);
            assert_eq!(
                command(ns, "kubectl get ns -l system"),
                "kubectl get ns -l system=convox,rack=my-rack"
            );
            assert!(ns.namespace.is_none());
        }
        let app = entry(&all, "Namespace", "my-rack-my-app");
        assert_eq!(
            command(app, "kubectl config"),
            "kubectl config set-context --current --namespace=my-rack-my-app"
        );
        assert_eq!(app.pattern, "<rack-name>-<app-name>");
        assert!(entry(&all, "Namespace", "my-rack-system").source.is_none());
    }

    #[test]
    fn service_account_points_to_pod_identity_associations() {
        let all = rows(WEB_APP, &[]);
        let sa = entry(&all, "ServiceAccount", "web");
        assert_eq!(
            command(sa, "aws eks"),
            "aws eks list-pod-identity-associations --cluster-name my-rack --namespace my-rack-my-app \
             --service-account web"
        );
    }

    #[test]
    fn release_row_is_the_label_and_build_tagged_images() {
        let all = rows(WEB_APP, &[]);
        let release = entry(&all, "Release", "RABC1234DEF");
        assert_eq!(release.pattern, "release=<release-id>");
        assert_eq!(
            command(release, "kubectl get pods"),
            "kubectl get pods -n my-rack-my-app -l release=RABC1234DEF"
        );
        assert!(release.notes.iter().any(|n| n.contains("web.BABC1234DEF")));
        // Every service and timer pod carries it.
        for (e, _) in &all {
            if e.kind == "Pod" && e.concept != Concept::Resource {
                assert_eq!(e.labels.get("release").map(String::as_str), Some("RABC1234DEF"), "{}", e.name);
            }
        }
    }

    #[test]
    fn entries_point_at_their_convox_yml_lines() {
        let all = rows(WEB_APP, &[]);
        let b = entry(&all, "Service", "balancer-tcp-lb");
        let source = b.source.as_ref().expect("balancer has a source");
        assert_eq!(source.path, "balancers.tcp-lb");
        assert!(WEB_APP[source.span.start..].starts_with("tcp-lb"));
        assert_eq!(b.pattern, "balancer-<balancer-name>");
    }

    #[test]
    fn patterns_follow_the_seed() {
        let all = rows(WEB_APP, &[]);
        let pattern = |kind, name| entry(&all, kind, name).pattern.clone();
        assert_eq!(pattern("Secret", "env-web"), "env-<service-name>");
        assert_eq!(pattern("Secret", "cfg-settings"), "cfg-<config-id>");
        assert_eq!(pattern("PersistentVolumeClaim", "efs-web-uploads"), "efs-<service-name>-<volume-id>");
        assert_eq!(pattern("ConfigMap", "resource-analytics"), "resource-<resource-name>");
        assert_eq!(pattern("Job", "timer-cleanup-<schedule-time>"), "timer-<timer-name>-<schedule-time>");
        assert_eq!(pattern("Ingress", "web"), "<service-name>");
    }

    /// Every command runs as copied: no `<placeholder>` (in a shell, `<rs-hash>` is a
    /// redirect), in any command of any fixture, troubleshooting rows included.
    #[test]
    fn no_command_has_a_placeholder() {
        for all in fixtures() {
            for (e, _) in all {
                for k in e.kubectl.iter().chain(e.issues.iter().flat_map(|i| &i.commands)) {
                    assert!(
                        !k.command.contains('<') && !k.command.contains('>'),
                        "{} {}: {}",
                        e.kind,
                        e.name,
                        k.command
                    );
                }
            }
        }
    }

    /// Following logs by a selector opens one stream per pod, and kubectl refuses more than 5:
    /// each `logs -f -l` command asks for as many as the workload can have pods at once (its
    /// autoscaler's maximum plus a rollout's surge), or, for a DaemonSet, its desired count.
    #[test]
    fn followed_logs_ask_for_a_stream_per_pod_the_selector_can_match() {
        let source = "services:
  web:
    port: 3000
    scale:
      count: 2-10
  one:
    port: 3000
  agent:
    agent: true
";
        let all = rows(source, &[]);
        let follow = |kind: &str, name: &str| -> String {
            let e = entry(&all, kind, name);
            e.kubectl
                .iter()
                .find(|k| k.command.contains("logs -f"))
                .expect("a logs -f command")
                .command
                .clone()
        };
        // 10 replicas at most (the HPA), and a rollout surges 100% (deployment.maximum 200).
        assert!(
            follow("Deployment", "web").ends_with(" --max-log-requests=20"),
            "{}",
            follow("Deployment", "web")
        );
        // One replica (two during a rollout): kubectl's default is enough.
        assert!(!follow("Deployment", "one").contains("--max-log-requests"));
        let agent = follow("DaemonSet", "agent");
        assert!(
            agent.ends_with(" --max-log-requests=$(kubectl get ds agent -n my-rack-my-app -o jsonpath='{.status.desiredNumberScheduled}')"),
            "{agent}"
        );
        assert!(shell_words::split(&agent).is_ok(), "{agent}");
        // The pods' own row says the same as their workload's.
        let pods = all.iter().find(|(e, _)| e.kind == "Pod" && e.owner.as_deref() == Some("web")).unwrap();
        let command = pods.0.kubectl.iter().find(|k| k.command.contains("logs -f")).unwrap();
        assert!(command.command.ends_with(" --max-log-requests=20"), "{}", command.command);
    }

    /// A workload's card, and its pods' card, lead with what is used most: its pods, then
    /// their logs, each by selector (the page shows the first two unfolded).
    #[test]
    fn workload_cards_lead_with_their_pods_then_their_logs() {
        let all = rows(WEB_APP, &[]);
        let workloads: Vec<&Entry> = all
            .iter()
            .map(|(e, _)| e)
            .filter(|e| matches!(e.kind.as_str(), "Deployment" | "DaemonSet" | "CronJob" | "Pod"))
            .collect();
        assert!(workloads.len() >= 6, "{}", workloads.len());
        for e in workloads {
            let first: Vec<&str> = e.kubectl.iter().take(2).map(|k| k.command.as_str()).collect();
            assert!(
                first[0].starts_with("kubectl get pods -n ") && first[0].contains(" -l "),
                "{} {}: {first:?}",
                e.kind,
                e.name
            );
            assert!(
                first[1].starts_with("kubectl logs ") && first[1].contains(" -l "),
                "{} {}: {first:?}",
                e.kind,
                e.name
            );
        }
    }

    #[test]
    fn every_role_has_a_pattern_and_commands() {
        let roles = [
            Role::RackNamespace,
            Role::AppNamespace,
            Role::Balancer,
            Role::Ingress,
            Role::InternalIngress,
            Role::CertificateSecret,
            Role::ResourceConfigMap,
            Role::ResourceDeployment,
            Role::ResourceService,
            Role::ResourceVolumeClaim,
            Role::ManagedResourceConfigMap,
            Role::ConfigSecret,
            Role::DockerHubSecret,
            Role::EfsVolume,
            Role::EfsVolumeClaim,
            Role::AzureFilesVolumeClaim,
            Role::ImagePullSecret,
            Role::EnvSecret,
            Role::ServiceAccount,
            Role::Deployment,
            Role::DaemonSet,
            Role::Autoscaler,
            Role::ClusterService,
            Role::DisruptionBudget,
            Role::TimerServiceAccount,
            Role::CronJob,
            Role::HttpProxy,
            Role::InternalHttpProxy,
            Role::DomainHttpProxy,
            Role::Certificate,
            Role::DomainsCertificate,
            Role::ScaledObject,
            Role::TriggerAuthentication,
            Role::VerticalPodAutoscaler,
        ];
        for role in roles {
            let spec = commands::spec(role);
            assert!(!spec.pattern.is_empty() && !spec.commands.is_empty(), "{role:?}");
        }
    }

    #[test]
    fn fill_leaves_jsonpath_and_go_templates_alone() {
        let all = rows(WEB_APP, &[]);
        let env = entry(&all, "Secret", "env-web");
        assert!(command(env, "kubectl get secret env-web -n my-rack-my-app -o go-template")
            .contains("{{range $k, $v := .data}}"));
        let lb = entry(&all, "Service", "balancer-tcp-lb");
        assert!(command(lb, "kubectl get svc balancer-tcp-lb")
            .ends_with("'{.status.loadBalancer.ingress[0].hostname}'"));
    }
}
