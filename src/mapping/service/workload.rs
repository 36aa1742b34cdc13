//! The Deployment or DaemonSet's pod: container args, env, lifecycle hooks, probes exactly as
//! the template orders them, ports, and the init container.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvVar, ExecAction, GRPCAction, HTTPGetAction, Lifecycle, LifecycleHandler,
    PodSpec, Probe, TCPSocketAction,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{protocol, selector};
use crate::diagnostic::Diagnostic;
use crate::manifest::Service;
use crate::mapping::pod::{self, clamp_i32, PodKind};
use crate::mapping::{names, Context};

pub(super) fn workload_notes(ctx: &Context, name: &str, svc: &Service) -> Vec<String> {
    let mut notes =
        vec![format!("The image tag is <service>.<build> ({name}.{}), not the release id.", ctx.build)];
    if !svc.command.trim().is_empty() {
        notes.push("`command` becomes the container's `args` (shell-split); `command:` is never set, so the image's ENTRYPOINT still runs.".into());
    }
    notes.extend(pod::resolver_note(ctx));
    if super::keda::renders(ctx, svc) {
        notes.push(format!(
            "replicas starts at scale.count's minimum ({}); from then on KEDA's ScaledObject {name} sets it.",
            svc.scale.count.min
        ));
    }
    notes
}

/// Pod spec, selector and template metadata shared by the Deployment and DaemonSet.
pub(super) fn workload_parts(
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
    super::probe_checks::check(svc, &container, &source, diagnostics);
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

pub(super) fn init_container(
    ctx: &Context,
    name: &str,
    svc: &Service,
    diagnostics: &mut Vec<Diagnostic>,
) -> Container {
    let init = svc.init_container.clone().unwrap_or_default();
    let mut env =
        vec![EnvVar { name: "INIT_CONTAINER".into(), value: Some("true".into()), ..Default::default() }];
    env.extend(pod::link_env(svc));
    let mut mounts = pod::option_mounts(&init.volume_options, PodKind::Service);
    mounts.extend(pod::config_mounts(&init.config_mounts));
    for (i, c) in init.config_mounts.iter().enumerate() {
        if !c.id.is_empty() && !svc.config_mounts.iter().any(|s| s.id == c.id) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the init container mounts cfg-{id}, but the pod has no volume cfg-{id}: the rack adds config \
                     volumes only for the service's own configMounts, so the API server rejects the {kind}. Add \
                     {{id: {id}, …}} to services.{name}.configMounts too.",
                    id = c.id,
                    kind = if svc.agent { "DaemonSet" } else { "Deployment" },
                ))
                .at(format!("services.{name}.initContainer.configMounts[{i}]")),
            );
        }
    }
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

pub(super) fn lifecycle(svc: &Service, source: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Lifecycle> {
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

pub(super) fn or_main(port: i64, main: i64) -> i32 {
    clamp_i32(if port > 0 { port } else { main })
}

/// Probes exactly as `service.yml.tmpl` orders them; none without a main `port`.
pub(super) fn probes(
    svc: &Service,
    container: &mut Container,
    diagnostics: &mut Vec<Diagnostic>,
    source: &str,
) {
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
            // Liveness does not inherit the main port's scheme.
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

pub(super) fn container_ports(svc: &Service) -> Option<Vec<ContainerPort>> {
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
