//! `manifest` owns convox.yml: `${VAR}` interpolation, YAML parsing with source positions,
//! the rack's shorthand forms and defaults, and validation with the rack's own messages.
//! It knows nothing of Kubernetes.
//!
//! Pipeline (the rack's `manifest.Load`): [`interpolate`] the raw text → [`yaml`] spanned tree of the
//! first document → [`decode`] into the model (shorthands, every key's span recorded) →
//! [`defaults`] (compatibility, defaults, CombineEnv, CombineLabels) → [`validate`] →
//! [`refusals`] (what the rack lets through and the Kubernetes API server refuses).
//!
//! Deliberate differences from the rack: a required env var the release env lacks is a
//! warning with the `convox env set` remedy (reported once for app-level `environment`, once
//! per service for the service's own entries, instead of once per service for all);
//! unknown keys are warnings with a did-you-mean (keys of Convox v2 and docker-compose say
//! so, with their v3 replacement); the rack's `WARNING:` messages and its promote-time
//! advisories are warnings without the prefix; the aggregate `validation errors:` header is
//! not emitted; identical messages on one line are reported once. Where the rack stops at
//! its first parse error, every error is reported, each at its key, with the accepted forms.
//! When an unset `${VAR}` is the cause of a problem, the message names it and what the line
//! became. A second YAML document is ignored with a warning.

mod cron;
mod cx;
mod decode;
mod defaults;
mod go;
mod interpolate;
pub mod json_schema;
mod keys;
pub mod model;
mod refusals;
mod scalar;
pub mod schema;
mod source_map;
mod validate;
pub(crate) mod yaml;

pub use defaults::Gates;
pub use interpolate::references;
pub use json_schema::{json_schema, json_schema_at};
pub use keys::other::RESOURCE_TYPES;
pub use keys::{section, sections};
pub use model::*;
pub use schema::{Key, Ref, Section, Shape};
pub use source_map::SourceMap;
pub use validate::quantity;
/// YAML 1.1 resolution of a plain scalar, as yaml.v2 does it (for values the rack's
/// templates print unquoted).
pub(crate) use yaml::{resolve as yaml_resolve, Scalar};

use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::rack_version::RackVersion;

/// What loading a convox.yml gives: the model (when the YAML could be read at all), every
/// diagnostic, and the map from convox.yml paths to the user's text.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub manifest: Option<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
    pub source_map: SourceMap,
    /// The YAML tree the manifest was read from, for a caller to drop when it suits it, or to
    /// give to [`load_after`] with this text when it is [`Loaded::simple`].
    pub(crate) tree: Option<yaml::Node>,
    /// Whether `tree` is the text's plain reading ([`yaml::Parsed::simple`]).
    pub(crate) simple: bool,
}

/// Loads `source` the way the newest rack's `manifest.Load` + `Validate` would ([`load_at`]).
pub fn load(source: &str, env: &Env) -> Loaded {
    load_at(source, env, RackVersion::default())
}

/// Loads `source` the way `manifest.Load` + `Validate` of rack release `version` would, with
/// `env` as the release environment. Never panics; every problem is a diagnostic with a path
/// and span.
pub fn load_at(source: &str, env: &Env, version: RackVersion) -> Loaded {
    load_with(source, env, Gates::default(), version)
}

/// [`load_at`] on a rack whose feature gates change the defaults it applies.
pub fn load_with(source: &str, env: &Env, gates: Gates, version: RackVersion) -> Loaded {
    load_after(source, env, gates, version, &mut None)
}

/// Whether this build is more than the playground's first wasm (wasm32 without the `extras`
/// feature): that one carries only what the page's first result uses, and answers the page
/// only until the second build arrives. The rest is compiled out of it where this is read:
/// the keys' documentation ([`schema`]), the edited YAML tree ([`load_after`]: 4.7 KB gzip),
/// the comparison of objects (`crate::COMPARE_OBJECTS`).
pub(crate) const FULL: bool = cfg!(any(feature = "extras", not(target_arch = "wasm32")));

/// [`load_with`], given the text before the edit and its [simple](Loaded::simple) tree: where
/// the edit is inside a plain value ([`yaml::patch`]), that tree, edited in place, stands for
/// parsing the text again, and `before` is left empty; else `before` keeps both. Neither text
/// may hold a `${VAR}` (the tree's offsets would move with it).
pub(crate) fn load_after(
    source: &str,
    env: &Env,
    gates: Gates,
    version: RackVersion,
    before: &mut Option<(String, yaml::Node)>,
) -> Loaded {
    let interpolated = interpolate::interpolate(source, env);
    let patched = match before.take() {
        Some((old, tree)) if FULL && !old.contains("${") && !source.contains("${") => {
            match yaml::patch(tree, &old, source) {
                Ok(tree) => Some(tree),
                Err(tree) => {
                    *before = Some((old, tree));
                    None
                }
            }
        }
        other => {
            *before = other;
            None
        }
    };
    let parsed = match patched {
        Some(root) => yaml::Parsed { root: Some(root), diagnostics: Vec::new(), simple: true },
        None => yaml::parse(&interpolated, source),
    };
    let simple = parsed.simple;
    let unset = interpolated.unset(source);
    let mut cx = cx::Cx {
        diagnostics: parsed.diagnostics,
        unset,
        version,
        nested: Some(keys::nested_key),
        ..cx::Cx::default()
    };
    if cx.diagnostics.iter().any(Diagnostic::is_error) {
        syntax_errors_name_unset_vars(&mut cx, source);
        return Loaded {
            manifest: None,
            diagnostics: cx.diagnostics,
            source_map: cx.map,
            tree: None,
            simple: false,
        };
    }
    let manifest = match &parsed.root {
        Some(root) => keys::manifest(&mut cx, root),
        // An empty document is an empty manifest, as yaml.v2 reads it.
        None => Some(Manifest::default()),
    };
    let tree = parsed.root;
    let Some(mut m) = manifest else {
        return Loaded {
            manifest: None,
            diagnostics: cx.diagnostics,
            source_map: cx.map,
            tree,
            simple: false,
        };
    };
    defaults::apply_compatibility(&mut m);
    defaults::apply_defaults(&mut cx, &mut m, gates);
    let app_env = m.environment.clone();
    let own_env: Vec<Vec<String>> = m.services.iter().map(|s| s.value.environment.clone()).collect();
    defaults::combine_env(&mut m);
    defaults::combine_labels(&mut cx, &mut m);
    validate::validate(&mut cx, &m, env, &app_env, &own_env);
    refusals::refusals(&mut cx, &m);
    for d in &mut cx.diagnostics {
        if d.path.is_none() {
            d.path = Some(String::new());
        }
        if d.span.is_none() {
            let map = &cx.map;
            let found = d.path.as_deref().and_then(|p| if d.at_value { map.value(p) } else { map.lookup(p) });
            d.span = Some(found.unwrap_or_default());
        }
    }
    merge_repeats(&mut cx.diagnostics, source);
    finish_fixes(&mut cx, source);
    Loaded { manifest: Some(m), diagnostics: cx.diagnostics, source_map: cx.map, tree, simple }
}

/// One cause, one diagnostic: the same message twice on one line (a `<<` merge copying an
/// entry, say) is reported once.
fn merge_repeats(diagnostics: &mut Vec<Diagnostic>, source: &str) {
    if diagnostics.len() < 2 {
        return;
    }
    let newlines: Vec<usize> = source.match_indices('\n').map(|(i, _)| i).collect();
    let line = |d: &Diagnostic| newlines.partition_point(|n| *n < d.span.map_or(0, |s| s.start));
    let mut seen = crate::hashed::set_with_capacity(diagnostics.len());
    let keep: Vec<bool> =
        diagnostics.iter().map(|d| seen.insert((line(d), d.is_error(), d.message.as_str()))).collect();
    let mut keep = keep.into_iter();
    diagnostics.retain(|_| keep.next().unwrap_or(true));
}

/// Completes the quick fixes once the text is known: a diagnostic an unset `${NAME}` caused
/// (its message names it) offers to set it in the release environment, and removing a
/// block-style entry removes its whole lines.
fn finish_fixes(cx: &mut cx::Cx, source: &str) {
    for d in &mut cx.diagnostics {
        let mut names: Vec<&str> = Vec::new();
        for u in &cx.unset {
            if !names.contains(&u.name.as_str()) && d.message.contains(&["${", &u.name, "}"].concat()) {
                names.push(&u.name);
            }
        }
        if !names.is_empty() {
            let edits =
                names.iter().map(|n| Edit::Env { name: n.to_string(), value: String::new() }).collect();
            d.fixes
                .push(Fix { title: format!("Set {} in the release environment", names.join(", ")), edits });
        }
        for edit in d.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            if let Edit::Text { span, insert } = edit {
                if insert.is_empty() {
                    *span = whole_lines(source, *span);
                }
            }
        }
    }
}

/// `span` widened to its whole lines (with the last newline) when nothing but indentation is
/// before it on its first line and nothing but spaces after it on its last; else (a flow
/// map's entry, or the first key of a list item, whose dash stays) the entry and its comma.
fn whole_lines(source: &str, span: Span) -> Span {
    let (Some(before), Some(after)) = (source.get(..span.start), source.get(span.end..)) else { return span };
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let rest = after.find('\n').map_or(after.len(), |i| i + 1);
    let lead = &source[start..span.start];
    if lead.trim_start_matches(' ').is_empty() && after[..rest].trim().is_empty() {
        return Span::new(start, span.end + rest);
    }
    // A flow map's entry: through the brackets its value opened (a node's span ends at its
    // last item) and the comma after it.
    let mut depth = 0i32;
    for b in source[span.start..span.end].bytes() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    let mut end = span.end;
    let bytes = source.as_bytes();
    while depth > 0 && end < bytes.len() {
        match bytes[end] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
        end += 1;
    }
    let tail = &source[end..];
    let comma = tail.len() - tail.trim_start_matches(' ').len();
    if tail[comma..].starts_with(',') {
        end += comma + 1;
        end += source[end..].len() - source[end..].trim_start_matches(' ').len();
    }
    Span::new(span.start, end)
}

/// A YAML syntax error on (or right after) a line an unset `${VAR}` changed names it.
fn syntax_errors_name_unset_vars(cx: &mut cx::Cx, source: &str) {
    for i in 0..cx.diagnostics.len() {
        let d = &cx.diagnostics[i];
        if !d.is_error() || !d.message.starts_with("yaml syntax error") {
            continue;
        }
        let at = d.span.map_or(0, |s| s.start).min(source.len());
        // The error's line, then the line before it (an error is often found on the next).
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = line_start.saturating_sub(1);
        let cause = cx.unset_cause(at).or_else(|| (line_start > 0).then(|| cx.unset_cause(before)).flatten());
        if let Some(cause) = cause {
            let number = cx.unset.iter().find(|u| cause.contains(&u.name)).map_or(0, |u| u.line_number);
            let message = format!("{} (line {number}); {}", cause, cx.diagnostics[i].message);
            cx.diagnostics[i].message = message;
        }
    }
}
