//! The decoding context: the diagnostics found so far, the source map being filled, and what
//! a reader needs to word a problem (the unset `${NAME}`s, the rack release, a JSON section's
//! struct), with the helpers every reader reports through.

use std::fmt::Write as _;

use super::go::*;
use super::interpolate::Unset;
use super::yaml::{Kind, Node, Scalar};
use super::SourceMap;
use crate::diagnostic::{Diagnostic, Fix, Span};

/// Where a key unknown in section `section` is known below it: its paths there.
pub(crate) type NestedKey = fn(section: &str, name: &str) -> Option<Vec<String>>;

/// Collects diagnostics and spans while decoding.
#[derive(Default)]
pub(crate) struct Cx {
    pub diagnostics: Vec<Diagnostic>,
    pub map: SourceMap,
    /// Inside `services`, `resources`, `timers` or `balancers`: the rack decodes each entry
    /// into Go's `interface{}` and marshals it again before reading it into its struct, so a
    /// plain scalar read as a string comes out in its canonical form (`0777` → `"511"`).
    pub remarshalled: bool,
    /// The `${NAME}`s the release env does not set, with their lines.
    pub unset: Vec<Unset>,
    /// Per service, in order: how many of the rack's `yamlAttributes` start with
    /// `services.<name>.scale` (its "no scale attributes" rule counts them).
    pub scale_attributes: Vec<usize>,
    /// Paths whose value an unset `${NAME}` emptied; the warning is at that key.
    pub emptied: Vec<String>,
    /// Inside a section read with JSON field names: where it starts, and the Go struct the
    /// current key belongs to (for the rack's `json: cannot unmarshal …` messages).
    pub(crate) json_root: Option<String>,
    pub(crate) json_struct: &'static str,
    /// The rack's release: a key it does not read yet is a warning, and not read.
    pub version: crate::rack_version::RackVersion,
    /// Where a key unknown in a section is known below it (`memory` → `scale.memory`): the key
    /// tables' answer ([`super::keys::nested_key`]), given by the loader so that the walk needs
    /// no table of its own.
    pub nested: Option<NestedKey>,
}

impl Cx {
    fn span(&self, path: &str) -> Span {
        self.map.lookup(path).unwrap_or_default()
    }

    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        let span = self.span(path);
        self.diagnostics.push(Diagnostic::error(message).at(path).with_span(span));
    }

    pub fn warning(&mut self, path: &str, message: impl Into<String>) {
        let span = self.span(path);
        self.diagnostics.push(Diagnostic::warning(message).at(path).with_span(span));
    }

    /// An error about the value `node` at `path`, reported at the value (naming an unset
    /// `${NAME}` that caused it).
    pub fn error_at_value(&mut self, path: &str, node: &Node, message: impl Into<String>) {
        let message = self.because(node, message.into());
        self.diagnostics.push(Diagnostic::error(message).at_value(path).with_span(node.span));
    }

    /// An error about the value at `path` itself, reported at the value.
    pub fn error_value(&mut self, path: &str, message: impl Into<String>) {
        let span = self.map.value(path).unwrap_or_default();
        self.diagnostics.push(Diagnostic::error(message).at_value(path).with_span(span));
    }

    pub fn warning_value(&mut self, path: &str, message: impl Into<String>) {
        let span = self.map.value(path).unwrap_or_default();
        self.diagnostics.push(Diagnostic::warning(message).at_value(path).with_span(span));
    }

    /// An error whose cause may be an unset `${NAME}` on the value's line: the message then
    /// starts with that cause.
    pub fn error_at(&mut self, path: &str, node: &Node, message: impl Into<String>) {
        let message = self.because(node, message.into());
        self.error(path, message);
    }

    pub fn warning_at(&mut self, path: &str, node: &Node, message: impl Into<String>) {
        let message = self.because(node, message.into());
        self.warning(path, message);
    }

    /// yaml.v2's type error, with the key path for its line number.
    pub fn type_error(&mut self, path: &str, node: &Node, want: &str) {
        let got = match node.text() {
            Some(t) => format!("{} `{t}`", node.type_name()),
            None => node.type_name().to_string(),
        };
        self.error_at(path, node, format!("{path}: cannot unmarshal {got} into {want}"));
    }

    /// encoding/json's type error, as sigs.k8s.io/yaml reports it for `scale.autoscale` and
    /// `scale.keda`.
    pub fn json_error(&mut self, path: &str, node: &Node, want: &str) {
        let got = match node.scalar() {
            Some(Scalar::Str(_)) => "string".to_string(),
            Some(Scalar::Bool(_)) => "bool".to_string(),
            Some(Scalar::Int(i)) if want.starts_with("int") => format!("number {i}"),
            Some(Scalar::Float(f)) if want.starts_with("int") => format!("number {}", go_float(f)),
            Some(Scalar::Int(_) | Scalar::Float(_)) => "number".to_string(),
            Some(Scalar::Null) => "null".to_string(),
            None if matches!(node.kind, Kind::Seq(_)) => "array".to_string(),
            None => "object".to_string(),
        };
        let field = self.json_root.as_deref().and_then(|root| path.strip_prefix(root)).unwrap_or(path);
        let field: String = strip_indices(field.trim_start_matches('.'));
        let into = if field.is_empty() {
            format!("Go value of type {want}")
        } else {
            format!("Go struct field {}.{field} of type {want}", self.json_struct)
        };
        self.error_at(path, node, format!("{path}: json: cannot unmarshal {got} into {into}"));
    }

    /// `message`, preceded by the unset `${NAME}`s on `node`'s line when there are any.
    pub(crate) fn because(&self, node: &Node, message: String) -> String {
        match self.unset_cause(node.span.start) {
            Some(cause) => {
                // Messages that start with their path keep it first.
                let described = format!("{cause} ({})", describe(node));
                match message.split_once(": ") {
                    Some((path, rest)) if !path.contains(' ') => format!("{path}: {described}; {rest}"),
                    _ => format!("{described}; {message}"),
                }
            }
            None => message,
        }
    }

    /// `${A} is not set, so this line reads "…"` for the unset `${NAME}`s on the line of
    /// `at` (a source offset).
    pub fn unset_cause(&self, at: usize) -> Option<String> {
        let on: Vec<&Unset> = self.unset.iter().filter(|u| u.line.0 <= at && at <= u.line.1).collect();
        let first = on.first()?;
        Some(format!("{} so this line reads \"{}\"", not_set(&on), first.reads))
    }

    /// The unset `${NAME}`s written after `key` on its line, when a value there came out
    /// empty.
    pub fn unset_after(&self, key: Span) -> Vec<&Unset> {
        self.unset
            .iter()
            .filter(|u| u.start >= key.end && u.line.0 <= key.start && key.start <= u.line.1)
            .collect()
    }
}

/// `${A} is not set,` / `${A} and ${B} are not set,`.
pub(crate) fn not_set(unset: &[&Unset]) -> String {
    let names: Vec<String> = unset.iter().map(|u| ["${", &u.name, "}"].concat()).collect();
    match names.as_slice() {
        [one] => format!("{one} is not set,"),
        [rest @ .., last] => format!("{} and {last} are not set,", rest.join(", ")),
        [] => String::new(),
    }
}

/// What a node is, in words, for messages about what a line became.
pub(crate) fn describe(node: &Node) -> &'static str {
    match &node.kind {
        Kind::Map(_) => "a map",
        Kind::Seq(_) => "a list",
        Kind::Scalar { .. } => match node.scalar() {
            Some(Scalar::Null) => "empty",
            Some(Scalar::Bool(_)) => "a boolean",
            Some(Scalar::Int(_) | Scalar::Float(_)) => "a number",
            _ => "a string",
        },
    }
}

fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

impl Cx {
    /// The warning for an unknown key `k` at `path`, with a fix renaming it when one of
    /// `known` is close.
    pub(crate) fn unknown_key<'a>(&mut self, path: &str, k: &Node, known: impl Iterator<Item = &'a str>) {
        let name = k.text().unwrap_or_default();
        let (message, near) = unknown_key(name, known);
        self.warning(path, message);
        if let Some(near) = near {
            self.fix_last(Some(Fix::replace(format!("Rename to {near}"), k.span, near)));
        }
    }

    /// The fixes of the diagnostic just pushed.
    pub(crate) fn fixes_of_last(&self) -> &[Fix] {
        self.diagnostics.last().map_or(&[], |d| d.fixes.as_slice())
    }

    /// Attaches `fix` to the diagnostic just pushed.
    pub(crate) fn fix_last(&mut self, fix: Option<Fix>) {
        if let (Some(d), Some(fix)) = (self.diagnostics.last_mut(), fix) {
            d.fixes.push(fix);
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The message for an unknown key, and the known key it is probably a typo of.
fn unknown_key<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> (String, Option<&'a str>) {
    // ASCII case folding: the known keys are ASCII, and Unicode's case tables cost the
    // playground's wasm about 15 KB gzip. `snake_case` and `kebab-case` spellings compare
    // as the camelCase key they mean.
    let fold = |s: &str, out: &mut String| {
        out.clear();
        out.extend(s.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()));
    };
    let mut folded = String::with_capacity(name.len());
    fold(name, &mut folded);
    // Short keys get one edit of slack, longer ones a quarter of their length.
    let chars = name.chars().count();
    let slack = if chars <= 4 { 1 } else { 2.max(chars / 4) };
    let mut buffer = String::with_capacity(32);
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        // The distance is at least the difference in length: skip what cannot be close.
        if k.len().abs_diff(folded.len()) > slack {
            continue;
        }
        fold(k, &mut buffer);
        // strsim's &str entry point: its generic one would be compiled here, unoptimised in
        // debug builds.
        let d = strsim::damerau_levenshtein(&folded, &buffer);
        if d <= slack && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    match best {
        Some((_, k)) => (format!("unknown key {name} (did you mean {k}?)"), Some(k)),
        None => (format!("unknown key {name}"), None),
    }
}

// ---------------------------------------------------------------------------------------
// paths

pub(crate) fn item(path: &str, i: usize) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    out.push_str(path);
    // Writing to a String cannot fail.
    let _ = write!(out, "[{i}]");
    out
}

// Paths are built for every key of the manifest: `concat` sizes the string once and skips
// the formatting machinery `format!` runs.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        [path, ".", key].concat()
    }
}
