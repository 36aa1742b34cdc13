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

use super::cx::{item, join, or_list, Cx};
use super::go::go_type;
use super::scalar::seq;
use super::schema::{Keys, Table};
use super::yaml::{Kind, Node};
use crate::diagnostic::{Fix, Span};

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
            Some((i, _)) if !table.key(i).known_at(cx.version) => {
                // A key from a later release: this rack's struct has no field for it.
                let key = table.key(i);
                cx.warning(&p, key.newer_message(under_owner(&p), cx.version));
                let title = format!("Remove {} (a {} rack ignores it)", key.name, cx.version);
                cx.fix_last(Some(Fix::replace(title, Span::new(k.span.start, v.span.end), "")));
            }
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
                        if let Some(deeper) = cx.nested.and_then(|f| f(table.path(), name)) {
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

/// `path` under its service, timer, resource or balancer (`health.port` for
/// `services.web.health.port`); a top-level key as it is.
fn under_owner(path: &str) -> &str {
    let owned = ["services.", "timers.", "resources.", "balancers."].iter().any(|o| path.starts_with(o));
    match path.splitn(3, '.').nth(2) {
        Some(rest) if owned => rest,
        _ => path,
    }
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
