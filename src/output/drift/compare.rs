//! One rendered object against the cluster's, field by field, as `kubectl apply` would meet
//! them.
//!
//! A field the rendered object leaves out is compared as the API server would store it
//! ([`super::defaults`]); a value the cluster chooses is not compared; quantities compare by
//! value; a rendered stand-in matches what the cluster has in its place; a run-time field
//! ([`super::normalize::RUNTIME`]) is expected to differ. What is left is drift, and what the
//! next deploy does to it follows from how `kubectl apply` patches (a three-way strategic merge
//! for built-in kinds, a JSON merge for custom resources):
//! - a field the rendered object sets is written again: **reverts** (also every item of a list
//!   the rendered object sets whole, since such a list is replaced);
//! - a field it does not set, that the last applied object (the last-applied annotation) had,
//!   is removed: **reverts**;
//! - any other field (added outside the rack, or a default changed) is left alone: **keeps**;
//!   so is an item added to a list `kubectl apply` merges by key (containers, env, ports,
//!   volumes).
//!
//! Secret values never leave this module: a Secret's data shows as `(secret value)`, and every
//! value `output::mask` hides in the page is masked.

use serde_json::Value;

use super::defaults::Index;
use super::normalize;
use super::standins::{self, StandIn};
use super::Fate;
use crate::mapping::Role;
use crate::output::diff::{Field, SECRET};
use crate::output::mask;

/// What is compared: one object of the cluster and what the comparison needs to know of it.
pub struct Pair<'a> {
    pub kind: &'a str,
    pub role: Option<Role>,
    /// The cluster's object, bookkeeping dropped.
    pub live: &'a Value,
    /// What `kubectl apply` applied last (the last-applied annotation).
    pub applied: Option<&'a Value>,
    /// A custom resource: lists are replaced whole and quantities are kept as written.
    pub custom: bool,
    /// The autoscaler (kind and name) that targets the object.
    pub autoscaler: Option<&'a str>,
    pub standins: &'a [StandIn],
    pub index: &'a Index,
}

/// One difference.
#[derive(Debug, Clone)]
pub enum Finding {
    /// Drift: the field, with before (the cluster) and after (convox.yml), and what the next
    /// deploy does to it.
    Drift { field: Field, fate: Fate, reason: Option<&'static str> },
    /// Expected to differ: why, and the field's path.
    Expected { reason: String, path: String },
}

/// Why a field not in convox.yml still reverts.
const REMOVED: &str =
    "the rack applied it before and convox.yml no longer sets it: the next deploy removes it";

/// One node of the walk: the rendered value (`r`, as rendered; `d`, a default standing in for
/// an absent one), what was applied last, and the cluster's value with its parent.
#[derive(Clone, Copy)]
struct Node<'v> {
    r: Option<&'v Value>,
    d: Option<&'v Value>,
    la: Option<&'v Value>,
    l: Option<&'v Value>,
    lparent: Option<&'v Value>,
    /// Inside a list the rendered object sets whole.
    owned: bool,
    /// Inside an env entry whose name names a secret.
    secret_env: bool,
}

/// Compares `rendered` with `pair.live`.
pub fn compare(pair: &Pair, rendered: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let node = Node {
        r: Some(rendered),
        d: None,
        la: pair.applied,
        l: Some(pair.live),
        lparent: None,
        owned: false,
        secret_env: false,
    };
    walk(pair, "", "", "", node, &mut out);
    out
}

/// `None` for what Go's `omitempty` leaves out (null, `{}`, `[]`).
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| match v {
        Value::Null => false,
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    })
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// The text a quantity or an id has, whether written as a string or a number.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn walk(pair: &Pair, pattern: &str, path: &str, key: &str, n: Node, out: &mut Vec<Finding>) {
    let autoscaled = pair.autoscaler.is_some();
    if let Some(rt) = normalize::runtime(pair.kind, pattern, pair.role, autoscaled) {
        if present(n.r.or(n.d)) != present(n.l) {
            let reason = rt.reason.replace("{autoscaler}", pair.autoscaler.unwrap_or("an autoscaler"));
            out.push(Finding::Expected { reason, path: path.to_string() });
        }
        return;
    }
    // A side left out holds what the API server would give it.
    let mut given = None;
    if n.r.is_none() || n.l.is_none() {
        match pair.index.default_for(pattern, n.lparent, pair.live) {
            Some(None) if n.r.is_none() => return,
            Some(v) => given = v,
            None => {}
        }
    }
    let d = n.d.or(given.as_ref());
    let re = present(n.r.or(d));
    let le = present(n.l.or(if n.r.is_some() { d } else { None }));
    if re == le {
        return;
    }
    let quantity = if pair.custom { None } else { pair.index.quantity(pattern) };
    if let (Some(milli), Some(a), Some(b)) = (quantity, re.and_then(text), le.and_then(text)) {
        let canonical = |s: &str| super::quantity::canonical(s, milli);
        if canonical(&a).is_some() && canonical(&a) == canonical(&b) {
            return;
        }
    }
    if let (Some(Value::Number(a)), Some(Value::Number(b))) = (re, le) {
        if a.as_f64() == b.as_f64() {
            return;
        }
    }
    let descend = |p: &str| {
        p.is_empty()
            || pair.index.has_below(p)
            || matches!(
                p.rsplit('.').next(),
                Some("labels" | "annotations" | "data" | "binaryData" | "metadata")
            )
    };
    match (re, le) {
        (Some(Value::Object(rm)), Some(Value::Object(lm))) => map(
            pair,
            pattern,
            path,
            n,
            re,
            le,
            rm.keys().chain(lm.keys().filter(|k| !rm.contains_key(*k))),
            d,
            out,
        ),
        (Some(Value::Object(rm)), None) if descend(pattern) => {
            map(pair, pattern, path, n, re, le, rm.keys(), d, out)
        }
        (None, Some(Value::Object(lm))) if descend(pattern) => {
            map(pair, pattern, path, n, re, le, lm.keys(), d, out)
        }
        (Some(Value::Array(ra)), Some(Value::Array(la))) => list(pair, pattern, path, key, n, d, ra, la, out),
        _ => leaf(pair, pattern, path, key, n, re, le, out),
    }
}

/// Walks the keys of a map.
#[allow(clippy::too_many_arguments)]
fn map<'k>(
    pair: &Pair,
    pattern: &str,
    path: &str,
    n: Node,
    re: Option<&Value>,
    le: Option<&Value>,
    keys: impl Iterator<Item = &'k String>,
    d: Option<&Value>,
    out: &mut Vec<Finding>,
) {
    let keys: Vec<&String> = keys.collect();
    for k in keys {
        if pattern.is_empty() && matches!(k.as_str(), "apiVersion" | "kind" | "status") {
            continue;
        }
        let child = Node {
            r: n.r.and_then(|v| v.get(k.as_str())),
            // A default stands in for a whole map: its parts stand in for the map's parts.
            d: if n.r.is_none() { d.and_then(|v| v.get(k.as_str())) } else { None },
            la: n.la.and_then(|v| v.get(k.as_str())),
            l: le.and_then(|v| v.get(k.as_str())),
            lparent: le,
            ..n
        };
        let _ = re;
        walk(pair, &join(pattern, k), &join(path, k), k, child, out);
    }
}

/// The items of `list` by the text of their `key` field, when every item has a distinct one.
fn keyed<'v>(list: &'v [Value], key: &str) -> Option<Vec<(String, &'v Value)>> {
    let mut out: Vec<(String, &Value)> = Vec::with_capacity(list.len());
    for item in list {
        let k = text(item.get(key)?)?;
        if out.iter().any(|(o, _)| *o == k) {
            return None;
        }
        out.push((k, item));
    }
    Some(out)
}

fn by_key<'v>(items: &[(String, &'v Value)], key: &str) -> Option<&'v Value> {
    items.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
}

/// What a list item is called in a path: its `name`, else its key.
fn label(item: &Value, key: &str) -> String {
    item.get("name").and_then(Value::as_str).map_or_else(|| key.to_string(), str::to_string)
}

#[allow(clippy::too_many_arguments)]
fn list(
    pair: &Pair,
    pattern: &str,
    path: &str,
    key: &str,
    n: Node,
    d: Option<&Value>,
    ra: &[Value],
    la: &[Value],
    out: &mut Vec<Finding>,
) {
    let child_pattern = format!("{pattern}[]");
    let applied = n.la.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let merge = if pair.custom { None } else { pair.index.merge_key(pattern) };
    // A list kubectl apply merges item by item: items match by their merge key.
    if let Some(mk) = merge {
        if let (Some(rk), Some(lk)) = (keyed(ra, mk), keyed(la, mk)) {
            let ak = keyed(applied, mk).unwrap_or_default();
            let mut keys: Vec<&String> = rk.iter().map(|(k, _)| k).collect();
            keys.extend(lk.iter().map(|(k, _)| k).filter(|k| !rk.iter().any(|(r, _)| r == *k)));
            for k in keys {
                let (ri, li) = (by_key(&rk, k), by_key(&lk, k));
                let item = ri.or(li).unwrap_or(&Value::Null);
                let secret_env = n.secret_env
                    || (pattern.ends_with(".env")
                        && item.get("name").and_then(Value::as_str).is_some_and(mask::names_a_secret));
                let child = Node {
                    r: if n.r.is_some() { ri } else { None },
                    d: if n.r.is_none() { ri } else { None },
                    la: by_key(&ak, k),
                    l: li,
                    lparent: Some(&Value::Null),
                    secret_env,
                    ..n
                };
                let shown = label(item, k);
                let child_path = format!("{path}[{shown}]");
                if ri.is_none() || li.is_none() {
                    // An item on one side only is one difference, the whole item.
                    leaf(pair, &child_pattern, &child_path, "", child, ri, li, out);
                } else {
                    walk(pair, &child_pattern, &child_path, "", child, out);
                }
            }
            return;
        }
    }
    // Any other list is replaced whole: every part of it is the rendered object's.
    let owned = n.owned || n.r.is_some();
    let _ = d;
    if ra.len() == la.len() {
        let by_name = keyed(ra, "name").zip(keyed(la, "name"));
        for (i, (rv, lv)) in ra.iter().zip(la).enumerate() {
            let (rv, lv, shown) = match &by_name {
                Some((rn, ln)) => {
                    let name = &rn[i].0;
                    match ln.iter().find(|(k, _)| k == name) {
                        Some((_, lv)) => (rv, *lv, name.clone()),
                        None => (rv, lv, i.to_string()),
                    }
                }
                None => (rv, lv, i.to_string()),
            };
            let child = Node {
                r: if n.r.is_some() { Some(rv) } else { None },
                d: if n.r.is_none() { Some(rv) } else { None },
                la: applied.get(i),
                l: Some(lv),
                lparent: Some(&Value::Null),
                owned,
                ..n
            };
            walk(pair, &child_pattern, &format!("{path}[{shown}]"), key, child, out);
        }
        return;
    }
    let n = Node { owned, ..n };
    leaf(
        pair,
        pattern,
        path,
        key,
        n,
        Some(&Value::Array(ra.to_vec())),
        Some(&Value::Array(la.to_vec())),
        out,
    );
}

/// A difference at `path`: expected when a stand-in explains it, else drift.
#[allow(clippy::too_many_arguments)]
fn leaf(
    pair: &Pair,
    pattern: &str,
    path: &str,
    key: &str,
    n: Node,
    re: Option<&Value>,
    le: Option<&Value>,
    out: &mut Vec<Finding>,
) {
    let secret_data =
        pair.kind == "Secret" && (pattern.starts_with("data.") || pattern.starts_with("stringData."));
    if let (Some(Value::String(r)), Some(Value::String(l))) = (n.r.or(if n.owned { re } else { None }), le) {
        let decoded = |s: &str| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        let (r, l) = if secret_data { (decoded(r), decoded(l)) } else { (Some(r.clone()), Some(l.clone())) };
        if let (Some(r), Some(l)) = (r, l) {
            let secret = secret_data || mask::names_a_secret(key) || (n.secret_env && key == "value");
            if let Some(found) = standins::matches(&r, &l, pair.standins, secret) {
                for m in found {
                    let reason = match m.cluster {
                        Some(c) => format!("stand-in for {}: {} here, {c} in the cluster", m.what, m.value),
                        None => format!("stand-in for {}: {} here (in a secret value)", m.what, m.value),
                    };
                    out.push(Finding::Expected { reason, path: path.to_string() });
                }
                return;
            }
        }
    }
    let (fate, reason) = if n.owned || n.r.is_some() {
        (Fate::Reverts, None)
    } else if n.la.is_some() && le.is_some() {
        (Fate::Reverts, Some(REMOVED))
    } else {
        (Fate::Keeps, None)
    };
    let shown = |v: Option<&Value>| -> Value {
        let Some(v) = v else { return Value::Null };
        let mut v = v.clone();
        if secret_data || (pair.kind == "Secret" && matches!(pattern, "data" | "stringData")) {
            hide(&mut v);
        } else if n.secret_env && key == "value" {
            if v.as_str().is_some_and(|s| !s.is_empty()) {
                v = Value::from(mask::MASK);
            }
        } else if v.is_object() {
            // An env entry `{name: X_PASSWORD, value}` is masked as an item of a list.
            let mut wrapped = Value::Array(vec![v]);
            mask::walk(key, &mut wrapped);
            v = wrapped.as_array_mut().and_then(Vec::pop).unwrap_or_default();
        } else {
            mask::walk(key, &mut v);
        }
        v
    };
    let field = Field { path: path.to_string(), before: shown(le), after: shown(re) };
    out.push(Finding::Drift { field, fate, reason });
}

/// Replaces every string inside `v` with [`SECRET`].
fn hide(v: &mut Value) {
    match v {
        Value::String(s) => *s = SECRET.into(),
        Value::Object(m) => m.values_mut().for_each(hide),
        Value::Array(a) => a.iter_mut().for_each(hide),
        _ => {}
    }
}
