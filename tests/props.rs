//! Property tests: random *valid* convox.yml files (every section and most service keys, in
//! the forms the rack accepts) go through `analyze`, and every rendered object must
//! pass the checks the Kubernetes API server would make, re-implemented here in Rust:
//!
//! - the mapping reports no error for a valid manifest, and no warning other than "turn this
//!   rack setting on" (`convox rack params set …`);
//! - names (per kind), label keys and values, annotation keys, container/volume/port names
//!   follow apimachinery's validators; no two objects share kind, namespace and name;
//! - every Deployment/DaemonSet selector matches its pod template's labels; CronJob job
//!   templates carry no selector; every Service and PodDisruptionBudget selector matches the
//!   pod template of some workload in the output; every HPA targets a Deployment in it;
//! - every Secret, ConfigMap (and key), PVC, PV and ServiceAccount a pod or Ingress refers
//!   to exists in the output, except the ones the rack creates elsewhere (`EXTERNAL_*` below,
//!   each with the rack source that creates it);
//! - volume mounts name pod volumes, mount paths and port names are unique per container,
//!   requests do not exceed limits, probes and strategies have values the API accepts.
//!
//! The generator builds a small model of an app and renders it to YAML text, so the same
//! loader path as the CLI and the page is exercised (shorthands, quoting, defaults).
//! `PROPTEST_CASES` overrides the case count (default below, sized to run in well under 60 s
//! in a debug build).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use convox_k8s::mapping::Object;
use convox_k8s::{analyze, Analysis, Options};
use k8s_openapi::api::core::v1::{Container, PodSpec, Probe};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::prelude::*;
use proptest::sample::Index;

// ---------------------------------------------------------------------------------------
// the model of a valid app

#[derive(Debug, Clone)]
enum EnvEntry {
    /// `KEY=value`: a default.
    Default(String, String),
    /// `KEY`: required; the test supplies it in the release env.
    Required(String),
}

#[derive(Debug, Clone)]
enum PortForm {
    Int(u16),
    /// `"scheme:port"`.
    Str(&'static str, u16),
    /// `{port, scheme}`.
    Map(&'static str, u16),
}

impl PortForm {
    fn number(&self) -> u16 {
        match self {
            PortForm::Int(n) | PortForm::Str(_, n) | PortForm::Map(_, n) => *n,
        }
    }
}

#[derive(Debug, Clone)]
enum Health {
    Path(String),
    Map { path: String, grace: u32, interval: u32, timeout: u32, disable: bool },
}

/// `liveness`. successThreshold is always 1 when written: the API server requires it of
/// liveness and startup probes (any other value is an error, tested below).
#[derive(Debug, Clone)]
struct Liveness {
    path: String,
    timing: Option<(u32, u32, u32, u32)>,
}

#[derive(Debug, Clone)]
enum Startup {
    Path(String, Option<u32>),
    Tcp(Option<u32>),
}

#[derive(Debug, Clone, Copy)]
enum Auto {
    /// `scale.autoscale.cpu.threshold`: a ScaledObject on a KEDA rack.
    Autoscale(u32),
    /// `scale.keda.triggers`, an SQS queue: a ScaledObject, and on AWS the rack's
    /// TriggerAuthentication.
    SqsTrigger(u32),
    /// `scale.vpa`: a VerticalPodAutoscaler on a VPA rack.
    Vpa(&'static str),
}

#[derive(Debug, Clone)]
enum Scale {
    Count(u32),
    Range(u32, u32),
    Map {
        count: Option<(u32, u32)>,
        cpu: u32,
        memory: u32,
        limit: Option<(u32, u32)>,
        targets: (u32, u32),
        /// Who scales besides the targets: a KEDA autoscale, KEDA triggers, or the VPA.
        auto: Option<Auto>,
    },
    Gpu {
        count: u32,
        vendor: &'static str,
    },
}

#[derive(Debug, Clone)]
enum VolumeOption {
    EmptyDir {
        medium: bool,
        size: Option<u32>,
    },
    AwsEfs {
        mode: &'static str,
        handle: Option<String>,
    },
    /// Warned about on the emulated AWS rack (its promote refuses it), and rendered as an Azure
    /// rack does: the pod's claim must be in the output all the same.
    AzureFiles {
        mode: &'static str,
        size: Option<u32>,
    },
}

#[derive(Debug, Clone)]
enum ShortVolume {
    /// `/path`: a service volume mounted at the same path.
    Service,
    /// `from:to`: an app-wide volume.
    Shared,
    /// A host path the rack mounts as hostPath.
    System,
}

#[derive(Debug, Clone)]
struct Security {
    non_root: bool,
    user: u32,
    read_only: bool,
    seccomp: &'static str,
}

#[derive(Debug, Clone)]
struct Svc {
    word: String,
    port: Option<PortForm>,
    /// Extra ports: distinct numbers, protocol `tcp`, `udp` or none.
    ports: Vec<(u16, &'static str)>,
    agent: bool,
    /// 0: public, 1: internal, 2: internalRouter.
    exposure: u8,
    domains: Vec<String>,
    health: Option<Health>,
    liveness: Option<Liveness>,
    startup: Option<Startup>,
    grpc_health: bool,
    scale: Option<Scale>,
    env: Vec<EnvEntry>,
    labels: Vec<(String, String)>,
    annotations: Vec<(String, String)>,
    ingress_annotations: Vec<(String, String)>,
    /// Links to resources, optionally `name:ENV_NAME`.
    links: Vec<(Index, Option<String>)>,
    volumes: Vec<ShortVolume>,
    volume_options: Vec<VolumeOption>,
    config_mounts: Vec<Index>,
    init_container: Option<(bool, String)>,
    pull_secrets: Vec<bool>,
    security: Option<Security>,
    deployment: Option<(u32, u32)>,
    flags: Flags,
}

#[derive(Debug, Clone)]
struct Flags {
    sticky: bool,
    privileged: bool,
    singleton: bool,
    init: Option<bool>,
    grace: Option<u32>,
    timeout: Option<u32>,
    redirect: Option<bool>,
    whitelist: bool,
    certificate: (bool, bool),
    ndots: Option<u32>,
    node_selector: Option<String>,
    affinity: Option<(String, u32)>,
    lifecycle: bool,
    command: Option<String>,
    image: bool,
    policy_arns: bool,
}

#[derive(Debug, Clone)]
struct Res {
    word: String,
    kind: &'static str,
    version: bool,
    storage: Option<u32>,
    size: Option<(u32, u32)>,
    /// The release env sets `<NAME>_URL`, so only a masked ConfigMap is rendered.
    masked: bool,
}

#[derive(Debug, Clone)]
struct TimerSpec {
    word: String,
    service: Index,
    schedule: &'static str,
    command: String,
    concurrency: Option<&'static str>,
    parallel: Option<u32>,
    annotations: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct BalancerSpec {
    word: String,
    service: Index,
    /// listen port → target (taken from the service's ports when it has any).
    ports: Vec<(u16, Index, bool)>,
    whitelist: Vec<&'static str>,
    annotations: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct App {
    env: Vec<EnvEntry>,
    labels: Vec<(String, String)>,
    configs: usize,
    resources: Vec<Res>,
    services: Vec<Svc>,
    timers: Vec<TimerSpec>,
    balancers: Vec<BalancerSpec>,
}

// ---------------------------------------------------------------------------------------
// strategies

/// A lowercase word that starts with a letter; uniqueness comes from an index suffix.
fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}"
}

/// Label and annotation keys that are valid qualified names and not reserved by the rack
/// (`system, rack, app, name, service, release, type`) nor used by its own labels.
fn label_key() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(vec!["convox.com", "example.io", "team.acme.dev"])),
        "[a-z][a-z0-9._-]{0,10}[a-z0-9]",
    )
        .prop_filter("not a rack label", |(_, n)| {
            !matches!(
                n.as_str(),
                "system"
                    | "rack"
                    | "app"
                    | "name"
                    | "service"
                    | "release"
                    | "type"
                    | "provider"
                    | "atom"
                    | "resource"
                    | "kind"
                    | "timer"
                    | "provisioner"
            )
        })
        .prop_map(|(p, n)| p.map_or(n.clone(), |p| format!("{p}/{n}")))
}

/// Whether YAML 1.1 reads `v` printed bare as a string: the rack's templates print node selector
/// and affinity values unquoted, so `N`, `yes` or `0` are refused (an error: the
/// unquoted-node-values fixture). Conservative: nothing starting with a digit or a dot.
fn bare_string(v: &str) -> bool {
    const WORDS: [&str; 27] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
        "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "",
    ];
    !WORDS.contains(&v) && !v.starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

fn label_value() -> impl Strategy<Value = String> {
    "([A-Za-z0-9]([A-Za-z0-9._-]{0,12}[A-Za-z0-9])?)?"
}

/// Printable ASCII without `$` and `&`: a `${` anywhere would start an interpolation that runs
/// to the next `}`, even lines later, and the rack HTML-unescapes what it
/// renders, so `&copy` in a command or annotation is a warning (the rack-html-unescape fixture):
/// neither is what these values test.
const PRINTABLE_20: &str = "[ -#%'-~]{0,20}";
const PRINTABLE_16: &str = "[ -#%'-~]{0,16}";

fn labels() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(label_key(), label_value(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn annotations() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(label_key(), PRINTABLE_20, 0..3).prop_map(|m| m.into_iter().collect())
}

fn env_entries(prefix: &'static str) -> impl Strategy<Value = Vec<EnvEntry>> {
    prop::collection::vec(
        ("[A-Z][A-Z0-9_]{0,8}", prop::option::of(PRINTABLE_16)).prop_map(move |(k, v)| match v {
            Some(v) => EnvEntry::Default(format!("{prefix}{k}"), v),
            None => EnvEntry::Required(format!("{prefix}{k}")),
        }),
        0..3,
    )
}

/// Uniform ranges rarely hit their ends, so the ends are weighted in explicitly.
fn port_number() -> impl Strategy<Value = u16> {
    prop_oneof![1 => Just(1u16), 1 => Just(65535u16), 8 => 1u16..=65535]
}

fn port_form() -> impl Strategy<Value = PortForm> {
    prop_oneof![
        3 => port_number().prop_map(PortForm::Int),
        1 => (prop::sample::select(vec!["http", "https", "grpc"]), port_number()).prop_map(|(s, n)| PortForm::Str(s, n)),
        1 => (prop::sample::select(vec!["http", "https"]), port_number()).prop_map(|(s, n)| PortForm::Map(s, n)),
    ]
}

fn health() -> impl Strategy<Value = Health> {
    prop_oneof![
        "/[a-z]{0,8}".prop_map(Health::Path),
        ("/[a-z]{0,8}", 0u32..30, 0u32..30, 0u32..30, any::<bool>()).prop_map(
            |(path, grace, interval, timeout, disable)| {
                Health::Map { path, grace, interval, timeout, disable }
            }
        ),
    ]
}

/// A count range from 0 (`0-3`) gives an HPA with minReplicas 0, which the API server
/// rejects: an error, tested below, so not a valid manifest.
const RANGE_FROM_ZERO: &str = "a range from 0";

fn scale() -> impl Strategy<Value = Scale> {
    prop_oneof![
        (0u32..5).prop_map(Scale::Count),
        (0u32..4, 0u32..6)
            .prop_filter(RANGE_FROM_ZERO, |&(a, d)| a > 0 || d == 0)
            .prop_map(|(a, d)| Scale::Range(a, a + d)),
        (
            prop::option::of(
                (0u32..4, 0u32..6)
                    .prop_filter(RANGE_FROM_ZERO, |&(a, d)| a > 0 || d == 0)
                    .prop_map(|(a, d)| (a, a + d))
            ),
            1u32..4000,
            1u32..8192,
            prop::option::of((0u32..2000, 0u32..4096)),
            (0u32..=100, 0u32..=100),
            prop_oneof![
                Just(None),
                (1u32..100).prop_map(|t| Some(Auto::Autoscale(t))),
                (1u32..50).prop_map(|n| Some(Auto::SqsTrigger(n))),
                prop::sample::select(vec!["Off", "Initial", "Recreate"]).prop_map(|m| Some(Auto::Vpa(m))),
            ],
        )
            .prop_map(|(count, cpu, memory, extra, targets, auto)| Scale::Map {
                count,
                cpu,
                memory,
                // Limits at least the requests: a smaller limit is a load error (the rack's `Validate`).
                limit: extra.map(|(c, m)| (cpu + c, memory + m)),
                targets,
                auto,
            }),
        (1u32..4, prop::sample::select(vec!["nvidia", "amd"]))
            .prop_map(|(count, vendor)| Scale::Gpu { count, vendor }),
    ]
}

fn volume_option() -> impl Strategy<Value = VolumeOption> {
    let mode = || prop::sample::select(vec!["ReadWriteMany", "ReadOnlyMany", "ReadWriteOnce"]);
    prop_oneof![
        (any::<bool>(), prop::option::of(1u32..512))
            .prop_map(|(medium, size)| VolumeOption::EmptyDir { medium, size }),
        (mode(), prop::option::of("fsap-[0-9a-f]{8}"))
            .prop_map(|(mode, handle)| VolumeOption::AwsEfs { mode, handle }),
        (mode(), prop::option::of(100u32..1000))
            .prop_map(|(mode, size)| VolumeOption::AzureFiles { mode, size }),
    ]
}

fn short_volume() -> impl Strategy<Value = ShortVolume> {
    prop_oneof![Just(ShortVolume::Service), Just(ShortVolume::Shared), Just(ShortVolume::System)]
}

fn flags() -> impl Strategy<Value = Flags> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), prop::option::of(any::<bool>())),
        (
            prop::option::of(0u32..120),
            prop::option::of(1u32..600),
            prop::option::of(any::<bool>()),
            any::<bool>(),
        ),
        ((any::<bool>(), any::<bool>()), prop::option::of(1u32..10)),
        (
            prop::option::of(label_value().prop_filter("a string to YAML", |v| bare_string(v))),
            prop::option::of((label_value().prop_filter("a string to YAML", |v| bare_string(v)), 1u32..=100)),
        ),
        (any::<bool>(), prop::option::of("[a-z]{1,6}( [a-z0-9-]{1,6}){0,2}"), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (sticky, privileged, singleton, init),
                (grace, timeout, redirect, whitelist),
                (certificate, ndots),
                (node_selector, affinity),
                (lifecycle, command, image, policy_arns),
            )| Flags {
                sticky,
                privileged,
                singleton,
                init,
                grace,
                timeout,
                redirect,
                whitelist,
                certificate,
                ndots,
                node_selector,
                affinity,
                lifecycle,
                command,
                image,
                policy_arns,
            },
        )
}

prop_compose! {
    fn service()(
        (word, port, ports, agent, exposure) in (
            word(),
            prop::option::of(port_form()),
            prop::collection::btree_map(port_number(), prop::sample::select(vec!["tcp", "udp", ""]), 0..3),
            prop::bool::weighted(0.2),
            0u8..3,
        ),
        (domains, health, liveness, startup, grpc_health, scale) in (
            prop::collection::vec("[a-z]{1,8}\\.example\\.(com|org)", 0..3),
            prop::option::of(health()),
            prop::option::of(("/[a-z]{1,8}", prop::option::of((0u32..30, 1u32..30, 1u32..30, 1u32..10)))
                .prop_map(|(path, timing)| Liveness { path, timing })),
            prop::option::of(prop_oneof![
                ("/[a-z]{1,8}", prop::option::of(1u32..200)).prop_map(|(p, f)| Startup::Path(p, f)),
                prop::option::of(1u32..200).prop_map(Startup::Tcp),
            ]),
            any::<bool>(),
            prop::option::of(scale()),
        ),
        (env, labels, annotations, ingress_annotations) in (env_entries("S_"), labels(), annotations(), annotations()),
        (links, volumes, volume_options, config_mounts) in (
            prop::collection::vec((any::<Index>(), prop::option::of("[A-Z]{1,6}_(URL|HOST|PORT|USER|PASS|NAME)")), 0..3),
            prop::collection::vec(short_volume(), 0..3),
            prop::collection::vec(volume_option(), 0..3),
            prop::collection::vec(any::<Index>(), 0..3),
        ),
        (init_container, pull_secrets, security, deployment) in (
            prop::option::of((any::<bool>(), "[a-z]{1,8}")),
            prop::collection::vec(any::<bool>(), 0..3),
            prop::option::of((any::<bool>(), 1u32..65535, any::<bool>(), prop::sample::select(vec!["", "RuntimeDefault", "Unconfined"]))
                .prop_map(|(non_root, user, read_only, seccomp)| Security { non_root, user, read_only, seccomp })),
            prop::option::of(prop_oneof![
                // minimum 100 with maximum 100 makes both maxUnavailable and maxSurge 0%, which
                // the API server rejects: an error, tested below, so not a valid manifest.
                1 => Just((99u32, 100u32)),
                1 => Just((100, 101)),
                1 => Just((0, 100)),
                1 => Just((100, 200)),
                3 => (0u32..=100, 100u32..=200).prop_filter("not 100/100", |&(a, b)| (a, b) != (100, 100)),
            ]),
        ),
        flags in flags(),
    ) -> Svc {
        // The rack drops an extra port equal to `port` (tcp or no protocol), so keep them apart.
        let main = port.as_ref().map(PortForm::number);
        let ports = ports.into_iter().filter(|(n, _)| Some(*n) != main).collect();
        // A domain without a port makes no Ingress (a warning): valid manifests pair them.
        let domains = if port.is_some() { domains } else { Vec::new() };
        Svc {
            word, port, ports, agent, exposure, domains, health, liveness, startup, grpc_health, scale, env, labels, annotations,
            ingress_annotations, links, volumes, volume_options, config_mounts, init_container, pull_secrets,
            security, deployment, flags,
        }
    }
}

fn resource() -> impl Strategy<Value = Res> {
    (
        "[a-z]{1,6}",
        prop::sample::select(convox_k8s::manifest::RESOURCE_TYPES.to_vec()),
        any::<bool>(),
        prop::option::of(1u32..200),
        prop::option::of((100u32..4000, 256u32..8192)),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(word, kind, version, storage, size, masked)| Res {
            word,
            kind,
            version,
            storage,
            size,
            masked,
        })
}

fn timer() -> impl Strategy<Value = TimerSpec> {
    (
        word(),
        any::<Index>(),
        prop::sample::select(vec!["0 * * * *", "*/5 * * * *", "0 3 * * ?", "*/1 * * * ? *", "15 2 1 * *"]),
        "[a-z]{1,8}( [a-z0-9]{1,4}){0,2}",
        prop::option::of(prop::sample::select(vec!["forbid", "Forbid", "allow", "replace"])),
        prop::option::of(0u32..5),
        annotations(),
    )
        .prop_map(|(word, service, schedule, command, concurrency, parallel, annotations)| TimerSpec {
            word,
            service,
            schedule,
            command,
            concurrency,
            parallel,
            annotations,
        })
}

fn balancer() -> impl Strategy<Value = BalancerSpec> {
    (
        word(),
        any::<Index>(),
        prop::collection::btree_map(port_number(), (any::<Index>(), any::<bool>()), 1..3),
        prop::sample::subsequence(vec!["10.0.0.0/16", "192.168.1.0/24", "0.0.0.0/0"], 0..3),
        annotations(),
    )
        .prop_map(|(word, service, ports, whitelist, annotations)| BalancerSpec {
            word,
            service,
            ports: ports.into_iter().map(|(l, (t, map))| (l, t, map)).collect(),
            whitelist,
            annotations,
        })
}

fn app() -> impl Strategy<Value = App> {
    (
        env_entries("A_"),
        labels(),
        0usize..3,
        prop::collection::vec(resource(), 0..4),
        prop::collection::vec(service(), 0..5),
        prop::collection::vec(timer(), 0..3),
        prop::collection::vec(balancer(), 0..2),
    )
        .prop_map(|(env, labels, configs, resources, services, timers, balancers)| App {
            env,
            labels,
            configs,
            resources,
            services,
            timers,
            balancers,
        })
}

// ---------------------------------------------------------------------------------------
// rendering the model as convox.yml

/// Names: a word plus an index suffix keeps them unique and valid. Resources get a letter
/// suffix because the rack strips digits from resource object names (`k8sname`).
fn service_name(app: &App, i: usize) -> String {
    format!("{}-{i}", app.services[i].word)
}

fn resource_name(app: &App, i: usize) -> String {
    format!("{}-{}", app.resources[i].word, (b'a' + i as u8) as char)
}

fn timer_name(app: &App, i: usize) -> String {
    format!("{}-{i}", app.timers[i].word)
}

fn balancer_name(app: &App, i: usize) -> String {
    format!("{}-{i}", app.balancers[i].word)
}

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn env_line(e: &EnvEntry) -> String {
    match e {
        EnvEntry::Default(k, v) => q(&format!("{k}={v}")),
        EnvEntry::Required(k) => q(k),
    }
}

fn pairs_list(out: &mut String, indent: &str, key: &str, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{key}:");
    for (k, v) in pairs {
        let _ = writeln!(out, "{indent}  - {}", q(&format!("{k}={v}")));
    }
}

fn pairs_map(out: &mut String, indent: &str, key: &str, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{key}:");
    for (k, v) in pairs {
        let _ = writeln!(out, "{indent}  {}: {}", q(k), q(v));
    }
}

/// The convox.yml text and the release env the app needs (required variables, masking,
/// pull-secret passwords).
fn render(app: &App) -> (String, BTreeMap<String, String>) {
    let mut env = BTreeMap::new();
    let mut y = String::new();
    let required = |e: &EnvEntry, env: &mut BTreeMap<String, String>| {
        if let EnvEntry::Required(k) = e {
            env.insert(k.clone(), "from-the-release".to_string());
        }
    };
    if !app.env.is_empty() {
        y.push_str("environment:\n");
        for e in &app.env {
            required(e, &mut env);
            let _ = writeln!(y, "  - {}", env_line(e));
        }
    }
    pairs_map(&mut y, "", "labels", &app.labels);
    if app.configs > 0 {
        y.push_str("configs:\n");
        for i in 0..app.configs {
            let _ = writeln!(y, "  - id: settings-{i}\n    value: {}", q(&format!("{{\"n\": {i}}}")));
        }
    }
    if !app.resources.is_empty() {
        y.push_str("resources:\n");
        for (i, r) in app.resources.iter().enumerate() {
            let name = resource_name(app, i);
            let _ = writeln!(y, "  {name}:\n    type: {}", r.kind);
            let mut options = Vec::new();
            if r.version {
                options.push(("version", "\"13\"".to_string()));
            }
            if let Some(s) = r.storage {
                options.push(("storage", s.to_string()));
            }
            if let Some((cpu, mem)) = r.size {
                options.push(("cpu", cpu.to_string()));
                options.push(("mem", mem.to_string()));
            }
            if !options.is_empty() {
                y.push_str("    options:\n");
                for (k, v) in options {
                    let _ = writeln!(y, "      {k}: {v}");
                }
            }
            if r.masked {
                env.insert(
                    format!("{}_URL", name.to_uppercase().replace('-', "_")),
                    "postgres://elsewhere:5432/db".into(),
                );
            }
        }
    }
    if !app.services.is_empty() {
        y.push_str("services:\n");
        for i in 0..app.services.len() {
            render_service(app, i, &mut y, &mut env);
        }
    }
    if !app.services.is_empty() && !app.timers.is_empty() {
        y.push_str("timers:\n");
        for (i, t) in app.timers.iter().enumerate() {
            let service = service_name(app, t.service.index(app.services.len()));
            let _ = writeln!(y, "  {}:", timer_name(app, i));
            let _ = writeln!(
                y,
                "    schedule: {}\n    command: {}\n    service: {service}",
                q(t.schedule),
                q(&t.command)
            );
            if let Some(c) = t.concurrency {
                let _ = writeln!(y, "    concurrency: {c}");
            }
            if let Some(p) = t.parallel {
                let _ = writeln!(y, "    parallelCount: {p}");
            }
            pairs_list(&mut y, "    ", "annotations", &t.annotations);
        }
    }
    if !app.services.is_empty() && !app.balancers.is_empty() {
        y.push_str("balancers:\n");
        for (i, b) in app.balancers.iter().enumerate() {
            let si = b.service.index(app.services.len());
            let svc = &app.services[si];
            let targets: Vec<u16> =
                svc.port.iter().map(PortForm::number).chain(svc.ports.iter().map(|p| p.0)).collect();
            let _ = writeln!(
                y,
                "  {}:\n    service: {}\n    ports:",
                balancer_name(app, i),
                service_name(app, si)
            );
            for (listen, target, map) in &b.ports {
                let target = if targets.is_empty() { *listen } else { targets[target.index(targets.len())] };
                if *map {
                    let _ = writeln!(y, "      {listen}:\n        port: {target}\n        protocol: TCP");
                } else {
                    let _ = writeln!(y, "      {listen}: {target}");
                }
            }
            if !b.whitelist.is_empty() {
                y.push_str("    whitelist:\n");
                for w in &b.whitelist {
                    let _ = writeln!(y, "      - {w}");
                }
            }
            pairs_list(&mut y, "    ", "annotations", &b.annotations);
        }
    }
    (y, env)
}

fn render_service(app: &App, i: usize, y: &mut String, env: &mut BTreeMap<String, String>) {
    let s = &app.services[i];
    let f = &s.flags;
    let _ = writeln!(y, "  {}:", service_name(app, i));
    if f.image {
        let _ = writeln!(y, "    image: registry.example.com/acme/{}:1.0", s.word);
    } else {
        y.push_str("    build: .\n");
    }
    if let Some(c) = &f.command {
        let _ = writeln!(y, "    command: {}", q(c));
    }
    match &s.port {
        Some(PortForm::Int(n)) => _ = writeln!(y, "    port: {n}"),
        Some(PortForm::Str(scheme, n)) => _ = writeln!(y, "    port: \"{scheme}:{n}\""),
        Some(PortForm::Map(scheme, n)) => {
            _ = writeln!(y, "    port:\n      port: {n}\n      scheme: {scheme}")
        }
        None => {}
    }
    if !s.ports.is_empty() {
        y.push_str("    ports:\n");
        for (n, proto) in &s.ports {
            match *proto {
                "" => _ = writeln!(y, "      - {n}"),
                p => _ = writeln!(y, "      - \"{n}/{p}\""),
            }
        }
    }
    if s.agent {
        y.push_str("    agent: true\n");
    }
    match s.exposure {
        1 => y.push_str("    internal: true\n"),
        2 => y.push_str("    internalRouter: true\n"),
        _ => {}
    }
    if !s.domains.is_empty() {
        y.push_str("    domain:\n");
        for d in &s.domains {
            let _ = writeln!(y, "      - {d}");
        }
    }
    match &s.health {
        Some(Health::Path(p)) => _ = writeln!(y, "    health: {}", q(p)),
        Some(Health::Map { path, grace, interval, timeout, disable }) => _ = writeln!(
            y,
            "    health:\n      path: {}\n      grace: {grace}\n      interval: {interval}\n      timeout: {timeout}\n      disable: {disable}",
            q(path)
        ),
        None => {}
    }
    if let Some(l) = &s.liveness {
        let _ = writeln!(y, "    liveness:\n      path: {}", q(&l.path));
        if let Some((grace, interval, timeout, failure)) = l.timing {
            let _ = writeln!(
                y,
                "      grace: {grace}\n      interval: {interval}\n      timeout: {timeout}\n      successThreshold: 1\n      failureThreshold: {failure}"
            );
        }
    }
    match &s.startup {
        Some(Startup::Path(p, failure)) => {
            let _ = writeln!(y, "    startupProbe:\n      path: {}", q(p));
            if let Some(f) = failure {
                let _ = writeln!(y, "      failureThreshold: {f}");
            }
        }
        Some(Startup::Tcp(failure)) => {
            let port = s.port.as_ref().map_or(8080, PortForm::number);
            let _ = writeln!(y, "    startupProbe:\n      tcpSocketPort: \"{port}\"");
            if let Some(f) = failure {
                let _ = writeln!(y, "      failureThreshold: {f}");
            }
        }
        None => {}
    }
    if s.grpc_health {
        y.push_str("    grpcHealthEnabled: true\n");
    }
    match &s.scale {
        Some(Scale::Count(n)) => _ = writeln!(y, "    scale: {n}"),
        Some(Scale::Range(a, b)) => _ = writeln!(y, "    scale: \"{a}-{b}\""),
        Some(Scale::Map { count, cpu, memory, limit, targets, auto }) => {
            y.push_str("    scale:\n");
            if let Some((a, b)) = count {
                let _ = writeln!(y, "      count: {a}-{b}");
            }
            let _ = writeln!(y, "      cpu: {cpu}\n      memory: {memory}");
            if let Some((c, m)) = limit {
                let _ = writeln!(y, "      limit:\n        cpu: {c}\n        memory: {m}");
            }
            let _ = writeln!(y, "      targets:\n        cpu: {}\n        memory: {}", targets.0, targets.1);
            match auto {
                // Only with a count range (a fixed count is an error with autoscaling: the rack's
                // own check), from 1 for the cpu scaler (KEDA's cpu scaler is always active, so a
                // minimum of 0 never scales to zero: an error too).
                Some(Auto::Autoscale(t)) if count.is_some_and(|(a, b)| a > 0 && b > a) => {
                    _ = writeln!(y, "      autoscale:\n        cpu:\n          threshold: {t}")
                }
                Some(Auto::SqsTrigger(n)) if count.is_some_and(|(a, b)| b > a) => _ = writeln!(
                    y,
                    "      keda:\n        triggers:\n          - type: aws-sqs-queue\n            metadata:\n              \
                     queueURL: https://sqs.us-east-1.amazonaws.com/123456789012/jobs\n              queueLength: \"{n}\""
                ),
                Some(Auto::Vpa(mode)) => _ = writeln!(y, "      vpa:\n        updateMode: {mode}"),
                Some(Auto::Autoscale(_) | Auto::SqsTrigger(_)) | None => {}
            }
        }
        Some(Scale::Gpu { count, vendor }) => {
            let _ = writeln!(y, "    scale:\n      gpu:\n        count: {count}\n        vendor: {vendor}");
        }
        None => {}
    }
    if !s.env.is_empty() {
        y.push_str("    environment:\n");
        for e in &s.env {
            if let EnvEntry::Required(k) = e {
                env.insert(k.clone(), "from-the-release".to_string());
            }
            let _ = writeln!(y, "      - {}", env_line(e));
        }
    }
    pairs_map(y, "    ", "labels", &s.labels);
    pairs_list(y, "    ", "annotations", &s.annotations);
    pairs_list(y, "    ", "ingressAnnotations", &s.ingress_annotations);
    if !app.resources.is_empty() && !s.links.is_empty() {
        // One link per resource: a second link of the same resource would only repeat env.
        let mut seen = BTreeSet::new();
        y.push_str("    resources:\n");
        for (r, env_name) in &s.links {
            let r = r.index(app.resources.len());
            if !seen.insert(r) {
                continue;
            }
            match env_name {
                Some(e) => _ = writeln!(y, "      - \"{}:{e}\"", resource_name(app, r)),
                None => _ = writeln!(y, "      - {}", resource_name(app, r)),
            }
        }
    }
    if !s.volumes.is_empty() {
        y.push_str("    volumes:\n");
        let mut system = false;
        for (k, v) in s.volumes.iter().enumerate() {
            match v {
                ShortVolume::Service => _ = writeln!(y, "      - /data{k}"),
                ShortVolume::Shared => _ = writeln!(y, "      - shared{k}:/srv/shared{k}"),
                // One host mount per path: a second would repeat the mount path.
                ShortVolume::System if !system => {
                    system = true;
                    y.push_str("      - /var/run/docker.sock:/var/run/docker.sock\n");
                }
                ShortVolume::System => _ = writeln!(y, "      - /other{k}"),
            }
        }
    }
    if !s.volume_options.is_empty() {
        y.push_str("    volumeOptions:\n");
        for (k, o) in s.volume_options.iter().enumerate() {
            match o {
                VolumeOption::EmptyDir { medium, size } => {
                    let _ = writeln!(
                        y,
                        "      - emptyDir:\n          id: scratch-{k}\n          mountPath: /mnt/ed{k}"
                    );
                    if *medium {
                        y.push_str("          medium: Memory\n");
                    }
                    if let Some(size) = size {
                        let _ = writeln!(y, "          sizeLimit: {size}Mi");
                    }
                }
                VolumeOption::AwsEfs { mode, handle } => {
                    let _ = writeln!(
                        y,
                        "      - awsEfs:\n          id: shared-{k}\n          accessMode: {mode}\n          mountPath: /mnt/efs{k}"
                    );
                    if let Some(h) = handle {
                        let _ = writeln!(y, "          volumeHandle: {h}");
                    }
                }
                VolumeOption::AzureFiles { mode, size } => {
                    let _ = writeln!(
                        y,
                        "      - azureFiles:\n          id: files-{k}\n          accessMode: {mode}\n          mountPath: /mnt/az{k}"
                    );
                    if let Some(s) = size {
                        let _ = writeln!(y, "          shareSize: {s}Gi");
                    }
                }
            }
        }
    }
    if app.configs > 0 && !s.config_mounts.is_empty() {
        let ids: BTreeSet<usize> = s.config_mounts.iter().map(|c| c.index(app.configs)).collect();
        y.push_str("    configMounts:\n");
        for id in ids {
            let _ = writeln!(
                y,
                "      - id: settings-{id}\n        dir: /etc/config{id}\n        filename: settings.json"
            );
        }
    }
    if let Some((image, command)) = &s.init_container {
        y.push_str("    initContainer:\n");
        if *image {
            y.push_str("      image: busybox:1.36\n");
        }
        let _ = writeln!(y, "      command: {}", q(command));
    }
    if !s.pull_secrets.is_empty() {
        y.push_str("    imagePullSecrets:\n");
        for (k, from_env) in s.pull_secrets.iter().enumerate() {
            let _ =
                writeln!(y, "      - registry: registry{k}.example.com:5000\n        username: deploy{k}");
            if *from_env {
                let var = format!("PULL_TOKEN_{k}");
                let _ = writeln!(y, "        passwordEnv: {var}");
                env.insert(var, "t0ken".into());
            } else {
                y.push_str("        password: s3cret\n");
            }
        }
    }
    if let Some(sec) = &s.security {
        let _ = writeln!(
            y,
            "    securityContext:\n      runAsNonRoot: {}\n      runAsUser: {}\n      readOnlyRootFilesystem: {}\n      capabilities:\n        drop:\n          - ALL\n        add:\n          - NET_BIND_SERVICE",
            sec.non_root, sec.user, sec.read_only
        );
        if !sec.seccomp.is_empty() {
            let _ = writeln!(y, "      seccompProfile: {}", sec.seccomp);
        }
    }
    if let Some((min, max)) = s.deployment {
        let _ = writeln!(y, "    deployment:\n      minimum: {min}\n      maximum: {max}");
    }
    if f.sticky {
        y.push_str("    sticky: true\n");
    }
    if f.privileged {
        y.push_str("    privileged: true\n");
    }
    if f.singleton {
        y.push_str("    singleton: true\n");
    }
    if let Some(init) = f.init {
        let _ = writeln!(y, "    init: {init}");
    }
    if let Some(g) = f.grace {
        let _ = writeln!(y, "    termination:\n      grace: {g}");
    }
    if let Some(t) = f.timeout {
        let _ = writeln!(y, "    timeout: {t}");
    }
    if let Some(r) = f.redirect {
        let _ = writeln!(y, "    tls:\n      redirect: {r}");
    }
    if f.whitelist {
        y.push_str("    whitelist: \"10.0.0.0/16,192.168.1.0/24\"\n");
    }
    match f.certificate {
        (false, false) => {}
        (id, duration) => {
            y.push_str("    certificate:\n");
            if id {
                let _ = writeln!(y, "      id: tls-{}", service_name(app, i));
            }
            if duration {
                y.push_str("      duration: 2160h\n");
            }
        }
    }
    if let Some(n) = f.ndots {
        let _ = writeln!(y, "    dnsConfig:\n      ndots: {n}");
    }
    if let Some(v) = &f.node_selector {
        let _ = writeln!(y, "    nodeSelectorLabels:\n      convox.io/label: {}", q(v));
    }
    if let Some((v, w)) = &f.affinity {
        let _ = writeln!(
            y,
            "    nodeAffinityLabels:\n      - label: node.kubernetes.io/instance-type\n        value: {}\n        weight: {w}",
            q(v)
        );
    }
    if f.lifecycle {
        y.push_str(
            "    lifecycle:\n      preStop: \"sleep 5\"\n      postStart: /bin/sh -c \"echo started\"\n",
        );
    }
    if f.policy_arns {
        y.push_str("    accessControl:\n      awsPodIdentity:\n        policyArns:\n          - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\n");
    }
}

// ---------------------------------------------------------------------------------------
// apimachinery's validators (k8s.io/apimachinery/pkg/util/validation), re-implemented so a
// bug in the core's own checks (src/mapping/check.rs) cannot hide a bad object

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns_label)
}

fn is_label_value(v: &str) -> bool {
    v.is_empty()
        || (v.len() <= 63
            && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.ends_with(|c: char| c.is_ascii_alphanumeric()))
}

fn is_qualified_name(k: &str) -> bool {
    let (prefix, name) = match k.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    prefix.is_none_or(is_subdomain) && !name.is_empty() && is_label_value(name)
}

/// IANA_SVC_NAME: a container or Service port name.
fn is_port_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 15
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_lowercase())
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// An environment variable name as the API server validated it before 1.32 relaxed it (the
/// stricter rule, so output is valid on every supported cluster).
fn is_env_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_'))
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// A quantity's value in milli-units, for comparing requests with limits: the suffixes the
/// rack writes (`m`, `Ki`/`Mi`/`Gi`/`Ti`, `k`/`M`/`G`, or none).
fn milli(q: &Quantity) -> Option<u128> {
    let s = q.0.as_str();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, suffix) = s.split_at(split);
    let n: u128 = digits.parse().ok()?;
    let factor: u128 = match suffix {
        "m" => 1,
        "" => 1_000,
        "k" => 1_000_000,
        "M" => 1_000_000_000,
        "G" => 1_000_000_000_000,
        "Ki" => 1_000 << 10,
        "Mi" => 1_000 << 20,
        "Gi" => 1_000 << 30,
        "Ti" => 1_000 << 40,
        _ => return None,
    };
    Some(n * factor)
}

// ---------------------------------------------------------------------------------------
// references the rack satisfies outside the rendered release

/// ConfigMap `ca`: rendered by the rack only when a `ca` Secret exists in the rack namespace,
/// and mounted `optional: true` into every pod (`ca.yml.tmpl`, `service.yml.tmpl`).
const EXTERNAL_CONFIG_MAPS: &[&str] = &["ca"];

/// Ingress TLS Secrets `cert-<service>` and `cert-<service>-domains` are issued by
/// cert-manager from the Ingress annotations, not applied by the release (`ingress.yml.tmpl`).
fn is_cert_manager_secret(name: &str, services: &BTreeSet<String>) -> bool {
    name.strip_prefix("cert-").is_some_and(|rest| {
        services.contains(rest) || rest.strip_suffix("-domains").is_some_and(|s| services.contains(s))
    })
}

/// Timer pods mount short-form `volumes` as PVCs named like the volume,
/// `<rack>-<app>-<40 hex>`, which the release does not create (`timer.yml.tmpl`
/// "Short-form volumes become a PVC named <volumeName>"; the CronJob's notes say so).
/// Longer than 63 characters, the name is cut to 62, so fewer hex digits may remain.
fn is_timer_volume_claim(name: &str, namespace: &str) -> bool {
    let full = name.len() == namespace.len() + 41;
    name.strip_prefix(namespace).and_then(|rest| rest.strip_prefix('-')).is_some_and(|hex| {
        (full || name.len() == 62) && hex.len() <= 40 && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

// ---------------------------------------------------------------------------------------
// the invariants

/// What the output defines, for reference checks.
#[derive(Default)]
struct Defined {
    secrets: BTreeMap<String, BTreeSet<String>>,
    config_maps: BTreeMap<String, BTreeSet<String>>,
    claims: BTreeSet<String>,
    volumes: BTreeSet<String>,
    accounts: BTreeSet<String>,
    deployments: BTreeSet<String>,
    /// Service name → its port names and numbers.
    services: BTreeMap<String, (BTreeSet<String>, BTreeSet<i32>)>,
    /// Pod template labels of every workload.
    pod_labels: Vec<BTreeMap<String, String>>,
}

fn defined(objects: &[&Object]) -> Defined {
    let mut d = Defined::default();
    for o in objects {
        let name = o.name().to_string();
        match o {
            Object::Secret(s) => {
                let keys = s.data.iter().flatten().map(|(k, _)| k.clone());
                let keys = keys.chain(s.string_data.iter().flatten().map(|(k, _)| k.clone()));
                d.secrets.insert(name, keys.collect());
            }
            Object::ConfigMap(c) => {
                let keys = c.data.iter().flatten().map(|(k, _)| k.clone());
                let keys = keys.chain(c.binary_data.iter().flatten().map(|(k, _)| k.clone()));
                d.config_maps.insert(name, keys.collect());
            }
            Object::PersistentVolumeClaim(_) => {
                d.claims.insert(name);
            }
            Object::PersistentVolume(_) => {
                d.volumes.insert(name);
            }
            Object::ServiceAccount(_) => {
                d.accounts.insert(name);
            }
            Object::Deployment(_) => {
                d.deployments.insert(name);
            }
            Object::Service(s) => {
                let ports = s.spec.iter().flat_map(|s| s.ports.iter().flatten());
                let names = ports.clone().filter_map(|p| p.name.clone()).collect();
                d.services.insert(name, (names, ports.map(|p| p.port).collect()));
            }
            _ => {}
        }
        if let Some(t) = o.pod_template() {
            d.pod_labels.push(t.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default());
        }
    }
    d
}

fn subset(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Every problem the API server (or a pod start) would have with `analysis`.
fn problems(analysis: &Analysis) -> Vec<String> {
    problems_with(analysis, true)
}

/// [`problems`]; with `strict_warnings` false, any warning is accepted (a rack's advisories
/// for combinations of its own settings, on a generated rack) and only the objects and the
/// errors are checked.
fn problems_with(analysis: &Analysis, strict_warnings: bool) -> Vec<String> {
    let mut p = Vec::new();
    for d in analysis.diagnostics.iter().filter(|d| strict_warnings || d.is_error()) {
        // That the default rack refuses the release until a rack setting is on (EFS CSI driver,
        // internal router), or has no Azure Files, is right for a valid manifest; any other
        // diagnostic is not.
        let rack_setting = d.message.contains("the rack refuses this release")
            || d.message.contains("convox rack params set")
            || d.message.contains("the promote fails");
        // A setting the generator wrote that the rack accepts and ignores on this rack (a
        // target without a count range, an agent's count, a whitelist on the internal router)
        // is a warning that says so.
        let ignored = !d.is_error()
            && ["has no effect", "will not be applied", "ignored", "ignores"]
                .iter()
                .any(|w| d.message.contains(w));
        if !rack_setting && !ignored {
            p.push(format!(
                "diagnostic for a valid manifest: {:?}: {} (at {:?})",
                d.severity, d.message, d.path
            ));
        }
    }
    let objects: Vec<&Object> = analysis.entries.iter().filter_map(|e| e.object.as_deref()).collect();
    if objects.is_empty() {
        p.push("no objects rendered".into());
    }
    let ns = analysis.namespace.as_str();
    let d = defined(&objects);
    let services: BTreeSet<String> = objects
        .iter()
        .filter(|o| matches!(o, Object::Deployment(_) | Object::DaemonSet(_)))
        .map(|o| o.name().to_string())
        .collect();
    let mut seen = BTreeSet::new();
    for o in &objects {
        let (kind, name) = (o.kind(), o.name());
        let at = format!("{kind} {name}");
        if !seen.insert((kind, o.namespace().map(str::to_string), name.to_string())) {
            p.push(format!("{at}: two objects share kind, namespace and name"));
        }
        let name_ok = match o {
            Object::Namespace(_) => is_dns_label(name),
            Object::Service(_) => is_dns1035_label(name),
            Object::CronJob(_) => is_subdomain(name) && name.len() <= 52,
            _ => is_subdomain(name),
        };
        if !name_ok {
            p.push(format!("{at}: invalid name"));
        }
        let cluster_scoped = matches!(o, Object::Namespace(_) | Object::PersistentVolume(_));
        match o.namespace() {
            None if !cluster_scoped => p.push(format!("{at}: no namespace")),
            Some(n) if cluster_scoped => p.push(format!("{at}: cluster-scoped object in namespace {n}")),
            Some(n) if n != ns => p.push(format!("{at}: in namespace {n}, not the app's {ns}")),
            _ => {}
        }
        let meta = o.metadata();
        check_labels(&at, meta.labels.as_ref(), &mut p);
        check_annotations(&at, meta.annotations.as_ref(), &mut p);
        match o {
            Object::Deployment(dep) => {
                let spec = dep.spec.as_ref().expect("a Deployment has a spec");
                let labels =
                    spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
                check_selector(
                    &at,
                    spec.selector.match_labels.as_ref(),
                    spec.selector.match_expressions.is_some(),
                    &labels,
                    &mut p,
                );
                if let Some(ru) = spec.strategy.as_ref().and_then(|s| s.rolling_update.as_ref()) {
                    let zero = |v: &Option<IntOrString>| match v {
                        Some(IntOrString::Int(0)) => true,
                        Some(IntOrString::String(s)) => s == "0%" || s == "0",
                        _ => false,
                    };
                    if zero(&ru.max_surge) && zero(&ru.max_unavailable) {
                        p.push(format!("{at}: maxSurge and maxUnavailable are both 0"));
                    }
                }
            }
            Object::DaemonSet(ds) => {
                let spec = ds.spec.as_ref().expect("a DaemonSet has a spec");
                let labels =
                    spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
                check_selector(
                    &at,
                    spec.selector.match_labels.as_ref(),
                    spec.selector.match_expressions.is_some(),
                    &labels,
                    &mut p,
                );
            }
            Object::CronJob(cj) => {
                let spec = cj.spec.as_ref().expect("a CronJob has a spec");
                if spec.schedule.split_whitespace().count() != 5 {
                    p.push(format!("{at}: schedule {:?} is not 5 fields", spec.schedule));
                }
                if let Some(c) = spec.concurrency_policy.as_deref() {
                    if !matches!(c, "Allow" | "Forbid" | "Replace") {
                        p.push(format!("{at}: concurrencyPolicy {c:?}"));
                    }
                }
                let job = spec.job_template.spec.as_ref().expect("a job template has a spec");
                // The Job controller generates the selector; a set one needs manualSelector.
                if job.selector.is_some() && job.manual_selector != Some(true) {
                    p.push(format!("{at}: job template has a selector without manualSelector"));
                }
                if let (Some(c), Some(n)) = (job.completions, job.parallelism) {
                    if c < 1 || n < 1 {
                        p.push(format!("{at}: completions {c} / parallelism {n}"));
                    }
                }
            }
            Object::Service(s) => {
                let spec = s.spec.as_ref().expect("a Service has a spec");
                let selector = spec.selector.clone().unwrap_or_default();
                if selector.is_empty() {
                    p.push(format!("{at}: no selector"));
                } else if !d.pod_labels.iter().any(|l| subset(&selector, l)) {
                    p.push(format!("{at}: selector {selector:?} matches no pod template"));
                }
                let ports = spec.ports.clone().unwrap_or_default();
                if ports.is_empty() {
                    p.push(format!("{at}: no ports"));
                }
                let mut names = BTreeSet::new();
                let mut numbers = BTreeSet::new();
                for port in &ports {
                    match &port.name {
                        Some(n) if !is_dns_label(n) => p.push(format!("{at}: port name {n:?}")),
                        Some(n) if !names.insert(n.clone()) => {
                            p.push(format!("{at}: duplicate port name {n}"))
                        }
                        None if ports.len() > 1 => p.push(format!("{at}: unnamed port among several")),
                        _ => {}
                    }
                    if !(1..=65535).contains(&port.port) {
                        p.push(format!("{at}: port {}", port.port));
                    }
                    let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".into());
                    if !numbers.insert((port.port, protocol.clone())) {
                        p.push(format!("{at}: duplicate port {}/{protocol}", port.port));
                    }
                    if let Some(IntOrString::String(t)) = &port.target_port {
                        if !is_port_name(t) {
                            p.push(format!("{at}: targetPort {t:?}"));
                        }
                    }
                }
            }
            Object::PodDisruptionBudget(pdb) => {
                let selector =
                    pdb.spec.as_ref().and_then(|s| s.selector.as_ref()).and_then(|s| s.match_labels.clone());
                match selector {
                    Some(s) if d.pod_labels.iter().any(|l| subset(&s, l)) => {}
                    other => p.push(format!("{at}: selector {other:?} matches no pod template")),
                }
            }
            Object::HorizontalPodAutoscaler(h) => {
                let spec = h.spec.as_ref().expect("an HPA has a spec");
                // Racks before 3.24.6 give an agent with a count range an HPA aimed at a
                // Deployment of its name, which it does not have (a DaemonSet): what they render.
                let old_agent = analysis.profile.version() < convox_k8s::rack_version::V3_24_6
                    && objects
                        .iter()
                        .any(|o| matches!(o, Object::DaemonSet(_)) && o.name() == spec.scale_target_ref.name);
                if !old_agent
                    && (spec.scale_target_ref.kind != "Deployment"
                        || !d.deployments.contains(&spec.scale_target_ref.name))
                {
                    p.push(format!(
                        "{at}: targets {} {}, not in the output",
                        spec.scale_target_ref.kind, spec.scale_target_ref.name
                    ));
                }
                let min = spec.min_replicas.unwrap_or(1);
                if min < 1 || spec.max_replicas < min {
                    p.push(format!("{at}: minReplicas {min}, maxReplicas {}", spec.max_replicas));
                }
            }
            Object::Ingress(ing) => {
                let spec = ing.spec.as_ref().expect("an Ingress has a spec");
                for rule in spec.rules.iter().flatten() {
                    if let Some(host) = &rule.host {
                        if !is_subdomain(host.strip_prefix("*.").unwrap_or(host)) {
                            p.push(format!("{at}: host {host:?}"));
                        }
                    }
                    for path in rule.http.iter().flat_map(|h| h.paths.iter()) {
                        if !path.path.as_deref().unwrap_or("/").starts_with('/') {
                            p.push(format!("{at}: path {:?}", path.path));
                        }
                        let Some(backend) = &path.backend.service else {
                            p.push(format!("{at}: a path without a service backend"));
                            continue;
                        };
                        match d.services.get(&backend.name) {
                            None => {
                                p.push(format!("{at}: backend Service {} not in the output", backend.name))
                            }
                            Some((names, numbers)) => {
                                let port = backend.port.as_ref();
                                let found = port
                                    .and_then(|p| p.name.as_ref())
                                    .map(|n| names.contains(n))
                                    .or_else(|| port.and_then(|p| p.number).map(|n| numbers.contains(&n)));
                                if found != Some(true) {
                                    p.push(format!(
                                        "{at}: backend port {port:?} not on Service {}",
                                        backend.name
                                    ));
                                }
                            }
                        }
                    }
                }
                for tls in spec.tls.iter().flatten() {
                    if let Some(secret) = &tls.secret_name {
                        if !d.secrets.contains_key(secret) && !is_cert_manager_secret(secret, &services) {
                            p.push(format!("{at}: TLS Secret {secret} not in the output nor cert-manager's"));
                        }
                    }
                }
            }
            Object::PersistentVolumeClaim(pvc) => {
                if let Some(v) = pvc.spec.as_ref().and_then(|s| s.volume_name.as_ref()) {
                    if !d.volumes.contains(v) {
                        p.push(format!("{at}: binds PersistentVolume {v}, not in the output"));
                    }
                }
            }
            _ => {}
        }
        if let Some(t) = o.pod_template() {
            let meta = t.metadata.as_ref();
            check_labels(&format!("{at} pod template"), meta.and_then(|m| m.labels.as_ref()), &mut p);
            check_annotations(
                &format!("{at} pod template"),
                meta.and_then(|m| m.annotations.as_ref()),
                &mut p,
            );
            match &t.spec {
                Some(spec) => check_pod(&at, spec, matches!(o, Object::CronJob(_)), ns, &d, &mut p),
                None => p.push(format!("{at}: pod template without a spec")),
            }
        }
    }
    p
}

fn check_labels(at: &str, labels: Option<&BTreeMap<String, String>>, p: &mut Vec<String>) {
    for (k, v) in labels.into_iter().flatten() {
        if !is_qualified_name(k) {
            p.push(format!("{at}: label key {k:?}"));
        }
        if !is_label_value(v) {
            p.push(format!("{at}: label {k}={v:?}"));
        }
    }
}

fn check_annotations(at: &str, annotations: Option<&BTreeMap<String, String>>, p: &mut Vec<String>) {
    let mut size = 0;
    for (k, v) in annotations.into_iter().flatten() {
        if !is_qualified_name(k) {
            p.push(format!("{at}: annotation key {k:?}"));
        }
        size += k.len() + v.len();
    }
    if size > 256 * 1024 {
        p.push(format!("{at}: annotations total {size} bytes"));
    }
}

fn check_selector(
    at: &str,
    match_labels: Option<&BTreeMap<String, String>>,
    has_expressions: bool,
    labels: &BTreeMap<String, String>,
    p: &mut Vec<String>,
) {
    match match_labels {
        Some(sel) if !sel.is_empty() && subset(sel, labels) => {}
        other => p.push(format!("{at}: selector {other:?} does not match template labels {labels:?}")),
    }
    if has_expressions {
        p.push(format!("{at}: selector has matchExpressions the test does not evaluate"));
    }
}

fn check_pod(at: &str, spec: &PodSpec, timer: bool, ns: &str, d: &Defined, p: &mut Vec<String>) {
    // No name means `default`, which the ServiceAccount controller makes in every namespace
    // (resource pods run as it).
    match spec.service_account_name.as_deref() {
        None => {}
        Some(sa) if d.accounts.contains(sa) => {}
        Some(sa) => p.push(format!("{at}: serviceAccountName {sa} not in the output")),
    }
    for s in spec.image_pull_secrets.iter().flatten() {
        if !d.secrets.contains_key(&s.name) {
            p.push(format!("{at}: imagePullSecret {} not in the output", s.name));
        }
    }
    let mut volume_names = BTreeSet::new();
    for v in spec.volumes.iter().flatten() {
        if !is_dns_label(&v.name) {
            p.push(format!("{at}: volume name {:?}", v.name));
        }
        if !volume_names.insert(v.name.clone()) {
            p.push(format!("{at}: duplicate volume {}", v.name));
        }
        if let Some(s) = &v.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            match d.secrets.get(&name) {
                None if s.optional != Some(true) => {
                    p.push(format!("{at}: volume Secret {name} not in the output"))
                }
                Some(keys) => {
                    for item in s.items.iter().flatten() {
                        if !keys.contains(&item.key) {
                            p.push(format!("{at}: volume Secret {name} has no key {}", item.key));
                        }
                    }
                }
                None => {}
            }
        }
        if let Some(c) = &v.config_map {
            let external = EXTERNAL_CONFIG_MAPS.contains(&c.name.as_str());
            if external && c.optional != Some(true) {
                p.push(format!("{at}: the rack's ConfigMap {} is mounted without optional: true", c.name));
            }
            if !external && !d.config_maps.contains_key(&c.name) {
                p.push(format!("{at}: volume ConfigMap {} not in the output", c.name));
            }
        }
        if let Some(c) = &v.persistent_volume_claim {
            let external = timer && is_timer_volume_claim(&c.claim_name, ns);
            if !external && !d.claims.contains(&c.claim_name) {
                p.push(format!("{at}: PersistentVolumeClaim {} not in the output", c.claim_name));
            }
        }
    }
    let mut container_names = BTreeSet::new();
    let init = spec.init_containers.iter().flatten();
    for c in spec.containers.iter().chain(init) {
        let at = format!("{at} container {}", c.name);
        if !is_dns_label(&c.name) || !container_names.insert(c.name.clone()) {
            p.push(format!("{at}: invalid or duplicate container name"));
        }
        check_container(&at, c, &volume_names, d, p);
    }
}

fn check_container(
    at: &str,
    c: &Container,
    volume_names: &BTreeSet<String>,
    d: &Defined,
    p: &mut Vec<String>,
) {
    if c.image.as_deref().unwrap_or_default().is_empty() {
        p.push(format!("{at}: no image"));
    }
    for e in c.env_from.iter().flatten() {
        if let Some(s) = &e.secret_ref {
            if !d.secrets.contains_key(&s.name) && s.optional != Some(true) {
                p.push(format!("{at}: envFrom Secret {} not in the output", s.name));
            }
        }
        if let Some(m) = &e.config_map_ref {
            if !d.config_maps.contains_key(&m.name) && m.optional != Some(true) {
                p.push(format!("{at}: envFrom ConfigMap {} not in the output", m.name));
            }
        }
    }
    for e in c.env.iter().flatten() {
        if !is_env_name(&e.name) {
            p.push(format!("{at}: env name {:?}", e.name));
        }
        let from = e.value_from.as_ref();
        if let Some(r) = from.and_then(|f| f.secret_key_ref.as_ref()) {
            if !d.secrets.get(&r.name).is_some_and(|keys| keys.contains(&r.key)) && r.optional != Some(true) {
                p.push(format!(
                    "{at}: env {} from Secret {} key {}, not in the output",
                    e.name, r.name, r.key
                ));
            }
        }
        if let Some(r) = from.and_then(|f| f.config_map_key_ref.as_ref()) {
            if !d.config_maps.get(&r.name).is_some_and(|keys| keys.contains(&r.key))
                && r.optional != Some(true)
            {
                p.push(format!(
                    "{at}: env {} from ConfigMap {} key {}, not in the output",
                    e.name, r.name, r.key
                ));
            }
        }
    }
    let mut paths = BTreeSet::new();
    for m in c.volume_mounts.iter().flatten() {
        if !volume_names.contains(&m.name) {
            p.push(format!("{at}: mounts volume {} the pod does not have", m.name));
        }
        if !paths.insert(m.mount_path.clone()) {
            p.push(format!("{at}: mount path {} used twice", m.mount_path));
        }
    }
    let mut port_names = BTreeSet::new();
    let mut port_numbers = BTreeSet::new();
    for port in c.ports.iter().flatten() {
        if let Some(n) = &port.name {
            if !is_port_name(n) || !port_names.insert(n.clone()) {
                p.push(format!("{at}: invalid or duplicate port name {n:?}"));
            }
        }
        let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".into());
        if !port_numbers.insert((port.container_port, protocol.clone())) {
            p.push(format!("{at}: containerPort {}/{protocol} twice", port.container_port));
        }
    }
    let resources = c.resources.as_ref();
    let requests = resources.and_then(|r| r.requests.clone()).unwrap_or_default();
    let limits = resources.and_then(|r| r.limits.clone()).unwrap_or_default();
    for (k, q) in requests.iter().chain(limits.iter()) {
        if milli(q).is_none() {
            p.push(format!("{at}: quantity {k}={:?} the test cannot read", q.0));
        }
    }
    for (k, req) in &requests {
        if let (Some(r), Some(l)) = (milli(req), limits.get(k).and_then(milli)) {
            if r > l {
                p.push(format!("{at}: request {k}={} above its limit {}", req.0, limits[k].0));
            }
        }
    }
    for (what, probe, liveness_like) in [
        ("readiness", &c.readiness_probe, false),
        ("liveness", &c.liveness_probe, true),
        ("startup", &c.startup_probe, true),
    ] {
        if let Some(probe) = probe {
            check_probe(&format!("{at} {what}Probe"), probe, liveness_like, p);
        }
    }
}

fn check_probe(at: &str, probe: &Probe, liveness_like: bool, p: &mut Vec<String>) {
    for (field, v) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        if v.is_some_and(|v| v < 0) {
            p.push(format!("{at}: {field} {v:?} is negative"));
        }
    }
    // ValidateProbe: liveness and startup probes must have successThreshold 1.
    // (0 is defaulted to 1 before validation.)
    if liveness_like && probe.success_threshold.is_some_and(|s| s > 1) {
        p.push(format!("{at}: successThreshold {:?} must be 1", probe.success_threshold));
    }
    let handlers =
        [probe.http_get.is_some(), probe.tcp_socket.is_some(), probe.grpc.is_some(), probe.exec.is_some()];
    if handlers.iter().filter(|&&h| h).count() != 1 {
        p.push(format!("{at}: {} handlers, not exactly one", handlers.iter().filter(|&&h| h).count()));
    }
}

// ---------------------------------------------------------------------------------------
// the properties

/// Cases per property: enough to reach every generator branch many times, sized so the
/// suite stays well under 60 s in a debug build on the 2-core machine.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES);
    // Shrinking a failing app to a minimal one is worth the time only when a case fails. A
    // failing case is kept in tests/props.proptest-regressions (committed) and replayed first
    // on every later run; it also prints its convox.yml, which becomes a named test.
    let persistence = proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions");
    ProptestConfig {
        cases,
        max_shrink_iters: 2_000,
        failure_persistence: Some(Box::new(persistence)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_object_from_a_valid_manifest_passes_the_api_servers_rules(app in app()) {
        let (yaml, env) = render(&app);
        let options = Options { env, ..Options::default() };
        let analysis = analyze(&yaml, &options);
        let found = problems(&analysis);
        prop_assert!(found.is_empty(), "{}\n--- convox.yml\n{yaml}", found.join("\n"));
    }

    #[test]
    fn every_object_is_valid_for_any_valid_rack_and_app_name(
        rack in "[a-z]([a-z0-9-]{0,10}[a-z0-9])?",
        app_name in "[a-z]([a-z0-9-]{0,10}[a-z0-9])?",
        app in app(),
    ) {
        let (yaml, env) = render(&app);
        let options = Options { rack, app: app_name, env, ..Options::default() };
        let analysis = analyze(&yaml, &options);
        let found = problems(&analysis);
        prop_assert!(found.is_empty(), "{}\n--- convox.yml\n{yaml}", found.join("\n"));
    }

    /// On any rack: a generated provider and rack parameters (the router, KEDA, the VPA, EFS,
    /// Azure Files, the resolver…), so the objects only some racks render are checked too.
    #[test]
    fn every_object_is_valid_on_any_rack_profile(seed in any::<u64>(), app in app()) {
        let (yaml, env) = render(&app);
        let profile = convox_k8s::testing::random_profile(seed);
        let options = Options { env, profile: profile.clone(), ..Options::default() };
        let analysis = analyze(&yaml, &options);
        let found = problems_with(&analysis, false);
        prop_assert!(found.is_empty(), "{}\n--- rack {profile:?}\n--- convox.yml\n{yaml}", found.join("\n"));
    }
}

/// The generated apps on generated racks meet every kind only some racks render (HTTPProxy,
/// Certificate, ScaledObject, TriggerAuthentication, VerticalPodAutoscaler) and Azure Files
/// claims: `every_object_is_valid_on_any_rack_profile` checks them, not only the default
/// rack's objects. The counts print with `--nocapture`.
#[test]
fn generated_apps_on_generated_racks_meet_every_kind_only_some_racks_render() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    // More apps than a property test's cases: the kinds need a rack (KEDA on AWS, the VPA, the
    // Contour router, Azure) and an app (autoscaling, a domain, Azure Files) drawn together.
    let analyses: Vec<Analysis> = (0..2_000)
        .map(|seed| {
            let app = app().new_tree(&mut runner).expect("an app").current();
            let (yaml, env) = render(&app);
            let options =
                Options { env, profile: convox_k8s::testing::random_profile(seed), ..Options::default() };
            analyze(&yaml, &options)
        })
        .collect();
    convox_k8s::testing::assert_every_profile_kind(analyses.iter());
}

// ---------------------------------------------------------------------------------------
// the checks themselves can fail

#[test]
fn the_checks_catch_a_dangling_reference_and_a_bad_selector() {
    let yaml = "services:\n  web:\n    port: 3000\n";
    let mut analysis = analyze(yaml, &Options::default());
    assert_eq!(problems(&analysis), Vec::<String>::new());
    for entry in &mut analysis.entries {
        let Some(object) = entry.object.as_deref_mut() else { continue };
        match object {
            Object::Secret(s) => s.metadata.name = Some("renamed".into()),
            Object::Service(s) => {
                s.spec.as_mut().unwrap().selector.as_mut().unwrap().insert("service".into(), "nope".into());
            }
            _ => {}
        }
    }
    let found = problems(&analysis).join("\n");
    assert!(found.contains("envFrom Secret env-web not in the output"), "{found}");
    assert!(found.contains("matches no pod template"), "{found}");
}

#[test]
fn the_validators_follow_apimachinery() {
    assert!(
        is_dns_label("web-1")
            && !is_dns_label("-web")
            && !is_dns_label("Web")
            && !is_dns_label(&"a".repeat(64))
    );
    assert!(is_dns1035_label("web") && !is_dns1035_label("1web"));
    assert!(is_subdomain("a.b-c.d") && !is_subdomain("a..b"));
    assert!(
        is_qualified_name("convox.com/team")
            && !is_qualified_name("Bad_Prefix/x")
            && !is_qualified_name("a/")
    );
    assert!(
        is_label_value("") && is_label_value("A.b_c-1") && !is_label_value("a b") && !is_label_value("-a")
    );
    assert!(
        is_port_name("port-8125")
            && !is_port_name("port-123456789012")
            && !is_port_name("a--b")
            && !is_port_name("80")
    );
    assert!(is_env_name("DATABASE_URL") && !is_env_name("1A") && !is_env_name("A=B"));
    assert_eq!(milli(&Quantity("250m".into())), Some(250));
    assert_eq!(milli(&Quantity("1Gi".into())), milli(&Quantity("1024Mi".into())));
    assert!(is_timer_volume_claim(&format!("my-rack-my-app-{}", "a".repeat(40)), "my-rack-my-app"));
    assert!(is_cert_manager_secret("cert-web-domains", &BTreeSet::from(["web".to_string()])));
}

// ---------------------------------------------------------------------------------------
// regressions: rack-valid manifests the API server would refuse (found by the properties)

/// The error diagnostics of `yaml`, as `path: message`.
fn errors(yaml: &str) -> Vec<String> {
    let analysis = analyze(yaml, &Options::default());
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.path.as_deref().unwrap_or("-"), d.message))
        .collect()
}

#[test]
fn a_deployment_minimum_and_maximum_of_100_is_an_error_at_the_deployment_key() {
    // maxUnavailable 0% and maxSurge 0%: "may not be 0 when maxSurge is 0" from the API server.
    let found = errors("services:\n  web:\n    deployment:\n      minimum: 100\n      maximum: 100\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("services.web.deployment: ") && found[0].contains("maxSurge and maxUnavailable"),
        "{found:?}"
    );
    assert_eq!(
        errors("services:\n  web:\n    deployment:\n      minimum: 100\n      maximum: 101\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_scale_range_from_zero_is_an_error_at_the_scale_key() {
    // HPA minReplicas 0 needs the alpha HPAScaleToZero gate.
    let found = errors("services:\n  web:\n    scale: 0-3\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("services.web.scale: ") && found[0].contains("minReplicas"), "{found:?}");
    // A fixed 0 renders no HPA at all, and a range from 1 is fine.
    assert_eq!(errors("services:\n  web:\n    scale: 0\n"), Vec::<String>::new());
    assert_eq!(errors("services:\n  web:\n    scale: 1-3\n"), Vec::<String>::new());
}

#[test]
fn a_liveness_success_threshold_other_than_1_is_an_error_at_the_liveness_key() {
    // ValidateProbe: "must be 1" for liveness and startup probes. The startup probe copies the
    // liveness value, so both keys are reported.
    let found = errors("services:\n  web:\n    port: 3000\n    liveness:\n      path: /l\n      successThreshold: 2\n    startupProbe:\n      path: /s\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("services.web.liveness: ") && found[0].contains("successThreshold 2 must be 1"),
        "{found:?}"
    );
    assert!(found[1].starts_with("services.web.startupProbe: "), "{found:?}");
    assert_eq!(
        errors(
            "services:\n  web:\n    port: 3000\n    liveness:\n      path: /l\n      successThreshold: 1\n"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_timer_concurrency_the_api_server_refuses_is_an_error_at_the_concurrency_key() {
    // ValidateCronJobSpec: concurrencyPolicy must be Allow, Forbid or Replace. The rack only
    // title-cases the value, so `FORBID` stays `FORBID` and `never` becomes `Never`.
    let timer = |c: &str| {
        format!("services:\n  web: {{}}\ntimers:\n  t:\n    schedule: \"* * * * *\"\n    command: x\n    service: web\n    concurrency: {c}\n")
    };
    for bad in ["never", "FORBID"] {
        let found = errors(&timer(bad));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("timers.t.concurrency: ")
                && found[0].contains("must be Allow, Forbid or Replace"),
            "{found:?}"
        );
    }
    for good in ["allow", "forbid", "Replace"] {
        assert_eq!(errors(&timer(good)), Vec::<String>::new(), "{good}");
    }
}
