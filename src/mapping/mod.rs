//! `mapping` turns a loaded [`Manifest`] into the typed Kubernetes objects a default AWS rack
//! (nginx router, resolver on, convox-domain TLS on) applies, in the rack's apply order
//! (rack-reference §1.3). One module per Convox concept; each object is tagged with the
//! [`Role`] it plays so the catalog can name its pattern and kubectl commands.

pub mod absent;
mod balancer;
mod check;
mod config;
mod contour;
pub mod crd;
mod ingress;
pub mod labels;
pub mod names;
mod namespace;
pub mod object;
mod pod;
mod rack;
mod resource;
pub mod rules;
mod service;
mod shellquote;
pub mod stand_ins;
mod timer;

use std::collections::BTreeMap;

pub use object::Object;
pub use stand_ins::StandIns;

use crate::diagnostic::Diagnostic;
use crate::manifest::{Env, Manifest};
use crate::profile::Profile;

/// The release being promoted and the rack it lands on.
#[derive(Debug, Clone)]
pub struct Context {
    pub rack: String,
    pub app: String,
    /// Release id (`R…`): the `release` label.
    pub release: String,
    /// Build id (`B…`): the image tag `<service>.<build>`.
    pub build: String,
    /// The release environment (`convox env`).
    pub env: Env,
    /// The rack's provider and parameters.
    pub profile: Profile,
    /// Values a real rack derives from its own install (domain, registry, resolver address).
    pub stand_ins: StandIns,
    /// The applied labels, hashed once per render rather than once per object (see
    /// [`labels::applied`]). Left empty when building a `Context`: it fills itself.
    pub applied_labels: std::sync::OnceLock<Labels>,
    /// The app and rack namespaces, formatted once per render rather than once per object.
    /// Left empty when building a `Context`: it fills itself.
    pub namespaces: std::sync::OnceLock<(String, String)>,
}

impl Context {
    fn namespaces(&self) -> &(String, String) {
        self.namespaces
            .get_or_init(|| (format!("{}-{}", self.rack, self.app), format!("{}-system", self.rack)))
    }

    /// `<rack>-<app>`: the app namespace (§4.1).
    pub fn namespace(&self) -> &str {
        &self.namespaces().0
    }

    /// `<rack>-system`: the rack namespace.
    pub fn rack_namespace(&self) -> &str {
        &self.namespaces().1
    }

    /// The rack's Convox release: a rule that changed in release X is gated where it is
    /// rendered, `ctx.version() >= V3_24_6`.
    pub fn version(&self) -> crate::profile::RackVersion {
        self.profile.version()
    }
}

impl Default for Context {
    fn default() -> Context {
        Context {
            rack: "my-rack".into(),
            app: "my-app".into(),
            release: "RABC1234DEF".into(),
            build: "BABC1234DEF".into(),
            env: Env::new(),
            profile: Profile::default(),
            stand_ins: StandIns::default(),
            applied_labels: std::sync::OnceLock::new(),
            namespaces: std::sync::OnceLock::new(),
        }
    }
}

/// The Convox concept an object comes from (the JSON contract's `concept`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Concept {
    Rack,
    App,
    Service,
    Resource,
    Timer,
    Balancer,
}

/// What an object is for. The catalog derives the naming pattern and kubectl commands from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Namespace `<rack>-system`.
    RackNamespace,
    /// Namespace `<rack>-<app>`.
    AppNamespace,
    /// Service `balancer-<balancer>` of type LoadBalancer.
    Balancer,
    /// Ingress `<service>`.
    Ingress,
    /// Ingress `<service>-internal`.
    InternalIngress,
    /// Secret `<certificate.id>` copied from the rack namespace.
    CertificateSecret,
    /// ConfigMap `resource-<name>` of a containerized resource (or its masked form).
    ResourceConfigMap,
    /// Deployment `resource-<name>`.
    ResourceDeployment,
    /// Service `resource-<name>` (NodePort).
    ResourceService,
    /// PersistentVolumeClaim `resource-<name>`.
    ResourceVolumeClaim,
    /// ConfigMap `resource-<name>` of an rds-*/elasticache-* resource.
    ManagedResourceConfigMap,
    /// Secret `cfg-<id>` from `configs`.
    ConfigSecret,
    /// Secret `docker-hub-authentication` (the rack's Docker Hub credentials).
    DockerHubSecret,
    /// PersistentVolume `efs-pv-<app>-<service>-<id>`.
    EfsVolume,
    /// PersistentVolumeClaim `efs-<service>-<id>`.
    EfsVolumeClaim,
    /// PersistentVolumeClaim `azurefiles-<service>-<id>`.
    AzureFilesVolumeClaim,
    /// Secret `convox-<app>-<service>-pull-<registry>`.
    ImagePullSecret,
    /// Secret `env-<service>`.
    EnvSecret,
    /// ServiceAccount `<service>`.
    ServiceAccount,
    /// Deployment `<service>`.
    Deployment,
    /// DaemonSet `<service>` (agent).
    DaemonSet,
    /// HorizontalPodAutoscaler `<service>`.
    Autoscaler,
    /// Service `<service>` (ClusterIP).
    ClusterService,
    /// PodDisruptionBudget `<service>` (made by the rack's deployment controller).
    DisruptionBudget,
    /// ServiceAccount `timer-<timer>`.
    TimerServiceAccount,
    /// CronJob `timer-<timer>`.
    CronJob,
    /// HTTPProxy `<service>` (contour router).
    HttpProxy,
    /// HTTPProxy `<service>` on the internal contour router.
    InternalHttpProxy,
    /// HTTPProxy `<service>-domain-<i>` for a custom domain (contour router).
    DomainHttpProxy,
    /// cert-manager Certificate `cert-<service>` (contour router).
    Certificate,
    /// cert-manager Certificate `cert-<service>-domains` (contour router).
    DomainsCertificate,
    /// KEDA ScaledObject `<service>`.
    ScaledObject,
    /// KEDA TriggerAuthentication `keda-aws-auth-default`.
    TriggerAuthentication,
    /// VerticalPodAutoscaler `<service>`.
    VerticalPodAutoscaler,
}

/// One object the rack would apply, with where it came from.
#[derive(Debug, Clone)]
pub struct Generated {
    pub object: Object,
    pub role: Role,
    pub concept: Concept,
    /// The convox.yml name it belongs to (`web`, `database`, `cleanup`); `None` for rack/app.
    pub owner: Option<String>,
    /// The convox.yml path it came from, e.g. `services.web` or
    /// `services.web.volumeOptions[0].awsEfs`; empty for objects with no source (rack).
    pub source: String,
    /// What the rack really does where the seed would mislead, and stand-in values.
    pub notes: Vec<String>,
}

impl Mapped {
    /// Pushes `object`, made for service `owner` from convox.yml path `source`.
    pub fn push_service(
        &mut self,
        owner: &str,
        object: Object,
        role: Role,
        source: String,
        notes: Vec<String>,
    ) {
        self.objects.push(Generated {
            object,
            role,
            concept: Concept::Service,
            owner: Some(owner.to_string()),
            source,
            notes,
        });
    }
}

/// Mapping's answer: objects in apply order, plus diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub objects: Vec<Generated>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds every object for `manifest` on the rack described by `ctx`.
pub fn map(manifest: &Manifest, ctx: &Context) -> Mapped {
    let mut out = Mapped::default();
    rack::check(manifest, ctx, &mut out);
    namespace::render(ctx, &mut out);
    config::render_docker_hub(ctx, &mut out);
    config::render(manifest, ctx, &mut out);
    balancer::render(manifest, ctx, &mut out);
    ingress::render(manifest, ctx, &mut out);
    resource::render_containerized(manifest, ctx, &mut out);
    service::render(manifest, ctx, &mut out);
    timer::render(manifest, ctx, &mut out);
    resource::render_managed(manifest, ctx, &mut out);
    check::check_names(&mut out, ctx);
    out
}

/// Sorted label set, the form every helper here returns.
pub type Labels = BTreeMap<String, String>;
