//! The rack's conditions for the objects it renders only sometimes, each in one small
//! predicate. The mapping calls a predicate to decide whether to render its object, and the
//! why-not ([`super::absent`]) calls the same predicate to say why an object is not there: one
//! place decides both. `Ok(())` means the rack renders the object; `Err` lists every rule that
//! fails, in the order the rack's templates and `release.go` test them: the first decides, and
//! a fix has to mend them all.

use super::crd::vpa::VerticalPodAutoscalerUpdatePolicyUpdateMode as UpdateMode;
use super::resource::types;
use super::Context;
use crate::manifest::{AwsEfs, Resource, Service, Timer};
use crate::profile::Provider;
use crate::rack_version::{RackVersion, V3_22_5, V3_23_4, V3_24_4, V3_24_6};

/// Whether the rack renders an object: `Err` says why not, every failing rule in order (never
/// empty).
pub type Rule = Result<(), Vec<Why>>;

/// The rule of its checks, each `(holds, why not)`, in order: `Err` with every failing one.
/// A `Why` is made only for a check that fails (some hold a `String`).
macro_rules! rule {
    ($(($holds:expr, $why:expr)),+ $(,)?) => {{
        let mut failed = Vec::new();
        $(if !$holds {
            failed.push($why);
        })+
        verdict(failed)
    }};
}

/// `Ok` when nothing failed.
fn verdict(failed: Vec<Why>) -> Rule {
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed)
    }
}

/// The deciding rule when the rack renders no such object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The rack's release is older than this one, which brought the object (and what it is).
    NotYet(RackVersion, &'static str),
    /// `agent: true`: a DaemonSet, one pod per node.
    Agent,
    /// `scale.count` is this fixed number (min = max).
    FixedCount(i64),
    /// `scale.keda` or `scale.autoscale` (the key) hands the scaling to KEDA.
    KedaScales(&'static str),
    /// Neither `scale.autoscale` nor `scale.keda` has a trigger.
    NoAutoscale,
    /// The rack has no KEDA (`keda_enable`).
    KedaOff,
    /// A Prometheus trigger without a Prometheus to ask.
    NoPrometheus,
    /// No `scale.vpa`.
    NoVpa,
    /// `scale.vpa` that the rack's validation refuses (the loader reports why).
    InvalidVpa,
    /// Neither `port` nor `ports`.
    NoPort,
    /// `internal: true`: reachable only inside the cluster.
    Internal,
    /// `internalRouter: true`: on the internal router instead.
    InternalRouter,
    /// Not `internalRouter: true`: on the public router.
    PublicRouter,
    /// The service annotation (this key) that turns the budget off.
    PdbDisabled(&'static str),
    /// `certificate.id`: the user's own certificate, no cert-manager.
    OwnCertificate,
    /// The nginx router: cert-manager works from the Ingress, the release renders no Certificate.
    NginxRouter,
    /// `convox_domain_tls_cert_disable=true`: no TLS for the rack-domain host.
    DomainTlsOff,
    /// `contour_internal_tls=false`: no TLS for internal-router hosts.
    InternalTlsOff,
    /// An `awsEfs` volume without `volumeHandle`: the claim is provisioned dynamically.
    NoVolumeHandle,
    /// No `accessControl.awsPodIdentity.policyArns`.
    NoPolicyArns,
    /// Not an AWS rack: EKS Pod Identity is AWS's.
    NotAws,
    /// `parallelCount` is this number, not above 1.
    SinglePod(i64),
    /// The release env sets this variable (`<NAME>_URL`), which masks the resource.
    Masked(String),
    /// An AWS-managed type (this one): provisioned outside the cluster.
    Managed(String),
    /// A cache type (this one): it keeps its data in memory.
    Cache(String),
    /// A type the rack has no template for (the mapping reports it).
    UnknownType,
}

/// HorizontalPodAutoscaler `<service>`: a count range, unless KEDA scales the service or (from
/// 3.24.6) it is an agent (`service.yml.tmpl`; before 3.24.6 an agent's range gets an HPA
/// aimed at a Deployment it does not have).
pub fn autoscaler(ctx: &Context, svc: &Service) -> Rule {
    let scale = &svc.scale;
    rule!(
        (!svc.agent || ctx.version() < V3_24_6, Why::Agent),
        (!scale.keda_enabled(), Why::KedaScales("keda")),
        (!scale.autoscale_enabled(), Why::KedaScales("autoscale")),
        (scale.count.min != scale.count.max, Why::FixedCount(scale.count.min)),
    )
}

/// KEDA ScaledObject `<service>` (`releaseTemplateServices`): autoscale or KEDA triggers, a
/// rack with KEDA, a count range, and a Prometheus for the triggers that need one. From 3.23.4
/// to 3.24.5: KEDA triggers and a range, agents included (a rack without KEDA refuses the
/// release instead: `rack::check`); none before 3.23.4.
pub fn scaled_object(ctx: &Context, svc: &Service) -> Rule {
    let scale = &svc.scale;
    if ctx.version() < V3_23_4 {
        return Err(vec![Why::NotYet(V3_23_4, "KEDA autoscaling (scale.keda)")]);
    }
    if ctx.version() < V3_24_6 {
        return rule!(
            (scale.keda_enabled(), Why::NoAutoscale),
            (scale.count.max > scale.count.min, Why::FixedCount(scale.count.min)),
        );
    }
    let prometheus_missing = ctx.profile.prometheus_url().is_empty()
        && scale.autoscale.as_ref().is_some_and(|a| a.is_enabled() && a.needs_prometheus());
    rule!(
        (!svc.agent, Why::Agent),
        (scale.autoscale_enabled() || scale.keda_enabled(), Why::NoAutoscale),
        (ctx.profile.keda(), Why::KedaOff),
        (scale.count.max > scale.count.min, Why::FixedCount(scale.count.min)),
        (!prometheus_missing, Why::NoPrometheus),
    )
}

/// The rack's VPA update modes, matched case-insensitively as its validation does.
pub(crate) fn update_mode(mode: &str) -> Option<UpdateMode> {
    match mode.to_ascii_lowercase().as_str() {
        "off" => Some(UpdateMode::Off),
        "initial" => Some(UpdateMode::Initial),
        "recreate" => Some(UpdateMode::Recreate),
        _ => None,
    }
}

/// VerticalPodAutoscaler `<service>`: a `scale.vpa` the rack's validation accepts (whether
/// the rack has the VPA is a refusal, not a condition: `rack::check`); none before 3.23.4.
pub fn vertical_autoscaler(ctx: &Context, svc: &Service) -> Rule {
    if ctx.version() < V3_23_4 {
        return Err(vec![Why::NotYet(V3_23_4, "the Vertical Pod Autoscaler (scale.vpa)")]);
    }
    let Some(v) = &svc.scale.vpa else { return Err(vec![Why::NoVpa]) };
    let valid =
        update_mode(&v.update_mode).is_some() && !(v.cpu_only == Some(true) && v.mem_only == Some(true));
    rule!((valid, Why::InvalidVpa))
}

/// ClusterIP Service `<service>`: a `port` or a `ports` entry.
pub fn cluster_service(svc: &Service) -> Rule {
    rule!((svc.port.port > 0 || svc.ports.iter().any(|p| p.port > 0), Why::NoPort))
}

/// The public router's Ingress (or HTTPProxy) `<service>`: a `port`, neither `internal` nor
/// on the internal router (`Services.Routable().ExternalRouter()`).
pub fn public_route(svc: &Service) -> Rule {
    rule!(
        (svc.port.port > 0, Why::NoPort),
        (!svc.internal_router, Why::InternalRouter),
        (!svc.internal, Why::Internal),
    )
}

/// The internal router's Ingress `<service>-internal` (or HTTPProxy `<service>`): a `port`
/// and `internalRouter: true` (`Services.Routable().InternalRouter()`).
pub fn internal_route(svc: &Service) -> Rule {
    rule!((svc.port.port > 0, Why::NoPort), (svc.internal_router, Why::PublicRouter))
}

/// Whether a routed host gets TLS from the rack's domain certificate on the contour router:
/// `convox_domain_tls_cert_disable` off, and `contour_internal_tls` for the internal router.
pub fn domain_tls(ctx: &Context, internal: bool) -> Rule {
    rule!(
        (ctx.profile.domain_tls(), Why::DomainTlsOff),
        (!internal || ctx.profile.contour_internal_tls(), Why::InternalTlsOff),
    )
}

/// cert-manager Certificate `cert-<service>` of a routed service: the contour router, no
/// `certificate.id`, and [`domain_tls`] (`releaseTemplateHTTPProxyCore`).
pub fn certificate(ctx: &Context, svc: &Service, internal: bool) -> Rule {
    let mut failed = Vec::new();
    if !svc.certificate.id.is_empty() {
        failed.push(Why::OwnCertificate);
    }
    if !ctx.profile.contour() {
        failed.push(Why::NginxRouter);
    }
    failed.extend(domain_tls(ctx, internal).err().unwrap_or_default());
    verdict(failed)
}

/// The PodDisruptionBudget the rack's deployment controller adds to a service's Deployment,
/// unless the service turns it off by annotation: the misspelt `convox.com/pdb-disbaled`, and
/// from 3.24.4 `convox.com/pdb-disabled` too.
pub fn disruption_budget(ctx: &Context, svc: &Service) -> Rule {
    let set =
        |key: &str| svc.annotations.iter().rev().find(|(k, _)| k == key).is_some_and(|(_, v)| v == "true");
    let keys: &[&'static str] = if ctx.version() >= V3_24_4 {
        &["convox.com/pdb-disabled", "convox.com/pdb-disbaled"]
    } else {
        &["convox.com/pdb-disbaled"]
    };
    let off = keys.iter().copied().find(|k| set(k));
    rule!((!svc.agent, Why::Agent), (off.is_none(), Why::PdbDisabled(off.unwrap_or_default())))
}

/// PersistentVolume `efs-pv-<app>-<service>-<id>`: an `awsEfs` volume with a `volumeHandle`.
pub fn efs_volume(efs: &AwsEfs) -> Rule {
    rule!((!efs.volume_handle.is_empty(), Why::NoVolumeHandle))
}

/// The IAM role and EKS Pod Identity Association the rack makes through the AWS API for a
/// service's ServiceAccount (and its timers'): an AWS rack and a non-empty
/// `accessControl.awsPodIdentity.policyArns` (`processAwsPodIdentityAccess`).
pub fn pod_identity(ctx: &Context, svc: &Service) -> Rule {
    rule!(
        (ctx.profile.provider() == Provider::Aws, Why::NotAws),
        (svc.access_control.aws_pod_identity.as_ref().is_some_and(|a| !a.is_empty()), Why::NoPolicyArns),
    )
}

/// `TIMER_INDEX` in a timer's pods: an Indexed Job, `parallelCount` above 1 (from 3.22.5).
pub fn timer_index(ctx: &Context, timer: &Timer) -> Rule {
    if ctx.version() < V3_22_5 {
        return Err(vec![Why::NotYet(V3_22_5, "parallel timer runs (parallelCount)")]);
    }
    rule!((timer.parallel_count > 1, Why::SinglePod(timer.parallel_count)))
}

/// A resource's Deployment and Service `resource-<name>`: a containerized type the rack has a
/// template for, not masked by `<NAME>_URL` in the release env. One rule decides: a managed
/// type is never masked, and a masked one needs no template.
pub fn resource_workload(ctx: &Context, name: &str, r: &Resource) -> Rule {
    let var = types::mask_var(name);
    let why = if r.kind.is_empty() {
        Why::UnknownType
    } else if types::is_managed(&r.kind) {
        Why::Managed(r.kind.clone())
    } else if ctx.env.get(&var).is_some_and(|v| !v.trim().is_empty()) {
        Why::Masked(var)
    } else if types::is_database(&r.kind).is_none() {
        Why::UnknownType
    } else {
        return Ok(());
    };
    Err(vec![why])
}

/// A resource's PersistentVolumeClaim `resource-<name>`: [`resource_workload`], and a
/// database type (caches get no volume).
pub fn resource_claim(ctx: &Context, name: &str, r: &Resource) -> Rule {
    resource_workload(ctx, name, r)?;
    rule!((types::is_database(&r.kind) == Some(true), Why::Cache(r.kind.clone())))
}
