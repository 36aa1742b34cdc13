//! Spanned YAML tree → [`Manifest`], accepting every form the rack accepts (`pkg/manifest/yaml.go` and the structs' yaml tags).
//!
//! Hand-written rather than `#[derive(Deserialize)]` + `serde_ignored`/`serde_path_to_error`:
//! nearly every service field has a custom form (int, `"scheme:port"`, map; string or list;
//! list of `k=v` …), each failure must land on the key's span with the rack's own wording,
//! and one bad key must not throw away the rest of the manifest. Walking the spanned tree
//! gives all three at once; serde would stop at the first error.
//!
//! Which keys a struct has, and how each is read, is data: the tables in [`super::keys`].
//! This module holds the machinery they share: the walk of a map against a table (unknown
//! keys, keys of earlier Convox generations), and the reads of Go's value kinds as the
//! rack's two YAML readers do them — gopkg.in/yaml.v2 for most of convox.yml, and
//! sigs.k8s.io/yaml (JSON field names and JSON's type rules) for `scale.keda` and
//! `scale.autoscale`.
//!
//! Every key and list item is recorded in the [`SourceMap`], which then doubles as the
//! rack's `yamlAttributes` set ("is this key present?") for the defaults.

use std::fmt::Write as _;

use super::interpolate::Unset;
use super::keys;
use super::model::*;
use super::refusals::PORT_RANGE;
use super::schema::{Keys, Table};
use super::yaml::{is_null_text, resolve, Kind, Node, Scalar};
use super::SourceMap;
use crate::diagnostic::{Diagnostic, Fix, Span};

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
    fn because(&self, node: &Node, message: String) -> String {
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
fn describe(node: &Node) -> &'static str {
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

// ---------------------------------------------------------------------------------------
// Go's formatting of decoded values, for the rack's messages

/// Go's `%T` of what yaml.v2 decodes `node` into as `interface{}`.
pub(crate) fn go_type(node: &Node) -> &'static str {
    match &node.kind {
        Kind::Seq(_) => "[]interface {}",
        Kind::Map(_) => "map[interface {}]interface {}",
        Kind::Scalar { .. } => match node.scalar() {
            Some(Scalar::Null) => "<nil>",
            Some(Scalar::Bool(_)) => "bool",
            Some(Scalar::Int(_)) => "int",
            Some(Scalar::Float(_)) => "float64",
            _ => "string",
        },
    }
}

/// Go's `%v` of what yaml.v2 decodes `node` into.
pub(crate) fn go_value(node: &Node) -> String {
    go_format(node, false)
}

/// Go's `%s` of it: non-strings print as `%!s(int=80)`.
pub(crate) fn go_s(node: &Node) -> String {
    go_format(node, true)
}

fn go_format(node: &Node, s: bool) -> String {
    match &node.kind {
        Kind::Scalar { .. } => {
            let scalar = node.scalar().unwrap_or(Scalar::Null);
            let (ty, v) = match scalar {
                Scalar::Str(v) => return v,
                Scalar::Null => return if s { "%!s(<nil>)".into() } else { "<nil>".into() },
                Scalar::Bool(b) => ("bool", b.to_string()),
                Scalar::Int(i) => ("int", i.to_string()),
                Scalar::Float(f) => ("float64", go_float(f)),
            };
            if s {
                format!("%!s({ty}={v})")
            } else {
                v
            }
        }
        Kind::Seq(items) => {
            format!("[{}]", items.iter().map(|n| go_format(n, s)).collect::<Vec<_>>().join(" "))
        }
        Kind::Map(entries) => {
            let mut pairs: Vec<(String, String)> =
                entries.iter().map(|(k, v)| (go_format(k, false), go_format(v, s))).collect();
            // fmt prints maps sorted by key.
            pairs.sort();
            let inner: Vec<String> = pairs.into_iter().map(|(k, v)| [k, v].join(":")).collect();
            format!("map[{}]", inner.join(" "))
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which `%v` and yaml.v2's marshalling use.
pub(crate) fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Shortest digits and the decimal exponent, from Rust's shortest round-trip form.
    let e = format!("{f:e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // %g with the shortest precision uses an exponent below 1e-4 and from 1e21 up.
    if !(-4..21).contains(&exp) {
        let rest = if digits.len() > 1 { [".", &digits[1..]].concat() } else { String::new() };
        let sign_e = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{}{rest}e{sign_e}{:02}", &digits[..1], exp.abs());
    }
    let n = digits.len() as i32;
    let body = if exp >= n - 1 {
        [digits.as_str(), &"0".repeat((exp - n + 1) as usize)].concat()
    } else if exp >= 0 {
        let cut = (exp + 1) as usize;
        [&digits[..cut], ".", &digits[cut..]].concat()
    } else {
        ["0.", &"0".repeat((-exp - 1) as usize), digits.as_str()].concat()
    };
    [sign, &body].concat()
}

/// The text yaml.v2 gives a plain scalar after a round trip through `interface{}`.
fn canonical(scalar: &Scalar) -> String {
    match scalar {
        Scalar::Null => String::new(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) if f.is_nan() => ".nan".into(),
        Scalar::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.into(),
        Scalar::Float(f) => go_float(*f),
        Scalar::Str(s) => s.clone(),
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

// ---------------------------------------------------------------------------------------
// maps against a table

/// Reads the map `node` into `out` with `table`: each key's read runs in document order;
/// unknown keys and keys of earlier Convox generations are warnings. Null reads nothing;
/// anything else is the rack's type error.
///
/// Only the dispatch to the key's read is generic: the walk itself ([`walk`]) is compiled
/// once, not once per model struct (inlined into each table's reads, 44 copies of it were
/// about 50 KB of the wasm before gzip).
pub(crate) fn table<T>(cx: &mut Cx, path: &str, node: &Node, table: &Table<T>, out: &mut T) {
    walk(cx, path, node, table, &mut |cx, i, p, v| (table.fields[i].read)(cx, p, v, out));
}

/// The walk of [`table`], for any table: `read(cx, i, path, value)` reads field `i`.
#[inline(never)]
fn walk(
    cx: &mut Cx,
    path: &str,
    node: &Node,
    table: &dyn Keys,
    read: &mut dyn FnMut(&mut Cx, usize, &str, &Node),
) {
    let (json, go) = (table.json(), table.go());
    let entries = match &node.kind {
        Kind::Map(entries) => entries,
        _ if node.is_null() => return,
        _ if json => return cx.json_error(path, node, go),
        _ => return cx.type_error(path, node, go),
    };
    let outer = cx.json_struct;
    if json {
        cx.json_struct = go.rsplit('.').next().unwrap_or(go);
    }
    for (k, v) in entries {
        let Some(name) = k.text() else {
            let p = join(path, "?");
            cx.map.insert_node(p.clone(), k.span, v.span);
            cx.error(&p, format!("unknown key type: {}", go_type(k)));
            continue;
        };
        let p = join(path, name);
        cx.map.insert_node(p.clone(), k.span, v.span);
        match table.field(name) {
            Some((i, false)) => read(cx, i, &p, v),
            Some((i, true)) => {
                // JSON field names match in any case: the rack reads it, under its own name.
                let key = table.key(i).name;
                let canonical = join(path, key);
                cx.map.insert_node(canonical.clone(), k.span, v.span);
                cx.warning(
                    &p,
                    format!("{name}: Convox reads this as {key} (JSON field names match in any case); write {key}"),
                );
                cx.fix_last(Some(Fix::replace(format!("Rename to {key}"), k.span, key)));
                read(cx, i, &canonical, v);
            }
            None => match table.legacy().iter().find(|l| l.name == name) {
                Some(l) => {
                    cx.warning(&p, l.message());
                    cx.fix_last(l.fix(k.span, Span::new(k.span.start, v.span.end)));
                }
                None => {
                    cx.unknown_key(&p, k, (0..table.len()).map(|i| table.key(i).name));
                    if cx.fixes_of_last().is_empty() {
                        if let Some(deeper) = nested_key(table.path(), name) {
                            let parents: Vec<String> = deeper
                                .iter()
                                .map(|p| {
                                    p.rsplit_once('.').map_or(p.as_str(), |(parent, _)| parent).to_string()
                                })
                                .collect();
                            if let Some(d) = cx.diagnostics.last_mut() {
                                d.message = format!(
                                    "unknown key {name} here: it is a key under {} (did you mean {}?)",
                                    or_list(&parents),
                                    or_list(&deeper)
                                );
                            }
                        }
                    }
                }
            },
        }
    }
    cx.json_struct = outer;
}

/// A list of `table` structs: each item recorded as `path[i]`. `go` names the list type.
pub(crate) fn list<T: Default>(cx: &mut Cx, path: &str, node: &Node, t: &Table<T>, go: &str) -> Vec<T> {
    let mut out = Vec::new();
    for (i, n) in seq(cx, path, node, go).iter().enumerate() {
        let mut v = T::default();
        table(cx, &item(path, i), n, t, &mut v);
        out.push(v);
    }
    out
}

/// A section read with sigs.k8s.io/yaml (JSON field names and type rules), from `path`.
pub(crate) fn json_section<T>(cx: &mut Cx, path: &str, node: &Node, t: &Table<T>, out: &mut T) {
    let outer = cx.json_root.replace(path.to_string());
    let outer_struct = std::mem::take(&mut cx.json_struct);
    table(cx, path, node, t, out);
    cx.json_root = outer;
    cx.json_struct = outer_struct;
}

impl Cx {
    /// The warning for an unknown key `k` at `path`, with a fix renaming it when one of
    /// `known` is close.
    fn unknown_key<'a>(&mut self, path: &str, k: &Node, known: impl Iterator<Item = &'a str>) {
        let name = k.text().unwrap_or_default();
        let (message, near) = unknown_key(name, known);
        self.warning(path, message);
        if let Some(near) = near {
            self.fix_last(Some(Fix::replace(format!("Rename to {near}"), k.span, near)));
        }
    }

    /// The fixes of the diagnostic just pushed.
    fn fixes_of_last(&self) -> &[Fix] {
        self.diagnostics.last().map_or(&[], |d| d.fixes.as_slice())
    }

    /// Attaches `fix` to the diagnostic just pushed.
    pub(crate) fn fix_last(&mut self, fix: Option<Fix>) {
        if let (Some(d), Some(fix)) = (self.diagnostics.last_mut(), fix) {
            d.fixes.push(fix);
        }
    }
}

/// Where a key unknown in section `section` is known below it: `memory` under a service is
/// `scale.memory`; `path` is `build.path or health.path`. The nearest sections win (`scale`
/// before `scale.limit`); `None` when the name is a key of no section below.
fn nested_key(section: &str, name: &str) -> Option<Vec<String>> {
    let prefix = [section, "."].concat();
    let found: Vec<(usize, String)> = super::keys::TABLES
        .iter()
        .map(|t| t.section())
        .filter_map(|s| {
            let rest = s.path.strip_prefix(prefix.as_str())?;
            // Through named entries or list items the path has no one spelling to suggest.
            if rest.contains('<') || rest.contains("[]") {
                return None;
            }
            let key = s.keys.iter().find(|k| k.name.eq_ignore_ascii_case(name))?;
            Some((rest.matches('.').count(), [rest, ".", key.name].concat()))
        })
        .collect();
    let nearest = found.iter().map(|(depth, _)| *depth).min()?;
    Some(found.into_iter().filter(|(d, _)| *d == nearest).map(|(_, p)| p).collect())
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
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
// Go value kinds, as yaml.v2 reads them

/// A scalar into a Go string. Null is `""`; inside the re-marshalled sections a plain
/// number or boolean comes out in its canonical form, with a warning when that changes it.
pub(crate) fn string(cx: &mut Cx, path: &str, node: &Node) -> Option<String> {
    string_as(cx, path, node, true)
}

/// [`string`], with or without the warning when the round trip changes the text.
pub(crate) fn string_as(cx: &mut Cx, path: &str, node: &Node, warn: bool) -> Option<String> {
    match &node.kind {
        Kind::Scalar { value, plain: false } => Some(value.clone()),
        Kind::Scalar { value, plain: true } if !cx.remarshalled => {
            Some(if is_null_text(value) { String::new() } else { value.clone() })
        }
        Kind::Scalar { value, plain: true } => match resolve(value) {
            Scalar::Str(s) => Some(s),
            Scalar::Null => Some(String::new()),
            other => {
                let canon = canonical(&other);
                if warn && canon != *value {
                    let what = if matches!(other, Scalar::Bool(_)) { "a boolean" } else { "the number" };
                    cx.warning(
                        path,
                        format!("Convox reads {value} as {what} {canon} and uses \"{canon}\"; quote it (\"{value}\") to keep it as written"),
                    );
                }
                Some(canon)
            }
        },
        _ => {
            cx.type_error(path, node, "string");
            None
        }
    }
}

/// `*string`: null is `None`.
pub(crate) fn opt_string(cx: &mut Cx, path: &str, node: &Node) -> Option<String> {
    if node.is_null() {
        return None;
    }
    string(cx, path, node)
}

/// A scalar into a Go int: floats are truncated, as yaml.v2 does; null is 0.
pub(crate) fn int(cx: &mut Cx, path: &str, node: &Node) -> Option<i64> {
    match node.scalar() {
        Some(Scalar::Null) => Some(0),
        Some(Scalar::Int(i)) => Some(i),
        Some(Scalar::Float(f)) if f.is_finite() && f.abs() < 9.2e18 => Some(f.trunc() as i64),
        _ => {
            cx.type_error(path, node, "int");
            None
        }
    }
}

/// `*int`: null is `None`.
pub(crate) fn opt_int(cx: &mut Cx, path: &str, node: &Node) -> Option<i64> {
    if node.is_null() {
        return None;
    }
    int(cx, path, node)
}

/// A float64 (ints widen); null is `None`.
pub(crate) fn float(cx: &mut Cx, path: &str, node: &Node) -> Option<f64> {
    match node.scalar() {
        Some(Scalar::Null) => None,
        Some(Scalar::Int(i)) => Some(i as f64),
        Some(Scalar::Float(f)) => Some(f),
        _ => {
            cx.type_error(path, node, "float64");
            None
        }
    }
}

pub(crate) fn boolean(cx: &mut Cx, path: &str, node: &Node) -> Option<bool> {
    match node.scalar() {
        Some(Scalar::Null) => Some(false),
        Some(Scalar::Bool(b)) => Some(b),
        _ => {
            cx.type_error(path, node, "bool");
            None
        }
    }
}

/// `*bool`: null is `None`.
pub(crate) fn opt_bool(cx: &mut Cx, path: &str, node: &Node) -> Option<bool> {
    if node.is_null() {
        return None;
    }
    boolean(cx, path, node)
}

/// The int a custom parser's `t["key"].(int)` sees. The rack silently ignores anything else
/// (a string, a float, `"250"` in quotes) and keeps the default: a warning at the value says
/// so, with what applies `instead` and the form to `write`.
pub(crate) fn int_only(cx: &mut Cx, path: &str, node: &Node, instead: &str, write: &str) -> Option<i64> {
    let shown = match node.scalar()? {
        Scalar::Int(i) => return Some(i),
        Scalar::Null => return None,
        Scalar::Str(s) if s.parse::<f64>().is_ok() => format!("{s:?} (a quoted number is a string)"),
        Scalar::Str(s) => format!("{s:?}"),
        _ => go_value(node),
    };
    let message = cx.because(
        node,
        format!("{path} {shown} is not a whole number, and Convox ignores anything else here: {instead}. Write {write}"),
    );
    cx.diagnostics.push(Diagnostic::warning(message).at_value(path).with_span(node.span));
    None
}

/// `[]string`: each item a string, recorded as `path[i]`.
pub(crate) fn strings(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for (i, n) in seq(cx, path, node, "[]string").iter().enumerate() {
        if let Some(s) = string(cx, &item(path, i), n) {
            out.push(s);
        }
    }
    out
}

/// The items of a list (null → none), each recorded as `path[i]`; `want` names the Go type
/// for the error when it is not a list.
pub(crate) fn seq<'n>(cx: &mut Cx, path: &str, node: &'n Node, want: &str) -> &'n [Node] {
    match &node.kind {
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                cx.map.insert(item(path, i), n.span);
            }
            items
        }
        _ if node.is_null() => &[],
        _ => {
            cx.type_error(path, node, want);
            &[]
        }
    }
}

/// Records every key and item under `node` (for the parts the model keeps untyped).
pub(crate) fn record_tree(cx: &mut Cx, path: &str, node: &Node) {
    match &node.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let p = join(path, k.text().unwrap_or("?"));
                cx.map.insert_node(p.clone(), k.span, v.span);
                record_tree(cx, &p, v);
            }
        }
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                let p = item(path, i);
                cx.map.insert(p.clone(), n.span);
                record_tree(cx, &p, n);
            }
        }
        Kind::Scalar { .. } => {}
    }
}

/// The message for `text` at `path` that Go's `strconv.Atoi` refused with `error`: a plain
/// sentence first (what is wrong, the forms the key takes), then the rack's own words.
pub(crate) fn not_a_number(path: &str, text: &str, error: &str, forms: &str) -> String {
    let key = path.rsplit('.').next().unwrap_or(path);
    let what =
        if error.ends_with("value out of range") { "is too large a number" } else { "is not a number" };
    format!("{key} {text:?} {what} ({forms}). The rack says: {path}: {error}")
}

/// Go's `strconv.Atoi`, with its error text.
pub(crate) fn atoi(s: &str) -> Result<i64, String> {
    // Go's strconv.Atoi accepts an optional sign and decimal digits only.
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = s.parse::<i64>() {
            return Ok(v);
        }
        return Err(format!("strconv.Atoi: parsing {s:?}: value out of range"));
    }
    Err(format!("strconv.Atoi: parsing {s:?}: invalid syntax"))
}

// ---------------------------------------------------------------------------------------
// Go value kinds, as sigs.k8s.io/yaml reads them (JSON rules)

/// A JSON string target: numbers and booleans are converted to their text first, as
/// sigs.k8s.io/yaml does for string fields; null leaves it empty.
pub(crate) fn json_string(cx: &mut Cx, path: &str, node: &Node) -> Option<String> {
    match node.scalar() {
        Some(Scalar::Null) => None,
        Some(Scalar::Str(s)) => Some(s),
        Some(other) => Some(canonical(&other)),
        None => {
            cx.json_error(path, node, "string");
            None
        }
    }
}

/// A JSON `*int32`: integral numbers in range; null is `None`.
pub(crate) fn json_int32(cx: &mut Cx, path: &str, node: &Node) -> Option<i64> {
    let fits = |i: i64| (i32::MIN as i64..=i32::MAX as i64).contains(&i);
    match node.scalar() {
        Some(Scalar::Null) => None,
        Some(Scalar::Int(i)) if fits(i) => Some(i),
        Some(Scalar::Float(f)) if f.fract() == 0.0 && fits(f as i64) => Some(f as i64),
        _ => {
            cx.json_error(path, node, "int32");
            None
        }
    }
}

/// A JSON float64; null is `None`.
pub(crate) fn json_float(cx: &mut Cx, path: &str, node: &Node) -> Option<f64> {
    match node.scalar() {
        Some(Scalar::Null) => None,
        Some(Scalar::Int(i)) => Some(i as f64),
        Some(Scalar::Float(f)) => Some(f),
        _ => {
            cx.json_error(path, node, "float64");
            None
        }
    }
}

pub(crate) fn json_bool(cx: &mut Cx, path: &str, node: &Node) -> Option<bool> {
    match node.scalar() {
        Some(Scalar::Null) => None,
        Some(Scalar::Bool(b)) => Some(b),
        _ => {
            cx.json_error(path, node, "bool");
            None
        }
    }
}

/// A JSON list of `t` structs (`[]T`); `go` names the element type.
pub(crate) fn json_list<T: Default>(cx: &mut Cx, path: &str, node: &Node, t: &Table<T>, go: &str) -> Vec<T> {
    let items = match &node.kind {
        Kind::Seq(items) => items,
        _ if node.is_null() => return Vec::new(),
        _ => {
            cx.json_error(path, node, &["[]", go].concat());
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, n) in items.iter().enumerate() {
        let p = item(path, i);
        cx.map.insert(p.clone(), n.span);
        if matches!(n.kind, Kind::Map(_)) || n.is_null() {
            let mut v = T::default();
            table(cx, &p, n, t, &mut v);
            out.push(v);
        } else {
            cx.json_error(&p, n, go);
        }
    }
    out
}

/// A YAML node as JSON (the KEDA shapes the model keeps untyped), with its keys recorded.
pub(crate) fn json(cx: &mut Cx, path: &str, node: &Node) -> Option<serde_json::Value> {
    record_tree(cx, path, node);
    if node.is_null() {
        return None;
    }
    Some(serde_json::to_value(node.to_value()).unwrap_or(serde_json::Value::Null))
}

// ---------------------------------------------------------------------------------------
// the top level and the named sections

/// Decodes the document root. `None` when it is not a map (e.g. a bare scalar).
pub(crate) fn manifest(cx: &mut Cx, root: &Node) -> Option<Manifest> {
    if !matches!(root.kind, Kind::Map(_)) && !root.is_null() {
        cx.map.insert(String::new(), root.span);
        let got = match root.text() {
            Some(t) => format!("{} `{t}`", root.type_name()),
            None => root.type_name().to_string(),
        };
        cx.error("", format!("yaml: unmarshal errors: cannot unmarshal {got} into manifest.Manifest"));
        return None;
    }
    let mut m = Manifest::default();
    table(cx, "", root, &keys::MANIFEST, &mut m);
    Some(m)
}

/// A `name → value` section in YAML order (`services`, …), each entry read the way the rack
/// reads it: re-marshalled, with its name a string or an int.
pub(crate) fn named<T: Default>(
    cx: &mut Cx,
    path: &str,
    node: &Node,
    read: fn(&mut Cx, &str, &Node, &mut T),
) -> NamedList<T> {
    let entries = match &node.kind {
        Kind::Map(entries) => entries,
        _ if node.is_null() => return Vec::new(),
        _ => {
            cx.type_error(path, node, "yaml.MapSlice");
            return Vec::new();
        }
    };
    let outer = std::mem::replace(&mut cx.remarshalled, true);
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let name = match (&k.kind, k.scalar()) {
            (Kind::Scalar { value, plain: false }, _) => value.clone(),
            (_, Some(Scalar::Str(s))) => s,
            (_, Some(Scalar::Int(i))) => i.to_string(),
            _ => {
                let p = join(path, k.text().unwrap_or("?"));
                cx.map.insert_node(p.clone(), k.span, v.span);
                cx.error(&p, format!("unknown key type: {}", go_type(k)));
                continue;
            }
        };
        let p = join(path, &name);
        cx.map.insert_node(p.clone(), k.span, v.span);
        let mut value = T::default();
        read(cx, &p, v, &mut value);
        out.push(Named { name, value });
    }
    cx.remarshalled = outer;
    out
}

// ---------------------------------------------------------------------------------------
// the rack's custom forms

/// `environment`: a list of strings; a nested list is flattened one level. Anything else in
/// the list is dropped by the rack (a warning here); anything but a list is its error.
pub(crate) fn environment(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    let items = match &node.kind {
        Kind::Seq(items) => items,
        _ if node.is_null() => return out,
        Kind::Map(entries) => {
            let example = entries
                .first()
                .map(|(k, v)| format!("- {}={}", k.text().unwrap_or("KEY"), v.text().unwrap_or("value")))
                .unwrap_or_else(|| "- KEY=value".into());
            cx.error_at(
                path,
                node,
                format!(
                    "unknown type for service environment: {} (environment is a list: {example})",
                    go_type(node)
                ),
            );
            return out;
        }
        _ => {
            cx.error_at(path, node, format!("unknown type for service environment: {}", go_type(node)));
            return out;
        }
    };
    for (i, n) in items.iter().enumerate() {
        let p = item(path, i);
        cx.map.insert(p.clone(), n.span);
        match &n.kind {
            Kind::Seq(inner) => {
                for (j, e) in inner.iter().enumerate() {
                    let q = item(&p, j);
                    cx.map.insert(q.clone(), e.span);
                    match e.scalar() {
                        Some(Scalar::Str(s)) => out.push(s),
                        _ => dropped_env(cx, &q, e),
                    }
                }
            }
            _ => match n.scalar() {
                Some(Scalar::Str(s)) => out.push(s),
                _ => dropped_env(cx, &p, n),
            },
        }
    }
    out
}

/// An environment entry the rack silently drops (it keeps strings only).
fn dropped_env(cx: &mut Cx, path: &str, node: &Node) {
    let hint = match &node.kind {
        Kind::Map(entries) if entries.len() == 1 => {
            let (k, v) = &entries[0];
            format!("; write \"{}={}\"", k.text().unwrap_or_default(), v.text().unwrap_or_default())
        }
        Kind::Scalar { value, .. } if !node.is_null() => format!("; quote it (\"{value}\")"),
        _ => String::new(),
    };
    cx.warning_at(
        path,
        node,
        format!(
            "{path}: Convox ignores this entry: environment entries are strings, this is {}{hint}",
            describe(node)
        ),
    );
}

/// `labels` and the other Go `map[string]string`s: scalar values as strings, sorted by
/// key (Go ranges over maps in key order).
pub(crate) fn labels(cx: &mut Cx, path: &str, node: &Node, go: &str) -> Pairs {
    let entries = match &node.kind {
        Kind::Map(entries) => entries,
        _ if node.is_null() => return Pairs::new(),
        Kind::Seq(items) => {
            let compose = items.iter().filter_map(Node::text).any(|t| t.contains('='));
            let hint = if compose {
                " (labels is a map in convox.yml: labels: {team: core}; a list of key=value is the docker-compose form)"
            } else {
                " (labels is a map: labels: {team: core})"
            };
            cx.error_at(path, node, format!("{path}: cannot unmarshal !!seq into {go}{hint}"));
            return Pairs::new();
        }
        _ => {
            cx.type_error(path, node, go);
            return Pairs::new();
        }
    };
    let mut out = Pairs::with_capacity(entries.len());
    for (k, v) in entries {
        let key = k.text().unwrap_or("?");
        let p = join(path, key);
        cx.map.insert_node(p.clone(), k.span, v.span);
        if let Some(value) = string(cx, &p, v) {
            out.retain(|(ok, _)| ok != key);
            out.push((key.to_string(), value));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Service `annotations` / `ingressAnnotations` (the rack's `Annotations`): a list whose
/// items are `"k=v"` strings or `{k: v}` maps with string values.
pub(crate) fn annotations(cx: &mut Cx, path: &str, node: &Node) -> Pairs {
    let mut out = Pairs::new();
    let items = match &node.kind {
        Kind::Seq(items) => items,
        _ if node.is_null() => return out,
        _ => {
            let got = match node.text() {
                Some(t) => format!("{} `{t}`", node.type_name()),
                None => node.type_name().to_string(),
            };
            cx.error_at(
                path,
                node,
                format!("failed to unmarshal annotations: cannot unmarshal {got} into []interface {{}} (annotations are a list: - key=value)"),
            );
            return out;
        }
    };
    for (i, n) in items.iter().enumerate() {
        let p = item(path, i);
        cx.map.insert(p.clone(), n.span);
        match (&n.kind, n.scalar()) {
            (_, Some(Scalar::Str(s))) => match s.split_once('=') {
                Some((k, v)) => out.push((k.to_string(), v.to_string())),
                None => cx.error_at(&p, n, format!("invalid annotation format: {s}")),
            },
            (Kind::Map(entries), _) => {
                for (k, v) in entries {
                    let key = k.text().unwrap_or("?");
                    let q = join(&p, key);
                    cx.map.insert_node(q.clone(), k.span, v.span);
                    match (k.scalar(), v.scalar()) {
                        (Some(Scalar::Str(_)), Some(Scalar::Str(value))) => {
                            out.push((key.to_string(), value))
                        }
                        (Some(Scalar::Str(_)), _) => {
                            // The rack's message names the key, though it is about the value.
                            cx.error_at(&q, v, format!("annotation value is not a string: {key}"))
                        }
                        _ => cx.error_at(&q, k, format!("annotation key is not a string: {}", go_value(k))),
                    }
                }
            }
            _ => cx.error_at(&p, n, format!("unsupported annotation type: {}", go_type(n))),
        }
    }
    out
}

/// Timer and balancer `annotations` (`[]string` of `"k=v"`). The rack splits each on `=`
/// when it renders, and crashes on one without: that is an error here.
pub(crate) fn string_annotations(cx: &mut Cx, path: &str, node: &Node, go: &str) -> Pairs {
    if let Kind::Map(entries) = &node.kind {
        let example = entries
            .first()
            .map(|(k, v)| format!("- {}={}", k.text().unwrap_or("key"), v.text().unwrap_or("value")))
            .unwrap_or_else(|| "- key=value".into());
        cx.error_at(path, node, format!("{path}: cannot unmarshal !!map into {go} (these annotations are a list of \"key=value\" strings: {example})"));
        return Pairs::new();
    }
    let mut out = Pairs::new();
    for (i, n) in seq(cx, path, node, go).iter().enumerate() {
        let p = item(path, i);
        let Some(s) = string(cx, &p, n) else { continue };
        match s.split_once('=') {
            Some((k, v)) => out.push((k.to_string(), v.to_string())),
            None => {
                cx.error_at(&p, n, format!("invalid annotation format: {s} (the rack needs key=value here)"))
            }
        }
    }
    out
}

/// `domain`: a comma-separated string or a list of strings; entries trimmed, blanks dropped.
pub(crate) fn domains(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    match &node.kind {
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                let p = item(path, i);
                cx.map.insert(p.clone(), n.span);
                match n.scalar() {
                    Some(Scalar::Str(s)) => out.push(s),
                    _ => {
                        cx.error_at(&p, n, format!("unknown type for service domain: {}", go_type(n)));
                        return Vec::new();
                    }
                }
            }
        }
        _ => match node.scalar() {
            Some(Scalar::Null) => {}
            Some(Scalar::Str(s)) => out.extend(s.split(',').map(str::to_string)),
            _ => cx.error_at(path, node, format!("unknown type for service domain: {}", go_type(node))),
        },
    }
    out.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
}

/// `build`: a path, or `{path, manifest, args}`.
pub(crate) fn build(cx: &mut Cx, path: &str, node: &Node, b: &mut Build) {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => table(cx, path, node, &keys::BUILD, b),
        (_, Some(Scalar::Null)) => {}
        (_, Some(Scalar::Str(s))) => b.path = s,
        _ => cx.error_at(path, node, format!("unknown type for service build: {}", go_type(node))),
    }
}

/// `health`: a path, or a map the rack reads itself (only YAML ints for the numbers, only
/// a string path and a boolean `disable`; other values are ignored).
pub(crate) fn health(cx: &mut Cx, path: &str, node: &Node, h: &mut Health) {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => table(cx, path, node, &keys::HEALTH, h),
        (_, Some(Scalar::Null)) => {}
        (_, Some(Scalar::Str(s))) => h.path = s,
        _ => cx.error_at(path, node, format!("unknown type for service health: {}", go_type(node))),
    }
}

/// `agent`: a boolean. The map form was Convox v2's `agent: {enabled, ports}`.
pub(crate) fn agent(cx: &mut Cx, path: &str, node: &Node) -> bool {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => {
            cx.error_at(
                path,
                node,
                "agent ports are now specified at the service level (agent: {enabled, ports} is the Convox v2 form; write agent: true and list the ports under the service's ports:)",
            );
            false
        }
        (_, Some(Scalar::Bool(b))) => b,
        (_, Some(Scalar::Null)) => false,
        _ => {
            cx.error_at(path, node, format!("could not parse agent: {}", go_value(node)));
            false
        }
    }
}

/// `command`: a string. A list was Convox v2's form.
pub(crate) fn command(cx: &mut Cx, path: &str, node: &Node) -> String {
    if let Kind::Seq(items) = &node.kind {
        let joined: Vec<&str> = items.iter().filter_map(Node::text).collect();
        cx.error_at(
            path,
            node,
            format!(
                "{path}: cannot unmarshal !!seq into string (a list was Convox v2's form of command; in v3 it is one string: command: {})",
                joined.join(" ")
            ),
        );
        return String::new();
    }
    string(cx, path, node).unwrap_or_default()
}

const PORT_FORMS: &str = "port is 3000, \"https:3000\" or {port: 3000, scheme: https}";

/// The hint for a docker-compose `"HOST:CONTAINER"` port: convox.yml takes the container
/// port (the last number) only. `write` shows it as the key takes it.
fn compose_hint(written: &str, write: impl Fn(&str) -> String, outside: &str) -> String {
    let last = written.rsplit(':').next().unwrap_or_default();
    let last = last.split('/').next().unwrap_or_default();
    let port =
        if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) { last } else { "<container port>" };
    format!(
        "convox.yml takes the container port only: write {}; {outside} gives the outside port",
        write(port)
    )
}

/// `port`, `health.port`, `liveness.port` (the rack's `ServicePortScheme`): an int;
/// `"port"` or `"scheme:port"` (split on `:`; the second part is the port, the rest is
/// ignored); or `{port, scheme}`. A scheme written exactly `grpc` becomes `GRPC`.
/// Returns (scheme, port); none for null or an error.
pub(crate) fn port_scheme(cx: &mut Cx, path: &str, node: &Node) -> Option<(String, i64)> {
    let (mut scheme, port) = match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => {
            let mut form = PortMap::default();
            table(cx, path, node, &keys::PORT_MAP, &mut form);
            if form.failed {
                return None;
            }
            let scheme = form.scheme.unwrap_or(form.port_scheme);
            if form.port == 0 {
                cx.error_at(path, node, format!("could not parse port: {} ({PORT_FORMS})", go_value(node)));
                return None;
            }
            (scheme, form.port)
        }
        (_, Some(Scalar::Null)) => return None,
        (_, Some(Scalar::Int(p))) => (String::new(), p),
        (_, Some(Scalar::Str(s))) => port_string(cx, path, node, &s)?,
        _ => {
            cx.error_at(path, node, format!("invalid port: {} ({PORT_FORMS})", go_s(node)));
            return None;
        }
    };
    if scheme == "grpc" {
        scheme = "GRPC".into();
    }
    Some((scheme, port))
}

/// The `{port, scheme}` form of a port, as the rack reads it.
#[derive(Default)]
pub(crate) struct PortMap {
    pub port: i64,
    /// The scheme of a `"scheme:port"` string in `port`.
    pub port_scheme: String,
    pub scheme: Option<String>,
    /// A part failed with its own error.
    pub failed: bool,
}

/// `port:` inside the map form.
pub(crate) fn port_map_port(cx: &mut Cx, path: &str, node: &Node, form: &mut PortMap) {
    match node.scalar() {
        Some(Scalar::Null) => {}
        Some(Scalar::Int(p)) => form.port = p,
        Some(Scalar::Str(s)) => match port_string(cx, path, node, &s) {
            Some((scheme, p)) => {
                form.port_scheme = scheme;
                form.port = p;
            }
            None => form.failed = true,
        },
        _ => {
            cx.error_at(path, node, format!("could not parse port: {} ({PORT_FORMS})", go_s(node)));
            form.failed = true;
        }
    }
}

/// `"3000"` / `"https:3000"`; a digits-only scheme (`"80:80"`) is read as the rack reads it,
/// with a warning that convox.yml has no host:container mapping.
fn port_string(cx: &mut Cx, path: &str, node: &Node, s: &str) -> Option<(String, i64)> {
    let mut parts = s.split(':');
    let first = parts.next().unwrap_or_default();
    let (scheme, number) = match parts.next() {
        Some(second) => (first, second),
        None => ("", first),
    };
    match atoi(number) {
        // A digits-only scheme ("80:80") is what mapping reports: whether a probe refuses it.
        Ok(port) => Some((scheme.to_string(), port)),
        Err(e) => {
            let key = path.rsplit('.').next().unwrap_or("port");
            let hint = |p: &str| format!("{key}: {p}");
            let forms = if s.contains(':') {
                compose_hint(s, hint, "the balancer or the router")
            } else {
                PORT_FORMS.to_string()
            };
            cx.error_at(path, node, not_a_number(path, number, &e, &forms));
            None
        }
    }
}

const PORTS_FORMS: &str = "ports entries are a port and an optional protocol: ports: [3000, \"8125/udp\"]";

/// `ports` (the rack's `[]ServicePortProtocol`): ints (protocol `tcp`) or `"port/protocol"`
/// strings (split on `/`; a bare `"8126"` has protocol `""`).
pub(crate) fn ports(cx: &mut Cx, path: &str, node: &Node) -> Vec<ExtraPort> {
    if !matches!(node.kind, Kind::Seq(_)) && !node.is_null() {
        cx.error_at(
            path,
            node,
            format!(
                "{path}: cannot unmarshal {} into []manifest.ServicePortProtocol ({PORTS_FORMS})",
                node.type_name()
            ),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, n) in seq(cx, path, node, "[]manifest.ServicePortProtocol").iter().enumerate() {
        let p = item(path, i);
        let before = out.len();
        match n.scalar() {
            Some(Scalar::Int(port)) => out.push(ExtraPort { port, protocol: "tcp".into() }),
            // A null item is decoded as the zero port, as yaml.v2 does.
            Some(Scalar::Null) => out.push(ExtraPort::default()),
            Some(Scalar::Str(s)) => {
                let mut parts = s.split('/');
                let number = parts.next().unwrap_or_default();
                match atoi(number) {
                    Ok(port) => {
                        out.push(ExtraPort { port, protocol: parts.next().unwrap_or_default().to_string() })
                    }
                    Err(e) => {
                        let forms = if number.contains(':') {
                            compose_hint(&s, |p| format!("{p} in ports"), "a balancer")
                        } else {
                            PORTS_FORMS.to_string()
                        };
                        cx.error_at(&p, n, not_a_number(&p, number, &e, &forms));
                    }
                }
            }
            _ => cx.error_at(&p, n, format!("invalid port: {} ({PORTS_FORMS})", go_s(n))),
        }
        // The rack renders every entry; Kubernetes refuses a containerPort outside 1-65535.
        if let Some(port) = out[before..].first().map(|e| e.port).filter(|p| !(1..=65535).contains(p)) {
            let shown =
                if n.is_null() { "an empty entry (port 0)".to_string() } else { format!("port {port}") };
            let message = format!(
                "{p}: {shown} is not a port number: Kubernetes refuses containerPort {port} ({PORT_RANGE})"
            );
            cx.error_at_value(&p, n, message);
        }
    }
    out
}

const SCALE_FORMS: &str = "a count is 2, \"1-3\" or {min: 1, max: 3}";

/// `scale`: a count (int or `"n"` / `"a-b"`), or a map of the scale settings.
pub(crate) fn scale(cx: &mut Cx, path: &str, node: &Node, s: &mut Scale) {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => table(cx, path, node, &keys::SCALE, s),
        (_, Some(Scalar::Null)) => {}
        (_, Some(Scalar::Int(n))) => s.count = ScaleCount { min: n, max: n },
        (_, Some(Scalar::Str(v))) => {
            if let Some(c) = count_string(cx, path, node, &v) {
                s.count = c;
            }
        }
        _ => cx.error_at(path, node, format!("unknown type for service scale: {}", go_type(node))),
    }
}

/// `scale.count` (the rack's `ServiceScaleCount`).
pub(crate) fn count(cx: &mut Cx, path: &str, node: &Node) -> Option<ScaleCount> {
    match (&node.kind, node.scalar()) {
        (Kind::Map(entries), _) => {
            let mut c = ScaleCount::default();
            for (k, v) in entries {
                let key = k.text().unwrap_or("?");
                let p = join(path, key);
                cx.map.insert_node(p.clone(), k.span, v.span);
                let bound = match key {
                    "min" => &mut c.min,
                    "max" => &mut c.max,
                    _ => {
                        cx.unknown_key(&p, k, keys::COUNT_BOUNDS.iter().copied());
                        continue;
                    }
                };
                match v.scalar() {
                    Some(Scalar::Null) => {}
                    Some(Scalar::Int(i)) => *bound = i,
                    Some(Scalar::Str(t)) => match atoi(&t) {
                        Ok(i) => *bound = i,
                        Err(e) => {
                            cx.error_at(&p, v, not_a_number(&p, &t, &e, SCALE_FORMS));
                            return None;
                        }
                    },
                    _ => {
                        cx.error_at(path, node, format!("invalid scale: {} ({SCALE_FORMS})", go_value(node)));
                        return None;
                    }
                }
            }
            Some(c)
        }
        (_, Some(Scalar::Null)) => None,
        (_, Some(Scalar::Int(c))) => Some(ScaleCount { min: c, max: c }),
        (_, Some(Scalar::Str(v))) => count_string(cx, path, node, &v),
        _ => {
            cx.error_at(path, node, format!("invalid scale: {} ({SCALE_FORMS})", go_value(node)));
            None
        }
    }
}

/// `"n"` / `"a-b"`.
fn count_string(cx: &mut Cx, path: &str, node: &Node, s: &str) -> Option<ScaleCount> {
    let parts: Vec<&str> = s.split('-').collect();
    let parsed = match parts.as_slice() {
        [n] => atoi(n).map(|n| ScaleCount { min: n, max: n }).map_err(|e| (*n, e)),
        [a, b] => atoi(a)
            .map_err(|e| (*a, e))
            .and_then(|a| atoi(b).map(|b| ScaleCount { min: a, max: b }).map_err(|e| (*b, e))),
        _ => {
            cx.error_at(path, node, format!("invalid scale: {s} ({SCALE_FORMS})"));
            return None;
        }
    };
    parsed.map_err(|(text, e)| cx.error_at(path, node, not_a_number(path, text, &e, SCALE_FORMS))).ok()
}

/// `scale.gpu`: a count, or `{count, vendor}` read by the rack itself (an int count and a
/// string vendor; other values are ignored).
pub(crate) fn gpu(cx: &mut Cx, path: &str, node: &Node, g: &mut Gpu) {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => table(cx, path, node, &keys::GPU, g),
        (_, Some(Scalar::Null)) => {}
        (_, Some(Scalar::Int(c))) => g.count = c,
        _ => cx.error_at(path, node, format!("unknown type for service scale gpu: {}", go_type(node))),
    }
}

/// `scale.min` / `scale.max` (the rack's `scaleBoundInt`): an int, or a float with no
/// fraction; anything else is ignored.
pub(crate) fn scale_bound(node: &Node) -> Option<i64> {
    match node.scalar()? {
        Scalar::Int(i) => Some(i),
        Scalar::Float(f) if f.is_finite() && f.trunc() == f && f.abs() < 9.2e18 => Some(f as i64),
        _ => None,
    }
}

/// A `*float64` the rack renders with Go's `%v` (external metric values).
pub(crate) fn float_text(cx: &mut Cx, path: &str, node: &Node) -> Option<String> {
    if node.is_null() {
        return None;
    }
    match node.scalar() {
        Some(Scalar::Int(i)) => Some(i.to_string()),
        Some(Scalar::Float(f)) => Some(go_float(f)),
        _ => {
            cx.type_error(path, node, "float64");
            None
        }
    }
}

/// Balancer `whitelist` (the rack's `BalancerWhitelist`): a string is ONE entry; a list
/// gives one entry per string item.
pub(crate) fn whitelist(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    match &node.kind {
        Kind::Seq(items) => {
            let mut out = Vec::new();
            for (i, n) in items.iter().enumerate() {
                cx.map.insert(item(path, i), n.span);
                match n.scalar() {
                    Some(Scalar::Str(s)) => out.push(s),
                    // The rack names the list's type here, not the item's.
                    _ => {
                        cx.error_at(&item(path, i), n, "unknown type for balancer whitelist: []interface {}");
                        return Vec::new();
                    }
                }
            }
            out
        }
        _ => match node.scalar() {
            Some(Scalar::Null) => Vec::new(),
            Some(Scalar::Str(s)) => vec![s],
            _ => {
                cx.error_at(path, node, format!("unknown type for balancer whitelist: {}", go_type(node)));
                Vec::new()
            }
        },
    }
}

/// Balancer `ports`: `<listen>: <target>` or `<listen>: {port, protocol}`.
pub(crate) fn balancer_ports(cx: &mut Cx, path: &str, node: &Node) -> Vec<BalancerPort> {
    let entries = match &node.kind {
        Kind::Map(entries) => entries,
        _ if node.is_null() => return Vec::new(),
        _ => {
            cx.type_error(path, node, "yaml.MapSlice");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let listen = k.text().unwrap_or("?");
        let p = join(path, listen);
        cx.map.insert_node(p.clone(), k.span, v.span);
        if let Err(e) = atoi(listen) {
            cx.error_at(
                &p,
                k,
                not_a_number(&p, listen, &e, "a balancer port is <listen port>: <service port>"),
            );
            continue;
        }
        match (&v.kind, v.scalar()) {
            (Kind::Map(_), _) => {
                let mut port = BalancerPort { listen: listen.to_string(), ..BalancerPort::default() };
                table(cx, &p, v, &keys::BALANCER_PORT, &mut port);
                out.push(port);
            }
            (_, Some(Scalar::Int(target))) => {
                out.push(BalancerPort { listen: listen.to_string(), target, protocol: "TCP".into() })
            }
            // Any other value leaves the port without a target, as the rack does.
            _ => out.push(BalancerPort { listen: listen.to_string(), ..BalancerPort::default() }),
        }
    }
    out
}

/// The rack's `yamlAttributes` under a service key that starts with `scale` (it recurses
/// into maps only): the count its "no scale attributes" rule compares.
pub(crate) fn attributes(node: &Node) -> usize {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .filter(|(k, _)| matches!(k.scalar(), Some(Scalar::Str(_) | Scalar::Int(_))))
            .map(|(_, v)| 1 + attributes(v))
            .sum(),
        _ => 0,
    }
}

/// Warns when an unset `${NAME}` after `path`'s key left its value empty (null or ""):
/// `what` says what is not rendered because of it. Returns whether it warned.
pub(crate) fn emptied_by_unset(cx: &mut Cx, path: &str, node: &Node, what: &str) -> bool {
    let empty = node.is_null() || matches!(&node.kind, Kind::Scalar { value, .. } if value.trim().is_empty());
    if !empty {
        return false;
    }
    let Some(key) = cx.map.get(path) else { return false };
    let unset = cx.unset_after(key);
    if unset.is_empty() {
        return false;
    }
    let key_name = path.rsplit('.').next().unwrap_or(path);
    let message = format!("{} so {key_name} is empty: {what}", not_set(&unset));
    cx.warning(path, message);
    cx.emptied.push(path.to_string());
    true
}
