//! `service` owns the per-service objects of a release (rack-reference §4.7, §4.8, §1.3 item
//! 7), in the rack's order: EFS PersistentVolume/PersistentVolumeClaim, image-pull Secrets,
//! the env Secret `env-<service>`, ServiceAccount, Deployment (or DaemonSet for agents), HPA,
//! ClusterIP Service, and the PodDisruptionBudget the rack's deployment controller adds.

use std::collections::BTreeMap;

use base64::Engine as _;
use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, ExternalMetricSource, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec,
    MetricIdentifier, MetricSpec, MetricTarget, ResourceMetricSource,
};
use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, Container, ContainerPort, EnvVar, ExecAction, GRPCAction, HTTPGetAction,
    Lifecycle, LifecycleHandler, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeSpec, PodSpec, PodTemplateSpec, Probe, Secret, Service as KService, ServiceAccount,
    ServicePort, ServiceSpec, TCPSocketAction, VolumeResourceRequirements,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use k8s_openapi::ByteString;

use super::labels::{self, labels, top_level};
use super::pod::{self, clamp_i32, PodKind};
use super::{names, Concept, Context, Generated, Labels, Mapped, Object, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{AwsEfs, AzureFiles, Manifest, Pairs, Service};

/// The rack API password in `RACK_URL` is the rack's own secret; this stands in for it.
const RACK_PASSWORD_STAND_IN: &str = "RACK-API-PASSWORD";

/// Renders every service's objects, service by service, in convox.yml order.
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    for named in &manifest.services {
        render_service(ctx, &named.name, &named.value, out);
    }
}

fn render_service(ctx: &Context, name: &str, svc: &Service, out: &mut Mapped) {
    let source = ["services.", name].concat();
    let push = |out: &mut Mapped, object: Object, role: Role, source: String, notes: Vec<String>| {
        out.objects.push(Generated {
            object,
            role,
            concept: Concept::Service,
            owner: Some(name.to_string()),
            source,
            notes,
        });
    };

    for (i, option) in svc.volume_options.iter().enumerate() {
        if let Some(efs) = &option.aws_efs {
            let path = format!("{source}.volumeOptions[{i}].awsEfs");
            out.diagnostics.push(
                Diagnostic::warning(
                    "efs csi driver is not enabled but efs volume is specified (a rack without the EFS CSI \
                     driver refuses this release; enable it first: convox rack params set efs_csi_driver_enable=true)",
                )
                .at(path.clone()),
            );
            if let Some(pv) = efs_volume(ctx, name, efs) {
                push(out, pv.into(), Role::EfsVolume, path.clone(), Vec::new());
            }
            push(out, efs_claim(ctx, name, svc, efs).into(), Role::EfsVolumeClaim, path, Vec::new());
        }
    }
    // The rack renders every EFS volume, then every Azure Files claim (rack-reference §1).
    for (i, option) in svc.volume_options.iter().enumerate() {
        if let Some(az) = &option.azure_files {
            let path = format!("{source}.volumeOptions[{i}].azureFiles");
            out.diagnostics.push(
                Diagnostic::warning(
                    "azure files is not enabled but azureFiles volume is specified (the emulated rack is \
                     AWS: its promote refuses this release; the claim is shown as an Azure rack renders it)",
                )
                .at(path.clone()),
            );
            push(
                out,
                azure_files_claim(ctx, name, svc, az).into(),
                Role::AzureFilesVolumeClaim,
                path,
                Vec::new(),
            );
        }
    }

    for (i, pull) in svc.image_pull_secrets.iter().enumerate() {
        let path = format!("{source}.imagePullSecrets[{i}]");
        let password = match (&pull.password, &pull.password_env) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(env)) => match ctx.env.get(env) {
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
    if svc.access_control.aws_pod_identity.is_some() {
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
        let pdb = disruption_budget(ctx, name, svc, &deployment);
        push(out, deployment.into(), Role::Deployment, source.clone(), notes);
        if let Some(hpa) = autoscaler(ctx, name, svc) {
            push(out, hpa.into(), Role::Autoscaler, [source.as_str(), ".scale"].concat(), Vec::new());
        }
        if let Some(service) = cluster_service(ctx, name, svc) {
            push(out, service.into(), Role::ClusterService, source.clone(), Vec::new());
        }
        if let Some(pdb) = pdb {
            let note = "Created by the rack's deployment controller when it sees the Deployment, not by the \
                        release apply; it is not pruned with the release. Disable it with the service annotation \
                        convox.com/pdb-disabled=true, or change it with convox.com/pdb-minavailable."
                .to_string();
            push(out, pdb.into(), Role::DisruptionBudget, source.clone(), vec![note]);
        }
        return;
    }
    if let Some(service) = cluster_service(ctx, name, svc) {
        push(out, service.into(), Role::ClusterService, source, Vec::new());
    }
}

fn meta(ctx: &Context, name: &str, labels: Labels) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: Some(ctx.namespace().to_string()),
        labels: Some(labels),
        ..Default::default()
    }
}

/// `Pairs` as a sorted map, `None` when empty (the rack renders `annotations: null`).
fn pairs_map(pairs: &Pairs) -> Option<BTreeMap<String, String>> {
    (!pairs.is_empty()).then(|| pairs.iter().cloned().collect())
}

/// `volumeHandle` with `[APP]`/`[SERVICE]` substituted and `<fsid>:` prefixed when it has no `:`.
fn volume_handle(ctx: &Context, service: &str, handle: &str) -> String {
    let handle = handle.replace("[APP]", &ctx.app).replace("[SERVICE]", service);
    if handle.contains(':') {
        handle
    } else {
        format!("{}:{handle}", ctx.profile.efs_file_system_id)
    }
}

/// PV `efs-pv-<app>-<service>-<id>`, only for a `volumeHandle` (cluster-scoped: no namespace).
fn efs_volume(ctx: &Context, service: &str, efs: &AwsEfs) -> Option<PersistentVolume> {
    if efs.volume_handle.is_empty() {
        return None;
    }
    let storage_class = if efs.storage_class.is_empty() { "efs-sc-base" } else { &efs.storage_class };
    Some(PersistentVolume {
        metadata: ObjectMeta {
            name: Some(format!("efs-pv-{}-{service}-{}", ctx.app, efs.id)),
            labels: Some(top_level(ctx, labels([("system", "convox"), ("app", ctx.app.as_str())]), &[])),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            access_modes: Some(vec!["ReadWriteMany".into()]),
            capacity: Some(BTreeMap::from([("storage".to_string(), Quantity("500Gi".into()))])),
            csi: Some(CSIPersistentVolumeSource {
                driver: "efs.csi.aws.com".into(),
                volume_handle: volume_handle(ctx, service, &efs.volume_handle),
                ..Default::default()
            }),
            mount_options: Some(
                ["noresvport", "rsize=1048576", "wsize=1048576", "hard", "timeo=600", "retrans=2"]
                    .map(String::from)
                    .to_vec(),
            ),
            persistent_volume_reclaim_policy: Some("Delete".into()),
            storage_class_name: Some(storage_class.to_string()),
            volume_mode: Some("Filesystem".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// PVC `efs-<service>-<id>`; bound to the PV through `volumeName` when there is a handle.
fn efs_claim(ctx: &Context, service: &str, svc: &Service, efs: &AwsEfs) -> PersistentVolumeClaim {
    let with_handle = !efs.volume_handle.is_empty();
    let storage_class = if with_handle {
        "efs-sc-base"
    } else if efs.storage_class.is_empty() {
        "efs-sc"
    } else {
        &efs.storage_class
    };
    let mut claim =
        volume_claim(ctx, svc, format!("efs-{service}-{}", efs.id), &efs.access_mode, storage_class, "1Mi");
    if let Some(spec) = claim.spec.as_mut() {
        spec.volume_name = with_handle.then(|| format!("efs-pv-{}-{service}-{}", ctx.app, efs.id));
    }
    claim
}

/// PVC `azurefiles-<service>-<id>` (rack-reference §4.8): storage class `azurefile-csi-nfs`,
/// `shareSize` or 100Gi, labelled like the EFS claim.
fn azure_files_claim(ctx: &Context, service: &str, svc: &Service, az: &AzureFiles) -> PersistentVolumeClaim {
    let size = if az.share_size.is_empty() { "100Gi" } else { &az.share_size };
    volume_claim(
        ctx,
        svc,
        format!("azurefiles-{service}-{}", az.id),
        &az.access_mode,
        "azurefile-csi-nfs",
        size,
    )
}

/// A service volume's PVC: `system: convox` plus the app's and the service's labels, one access
/// mode (none when blank), a storage class and a requested size.
fn volume_claim(
    ctx: &Context,
    svc: &Service,
    name: String,
    access_mode: &str,
    storage_class: &str,
    size: &str,
) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: meta(ctx, &name, top_level(ctx, labels([("system", "convox")]), &svc.labels)),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: (!access_mode.is_empty()).then(|| vec![access_mode.to_string()]),
            storage_class_name: Some(storage_class.to_string()),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), Quantity(size.to_string()))])),
                limits: None,
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Secret `convox-<app>-<service>-pull-<slug>` of type dockerconfigjson.
fn pull_secret(ctx: &Context, service: &str, registry: &str, username: &str, password: &str) -> Secret {
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

/// The env Secret's contents (§2.2), later entries overriding earlier: system vars, APP,
/// RELEASE, BUILD, SERVICE/PORT, the manifest's `KEY=default`s, then the whole release env.
pub fn environment(ctx: &Context, name: &str, svc: &Service) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    env.insert("RACK".to_string(), ctx.rack.clone());
    env.insert(
        "RACK_URL".to_string(),
        format!(
            "https://convox:{RACK_PASSWORD_STAND_IN}@api.{}.svc.cluster.local:5443",
            ctx.rack_namespace()
        ),
    );
    env.insert("APP".to_string(), ctx.app.clone());
    env.insert("RELEASE".to_string(), ctx.release.clone());
    env.insert("BUILD".to_string(), ctx.build.clone());
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

fn env_secret(ctx: &Context, name: &str, svc: &Service) -> Secret {
    let data =
        environment(ctx, name, svc).into_iter().map(|(k, v)| (k, ByteString(v.into_bytes()))).collect();
    Secret {
        metadata: meta(
            ctx,
            &["env-", name].concat(),
            top_level(ctx, labels([("type", "env"), ("service", name)]), &svc.labels),
        ),
        type_: Some("Opaque".into()),
        data: Some(data),
        ..Default::default()
    }
}

fn env_notes(ctx: &Context, name: &str) -> Vec<String> {
    let ns = ctx.namespace();
    vec![
        format!(
            "RACK_URL carries the rack API password; {RACK_PASSWORD_STAND_IN} is a stand-in. Read the real value with: \
             kubectl get secret env-{name} -n {ns} -o jsonpath='{{.data.RACK_URL}}' | base64 -d"
        ),
        "The rack also sets BUILD_DESCRIPTION and BUILD_GIT_SHA from the build; they are left out here.".into(),
        "Holds every `convox env` variable, not only the ones this service declares.".into(),
    ]
}

fn service_account(ctx: &Context, name: &str, svc: &Service) -> ServiceAccount {
    let mut metadata =
        meta(ctx, name, top_level(ctx, labels([("service", name), ("type", "serviceaccount")]), &svc.labels));
    metadata.annotations = pairs_map(&svc.annotations);
    ServiceAccount { metadata, ..Default::default() }
}

/// The IAM role name the rack creates for EKS Pod Identity (§4.12).
pub fn pod_identity_role(ctx: &Context, service: &str) -> String {
    let base = format!("{}-{}-{service}", ctx.rack, ctx.app);
    let mut role = format!("{base}-{}", &names::sha256_hex(&base)[..8]);
    if role.len() > 63 {
        names::cut(&mut role, 62);
    }
    role
}

fn pod_identity_note(ctx: &Context, service: &str) -> String {
    format!(
        "accessControl.awsPodIdentity adds no annotation here: the rack creates IAM role {} (path /convox/) and an \
         EKS Pod Identity Association through the AWS API binding it to this ServiceAccount. Check it with: \
         aws eks list-pod-identity-associations --cluster-name {} --namespace {} --service-account {service}",
        pod_identity_role(ctx, service),
        ctx.rack,
        ctx.namespace()
    )
}

fn workload_notes(ctx: &Context, name: &str, svc: &Service) -> Vec<String> {
    let mut notes =
        vec![format!("The image tag is <service>.<build> ({name}.{}), not the release id.", ctx.build)];
    if !svc.command.trim().is_empty() {
        notes.push("`command` becomes the container's `args` (shell-split); `command:` is never set, so the image's ENTRYPOINT still runs.".into());
    }
    notes.push(pod::resolver_note(ctx));
    if svc.scale.keda.is_some() || svc.scale.autoscale.is_some() {
        notes.push(format!(
            "scale.keda / scale.autoscale: the rack renders a KEDA ScaledObject {name} (plus TriggerAuthentication \
             keda-aws-auth-default on AWS) instead of an HPA; parsed but not rendered here yet, so no HPA is shown."
        ));
    } else if svc.scale.min.is_some() || svc.scale.max.is_some() {
        notes.push("scale.min / scale.max set the replica range shown; with scale.autoscale they would drive a KEDA ScaledObject (not rendered here yet).".into());
    }
    if svc.scale.vpa.is_some() {
        notes.push(format!(
            "scale.vpa: the rack renders a VerticalPodAutoscaler {name} when VPA is enabled on the rack; parsed but not rendered here yet."
        ));
    }
    notes
}

/// Pod spec, selector and template metadata shared by the Deployment and DaemonSet.
fn workload_parts(
    ctx: &Context,
    name: &str,
    svc: &Service,
    diagnostics: &mut Vec<Diagnostic>,
) -> (PodSpec, LabelSelector, ObjectMeta) {
    let source = ["services.", name].concat();
    let (mut spec, mut container) = pod::base(ctx, name, svc, PodKind::Service);
    container.args = pod::shell_split(&svc.command, &[source.as_str(), ".command"].concat(), diagnostics);
    container.env.get_or_insert_with(Vec::new).extend(pod::link_env(svc));
    container.lifecycle = lifecycle(svc, &source, diagnostics);
    probes(svc, &mut container, diagnostics, &source);
    container.ports = container_ports(svc);
    spec.service_account_name = Some(name.to_string());
    spec.termination_grace_period_seconds = Some(svc.termination.grace);
    if svc.init_container.is_some() {
        spec.init_containers = Some(vec![init_container(ctx, name, svc, diagnostics)]);
    }
    spec.containers = vec![container];

    let mut annotations = BTreeMap::new();
    if svc.agent {
        annotations.insert("scheduler.alpha.kubernetes.io/critical-pod".to_string(), String::new());
    }
    annotations.extend(svc.annotations.iter().cloned());
    let template = ObjectMeta {
        annotations: (!annotations.is_empty()).then_some(annotations),
        labels: Some(pod::template_labels(ctx, name, name, "service", &svc.labels)),
        ..Default::default()
    };
    (spec, selector(ctx, name), template)
}

/// `{system, rack, app, service}`: the Deployment/DaemonSet selector.
fn selector(ctx: &Context, name: &str) -> LabelSelector {
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

fn init_container(ctx: &Context, name: &str, svc: &Service, diagnostics: &mut Vec<Diagnostic>) -> Container {
    let init = svc.init_container.clone().unwrap_or_default();
    let mut env =
        vec![EnvVar { name: "INIT_CONTAINER".into(), value: Some("true".into()), ..Default::default() }];
    env.extend(pod::link_env(svc));
    let mut mounts = pod::option_mounts(&init.volume_options, PodKind::Service);
    mounts.extend(pod::config_mounts(&init.config_mounts));
    Container {
        name: "init".into(),
        image: Some(if init.image.is_empty() { names::image(ctx, name) } else { init.image.clone() }),
        args: pod::shell_split(&init.command, &format!("services.{name}.initContainer.command"), diagnostics),
        env: Some(env),
        env_from: Some(vec![pod::env_from(name)]),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        ..Default::default()
    }
}

fn lifecycle(svc: &Service, source: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Lifecycle> {
    let mut handler = |command: &str, key: &str| {
        pod::shell_split(command, &format!("{source}.lifecycle.{key}"), diagnostics).map(|command| {
            LifecycleHandler { exec: Some(ExecAction { command: Some(command) }), ..Default::default() }
        })
    };
    let post_start = handler(&svc.lifecycle.post_start, "postStart");
    let pre_stop = handler(&svc.lifecycle.pre_stop, "preStop");
    (post_start.is_some() || pre_stop.is_some()).then_some(Lifecycle {
        post_start,
        pre_stop,
        ..Default::default()
    })
}

/// The template compares with `eq … "GRPC"`: exact, as the parser upper-cases only `grpc`.
fn is_grpc(scheme: &str) -> bool {
    scheme == "GRPC"
}

fn or_main(port: i64, main: i64) -> i32 {
    clamp_i32(if port > 0 { port } else { main })
}

/// Probes exactly as §4.7 orders them; none without a main `port`.
fn probes(svc: &Service, container: &mut Container, diagnostics: &mut Vec<Diagnostic>, source: &str) {
    let main = svc.port.port;
    if main <= 0 {
        return;
    }
    let timing = |grace: i64, interval: i64, timeout: i64| Probe {
        initial_delay_seconds: Some(clamp_i32(grace)),
        period_seconds: Some(clamp_i32(interval)),
        timeout_seconds: Some(clamp_i32(timeout)),
        ..Default::default()
    };

    let sp = &svc.startup_probe;
    if !sp.path.is_empty() || !sp.tcp_socket_port.is_empty() {
        let mut probe = timing(sp.grace, sp.interval, sp.timeout);
        probe.success_threshold = Some(clamp_i32(sp.success_threshold));
        probe.failure_threshold = Some(clamp_i32(sp.failure_threshold));
        if !sp.path.is_empty() {
            probe.http_get = Some(HTTPGetAction {
                path: Some(sp.path.clone()),
                port: IntOrString::Int(clamp_i32(main)),
                ..Default::default()
            });
        }
        if !sp.tcp_socket_port.is_empty() {
            let port = match sp.tcp_socket_port.parse::<i32>() {
                Ok(n) => IntOrString::Int(n),
                Err(_) => IntOrString::String(sp.tcp_socket_port.clone()),
            };
            probe.tcp_socket = Some(TCPSocketAction { port, host: None });
        }
        if probe.http_get.is_some() && probe.tcp_socket.is_some() {
            diagnostics.push(
                Diagnostic::warning(
                    "startupProbe has both path and tcpSocketPort: the rack renders both handlers and the Kubernetes API \
                     rejects a probe with more than one; set only one",
                )
                .at(format!("{source}.startupProbe")),
            );
        }
        container.startup_probe = Some(probe);
    }

    let main_grpc = is_grpc(&svc.port.scheme);
    let lv = &svc.liveness;
    let liveness_scheme = if lv.port.scheme.is_empty() { &svc.port.scheme } else { &lv.port.scheme };
    if !lv.path.is_empty() && !main_grpc && !is_grpc(liveness_scheme) {
        let mut probe = timing(lv.grace, lv.interval, lv.timeout);
        probe.success_threshold = Some(clamp_i32(lv.success_threshold));
        probe.failure_threshold = Some(clamp_i32(lv.failure_threshold));
        probe.http_get = Some(HTTPGetAction {
            path: Some(lv.path.clone()),
            port: IntOrString::Int(or_main(lv.port.port, main)),
            // Liveness does not inherit the main port's scheme (§7.17).
            scheme: (!lv.port.scheme.is_empty()).then(|| lv.port.scheme.to_ascii_uppercase()),
            ..Default::default()
        });
        container.liveness_probe = Some(probe);
    }

    let h = &svc.health;
    let health_scheme = if h.port.scheme.is_empty() { &svc.port.scheme } else { &h.port.scheme };
    if !main_grpc && !is_grpc(health_scheme) && !h.disable {
        let mut probe = timing(h.grace, h.interval, h.timeout);
        probe.success_threshold = Some(1);
        probe.failure_threshold = Some(3);
        probe.http_get = Some(HTTPGetAction {
            path: Some(h.path.clone()),
            port: IntOrString::Int(or_main(h.port.port, main)),
            scheme: (!health_scheme.is_empty()).then(|| health_scheme.to_ascii_uppercase()),
            ..Default::default()
        });
        container.readiness_probe = Some(probe);
    } else if svc.grpc_health_enabled {
        let grpc = |port: i64| {
            let mut probe = timing(h.grace, h.interval, h.timeout);
            probe.success_threshold = Some(1);
            probe.failure_threshold = Some(5);
            probe.grpc = Some(GRPCAction { port: or_main(port, main), service: None });
            probe
        };
        container.readiness_probe = Some(grpc(h.port.port));
        container.liveness_probe = Some(grpc(lv.port.port));
    }
}

/// `UPPER(protocol)`, absent when blank (k8s defaults to TCP).
fn protocol(p: &str) -> Option<String> {
    (!p.is_empty()).then(|| p.to_ascii_uppercase())
}

fn container_ports(svc: &Service) -> Option<Vec<ContainerPort>> {
    let mut ports = Vec::new();
    if svc.port.port > 0 {
        ports.push(ContainerPort {
            name: Some("main".into()),
            container_port: clamp_i32(svc.port.port),
            ..Default::default()
        });
    }
    for p in svc.ports.iter().filter(|p| p.port > 0) {
        let n = clamp_i32(p.port);
        ports.push(ContainerPort {
            name: Some(format!("port-{n}")),
            container_port: n,
            protocol: protocol(&p.protocol),
            // Only agents publish their extra ports on the node; never the main port.
            host_port: svc.agent.then_some(n),
            ..Default::default()
        });
    }
    (!ports.is_empty()).then_some(ports)
}

/// HPA when the count is a range, unless KEDA/autoscale owns scaling or it is an agent.
fn autoscaler(ctx: &Context, name: &str, svc: &Service) -> Option<HorizontalPodAutoscaler> {
    let scale = &svc.scale;
    if scale.count.min == scale.count.max || scale.keda_enabled() || scale.autoscale_enabled() || svc.agent {
        return None;
    }
    let utilization = |resource: &str, target: i64| MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: resource.into(),
            target: MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(clamp_i32(target)),
                ..Default::default()
            },
        }),
        ..Default::default()
    };
    let mut metrics = Vec::new();
    if scale.targets.cpu > 0 {
        metrics.push(utilization("cpu", scale.targets.cpu));
    }
    if scale.targets.memory > 0 {
        metrics.push(utilization("memory", scale.targets.memory));
    }
    for e in &scale.targets.external {
        let target = match (&e.average_value, &e.value) {
            (Some(avg), _) if !avg.is_empty() => MetricTarget {
                type_: "AverageValue".into(),
                average_value: Some(Quantity(avg.clone())),
                ..Default::default()
            },
            (_, value) => MetricTarget {
                type_: "Value".into(),
                value: value.clone().filter(|v| !v.is_empty()).map(Quantity),
                ..Default::default()
            },
        };
        metrics.push(MetricSpec {
            type_: "External".into(),
            external: Some(ExternalMetricSource {
                metric: MetricIdentifier {
                    name: e.name.clone(),
                    selector: Some(LabelSelector {
                        match_labels: pairs_map(&e.match_labels),
                        match_expressions: None,
                    }),
                },
                target,
            }),
            ..Default::default()
        });
    }
    Some(HorizontalPodAutoscaler {
        metadata: meta(ctx, name, top_level(ctx, labels([("service", name)]), &svc.labels)),
        spec: Some(HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: name.to_string(),
            },
            min_replicas: Some(clamp_i32(scale.count.min)),
            max_replicas: clamp_i32(scale.count.max),
            // No targets: `metrics: null`, and Kubernetes defaults to 80% CPU.
            metrics: (!metrics.is_empty()).then_some(metrics),
            behavior: None,
        }),
        ..Default::default()
    })
}

/// ClusterIP Service `<service>`, only with a `port` or `ports`.
fn cluster_service(ctx: &Context, name: &str, svc: &Service) -> Option<KService> {
    let mut ports = Vec::new();
    if svc.port.port > 0 {
        ports.push(ServicePort {
            name: Some("main".into()),
            port: clamp_i32(svc.port.port),
            protocol: Some("TCP".into()),
            target_port: Some(IntOrString::String("main".into())),
            ..Default::default()
        });
    }
    for p in svc.ports.iter().filter(|p| p.port > 0) {
        let n = clamp_i32(p.port);
        ports.push(ServicePort {
            name: Some(format!("port-{n}")),
            port: n,
            protocol: protocol(&p.protocol),
            target_port: Some(IntOrString::Int(n)),
            ..Default::default()
        });
    }
    if ports.is_empty() {
        return None;
    }
    let mut metadata = meta(
        ctx,
        name,
        top_level(
            ctx,
            labels([
                ("app", ctx.app.as_str()),
                ("service", name),
                ("rack", ctx.rack.as_str()),
                ("system", "convox"),
            ]),
            &svc.labels,
        ),
    );
    metadata.annotations =
        Some(labels([("convox.com/alias", format!("{name}.{}.{}.local", ctx.app, ctx.rack).as_str())]));
    Some(KService {
        metadata,
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: Some(labels([("service", name), ("type", "service")])),
            ports: Some(ports),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// `intstr.Parse`: an integer string is an int, anything else a string.
fn int_or_string(v: &str) -> IntOrString {
    v.parse::<i32>().map(IntOrString::Int).unwrap_or_else(|_| IntOrString::String(v.to_string()))
}

/// The PDB the deployment controller creates (§4.7 i), unless the service disables it.
fn disruption_budget(
    ctx: &Context,
    name: &str,
    svc: &Service,
    deployment: &Deployment,
) -> Option<PodDisruptionBudget> {
    let annotation =
        |key: &str| svc.annotations.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    if annotation("convox.com/pdb-disabled") == Some("true")
        || annotation("convox.com/pdb-disbaled") == Some("true")
    {
        return None;
    }
    let min_available = match annotation("convox.com/pdb-minavailable") {
        Some(v) if !v.is_empty() => int_or_string(v),
        _ => IntOrString::String(format!("{}%", ctx.profile.pdb_min_available_percent)),
    };
    let mut selector = selector(ctx, name);
    selector.match_labels.get_or_insert_with(BTreeMap::new).insert("type".into(), "service".into());
    Some(PodDisruptionBudget {
        metadata: meta(ctx, name, deployment.metadata.labels.clone().unwrap_or_else(|| labels::applied(ctx))),
        spec: Some(PodDisruptionBudgetSpec {
            min_available: Some(min_available),
            selector: Some(selector),
            unhealthy_pod_eviction_policy: Some("AlwaysAllow".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{
        ExtraPort, ImagePullSecret, Named, ProbePort, ScaleCount, ServicePort as Port, VolumeOption,
    };

    /// A service as the loader returns it with every default applied (scale 1, 250m, 512Mi).
    fn defaults() -> Service {
        let mut s = Service::defaulted();
        s.scale.count = ScaleCount { min: 1, max: 1 };
        s.scale.cpu = 250;
        s.scale.memory = 512;
        s
    }

    fn check(services: Vec<(&str, Service)>) -> Mapped {
        check_ctx(services, &Context::default())
    }

    fn check_ctx(services: Vec<(&str, Service)>, ctx: &Context) -> Mapped {
        let manifest = Manifest {
            services: services.into_iter().map(|(n, s)| Named { name: n.into(), value: s }).collect(),
            ..Default::default()
        };
        let mut out = Mapped::default();
        render(&manifest, ctx, &mut out);
        out
    }

    fn find(out: &Mapped, role: Role) -> Option<&Object> {
        out.objects.iter().find(|g| g.role == role).map(|g| &g.object)
    }

    fn deployment(out: &Mapped) -> Deployment {
        match find(out, Role::Deployment) {
            Some(Object::Deployment(d)) => (**d).clone(),
            other => panic!("no deployment: {other:?}"),
        }
    }

    fn main_container(out: &Mapped) -> Container {
        deployment(out).spec.unwrap().template.spec.unwrap().containers[0].clone()
    }

    fn web() -> Service {
        Service { port: Port { port: 3000, scheme: "http".into() }, ..defaults() }
    }

    #[test]
    fn default_service_renders_secret_account_deployment_and_pdb_in_order() {
        let out = check(vec![("worker", defaults())]);
        let roles: Vec<Role> = out.objects.iter().map(|g| g.role).collect();
        assert_eq!(
            roles,
            vec![Role::EnvSecret, Role::ServiceAccount, Role::Deployment, Role::DisruptionBudget]
        );
        assert!(out.objects.iter().all(|g| g.object.namespace() == Some("my-rack-my-app")));
    }

    #[test]
    fn deployment_labels_selector_strategy_and_container() {
        let out = check(vec![("web", web())]);
        let d = deployment(&out);
        let l = d.metadata.labels.clone().unwrap();
        assert_eq!(l["type"], "service");
        assert_eq!(l["service"], "web");
        assert_eq!(l["release"], "RABC1234DEF");
        assert_eq!(l["provider"], "k8s");
        assert_eq!(
            d.metadata.annotations.clone().unwrap()["atom.conditions"],
            "Available=True,Progressing=True/NewReplicaSetAvailable"
        );
        let spec = d.spec.unwrap();
        assert_eq!(
            spec.selector.match_labels.unwrap(),
            labels([("system", "convox"), ("rack", "my-rack"), ("app", "my-app"), ("service", "web")])
        );
        assert_eq!(spec.replicas, Some(1));
        let ru = spec.strategy.unwrap().rolling_update.unwrap();
        assert_eq!(ru.max_surge, Some(IntOrString::String("100%".into())));
        assert_eq!(ru.max_unavailable, Some(IntOrString::String("50%".into())));
        let tl = spec.template.metadata.unwrap().labels.unwrap();
        assert_eq!((tl["name"].as_str(), tl["type"].as_str()), ("web", "service"));
        assert!(!tl.contains_key("atom"));
        let pod = spec.template.spec.unwrap();
        assert_eq!(pod.service_account_name.as_deref(), Some("web"));
        assert_eq!(pod.share_process_namespace, Some(true));
        assert_eq!(pod.termination_grace_period_seconds, Some(30));
        let c = &pod.containers[0];
        assert_eq!(c.name, "my-app");
        assert!(c.command.is_none() && c.args.is_none());
        assert_eq!(c.env_from.as_ref().unwrap()[0].secret_ref.as_ref().unwrap().name, "env-web");
        assert_eq!(
            c.image.as_deref(),
            Some("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-rack/my-app:web.BABC1234DEF")
        );
    }

    #[test]
    fn singleton_strategy_is_zero_surge_full_unavailable() {
        let mut svc = defaults();
        svc.deployment = crate::manifest::DeploymentStrategy { minimum: 0, maximum: 100 };
        let ru = deployment(&check(vec![("s", svc)])).spec.unwrap().strategy.unwrap().rolling_update.unwrap();
        assert_eq!(ru.max_surge, Some(IntOrString::String("0%".into())));
        assert_eq!(ru.max_unavailable, Some(IntOrString::String("100%".into())));
    }

    #[test]
    fn command_becomes_shell_split_args_and_links_inject_env() {
        let mut svc = web();
        svc.command = "bin/web --name 'a b'".into();
        svc.resources = vec!["database".into()];
        let c = main_container(&check(vec![("web", svc)]));
        assert_eq!(c.args.unwrap(), vec!["bin/web", "--name", "a b"]);
        let env: Vec<String> = c.env.unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(env[0], "INSTANCE_IP");
        assert_eq!(env[1], "DATABASE_URL");
        assert_eq!(env.len(), 7);
    }

    #[test]
    fn env_secret_holds_system_vars_defaults_and_the_whole_release_env() {
        let mut svc = web();
        svc.environment = vec!["FOO=bar".into(), "REQUIRED".into(), "OVER=default".into()];
        let mut ctx = Context::default();
        ctx.env.insert("OVER".into(), "release".into());
        ctx.env.insert("UNDECLARED".into(), "x".into());
        let out = check_ctx(vec![("web", svc)], &ctx);
        let Some(Object::Secret(s)) = find(&out, Role::EnvSecret) else { panic!() };
        assert_eq!(s.metadata.name.as_deref(), Some("env-web"));
        assert_eq!(s.type_.as_deref(), Some("Opaque"));
        let data: BTreeMap<&str, &str> = s
            .data
            .as_ref()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), std::str::from_utf8(&v.0).unwrap()))
            .collect();
        assert_eq!(
            data.keys().copied().collect::<Vec<_>>(),
            vec![
                "APP",
                "BUILD",
                "FOO",
                "OVER",
                "PORT",
                "RACK",
                "RACK_URL",
                "RELEASE",
                "SERVICE",
                "UNDECLARED"
            ]
        );
        assert_eq!(data["OVER"], "release");
        assert_eq!(data["PORT"], "3000");
        assert_eq!(data["BUILD"], "BABC1234DEF");
        assert!(data["RACK_URL"].ends_with("@api.my-rack-system.svc.cluster.local:5443"));
        assert_eq!(s.metadata.labels.as_ref().unwrap()["type"], "env");
    }

    #[test]
    fn service_account_carries_annotations_and_pod_identity_note() {
        let mut svc = defaults();
        svc.annotations = vec![("eks.amazonaws.com/role-arn".into(), "arn:x".into())];
        svc.access_control.aws_pod_identity = Some(vec!["arn:aws:iam::aws:policy/ReadOnly".into()]);
        let out = check(vec![("web", svc)]);
        let g = out.objects.iter().find(|g| g.role == Role::ServiceAccount).unwrap();
        let Object::ServiceAccount(sa) = &g.object else { panic!() };
        assert_eq!(sa.metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"], "arn:x");
        assert_eq!(sa.metadata.labels.as_ref().unwrap()["type"], "serviceaccount");
        let role = pod_identity_role(&Context::default(), "web");
        assert!(role.starts_with("my-rack-my-app-web-") && role.len() == "my-rack-my-app-web-".len() + 8);
        assert!(g.notes[0].contains(&role));
        // No annotations: none at all, not an empty map.
        let out = check(vec![("w", defaults())]);
        let Some(Object::ServiceAccount(sa)) = find(&out, Role::ServiceAccount) else { panic!() };
        assert!(sa.metadata.annotations.is_none());
    }

    #[test]
    fn http_readiness_probe_inherits_main_scheme() {
        let mut svc = web();
        svc.port.scheme = "https".into();
        let p = main_container(&check(vec![("web", svc)])).readiness_probe.unwrap();
        let get = p.http_get.unwrap();
        assert_eq!(get.scheme.as_deref(), Some("HTTPS"));
        assert_eq!(get.port, IntOrString::Int(3000));
        assert_eq!(get.path.as_deref(), Some("/"));
        assert_eq!((p.success_threshold, p.failure_threshold), (Some(1), Some(3)));
        assert_eq!(
            (p.initial_delay_seconds, p.period_seconds, p.timeout_seconds),
            (Some(5), Some(5), Some(4))
        );
    }

    #[test]
    fn liveness_uses_its_own_port_and_no_inherited_scheme() {
        let mut svc = web();
        svc.port.scheme = "https".into();
        svc.liveness = crate::manifest::Liveness {
            path: "/live".into(),
            grace: 10,
            interval: 5,
            timeout: 5,
            success_threshold: 1,
            failure_threshold: 3,
            port: ProbePort { port: 4000, scheme: String::new() },
        };
        let c = main_container(&check(vec![("web", svc)]));
        let get = c.liveness_probe.unwrap().http_get.unwrap();
        assert_eq!(get.port, IntOrString::Int(4000));
        assert_eq!(get.scheme, None);
    }

    #[test]
    fn grpc_service_gets_grpc_probes_only_when_enabled() {
        let mut svc = web();
        svc.port.scheme = "GRPC".into();
        let c = main_container(&check(vec![("g", svc.clone())]));
        assert!(c.readiness_probe.is_none() && c.liveness_probe.is_none());
        svc.grpc_health_enabled = true;
        let c = main_container(&check(vec![("g", svc)]));
        let r = c.readiness_probe.unwrap();
        assert_eq!(r.grpc.unwrap().port, 3000);
        assert_eq!(r.failure_threshold, Some(5));
        assert_eq!(c.liveness_probe.unwrap().grpc.unwrap().port, 3000);
    }

    #[test]
    fn no_port_means_no_probes_no_service_and_no_ports() {
        let mut svc = defaults();
        svc.liveness.path = "/live".into();
        let out = check(vec![("worker", svc)]);
        let c = main_container(&out);
        assert!(c.readiness_probe.is_none() && c.liveness_probe.is_none() && c.ports.is_none());
        assert!(find(&out, Role::ClusterService).is_none());
    }

    #[test]
    fn agent_ports_get_host_ports_and_daemonset_has_no_hpa_or_pdb() {
        let mut svc = web();
        svc.agent = true;
        svc.ports = vec![ExtraPort { port: 8125, protocol: "udp".into() }];
        svc.scale.count = ScaleCount { min: 1, max: 3 };
        let out = check(vec![("agent", svc)]);
        let Some(Object::DaemonSet(ds)) = find(&out, Role::DaemonSet) else { panic!() };
        assert!(ds.metadata.annotations.is_none());
        let spec = ds.spec.clone().unwrap();
        assert_eq!(spec.min_ready_seconds, Some(1));
        let tmpl = spec.template;
        assert_eq!(
            tmpl.metadata.unwrap().annotations.unwrap()["scheduler.alpha.kubernetes.io/critical-pod"],
            ""
        );
        let ports = tmpl.spec.unwrap().containers[0].ports.clone().unwrap();
        assert_eq!(ports[0].host_port, None);
        assert_eq!((ports[1].host_port, ports[1].protocol.as_deref()), (Some(8125), Some("UDP")));
        assert!(find(&out, Role::Autoscaler).is_none());
        assert!(find(&out, Role::DisruptionBudget).is_none());
        assert!(find(&out, Role::ClusterService).is_some());
    }

    #[test]
    fn count_range_gives_hpa_without_targets_and_keda_suppresses_it() {
        let mut svc = defaults();
        svc.scale.count = ScaleCount { min: 2, max: 10 };
        let out = check(vec![("web", svc.clone())]);
        let Some(Object::HorizontalPodAutoscaler(h)) = find(&out, Role::Autoscaler) else { panic!() };
        let spec = h.spec.clone().unwrap();
        assert_eq!((spec.min_replicas, spec.max_replicas), (Some(2), 10));
        assert!(spec.metrics.is_none());
        assert_eq!(spec.scale_target_ref.kind, "Deployment");
        assert_eq!(deployment(&out).spec.unwrap().replicas, Some(2));
        svc.scale.targets.cpu = 70;
        let out = check(vec![("web", svc.clone())]);
        let Some(Object::HorizontalPodAutoscaler(h)) = find(&out, Role::Autoscaler) else { panic!() };
        let m = &h.spec.as_ref().unwrap().metrics.as_ref().unwrap()[0];
        assert_eq!(m.resource.as_ref().unwrap().target.average_utilization, Some(70));
        // An autoscale block without a trigger is not "enabled": the HPA stays.
        svc.scale.autoscale = Some(Default::default());
        assert!(find(&check(vec![("web", svc.clone())]), Role::Autoscaler).is_some());
        svc.scale.autoscale =
            Some(crate::manifest::Autoscale { cpu: Some(Default::default()), ..Default::default() });
        let out = check(vec![("web", svc)]);
        assert!(find(&out, Role::Autoscaler).is_none());
        let d = out.objects.iter().find(|g| g.role == Role::Deployment).unwrap();
        assert!(d.notes.iter().any(|n| n.contains("KEDA")));
    }

    #[test]
    fn cluster_service_selects_type_service_and_has_no_type_label() {
        let mut svc = web();
        svc.ports = vec![ExtraPort { port: 9000, protocol: "tcp".into() }];
        let out = check(vec![("web", svc)]);
        let Some(Object::Service(s)) = find(&out, Role::ClusterService) else { panic!() };
        assert_eq!(s.metadata.annotations.as_ref().unwrap()["convox.com/alias"], "web.my-app.my-rack.local");
        assert!(!s.metadata.labels.as_ref().unwrap().contains_key("type"));
        let spec = s.spec.clone().unwrap();
        assert_eq!(spec.selector.unwrap(), labels([("service", "web"), ("type", "service")]));
        let ports = spec.ports.unwrap();
        assert_eq!(ports[0].target_port, Some(IntOrString::String("main".into())));
        assert_eq!(
            (ports[1].name.as_deref(), ports[1].target_port.clone()),
            (Some("port-9000"), Some(IntOrString::Int(9000)))
        );
    }

    #[test]
    fn pdb_selector_is_deployment_selector_plus_type_service() {
        let out = check(vec![("web", web())]);
        let Some(Object::PodDisruptionBudget(p)) = find(&out, Role::DisruptionBudget) else { panic!() };
        let spec = p.spec.clone().unwrap();
        let mut expected = deployment(&out).spec.unwrap().selector.match_labels.unwrap();
        expected.insert("type".into(), "service".into());
        assert_eq!(spec.selector.unwrap().match_labels.unwrap(), expected);
        assert_eq!(spec.min_available, Some(IntOrString::String("50%".into())));
        assert_eq!(spec.unhealthy_pod_eviction_policy.as_deref(), Some("AlwaysAllow"));
        assert_eq!(p.metadata.labels, deployment(&out).metadata.labels);
    }

    #[test]
    fn pdb_annotations_disable_or_override_it() {
        let mut svc = web();
        svc.annotations = vec![("convox.com/pdb-minavailable".into(), "2".into())];
        let out = check(vec![("web", svc.clone())]);
        let Some(Object::PodDisruptionBudget(p)) = find(&out, Role::DisruptionBudget) else { panic!() };
        assert_eq!(p.spec.as_ref().unwrap().min_available, Some(IntOrString::Int(2)));
        svc.annotations = vec![("convox.com/pdb-disabled".into(), "true".into())];
        assert!(find(&check(vec![("web", svc)]), Role::DisruptionBudget).is_none());
    }

    #[test]
    fn image_pull_secret_is_dockerconfigjson_and_referenced_by_the_pod() {
        let mut svc = defaults();
        svc.image_pull_secrets = vec![ImagePullSecret {
            registry: "ghcr.io".into(),
            username: "me".into(),
            password: None,
            password_env: Some("GHCR_TOKEN".into()),
        }];
        let out = check(vec![("web", svc.clone())]);
        assert!(find(&out, Role::ImagePullSecret).is_none());
        assert!(out.diagnostics[0].message.contains("env var GHCR_TOKEN is not set"));
        assert_eq!(out.diagnostics[0].path.as_deref(), Some("services.web.imagePullSecrets[0].passwordEnv"));

        let mut ctx = Context::default();
        ctx.env.insert("GHCR_TOKEN".into(), "pw".into());
        let out = check_ctx(vec![("web", svc)], &ctx);
        let Some(Object::Secret(s)) = find(&out, Role::ImagePullSecret) else { panic!() };
        assert_eq!(s.metadata.name.as_deref(), Some("convox-my-app-web-pull-ghcr-io"));
        assert_eq!(s.type_.as_deref(), Some("kubernetes.io/dockerconfigjson"));
        let json: serde_json::Value =
            serde_json::from_slice(&s.data.as_ref().unwrap()[".dockerconfigjson"].0).unwrap();
        assert_eq!(json["auths"]["ghcr.io"]["auth"], "bWU6cHc="); // base64("me:pw")
        let pod = deployment(&out).spec.unwrap().template.spec.unwrap();
        assert_eq!(pod.image_pull_secrets.unwrap()[0].name, "convox-my-app-web-pull-ghcr-io");
        let roles: Vec<Role> = out.objects.iter().map(|g| g.role).collect();
        assert_eq!(roles[..2], [Role::ImagePullSecret, Role::EnvSecret]);
    }

    #[test]
    fn efs_with_volume_handle_gets_cluster_scoped_pv_and_bound_claim() {
        let mut svc = defaults();
        svc.volume_options = vec![VolumeOption {
            aws_efs: Some(AwsEfs {
                id: "data".into(),
                access_mode: "ReadWriteMany".into(),
                mount_path: "/data".into(),
                storage_class: String::new(),
                volume_handle: "fsap-[APP]".into(),
            }),
            ..Default::default()
        }];
        let out = check(vec![("web", svc)]);
        assert!(out.diagnostics.iter().any(|d| d.message.contains("efs_csi_driver_enable=true")));
        let Some(Object::PersistentVolume(pv)) = find(&out, Role::EfsVolume) else { panic!() };
        assert_eq!(pv.metadata.name.as_deref(), Some("efs-pv-my-app-web-data"));
        assert!(pv.metadata.namespace.is_none());
        assert_eq!(
            pv.spec.as_ref().unwrap().csi.as_ref().unwrap().volume_handle,
            "fs-0123456789abcdef0:fsap-my-app"
        );
        let Some(Object::PersistentVolumeClaim(pvc)) = find(&out, Role::EfsVolumeClaim) else { panic!() };
        assert_eq!(pvc.metadata.name.as_deref(), Some("efs-web-data"));
        let spec = pvc.spec.clone().unwrap();
        assert_eq!(spec.volume_name.as_deref(), Some("efs-pv-my-app-web-data"));
        assert_eq!(spec.storage_class_name.as_deref(), Some("efs-sc-base"));
        let pod = deployment(&out).spec.unwrap().template.spec.unwrap();
        let v = pod.volumes.unwrap().into_iter().find(|v| v.name == "efs-data").unwrap();
        assert_eq!(v.persistent_volume_claim.unwrap().claim_name, "efs-web-data");
    }

    #[test]
    fn azure_files_claim_is_rendered_for_the_volume_the_pod_mounts() {
        let mut svc = defaults();
        let az = |id: &str, size: &str| VolumeOption {
            azure_files: Some(AzureFiles {
                id: id.into(),
                access_mode: "ReadWriteMany".into(),
                mount_path: format!("/{id}"),
                share_size: size.into(),
            }),
            ..Default::default()
        };
        svc.volume_options = vec![az("media", ""), az("logs", "200Gi")];
        let out = check(vec![("web", svc)]);
        let warnings: Vec<_> =
            out.diagnostics.iter().filter(|d| d.message.starts_with("azure files is not enabled")).collect();
        assert_eq!(warnings.len(), 2, "{:?}", out.diagnostics);
        assert_eq!(warnings[0].path.as_deref(), Some("services.web.volumeOptions[0].azureFiles"));
        let claims: Vec<_> = out
            .objects
            .iter()
            .filter(|g| g.role == Role::AzureFilesVolumeClaim)
            .map(|g| match &g.object {
                Object::PersistentVolumeClaim(pvc) => pvc.clone(),
                _ => panic!(),
            })
            .collect();
        assert_eq!(claims.len(), 2);
        let spec = claims[0].spec.clone().unwrap();
        assert_eq!(claims[0].metadata.name.as_deref(), Some("azurefiles-web-media"));
        assert_eq!(claims[0].metadata.labels.as_ref().unwrap()["system"], "convox");
        assert_eq!(spec.storage_class_name.as_deref(), Some("azurefile-csi-nfs"));
        assert_eq!(spec.access_modes, Some(vec!["ReadWriteMany".to_string()]));
        assert_eq!(spec.resources.unwrap().requests.unwrap()["storage"].0, "100Gi");
        let size = &claims[1].spec.as_ref().unwrap().resources.as_ref().unwrap().requests.as_ref().unwrap()
            ["storage"];
        assert_eq!(size.0, "200Gi");
        // Every claim the pod mounts is in the output.
        let pod = deployment(&out).spec.unwrap().template.spec.unwrap();
        for v in pod.volumes.unwrap().into_iter().filter(|v| v.name.starts_with("azurefiles-")) {
            let claim = v.persistent_volume_claim.unwrap().claim_name;
            assert!(claims.iter().any(|c| c.metadata.name.as_deref() == Some(claim.as_str())), "{claim}");
        }
    }

    #[test]
    fn init_container_is_named_init_with_marker_env() {
        let mut svc = defaults();
        svc.init_container = Some(crate::manifest::InitContainer {
            image: String::new(),
            command: "migrate up".into(),
            ..Default::default()
        });
        let pod = deployment(&check(vec![("web", svc)])).spec.unwrap().template.spec.unwrap();
        let init = &pod.init_containers.unwrap()[0];
        assert_eq!(init.name, "init");
        assert_eq!(init.args.clone().unwrap(), vec!["migrate", "up"]);
        assert_eq!(init.env.as_ref().unwrap()[0].name, "INIT_CONTAINER");
        assert!(init.image.as_deref().unwrap().ends_with(":web.BABC1234DEF"));
    }

    #[test]
    fn lifecycle_hooks_are_exec_commands() {
        let mut svc = defaults();
        svc.lifecycle.pre_stop = "sleep 10".into();
        let c = main_container(&check(vec![("web", svc)]));
        let l = c.lifecycle.unwrap();
        assert!(l.post_start.is_none());
        assert_eq!(l.pre_stop.unwrap().exec.unwrap().command.unwrap(), vec!["sleep", "10"]);
    }

    fn load(yaml: &str) -> Mapped {
        let loaded = crate::manifest::load(yaml, &crate::manifest::Env::new());
        let manifest = loaded.manifest.expect("manifest loads");
        let mut out = Mapped::default();
        render(&manifest, &Context::default(), &mut out);
        out
    }

    #[test]
    fn loaded_yaml_service_gets_defaults_range_hpa_and_health_path() {
        let out = load(
            "services:\n  web:\n    port: 3000\n    health: /health\n    scale:\n      count: 2-4\n      targets:\n        cpu: 70\n    volumes:\n      - /data\n",
        );
        let d = deployment(&out);
        let spec = d.spec.unwrap();
        assert_eq!(spec.replicas, Some(2));
        let pod = spec.template.spec.unwrap();
        let c = &pod.containers[0];
        assert_eq!(
            c.readiness_probe.as_ref().unwrap().http_get.as_ref().unwrap().path.as_deref(),
            Some("/health")
        );
        let req = c.resources.as_ref().unwrap().requests.clone().unwrap();
        assert_eq!(req["cpu"], Quantity("250m".into()));
        assert!(pod.volumes.unwrap().iter().any(|v| v.empty_dir.is_some()));
        let Some(Object::HorizontalPodAutoscaler(h)) = find(&out, Role::Autoscaler) else { panic!() };
        let hs = h.spec.clone().unwrap();
        assert_eq!((hs.min_replicas, hs.max_replicas), (Some(2), 4));
        assert_eq!(hs.metrics.unwrap()[0].resource.as_ref().unwrap().name, "cpu");
    }

    #[test]
    fn loaded_yaml_agent_is_a_daemonset_without_strategy_and_with_udp_host_port() {
        let out = load("services:\n  agent:\n    agent: true\n    ports:\n      - 8125/udp\n");
        let Some(Object::DaemonSet(ds)) = find(&out, Role::DaemonSet) else { panic!("{:?}", out.objects) };
        let spec = ds.spec.clone().unwrap();
        assert!(spec.update_strategy.is_none());
        let port = &spec.template.spec.unwrap().containers[0].ports.clone().unwrap()[0];
        assert_eq!(
            (port.container_port, port.host_port, port.protocol.as_deref()),
            (8125, Some(8125), Some("UDP"))
        );
    }

    #[test]
    fn every_object_round_trips_through_its_k8s_type() {
        let mut svc = web();
        svc.scale.count = ScaleCount { min: 1, max: 4 };
        svc.ports = vec![ExtraPort { port: 9000, protocol: String::new() }];
        let out = check(vec![
            ("web", svc),
            ("zero", Service { port: Port { port: 0, scheme: String::new() }, ..defaults() }),
        ]);
        for g in &out.objects {
            let json = serde_json::to_value(&g.object).unwrap();
            assert_eq!(g.object.reparse(json).unwrap(), g.object);
        }
    }
}
