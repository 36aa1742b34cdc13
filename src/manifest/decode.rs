//! Spanned YAML tree → [`Manifest`], accepting every shorthand form of rack-reference §2.
//!
//! Hand-written rather than `#[derive(Deserialize)]` + `serde_ignored`/`serde_path_to_error`:
//! nearly every service field has a custom form (int, `"scheme:port"`, map; string or list;
//! list of `k=v` or map …), each failure must land on the key's span with the rack's own
//! wording, and one bad key must not throw away the rest of the manifest. Walking the
//! spanned tree gives all three at once; serde would stop at the first error.
//!
//! Every key and list item is recorded in the [`SourceMap`], which then doubles as the
//! rack's `yamlAttributes` set ("is this key present?") for the defaults.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::model::*;
use super::yaml::{is_null_text, Kind, Node, Scalar};
use super::SourceMap;
use crate::diagnostic::{Diagnostic, Span};

/// Collects diagnostics and spans while decoding.
#[derive(Default)]
pub(crate) struct Cx {
    pub diagnostics: Vec<Diagnostic>,
    pub map: SourceMap,
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

    fn type_error(&mut self, path: &str, node: &Node, want: &str) {
        let got = match node.text() {
            Some(t) => format!("{} `{t}`", node.type_name()),
            None => node.type_name().to_string(),
        };
        self.error(path, format!("{path}: cannot unmarshal {got} into {want}"));
    }
}

/// Go's `%T` for what yaml.v2 would have decoded `node` into, for the rack's messages.
fn go_type(node: &Node) -> &'static str {
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

/// Go's `%v` of a node, roughly (for messages quoting a value).
fn go_value(node: &Node) -> String {
    match &node.kind {
        Kind::Scalar { value, .. } => value.clone(),
        Kind::Seq(items) => format!("[{}]", items.iter().map(go_value).collect::<Vec<_>>().join(" ")),
        Kind::Map(entries) => format!(
            "map[{}]",
            entries
                .iter()
                .map(|(k, v)| format!("{}:{}", go_value(k), go_value(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

fn item(path: &str, i: usize) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    out.push_str(path);
    // Writing to a String cannot fail.
    let _ = write!(out, "[{i}]");
    out
}

// Paths are built for every key of the manifest: `concat` sizes the string once and skips
// the formatting machinery `format!` runs.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        [path, ".", key].concat()
    }
}

/// The entries of a YAML map, keyed by their text, with paths recorded.
struct Fields<'n> {
    path: String,
    entries: Vec<(&'n str, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    // `str`, `int` and `bool` build the key's path only to report a value of the wrong type.

    fn str(&self, cx: &mut Cx, key: &str) -> Option<String> {
        let n = self.get(key)?;
        as_string(n).or_else(|| string(cx, &self.path(key), n))
    }

    fn int(&self, cx: &mut Cx, key: &str) -> Option<i64> {
        let n = self.get(key)?;
        as_int(n).or_else(|| int(cx, &self.path(key), n))
    }

    fn bool(&self, cx: &mut Cx, key: &str) -> Option<bool> {
        let n = self.get(key)?;
        as_bool(n).or_else(|| boolean(cx, &self.path(key), n))
    }

    fn strs(&self, cx: &mut Cx, key: &str) -> Vec<String> {
        self.get(key).map(|n| strings(cx, &self.path(key), n)).unwrap_or_default()
    }

    /// An int only when the YAML value is an int; anything else is silently ignored (the
    /// rack's type switches for `health.*`, `scale.cpu`, `scale.memory`).
    fn int_only(&self, key: &str) -> Option<i64> {
        match self.get(key)?.scalar()? {
            Scalar::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// Reads `node` as a map, recording every key; `known` empty means any key is fine.
fn fields<'n>(cx: &mut Cx, path: &str, node: &'n Node, known: &[&str]) -> Fields<'n> {
    let mut out = Fields { path: path.to_string(), entries: Vec::new() };
    match &node.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let Some(name) = k.text() else {
                    cx.map.insert(join(path, "?"), k.span);
                    cx.error(&join(path, "?"), format!("unknown key type: {}", go_type(k)));
                    continue;
                };
                let p = join(path, name);
                if !known.is_empty() && !known.contains(&name) {
                    cx.map.insert_node(p.clone(), k.span, v.span.end);
                    cx.warning(&p, unknown_key(name, known));
                } else {
                    cx.map.insert_node(p, k.span, v.span.end);
                }
                out.entries.push((name, v));
            }
        }
        _ if node.is_null() => {}
        _ => cx.type_error(path, node, "a map"),
    }
    out
}

fn unknown_key(name: &str, known: &[&str]) -> String {
    // ASCII case folding: the known keys are ASCII, and Unicode's case tables cost the
    // playground's wasm about 15 KB gzip.
    let lower = name.to_ascii_lowercase();
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase()), *k))
        .min_by_key(|(d, _)| *d);
    match best {
        // Short keys get one edit of slack, longer ones a quarter of their length.
        Some((d, k)) if d <= if name.chars().count() <= 4 { 1 } else { 2.max(name.chars().count() / 4) } => {
            format!("unknown key {name} (did you mean {k}?)")
        }
        _ => format!("unknown key {name}"),
    }
}

/// What [`string`] reads `node` as, `None` where it reports an error.
fn as_string(node: &Node) -> Option<String> {
    match &node.kind {
        Kind::Scalar { value, plain } => {
            Some(if *plain && is_null_text(value) { String::new() } else { value.clone() })
        }
        _ => None,
    }
}

fn string(cx: &mut Cx, path: &str, node: &Node) -> Option<String> {
    let s = as_string(node);
    if s.is_none() {
        cx.type_error(path, node, "string");
    }
    s
}

/// What [`int`] reads `node` as, `None` where it reports an error.
fn as_int(node: &Node) -> Option<i64> {
    match node.scalar() {
        Some(Scalar::Null) => Some(0),
        Some(Scalar::Int(i)) => Some(i),
        Some(Scalar::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
        _ => None,
    }
}

fn int(cx: &mut Cx, path: &str, node: &Node) -> Option<i64> {
    let i = as_int(node);
    if i.is_none() {
        cx.type_error(path, node, "int");
    }
    i
}

fn float(cx: &mut Cx, path: &str, node: &Node) -> Option<f64> {
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

/// What [`boolean`] reads `node` as, `None` where it reports an error.
fn as_bool(node: &Node) -> Option<bool> {
    match node.scalar() {
        Some(Scalar::Null) => Some(false),
        Some(Scalar::Bool(b)) => Some(b),
        _ => None,
    }
}

fn boolean(cx: &mut Cx, path: &str, node: &Node) -> Option<bool> {
    let b = as_bool(node);
    if b.is_none() {
        cx.type_error(path, node, "bool");
    }
    b
}

/// A list of scalars as strings; each item's span recorded as `path[i]`.
fn strings(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for (i, n) in seq(cx, path, node, "[]string").iter().enumerate() {
        if let Some(s) = string(cx, &item(path, i), n) {
            out.push(s);
        }
    }
    out
}

/// The items of a list (null → none), each recorded as `path[i]`.
fn seq<'n>(cx: &mut Cx, path: &str, node: &'n Node, want: &str) -> &'n [Node] {
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
fn record_tree(cx: &mut Cx, path: &str, node: &Node) {
    match &node.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let p = join(path, k.text().unwrap_or("?"));
                cx.map.insert_node(p.clone(), k.span, v.span.end);
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

fn atoi(s: &str) -> Result<i64, String> {
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
// top level

const TOP: &[&str] = &[
    "appSettings",
    "balancers",
    "budget",
    "configs",
    "environment",
    "labels",
    "params",
    "resources",
    "services",
    "timers",
];

/// Decodes the document root. `None` when it is not a map (e.g. a bare scalar).
pub(crate) fn manifest(cx: &mut Cx, root: &Node) -> Option<Manifest> {
    if !matches!(root.kind, Kind::Map(_)) && !root.is_null() {
        cx.map.insert(String::new(), root.span);
        cx.error(
            "",
            format!("yaml: unmarshal errors: cannot unmarshal {} into manifest.Manifest", {
                match root.text() {
                    Some(t) => format!("{} `{t}`", root.type_name()),
                    None => root.type_name().to_string(),
                }
            }),
        );
        return None;
    }
    let f = fields(cx, "", root, TOP);
    let mut m = Manifest::default();
    if let Some(n) = f.get("appSettings") {
        m.app_settings = app_settings(cx, n);
    }
    if let Some(n) = f.get("balancers") {
        m.balancers = named(cx, "balancers", n, balancer);
    }
    if let Some(n) = f.get("budget") {
        m.budget = Some(budget(cx, n));
    }
    if let Some(n) = f.get("configs") {
        for (i, c) in seq(cx, "configs", n, "[]manifest.AppConfig").iter().enumerate() {
            let cf = fields(cx, &item("configs", i), c, &["id", "name", "value"]);
            m.configs.push(AppConfig {
                id: cf.str(cx, "id").unwrap_or_default(),
                name: cf.str(cx, "name").unwrap_or_default(),
                value: cf.get("value").filter(|v| !v.is_null()).and_then(|_| cf.str(cx, "value")),
            });
        }
    }
    if let Some(n) = f.get("environment") {
        m.environment = environment(cx, "environment", n);
    }
    if let Some(n) = f.get("labels") {
        m.labels = labels(cx, "labels", n);
    }
    if let Some(n) = f.get("params") {
        let pf = fields(cx, "params", n, &[]);
        for &(k, _) in &pf.entries {
            if let Some(v) = pf.str(cx, k) {
                m.params.insert(k.to_string(), v);
            }
        }
    }
    if let Some(n) = f.get("resources") {
        m.resources = named(cx, "resources", n, resource);
    }
    if let Some(n) = f.get("services") {
        m.services = named(cx, "services", n, service);
    }
    if let Some(n) = f.get("timers") {
        m.timers = named(cx, "timers", n, timer);
    }
    Some(m)
}

/// A `name → value` section in YAML order; keys that are ints are stringified.
fn named<T>(cx: &mut Cx, path: &str, node: &Node, decode: fn(&mut Cx, &str, &Node) -> T) -> NamedList<T> {
    let f = fields(cx, path, node, &[]);
    f.entries.iter().map(|&(k, v)| Named { name: k.to_string(), value: decode(cx, &f.path(k), v) }).collect()
}

fn app_settings(cx: &mut Cx, node: &Node) -> AppSettings {
    let f = fields(cx, "appSettings", node, &["awsLogs"]);
    let aws_logs = f.get("awsLogs").map(|n| {
        let lf = fields(cx, "appSettings.awsLogs", n, &["cwRetention", "disableRetention"]);
        AwsLogs {
            cw_retention: lf.int(cx, "cwRetention").unwrap_or_default(),
            disable_retention: lf.bool(cx, "disableRetention").unwrap_or_default(),
        }
    });
    AppSettings { aws_logs }
}

fn budget(cx: &mut Cx, node: &Node) -> Budget {
    let f = fields(
        cx,
        "budget",
        node,
        &[
            "monthlyCapUsd",
            "alertThresholdPercent",
            "atCapAction",
            "atCapWebhookUrl",
            "pricingAdjustment",
            "neverAutoShutdown",
            "shutdownOrder",
            "notifyBeforeMinutes",
            "shutdownGracePeriod",
            "recoveryMode",
        ],
    );
    let fl = |cx: &mut Cx, k: &str| f.get(k).and_then(|n| float(cx, &f.path(k), n));
    let st = |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|_| f.str(cx, k));
    Budget {
        monthly_cap_usd: fl(cx, "monthlyCapUsd"),
        alert_threshold_percent: fl(cx, "alertThresholdPercent"),
        at_cap_action: st(cx, "atCapAction"),
        at_cap_webhook_url: st(cx, "atCapWebhookUrl"),
        pricing_adjustment: fl(cx, "pricingAdjustment"),
        never_auto_shutdown: f.strs(cx, "neverAutoShutdown"),
        shutdown_order: st(cx, "shutdownOrder"),
        notify_before_minutes: f
            .get("notifyBeforeMinutes")
            .filter(|n| !n.is_null())
            .and_then(|_| f.int(cx, "notifyBeforeMinutes")),
        shutdown_grace_period: st(cx, "shutdownGracePeriod"),
        recovery_mode: st(cx, "recoveryMode"),
    }
}

/// `environment`: a list of strings, nested lists flattened.
fn environment(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    match &node.kind {
        Kind::Seq(_) => flatten(cx, path, node, &mut out),
        _ if node.is_null() => {}
        _ => cx.error(path, format!("unknown type for service environment: {}", go_type(node))),
    }
    out
}

fn flatten(cx: &mut Cx, path: &str, node: &Node, out: &mut Vec<String>) {
    match &node.kind {
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                let p = item(path, i);
                cx.map.insert(p.clone(), n.span);
                flatten(cx, &p, n, out);
            }
        }
        Kind::Map(_) => cx.type_error(path, node, "string"),
        Kind::Scalar { .. } => {
            if let Some(s) = string(cx, path, node) {
                out.push(s);
            }
        }
    }
}

/// `labels`: a map; scalar values stringified.
fn labels(cx: &mut Cx, path: &str, node: &Node) -> Pairs {
    let f = fields(cx, path, node, &[]);
    let mut out = Pairs::new();
    for &(k, _) in &f.entries {
        if let Some(v) = f.str(cx, k) {
            out.retain(|(ok, _)| ok != k);
            out.push((k.to_string(), v));
        }
    }
    out
}

/// `annotations` / `ingressAnnotations`: a list of `k=v` strings or `{k: v}` maps, or a map.
fn annotations(cx: &mut Cx, path: &str, node: &Node, map_form: bool) -> Pairs {
    let mut out = Pairs::new();
    let pair_map = |cx: &mut Cx, p: &str, n: &Node, out: &mut Pairs| {
        let f = fields(cx, p, n, &[]);
        for &(k, v) in &f.entries {
            match v.scalar() {
                Some(Scalar::Str(s)) => out.push((k.to_string(), s)),
                _ => cx.error(&f.path(k), format!("annotation value is not a string: {}", go_value(v))),
            }
        }
    };
    match &node.kind {
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                let p = item(path, i);
                cx.map.insert(p.clone(), n.span);
                match &n.kind {
                    Kind::Map(_) if map_form => pair_map(cx, &p, n, &mut out),
                    Kind::Scalar { .. } => match n.text().and_then(|t| t.split_once('=')) {
                        Some((k, v)) => out.push((k.to_string(), v.to_string())),
                        None => cx.error(
                            &p,
                            format!("invalid annotation format: {}", n.text().unwrap_or_default()),
                        ),
                    },
                    _ => cx.error(&p, format!("unsupported annotation type: {}", go_type(n))),
                }
            }
        }
        Kind::Map(_) if map_form => pair_map(cx, path, node, &mut out),
        _ if node.is_null() => {}
        _ => cx.error(path, format!("unsupported annotation type: {}", go_type(node))),
    }
    out
}

// ---------------------------------------------------------------------------------------
// services

const SERVICE: &[&str] = &[
    "accessControl",
    "agent",
    "annotations",
    "build",
    "certificate",
    "command",
    "configMounts",
    "deployment",
    "dnsConfig",
    "domain",
    "drain",
    "disableHostUsers",
    "environment",
    "grpcHealthEnabled",
    "health",
    "image",
    "imagePullSecrets",
    "init",
    "initContainer",
    "internal",
    "internalRouter",
    "ingressAnnotations",
    "labels",
    "lifecycle",
    "liveness",
    "nodeAffinityLabels",
    "nodeSelectorLabels",
    "port",
    "ports",
    "privileged",
    "resources",
    "scale",
    "securityContext",
    "singleton",
    "startupProbe",
    "sticky",
    "termination",
    "test",
    "timeout",
    "tls",
    "volumes",
    "volumeOptions",
    "whitelist",
];

/// A service with every field zero: defaults come later, presence-aware (defaults.rs).
pub(crate) fn blank_service() -> Service {
    Service {
        build: Build::default(),
        deployment: DeploymentStrategy::default(),
        drain: 0,
        health: Health::default(),
        init: false,
        termination: Termination::default(),
        timeout: 0,
        tls: Tls::default(),
        scale: Scale::default(),
        ..Service::default()
    }
}

fn service(cx: &mut Cx, path: &str, node: &Node) -> Service {
    let f = fields(cx, path, node, SERVICE);
    let mut s = blank_service();
    let p = |k: &str| f.path(k);

    if let Some(n) = f.get("accessControl") {
        let af = fields(cx, &p("accessControl"), n, &["awsPodIdentity"]);
        if let Some(pi) = af.get("awsPodIdentity") {
            let pf = fields(cx, &af.path("awsPodIdentity"), pi, &["policyArns"]);
            s.access_control.aws_pod_identity = Some(pf.strs(cx, "policyArns"));
        }
    }
    if let Some(n) = f.get("agent") {
        match &n.kind {
            Kind::Map(_) => cx.error(&p("agent"), "agent ports are now specified at the service level"),
            _ => match n.scalar() {
                Some(Scalar::Bool(b)) => s.agent = b,
                Some(Scalar::Null) => {}
                _ => cx.error(&p("agent"), format!("could not parse agent: {}", go_value(n))),
            },
        }
    }
    if let Some(n) = f.get("annotations") {
        s.annotations = annotations(cx, &p("annotations"), n, true);
    }
    if let Some(n) = f.get("build") {
        match &n.kind {
            Kind::Map(_) => {
                let bf = fields(cx, &p("build"), n, &["path", "manifest", "args"]);
                s.build.path = bf.str(cx, "path").unwrap_or_default();
                s.build.manifest = bf.str(cx, "manifest").unwrap_or_default();
                s.build.args = bf.strs(cx, "args");
            }
            _ => match n.scalar() {
                Some(Scalar::Null) => {}
                Some(Scalar::Str(v)) => s.build.path = v,
                _ => cx.error(&p("build"), format!("unknown type for service build: {}", go_type(n))),
            },
        }
    }
    if let Some(n) = f.get("certificate") {
        let cf = fields(cx, &p("certificate"), n, &["id", "duration"]);
        s.certificate.id = cf.str(cx, "id").unwrap_or_default();
        s.certificate.duration = cf.str(cx, "duration").unwrap_or_default();
    }
    s.command = f.str(cx, "command").unwrap_or_default();
    if let Some(n) = f.get("configMounts") {
        s.config_mounts = config_mounts(cx, &p("configMounts"), n);
    }
    if let Some(n) = f.get("deployment") {
        let df = fields(cx, &p("deployment"), n, &["minimum", "maximum"]);
        s.deployment.minimum = df.int(cx, "minimum").unwrap_or_default();
        s.deployment.maximum = df.int(cx, "maximum").unwrap_or_default();
    }
    if let Some(n) = f.get("dnsConfig") {
        let df = fields(cx, &p("dnsConfig"), n, &["ndots"]);
        s.dns_config.ndots = df.int(cx, "ndots").unwrap_or_default();
    }
    if let Some(n) = f.get("domain") {
        s.domains = domains(cx, &p("domain"), n);
    }
    s.drain = f.int(cx, "drain").unwrap_or_default();
    s.disable_host_users = f.bool(cx, "disableHostUsers").unwrap_or_default();
    if let Some(n) = f.get("environment") {
        s.environment = environment(cx, &p("environment"), n);
    }
    s.grpc_health_enabled = f.bool(cx, "grpcHealthEnabled").unwrap_or_default();
    if let Some(n) = f.get("health") {
        s.health = health(cx, &p("health"), n);
    }
    s.image = f.str(cx, "image").unwrap_or_default();
    if let Some(n) = f.get("imagePullSecrets") {
        let ip = p("imagePullSecrets");
        for (i, e) in seq(cx, &ip, n, "[]manifest.ServiceImagePullSecret").iter().enumerate() {
            let ef = fields(cx, &item(&ip, i), e, &["registry", "username", "password", "passwordEnv"]);
            let opt = |cx: &mut Cx, k: &str| ef.get(k).filter(|v| !v.is_null()).and_then(|_| ef.str(cx, k));
            s.image_pull_secrets.push(ImagePullSecret {
                registry: ef.str(cx, "registry").unwrap_or_default(),
                username: ef.str(cx, "username").unwrap_or_default(),
                password: opt(cx, "password"),
                password_env: opt(cx, "passwordEnv"),
            });
        }
    }
    s.init = f.bool(cx, "init").unwrap_or_default();
    if let Some(n) = f.get("initContainer") {
        let icf = fields(cx, &p("initContainer"), n, &["image", "command", "volumeOptions", "configMounts"]);
        let mut ic = InitContainer {
            image: icf.str(cx, "image").unwrap_or_default(),
            command: icf.str(cx, "command").unwrap_or_default(),
            ..InitContainer::default()
        };
        if let Some(v) = icf.get("volumeOptions") {
            ic.volume_options = volume_options(cx, &icf.path("volumeOptions"), v);
        }
        if let Some(v) = icf.get("configMounts") {
            ic.config_mounts = config_mounts(cx, &icf.path("configMounts"), v);
        }
        s.init_container = Some(ic);
    }
    s.internal = f.bool(cx, "internal").unwrap_or_default();
    s.internal_router = f.bool(cx, "internalRouter").unwrap_or_default();
    if let Some(n) = f.get("ingressAnnotations") {
        s.ingress_annotations = annotations(cx, &p("ingressAnnotations"), n, true);
    }
    if let Some(n) = f.get("labels") {
        s.labels = labels(cx, &p("labels"), n);
    }
    if let Some(n) = f.get("lifecycle") {
        let lf = fields(cx, &p("lifecycle"), n, &["preStop", "postStart"]);
        s.lifecycle.pre_stop = lf.str(cx, "preStop").unwrap_or_default();
        s.lifecycle.post_start = lf.str(cx, "postStart").unwrap_or_default();
    }
    if let Some(n) = f.get("liveness") {
        let lf = fields(
            cx,
            &p("liveness"),
            n,
            &["path", "grace", "interval", "timeout", "successThreshold", "failureThreshold", "port"],
        );
        s.liveness = Liveness {
            path: lf.str(cx, "path").unwrap_or_default(),
            grace: lf.int(cx, "grace").unwrap_or_default(),
            interval: lf.int(cx, "interval").unwrap_or_default(),
            timeout: lf.int(cx, "timeout").unwrap_or_default(),
            success_threshold: lf.int(cx, "successThreshold").unwrap_or_default(),
            failure_threshold: lf.int(cx, "failureThreshold").unwrap_or_default(),
            port: lf.get("port").map(|v| probe_port(cx, &lf.path("port"), v)).unwrap_or_default(),
        };
    }
    if let Some(n) = f.get("nodeAffinityLabels") {
        let np = p("nodeAffinityLabels");
        for (i, e) in seq(cx, &np, n, "[]manifest.Affinity").iter().enumerate() {
            let ef = fields(cx, &item(&np, i), e, &["label", "weight", "value"]);
            s.node_affinity_labels.push(Affinity {
                label: ef.str(cx, "label").unwrap_or_default(),
                weight: ef.int(cx, "weight").unwrap_or_default(),
                value: ef.str(cx, "value").unwrap_or_default(),
            });
        }
    }
    if let Some(n) = f.get("nodeSelectorLabels") {
        s.node_selector_labels = labels(cx, &p("nodeSelectorLabels"), n);
    }
    if let Some(n) = f.get("port") {
        s.port = service_port(cx, &p("port"), n);
    }
    if let Some(n) = f.get("ports") {
        s.ports = ports(cx, &p("ports"), n);
    }
    s.privileged = f.bool(cx, "privileged").unwrap_or_default();
    s.resources = f.strs(cx, "resources");
    if let Some(n) = f.get("scale") {
        s.scale = scale(cx, &p("scale"), n);
    }
    if let Some(n) = f.get("securityContext") {
        s.security_context = Some(security_context(cx, &p("securityContext"), n));
    }
    s.singleton = f.bool(cx, "singleton").unwrap_or_default();
    if let Some(n) = f.get("startupProbe") {
        let sf = fields(
            cx,
            &p("startupProbe"),
            n,
            &[
                "path",
                "tcpSocketPort",
                "grace",
                "interval",
                "timeout",
                "successThreshold",
                "failureThreshold",
            ],
        );
        s.startup_probe = StartupProbe {
            path: sf.str(cx, "path").unwrap_or_default(),
            tcp_socket_port: sf.str(cx, "tcpSocketPort").unwrap_or_default(),
            grace: sf.int(cx, "grace").unwrap_or_default(),
            interval: sf.int(cx, "interval").unwrap_or_default(),
            timeout: sf.int(cx, "timeout").unwrap_or_default(),
            success_threshold: sf.int(cx, "successThreshold").unwrap_or_default(),
            failure_threshold: sf.int(cx, "failureThreshold").unwrap_or_default(),
        };
    }
    s.sticky = f.bool(cx, "sticky").unwrap_or_default();
    if let Some(n) = f.get("termination") {
        let tf = fields(cx, &p("termination"), n, &["grace"]);
        s.termination.grace = tf.int(cx, "grace").unwrap_or_default();
    }
    s.test = f.str(cx, "test").unwrap_or_default();
    s.timeout = f.int(cx, "timeout").unwrap_or_default();
    if let Some(n) = f.get("tls") {
        let tf = fields(cx, &p("tls"), n, &["redirect"]);
        s.tls.redirect = tf.bool(cx, "redirect").unwrap_or_default();
    }
    s.volumes = f.strs(cx, "volumes");
    if let Some(n) = f.get("volumeOptions") {
        s.volume_options = volume_options(cx, &p("volumeOptions"), n);
    }
    s.whitelist = f.str(cx, "whitelist").unwrap_or_default();
    s
}

fn config_mounts(cx: &mut Cx, path: &str, node: &Node) -> Vec<ConfigMount> {
    let mut out = Vec::new();
    for (i, e) in seq(cx, path, node, "[]manifest.ConfigMount").iter().enumerate() {
        let ef = fields(cx, &item(path, i), e, &["id", "dir", "filename"]);
        out.push(ConfigMount {
            id: ef.str(cx, "id").unwrap_or_default(),
            dir: ef.str(cx, "dir").unwrap_or_default(),
            filename: ef.str(cx, "filename").unwrap_or_default(),
        });
    }
    out
}

fn volume_options(cx: &mut Cx, path: &str, node: &Node) -> Vec<VolumeOption> {
    let mut out = Vec::new();
    for (i, e) in seq(cx, path, node, "[]manifest.VolumeOption").iter().enumerate() {
        let ip = item(path, i);
        let ef = fields(cx, &ip, e, &["emptyDir", "awsEfs", "azureFiles"]);
        let mut v = VolumeOption::default();
        if let Some(n) = ef.get("emptyDir") {
            let f = fields(cx, &ef.path("emptyDir"), n, &["id", "medium", "mountPath", "sizeLimit"]);
            v.empty_dir = Some(EmptyDir {
                id: f.str(cx, "id").unwrap_or_default(),
                medium: f.str(cx, "medium").unwrap_or_default(),
                mount_path: f.str(cx, "mountPath").unwrap_or_default(),
                size_limit: f.str(cx, "sizeLimit").unwrap_or_default(),
            });
        }
        if let Some(n) = ef.get("awsEfs") {
            let f = fields(
                cx,
                &ef.path("awsEfs"),
                n,
                &["id", "accessMode", "mountPath", "storageClass", "volumeHandle"],
            );
            v.aws_efs = Some(AwsEfs {
                id: f.str(cx, "id").unwrap_or_default(),
                access_mode: f.str(cx, "accessMode").unwrap_or_default(),
                mount_path: f.str(cx, "mountPath").unwrap_or_default(),
                storage_class: f.str(cx, "storageClass").unwrap_or_default(),
                volume_handle: f.str(cx, "volumeHandle").unwrap_or_default(),
            });
        }
        if let Some(n) = ef.get("azureFiles") {
            let f = fields(cx, &ef.path("azureFiles"), n, &["id", "accessMode", "mountPath", "shareSize"]);
            v.azure_files = Some(AzureFiles {
                id: f.str(cx, "id").unwrap_or_default(),
                access_mode: f.str(cx, "accessMode").unwrap_or_default(),
                mount_path: f.str(cx, "mountPath").unwrap_or_default(),
                share_size: f.str(cx, "shareSize").unwrap_or_default(),
            });
        }
        out.push(v);
    }
    out
}

fn domains(cx: &mut Cx, path: &str, node: &Node) -> Vec<String> {
    let raw: Vec<String> = match &node.kind {
        Kind::Seq(_) => strings(cx, path, node),
        _ => match node.scalar() {
            Some(Scalar::Null) => Vec::new(),
            Some(Scalar::Str(s)) => s.split(',').map(str::to_string).collect(),
            _ => {
                cx.error(path, format!("unknown type for service domain: {}", go_type(node)));
                Vec::new()
            }
        },
    };
    raw.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
}

fn health(cx: &mut Cx, path: &str, node: &Node) -> Health {
    let mut h = Health::default();
    match &node.kind {
        Kind::Map(_) => {
            let f = fields(cx, path, node, &["path", "grace", "interval", "timeout", "disable", "port"]);
            h.path = f.str(cx, "path").unwrap_or_default();
            h.disable = f.bool(cx, "disable").unwrap_or_default();
            // The rack's custom parser honours only YAML ints here; `"10"` is ignored.
            h.grace = f.int_only("grace").unwrap_or_default();
            h.interval = f.int_only("interval").unwrap_or_default();
            h.timeout = f.int_only("timeout").unwrap_or_default();
            if let Some(n) = f.get("port") {
                h.port = probe_port(cx, &f.path("port"), n);
            }
        }
        _ => match node.scalar() {
            Some(Scalar::Null) => {}
            Some(Scalar::Str(s)) => h.path = s,
            _ => cx.error(path, format!("unknown type for service health: {}", go_type(node))),
        },
    }
    h
}

/// `port: 3000`, `"3000"`, `"https:3000"`; returns (scheme, port).
fn port_string(cx: &mut Cx, path: &str, s: &str) -> Option<(String, i64)> {
    let parts: Vec<&str> = s.split(':').collect();
    let (scheme, num) = match parts.as_slice() {
        [n] => ("", *n),
        [scheme, n] => (*scheme, *n),
        _ => {
            cx.error(path, format!("invalid port: {s}"));
            return None;
        }
    };
    match atoi(num) {
        Ok(p) => Some((scheme.to_string(), p)),
        Err(e) => {
            cx.error(path, e);
            None
        }
    }
}

/// A port as int, string or `{port, scheme}` map: (scheme, port).
fn any_port(cx: &mut Cx, path: &str, node: &Node) -> Option<(String, i64)> {
    match &node.kind {
        Kind::Map(_) => {
            let f = fields(cx, path, node, &["port", "scheme"]);
            let scheme = f.str(cx, "scheme").unwrap_or_default();
            match f.get("port").map(|n| (n.scalar(), n)) {
                Some((Some(Scalar::Int(p)), _)) => Some((scheme, p)),
                Some((Some(Scalar::Str(s)), _)) => match atoi(&s) {
                    Ok(p) => Some((scheme, p)),
                    Err(e) => {
                        cx.error(&f.path("port"), e);
                        None
                    }
                },
                _ => {
                    cx.error(path, format!("could not parse port: {}", go_value(node)));
                    None
                }
            }
        }
        _ => match node.scalar() {
            Some(Scalar::Null) => None,
            Some(Scalar::Int(p)) => Some((String::new(), p)),
            Some(Scalar::Str(s)) => port_string(cx, path, &s),
            _ => {
                cx.error(path, format!("could not parse port: {}", go_value(node)));
                None
            }
        },
    }
}

fn service_port(cx: &mut Cx, path: &str, node: &Node) -> ServicePort {
    any_port(cx, path, node).map(|(scheme, port)| ServicePort { port, scheme }).unwrap_or_default()
}

fn probe_port(cx: &mut Cx, path: &str, node: &Node) -> ProbePort {
    any_port(cx, path, node).map(|(scheme, port)| ProbePort { port, scheme }).unwrap_or_default()
}

fn ports(cx: &mut Cx, path: &str, node: &Node) -> Vec<ExtraPort> {
    let mut out = Vec::new();
    for (i, n) in seq(cx, path, node, "[]manifest.ServicePortProtocol").iter().enumerate() {
        let p = item(path, i);
        match n.scalar() {
            Some(Scalar::Int(port)) => out.push(ExtraPort { port, protocol: "tcp".into() }),
            Some(Scalar::Str(s)) => {
                let parts: Vec<&str> = s.split('/').collect();
                let (num, protocol) = match parts.as_slice() {
                    [n] => (*n, ""),
                    [n, proto] => (*n, *proto),
                    _ => {
                        cx.error(&p, format!("invalid port: {s}"));
                        continue;
                    }
                };
                match atoi(num) {
                    Ok(port) => out.push(ExtraPort { port, protocol: protocol.into() }),
                    Err(e) => cx.error(&p, e),
                }
            }
            _ => cx.error(&p, format!("invalid port: {}", go_value(n))),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// scale

const SCALE: &[&str] =
    &["count", "cpu", "memory", "gpu", "limit", "targets", "keda", "vpa", "min", "max", "autoscale"];

/// Parses `"n"` / `"a-b"` into a count.
fn count_string(cx: &mut Cx, path: &str, s: &str) -> Option<ScaleCount> {
    let parts: Vec<&str> = s.split('-').collect();
    let parsed = match parts.as_slice() {
        [n] => atoi(n).map(|n| ScaleCount { min: n, max: n }),
        [a, b] => atoi(a).and_then(|a| atoi(b).map(|b| ScaleCount { min: a, max: b })),
        _ => Err(format!("invalid scale: {s}")),
    };
    parsed.map_err(|e| cx.error(path, e)).ok()
}

fn scale(cx: &mut Cx, path: &str, node: &Node) -> Scale {
    let mut s = Scale::default();
    match &node.kind {
        Kind::Map(_) => {}
        _ => {
            if !node.is_null() {
                // The shorthand is a count: let presence checks and lookups see one.
                cx.map.insert(format!("{path}.count"), node.span);
            }
            match node.scalar() {
                Some(Scalar::Null) => {}
                Some(Scalar::Int(n)) => s.count = ScaleCount { min: n, max: n },
                Some(Scalar::Str(v)) => s.count = count_string(cx, path, &v).unwrap_or_default(),
                _ => cx.error(path, format!("unknown type for service scale: {}", go_type(node))),
            }
            return s;
        }
    }
    let f = fields(cx, path, node, SCALE);
    if let Some(n) = f.get("count") {
        let cp = f.path("count");
        match &n.kind {
            Kind::Map(_) => {
                let cf = fields(cx, &cp, n, &["min", "max"]);
                let bound = |cx: &mut Cx, k: &str| match cf.get(k).and_then(|v| v.scalar()) {
                    Some(Scalar::Int(i)) => i,
                    Some(Scalar::Str(t)) => atoi(&t).map_err(|e| cx.error(&cf.path(k), e)).unwrap_or(0),
                    _ => 0,
                };
                s.count = ScaleCount { min: bound(cx, "min"), max: bound(cx, "max") };
            }
            _ => match n.scalar() {
                Some(Scalar::Null) => {}
                Some(Scalar::Int(c)) => s.count = ScaleCount { min: c, max: c },
                Some(Scalar::Str(v)) => s.count = count_string(cx, &cp, &v).unwrap_or_default(),
                _ => cx.error(&cp, format!("invalid scale: {}", go_value(n))),
            },
        }
    }
    // The rack reads cpu/memory only when they are YAML ints.
    s.cpu = f.int_only("cpu").unwrap_or_default();
    s.memory = f.int_only("memory").unwrap_or_default();
    if let Some(n) = f.get("gpu") {
        let gp = f.path("gpu");
        match &n.kind {
            Kind::Map(_) => {
                let gf = fields(cx, &gp, n, &["count", "vendor"]);
                s.gpu.count = gf.int(cx, "count").unwrap_or_default();
                s.gpu.vendor = gf.str(cx, "vendor").unwrap_or_default();
            }
            _ => match n.scalar() {
                Some(Scalar::Null) => {}
                Some(Scalar::Int(c)) => s.gpu.count = c,
                _ => cx.error(&gp, format!("unknown type for service scale gpu: {}", go_type(n))),
            },
        }
    }
    if let Some(n) = f.get("limit") {
        let lf = fields(cx, &f.path("limit"), n, &["cpu", "memory"]);
        s.limit.cpu = lf.int(cx, "cpu").unwrap_or_default();
        s.limit.memory = lf.int(cx, "memory").unwrap_or_default();
    }
    if let Some(n) = f.get("targets") {
        let tf = fields(cx, &f.path("targets"), n, &["cpu", "memory", "requests", "custom", "external"]);
        s.targets.cpu = tf.int(cx, "cpu").unwrap_or_default();
        s.targets.memory = tf.int(cx, "memory").unwrap_or_default();
        s.targets.requests = tf.int(cx, "requests").unwrap_or_default();
        if let Some(c) = tf.get("custom") {
            // v2 CloudWatch legacy: parsed by the rack, never rendered.
            record_tree(cx, &tf.path("custom"), c);
        }
        if let Some(e) = tf.get("external") {
            let ep = tf.path("external");
            for (i, t) in seq(cx, &ep, e, "[]manifest.ServiceScaleExternalMetric").iter().enumerate() {
                let xf = fields(cx, &item(&ep, i), t, &["name", "matchLabels", "averageValue", "value"]);
                let opt =
                    |cx: &mut Cx, k: &str| xf.get(k).filter(|v| !v.is_null()).and_then(|_| xf.str(cx, k));
                s.targets.external.push(ExternalTarget {
                    name: xf.str(cx, "name").unwrap_or_default(),
                    match_labels: xf
                        .get("matchLabels")
                        .map(|m| labels(cx, &xf.path("matchLabels"), m))
                        .unwrap_or_default(),
                    average_value: opt(cx, "averageValue"),
                    value: opt(cx, "value"),
                });
            }
        }
    }
    if let Some(n) = f.get("keda") {
        record_tree(cx, &f.path("keda"), n);
        if !n.is_null() {
            s.keda = Some(keda(cx, &f.path("keda"), n));
        }
    }
    if let Some(n) = f.get("vpa") {
        record_tree(cx, &f.path("vpa"), n);
        if !n.is_null() {
            s.vpa = Some(vpa(cx, &f.path("vpa"), n));
        }
    }
    if let Some(n) = f.get("min").filter(|n| !n.is_null()) {
        s.min = int(cx, &f.path("min"), n);
    }
    if let Some(n) = f.get("max").filter(|n| !n.is_null()) {
        s.max = int(cx, &f.path("max"), n);
    }
    if let Some(n) = f.get("autoscale").filter(|n| !n.is_null()) {
        s.autoscale = Some(autoscale(cx, &f.path("autoscale"), n));
    }
    s
}

/// A YAML node as JSON, for the parts of `scale` that are KEDA's own shapes.
fn json(node: &Node) -> serde_json::Value {
    serde_json::to_value(node.to_value()).unwrap_or(serde_json::Value::Null)
}

/// `scale.keda`: KEDA's field names; triggers kept as JSON.
fn keda(cx: &mut Cx, path: &str, node: &Node) -> Keda {
    let f = fields(
        cx,
        path,
        node,
        &[
            "pollingInterval",
            "initialCooldownPeriod",
            "cooldownPeriod",
            "idleReplicaCount",
            "advanced",
            "fallback",
            "triggers",
        ],
    );
    let oi = |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|n| int(cx, &f.path(k), n));
    let mut k = Keda {
        polling_interval: oi(cx, "pollingInterval"),
        initial_cooldown_period: oi(cx, "initialCooldownPeriod"),
        cooldown_period: oi(cx, "cooldownPeriod"),
        idle_replica_count: oi(cx, "idleReplicaCount"),
        advanced: f.get("advanced").filter(|n| !n.is_null()).map(json),
        fallback: f.get("fallback").filter(|n| !n.is_null()).map(json),
        triggers: Vec::new(),
    };
    if let Some(n) = f.get("triggers") {
        k.triggers = seq(cx, &f.path("triggers"), n, "[]ScaleTriggers").iter().map(json).collect();
    }
    k
}

/// `scale.vpa`; YAML `false` for `updateMode` reads as `Off`, as the rack's parser has it.
fn vpa(cx: &mut Cx, path: &str, node: &Node) -> Vpa {
    let f = fields(
        cx,
        path,
        node,
        &["updateMode", "minCpu", "maxCpu", "minMem", "maxMem", "cpuOnly", "memOnly", "updateRequestOnly"],
    );
    let os = |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|_| f.str(cx, k));
    let ob = |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|_| f.bool(cx, k));
    let mut update_mode = os(cx, "updateMode").unwrap_or_default();
    if update_mode == "false" {
        update_mode = "Off".into();
    }
    Vpa {
        update_mode,
        min_cpu: os(cx, "minCpu"),
        max_cpu: os(cx, "maxCpu"),
        min_mem: os(cx, "minMem"),
        max_mem: os(cx, "maxMem"),
        cpu_only: ob(cx, "cpuOnly"),
        mem_only: ob(cx, "memOnly"),
        update_request_only: ob(cx, "updateRequestOnly"),
    }
}

fn autoscale(cx: &mut Cx, path: &str, node: &Node) -> Autoscale {
    let f = fields(
        cx,
        path,
        node,
        &["cpu", "memory", "gpuUtilization", "queueDepth", "custom", "cooldownPeriod", "pollingInterval"],
    );
    // Trigger blocks: `{threshold, metricName, prometheusUrl, query}`.
    let mode = |cx: &mut Cx, k: &str| -> Option<AutoscaleMode> {
        let n = f.get(k).filter(|n| !n.is_null())?;
        let tf = fields(cx, &f.path(k), n, &["threshold", "metricName", "prometheusUrl", "query", "mode"]);
        Some(AutoscaleMode {
            threshold: tf
                .get("threshold")
                .and_then(|t| float(cx, &tf.path("threshold"), t))
                .unwrap_or_default(),
            metric_name: tf.str(cx, "metricName").unwrap_or_default(),
            prometheus_url: tf.str(cx, "prometheusUrl").unwrap_or_default(),
            query: tf.str(cx, "query").unwrap_or_default(),
        })
    };
    let mut a = Autoscale {
        cpu: mode(cx, "cpu"),
        memory: mode(cx, "memory"),
        gpu_utilization: mode(cx, "gpuUtilization"),
        queue_depth: mode(cx, "queueDepth"),
        ..Autoscale::default()
    };
    if let Some(n) = f.get("custom") {
        record_tree(cx, &f.path("custom"), n);
        if let Kind::Seq(items) = &n.kind {
            a.custom = items.iter().map(json).collect();
        } else if !n.is_null() {
            cx.type_error(&f.path("custom"), n, "[]ScaleTriggers");
        }
    }
    a.cooldown_period =
        f.get("cooldownPeriod").filter(|n| !n.is_null()).and_then(|n| int(cx, &f.path("cooldownPeriod"), n));
    a.polling_interval = f
        .get("pollingInterval")
        .filter(|n| !n.is_null())
        .and_then(|n| int(cx, &f.path("pollingInterval"), n));
    a
}

fn security_context(cx: &mut Cx, path: &str, node: &Node) -> SecurityContext {
    let f = fields(
        cx,
        path,
        node,
        &[
            "runAsNonRoot",
            "runAsUser",
            "runAsGroup",
            "readOnlyRootFilesystem",
            "allowPrivilegeEscalation",
            "capabilities",
            "seccompProfile",
        ],
    );
    let ob =
        |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|n| boolean(cx, &f.path(k), n));
    let oi = |cx: &mut Cx, k: &str| f.get(k).filter(|n| !n.is_null()).and_then(|n| int(cx, &f.path(k), n));
    let mut sc = SecurityContext {
        run_as_non_root: ob(cx, "runAsNonRoot"),
        run_as_user: oi(cx, "runAsUser"),
        run_as_group: oi(cx, "runAsGroup"),
        read_only_root_filesystem: ob(cx, "readOnlyRootFilesystem"),
        allow_privilege_escalation: ob(cx, "allowPrivilegeEscalation"),
        seccomp_profile: f
            .get("seccompProfile")
            .filter(|n| !n.is_null())
            .and_then(|_| f.str(cx, "seccompProfile")),
        ..SecurityContext::default()
    };
    if let Some(n) = f.get("capabilities") {
        let cf = fields(cx, &f.path("capabilities"), n, &["add", "drop"]);
        sc.capabilities_add = cf.strs(cx, "add");
        sc.capabilities_drop = cf.strs(cx, "drop");
    }
    sc
}

// ---------------------------------------------------------------------------------------
// resources, timers, balancers

fn resource(cx: &mut Cx, path: &str, node: &Node) -> Resource {
    let f = fields(cx, path, node, &["type", "image", "options"]);
    let mut r = Resource {
        kind: f.str(cx, "type").unwrap_or_default(),
        image: f.str(cx, "image").unwrap_or_default(),
        options: BTreeMap::new(),
    };
    if let Some(n) = f.get("options") {
        let of = fields(cx, &f.path("options"), n, &[]);
        for &(k, _) in &of.entries {
            if let Some(v) = of.str(cx, k) {
                r.options.insert(k.to_string(), v);
            }
        }
    }
    r
}

fn timer(cx: &mut Cx, path: &str, node: &Node) -> Timer {
    let f = fields(
        cx,
        path,
        node,
        &["command", "schedule", "service", "concurrency", "parallelCount", "annotations"],
    );
    Timer {
        command: f.str(cx, "command").unwrap_or_default(),
        schedule: f.str(cx, "schedule").unwrap_or_default(),
        service: f.str(cx, "service").unwrap_or_default(),
        concurrency: f.str(cx, "concurrency").unwrap_or_default(),
        parallel_count: f.int(cx, "parallelCount").unwrap_or_default(),
        annotations: f
            .get("annotations")
            .map(|n| annotations(cx, &f.path("annotations"), n, false))
            .unwrap_or_default(),
    }
}

fn balancer(cx: &mut Cx, path: &str, node: &Node) -> Balancer {
    let f = fields(cx, path, node, &["service", "ports", "whitelist", "annotations"]);
    let mut b = Balancer {
        service: f.str(cx, "service").unwrap_or_default(),
        annotations: f
            .get("annotations")
            .map(|n| annotations(cx, &f.path("annotations"), n, false))
            .unwrap_or_default(),
        ..Balancer::default()
    };
    if let Some(n) = f.get("ports") {
        let pf = fields(cx, &f.path("ports"), n, &[]);
        for &(listen, v) in &pf.entries {
            let pp = pf.path(listen);
            match &v.kind {
                Kind::Map(_) => {
                    let vf = fields(cx, &pp, v, &["port", "protocol"]);
                    b.ports.push(BalancerPort {
                        listen: listen.to_string(),
                        target: vf.int(cx, "port").unwrap_or_default(),
                        protocol: vf.str(cx, "protocol").unwrap_or_default(),
                    });
                }
                _ => {
                    if let Some(target) = int(cx, &pp, v) {
                        b.ports.push(BalancerPort {
                            listen: listen.to_string(),
                            target,
                            protocol: "TCP".into(),
                        });
                    }
                }
            }
        }
    }
    if let Some(n) = f.get("whitelist") {
        let wp = f.path("whitelist");
        b.whitelist = match &n.kind {
            Kind::Seq(_) => strings(cx, &wp, n),
            _ => match n.scalar() {
                Some(Scalar::Null) => Vec::new(),
                Some(Scalar::Str(s)) => {
                    s.split(',').map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect()
                }
                _ => {
                    cx.error(&wp, format!("unknown type for balancer whitelist: {}", go_type(n)));
                    Vec::new()
                }
            },
        };
    }
    b
}
