//! Go's value kinds, read from the spanned tree as the rack's two YAML readers read them:
//! gopkg.in/yaml.v2 for most of convox.yml, sigs.k8s.io/yaml (JSON's type rules) for
//! `scale.keda` and `scale.autoscale`; with Go's own wording for a value of the wrong kind.

use super::cx::{item, join, Cx};
use super::go::*;
use super::yaml::{is_null_text, resolve, Kind, Node, Scalar};
use crate::diagnostic::Diagnostic;

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

/// A YAML node as JSON (the KEDA shapes the model keeps untyped), with its keys recorded.
pub(crate) fn json(cx: &mut Cx, path: &str, node: &Node) -> Option<serde_json::Value> {
    record_tree(cx, path, node);
    if node.is_null() {
        return None;
    }
    Some(serde_json::to_value(node.to_value()).unwrap_or(serde_json::Value::Null))
}
