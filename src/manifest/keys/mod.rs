//! One table per model struct: every convox.yml key, declared once, with its read and its
//! documentation (what it does, what it becomes in Kubernetes, its forms and its default).
//! [`super::schema`] publishes the documentation half; [`super::decode`] runs the reads.
//! This file holds the top level; [`service`], [`scale`] and [`other`] (resources, timers,
//! balancers) the rest.

use std::collections::BTreeMap;

use super::cx::{item, join, Cx};
use super::decode::*;
use super::defaults::VPA_MODES;
use super::defaults::{default_cpu, DEFAULT_HEALTH_INTERVAL, DEFAULT_MEM};
use super::go::*;
use super::model::*;
use super::scalar::*;
use super::schema::{Doc, Field, Key, Legacy, Ref, Section, Shape, Shape as S, Table};
use super::yaml::{Kind, Node, Scalar};
use crate::rack_version::{V3_22_5, V3_23_4, V3_24_4, V3_24_5, V3_24_6};
pub(crate) use forms::*;

/// Every table, the top level first, in the order a reader meets them.
mod forms;
pub(crate) mod other;
mod scale;
mod service;

pub(crate) use other::*;
pub(crate) use scale::*;
pub(crate) use service::*;
pub(crate) static TABLES: &[&dyn Doc] = &[
    &MANIFEST,
    &APP_SETTINGS,
    &AWS_LOGS,
    &BUDGET,
    &CONFIG,
    &SERVICE,
    &ACCESS_CONTROL,
    &POD_IDENTITY,
    &BUILD,
    &CERTIFICATE,
    &CONFIG_MOUNT,
    &DEPLOYMENT,
    &DNS_CONFIG,
    &HEALTH,
    &PORT_MAP,
    &IMAGE_PULL_SECRET,
    &INIT_CONTAINER,
    &LIFECYCLE,
    &LIVENESS,
    &AFFINITY,
    &SCALE,
    &GPU,
    &LIMIT,
    &TARGETS,
    &EXTERNAL,
    &KEDA,
    &TRIGGER,
    &AUTH_REF,
    &VPA,
    &AUTOSCALE,
    &AUTOSCALE_MODE,
    &SECURITY_CONTEXT,
    &CAPABILITIES,
    &STARTUP_PROBE,
    &TERMINATION,
    &TLS,
    &VOLUME_OPTION,
    &EMPTY_DIR,
    &AWS_EFS,
    &AZURE_FILES,
    &RESOURCE,
    &TIMER,
    &BALANCER,
    &BALANCER_PORT,
];

const fn key(
    name: &'static str,
    shape: Shape,
    forms: &'static str,
    default: &'static str,
    kubernetes: &'static str,
    doc: &'static str,
) -> Key {
    Key::new(name, shape, forms, default, kubernetes, doc)
}

// ---------------------------------------------------------------------------------------
// shapes and closed sets several keys share (each declared here, once)

/// The rack's name rule for services, resources and timers (its `nameValidator`; checked
/// by `validate::valid_name`).
pub(crate) const NAME: &str = "^[a-z][a-z0-9-]*$";
/// `"3000"` or `"https:3000"`.
const PORT_STRING: &str = "^([A-Za-z][A-Za-z0-9+.-]*:)?[0-9]+$";
/// `port`, `health.port`, `liveness.port`: 3000, `"https:3000"` or `{port, scheme}`.
const PORT: Shape = S::AnyOf(&[S::Int, S::Pattern(PORT_STRING), S::Section]);
/// An extra port: `"8125"` or `"8125/udp"`.
const PORT_PROTOCOL: &str = "^[0-9]+(/[A-Za-z]+)?$";
/// A count: `"2"` or `"1-3"`.
const COUNT: &str = "^[0-9]+(-[0-9]+)?$";
/// The keys of a count's map form, `{min, max}` (read by `decode::count`).
pub(crate) const COUNT_BOUNDS: &[&str] = &["min", "max"];
/// `environment`: `KEY`, `KEY=default` or `*` strings (a nested list is flattened).
const ENVIRONMENT: Shape = S::List(&S::AnyOf(&[S::Text, S::List(&S::Text)]));
/// A service's `annotations` / `ingressAnnotations`: `"key=value"` strings or `{key: value}`.
const ANNOTATIONS: Shape = S::List(&S::AnyOf(&[S::Pattern("="), S::Map(&S::Text)]));
/// The schemes of a port (`convox.com/backend-protocol`; grpc is written GRPC).
const SCHEMES: &[&str] = &["http", "https", "grpc"];
pub(crate) const SHUTDOWN_ORDERS: &[&str] = &["largest-cost", "newest"];
pub(crate) const RECOVERY_MODES: &[&str] = &["auto-on-reset", "manual"];

// ---------------------------------------------------------------------------------------
// top level

pub(crate) static MANIFEST: Table<Manifest> = Table {
    path: "",
    doc: "A convox.yml: the app's services, resources, timers and balancers.",
    go: "manifest.Manifest",
    json: false,
    legacy: &[
        Legacy::compose("version", "convox.yml has no version: remove it."),
        Legacy::compose("networks", "Every service runs in the app's namespace and reaches the others by name."),
        Legacy::compose("volumes", "Declare volumes on the service that uses them: volumes: or volumeOptions:."),
    ],
    fields: &[
        Field {
            key: key("appSettings", S::Section, "{awsLogs}", "", "none (AWS CloudWatch settings)", "App-wide platform settings.")
                .within("appSettings"),
            read: |cx, p, n, m| table(cx, p, n, &APP_SETTINGS, &mut m.app_settings),
        },
        Field {
            key: key(
                "balancers", S::Keyed(None, &S::Section),
                "map of name → balancer",
                "",
                "Service balancer-<name> of type LoadBalancer",
                "Custom TCP/UDP load balancers in front of a service's ports.",
            )
            .within("balancers.<name>"),
            read: |cx, p, n, m| m.balancers = named(cx, p, n, |cx, p, n, b| table(cx, p, n, &BALANCER, b)),
        },
        Field {
            key: key("budget", S::Section, "map", "", "none (the rack's cost tracking)", "A monthly cost cap and what happens at it.")
                .within("budget")
            .since(V3_24_6),
            read: |cx, p, n, m| {
                let mut b = Budget::default();
                table(cx, p, n, &BUDGET, &mut b);
                m.budget = Some(b);
            },
        },
        Field {
            key: key(
                "configs", S::List(&S::Section),
                "list of {id, name, value}",
                "",
                "Secret cfg-<id> per config",
                "Named config files that services mount with configMounts.",
            )
            .within("configs[]"),
            read: |cx, p, n, m| m.configs = list(cx, p, n, &CONFIG, "manifest.AppConfigs"),
        },
        Field {
            key: key(
                "environment", ENVIRONMENT,
                "list of KEY, KEY=default, *",
                "",
                "keys of every service's Secret env-<service>",
                "Environment for every service: KEY is required (convox env set), KEY=value has a default, * passes every release variable.",
            ),
            read: |cx, p, n, m| m.environment = environment(cx, p, n),
        },
        Field {
            key: key("labels", S::Map(&S::Str), "map key: value", "", "labels on every service's objects", "Labels for every service; a service's own label wins."),
            read: |cx, p, n, m| m.labels = labels(cx, p, n, "manifest.Labels"),
        },
        Field {
            key: key("params", S::Map(&S::Str), "map key: value", "", "none", "Convox v2 app parameters; a v3 rack reads but does not use them."),
            read: |cx, p, n, m| m.params = crate::sorted::sorted_map(labels(cx, p, n, "manifest.Params")),
        },
        Field {
            key: key(
                "resources", S::Keyed(Some(NAME), &S::Section),
                "map of name → resource",
                "",
                "ConfigMap resource-<name> (the URL); Deployment, Service and PVC for containerized types",
                "Databases and caches that services link with resources:.",
            )
            .within("resources.<name>"),
            read: |cx, p, n, m| m.resources = named(cx, p, n, |cx, p, n, r| table(cx, p, n, &RESOURCE, r)),
        },
        Field {
            key: key(
                "services", S::Keyed(Some(NAME), &S::Section),
                "map of name → service",
                "",
                "Deployment (DaemonSet for agents), Secret env-<name>, ServiceAccount, Service, Ingress, HPA per service",
                "The app's processes: one Kubernetes workload each.",
            )
            .within("services.<name>"),
            read: |cx, p, n, m| m.services = named(cx, p, n, read_service),
        },
        Field {
            key: key(
                "timers", S::Keyed(Some(NAME), &S::Section),
                "map of name → timer",
                "",
                "CronJob timer-<name> (and ServiceAccount) per timer",
                "Commands run on a cron schedule in a service's image.",
            )
            .within("timers.<name>"),
            read: |cx, p, n, m| m.timers = named(cx, p, n, |cx, p, n, t| table(cx, p, n, &TIMER, t)),
        },
    ],
};

pub(crate) static APP_SETTINGS: Table<AppSettings> = Table {
    path: "appSettings",
    doc: "App-wide platform settings.",
    go: "manifest.AppSettings",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "awsLogs",
            S::Section,
            "{cwRetention, disableRetention}",
            "",
            "none (CloudWatch log group)",
            "The app's CloudWatch log group on AWS.",
        )
        .within("appSettings.awsLogs"),
        read: |cx, p, n, a| {
            let mut l = AwsLogs::default();
            table(cx, p, n, &AWS_LOGS, &mut l);
            a.aws_logs = (!n.is_null()).then_some(l);
        },
    }],
};

pub(crate) static AWS_LOGS: Table<AwsLogs> = Table {
    path: "appSettings.awsLogs",
    doc: "The app's CloudWatch log group (AWS racks).",
    go: "manifest.ServiceLogsRetention",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "cwRetention",
                S::Int,
                "int (days)",
                "the rack's",
                "none",
                "How many days CloudWatch keeps the app's logs.",
            ),
            read: |cx, p, n, l| l.cw_retention = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("disableRetention", S::Bool, "bool", "false", "none", "Keep the app's logs forever."),
            read: |cx, p, n, l| l.disable_retention = boolean(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static BUDGET: Table<Budget> = Table {
    path: "budget",
    doc: "A monthly cost cap (needs cost_tracking_enable on the rack).",
    go: "manifest.BudgetSettings",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("monthlyCapUsd", S::Num, "number", "", "none", "The monthly cap in US dollars."),
            read: |cx, p, n, b| b.monthly_cap_usd = float(cx, p, n),
        },
        Field {
            key: key(
                "alertThresholdPercent",
                S::Num,
                "number",
                "",
                "none",
                "Alert when spend reaches this percent of the cap.",
            ),
            read: |cx, p, n, b| b.alert_threshold_percent = float(cx, p, n),
        },
        Field {
            key: key(
                "atCapAction",
                S::Enum(AT_CAP_ACTIONS),
                "alert-only | block-new-deploys | auto-shutdown",
                "",
                "none",
                "What happens at the cap.",
            ),
            read: |cx, p, n, b| b.at_cap_action = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "atCapWebhookUrl",
                S::Str,
                "URL",
                "",
                "none",
                "Webhook told about the cap (required with auto-shutdown).",
            ),
            read: |cx, p, n, b| b.at_cap_webhook_url = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "pricingAdjustment",
                S::Num,
                "number",
                "",
                "none",
                "Multiplier applied to the list prices.",
            ),
            read: |cx, p, n, b| b.pricing_adjustment = float(cx, p, n),
        },
        Field {
            key: key(
                "neverAutoShutdown",
                S::List(&S::Ref(Ref::Service)),
                "list of service names",
                "",
                "none",
                "Services auto-shutdown never stops.",
            ),
            read: |cx, p, n, b| b.never_auto_shutdown = strings(cx, p, n),
        },
        Field {
            key: key(
                "shutdownOrder",
                S::Enum(SHUTDOWN_ORDERS),
                "largest-cost | newest",
                "largest-cost",
                "none",
                "Which services auto-shutdown stops first.",
            ),
            read: |cx, p, n, b| b.shutdown_order = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "notifyBeforeMinutes",
                S::Range(5, 1440),
                "int 5–1440",
                "",
                "none",
                "Minutes of notice before auto-shutdown.",
            ),
            read: |cx, p, n, b| b.notify_before_minutes = opt_int(cx, p, n),
        },
        Field {
            key: key(
                "shutdownGracePeriod",
                S::Str,
                "Go duration 0s–1h",
                "",
                "none",
                "Grace period of an auto-shutdown.",
            ),
            read: |cx, p, n, b| b.shutdown_grace_period = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "recoveryMode",
                S::Enum(RECOVERY_MODES),
                "auto-on-reset | manual",
                "",
                "none",
                "How services come back after an auto-shutdown.",
            ),
            read: |cx, p, n, b| b.recovery_mode = opt_string(cx, p, n),
        },
    ],
};

pub(crate) static CONFIG: Table<AppConfig> = Table {
    path: "configs[]",
    doc: "A named config file.",
    go: "manifest.AppConfig",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "id",
                S::Str,
                "string (required)",
                "",
                "Secret cfg-<id>",
                "The config's id, which configMounts refer to.",
            ),
            read: |cx, p, n, c| c.id = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("name", S::Str, "string", "", "none", "A display name."),
            read: |cx, p, n, c| c.name = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "value",
                S::Str,
                "string",
                "",
                "Secret cfg-<id> key app.json",
                "The file's contents (or set them with convox configs).",
            ),
            read: |cx, p, n, c| c.value = opt_string(cx, p, n),
        },
    ],
};

/// Where a key unknown in section `section` is known below it: `memory` under a service is
/// `scale.memory`; `path` is `build.path or health.path`. The nearest sections win (`scale`
/// before `scale.limit`); `None` when the name is a key of no section below.
pub(crate) fn nested_key(section: &str, name: &str) -> Option<Vec<String>> {
    let prefix = [section, "."].concat();
    let found: Vec<(usize, String)> = TABLES
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

/// Every section of convox.yml, the top level first (the documentation half of the tables:
/// for the JSON Schema, hovers and completion).
pub fn sections() -> Vec<Section> {
    TABLES.iter().map(|t| t.section()).collect()
}

/// The section at `path` (as in [`Section::path`]).
pub fn section(path: &str) -> Option<Section> {
    TABLES.iter().map(|t| t.section()).find(|s| s.path == path)
}
