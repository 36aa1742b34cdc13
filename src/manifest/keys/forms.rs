//! The readers of convox.yml's own forms (a port as `3000`, `"https:3000"` or a map; a scale
//! as a count, a range or a map; `KEY=value` lists; annotations; balancer ports…), and the
//! entry point that reads the whole manifest: what the key tables call for the keys whose
//! value is more than one of Go's kinds.

use super::*;
use crate::manifest::cx::{describe, not_set};
use crate::manifest::refusals::PORT_RANGE;

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
    table(cx, "", root, &MANIFEST, &mut m);
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
    let entries = map_slice(cx, path, node);
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

/// The entries of what the rack reads as a Go `yaml.MapSlice` at `path`: none for null, and
/// for anything else none and its type error.
fn map_slice<'a>(cx: &mut Cx, path: &str, node: &'a Node) -> &'a [(Node, Node)] {
    match &node.kind {
        Kind::Map(entries) => entries,
        _ if node.is_null() => &[],
        _ => {
            cx.type_error(path, node, "yaml.MapSlice");
            &[]
        }
    }
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
                Some((k, v)) => {
                    // Also addressed by its key (`ingressAnnotations.<key>`): diagnostics about
                    // what the rack makes of a value name the key, not the item's index.
                    cx.map.alias(join(path, k), n.span, n.span);
                    out.push((k.to_string(), v.to_string()))
                }
                None => cx.error_at(&p, n, format!("invalid annotation format: {s}")),
            },
            (Kind::Map(entries), _) => {
                for (k, v) in entries {
                    let key = k.text().unwrap_or("?");
                    let q = join(&p, key);
                    cx.map.insert_node(q.clone(), k.span, v.span);
                    match (k.scalar(), v.scalar()) {
                        (Some(Scalar::Str(_)), Some(Scalar::Str(value))) => {
                            cx.map.alias(join(path, key), k.span, v.span);
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
        (Kind::Map(_), _) => table(cx, path, node, &BUILD, b),
        (_, Some(Scalar::Null)) => {}
        (_, Some(Scalar::Str(s))) => b.path = s,
        _ => cx.error_at(path, node, format!("unknown type for service build: {}", go_type(node))),
    }
}

/// `health`: a path, or a map the rack reads itself (only YAML ints for the numbers, only
/// a string path and a boolean `disable`; other values are ignored).
pub(crate) fn health(cx: &mut Cx, path: &str, node: &Node, h: &mut Health) {
    match (&node.kind, node.scalar()) {
        (Kind::Map(_), _) => table(cx, path, node, &HEALTH, h),
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
            table(cx, path, node, &PORT_MAP, &mut form);
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
        (Kind::Map(_), _) => table(cx, path, node, &SCALE, s),
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
                        cx.unknown_key(&p, k, COUNT_BOUNDS.iter().copied());
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
        (Kind::Map(_), _) => table(cx, path, node, &GPU, g),
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
    let entries = map_slice(cx, path, node);
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
                table(cx, &p, v, &BALANCER_PORT, &mut port);
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
