//! `service` owns the per-service objects of a release (`service.yml.tmpl`,
//! 7), in the rack's order: EFS PersistentVolume/PersistentVolumeClaim, image-pull Secrets,
//! the env Secret `env-<service>`, ServiceAccount, Deployment (or DaemonSet for agents), HPA,
//! ClusterIP Service, and the PodDisruptionBudget the rack's deployment controller adds.
//!
//! This file keeps the order; each kind of object is made in a module of its own:
//! [`volumes`] (EFS and Azure Files), [`secrets`] (pull and env Secrets, ServiceAccount),
//! [`workload`] (the pod: args, env, probes, ports, init container; [`probe_checks`], what the
//! API server refuses in its probes), [`scaling`] (HPA, PDB) and [`network`] (the ClusterIP
//! Service).

pub(super) mod keda;
mod network;
mod probe_checks;
mod scaling;
pub(super) mod secrets;
#[cfg(test)]
mod tests;
mod volumes;
pub(super) mod vpa;
mod workload;

use network::cluster_service;
use scaling::{autoscaler, disruption_budget};
use secrets::{env_notes, env_secret, environment, pod_identity_note, pull_secret, service_account};
use volumes::{azure_files_claim, efs_claim, efs_volume};
use workload::{workload_notes, workload_parts};

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::labels::{labels, top_level};
use super::pod::clamp_i32;
use super::{rules, Context, KeptWork, Labels, Mapped, Object, Pass, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, Pairs, Service};
use crate::rack_version::{V3_24_4, V3_24_6};

/// Renders every service's objects, service by service, in convox.yml order; a service of
/// `kept` gets what it made before instead (`super::map_keeping`).
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped, kept: &mut KeptWork) {
    // Whether a service so far rendered KEDA's shared TriggerAuthentication (`autoscaling`).
    let mut auth = false;
    // The services a timer runs on, looked up once (a search of the timers per service was
    // quadratic).
    let timed: crate::hashed::HashSet<&str> =
        manifest.timers.iter().map(|t| t.value.service.as_str()).collect();
    for named in &manifest.services {
        let timers = timed.contains(named.name.as_str());
        super::pod::scheduling_diagnostics(&named.name, &named.value, timers, &mut out.diagnostics);
        // What it made before is what it makes now only if the services before it had
        // rendered the shared TriggerAuthentication then as they have now.
        let given = kept.remove(&(Pass::Service, named.name.clone())).filter(|k| k.auth_before == auth);
        let made = out.made_by(Pass::Service, &named.name, given, |out| {
            render_service(ctx, &named.name, &named.value, out)
        });
        made.auth_before = auth;
        let objects = made.objects.clone();
        auth = auth || out.objects[objects].iter().any(|g| g.role == Role::TriggerAuthentication);
    }
}

fn render_service(ctx: &Context, name: &str, svc: &Service, out: &mut Mapped) {
    let source = ["services.", name].concat();
    let push = |out: &mut Mapped, object: Object, role: Role, source: String, notes: Vec<String>| {
        out.push_service(name, object, role, source, notes)
    };

    for (i, option) in svc.volume_options.iter().enumerate() {
        if let Some(efs) = &option.aws_efs {
            let path = format!("{source}.volumeOptions[{i}].awsEfs");
            if let Some(pv) = efs_volume(ctx, name, efs) {
                push(out, pv.into(), Role::EfsVolume, path.clone(), Vec::new());
            }
            push(out, efs_claim(ctx, name, svc, efs).into(), Role::EfsVolumeClaim, path, Vec::new());
        }
    }
    // The rack renders every EFS volume, then every Azure Files claim (`releaseTemplateServices`).
    for (i, option) in svc.volume_options.iter().enumerate() {
        if let Some(az) = &option.azure_files {
            let path = format!("{source}.volumeOptions[{i}].azureFiles");
            push(
                out,
                azure_files_claim(ctx, name, svc, az).into(),
                Role::AzureFilesVolumeClaim,
                path,
                Vec::new(),
            );
        }
    }

    // `passwordEnv` reads the service's whole environment (the env Secret's contents: the
    // release env, the manifest's defaults, the rack's own variables); an empty value counts
    // as unset.
    let environment =
        if svc.image_pull_secrets.is_empty() { Default::default() } else { environment(ctx, name, svc) };
    for (i, pull) in svc.image_pull_secrets.iter().enumerate() {
        let path = format!("{source}.imagePullSecrets[{i}]");
        let password = match (&pull.password, &pull.password_env) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(env)) => match environment.get(env).filter(|v| !v.is_empty()) {
                Some(v) => Some(v.clone()),
                None => {
                    out.diagnostics.push(
                        Diagnostic::error(format!(
                            "service {name} imagePullSecrets[{i}]: env var {env} is not set; run 'convox env set {env}=<value> -a {}' and retry the promote",
                            ctx.app
                        ))
                        .at(format!("{path}.passwordEnv")),
                    );
                    None
                }
            },
            // Validation already reports a missing password.
            (None, None) => None,
        };
        if let Some(password) = password {
            let secret = pull_secret(ctx, name, &pull.registry, &pull.username, &password);
            let note =
                "`.dockerconfigjson` holds the registry credentials in clear (base64) form, as the rack \
                        writes them; treat this output as a secret."
                    .to_string();
            push(out, secret.into(), Role::ImagePullSecret, path, vec![note]);
        }
    }

    push(out, env_secret(ctx, name, svc).into(), Role::EnvSecret, source.clone(), env_notes(ctx, name));

    let mut sa_notes = Vec::new();
    if rules::pod_identity(ctx, svc).is_ok() {
        sa_notes.push(pod_identity_note(ctx, name));
    }
    push(out, service_account(ctx, name, svc).into(), Role::ServiceAccount, source.clone(), sa_notes);

    let notes = workload_notes(ctx, name, svc);
    let (spec, selector, template) = workload_parts(ctx, name, svc, &mut out.diagnostics);
    let meta_labels = top_level(
        ctx,
        labels([("app", ctx.app.as_str()), ("type", "service"), ("service", name)]),
        &svc.labels,
    );
    if svc.agent {
        let ds = DaemonSet {
            metadata: meta(ctx, name, meta_labels),
            spec: Some(DaemonSetSpec {
                selector,
                template: PodTemplateSpec { metadata: Some(template), spec: Some(spec) },
                min_ready_seconds: Some(1),
                revision_history_limit: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        push(out, ds.into(), Role::DaemonSet, source.clone(), notes);
        // Before 3.24.6 the template's HPA condition did not exclude agents.
        if let Some(hpa) = autoscaler(ctx, name, svc, &mut out.diagnostics) {
            let note = format!(
                "The rack aims this HorizontalPodAutoscaler at Deployment {name}, but an agent runs as DaemonSet {name}: it has no target and scales nothing (rack 3.24.6 stopped rendering it for agents)."
            );
            push(out, hpa.into(), Role::Autoscaler, [source.as_str(), ".scale"].concat(), vec![note]);
        }
    } else {
        let mut metadata = meta(ctx, name, meta_labels);
        metadata.annotations =
            Some(labels([("atom.conditions", "Available=True,Progressing=True/NewReplicaSetAvailable")]));
        let deployment = Deployment {
            metadata,
            spec: Some(DeploymentSpec {
                replicas: Some(clamp_i32(svc.scale.count.min)),
                selector,
                strategy: Some(DeploymentStrategy {
                    type_: Some("RollingUpdate".into()),
                    rolling_update: Some(RollingUpdateDeployment {
                        max_surge: Some(IntOrString::String(format!("{}%", svc.deployment.maximum - 100))),
                        max_unavailable: Some(IntOrString::String(format!(
                            "{}%",
                            100 - svc.deployment.minimum
                        ))),
                    }),
                }),
                min_ready_seconds: Some(1),
                revision_history_limit: Some(1),
                template: PodTemplateSpec { metadata: Some(template), spec: Some(spec) },
                ..Default::default()
            }),
            ..Default::default()
        };
        let pdb = disruption_budget(ctx, name, svc, &deployment, &mut out.diagnostics);
        push(out, deployment.into(), Role::Deployment, source.clone(), notes);
        if let Some(hpa) = autoscaler(ctx, name, svc, &mut out.diagnostics) {
            // KEDA on the rack does not change how a service without autoscale triggers scales.
            let notes = if ctx.profile.keda() {
                vec!["KEDA is on, but this service scales by this HorizontalPodAutoscaler: KEDA scales only \
                      services with scale.autoscale or scale.keda triggers (scale.autoscale.cpu.threshold \
                      would give a ScaledObject instead)."
                    .to_string()]
            } else {
                Vec::new()
            };
            push(out, hpa.into(), Role::Autoscaler, [source.as_str(), ".scale"].concat(), notes);
        }
        if let Some(service) = cluster_service(ctx, name, svc) {
            push(out, service.into(), Role::ClusterService, source.clone(), Vec::new());
        }
        autoscaling(ctx, name, svc, out);
        if let Some(pdb) = pdb {
            // Before 3.24.4 the controller read only the misspelt opt-out annotation.
            let off =
                if ctx.version() >= V3_24_4 { "convox.com/pdb-disabled" } else { "convox.com/pdb-disbaled" };
            let note = format!(
                "Created by the rack's deployment controller when it sees the Deployment, not by the release apply; \
                 it is not pruned with the release. Disable it with the service annotation {off}=true, or change it \
                 with convox.com/pdb-minavailable."
            );
            push(out, pdb.into(), Role::DisruptionBudget, source.clone(), vec![note]);
        }
        return;
    }
    if let Some(service) = cluster_service(ctx, name, svc) {
        push(out, service.into(), Role::ClusterService, source, Vec::new());
    }
    autoscaling(ctx, name, svc, out);
}

/// After the service template: KEDA's TriggerAuthentication and ScaledObject, then the VPA.
fn autoscaling(ctx: &Context, name: &str, svc: &Service, out: &mut Mapped) {
    let scale = ["services.", name, ".scale"].concat();
    let push = |out: &mut Mapped, object: Object, role: Role, source: String, notes: Vec<String>| {
        out.push_service(name, object, role, source, notes)
    };
    if let Some(k) = keda::objects(ctx, name, svc, &mut out.diagnostics) {
        let key = if svc.scale.autoscale_enabled() { "autoscale" } else { "keda" };
        if let Some(auth) = k.auth {
            // Every KEDA service renders the same object; one is shown, with the first of them.
            let shown = out.objects.iter().any(|g| g.role == Role::TriggerAuthentication);
            if !shown {
                // Before 3.24.6 every trigger without an authenticationRef got it, not only aws-* ones.
                let which = if ctx.version() >= V3_24_6 { "aws-* triggers" } else { "triggers" };
                let note = format!(
                    "The rack renders this same TriggerAuthentication with every KEDA service on AWS; KEDA's {which} \
                     without an authenticationRef use it, authenticating as KEDA's own pod identity (identityOwner \
                     keda)."
                );
                push(out, auth.into(), Role::TriggerAuthentication, format!("{scale}.{key}"), vec![note]);
            }
        }
        let mut notes = vec![format!(
            "KEDA owns the scaling: it creates and drives HorizontalPodAutoscaler keda-hpa-{name}, which the release \
             does not render."
        )];
        if svc.agent {
            notes.push(format!(
                "The rack aims this ScaledObject at Deployment {name}, but an agent runs as DaemonSet {name}: KEDA finds nothing to scale (rack 3.24.6 stopped rendering it for agents)."
            ));
        }
        if svc.scale.keda.as_ref().is_some_and(|k| k.initial_cooldown_period.is_some()) {
            notes.push(
                "scale.keda.initialCooldownPeriod is read by the rack but not copied into the ScaledObject."
                    .into(),
            );
        }
        push(out, k.scaled_object.into(), Role::ScaledObject, format!("{scale}.{key}"), notes);
    }
    if let Some(v) = vpa::object(ctx, name, svc) {
        let mut notes = Vec::new();
        if svc.agent {
            notes.push(format!(
                "The rack points the VPA at Deployment {name}, but an agent runs as DaemonSet {name}: there is no \
                 Deployment to adjust."
            ));
        }
        push(out, v.into(), Role::VerticalPodAutoscaler, format!("{scale}.vpa"), notes);
    }
}

pub(super) fn meta(ctx: &Context, name: &str, labels: Labels) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: Some(ctx.namespace().to_string()),
        labels: Some(labels),
        ..Default::default()
    }
}

/// `Pairs` as a sorted map, `None` when empty (the rack renders `annotations: null`).
pub(super) fn pairs_map(pairs: &Pairs) -> Option<BTreeMap<String, String>> {
    (!pairs.is_empty()).then(|| crate::sorted::sorted_map(pairs.iter().cloned()))
}

/// `{system, rack, app, service}`: the Deployment/DaemonSet selector.
pub(super) fn selector(ctx: &Context, name: &str) -> LabelSelector {
    LabelSelector {
        match_labels: Some(labels([
            ("system", "convox"),
            ("rack", ctx.rack.as_str()),
            ("app", ctx.app.as_str()),
            ("service", name),
        ])),
        match_expressions: None,
    }
}

/// `UPPER(protocol)`, absent when blank (k8s defaults to TCP).
pub(super) fn protocol(p: &str) -> Option<String> {
    (!p.is_empty()).then(|| p.to_ascii_uppercase())
}
