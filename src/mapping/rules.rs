//! The rack's conditions for the objects it renders only sometimes, each in one small
//! predicate. The mapping calls a predicate to decide whether to render its object, and the
//! why-not ([`super::absent`]) calls the same predicate to say why an object is not there: one
//! place decides both. `Ok(())` means the rack renders the object; `Err` carries the deciding
//! rule, the first that fails in the order the rack's templates and `release.go` test them.

use super::service::vpa;
use super::{resource, Context};
use crate::manifest::{AwsEfs, Resource, Service, Timer};
use crate::profile::Provider;

/// Whether the rack renders an object: `Err` says why not.
pub type Rule = Result<(), Why>;

/// The deciding rule when the rack renders no such object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
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

/// HorizontalPodAutoscaler `<service>`: a count range, unless KEDA scales the service or it
/// is an agent (`service.yml.tmpl`).
pub fn autoscaler(svc: &Service) -> Rule {
    let scale = &svc.scale;
    if svc.agent {
        Err(Why::Agent)
    } else if scale.keda_enabled() {
        Err(Why::KedaScales("keda"))
    } else if scale.autoscale_enabled() {
        Err(Why::KedaScales("autoscale"))
    } else if scale.count.min == scale.count.max {
        Err(Why::FixedCount(scale.count.min))
    } else {
        Ok(())
    }
}

/// KEDA ScaledObject `<service>` (`releaseTemplateServices`): autoscale or KEDA triggers, a
/// rack with KEDA, a count range, and a Prometheus for the triggers that need one.
pub fn scaled_object(ctx: &Context, svc: &Service) -> Rule {
    let scale = &svc.scale;
    let prometheus_missing = ctx.profile.prometheus_url().is_empty()
        && scale.autoscale.as_ref().is_some_and(|a| a.is_enabled() && a.needs_prometheus());
    if svc.agent {
        Err(Why::Agent)
    } else if !scale.autoscale_enabled() && !scale.keda_enabled() {
        Err(Why::NoAutoscale)
    } else if !ctx.profile.keda() {
        Err(Why::KedaOff)
    } else if scale.count.max <= scale.count.min {
        Err(Why::FixedCount(scale.count.min))
    } else if prometheus_missing {
        Err(Why::NoPrometheus)
    } else {
        Ok(())
    }
}

/// VerticalPodAutoscaler `<service>`: a `scale.vpa` the rack's validation accepts (whether
/// the rack has the VPA is a refusal, not a condition: `rack::check`).
pub fn vertical_autoscaler(svc: &Service) -> Rule {
    let Some(v) = &svc.scale.vpa else { return Err(Why::NoVpa) };
    if vpa::update_mode(&v.update_mode).is_none() || (v.cpu_only == Some(true) && v.mem_only == Some(true)) {
        return Err(Why::InvalidVpa);
    }
    Ok(())
}

/// ClusterIP Service `<service>`: a `port` or a `ports` entry.
pub fn cluster_service(svc: &Service) -> Rule {
    if svc.port.port > 0 || svc.ports.iter().any(|p| p.port > 0) {
        Ok(())
    } else {
        Err(Why::NoPort)
    }
}

/// The public router's Ingress (or HTTPProxy) `<service>`: a `port`, neither `internal` nor
/// on the internal router (`Services.Routable().ExternalRouter()`).
pub fn public_route(svc: &Service) -> Rule {
    if svc.port.port <= 0 {
        Err(Why::NoPort)
    } else if svc.internal_router {
        Err(Why::InternalRouter)
    } else if svc.internal {
        Err(Why::Internal)
    } else {
        Ok(())
    }
}

/// The internal router's Ingress `<service>-internal` (or HTTPProxy `<service>`): a `port`
/// and `internalRouter: true` (`Services.Routable().InternalRouter()`).
pub fn internal_route(svc: &Service) -> Rule {
    if svc.port.port <= 0 {
        Err(Why::NoPort)
    } else if !svc.internal_router {
        Err(Why::PublicRouter)
    } else {
        Ok(())
    }
}

/// Whether a routed host gets TLS from the rack's domain certificate on the contour router:
/// `convox_domain_tls_cert_disable` off, and `contour_internal_tls` for the internal router.
pub fn domain_tls(ctx: &Context, internal: bool) -> Rule {
    if !ctx.profile.domain_tls() {
        Err(Why::DomainTlsOff)
    } else if internal && !ctx.profile.contour_internal_tls() {
        Err(Why::InternalTlsOff)
    } else {
        Ok(())
    }
}

/// cert-manager Certificate `cert-<service>` of a routed service: the contour router, no
/// `certificate.id`, and [`domain_tls`] (`releaseTemplateHTTPProxyCore`).
pub fn certificate(ctx: &Context, svc: &Service, internal: bool) -> Rule {
    if !svc.certificate.id.is_empty() {
        Err(Why::OwnCertificate)
    } else if !ctx.profile.contour() {
        Err(Why::NginxRouter)
    } else {
        domain_tls(ctx, internal)
    }
}

/// The PodDisruptionBudget the rack's deployment controller adds to a service's Deployment,
/// unless the service turns it off by annotation (the controller reads the misspelt key too).
pub fn disruption_budget(svc: &Service) -> Rule {
    if svc.agent {
        return Err(Why::Agent);
    }
    let set =
        |key: &str| svc.annotations.iter().rev().find(|(k, _)| k == key).is_some_and(|(_, v)| v == "true");
    match ["convox.com/pdb-disabled", "convox.com/pdb-disbaled"].into_iter().find(|k| set(k)) {
        Some(key) => Err(Why::PdbDisabled(key)),
        None => Ok(()),
    }
}

/// PersistentVolume `efs-pv-<app>-<service>-<id>`: an `awsEfs` volume with a `volumeHandle`.
pub fn efs_volume(efs: &AwsEfs) -> Rule {
    if efs.volume_handle.is_empty() {
        Err(Why::NoVolumeHandle)
    } else {
        Ok(())
    }
}

/// The IAM role and EKS Pod Identity Association the rack makes through the AWS API for a
/// service's ServiceAccount (and its timers'): an AWS rack and a non-empty
/// `accessControl.awsPodIdentity.policyArns` (`processAwsPodIdentityAccess`).
pub fn pod_identity(ctx: &Context, svc: &Service) -> Rule {
    if ctx.profile.provider() != Provider::Aws {
        Err(Why::NotAws)
    } else if svc.access_control.aws_pod_identity.as_ref().is_none_or(Vec::is_empty) {
        Err(Why::NoPolicyArns)
    } else {
        Ok(())
    }
}

/// `TIMER_INDEX` in a timer's pods: an Indexed Job, `parallelCount` above 1.
pub fn timer_index(timer: &Timer) -> Rule {
    if timer.parallel_count > 1 {
        Ok(())
    } else {
        Err(Why::SinglePod(timer.parallel_count))
    }
}

/// A resource's Deployment and Service `resource-<name>`: a containerized type the rack has a
/// template for, not masked by `<NAME>_URL` in the release env.
pub fn resource_workload(ctx: &Context, name: &str, r: &Resource) -> Rule {
    if r.kind.is_empty() {
        return Err(Why::UnknownType);
    }
    if resource::is_managed(&r.kind) {
        return Err(Why::Managed(r.kind.clone()));
    }
    let var = resource::mask_var(name);
    if ctx.env.get(&var).is_some_and(|v| !v.trim().is_empty()) {
        return Err(Why::Masked(var));
    }
    match resource::is_database(&r.kind) {
        Some(_) => Ok(()),
        None => Err(Why::UnknownType),
    }
}

/// A resource's PersistentVolumeClaim `resource-<name>`: [`resource_workload`], and a
/// database type (caches get no volume).
pub fn resource_claim(ctx: &Context, name: &str, r: &Resource) -> Rule {
    resource_workload(ctx, name, r)?;
    match resource::is_database(&r.kind) {
        Some(true) => Ok(()),
        _ => Err(Why::Cache(r.kind.clone())),
    }
}
