//! The convox.yml model: one struct per section of the rack's schema (`pkg/manifest/*.go`).
//!
//! After [`super::load`] returns a manifest, the rack's defaults (`ApplyDefaults`) are applied,
//! app-level environment and labels are merged into every service (CombineEnv /
//! CombineLabels) and timer schedules are normalised (`ApplyCompatibility`). Mapping reads these values as
//! they are and never re-applies a default.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `KEY=VALUE` pairs of the release environment (`convox env`), sorted by key.
pub type Env = BTreeMap<String, String>;

/// A map section (`services`, `resources`, …) with YAML order kept, as the rack keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<T> {
    pub name: String,
    pub value: T,
}

/// Ordered `name → value` list; keys that are YAML ints are stringified.
pub type NamedList<T> = Vec<Named<T>>;

/// `key=value` pairs in the order written (annotations, labels).
pub type Pairs = Vec<(String, String)>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub app_settings: AppSettings,
    pub balancers: NamedList<Balancer>,
    pub budget: Option<Budget>,
    pub configs: Vec<AppConfig>,
    /// App-level environment entries as written (`KEY`, `KEY=default`, `*`).
    pub environment: Vec<String>,
    /// App-level labels only (services hold the merged set).
    pub labels: Pairs,
    /// Parsed, unused by a v3 rack.
    pub params: BTreeMap<String, String>,
    pub resources: NamedList<Resource>,
    pub services: NamedList<Service>,
    pub timers: NamedList<Timer>,
}

impl Manifest {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name).map(|s| &s.value)
    }

    /// [`Manifest::service`] for many names: each service by name, the first of a name written
    /// twice (a search per timer made the timers' pass quadratic: 2,000 services with 200
    /// timers spent 20M instructions of an edit there).
    pub fn services_by_name(&self) -> crate::hashed::HashMap<&str, &Service> {
        let mut by = crate::hashed::map_with_capacity(self.services.len());
        for s in &self.services {
            by.entry(s.name.as_str()).or_insert(&s.value);
        }
        by
    }

    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name).map(|r| &r.value)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppSettings {
    pub aws_logs: Option<AwsLogs>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AwsLogs {
    pub cw_retention: i64,
    pub disable_retention: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Budget {
    pub monthly_cap_usd: Option<f64>,
    pub alert_threshold_percent: Option<f64>,
    pub at_cap_action: Option<String>,
    pub at_cap_webhook_url: Option<String>,
    pub pricing_adjustment: Option<f64>,
    pub never_auto_shutdown: Vec<String>,
    pub shutdown_order: Option<String>,
    pub notify_before_minutes: Option<i64>,
    pub shutdown_grace_period: Option<String>,
    pub recovery_mode: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    pub id: String,
    pub name: String,
    pub value: Option<String>,
}

// ---------------------------------------------------------------------------------------
// services

/// A service. `Service::default()` is the service as read before any default (every field
/// zero); [`Service::defaulted`] is one with every rack default applied, as `web:` with an
/// empty body gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    pub access_control: AccessControl,
    pub agent: bool,
    /// Pod-template and ServiceAccount annotations.
    pub annotations: Pairs,
    pub build: Build,
    pub certificate: Certificate,
    /// Shell-split into container `args`; empty means the image's CMD runs.
    pub command: String,
    pub config_mounts: Vec<ConfigMount>,
    /// Defaulted: 50/200, or 0/100 for agents and singletons.
    pub deployment: DeploymentStrategy,
    pub disable_host_users: bool,
    pub dns_config: DnsConfig,
    /// YAML key `domain`: comma string or list, trimmed, blanks dropped.
    pub domains: Vec<String>,
    pub drain: i64,
    /// Combined list: app-level entries first, then the service's own.
    pub environment: Vec<String>,
    pub grpc_health_enabled: bool,
    pub health: Health,
    pub image: String,
    pub image_pull_secrets: Vec<ImagePullSecret>,
    /// `shareProcessNamespace`; true unless the key is present.
    pub init: bool,
    pub init_container: Option<InitContainer>,
    pub internal: bool,
    pub internal_router: bool,
    pub ingress_annotations: Pairs,
    /// Merged labels: app-level labels, overridden by the service's own, sorted by key.
    pub labels: Pairs,
    pub lifecycle: Lifecycle,
    pub liveness: Liveness,
    pub node_affinity_labels: Vec<Affinity>,
    /// A Go map on the rack: sorted by key, as its template ranges over it.
    pub node_selector_labels: Pairs,
    pub port: ServicePort,
    /// Extra ports; an entry equal to `port` with protocol tcp/"" (any case) was removed.
    pub ports: Vec<ExtraPort>,
    pub privileged: bool,
    /// `name` or `name:ENV_NAME`.
    pub resources: Vec<String>,
    pub scale: Scale,
    pub security_context: Option<SecurityContext>,
    pub singleton: bool,
    pub startup_probe: StartupProbe,
    pub sticky: bool,
    pub termination: Termination,
    pub test: String,
    /// Seconds, defaulted to 60 (also when 0).
    pub timeout: i64,
    pub tls: Tls,
    pub volumes: Vec<String>,
    pub volume_options: Vec<VolumeOption>,
    pub whitelist: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccessControl {
    /// `accessControl.awsPodIdentity.policyArns`; `None` when the block is absent.
    pub aws_pod_identity: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Build {
    pub path: String,
    pub manifest: String,
    pub args: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Certificate {
    pub id: String,
    pub duration: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigMount {
    pub id: String,
    pub dir: String,
    pub filename: String,
}

/// Rolling-update bounds in percent (`deployment.minimum` / `deployment.maximum`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeploymentStrategy {
    pub minimum: i64,
    pub maximum: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DnsConfig {
    pub ndots: i64,
}

/// Readiness probe settings (`health`), defaulted: path `/`, interval 5, grace = interval,
/// timeout = interval - 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    pub disable: bool,
    pub grace: i64,
    pub interval: i64,
    pub path: String,
    pub port: ProbePort,
    pub timeout: i64,
}

/// `health.port` / `liveness.port`: int, `"scheme:port"`, or `{port, scheme}`. Zero = unset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProbePort {
    pub port: i64,
    pub scheme: String,
}

/// `liveness`, defaulted (only when `path` is non-blank): grace 10, interval 5, timeout 5,
/// success 1, failure 3.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Liveness {
    pub path: String,
    pub grace: i64,
    pub interval: i64,
    pub timeout: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
    pub port: ProbePort,
}

/// `startupProbe`, with zero fields already copied from the defaulted liveness values and
/// the GPU defaults applied (`ApplyDefaults`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StartupProbe {
    pub path: String,
    pub tcp_socket_port: String,
    pub grace: i64,
    pub interval: i64,
    pub timeout: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImagePullSecret {
    pub registry: String,
    pub username: String,
    pub password: Option<String>,
    pub password_env: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct InitContainer {
    pub image: String,
    pub command: String,
    pub volume_options: Vec<VolumeOption>,
    pub config_mounts: Vec<ConfigMount>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    pub pre_stop: String,
    pub post_start: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Affinity {
    pub label: String,
    pub weight: i64,
    pub value: String,
}

/// The main `port`. `scheme` is `http` when a port is set without one; a scheme written
/// exactly `grpc` becomes `GRPC` (as the rack's parser does; `gRPC` stays `gRPC`); other
/// schemes keep their case. `port == 0` means no port.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServicePort {
    pub port: i64,
    pub scheme: String,
}

/// One `ports` entry: protocol as written after `/` (`tcp` for a bare int, `""` for a quoted
/// bare number).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtraPort {
    pub port: i64,
    pub protocol: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scale {
    pub count: ScaleCount,
    /// Millicores; defaulted to 250 (or `limit.cpu`) unless the service has GPUs.
    pub cpu: i64,
    /// MiB; defaulted to 512 (or `limit.memory`) unless the service has GPUs.
    pub memory: i64,
    pub gpu: Gpu,
    pub limit: ScaleLimit,
    pub targets: ScaleTargets,
    /// `scale.keda`: a KEDA ScaledObject's settings and triggers, as written.
    pub keda: Option<Keda>,
    /// `scale.vpa`: a VerticalPodAutoscaler for the service (the rack needs `vpa_enable`).
    pub vpa: Option<Vpa>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// `scale.autoscale` (3.24.6+): KEDA triggers the rack builds for you.
    pub autoscale: Option<Autoscale>,
}

impl Scale {
    /// The rack's `IsKedaEnabled`: a `keda` block with at least one trigger. A block with only
    /// `cooldownPeriod` (say) does not count: the HPA stays.
    pub fn keda_enabled(&self) -> bool {
        self.keda.as_ref().is_some_and(|k| !k.triggers.is_empty())
    }

    /// The rack's `Autoscale.IsEnabled`: any autoscale trigger configured.
    pub fn autoscale_enabled(&self) -> bool {
        self.autoscale.as_ref().is_some_and(Autoscale::is_enabled)
    }
}

/// `scale.keda` (the rack's `ServiceScaleKeda`): read with JSON field names, as the rack's
/// sigs.k8s.io/yaml does. `advanced` and `fallback` are KEDA's own shapes, kept as JSON for
/// mapping to read into KEDA's types.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keda {
    pub polling_interval: Option<i64>,
    pub initial_cooldown_period: Option<i64>,
    pub cooldown_period: Option<i64>,
    pub idle_replica_count: Option<i64>,
    pub advanced: Option<serde_json::Value>,
    pub fallback: Option<serde_json::Value>,
    /// KEDA `ScaleTriggers`, e.g. `{type: aws-sqs-queue, metadata: {...}}`.
    pub triggers: Vec<KedaTrigger>,
}

/// One KEDA trigger (KEDA's `ScaleTriggers`), as the rack reads it: JSON field names, and
/// `metadata` values as strings (`queueLength: 5` is `"5"`). Serializes to KEDA's JSON.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KedaTrigger {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub use_cached_metrics: bool,
    /// A Go map: sorted by key.
    pub metadata: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_ref: Option<TriggerAuthRef>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub metric_type: String,
}

/// A trigger's `authenticationRef`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TriggerAuthRef {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
}

/// `scale.vpa` (the rack's `VPA`). `update_mode` is canonical (`Off`, `Initial`,
/// `Recreate`) when it matches one in any case; YAML `false` (or `off`, `no`) reads as `Off`,
/// as the rack's parser has it. Anything else stays as written (and is an error).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vpa {
    pub update_mode: String,
    /// Millicores, as strings (`"100"` → `100m`).
    pub min_cpu: Option<String>,
    pub max_cpu: Option<String>,
    /// MiB, as strings (`"256"` → `256Mi`).
    pub min_mem: Option<String>,
    pub max_mem: Option<String>,
    pub cpu_only: Option<bool>,
    pub mem_only: Option<bool>,
    pub update_request_only: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleCount {
    pub min: i64,
    pub max: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gpu {
    pub count: i64,
    /// `nvidia` when count > 0 and no vendor was given.
    pub vendor: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleLimit {
    pub cpu: i64,
    pub memory: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleTargets {
    pub cpu: i64,
    pub memory: i64,
    /// Parsed, not rendered by a v3 rack.
    pub requests: i64,
    pub external: Vec<ExternalTarget>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExternalTarget {
    pub name: String,
    /// A Go map: sorted by key.
    pub match_labels: Pairs,
    /// The rack's `*float64`, as Go's `%v` prints it in the template (`30`, `0.5`).
    pub average_value: Option<String>,
    pub value: Option<String>,
}

/// `scale.autoscale` (the rack's `ServiceAutoscale`): camelCase keys only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Autoscale {
    pub cpu: Option<AutoscaleMode>,
    pub memory: Option<AutoscaleMode>,
    pub gpu_utilization: Option<AutoscaleMode>,
    pub queue_depth: Option<AutoscaleMode>,
    /// KEDA `ScaleTriggers`, added after the ones the rack builds.
    pub custom: Vec<KedaTrigger>,
    pub cooldown_period: Option<i64>,
    pub polling_interval: Option<i64>,
}

impl Autoscale {
    /// Any trigger configured (the rack's `IsEnabled`).
    pub fn is_enabled(&self) -> bool {
        self.cpu.is_some()
            || self.memory.is_some()
            || self.gpu_utilization.is_some()
            || self.queue_depth.is_some()
            || !self.custom.is_empty()
    }

    /// The rack's `NeedsPrometheus`: a gpuUtilization or queueDepth trigger without its own
    /// `prometheusUrl`, so the rack's `prometheus_url` must supply one.
    pub fn needs_prometheus(&self) -> bool {
        [&self.gpu_utilization, &self.queue_depth].into_iter().flatten().any(|m| m.prometheus_url.is_empty())
    }
}

/// One autoscale trigger block (the rack's `AutoscaleMode`): a float threshold, plus the
/// Prometheus settings the gpuUtilization and queueDepth triggers read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AutoscaleMode {
    pub threshold: f64,
    pub metric_name: String,
    pub prometheus_url: String,
    pub query: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityContext {
    pub run_as_non_root: Option<bool>,
    pub run_as_user: Option<i64>,
    pub run_as_group: Option<i64>,
    pub read_only_root_filesystem: Option<bool>,
    pub allow_privilege_escalation: Option<bool>,
    pub capabilities_add: Vec<String>,
    pub capabilities_drop: Vec<String>,
    pub seccomp_profile: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Termination {
    pub grace: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tls {
    pub redirect: bool,
}

/// One `volumeOptions` entry: exactly one of the three is set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VolumeOption {
    pub empty_dir: Option<EmptyDir>,
    pub aws_efs: Option<AwsEfs>,
    pub azure_files: Option<AzureFiles>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmptyDir {
    pub id: String,
    pub medium: String,
    pub mount_path: String,
    pub size_limit: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AwsEfs {
    pub id: String,
    pub access_mode: String,
    pub mount_path: String,
    pub storage_class: String,
    pub volume_handle: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AzureFiles {
    pub id: String,
    pub access_mode: String,
    pub mount_path: String,
    pub share_size: String,
}

// ---------------------------------------------------------------------------------------
// resources, timers, balancers

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    /// YAML key `type`, e.g. `postgres`, `rds-postgres`.
    pub kind: String,
    pub image: String,
    /// YAML scalars stringified (`storage: 20` → `"20"`).
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timer {
    pub command: String,
    /// Normalised: at most 5 fields, a lone `?` field becomes `*`.
    pub schedule: String,
    pub service: String,
    /// As written (title-cased at render time); empty when absent.
    pub concurrency: String,
    pub parallel_count: i64,
    pub annotations: Pairs,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Balancer {
    pub service: String,
    pub ports: Vec<BalancerPort>,
    /// A string is one entry (`"a,b"` is one, invalid, CIDR); a list gives one per item.
    pub whitelist: Vec<String>,
    pub annotations: Pairs,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BalancerPort {
    /// The listen port, the map key as written.
    pub listen: String,
    pub target: i64,
    /// `TCP` for the int form; verbatim (possibly empty) for the map form.
    pub protocol: String,
}

/// The values `budget.atCapAction` takes.
pub(crate) const AT_CAP_ACTIONS: &[&str] = &["alert-only", "block-new-deploys", "auto-shutdown"];

/// The access modes a shared volume may have.
pub(crate) const ACCESS_MODES: &[&str] = &["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"];
