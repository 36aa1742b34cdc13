//! The edge of the core: the JSON contract shared by `convox-k8s map --format json` and the
//! wasm `map()` (and the playground's lighter view of it, with the resources' groups), the
//! multi-document YAML stream, the human table, and the playground's filter (`filter`). This is the only place
//! byte offsets become 1-based line/column.

pub mod diff;
pub mod drift;
pub mod edge;
pub mod filter;
pub mod header;
pub mod json;
pub mod mask;
pub mod outline;
pub mod reference;
pub mod review;
#[cfg(test)]
mod typescript;
pub mod upgrade;
pub mod yaml;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::absent::Absent;
use crate::catalog::{Entry, Issue, Kubectl, Source};
use crate::diagnostic::{Edit, Fix, OptionError, Severity, Span};
use crate::mapping::{Concept, Labels, Object};
use crate::profile::{Profile, Provider, RackVersion};
use crate::Analysis;

/// The JSON contract: `{rack, app, namespace, profile, resources, absent,
/// diagnostics, optionErrors}`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Contract<'a> {
    pub rack: &'a str,
    pub app: &'a str,
    pub namespace: &'a str,
    pub profile: ProfileOut,
    pub resources: Vec<Resource<'a>>,
    /// Why-not: the objects the rack can create for a service, timer or resource that it does
    /// not get.
    pub absent: Vec<AbsentOut<'a>>,
    pub diagnostics: Vec<DiagnosticOut<'a>>,
    /// `[{field, message}]`: the options' own problems, at their fields.
    #[serde(rename = "optionErrors")]
    pub option_errors: &'a [OptionError],
}

/// An object the rack does not create, why (the deciding rule, naming the key and value) and
/// the fix: in words, and when the tool can apply it, as edits of convox.yml and rack
/// parameters to set (applying all of them produces the object).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AbsentOut<'a> {
    pub owner: &'a str,
    pub concept: Concept,
    pub kind: &'a str,
    pub name: &'a str,
    pub reason: &'a str,
    pub fix: &'a str,
    pub edits: Vec<AbsentEditOut<'a>>,
    pub params: Vec<ParamOut<'a>>,
    /// The owner's place in convox.yml.
    pub source: Option<SourceOut<'a>>,
}

/// Replace the text from `line:column` to `endLine:endColumn` (1-based; the end exclusive)
/// with `insert`; the playground's [`view`] adds the editor's UTF-16 offsets (`from`, `to`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AbsentEditOut<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub insert: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<usize>,
}

/// A rack parameter a fix sets (`convox rack params set name=value`).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParamOut<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// The rack profile the objects were rendered for: the provider, every parameter of that
/// provider with its effective value (defaults included; secrets shown as `(set)`), and the
/// Convox release whose behaviour is emulated (the rack's version).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProfileOut {
    pub provider: Provider,
    pub params: BTreeMap<&'static str, String>,
    /// `3.24.9`.
    #[cfg_attr(test, ts(type = "string"))]
    pub rack_version: RackVersion,
}

impl ProfileOut {
    pub fn of(profile: &Profile) -> ProfileOut {
        ProfileOut {
            provider: profile.provider(),
            params: crate::sorted::sorted_map(profile.effective()),
            rack_version: profile.version(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Resource<'a> {
    /// Unique within the analysis (`<kind>/<namespace>/<name>`).
    pub key: &'a str,
    pub kind: &'a str,
    pub api_version: &'a str,
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    pub pattern: &'a str,
    pub concept: Concept,
    pub owner: Option<&'a str>,
    pub labels: &'a Labels,
    pub source: Option<SourceOut<'a>>,
    pub notes: &'a [String],
    pub kubectl: &'a [Kubectl],
    /// Troubleshooting rows: symptom, cause, commands.
    pub issues: &'a [Issue],
    pub object: ObjectField<'a>,
    /// Only in the playground's [`view`]: a fingerprint of the whole resource, object included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
}

/// A resource's `object`: the object itself in the contract (`null` when there is none), only
/// whether there is one in the playground's [`view`].
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ObjectField<'a> {
    /// The Kubernetes object, as its type serialises.
    Object(#[cfg_attr(test, ts(type = "Record<string, unknown> | null"))] Option<&'a Object>),
    Present(bool),
}

/// Where a resource comes from: the convox.yml path, the 1-based line and column of its key,
/// and the last line of its value. The playground's [`view`] adds the editor's UTF-16 offsets
/// of the whole range (`from`, `to`).
#[derive(Debug, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SourceOut<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<usize>,
    /// Only in the playground's [`view`]: the keys under the owner that shaped this object
    /// (`catalog::provenance`), each with its UTF-16 range; left out when the table knows none
    /// (then the whole range is the provenance).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<KeyOut>,
}

/// A convox.yml key that shaped a resource: its path under the owner (`domain`,
/// `scale.count`), the editor's UTF-16 range of the key and its value, and the object's
/// fields it shaped (`spec.rules[].host`: `[]` is every item).
#[derive(Debug, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeyOut {
    pub key: &'static str,
    pub from: usize,
    pub to: usize,
    pub fields: &'static [&'static str],
}

/// A diagnostic with 1-based line and column (columns count characters, for people); the
/// playground's [`view`] adds the editor's UTF-16 offsets (`from`, `to`).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiagnosticOut<'a> {
    pub severity: Severity,
    pub message: &'a str,
    pub path: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<usize>,
    /// Quick fixes (none: the key is left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<FixOut<'a>>,
}

/// A quick fix of a diagnostic: what it does and its edits.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FixOut<'a> {
    pub title: &'a str,
    pub edits: Vec<EditOut<'a>>,
}

/// One edit of a fix: replace a range of convox.yml (1-based line/column of both ends; the
/// view adds UTF-16 `from`/`to`), or set a release variable.
#[derive(Debug, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum EditOut<'a> {
    Text {
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<usize>,
        insert: &'a str,
    },
    Env {
        env: &'a str,
        value: &'a str,
    },
}

impl<'a> DiagnosticOut<'a> {
    /// `d` at its line and column in the text `index` reads, with its editor offsets when
    /// `index` has them ([`LineIndex::with_utf16`]); without its fixes.
    pub fn of(d: &'a crate::Diagnostic, index: &LineIndex) -> DiagnosticOut<'a> {
        let pos = d.span.map(|s| index.line_column(s.start));
        DiagnosticOut {
            severity: d.severity,
            message: &d.message,
            path: d.path.as_deref(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            from: d.span.and_then(|s| index.utf16(s.start)),
            to: d.span.and_then(|s| index.utf16(s.end)),
            fixes: Vec::new(),
        }
    }

    /// With `d`'s quick fixes (the editor applies them; a report only lists problems).
    fn with_fixes(mut self, d: &'a crate::Diagnostic, index: &LineIndex) -> DiagnosticOut<'a> {
        self.fixes = d.fixes.iter().map(|f| FixOut::of(f, index)).collect();
        self
    }
}

impl<'a> FixOut<'a> {
    fn of(fix: &'a Fix, index: &LineIndex) -> FixOut<'a> {
        let edits = fix
            .edits
            .iter()
            .map(|e| match e {
                Edit::Text { span, insert } => {
                    let (line, column) = index.line_column(span.start);
                    let (end_line, end_column) = index.line_column(span.end);
                    EditOut::Text {
                        line,
                        column,
                        end_line,
                        end_column,
                        from: index.utf16(span.start),
                        to: index.utf16(span.end),
                        insert,
                    }
                }
                Edit::Env { name, value } => EditOut::Env { env: name, value },
            })
            .collect();
        FixOut { title: &fix.title, edits }
    }
}

/// Builds the contract for `analysis` of `source` (the text the spans point into).
pub fn contract<'a>(analysis: &'a Analysis, source: &str) -> Contract<'a> {
    build(analysis, &LineIndex::new(source))
}

/// The contract, with the editor's UTF-16 offsets when `index` has them.
fn build<'a>(analysis: &'a Analysis, index: &LineIndex) -> Contract<'a> {
    Contract {
        rack: &analysis.rack,
        app: &analysis.app,
        namespace: &analysis.namespace,
        profile: ProfileOut::of(&analysis.profile),
        resources: analysis.entries.iter().map(|e| resource(e, index)).collect(),
        absent: analysis.absent.iter().map(|a| absent(a, index)).collect(),
        diagnostics: analysis
            .diagnostics
            .iter()
            .map(|d| DiagnosticOut::of(d, index).with_fixes(d, index))
            .collect(),
        option_errors: &analysis.option_errors,
    }
}

fn absent<'a>(a: &'a Absent, index: &LineIndex) -> AbsentOut<'a> {
    AbsentOut {
        owner: &a.owner,
        concept: a.concept,
        kind: a.kind,
        name: &a.name,
        reason: &a.reason,
        fix: &a.fix,
        edits: a
            .edits
            .iter()
            .map(|e| {
                let (line, column) = index.line_column(e.span.start);
                let (end_line, end_column) = index.line_column(e.span.end);
                AbsentEditOut {
                    line,
                    column,
                    end_line,
                    end_column,
                    insert: &e.insert,
                    from: index.utf16(e.span.start),
                    to: index.utf16(e.span.end),
                }
            })
            .collect(),
        params: a.params.iter().map(|(name, value)| ParamOut { name, value }).collect(),
        source: a.source.as_ref().map(|s| source_out(s, index)),
    }
}

/// A source's line/column, and the UTF-16 range when `index` has offsets.
fn source_out<'a>(s: &'a Source, index: &LineIndex) -> SourceOut<'a> {
    let (line, column) = index.line_column(s.span.start);
    let (end_line, _) = index.line_column(s.range.end);
    SourceOut {
        path: &s.path,
        line,
        column,
        end_line,
        from: index.utf16(s.range.start),
        to: index.utf16(s.range.end),
        // Only where the index has UTF-16 offsets (the view): the contract stays as it was. A
        // key runs to the end of the line its value ends on: an empty value (an unset
        // `${VAR}`) has no span of its own, and the cursor anywhere on `domain: ${HOST}` is on
        // that key.
        keys: s
            .keys
            .iter()
            .filter_map(|k| {
                let to = index.line_end(k.span.end);
                Some(KeyOut {
                    key: k.key,
                    from: index.utf16(k.span.start)?,
                    to: index.utf16(to)?,
                    fields: k.fields,
                })
            })
            .collect(),
    }
}

fn resource<'a>(e: &'a Entry, index: &LineIndex) -> Resource<'a> {
    Resource {
        key: &e.key,
        kind: &e.kind,
        api_version: &e.api_version,
        name: &e.name,
        namespace: e.namespace.as_deref(),
        pattern: &e.pattern,
        concept: e.concept,
        owner: e.owner.as_deref(),
        labels: &e.labels,
        source: e.source.as_ref().map(|s| source_out(s, index)),
        notes: &e.notes,
        kubectl: &e.kubectl,
        issues: &e.issues,
        object: ObjectField::Object(e.object.as_deref()),
        rev: None,
    }
}

/// The playground's view of the contract, as JSON text: each resource without its object (the
/// page fetches YAML on demand) and its troubleshooting rows (the cheat sheet has them), and
/// with `rev`, a fingerprint of the whole resource as the contract has it, object included,
/// source position excluded. The worker tells an unchanged resource by its `rev`
/// alone, where it used to serialise every resource and object again in JavaScript (18 of the
/// 73 ms a 200-service edit spent in the worker), and the page parses 2.3 MB instead of 3.7.
pub fn view(analysis: &Analysis, source: &str) -> Result<String, serde_json::Error> {
    view_with(analysis, source, &mut Seen::default())
}

/// The playground's view ([`view`]): the contract's fields with its resources as the view has
/// them, and the resources' groups in the manifest's order, each led by its main object
/// ([`outline::groups`]).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct View<'a> {
    pub rack: &'a str,
    pub app: &'a str,
    pub namespace: &'a str,
    pub profile: ProfileOut,
    pub resources: Vec<ViewResource<'a>>,
    pub absent: Vec<AbsentOut<'a>>,
    pub diagnostics: Vec<DiagnosticOut<'a>>,
    pub option_errors: &'a [OptionError],
    /// `None` (`null`) where they are those of the view before ([`view_with`]).
    pub groups: Option<Vec<outline::Group<'a>>>,
}

/// A resource of the [`View`]: whole; or, where the view it follows had it with the same `rev`
/// ([`view_with`]), only what tells it apart and where it is now; or, where that view had it
/// with the same `rev` at the same place, only its key.
#[derive(Debug, Serialize)]
#[serde(untagged)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ViewResource<'a> {
    Whole(Resource<'a>),
    Same(SameResource<'a>),
    /// The key of a resource exactly as the view before gave it (completed). After an edit
    /// in one service of 200, all but a few of 2,000 resources are these: the view's
    /// resources shrank from 891 KB (590 KB of it the positions of resources that had not
    /// moved) to 92 KB.
    Unmoved(&'a str),
    /// A resource past [`VIEW_LIMIT`].
    Outside(OutsideResource<'a>),
}

/// A resource the view does not give, past [`VIEW_LIMIT`]: what counts it (`outside` is
/// always `true`).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OutsideResource<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub namespace: Option<&'a str>,
    pub outside: bool,
}

/// What the view before said, for the next one to give only what changed ([`view_with`]).
#[derive(Debug, Default)]
pub struct Seen {
    /// Of each resource, by its index in the analysis (where known).
    pub resources: Vec<Option<Viewed>>,
    /// A fingerprint of the groups ([`crate::hashed::fingerprint`]).
    pub groups: Option<u64>,
}

/// What the view before said of a resource: its `rev` and a fingerprint of its position
/// ([`crate::hashed::fingerprint`] of its `source`), for [`view_with`] to give it as [`ViewResource::Same`] or
/// [`ViewResource::Unmoved`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewed {
    pub rev: String,
    place: u64,
}

/// A resource the view it follows had with the same `rev`: everything but its position is what
/// that view said (`same` is always `true`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SameResource<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub namespace: Option<&'a str>,
    pub source: Option<SourceOut<'a>>,
    pub rev: String,
    pub same: bool,
}

/// [`view`], taking what the view before said of resource `i` from `seen.resources[i]` where
/// it is known (an entry unchanged since the view before, [`crate::session::Session`]): that
/// resource is then given as its key alone ([`ViewResource::Unmoved`]) where its position is
/// the same too, else as a [`SameResource`]; and the groups as `null` where they are the
/// same as the view before's. Leaves what this view says in `seen`.
pub fn view_with(analysis: &Analysis, source: &str, seen: &mut Seen) -> Result<String, serde_json::Error> {
    view_limited(analysis, source, seen, VIEW_LIMIT)
}

/// The most resources the view gives (whole, same or unmoved): past it, those of the first
/// groups, whole and in their order, while they number at most this many (the first group at
/// least); every other as an [`OutsideResource`]. The page lists no more (it says so), and a
/// 19,000-service manifest's 150,000 resources, each fingerprinted and sent whole, were most
/// of its view's time and size.
pub const VIEW_LIMIT: usize = 5000;

/// [`view_with`] with at most `limit` resources given ([`VIEW_LIMIT`]).
fn view_limited(
    analysis: &Analysis,
    source: &str,
    seen: &mut Seen,
    limit: usize,
) -> Result<String, serde_json::Error> {
    let contract = build(analysis, &LineIndex::with_utf16(source));
    let groups = outline::groups(analysis);
    let shown = shown_keys(&groups, contract.resources.len(), limit);
    let groups_hash = crate::hashed::fingerprint(&groups);
    let groups = (seen.groups != Some(groups_hash)).then_some(groups);
    seen.groups = Some(groups_hash);
    let seen = &mut seen.resources;
    seen.resize(contract.resources.len(), None);
    let mut buf = Vec::new();
    let mut resources = Vec::with_capacity(contract.resources.len());
    for (mut r, known) in contract.resources.into_iter().zip(seen.iter_mut()) {
        if shown.as_ref().is_some_and(|keys| !keys.contains(r.key)) {
            *known = None;
            let (key, kind, namespace) = (r.key, r.kind, r.namespace);
            resources.push(ViewResource::Outside(OutsideResource { key, kind, namespace, outside: true }));
            continue;
        }
        let place = crate::hashed::fingerprint(&r.source);
        if let Some(known) = known {
            if known.place == place {
                resources.push(ViewResource::Unmoved(r.key));
                continue;
            }
            known.place = place;
            let (key, kind, namespace, source) = (r.key, r.kind, r.namespace, r.source.take());
            resources.push(ViewResource::Same(SameResource {
                key,
                kind,
                namespace,
                source,
                rev: known.rev.clone(),
                same: true,
            }));
            continue;
        }
        let rev = rev_of(&mut r, &mut buf)?;
        *known = Some(Viewed { rev: rev.clone(), place });
        resources.push(ViewResource::Whole(viewed(r, Some(rev))));
    }
    json::to_string(&View {
        rack: contract.rack,
        app: contract.app,
        namespace: contract.namespace,
        profile: contract.profile,
        resources,
        absent: contract.absent,
        diagnostics: contract.diagnostics,
        option_errors: contract.option_errors,
        groups,
    })
}

/// The keys of the resources the view gives of `total` when they are more than `limit`: those of
/// the first `groups`, whole, while they number at most `limit` (the first group at least).
fn shown_keys<'a>(
    groups: &[outline::Group<'a>],
    total: usize,
    limit: usize,
) -> Option<crate::hashed::HashSet<&'a str>> {
    if total <= limit {
        return None;
    }
    let mut keys = crate::hashed::HashSet::default();
    for g in groups {
        if !keys.is_empty() && keys.len() + g.keys.len() > limit {
            break;
        }
        keys.extend(g.keys.iter().copied());
    }
    Some(keys)
}

/// Resource `r` as the view gives it whole, with its `rev`.
fn viewed(mut r: Resource, rev: Option<String>) -> Resource {
    r.rev = rev;
    // The page reads the troubleshooting rows through the cheat sheet, not per resource:
    // they were a quarter of a 200-service view's bytes.
    r.issues = &[];
    if let ObjectField::Object(object) = r.object {
        r.object = ObjectField::Present(object.is_some());
    }
    r
}

/// The resources of `keys` as [`view`] gives them whole (those of no entry left out), as a
/// JSON array: what a [`SameResource`] stands for, for a reader that does not hold it.
pub fn view_resources(
    analysis: &Analysis,
    source: &str,
    keys: &[String],
) -> Result<String, serde_json::Error> {
    let keys: crate::hashed::HashSet<&str> = keys.iter().map(String::as_str).collect();
    let contract = build(analysis, &LineIndex::with_utf16(source));
    let mut buf = Vec::new();
    let mut out = Vec::with_capacity(keys.len());
    for mut r in contract.resources.into_iter().filter(|r| keys.contains(r.key)) {
        let rev = rev_of(&mut r, &mut buf)?;
        out.push(viewed(r, Some(rev)));
    }
    json::to_string(&out)
}

/// A resource's `rev`: the fingerprint of its contract JSON, source position excluded.
fn rev_of(r: &mut Resource, buf: &mut Vec<u8>) -> Result<String, serde_json::Error> {
    buf.clear();
    // The fingerprint covers everything but the source position: an edit above a resource
    // moves it without changing it, and the page then keeps its card and only patches the
    // position (the worker compares the positions itself).
    let source = r.source.take();
    buf.extend_from_slice(source.as_ref().map_or("", |s| s.path).as_bytes());
    let written = json::write(buf, r);
    r.source = source;
    written.map(|()| fingerprint(buf))
}

/// A 64-bit fingerprint as 16 hex digits, only ever compared for equality within one session.
fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", crate::hashed::fingerprint(bytes))
}

/// Every rendered object as one multi-document YAML stream, in apply order: each object's
/// compact JSON ([`json::to_string`]) re-emitted by [`yaml::from_json`] (serde_yaml's layout,
/// with YAML 1.1's bools quoted), for the CLI and the playground alike.
pub fn yaml_stream(analysis: &Analysis) -> String {
    let mut out = String::new();
    for object in objects(analysis) {
        out.push_str("---\n");
        // Neither step can fail for a k8s-openapi object's JSON.
        let json = json::to_string(object).unwrap_or_default();
        out.push_str(&yaml::from_json(&json).unwrap_or_default());
    }
    out
}

/// The playground's Download: the file's name (`<namespace>.yaml`), its text ([`yaml_file`])
/// and how many secret values it holds in clear (the page says so when it saves one).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct YamlDownload {
    pub name: String,
    pub text: String,
    pub secret_values: usize,
}

/// [`YamlDownload`] of `analysis`.
pub fn yaml_download(analysis: &Analysis) -> YamlDownload {
    let secret_values = objects(analysis)
        .filter_map(|o| serde_json::from_str(&json::to_string(o).ok()?).ok())
        .map(|mut v: serde_json::Value| mask::mask(&mut v))
        .sum();
    YamlDownload { name: format!("{}.yaml", analysis.namespace), text: yaml_file(analysis), secret_values }
}

/// The YAML file the CLI writes (`--format yaml`) and the playground downloads: the
/// [`header::stand_in_header`] comment, then [`yaml_stream`].
pub fn yaml_file(analysis: &Analysis) -> String {
    let mut out = header::stand_in_header(analysis);
    out.push_str(&yaml_stream(analysis));
    out
}

/// How [`object_yaml`] shows secret values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// Masked ([`mask`]): what the page shows until the user reveals them.
    Masked,
    /// Revealed and readable: a Secret's base64 `data` is shown decoded, as `stringData`
    /// (which the API server accepts the same way); values that are not UTF-8 stay in `data`.
    Decoded,
    /// Exactly as applied.
    Raw,
}

/// One object's YAML and how many secret values it holds (masked or not).
pub fn object_yaml(object: &Object, secrets: Secrets) -> Option<(String, usize)> {
    object_yaml_marked(object, secrets, &[]).map(|(text, count, _)| (text, count))
}

/// [`object_yaml`], also finding the fields at `patterns` ([`yaml::from_json_marked`]).
fn object_yaml_marked(
    object: &Object,
    secrets: Secrets,
    patterns: &[&str],
) -> Option<(String, usize, Vec<yaml::Mark>)> {
    let json = json::to_string(object).ok()?;
    // Through serde_json's `Value` (not `to_value` on the object, which would compile every
    // k8s-openapi Serialize impl once more for the Value serializer: wasm size).
    let mut value: serde_json::Value = serde_json::from_str(&json).ok()?;
    let mut masked = value.clone();
    let count = mask::mask(&mut masked);
    let text = match secrets {
        Secrets::Raw => json,
        Secrets::Masked => json::to_string(&masked).ok()?,
        Secrets::Decoded => {
            decode_secret_data(&mut value);
            json::to_string(&value).ok()?
        }
    };
    let (text, marks) = yaml::from_json_marked(&text, patterns)?;
    Some((text, count, marks))
}

/// An entry's YAML for the page: the text, its secret count, and where in it each convox.yml
/// key that shaped the object wrote ([`catalog::provenance`]).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EntryYaml {
    pub text: String,
    /// Secret values in the object (masked in `text` unless revealed).
    pub secrets: usize,
    pub fields: Vec<FieldMark>,
}

/// A field of an object's YAML that a convox.yml key shaped.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldMark {
    /// The key under its owner (`domain`, `scale.count`).
    pub key: &'static str,
    /// The field's path in the object (`spec.rules[0].host`).
    pub path: String,
    /// Its lines in the YAML text, 1-based and inclusive.
    pub line: usize,
    pub end_line: usize,
}

/// [`EntryYaml`] of `entry`; `None` for an entry without an object (created at run time).
pub fn entry_yaml(entry: &Entry, secrets: Secrets) -> Option<EntryYaml> {
    let keys = entry.source.as_ref().map_or(&[][..], |s| &s.keys[..]);
    // Each pattern with its key; a Secret's `data` shows as `stringData` once decoded.
    let mut owned: Vec<(&'static str, String)> = Vec::new();
    for k in keys {
        for field in k.fields {
            owned.push((k.key, field.to_string()));
            if let Some(rest) = field.strip_prefix("data") {
                owned.push((k.key, format!("stringData{rest}")));
            }
        }
    }
    let patterns: Vec<&str> = owned.iter().map(|(_, p)| p.as_str()).collect();
    let (text, secrets, marks) = object_yaml_marked(entry.object.as_deref()?, secrets, &patterns)?;
    let mut fields: Vec<FieldMark> = marks
        .into_iter()
        .map(|m| FieldMark { key: owned[m.pattern].0, path: m.path, line: m.line, end_line: m.end_line })
        .collect();
    fields.sort_by(|a, b| (a.line, a.key).cmp(&(b.line, b.key)));
    Some(EntryYaml { text, secrets, fields })
}

/// Moves a Secret's UTF-8 `data` values to `stringData`, decoded.
fn decode_secret_data(object: &mut serde_json::Value) {
    use base64::Engine as _;
    use serde_json::Value;
    if object.get("kind").and_then(Value::as_str) != Some("Secret") {
        return;
    }
    let Some(map) = object.as_object_mut() else { return };
    let Some(Value::Object(data)) = map.get_mut("data") else { return };
    let mut decoded = serde_json::Map::new();
    data.retain(|k, v| {
        let text = v
            .as_str()
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match text {
            Some(t) => {
                decoded.insert(k.clone(), Value::String(t));
                false
            }
            None => true,
        }
    });
    let empty = data.is_empty();
    if empty {
        map.remove("data");
    }
    if !decoded.is_empty() {
        map.insert("stringData".into(), Value::Object(decoded));
    }
}

/// Every rendered object of `analysis`, in apply order.
pub fn objects(analysis: &Analysis) -> impl Iterator<Item = &Object> {
    analysis.entries.iter().filter_map(|e| e.object.as_deref())
}

/// A plain-text table like the seed's quick reference: kind, name, namespace, pattern.
pub fn table(analysis: &Analysis) -> String {
    let header = ["KIND", "NAME", "NAMESPACE", "PATTERN"];
    let rows: Vec<[&str; 4]> = analysis
        .entries
        .iter()
        .map(|e| {
            [e.kind.as_str(), e.name.as_str(), e.namespace.as_deref().unwrap_or("-"), e.pattern.as_str()]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Converts byte offsets to 1-based line and column (columns count characters), and, when
/// built [`with_utf16`](LineIndex::with_utf16), to the UTF-16 offsets an editor counts in.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// UTF-16 offset of each line start; empty unless asked for, or when the text is ASCII.
    utf16_starts: Vec<usize>,
    /// Whether UTF-16 offsets were asked for.
    utf16: bool,
    /// Whether the text is ASCII (nearly every convox.yml): a byte offset is then its UTF-16
    /// offset, and a column its distance from the line start, with no line to look up. The
    /// playground's view asks for a dozen offsets per resource; at 200 services, looking each
    /// up was 4.7M of an edit's 56M instructions.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts, utf16_starts: Vec::new(), utf16: false, ascii: text.is_ascii() }
    }

    /// An index that also gives UTF-16 offsets (one more pass over the text, unless it is ASCII).
    pub fn with_utf16(text: &'a str) -> LineIndex<'a> {
        let mut index = LineIndex::new(text);
        index.utf16 = true;
        if !index.ascii {
            index.utf16_starts = utf16_starts(text, &index.starts);
        }
        index
    }

    /// The byte offset of UTF-16 offset `units` (the editor's cursor), for an index built
    /// [`with_utf16`](LineIndex::with_utf16); inside a character, its start; past the end, the end.
    pub fn byte_of_utf16(&self, units: usize) -> usize {
        if self.ascii {
            return units.min(self.text.len());
        }
        let line = self.utf16_starts.partition_point(|s| *s <= units).saturating_sub(1);
        let (Some(start), Some(base)) = (self.starts.get(line), self.utf16_starts.get(line)) else {
            return units.min(self.text.len());
        };
        let mut left = units - base;
        for (i, c) in self.text[*start..].char_indices() {
            if left < c.len_utf16() || c == '\n' {
                return start + i;
            }
            left -= c.len_utf16();
        }
        self.text.len()
    }

    /// 1-based line and column of byte `offset` (clamped to the text).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let (line, start, offset) = self.locate(offset);
        let column = if self.ascii {
            offset - start
        } else {
            self.text.get(start..offset).map_or(offset - start, |s| s.chars().count())
        };
        (line + 1, column + 1)
    }

    /// The UTF-16 offset of byte `offset` (clamped to the text); `None` unless the index was
    /// built [`with_utf16`](LineIndex::with_utf16).
    pub fn utf16(&self, offset: usize) -> Option<usize> {
        if !self.utf16 {
            return None;
        }
        if self.ascii {
            return Some(offset.min(self.text.len()));
        }
        let (line, start, offset) = self.locate(offset);
        let base = *self.utf16_starts.get(line)?;
        Some(base + self.text.get(start..offset).map_or(offset - start, utf16_len))
    }

    /// The end of the line `offset` is on (before its line break); `offset` itself when it
    /// starts a line (a block value that ends with its last line break).
    pub fn line_end(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset == 0 || self.text.as_bytes()[offset - 1] == b'\n' {
            return offset;
        }
        self.text[offset..].find('\n').map_or(self.text.len(), |n| offset + n)
    }

    /// 1-based line/column of a span's start.
    pub fn span_start(&self, span: Span) -> (usize, usize) {
        self.line_column(span.start)
    }

    /// (0-based line, its start, the clamped offset).
    fn locate(&self, offset: usize) -> (usize, usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        (line, self.starts[line], offset)
    }
}

/// The UTF-16 offset of each line start (`starts`, in bytes) of `text`.
fn utf16_starts(text: &str, starts: &[usize]) -> Vec<usize> {
    let mut units = 0;
    let mut prev = 0;
    starts
        .iter()
        .map(|&start| {
            units += utf16_len(&text[prev..start]);
            prev = start;
            units
        })
        .collect()
}

/// UTF-16 code units of `s`: ASCII is one each, so the common case is a byte count.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    fn check(text: &str, offset: usize, expected: (usize, usize)) {
        assert_eq!(LineIndex::new(text).line_column(offset), expected);
    }

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        check("a: 1\nbb: 2\n", 0, (1, 1));
        check("a: 1\nbb: 2\n", 5, (2, 1));
        check("a: 1\nbb: 2\n", 9, (2, 5));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        check("é: x\nk", 4, (1, 4));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        check("ab", 99, (1, 3));
    }

    #[test]
    fn ascii_text_takes_the_short_path_to_the_same_offsets() {
        let text = "services:\n  web:\n    port: 3000\n\n    labels:\n      a: b\n";
        let fast = LineIndex::with_utf16(text);
        assert!(fast.ascii && fast.utf16_starts.is_empty());
        // The general path, as a text with other characters takes.
        let mut general = LineIndex::with_utf16(text);
        general.ascii = false;
        general.utf16_starts = super::utf16_starts(text, &general.starts);
        for offset in 0..=text.len() + 3 {
            assert_eq!(fast.utf16(offset), general.utf16(offset), "{offset}");
            assert_eq!(fast.line_column(offset), general.line_column(offset), "{offset}");
            assert_eq!(fast.byte_of_utf16(offset), general.byte_of_utf16(offset), "{offset}");
        }
        // Without UTF-16 asked for, there are none.
        assert_eq!(LineIndex::new(text).utf16(3), None);
    }

    #[test]
    fn utf16_offsets_go_back_to_bytes() {
        let text = "a: é\nb: 😀x\n";
        let index = LineIndex::with_utf16(text);
        for offset in [0, 3, 6, 9, 13, text.len()] {
            assert_eq!(index.byte_of_utf16(index.utf16(offset).unwrap()), offset, "{offset}");
        }
        assert_eq!(index.byte_of_utf16(10_000), text.len());
    }

    #[test]
    fn utf16_offsets_count_astral_characters_twice() {
        // "😀" is 4 bytes, 1 character, 2 UTF-16 units.
        let text = "a: 😀x\nb: é\n";
        let index = LineIndex::with_utf16(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_column(x), (1, 5));
        assert_eq!(index.utf16(x), Some(5));
        let b = text.find('b').unwrap();
        assert_eq!(index.utf16(b), Some(7));
        assert_eq!(index.utf16(text.len()), Some(text.encode_utf16().count()));
        assert_eq!(LineIndex::new(text).utf16(x), None);
    }

    /// The view of `source`, and the contract it stands for, as JSON values.
    fn view_and_contract(source: &str) -> (serde_json::Value, serde_json::Value) {
        let analysis = crate::analyze(source, &crate::Options { why_not: true, ..crate::Options::default() });
        let view = serde_json::from_str(&super::view(&analysis, source).unwrap()).unwrap();
        let contract =
            serde_json::from_str(&super::json::to_string(&super::contract(&analysis, source)).unwrap())
                .unwrap();
        (view, contract)
    }

    /// Past its limit the view gives the resources of its first groups, whole, and only
    /// counts the rest; the next view gives a resource back whole once it is shown again.
    #[test]
    fn past_its_limit_the_view_gives_the_first_groups_whole_and_counts_the_rest() {
        let source = "services:\n  a:\n    port: 3000\n  b:\n    port: 3000\n  c:\n    port: 3000\n";
        let analysis = crate::analyze(source, &crate::Options::default());
        let groups = super::outline::groups(&analysis);
        let (rack, a) = (groups[0].keys.len(), groups[1].keys.len());
        let total = analysis.entries.len();
        assert!(total > rack + a + 1, "more resources than the first two groups hold");
        let limited = |limit: usize, seen: &mut super::Seen| -> serde_json::Value {
            serde_json::from_str(&super::view_limited(&analysis, source, seen, limit).unwrap()).unwrap()
        };
        let mut seen = super::Seen::default();
        let view = limited(rack + a + 1, &mut seen);
        let resources = view["resources"].as_array().unwrap();
        assert_eq!(resources.len(), total, "every resource is counted");
        let shown: Vec<&str> = resources
            .iter()
            .filter(|r| r.get("outside").is_none())
            .map(|r| r["key"].as_str().unwrap())
            .collect();
        let mut want: Vec<&str> = groups[..2].iter().flat_map(|g| g.keys.iter().copied()).collect();
        want.sort_unstable();
        let mut got = shown.clone();
        got.sort_unstable();
        assert_eq!(got, want, "the first two groups, whole: a third would pass the limit");
        for r in resources.iter().filter(|r| r.get("outside").is_some()) {
            assert!(r["kind"].is_string() && r.get("rev").is_none(), "{r}");
        }
        assert!(resources.iter().filter(|r| r.get("outside").is_none()).all(|r| r["rev"].is_string()));
        // A view past a small limit still gives its first group; one within gives all, and the
        // resources it held as outside come whole (the others unmoved).
        let view = limited(1, &mut super::Seen::default());
        let shown =
            view["resources"].as_array().unwrap().iter().filter(|r| r.get("outside").is_none()).count();
        assert_eq!(shown, rack);
        let view = limited(total, &mut seen);
        let resources = view["resources"].as_array().unwrap();
        assert_eq!(resources.iter().filter(|r| r.is_string()).count(), rack + a);
        assert_eq!(resources.iter().filter(|r| r["rev"].is_string()).count(), total - rack - a);
    }

    #[test]
    fn the_view_is_the_contract_with_a_fingerprint_instead_of_each_object() {
        let (view, contract) = view_and_contract("services:\n  web:\n    port: 3000\n");
        let (vr, cr) = (view["resources"].as_array().unwrap(), contract["resources"].as_array().unwrap());
        assert_eq!(vr.len(), cr.len());
        for (v, c) in vr.iter().zip(cr) {
            let (mut v, mut c) = (v.as_object().unwrap().clone(), c.as_object().unwrap().clone());
            let rev = v.remove("rev").unwrap();
            assert_eq!(rev.as_str().unwrap().len(), 16);
            assert_eq!(v.remove("object").unwrap(), serde_json::Value::Bool(!c["object"].is_null()));
            c.remove("object");
            // The troubleshooting rows come with the cheat sheet, not with the view.
            assert_eq!(v.remove("issues").unwrap(), serde_json::json!([]));
            c.remove("issues");
            // The view's sources add the editor's UTF-16 range, and the ranges of the keys that
            // shaped the object (key-level provenance).
            if let Some(source) = v.get_mut("source").and_then(|s| s.as_object_mut()) {
                assert!(source.remove("from").is_some() && source.remove("to").is_some());
                source.remove("keys");
            }
            assert_eq!(v, c);
        }
        let strip = |d: &serde_json::Value| {
            let mut d = d.as_object().unwrap().clone();
            d.remove("from");
            d.remove("to");
            d
        };
        let (vd, cd) = (view["diagnostics"].as_array().unwrap(), contract["diagnostics"].as_array().unwrap());
        assert_eq!(vd.iter().map(strip).collect::<Vec<_>>(), cd.iter().map(strip).collect::<Vec<_>>());
        // Why-not: the same entries, the view adding UTF-16 offsets to each edit and source.
        let absent = |a: &serde_json::Value| {
            let mut a = a.as_object().unwrap().clone();
            let edits: Vec<_> = a["edits"].as_array().unwrap().iter().map(strip).collect();
            a.insert("edits".into(), serde_json::json!(edits));
            let source = a.get("source").filter(|s| s.is_object()).map(strip);
            a.insert("source".into(), serde_json::json!(source));
            a
        };
        let (va, ca) = (view["absent"].as_array().unwrap(), contract["absent"].as_array().unwrap());
        assert!(!ca.is_empty());
        assert!(va.iter().all(|a| a["edits"].as_array().unwrap().iter().all(|e| e["from"].is_u64())));
        assert_eq!(va.iter().map(absent).collect::<Vec<_>>(), ca.iter().map(absent).collect::<Vec<_>>());
        assert_eq!(view["namespace"], contract["namespace"]);
        // The groups are the view's alone, and hold every resource once.
        assert!(contract.get("groups").is_none());
        let mut grouped: Vec<&str> = view["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()))
            .collect();
        grouped.sort_unstable();
        let mut keys: Vec<&str> = vr.iter().map(|r| r["key"].as_str().unwrap()).collect();
        keys.sort_unstable();
        assert_eq!(grouped, keys);
    }

    #[test]
    fn a_change_to_an_object_alone_changes_its_fingerprint_and_no_other() {
        // The default value of a variable changes the env Secret's data, and nothing else.
        let revs = |source: &str| {
            let (view, _) = view_and_contract(source);
            view["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (format!("{}/{}", r["kind"], r["name"]), r["rev"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        };
        let a = revs("environment:\n  - MODE=a\nservices:\n  web:\n    port: 3000\n");
        let b = revs("environment:\n  - MODE=b\nservices:\n  web:\n    port: 3000\n");
        assert_eq!(a.len(), b.len());
        let changed: Vec<_> =
            a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| x.0.as_str()).collect();
        assert_eq!(changed, ["\"Secret\"/\"env-web\""]);
        assert_eq!(a, revs("environment:\n  - MODE=a\nservices:\n  web:\n    port: 3000\n"), "stable");
        // A comment line above moves every resource without changing any: the revs stay.
        assert_eq!(a, revs("# moved\nenvironment:\n  - MODE=a\nservices:\n  web:\n    port: 3000\n"));
    }

    /// The view gives each resource the keys that shaped it, to the end of the value's line
    /// (an unset `${WEB_HOST}` leaves `domain` an empty value); the contract has none.
    #[test]
    fn the_view_carries_the_keys_that_shaped_each_resource() {
        let text = include_str!("../www/examples/complete.convox.yml");
        let mut options = crate::Options::default();
        options.profile.set("efs_csi_driver_enable", "true").unwrap();
        let analysis = crate::analyze(text, &options);
        let view: serde_json::Value = serde_json::from_str(&super::view(&analysis, text).unwrap()).unwrap();
        let ingress = view["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "Ingress").unwrap();
        let keys = ingress["source"]["keys"].as_array().unwrap();
        let domain = keys.iter().find(|k| k["key"] == "domain").unwrap();
        let (from, to) = (domain["from"].as_u64().unwrap() as usize, domain["to"].as_u64().unwrap() as usize);
        assert_eq!(&text[from..to], "domain: ${WEB_HOST}");
        let contract = serde_json::to_value(super::contract(&analysis, text)).unwrap();
        assert!(contract["resources"].as_array().unwrap().iter().all(|r| r["source"].get("keys").is_none()));
    }
}
