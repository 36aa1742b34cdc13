//! A YAML tree with source spans, built from `saphyr-parser` events.
//!
//! Why not `serde_yaml`: it reports positions only in its errors, and the playground needs
//! the span of every key and item. `saphyr-parser` is a pure-Rust event parser (no C, so it
//! builds for wasm) whose events carry markers; one spanned tree then serves both the
//! values and the positions, so two parsers can never disagree about the document.
//!
//! This module also does what a YAML loader adds on top of events, with limits a playground
//! needs: aliases (expanded by copy, with a node budget against alias bombs), `<<` merge
//! keys (yaml.v2 honours them, and full.yml relies on a quoted `"<<"`), duplicate keys (the
//! last wins, with a warning), a nesting limit, and the first document only.
//!
//! Spans here are byte offsets in the ORIGINAL text: saphyr's `Marker::index` counts
//! characters of the interpolated text, so each is converted to a byte offset and then
//! mapped back through the interpolation.

use crate::hashed::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::interpolate::Interpolated;
use crate::diagnostic::{Diagnostic, Span};

/// Deeper documents are refused; convox.yml never nests past ~8 levels.
const MAX_DEPTH: usize = 128;
/// Nodes that anchoring and alias expansion may copy in total (defuses "billion laughs", and
/// nested anchors, which copy their subtree once per level without any alias).
const MAX_ALIAS_NODES: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `plain` is false for quoted and block scalars (and `!!str`): those are always strings.
    Scalar {
        value: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Entries in document order; duplicate keys already removed.
    Map(Vec<(Node, Node)>),
}

/// A scalar resolved the way yaml.v2 (YAML 1.1) does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Node {
    fn count(&self) -> usize {
        match &self.kind {
            Kind::Scalar { .. } => 1,
            Kind::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Kind::Map(entries) => 1 + entries.iter().map(|(k, v)| k.count() + v.count()).sum::<usize>(),
        }
    }

    /// Whether the node resolves to null, checked without building the scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true } if is_null_text(value))
    }

    /// The resolved scalar, or `None` for a sequence or map.
    pub fn scalar(&self) -> Option<Scalar> {
        match &self.kind {
            Kind::Scalar { value, plain: false } => Some(Scalar::Str(value.clone())),
            Kind::Scalar { value, plain: true } => Some(resolve(value)),
            _ => None,
        }
    }

    /// The scalar's text as written (any scalar), e.g. a map key.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// yaml.v2's name for the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Seq(_) => "!!seq",
            Kind::Map(_) => "!!map",
            Kind::Scalar { .. } => match self.scalar() {
                Some(Scalar::Null) => "!!null",
                Some(Scalar::Bool(_)) => "!!bool",
                Some(Scalar::Int(_)) => "!!int",
                Some(Scalar::Float(_)) => "!!float",
                _ => "!!str",
            },
        }
    }

    /// Converts to a `serde_yaml::Value` (for the parts the model keeps untyped).
    pub fn to_value(&self) -> serde_yaml::Value {
        use serde_yaml::Value;
        match &self.kind {
            Kind::Seq(items) => Value::Sequence(items.iter().map(Node::to_value).collect()),
            Kind::Map(entries) => {
                Value::Mapping(entries.iter().map(|(k, v)| (k.to_value(), v.to_value())).collect())
            }
            Kind::Scalar { .. } => match self.scalar() {
                Some(Scalar::Null) | None => Value::Null,
                Some(Scalar::Bool(b)) => Value::Bool(b),
                Some(Scalar::Int(i)) => Value::Number(i.into()),
                Some(Scalar::Float(f)) => Value::Number(f.into()),
                Some(Scalar::Str(s)) => Value::String(s),
            },
        }
    }
}

/// The plain scalars YAML 1.1 resolves to null.
pub(crate) fn is_null_text(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// YAML 1.1 resolution as gopkg.in/yaml.v2 does it for plain scalars.
pub(crate) fn resolve(s: &str) -> Scalar {
    // Every null, bool, int and float form starts with one of these: anything else is a
    // string, decided without the parses below (most scalars are names and commands).
    let Some(&first) = s.as_bytes().first() else { return Scalar::Null };
    if !matches!(
        first,
        b'0'..=b'9'
            | b'+'
            | b'-'
            | b'.'
            | b'~'
            | b'n'
            | b'N'
            | b'y'
            | b'Y'
            | b't'
            | b'T'
            | b'f'
            | b'F'
            | b'o'
            | b'O'
    ) {
        return Scalar::Str(s.to_string());
    }
    if is_null_text(s) {
        return Scalar::Null;
    }
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        _ => {}
    }
    // yaml.v2 tries a timestamp first (`YYYY-…`): decoded into interface{} it stays the
    // string, and nothing starting `dddd-` is a number either.
    if s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-' {
        return Scalar::Str(s.to_string());
    }
    if let Some(i) = parse_int(s) {
        return Scalar::Int(i);
    }
    let numeric = s.bytes().next().is_some_and(|b| b.is_ascii_digit() || b"+-.".contains(&b));
    if numeric && s.bytes().all(|b| b.is_ascii_digit() || b"+-._eE".contains(&b)) {
        if let Ok(f) = s.replace('_', "").parse::<f64>() {
            return Scalar::Float(f);
        }
    }
    Scalar::Str(s.to_string())
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.starts_with('_') {
        return None;
    }
    // Every plain scalar comes through here: copy only when there are `_` to drop.
    let clean: std::borrow::Cow<str> =
        if digits.contains('_') { digits.replace('_', "").into() } else { digits.into() };
    // Go's strconv.ParseInt with base 0: 0x/0X, 0o/0O, 0b/0B prefixes, a leading 0 for octal.
    let (radix, body) = if let Some(b) = clean.strip_prefix("0x").or_else(|| clean.strip_prefix("0X")) {
        (16, b)
    } else if let Some(b) = clean.strip_prefix("0b").or_else(|| clean.strip_prefix("0B")) {
        (2, b)
    } else if let Some(b) = clean.strip_prefix("0o").or_else(|| clean.strip_prefix("0O")) {
        (8, b)
    } else if clean.len() > 1 && clean.starts_with('0') {
        (8, &clean[1..])
    } else {
        (10, &*clean)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i64::from_str_radix(body, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// What parsing gives: the document's root (None when there is no document or it failed)
/// and any diagnostics (syntax errors, limits, duplicate keys, extra documents).
pub(crate) struct Parsed {
    pub root: Option<Node>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the tree is the text's own, plainly: one document, no anchor, alias, tag or
    /// problem, so that [`patch`] may edit it for the next text.
    pub simple: bool,
}

/// Converts saphyr's character indices of the interpolated text into original byte offsets.
struct Positions<'a> {
    interpolated: &'a Interpolated,
    /// Byte offset of each char; empty when the text is ASCII (index == byte).
    char_bytes: Vec<usize>,
}

impl Positions<'_> {
    fn byte(&self, char_index: usize) -> usize {
        let text = &self.interpolated.text;
        let b = if self.char_bytes.is_empty() {
            char_index
        } else {
            self.char_bytes.get(char_index).copied().unwrap_or(text.len())
        };
        self.interpolated.original(b.min(text.len()))
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        let start = self.byte(s.start.index());
        Span::new(start, self.byte(s.end.index()).max(start))
    }
}

enum Frame {
    Seq { items: Vec<Node>, start: Span, anchor: usize },
    Map { entries: Vec<(Node, Node)>, key: Option<Node>, start: Span, anchor: usize },
}

/// Parses the first YAML document of `input` into a spanned tree.
pub(crate) fn parse(input: &Interpolated, original: &str) -> Parsed {
    let positions = Positions {
        interpolated: input,
        char_bytes: if input.text.is_ascii() {
            Vec::new()
        } else {
            input.text.char_indices().map(|(i, _)| i).collect()
        },
    };
    let mut diagnostics = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::default();
    let mut alias_budget = MAX_ALIAS_NODES;
    let mut root: Option<Node> = None;
    let mut documents = 0;
    // An anchor, alias or tag makes the tree more than the text's plain reading.
    let mut simple = true;

    let too_many =
        || format!("yaml anchors and aliases copy more than {MAX_ALIAS_NODES} nodes; refusing to load");
    let fail = |diagnostics: &mut Vec<Diagnostic>, message: String, span: Span| {
        diagnostics.push(Diagnostic::error(message).at("").with_span(span));
        Parsed { root: None, diagnostics: std::mem::take(diagnostics), simple: false }
    };

    for result in Parser::new_from_str(&input.text) {
        let (event, raw_span) = match result {
            Ok(ev) => ev,
            Err(e) => {
                let at = positions.byte(e.marker().index());
                let (at, end, info) = match tab_at(original, at, e.info()) {
                    Some((tab, why)) => (tab, tab + 1, format!("{why} ({})", e.info())),
                    None => (at, at, e.info().to_string()),
                };
                let (line, col) = line_col(original, at);
                let msg = format!("yaml syntax error at line {line} column {col}: {info}");
                return fail(&mut diagnostics, msg, Span::new(at, end));
            }
        };
        let span = positions.span(raw_span);
        let complete: Node = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    diagnostics.push(
                        Diagnostic::warning("only the first yaml document is read; the rest is ignored")
                            .at("")
                            .with_span(span),
                    );
                    break;
                }
                continue;
            }
            Event::SequenceStart(anchor, ref tag) => {
                simple &= anchor == 0 && tag.is_none();
                if stack.len() >= MAX_DEPTH {
                    let msg = format!("yaml nesting deeper than {MAX_DEPTH} levels");
                    return fail(&mut diagnostics, msg, span);
                }
                stack.push(Frame::Seq { items: Vec::new(), start: span, anchor });
                continue;
            }
            Event::MappingStart(anchor, ref tag) => {
                simple &= anchor == 0 && tag.is_none();
                if stack.len() >= MAX_DEPTH {
                    let msg = format!("yaml nesting deeper than {MAX_DEPTH} levels");
                    return fail(&mut diagnostics, msg, span);
                }
                stack.push(Frame::Map { entries: Vec::new(), key: None, start: span, anchor });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, start, anchor }) => {
                    let end = items.last().map_or(start.end, |n| n.span.end.max(start.end));
                    let node = Node { kind: Kind::Seq(items), span: Span::new(start.start, end) };
                    if !remember(&mut anchors, &mut alias_budget, anchor, &node) {
                        return fail(&mut diagnostics, too_many(), span);
                    }
                    node
                }
                _ => return fail(&mut diagnostics, "yaml: unbalanced sequence".into(), span),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map { entries, start, anchor, .. }) => {
                    let end = entries.last().map_or(start.end, |(_, v)| v.span.end.max(start.end));
                    let entries = finish_map(entries, &mut diagnostics);
                    let node = Node { kind: Kind::Map(entries), span: Span::new(start.start, end) };
                    if !remember(&mut anchors, &mut alias_budget, anchor, &node) {
                        return fail(&mut diagnostics, too_many(), span);
                    }
                    node
                }
                _ => return fail(&mut diagnostics, "yaml: unbalanced mapping".into(), span),
            },
            Event::Scalar(value, style, anchor, tag) => {
                simple &= anchor == 0 && tag.is_none();
                let is_str_tag = tag.as_ref().is_some_and(|t| t.handle == "!!" && t.suffix == "str")
                    || tag.as_ref().is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == "str");
                if let Some(t) = tag.as_ref() {
                    if !t.is_yaml_core_schema() {
                        diagnostics.push(
                            Diagnostic::warning(format!("yaml tag {}{} is ignored", t.handle, t.suffix))
                                .at("")
                                .with_span(span),
                        );
                    }
                }
                let plain = style == ScalarStyle::Plain && !is_str_tag;
                let node = Node { kind: Kind::Scalar { value: value.into_owned(), plain }, span };
                if !remember(&mut anchors, &mut alias_budget, anchor, &node) {
                    return fail(&mut diagnostics, too_many(), span);
                }
                node
            }
            Event::Alias(id) => {
                simple = false;
                let Some(target) = anchors.get(&id) else {
                    return fail(&mut diagnostics, "yaml: unknown anchor".into(), span);
                };
                let n = target.count();
                if n > alias_budget {
                    return fail(&mut diagnostics, too_many(), span);
                }
                alias_budget -= n;
                let mut node = target.clone();
                node.span = span;
                node
            }
        };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(complete);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(complete),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(complete),
                Some(k) => entries.push((k, complete)),
            },
        }
    }
    let simple = simple && diagnostics.is_empty() && !original.contains("<<");
    Parsed { root, diagnostics, simple }
}

/// The tree of `new`, made from `tree`, the [simple](Parsed::simple) tree of `old`, where the
/// two texts differ only inside one single-line plain scalar that is a value (not a key), and
/// the value written there now is one too: the common edit of typing in a value. `None`
/// otherwise (the caller parses `new`). Saves the parse, a quarter of a one-service edit at
/// 200 services (saphyr's scanner: about 190 instructions a byte).
///
/// The conditions keep it a plain value as a parser would read it: the edit leaves the
/// scalar's first character alone, and the value is only letters, digits, spaces inside and
/// `-_./=+~^%()@` (so no `: `, ` #`, quote, flow or block indicator, and one line). The spans
/// of everything after the edit move by its length. The tree is edited in place (a copy was 15 %
/// of a one-service edit at 200 services); `Err` gives it back untouched.
pub(crate) fn patch(mut tree: Node, old: &str, new: &str) -> Result<Node, Node> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut from = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(from) || !new.is_char_boundary(from) {
        from -= 1;
    }
    let most = a.len().min(b.len()) - from;
    let mut tail = a.iter().rev().zip(b.iter().rev()).take(most).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(a.len() - tail) || !new.is_char_boundary(b.len() - tail) {
        tail -= 1;
    }
    let (old_end, new_end) = (a.len() - tail, b.len() - tail);
    if from == old_end && from == new_end {
        return Err(tree); // the same text
    }
    let Some(span) = value_scalar(&tree, from, old_end) else { return Err(tree) };
    // Offsets at or after the edit's end move; none moves below 0 (at >= old_end, so
    // at - old_end + new_end >= 0).
    let moved = |at: usize| if at >= old_end { at - old_end + new_end } else { at };
    let Some(value) = new.get(span.start..moved(span.end)) else { return Err(tree) };
    if old.get(span.start..span.end).is_none_or(|v| v.contains('\n')) || !plain_value(value) {
        return Err(tree);
    }
    shift(&mut tree, span, value, &moved);
    Ok(tree)
}

/// The span of the plain scalar value of `node` holding the bytes `from..to` of its text,
/// past the scalar's first character and no further than its end.
fn value_scalar(node: &Node, from: usize, to: usize) -> Option<Span> {
    match &node.kind {
        Kind::Scalar { value, plain: true } => {
            let s = node.span;
            (s.start < from && to <= s.end && s.end - s.start == value.len()).then_some(s)
        }
        Kind::Scalar { .. } => None,
        Kind::Seq(items) => items
            .iter()
            .find(|n| n.span.start < from && to <= n.span.end)
            .and_then(|n| value_scalar(n, from, to)),
        // An edit in a key (or between a key and its value) starts before every scalar of the
        // value, so none below holds it.
        Kind::Map(entries) => entries
            .iter()
            .find(|(k, v)| k.span.start < from && to <= v.span.end.max(k.span.end))
            .and_then(|(_, v)| value_scalar(v, from, to)),
    }
}

/// Whether `value` reads as the same plain scalar wherever a plain value stood.
fn plain_value(value: &str) -> bool {
    value.chars().next().is_some_and(char::is_alphanumeric)
        && !value.ends_with(' ')
        && value.chars().all(|c| c.is_alphanumeric() || " -_./=+~^%()@".contains(c))
}

/// Sets the scalar at `at` of `node` to `value` and moves every offset by `moved`.
fn shift(node: &mut Node, at: Span, value: &str, moved: &impl Fn(usize) -> usize) {
    if node.span == at {
        if let Kind::Scalar { value: v, .. } = &mut node.kind {
            value.clone_into(v);
        }
    }
    node.span = Span::new(moved(node.span.start), moved(node.span.end));
    match &mut node.kind {
        Kind::Scalar { .. } => {}
        Kind::Seq(items) => items.iter_mut().for_each(|n| shift(n, at, value, moved)),
        Kind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, at, value, moved);
            shift(v, at, value, moved);
        }),
    }
}

/// Keeps a copy of an anchored node for later aliases, charged to the copy budget; `false`
/// when the budget is spent.
fn remember(anchors: &mut HashMap<usize, Node>, budget: &mut usize, anchor: usize, node: &Node) -> bool {
    if anchor == 0 {
        return true;
    }
    let n = node.count();
    if n > *budget {
        return false;
    }
    *budget -= n;
    anchors.insert(anchor, node.clone());
    true
}

/// Applies `<<` merge keys and drops earlier duplicates of a key (with a warning).
/// Indexed by key text so a hostile map with many keys stays linear.
fn finish_map(entries: Vec<(Node, Node)>, diagnostics: &mut Vec<Diagnostic>) -> Vec<(Node, Node)> {
    if plain_map(&entries) {
        return entries;
    }
    let merge_error = "map merge requires map or sequence of maps as the value";
    let own: HashMap<String, usize> = entries
        .iter()
        .filter_map(|(k, _)| k.text().filter(|t| *t != "<<").map(str::to_string))
        .fold(HashMap::default(), |mut m, k| {
            *m.entry(k).or_insert(0) += 1;
            m
        });
    let mut slots: Vec<Option<(Node, Node)>> = Vec::with_capacity(entries.len());
    let mut index: HashMap<String, usize> = HashMap::default();
    for (k, v) in entries {
        if k.text() == Some("<<") {
            let sources: Vec<Node> = match v.kind {
                Kind::Map(_) => vec![v],
                Kind::Seq(items) => items,
                _ => {
                    diagnostics.push(Diagnostic::error(merge_error).at("").with_span(k.span));
                    continue;
                }
            };
            for source in sources {
                let Kind::Map(merged) = source.kind else {
                    diagnostics.push(Diagnostic::error(merge_error).at("").with_span(source.span));
                    continue;
                };
                for (mk, mv) in merged {
                    // Own keys win over merged ones; earlier merge sources win over later.
                    let name = mk.text().unwrap_or_default().to_string();
                    if !own.contains_key(&name) && !index.contains_key(&name) {
                        index.insert(name, slots.len());
                        slots.push(Some((mk, mv)));
                    }
                }
            }
            continue;
        }
        if let Some(name) = k.text() {
            if let Some(i) = index.insert(name.to_string(), slots.len()) {
                if own.get(name).is_some_and(|n| *n > 1) {
                    diagnostics.push(
                        Diagnostic::warning(format!("duplicate key {name}; the last one wins"))
                            .at("")
                            .with_span(k.span),
                    );
                }
                slots[i] = None;
            }
        }
        slots.push(Some((k, v)));
    }
    slots.into_iter().flatten().collect()
}

/// Whether a map has neither a `<<` key nor a duplicate key, so [`finish_map`] would return it
/// unchanged: true of nearly every map, and checked without allocating (pairwise for the
/// small maps convox.yml is made of, with a set of borrowed keys for big ones).
fn plain_map(entries: &[(Node, Node)]) -> bool {
    const PAIRWISE: usize = 16;
    let mut keys = entries.iter().filter_map(|(k, _)| k.text());
    if entries.len() <= PAIRWISE {
        let mut seen: [&str; PAIRWISE] = [""; PAIRWISE];
        for (n, key) in keys.enumerate() {
            if key == "<<" || seen[..n].contains(&key) {
                return false;
            }
            seen[n] = key;
        }
        return true;
    }
    let mut seen = crate::hashed::set_with_capacity(entries.len());
    keys.all(|key| key != "<<" && seen.insert(key))
}

/// Where the tab an error about a tab means is: the parser reports it where the token it was
/// scanning began (a plain scalar's start, the line before the tab), so the first tab from the
/// start of that line on is the one. `None` when the error is not about a tab.
fn tab_at(text: &str, at: usize, info: &str) -> Option<(usize, &'static str)> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // `key:<tab>value`: the parser wants a space after ':' and points past the tab.
    if info.contains("whitespace") && text[..at].ends_with('\t') {
        return Some((at - 1, "a tab after ':': write a space"));
    }
    if !info.contains("tab") {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    // A tab in a line's indentation, else (a tab inside a scalar is fine) the first tab.
    let mut offset = line_start;
    for line in text[line_start..].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some((offset + i, "YAML indents with spaces, not tabs"));
        }
        offset += line.len();
    }
    text[line_start..].find('\t').map(|i| (line_start + i, "YAML indents with spaces, not tabs"))
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut o = offset;
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let before = &text[..o];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::{parse, patch, Node};
    use crate::manifest::interpolate::interpolate;

    fn tree(text: &str) -> (Node, bool) {
        let parsed = parse(&interpolate(text, &Default::default()), text);
        (parsed.root.expect("a document"), parsed.simple)
    }

    #[test]
    fn typing_inside_a_value_edits_the_tree_as_parsing_would() {
        let old = "services:\n  web:\n    port: 3000\n    command: bin/run web\n    environment:\n      - FOO=bar\n  worker:\n    build: .\n";
        for new in [
            old.replace("3000", "30x00"),
            old.replace("bin/run web", "bin/run webz"),
            old.replace("bin/run web", "bin/rn web"),
            old.replace("FOO=bar", "FOO=baar"),
            old.replace("- FOO=bar", "- FOO=ba"),
        ] {
            let (before, simple) = tree(old);
            assert!(simple);
            let patched = patch(before, old, &new).unwrap_or_else(|_| panic!("no patch for {new:?}"));
            assert_eq!(patched, tree(&new).0, "{new}");
        }
    }

    #[test]
    fn an_edit_that_may_change_the_structure_is_parsed_again() {
        let old = "services:\n  web:\n    port: 3000\n    command: bin/run web\n";
        let (before, _) = tree(old);
        for new in [
            old.replace("port: 3000", "port: x3000"), // the value's first character
            old.replace("port:", "porrt:"),           // a key
            old.replace("bin/run web", "bin/run: web"), // `: ` makes a map
            old.replace("bin/run web", "bin/run #web"), // ` #` starts a comment
            old.replace("bin/run web", "bin/run\n web"), // another line
            old.replace("bin/run web", "bin/run web "), // a trailing space
            old.replace("bin/run web", "bin/run 'web'"), // a quote
            old.to_string(),                          // no edit
        ] {
            assert_eq!(patch(before.clone(), old, &new), Err(before.clone()), "{new:?}");
        }
    }

    #[test]
    fn anchors_aliases_and_tags_are_not_simple() {
        assert!(!tree("a: &x 1\nb: *x\n").1);
        assert!(!tree("a: !!str 1\n").1);
        assert!(!tree("a: 1\na: 2\n").1); // a duplicate key: a warning
        assert!(tree("a: 1\nb: [x, y]\n").1);
    }

    /// Over every fixture: a letter typed after the first character of each line's value
    /// gives, where the tree is edited, the tree a parse gives.
    #[test]
    fn over_every_fixture_an_edited_tree_equals_a_parsed_one() {
        let mut edited = 0;
        for f in crate::testing::fixtures() {
            let old = &f.source;
            let (before, simple) = tree(old);
            if !simple || old.contains("${") {
                continue;
            }
            let lines: Vec<&str> = old.split_inclusive('\n').collect();
            for i in 0..lines.len() {
                let line = lines[i];
                let Some(v) = line.find(": ").map(|at| at + 2).or_else(|| line.find("- ").map(|at| at + 2))
                else {
                    continue;
                };
                let Some((j, _)) = line[v..].char_indices().nth(1) else { continue };
                let mut new_line = line.to_string();
                new_line.insert(v + j, 'q');
                let new = [lines[..i].concat(), new_line, lines[i + 1..].concat()].concat();
                if let Ok(patched) = patch(before.clone(), old, &new) {
                    let parsed = parse(&interpolate(&new, &Default::default()), &new);
                    assert!(parsed.simple, "{}: line {}", f.name, i + 1);
                    assert_eq!(Some(patched), parsed.root, "{}: line {}", f.name, i + 1);
                    edited += 1;
                }
            }
        }
        assert!(edited > 100, "only {edited} edits took the edited tree");
    }
}
