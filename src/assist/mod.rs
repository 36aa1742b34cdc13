//! Editor help from the core: key and value completions aware of where the cursor is, key
//! documentation on hover, the objects each service, timer, resource and balancer produces
//! (inline hints), and the graph of the objects ([`topology`]). Quick fixes travel on the diagnostics themselves
//! ([`crate::diagnostic::Fix`]).
//!
//! Completions and hovers read the key tables ([`crate::manifest::schema`]) through a
//! line-by-line reading of the text ([`outline`]), which works while the text is half typed;
//! hints read the analysis. Offsets are bytes into the text; `output` and the wasm boundary
//! turn them into the editor's UTF-16.

mod hints;
mod outline;
mod topology;

pub use hints::{hints, Hint};
pub use topology::{topology, Edge, Node, Topology};

use serde::Serialize;

use crate::manifest::schema::{self, Key, Section};
use crate::manifest::{Ref, Shape};
use crate::rack_version::{RackVersion, OLDEST};
use outline::{Line, Seg};

/// What may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Completions {
    /// The start of the word being completed (byte offset); it ends at the cursor.
    pub from: usize,
    pub items: Vec<Item>,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Item {
    pub label: String,
    /// `key`, `value` or `name` (of a service, resource or config).
    pub kind: &'static str,
    /// The forms (a key) or what the value is.
    pub detail: String,
    /// The key's documentation, for keys.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub info: String,
    /// The text to insert in place of the word.
    pub apply: String,
}

/// A key's documentation, for the word under the cursor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Hover {
    /// The key's byte range.
    pub from: usize,
    pub to: usize,
    /// Where the key is, e.g. `services.<name>.scale`.
    pub path: String,
    pub doc: String,
    pub forms: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub default: String,
    pub kubernetes: String,
    /// The closed set of values, when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<&'static str>,
    /// For a key of Convox's previous generations: why it is ignored and what to write.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub legacy: String,
    /// The first rack version that reads the key (`3.24.5`), when it is newer than the oldest
    /// the tool knows; the page shows "since 3.24.5".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "string"))]
    pub since: Option<RackVersion>,
    /// When the chosen rack is older than `since`: what that rack does with the key.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub newer: String,
}

/// Where a path leads in the key tables, and the first rack version that reads it (the newest
/// `since` of the keys on the way: a key inside `scale.keda` is as new as `keda`).
struct Found {
    at: At,
    since: RackVersion,
}

/// Where a path leads in the key tables.
enum At {
    /// Inside a map of this section's keys.
    Section(Section),
    /// Directly in a map of names (`services:`): the key holding them.
    Names,
    /// Inside the value of this key (a list, a map of labels, …); `item` when in its list.
    Value { key: Key, item: bool },
    /// Somewhere the tables do not know (an unknown key, a map no table reads).
    Unknown,
}

fn resolve(segs: &[Seg]) -> Found {
    let mut since = OLDEST;
    let at = resolve_with(segs, &mut since);
    Found { at, since }
}

fn resolve_with(segs: &[Seg], since: &mut RackVersion) -> At {
    let Some(mut section) = crate::manifest::section("") else { return At::Unknown };
    let mut i = 0;
    while i < segs.len() {
        let Seg::Key(name) = &segs[i] else { return At::Unknown };
        let found = section
            .keys
            .iter()
            .find(|k| k.name == *name || (section.case_insensitive && k.name.eq_ignore_ascii_case(name)));
        let Some(key) = found.copied() else { return At::Unknown };
        *since = (*since).max(key.since);
        i += 1;
        let next = |path: Option<&str>| path.and_then(crate::manifest::section);
        match key.shape {
            Shape::Keyed(..) => {
                if i == segs.len() {
                    return At::Names;
                }
                if !matches!(segs[i], Seg::Key(_)) {
                    return At::Unknown;
                }
                i += 1; // the name
                match next(key.section) {
                    Some(s) if key.shape.has_section() => section = s,
                    _ => return At::Value { key, item: false },
                }
            }
            Shape::List(inner) => {
                if i == segs.len() {
                    return At::Value { key, item: false };
                }
                if segs[i] != Seg::Item {
                    return At::Unknown;
                }
                i += 1;
                match next(key.section) {
                    Some(s) if inner.has_section() => section = s,
                    _ => return if i == segs.len() { At::Value { key, item: true } } else { At::Unknown },
                }
            }
            _ => match next(key.section) {
                Some(s) if key.shape.has_section() => section = s,
                _ => return if i == segs.len() { At::Value { key, item: false } } else { At::Unknown },
            },
        }
    }
    At::Section(section)
}

/// The line holding byte `offset` and the column in it.
fn locate(lines: &[Line], offset: usize) -> (usize, usize) {
    let i = lines.partition_point(|l| l.start <= offset).saturating_sub(1);
    let col = offset.saturating_sub(lines[i].start).min(lines[i].text.len());
    (i, col)
}

/// The completions at byte `offset` of `text`, for the newest rack ([`complete_at`]).
pub fn complete(text: &str, offset: usize) -> Completions {
    complete_at(text, offset, RackVersion::default())
}

/// The completions at byte `offset` of `text` for a rack of release `version`: keys that rack
/// does not read are not offered.
pub fn complete_at(text: &str, offset: usize, version: RackVersion) -> Completions {
    let lines = outline::lines(text);
    let (i, col) = locate(&lines, offset);
    let line = &lines[i];
    let mut out = Completions { from: offset, items: Vec::new() };
    if col < line.col && !line.text[..col].trim().is_empty() {
        return out;
    }
    let word_start = |from: usize| -> usize {
        let before = &line.text[from.min(col)..col];
        let word = before.rfind([' ', ',', '[', '{']).map_or(from.min(col), |p| from + p + 1);
        line.start + word
    };
    match line.value {
        // after `key: ` on this line: the key's values
        Some(v) if col >= v => {
            let Some(name) = line.key_text() else { return out };
            let Found { at: At::Section(section), since } = resolve(&outline::path_of_key(&lines, i)) else {
                return out;
            };
            let Some(key) = section.keys.iter().find(|k| k.name == name) else { return out };
            if since.max(key.since) > version {
                return out;
            }
            out.from = word_start(v);
            out.items = values(&key.shape, &lines);
        }
        // `key:` written, the cursor before its colon: still the key
        _ if line.key.is_some_and(|(_, end)| col > end) => {}
        // a key being written (or a list item's value)
        _ => {
            out.from = line.start + line.col.min(col);
            let segs = outline::container(&lines, i);
            let in_item = line.dash.is_some();
            let found = if in_item {
                let mut with_item = segs.clone();
                with_item.push(Seg::Item);
                match resolve(&with_item) {
                    Found { at: At::Unknown, .. } => resolve(&segs),
                    other => other,
                }
            } else {
                resolve(&segs)
            };
            if found.since > version {
                return out;
            }
            match found.at {
                At::Section(section) => {
                    let taken = outline::siblings(&lines, i);
                    out.items = section
                        .keys
                        .iter()
                        .filter(|k| !taken.contains(&k.name) && k.known_at(version))
                        .map(|k| Item {
                            label: k.name.into(),
                            kind: "key",
                            detail: k.forms.into(),
                            info: info(k),
                            apply: [k.name, if takes_scalar(&k.shape) { ": " } else { ":" }].concat(),
                        })
                        .collect();
                }
                At::Value { key, item: true } => {
                    if let Shape::List(inner) = key.shape {
                        out.items = values(inner, &lines);
                    }
                }
                At::Names | At::Value { .. } | At::Unknown => {}
            }
        }
    }
    out
}

/// Whether a key's value is usually written on its own line (a scalar) or below it.
fn takes_scalar(shape: &Shape) -> bool {
    match shape {
        Shape::Section | Shape::List(_) | Shape::Map(_) | Shape::Keyed(..) | Shape::Fields(..) => false,
        Shape::AnyOf(forms) => forms.iter().any(takes_scalar),
        _ => true,
    }
}

/// The values offered for a shape: its closed set, booleans, or the manifest's own names.
fn values(shape: &Shape, lines: &[Line]) -> Vec<Item> {
    let item = |label: &str, kind: &'static str, detail: &str| Item {
        label: label.into(),
        kind,
        detail: detail.into(),
        info: String::new(),
        apply: label.into(),
    };
    match shape {
        Shape::Bool => ["true", "false"].iter().map(|v| item(v, "value", "boolean")).collect(),
        Shape::Ref(r) => {
            let (names, what) = match r {
                Ref::Service => (outline::top_level_keys(lines, "services"), "service"),
                Ref::Resource => (outline::top_level_keys(lines, "resources"), "resource"),
                Ref::Config => (outline::values_under(lines, "configs", "id"), "config"),
            };
            names.iter().map(|n| item(n, "name", what)).collect()
        }
        Shape::AnyOf(forms) => forms.iter().flat_map(|f| values(f, lines)).collect(),
        _ => shape.choices().iter().map(|v| item(v, "value", "")).collect(),
    }
}

/// A key's documentation as a completion's details.
fn info(key: &Key) -> String {
    crate::manifest::json_schema::description(key)
}

/// The documentation of the key at byte `offset` of `text`, if the cursor is on one, for the
/// newest rack ([`hover_at`]).
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    hover_at(text, offset, RackVersion::default())
}

/// The documentation of the key at byte `offset` of `text` for a rack of release `version`:
/// with the release that brought the key, and what this rack does with it when it is older.
pub fn hover_at(text: &str, offset: usize, version: RackVersion) -> Option<Hover> {
    let lines = outline::lines(text);
    let (i, col) = locate(&lines, offset);
    let line = &lines[i];
    let (start, end) = line.key?;
    if col < start || col > end {
        return None;
    }
    let name = line.key_text()?;
    let segs = outline::path_of_key(&lines, i);
    let Found { at: At::Section(section), since: within } = resolve(&segs) else { return None };
    let (from, to) = (line.start + start, line.start + end);
    let path = if section.path.is_empty() { name.to_string() } else { [section.path, ".", name].concat() };
    if let Some(key) = section.keys.iter().find(|k| k.name == name) {
        let since = within.max(key.since);
        let newer = if since > version {
            let shown = schema::Key { since, ..*key };
            shown.newer_message(key.name, version)
        } else {
            String::new()
        };
        return Some(Hover {
            from,
            to,
            path,
            doc: key.doc.into(),
            forms: key.forms.into(),
            default: key.default.into(),
            kubernetes: key.kubernetes.into(),
            values: key.shape.choices().to_vec(),
            legacy: String::new(),
            since: (since > OLDEST).then_some(since),
            newer,
        });
    }
    let legacy = section.legacy.iter().find(|l| l.name == name)?;
    Some(Hover {
        from,
        to,
        path,
        doc: String::new(),
        forms: String::new(),
        default: String::new(),
        kubernetes: String::new(),
        values: Vec::new(),
        legacy: legacy.message(),
        since: None,
        newer: String::new(),
    })
}

#[cfg(test)]
mod tests;
