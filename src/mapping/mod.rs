//! `mapping` turns a loaded [`Manifest`] into the typed Kubernetes objects a default AWS rack
//! (nginx router, resolver on, convox-domain TLS on) applies, in the rack's apply order
//! (`provider/k8s/release.go` `ReleasePromote`). One module per Convox concept; each object is tagged with the
//! [`Role`] it plays so the catalog can name its pattern and kubectl commands.

pub mod absent;
mod balancer;
pub mod check;
pub(crate) mod config;
mod contour;
pub mod crd;
mod ignored;
mod ingress;
pub mod labels;
pub mod names;
mod namespace;
pub mod object;
mod plain;
mod pod;
mod rack;
mod resource;
pub mod rules;
mod safe;
mod service;
mod shellquote;
pub mod stand_ins;
mod timer;
mod unescape;

use crate::hashed::HashMap;
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
            .get_or_init(|| (names::app_namespace(&self.rack, &self.app), names::rack_namespace(&self.rack)))
    }

    /// `<rack>-<app>`: the app namespace.
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

/// The rack name when the caller gives none (the CLI's flag default, the page's placeholder).
pub const DEFAULT_RACK: &str = "my-rack";
/// The app name when the caller gives none.
pub const DEFAULT_APP: &str = "my-app";
/// The release id when the caller gives none: a stand-in, shaped like the rack's ids.
pub const DEFAULT_RELEASE: &str = "RABC1234DEF";
/// The build id when the caller gives none.
pub const DEFAULT_BUILD: &str = "BABC1234DEF";

impl Default for Context {
    fn default() -> Context {
        Context {
            rack: DEFAULT_RACK.into(),
            app: DEFAULT_APP.into(),
            release: DEFAULT_RELEASE.into(),
            build: DEFAULT_BUILD.into(),
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Concept {
    Rack,
    App,
    Service,
    Resource,
    Timer,
    Balancer,
}

/// What an object is for. Its naming pattern is [`names::pattern`]; the catalog derives the
/// kubectl commands from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The rack's Namespace.
    RackNamespace,
    /// The app's Namespace.
    AppNamespace,
    /// Service of type LoadBalancer.
    Balancer,
    /// A service's Ingress (nginx router).
    Ingress,
    /// A service's Ingress on the internal router.
    InternalIngress,
    /// Secret copied from the rack namespace.
    CertificateSecret,
    /// ConfigMap of a containerized resource (or its masked form).
    ResourceConfigMap,
    /// A containerized resource's Deployment.
    ResourceDeployment,
    /// A containerized resource's Service (NodePort).
    ResourceService,
    /// A containerized resource's PersistentVolumeClaim.
    ResourceVolumeClaim,
    /// ConfigMap of an rds-*/elasticache-* resource.
    ManagedResourceConfigMap,
    /// Secret from `configs`.
    ConfigSecret,
    /// Secret (the rack's Docker Hub credentials).
    DockerHubSecret,
    /// The PersistentVolume of an `awsEfs` volume with a `volumeHandle`.
    EfsVolume,
    /// The PersistentVolumeClaim of an `awsEfs` volume.
    EfsVolumeClaim,
    /// The PersistentVolumeClaim of an `azureFiles` volume.
    AzureFilesVolumeClaim,
    /// A service's image-pull Secret (`imagePullSecrets`).
    ImagePullSecret,
    /// A service's environment Secret.
    EnvSecret,
    /// A service's ServiceAccount.
    ServiceAccount,
    /// A service's Deployment.
    Deployment,
    /// DaemonSet (agent).
    DaemonSet,
    /// HorizontalPodAutoscaler.
    Autoscaler,
    /// Service (ClusterIP).
    ClusterService,
    /// PodDisruptionBudget (made by the rack's deployment controller).
    DisruptionBudget,
    /// A timer's ServiceAccount.
    TimerServiceAccount,
    /// A timer's CronJob.
    CronJob,
    /// HTTPProxy (contour router).
    HttpProxy,
    /// HTTPProxy on the internal contour router.
    InternalHttpProxy,
    /// HTTPProxy for a custom domain (contour router).
    DomainHttpProxy,
    /// cert-manager Certificate for the rack-domain host (contour router).
    Certificate,
    /// cert-manager Certificate for the custom domains (contour router).
    DomainsCertificate,
    /// KEDA ScaledObject.
    ScaledObject,
    /// KEDA TriggerAuthentication.
    TriggerAuthentication,
    /// VerticalPodAutoscaler.
    VerticalPodAutoscaler,
}

/// How the rack writes an object into the cluster, which decides what a later deploy does to
/// it when it is changed or left behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Writer {
    /// In the release template, applied with `kubectl apply --prune -l atom=<hash>`
    /// (`pkg/atom/atom.go` `applyTemplate`): a field it applied is set again at every deploy,
    /// and an object it applied before and no longer renders is pruned.
    Apply,
    /// Created or patched through the Kubernetes API by the rack (PodDisruptionBudgets by the
    /// deployment controller, `cfg-<id>` and `docker-hub-authentication` Secrets at promote):
    /// never pruned.
    Api,
    /// Not written by an app release at all (the rack namespace, made by terraform).
    Rack,
}

impl Role {
    /// How the rack writes an object of this role.
    pub fn writer(self) -> Writer {
        match self {
            Role::RackNamespace => Writer::Rack,
            // `provider/k8s/controller_deployment.go` SyncPDB; `provider/k8s/release.go`
            // releaseAppConfigs; `provider/k8s/process.go` ensureDockerHubSecret.
            Role::DisruptionBudget | Role::ConfigSecret | Role::DockerHubSecret => Writer::Api,
            _ => Writer::Apply,
        }
    }
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
    /// One error at `paths[0]`, naming the other places with the same cause (one cause, one
    /// diagnostic).
    pub fn error_once(&mut self, paths: &[String], message: String) {
        let message = match paths.len() {
            1 => message,
            _ => format!("{message} (also at {})", paths[1..].join(", ")),
        };
        self.diagnostics.push(Diagnostic::error(message).at(paths[0].clone()));
    }

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
    /// What one owner made itself in one pass ([`Pass`]), in object order: what a later
    /// [`map_keeping`] may be given back for it.
    pub made: Vec<Made>,
    /// `(index in objects, the caller's index)` of each object [`map_keeping`] was given back.
    pub kept: Vec<(usize, usize)>,
}

/// The passes whose work for one owner is a pure function of that owner's model (and of a
/// timer's service's) on the context: what an edit elsewhere may give back ([`Kept`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// A service's public route (its Ingress), where it copies no certificate: the copy goes
    /// with the first service naming it, which reads the others.
    PublicRoute,
    /// A service's route on the internal router, on the same terms.
    InternalRoute,
    /// A service's own objects.
    Service,
    /// A timer's objects: its model's and its service's.
    Timer,
}

/// The objects and diagnostics one owner made itself in one pass, as ranges of [`Mapped`]'s.
#[derive(Debug, Clone)]
pub struct Made {
    pub pass: Pass,
    /// The service's or timer's name.
    pub name: String,
    pub objects: std::ops::Range<usize>,
    pub diagnostics: std::ops::Range<usize>,
    /// For a service: whether a service before it had rendered KEDA's shared
    /// TriggerAuthentication, the one thing a service's objects read of the others (only the
    /// first KEDA service on AWS shows it), so what it made is given back only where this is
    /// the same. False in the other passes.
    pub auth_before: bool,
    /// Whether its objects passed [`check::check_names`] without a problem. Objects given back
    /// so are not checked again (the check reads only the object and the context): checking
    /// every label of every object was a third of a one-service edit's mapping at 200 services.
    pub checked: bool,
}

/// What an earlier mapping made of one owner in one pass, given back to [`map_keeping`] when
/// the models it read and the context are those it was made of: its objects in order, the
/// caller's index of each, and its own diagnostics.
#[derive(Debug, Default)]
pub struct Kept {
    pub objects: Vec<Generated>,
    pub from: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// [`Made::auth_before`] when it was made.
    pub auth_before: bool,
    /// [`Made::checked`] when it was made.
    pub checked: bool,
}

/// What [`map_keeping`] may be given back, by pass and owner name.
pub type KeptWork = HashMap<(Pass, String), Kept>;

impl Mapped {
    /// Records one owner's work in `pass`: what `kept` gives back, or else what `make` pushes.
    fn made_by(
        &mut self,
        pass: Pass,
        name: &str,
        kept: Option<Kept>,
        make: impl FnOnce(&mut Mapped),
    ) -> &mut Made {
        let (at, first) = (self.diagnostics.len(), self.objects.len());
        let checked = match kept {
            Some(k) => {
                self.kept.extend(k.from.iter().enumerate().map(|(n, &i)| (first + n, i)));
                self.objects.extend(k.objects);
                self.diagnostics.extend(k.diagnostics);
                k.checked
            }
            None => {
                make(self);
                false
            }
        };
        self.made.push(Made {
            pass,
            name: name.to_string(),
            objects: first..self.objects.len(),
            diagnostics: at..self.diagnostics.len(),
            auth_before: false,
            checked,
        });
        self.made.last_mut().expect("just pushed")
    }
}

/// Builds every object for `manifest` on the rack described by `ctx`.
pub fn map(manifest: &Manifest, ctx: &Context) -> Mapped {
    map_keeping(manifest, ctx, &mut HashMap::default())
}

/// [`map`], with the objects and diagnostics of each owner's pass in `kept` given back instead
/// of made again: the caller vouches that each is what that pass made before of the same
/// models on this context ([`Pass`]: a route or a service reads its service's model, a timer
/// its own and its service's; a service also whether a service before it rendered KEDA's
/// shared TriggerAuthentication, and a kept service made with another answer to that is made
/// again: [`Kept::auth_before`]). What is given back is listed in [`Mapped::kept`]. Equals
/// [`map`].
pub fn map_keeping(manifest: &Manifest, ctx: &Context, kept: &mut KeptWork) -> Mapped {
    let mut out = Mapped::default();
    rack::check(manifest, ctx, &mut out);
    ignored::check(manifest, ctx, &mut out);
    namespace::render(ctx, &mut out);
    config::render_docker_hub(ctx, &mut out);
    config::render(manifest, ctx, &mut out);
    balancer::render(manifest, ctx, &mut out);
    // The router: Ingresses (nginx) or HTTPProxies with cert-manager Certificates (contour).
    if ctx.profile.contour() {
        contour::render(manifest, ctx, &mut out);
    } else {
        ingress::render(manifest, ctx, &mut out, kept);
    }
    resource::render_containerized(manifest, ctx, &mut out);
    service::render(manifest, ctx, &mut out, kept);
    timer::render(manifest, ctx, &mut out, kept);
    resource::render_managed(manifest, ctx, &mut out);
    check::check_names(&mut out, ctx);
    out
}

/// Sorted label set, the form every helper here returns.
pub type Labels = BTreeMap<String, String>;
