//! Unit tests of the service objects, built from model services with every default applied.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Container;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::secrets::pod_identity_role;
use super::*;
use crate::manifest::{AwsEfs, AzureFiles};
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
    render(&manifest, ctx, &mut out, &mut Default::default());
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
    assert_eq!(roles, vec![Role::EnvSecret, Role::ServiceAccount, Role::Deployment, Role::DisruptionBudget]);
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
            "BUILD_DESCRIPTION",
            "BUILD_GIT_SHA",
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
    assert_eq!((p.initial_delay_seconds, p.period_seconds, p.timeout_seconds), (Some(5), Some(5), Some(4)));
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
    assert_eq!(tmpl.metadata.unwrap().annotations.unwrap()["scheduler.alpha.kubernetes.io/critical-pod"], "");
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
    // Without KEDA on the rack: neither an HPA nor a ScaledObject.
    let out = check(vec![("web", svc.clone())]);
    assert!(find(&out, Role::Autoscaler).is_none() && find(&out, Role::ScaledObject).is_none());
    // With it: the ScaledObject, and the Deployment says KEDA sets its replicas.
    let mut keda = Context::default();
    keda.profile.set("keda_enable", "true").unwrap();
    let out = check_ctx(vec![("web", svc)], &keda);
    assert!(find(&out, Role::Autoscaler).is_none());
    let Some(Object::ScaledObject(so)) = find(&out, Role::ScaledObject) else { panic!("{:?}", out.objects) };
    assert_eq!((so.spec.min_replica_count, so.spec.max_replica_count), (Some(2), Some(10)));
    assert_eq!(so.spec.triggers[0].name.as_deref(), Some("convox-cpu"));
    let d = out.objects.iter().find(|g| g.role == Role::Deployment).unwrap();
    assert!(d.notes.iter().any(|n| n.contains("KEDA's ScaledObject web sets it")), "{:?}", d.notes);
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
    let size =
        &claims[1].spec.as_ref().unwrap().resources.as_ref().unwrap().requests.as_ref().unwrap()["storage"];
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
    render(&manifest, &Context::default(), &mut out, &mut Default::default());
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
