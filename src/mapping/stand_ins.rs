//! Values a real rack derives from its own install or keeps secret, which no manifest or rack
//! parameter tells: the objects carry these stand-ins instead, each object that shows one says
//! so in a note, and [`list`] says of each what it stands for and where the real value comes
//! from (the header of the YAML stream).

use super::Context;
use crate::profile::Provider;

/// The rack namespace's uid, only known on a live cluster: `ownerReferences[].uid` is a
/// required field, so a visibly fake all-zero UUID stands in for it.
pub const STAND_IN_UID: &str = "00000000-0000-0000-0000-000000000000";
/// The rack API password in `RACK_URL`, the rack's own secret.
pub const RACK_PASSWORD_STAND_IN: &str = "RACK-API-PASSWORD";
/// `convox.com/data-hash` of a certificate Secret copied into the app namespace.
pub const DATA_HASH: &str = "STAND-IN";

/// The rack's install values ([`Context::stand_ins`]).
#[derive(Debug, Clone)]
pub struct StandIns {
    /// Rack domain (`DOMAIN`): hosts are `<service>.<app>.<domain>`.
    pub domain: String,
    /// Internal-router domain (`DOMAIN_INTERNAL`).
    pub internal_domain: String,
    /// AWS: the ECR registry host; the repository is `<registry>/<rack>/<app>`.
    pub ecr_registry: String,
    /// Other providers: the rack's registry host; the repository is `<registry>/<app>`.
    pub registry: String,
    /// ClusterIP of the rack's DNS resolver (`RESOLVER`).
    pub resolver: String,
    /// `EFS_FILE_SYSTEM_ID`, used to prefix a `volumeHandle` without `:`.
    pub efs_file_system_id: String,
}

impl Default for StandIns {
    fn default() -> StandIns {
        StandIns {
            domain: "0a1b2c3d4e5f.convox.cloud".into(),
            internal_domain: "0a1b2c3d4e5f.convox.site".into(),
            ecr_registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com".into(),
            registry: "registry.0a1b2c3d4e5f.convox.cloud".into(),
            resolver: "172.20.0.10".into(),
            efs_file_system_id: "fs-0123456789abcdef0".into(),
        }
    }
}

impl StandIns {
    /// The stand-ins on a rack of `profile`: the rack's domain when a parameter gives it
    /// (then no stand-in), the AWS region in the ECR host.
    pub fn of(profile: &crate::profile::Profile) -> StandIns {
        let mut s = StandIns::default();
        if let Some(domain) = profile.domain() {
            s.domain = domain.to_string();
        }
        let region = profile.aws_region();
        if !region.is_empty() {
            s.ecr_registry = format!("123456789012.dkr.ecr.{region}.amazonaws.com");
        }
        s
    }
}

/// One stand-in: the value the objects show, what it stands for, and where the real one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandIn {
    pub value: String,
    pub what: &'static str,
    /// A command or setting that gives the real value.
    pub real: String,
}

/// Every stand-in `ctx` can put in an object, in the order a reader meets them.
pub fn list(ctx: &Context) -> Vec<StandIn> {
    let s = &ctx.stand_ins;
    let (ns, rack_ns, app) = (ctx.namespace(), ctx.rack_namespace(), &ctx.app);
    // Every `real` runs as copied: no `<placeholder>`.
    let stand_in = |value: &str, what, real: String| StandIn { value: value.to_string(), what, real };
    let registry = if ctx.profile.provider() == Provider::Aws { &s.ecr_registry } else { &s.registry };
    let mut out = vec![
        stand_in(
            STAND_IN_UID,
            "the uid of the rack namespace, in the app namespace's ownerReferences",
            format!("kubectl get namespace {rack_ns} -o jsonpath='{{.metadata.uid}}'"),
        ),
        stand_in(
            registry,
            "the app's image registry (on AWS, the ECR account and region), in images and convox.com/registry",
            format!("kubectl get namespace {ns} -o jsonpath='{{.metadata.annotations.convox\\.com/registry}}'"),
        ),
        stand_in(&s.domain, "the rack's domain, in Ingress hosts", format!("convox services -a {app}")),
        stand_in(
            &s.internal_domain,
            "the rack's internal domain, in internal-router hosts",
            format!("convox services -a {app}"),
        ),
        stand_in(
            &s.resolver,
            "the ClusterIP of the rack's DNS resolver, in pods' dnsConfig",
            format!("kubectl get service resolver -n {rack_ns} -o jsonpath='{{.spec.clusterIP}}'"),
        ),
        stand_in(
            RACK_PASSWORD_STAND_IN,
            "the rack API password, in RACK_URL of the env Secrets",
            format!("kubectl get secrets -n {ns} -l type=env -o jsonpath='{{.items[0].data.RACK_URL}}' | base64 -d"),
        ),
        stand_in(
            DATA_HASH,
            "convox.com/data-hash of certificate Secrets copied from the rack namespace",
            format!(
                "kubectl get secrets -n {ns} -o custom-columns=NAME:.metadata.name,HASH:.metadata.annotations.convox\\.com/data-hash"
            ),
        ),
        stand_in(
            &s.efs_file_system_id,
            "the rack's EFS file system, in volumeHandles written without one",
            format!("the EFS_FILE_SYSTEM_ID setting of the rack's api Deployment in {rack_ns}"),
        ),
    ];
    if ctx.profile.domain().is_some() {
        // A domain a rack parameter gives is the real one.
        out.retain(|x| x.value != s.domain);
    }
    out
}
