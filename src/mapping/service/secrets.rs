//! A service's Secrets and identity: image-pull Secrets, the env Secret `env-<service>` with
//! everything the rack puts in it, and the ServiceAccount (with the EKS Pod Identity note).

use crate::sorted::sorted_map;
use std::collections::BTreeMap;

use base64::Engine as _;
use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::ByteString;

use super::{meta, pairs_map};
use crate::manifest::Service;
use crate::mapping::labels::{labels, top_level};
use crate::mapping::{names, Context};

use crate::mapping::stand_ins::RACK_PASSWORD_STAND_IN;

/// Secret `convox-<app>-<service>-pull-<slug>` of type dockerconfigjson.
pub(super) fn pull_secret(
    ctx: &Context,
    service: &str,
    registry: &str,
    username: &str,
    password: &str,
) -> Secret {
    let b64 = base64::engine::general_purpose::STANDARD;
    let auth = b64.encode(format!("{username}:{password}"));
    let config = serde_json::json!({ "auths": { registry: { "auth": auth } } });
    Secret {
        metadata: meta(
            ctx,
            &names::pull_secret(ctx, service, registry),
            top_level(
                ctx,
                labels([
                    ("system", "convox"),
                    ("app", ctx.app.as_str()),
                    ("service", service),
                    ("type", "image-pull"),
                ]),
                &[],
            ),
        ),
        type_: Some("kubernetes.io/dockerconfigjson".into()),
        data: Some(BTreeMap::from([(
            ".dockerconfigjson".to_string(),
            ByteString(config.to_string().into_bytes()),
        )])),
        ..Default::default()
    }
}

/// The env Secret's contents (`environment` in `provider/k8s/helpers.go`), later entries
/// overriding earlier: RACK and RACK_URL (none with the `system-env-disable` gate), APP,
/// RELEASE, with a build BUILD, BUILD_DESCRIPTION and BUILD_GIT_SHA, SERVICE/PORT, the
/// manifest's `KEY=default`s, then the whole release env.
pub fn environment(ctx: &Context, name: &str, svc: &Service) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    if !ctx.profile.gates().on("system-env-disable") {
        env.insert("RACK".to_string(), ctx.rack.clone());
        env.insert(
            "RACK_URL".to_string(),
            format!(
                "https://convox:{RACK_PASSWORD_STAND_IN}@api.{}.svc.cluster.local:5443",
                ctx.rack_namespace()
            ),
        );
    }
    env.insert("APP".to_string(), ctx.app.clone());
    env.insert("RELEASE".to_string(), ctx.release.clone());
    if !ctx.build.is_empty() {
        env.insert("BUILD".to_string(), ctx.build.clone());
        // The build's own description and git commit: only the rack knows them.
        env.insert("BUILD_DESCRIPTION".to_string(), String::new());
        env.insert("BUILD_GIT_SHA".to_string(), String::new());
    }
    env.insert("SERVICE".to_string(), name.to_string());
    if svc.port.port > 0 {
        env.insert("PORT".to_string(), svc.port.port.to_string());
    }
    for entry in &svc.environment {
        if let Some((key, value)) = entry.split_once('=') {
            env.insert(key.to_string(), value.to_string());
        }
    }
    env.extend(ctx.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    env
}

pub(super) fn env_secret(ctx: &Context, name: &str, svc: &Service) -> Secret {
    let data =
        sorted_map(environment(ctx, name, svc).into_iter().map(|(k, v)| (k, ByteString(v.into_bytes()))));
    Secret {
        metadata: meta(
            ctx,
            &names::env_secret(name),
            top_level(ctx, labels([("type", "env"), ("service", name)]), &svc.labels),
        ),
        type_: Some("Opaque".into()),
        data: Some(data),
        ..Default::default()
    }
}

pub(super) fn env_notes(ctx: &Context, name: &str) -> Vec<String> {
    let ns = ctx.namespace();
    let mut notes = Vec::new();
    if ctx.profile.gates().on("system-env-disable") {
        notes.push("No RACK or RACK_URL: the rack's system-env-disable feature gate leaves them out.".into());
    } else {
        notes.push(format!(
            "RACK_URL carries the rack API password; {RACK_PASSWORD_STAND_IN} is a stand-in. Read the real value with: \
             kubectl get secret env-{name} -n {ns} -o jsonpath='{{.data.RACK_URL}}' | base64 -d"
        ));
    }
    if !ctx.build.is_empty() {
        notes.push(format!(
            "BUILD_DESCRIPTION and BUILD_GIT_SHA are build {}'s description and git commit, empty here: only the rack \
             knows them. Read the description with: convox builds info {} -a {}",
            ctx.build, ctx.build, ctx.app
        ));
    }
    notes.push("Holds every `convox env` variable, not only the ones this service declares.".into());
    notes
}

pub(super) fn service_account(ctx: &Context, name: &str, svc: &Service) -> ServiceAccount {
    let mut metadata =
        meta(ctx, name, top_level(ctx, labels([("service", name), ("type", "serviceaccount")]), &svc.labels));
    metadata.annotations = pairs_map(&svc.annotations);
    ServiceAccount { metadata, ..Default::default() }
}

/// The IAM role name the rack creates for EKS Pod Identity (`provider/aws/release.go`).
pub fn pod_identity_role(ctx: &Context, service: &str) -> String {
    let base = format!("{}-{}-{service}", ctx.rack, ctx.app);
    let mut role = format!("{base}-{}", &names::sha256_hex(&base)[..8]);
    if role.len() > 63 {
        names::cut(&mut role, 62);
    }
    role
}

pub(super) fn pod_identity_note(ctx: &Context, service: &str) -> String {
    format!(
        "accessControl.awsPodIdentity adds no annotation here: the rack creates IAM role {} (path /convox/) and an \
         EKS Pod Identity Association through the AWS API binding it to this ServiceAccount. Check it with: \
         aws eks list-pod-identity-associations --cluster-name {} --namespace {} --service-account {service}",
        pod_identity_role(ctx, service),
        ctx.rack,
        ctx.namespace()
    )
}
