//! The pod parts services and timers share (`service.yml.tmpl`, `timer.yml.tmpl`): scheduling
//! (affinity, tolerations), `hostUsers`, DNS, image-pull secret references, the container's
//! image, env, resources and securityContext, and volumes with their mounts. Deployments,
//! DaemonSets and CronJobs all start from [`base`], so a rule lives in one place.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, ConfigMapVolumeSource, Container, EmptyDirVolumeSource, EnvFromSource, EnvVar,
    EnvVarSource, HostPathVolumeSource, KeyToPath, LocalObjectReference, NodeAffinity, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, ObjectFieldSelector, PersistentVolumeClaimVolumeSource,
    PodDNSConfig, PodDNSConfigOption, PodSpec, PreferredSchedulingTerm, ResourceRequirements, SeccompProfile,
    SecretEnvSource, SecretVolumeSource, SecurityContext, Toleration, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{names, resource, Context, Labels};
use crate::diagnostic::Diagnostic;
use crate::manifest::{ConfigMount, Pairs, Service, VolumeOption};
use crate::rack_version::{RackVersion, V3_21_5, V3_22_5, V3_23_4, V3_24_3, V3_24_5};

/// Which template a pod comes from: the two differ only in how short-form `volumes` and
/// `azureFiles` volumes are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodKind {
    /// `service.yml.tmpl`: short-form volumes are `emptyDir: {}`.
    Service,
    /// `timer.yml.tmpl`: short-form volumes are PVCs named like the volume; no azureFiles.
    Timer,
}

/// Paths the rack mounts from the node (`systemVolume`) instead of an emptyDir/PVC.
const SYSTEM_VOLUMES: [&str; 8] = [
    "/cgroup/",
    "/proc/",
    "/sys/fs/cgroup/",
    "/sys/kernel/debug/",
    "/var/log/audit/",
    "/var/run/",
    "/var/run/docker.sock",
    "/var/snap/microk8s/current/docker.sock",
];

/// The pod spec and main container every service and timer pod starts from. The container has
/// its name (`<app>`), image, pull policy, `env` (INSTANCE_IP only: callers add the rest in the
/// rack's order), `envFrom env-<service>`, resources, securityContext and volume mounts; the
/// spec has affinity, tolerations, hostUsers, DNS, imagePullSecrets, shareProcessNamespace and
/// volumes. `service` is the convox.yml service name the pod runs as.
pub fn base(ctx: &Context, service: &str, svc: &Service, kind: PodKind) -> (PodSpec, Container) {
    let (volumes, mounts) = volumes(ctx, service, svc, kind);
    let container = Container {
        name: ctx.app.clone(),
        image: Some(names::image(ctx, service)),
        image_pull_policy: Some("IfNotPresent".into()),
        env: Some(vec![instance_ip()]),
        env_from: Some(vec![env_from(service)]),
        resources: Some(resources(ctx, svc, kind)),
        security_context: security_context(ctx, svc),
        volume_mounts: Some(mounts),
        ..Default::default()
    };
    let spec = PodSpec {
        affinity: affinity(ctx, svc),
        node_selector: node_selector(ctx, svc),
        tolerations: tolerations(ctx, svc, kind),
        host_users: svc.disable_host_users.then_some(false),
        dns_policy: dns_config(ctx, svc).is_some().then(|| "None".into()),
        dns_config: dns_config(ctx, svc),
        image_pull_secrets: image_pull_secrets(ctx, service, svc),
        share_process_namespace: Some(svc.init),
        volumes: Some(volumes),
        containers: Vec::new(),
        ..Default::default()
    };
    (spec, container)
}

/// The nameserver the rack gives pods (`ResolverHost`, `provider/k8s/resolver.go`): the
/// `external-dns-resolver` gate's value when it is an IP address, else the rack's resolver
/// (none with `disable_convox_resolver`).
pub fn nameserver(ctx: &Context) -> Option<String> {
    let external = ctx.profile.gates().value("external-dns-resolver");
    if external.parse::<std::net::IpAddr>().is_ok() {
        return Some(external.to_string());
    }
    ctx.profile.resolver().then(|| ctx.stand_ins.resolver.clone())
}

/// The note every pod with the rack's resolver as its nameserver carries: the address shown is
/// a stand-in. `None` when there is none, or the nameserver is the external one.
pub fn resolver_note(ctx: &Context) -> Option<String> {
    (nameserver(ctx).as_deref() == Some(ctx.stand_ins.resolver.as_str())).then(|| format!(
        "dnsConfig.nameservers is the ClusterIP of the rack's DNS resolver (the RESOLVER setting); \
         {} is a stand-in. Read the real one with: kubectl get service resolver -n {} -o jsonpath='{{.spec.clusterIP}}'",
        ctx.stand_ins.resolver,
        ctx.rack_namespace()
    ))
}

/// Pod-template labels: `system, rack, app, name, service, release, type` plus the service's
/// labels (which can never use those reserved keys).
pub fn template_labels(ctx: &Context, name: &str, service: &str, kind: &str, svc_labels: &Pairs) -> Labels {
    let mut labels = super::labels::labels([
        ("system", "convox"),
        ("rack", &ctx.rack),
        ("app", &ctx.app),
        ("name", name),
        ("service", service),
        ("release", &ctx.release),
        ("type", kind),
    ]);
    for (k, v) in svc_labels {
        labels.entry(k.clone()).or_insert_with(|| v.clone());
    }
    labels
}

/// `INSTANCE_IP` from the node's IP, first in every container's env.
fn instance_ip() -> EnvVar {
    EnvVar {
        name: "INSTANCE_IP".into(),
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector { field_path: "status.hostIP".into(), api_version: None }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The resource links' env (`<NAME>_URL`, …), in the order the service lists them.
pub fn link_env(svc: &Service) -> Vec<EnvVar> {
    resource::links::link_env(&svc.resources)
}

/// `envFrom: secretRef env-<service>`.
pub fn env_from(service: &str) -> EnvFromSource {
    EnvFromSource {
        secret_ref: Some(SecretEnvSource { name: super::names::env_secret(service), optional: None }),
        ..Default::default()
    }
}

/// Shell-splits a convox.yml command the way the rack's `shellsplit` does
/// ([`super::shellquote`]). `None` when the string is blank (the image's CMD runs). A string
/// the rack cannot split (an unclosed quote) is reported at `path` and split on whitespace so
/// the rest of the object can still be shown. Each word is then rendered with the rack's
/// `safe` ([`super::safe::rendered_args`]): what a character reference in it becomes is what the
/// container gets.
pub fn shell_split(command: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    if command.trim().is_empty() {
        return None;
    }
    match super::shellquote::split(command) {
        Ok(words) => Some(super::safe::rendered_args(words, path, diagnostics)),
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{}: the rack cannot split {command:?} into arguments, so its promote fails",
                    err.message()
                ))
                .at(path.to_string()),
            );
            Some(command.split_whitespace().map(str::to_string).collect())
        }
    }
}

/// Requests cpu `<n>m` / memory `<n>Mi`; limits memory = `limit.memory` or `memory`, limits
/// cpu only when `limit.cpu > 0`; the GPU key in both (timers from 3.21.5). GPU services
/// without cpu/memory get none, so zero values are left out.
pub fn resources(ctx: &Context, svc: &Service, kind: PodKind) -> ResourceRequirements {
    let scale = &svc.scale;
    let mut requests = BTreeMap::new();
    let mut limits = BTreeMap::new();
    if scale.cpu > 0 {
        requests.insert("cpu".to_string(), Quantity(format!("{}m", scale.cpu)));
    }
    if scale.memory > 0 {
        requests.insert("memory".to_string(), Quantity(format!("{}Mi", scale.memory)));
    }
    if scale.limit.cpu > 0 {
        limits.insert("cpu".to_string(), Quantity(format!("{}m", scale.limit.cpu)));
    }
    let memory_limit = if scale.limit.memory > 0 { scale.limit.memory } else { scale.memory };
    if memory_limit > 0 {
        limits.insert("memory".to_string(), Quantity(format!("{memory_limit}Mi")));
    }
    // Before 3.21.5 the timer template has no GPU block.
    if scale.gpu.count > 0 && (kind == PodKind::Service || ctx.version() >= V3_21_5) {
        let key = gpu_key(ctx.version(), &scale.gpu.vendor);
        requests.insert(key.clone(), Quantity(scale.gpu.count.to_string()));
        limits.insert(key, Quantity(scale.gpu.count.to_string()));
    }
    ResourceRequirements {
        requests: (!requests.is_empty()).then_some(requests),
        limits: (!limits.is_empty()).then_some(limits),
        ..Default::default()
    }
}

/// The GPU resource key of `vendor`: from 3.24.5 `gpuResourceKey` (`amd.com/gpu` for
/// `amd`/`amd.com`, else `nvidia.com/gpu`); before, the vendor as written with `.com/gpu`
/// added, and from 3.21.5 a vendor ending in `.com` only gets `/gpu`.
fn gpu_key(version: RackVersion, vendor: &str) -> String {
    if version >= V3_24_5 {
        return match vendor {
            "amd" | "amd.com" => "amd.com/gpu",
            _ => "nvidia.com/gpu",
        }
        .into();
    }
    if version >= V3_21_5 && vendor.ends_with(".com") {
        return [vendor, "/gpu"].concat();
    }
    [vendor, ".com/gpu"].concat()
}

/// The container securityContext, only when `privileged` or a securityContext field is set;
/// none before 3.24.5, whose templates have no securityContext at all (`privileged` is read
/// and dropped).
pub fn security_context(ctx: &Context, svc: &Service) -> Option<SecurityContext> {
    if ctx.version() < V3_24_5 {
        return None;
    }
    let sc = svc.security_context.clone().unwrap_or_default();
    let capabilities =
        (!sc.capabilities_add.is_empty() || !sc.capabilities_drop.is_empty()).then(|| Capabilities {
            add: (!sc.capabilities_add.is_empty()).then(|| sc.capabilities_add.clone()),
            drop: (!sc.capabilities_drop.is_empty()).then(|| sc.capabilities_drop.clone()),
        });
    let out = SecurityContext {
        privileged: svc.privileged.then_some(true),
        run_as_non_root: sc.run_as_non_root,
        run_as_user: sc.run_as_user,
        run_as_group: sc.run_as_group,
        read_only_root_filesystem: sc.read_only_root_filesystem,
        allow_privilege_escalation: sc.allow_privilege_escalation,
        capabilities,
        seccomp_profile: sc
            .seccomp_profile
            .filter(|p| !p.is_empty())
            .map(|p| SeccompProfile { type_: p, localhost_profile: None }),
        ..Default::default()
    };
    (out != SecurityContext::default()).then_some(out)
}

/// The template's `keyValue`: a map's pairs sorted by key, a repeated key keeping its last value.
fn key_value(pairs: &Pairs) -> BTreeMap<&str, &str> {
    crate::sorted::sorted_map(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Before 3.23.4: `nodeSelectorLabels` as the pod's `nodeSelector` (sorted by key).
fn node_selector(ctx: &Context, svc: &Service) -> Option<BTreeMap<String, String>> {
    if ctx.version() >= V3_23_4 || svc.node_selector_labels.is_empty() {
        return None;
    }
    // Inserted one by one: collecting a BTreeMap of Strings would add a sort's code to the wasm.
    let mut out = BTreeMap::new();
    for (k, v) in key_value(&svc.node_selector_labels) {
        out.insert(k.to_string(), v.to_string());
    }
    Some(out)
}

/// From 3.23.4: `nodeSelectorLabels` → required `In` terms (sorted by key);
/// `nodeAffinityLabels` → preferred terms, in the order written. Keys and values are printed
/// unquoted (`- key: {{ .Key }}`, `- {{ .Value }}`): a value YAML reads as null arrives empty
/// ([`super::plain`]; [`scheduling_diagnostics`] says so).
fn affinity(ctx: &Context, svc: &Service) -> Option<Affinity> {
    if ctx.version() < V3_23_4 {
        return None;
    }
    let expr = |key: &str, value: &str| NodeSelectorRequirement {
        key: key.to_string(),
        operator: "In".into(),
        values: Some(vec![super::plain::value(value, ("", "", ""), false).0]),
    };
    let selector = key_value(&svc.node_selector_labels);
    let required = (!selector.is_empty()).then(|| NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Some(selector.iter().map(|(k, v)| expr(k, v)).collect()),
            match_fields: None,
        }],
    });
    let preferred = (!svc.node_affinity_labels.is_empty()).then(|| {
        svc.node_affinity_labels
            .iter()
            .map(|a| PreferredSchedulingTerm {
                weight: clamp_i32(a.weight),
                preference: NodeSelectorTerm {
                    match_expressions: Some(vec![expr(&a.label, &a.value)]),
                    match_fields: None,
                },
            })
            .collect()
    });
    if required.is_none() && preferred.is_none() {
        return None;
    }
    Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: required,
            preferred_during_scheduling_ignored_during_execution: preferred,
        }),
        ..Default::default()
    })
}

/// The diagnostics for node selector and affinity keys and values YAML retypes (the template
/// prints them unquoted: [`super::plain`]), once per service (its timers' CronJobs print the
/// same ones).
pub fn scheduling_diagnostics(name: &str, svc: &Service, timers: bool, diagnostics: &mut Vec<Diagnostic>) {
    let workload = if svc.agent { "DaemonSet" } else { "Deployment" };
    let objects = if timers {
        format!("the {workload} {name} and the CronJobs of its timers")
    } else {
        format!("the {workload} {name}")
    };
    let mut check = |text: &str, path: String, what: String, field: &str, required: bool, at_value: bool| {
        if let (_, Some(d)) = super::plain::value(text, (&what, field, &objects), required) {
            diagnostics.push(if at_value { d.at_value(path) } else { d.at(path) });
        }
    };
    let base = format!("services.{name}");
    for (k, v) in key_value(&svc.node_selector_labels) {
        let path = format!("{base}.nodeSelectorLabels.{k}");
        let what = format!("nodeSelectorLabels {k}");
        check(k, path.clone(), what.clone(), "the node selector's key", true, false);
        check(v, path, what, "the node selector's value", false, true);
    }
    for (i, a) in svc.node_affinity_labels.iter().enumerate() {
        let path = format!("{base}.nodeAffinityLabels[{i}]");
        let what = format!("nodeAffinityLabels[{i}]");
        check(&a.label, format!("{path}.label"), what.clone(), "the node affinity's key", true, true);
        check(&a.value, format!("{path}.value"), what, "the node affinity's value", false, true);
    }
}

/// `dedicated-node` tolerations for `convox.io/label` selectors (in timers from 3.22.5) and
/// `convox.io/nodepool` ones (from 3.24.3), and the GPU key toleration (from 3.24.5).
fn tolerations(ctx: &Context, svc: &Service, kind: PodKind) -> Option<Vec<Toleration>> {
    let v = ctx.version();
    let dedicated = kind == PodKind::Service || v >= V3_22_5;
    let mut out: Vec<Toleration> = key_value(&svc.node_selector_labels)
        .into_iter()
        .filter(|(k, _)| {
            dedicated && (*k == "convox.io/label" || (*k == "convox.io/nodepool" && v >= V3_24_3))
        })
        .map(|(_, v)| Toleration {
            key: Some("dedicated-node".into()),
            operator: Some("Equal".into()),
            value: Some(v.to_string()),
            effect: Some("NoSchedule".into()),
            ..Default::default()
        })
        .collect();
    if svc.scale.gpu.count > 0 && v >= V3_24_5 {
        out.push(Toleration {
            key: Some(gpu_key(v, &svc.scale.gpu.vendor)),
            operator: Some("Exists".into()),
            effect: Some("NoSchedule".into()),
            ..Default::default()
        });
    }
    (!out.is_empty()).then_some(out)
}

/// The DNS block: with a nameserver ([`nameserver`]), it and the five searches (none when the
/// `external-dns-resolver` gate is on: `DisableDnsSearches`); `ndots` from `dnsConfig`.
/// Without a nameserver and without ndots, none (the cluster's DNS); with ndots alone,
/// `dnsPolicy: None` without a nameserver, as the rack renders it (the API server refuses
/// that: `rack::check` says so).
fn dns_config(ctx: &Context, svc: &Service) -> Option<PodDNSConfig> {
    let nameserver = nameserver(ctx);
    let ndots = svc.dns_config.ndots > 0;
    if nameserver.is_none() && !ndots {
        return None;
    }
    let searches = nameserver.is_some() && !ctx.profile.gates().on("external-dns-resolver");
    Some(PodDNSConfig {
        searches: searches.then(|| {
            vec![
                [ctx.app.as_str(), ".", &ctx.rack, ".local"].concat(),
                [ctx.namespace(), ".svc.cluster.local"].concat(),
                [ctx.rack.as_str(), ".local"].concat(),
                "svc.cluster.local".into(),
                "cluster.local".into(),
            ]
        }),
        nameservers: nameserver.map(|n| vec![n]),
        options: ndots.then(|| {
            vec![PodDNSConfigOption {
                name: Some("ndots".into()),
                value: Some(svc.dns_config.ndots.to_string()),
            }]
        }),
    })
}

/// `docker-hub-authentication` when the rack has Docker Hub credentials, then one reference per
/// `imagePullSecrets` entry.
fn image_pull_secrets(ctx: &Context, service: &str, svc: &Service) -> Option<Vec<LocalObjectReference>> {
    let mut refs = super::config::docker_hub_pull_secret(ctx);
    refs.extend(
        svc.image_pull_secrets
            .iter()
            .map(|p| LocalObjectReference { name: names::pull_secret(ctx, service, &p.registry) }),
    );
    (!refs.is_empty()).then_some(refs)
}

/// The rack's `volumeFrom`: system paths as they are, `from:to` under the app's volume root,
/// `/path` under the service's.
pub fn volume_from(app: &str, service: &str, volume: &str) -> String {
    let from = volume.split(':').next().unwrap_or_default();
    if SYSTEM_VOLUMES.contains(&from) {
        from.to_string()
    } else if volume.contains(':') {
        clean_path(&format!("/mnt/volumes/{app}/app/{from}"))
    } else {
        clean_path(&format!("/mnt/volumes/{app}/service/{service}/{from}"))
    }
}

/// The rack's `volumeTo`: the part after the first `:`, or the whole entry.
pub fn volume_to(volume: &str) -> &str {
    volume.split_once(':').map_or(volume, |(_, to)| to)
}

/// Go's `path.Join` cleaning: no empty or `.` segments, `..` pops, no trailing slash.
fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Pod volumes and the main container's mounts, in the template's order: `ca`, short-form
/// `volumes` (unique sources, sorted), `volumeOptions`, then `configMounts` (mounts:
/// `ca`, short-form, config mounts, volumeOptions).
fn volumes(ctx: &Context, service: &str, svc: &Service, kind: PodKind) -> (Vec<Volume>, Vec<VolumeMount>) {
    let mut volumes = vec![Volume {
        name: "ca".into(),
        config_map: Some(ConfigMapVolumeSource {
            name: "ca".into(),
            optional: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    }];
    let mut mounts = vec![mount("ca", "/etc/convox")];

    let sources: BTreeSet<String> = svc.volumes.iter().map(|v| volume_from(&ctx.app, service, v)).collect();
    for from in &sources {
        let name = names::short_volume(ctx, from);
        let mut volume = Volume { name: name.clone(), ..Default::default() };
        if SYSTEM_VOLUMES.contains(&from.as_str()) {
            volume.host_path = Some(HostPathVolumeSource { path: from.clone(), type_: None });
        } else if kind == PodKind::Timer {
            volume.persistent_volume_claim =
                Some(PersistentVolumeClaimVolumeSource { claim_name: name, read_only: None });
        } else {
            volume.empty_dir = Some(EmptyDirVolumeSource::default());
        }
        volumes.push(volume);
    }
    for v in &svc.volumes {
        mounts.push(mount(&names::short_volume(ctx, &volume_from(&ctx.app, service, v)), volume_to(v)));
    }

    mounts.extend(config_mounts(&svc.config_mounts));
    mounts.extend(option_mounts(&svc.volume_options, kind));

    for option in &svc.volume_options {
        if let Some(ed) = &option.empty_dir {
            volumes.push(Volume {
                name: format!("ed-{}", ed.id),
                empty_dir: Some(EmptyDirVolumeSource {
                    medium: (!ed.medium.is_empty()).then(|| ed.medium.clone()),
                    size_limit: (!ed.size_limit.is_empty()).then(|| Quantity(ed.size_limit.clone())),
                }),
                ..Default::default()
            });
        }
        if let Some(efs) = &option.aws_efs {
            volumes.push(claim_volume(format!("efs-{}", efs.id), names::efs_claim(service, &efs.id)));
        }
        if let (Some(az), PodKind::Service) = (&option.azure_files, kind) {
            volumes.push(claim_volume(
                format!("azurefiles-{}", az.id),
                names::azure_files_claim(service, &az.id),
            ));
        }
    }
    // One volume per service config mount, as the template ranges over them: an init
    // container's config mounts get none of their own (the service checks they have one).
    for c in &svc.config_mounts {
        volumes.push(Volume {
            name: super::names::config_secret(&c.id),
            secret: Some(SecretVolumeSource {
                secret_name: Some(super::names::config_secret(&c.id)),
                items: Some(vec![KeyToPath { key: "app.json".into(), path: c.filename.clone(), mode: None }]),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    (volumes, mounts)
}

fn claim_volume(name: String, claim: String) -> Volume {
    Volume {
        name,
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name: claim,
            read_only: None,
        }),
        ..Default::default()
    }
}

fn mount(name: &str, path: &str) -> VolumeMount {
    VolumeMount { name: name.to_string(), mount_path: path.to_string(), ..Default::default() }
}

/// `cfg-<id>` mounted at `<dir>/<filename>` with `subPath: <filename>`.
pub fn config_mounts(mounts: &[ConfigMount]) -> Vec<VolumeMount> {
    mounts
        .iter()
        .map(|c| VolumeMount {
            name: super::names::config_secret(&c.id),
            mount_path: clean_path(&format!("{}/{}", c.dir, c.filename)),
            sub_path: Some(c.filename.clone()),
            ..Default::default()
        })
        .collect()
}

/// `ed-<id>`, `efs-<id>` (and `azurefiles-<id>` in services) at their mount paths.
pub fn option_mounts(options: &[VolumeOption], kind: PodKind) -> Vec<VolumeMount> {
    let mut out = Vec::new();
    for o in options {
        if let Some(ed) = &o.empty_dir {
            out.push(mount(&format!("ed-{}", ed.id), &ed.mount_path));
        }
        if let Some(efs) = &o.aws_efs {
            out.push(mount(&format!("efs-{}", efs.id), &efs.mount_path));
        }
        if let (Some(az), PodKind::Service) = (&o.azure_files, kind) {
            out.push(mount(&format!("azurefiles-{}", az.id), &az.mount_path));
        }
    }
    out
}

/// Saturating conversion for int32 fields the model holds as i64.
pub fn clamp_i32(n: i64) -> i32 {
    n.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{EmptyDir, Gpu, ScaleLimit};

    /// A service as the loader returns it with every default applied (scale 1, 250m, 512Mi).
    fn defaults() -> Service {
        Service::defaulted()
    }

    fn check(svc: &Service, kind: PodKind) -> (PodSpec, Container) {
        base(&Context::default(), "web", svc, kind)
    }

    #[test]
    fn default_resources_request_cpu_and_memory_and_limit_memory_only() {
        let (_, c) = check(&defaults(), PodKind::Service);
        let r = c.resources.unwrap();
        let req = r.requests.unwrap();
        assert_eq!(req["cpu"], Quantity("250m".into()));
        assert_eq!(req["memory"], Quantity("512Mi".into()));
        let lim = r.limits.unwrap();
        assert_eq!(lim.len(), 1);
        assert_eq!(lim["memory"], Quantity("512Mi".into()));
    }

    #[test]
    fn cpu_limit_and_gpu_keys_and_toleration() {
        let mut svc = defaults();
        svc.scale.limit = ScaleLimit { cpu: 1000, memory: 2048 };
        svc.scale.gpu = Gpu { count: 2, vendor: "amd".into() };
        let (spec, c) = check(&svc, PodKind::Service);
        let lim = c.resources.unwrap().limits.unwrap();
        assert_eq!(lim["cpu"], Quantity("1000m".into()));
        assert_eq!(lim["memory"], Quantity("2048Mi".into()));
        assert_eq!(lim["amd.com/gpu"], Quantity("2".into()));
        let t = spec.tolerations.unwrap();
        assert_eq!(t[0].key.as_deref(), Some("amd.com/gpu"));
        assert_eq!(t[0].operator.as_deref(), Some("Exists"));
    }

    #[test]
    fn dns_uses_resolver_searches_and_ndots() {
        let mut svc = defaults();
        svc.dns_config.ndots = 2;
        let (spec, _) = check(&svc, PodKind::Service);
        assert_eq!(spec.dns_policy.as_deref(), Some("None"));
        let dns = spec.dns_config.unwrap();
        assert_eq!(dns.nameservers.unwrap(), vec!["172.20.0.10"]);
        assert_eq!(
            dns.searches.unwrap(),
            vec![
                "my-app.my-rack.local",
                "my-rack-my-app.svc.cluster.local",
                "my-rack.local",
                "svc.cluster.local",
                "cluster.local"
            ]
        );
        assert_eq!(dns.options.unwrap()[0].value.as_deref(), Some("2"));
    }

    #[test]
    fn node_selector_labels_give_required_affinity_and_dedicated_toleration() {
        let mut svc = defaults();
        svc.node_selector_labels = vec![("convox.io/label".into(), "gpu".into())];
        let (spec, _) = check(&svc, PodKind::Service);
        let na = spec.affinity.unwrap().node_affinity.unwrap();
        let term = &na.required_during_scheduling_ignored_during_execution.unwrap().node_selector_terms[0];
        let e = &term.match_expressions.as_ref().unwrap()[0];
        assert_eq!((e.key.as_str(), e.operator.as_str()), ("convox.io/label", "In"));
        let t = &spec.tolerations.unwrap()[0];
        assert_eq!((t.key.as_deref(), t.value.as_deref()), (Some("dedicated-node"), Some("gpu")));
    }

    #[test]
    fn short_volumes_are_hostpath_for_system_paths_emptydir_in_services_pvc_in_timers() {
        let mut svc = defaults();
        svc.volumes = vec!["/var/run/docker.sock:/var/run/docker.sock".into(), "/data".into()];
        let ctx = Context::default();
        let data = names::short_volume(&ctx, "/mnt/volumes/my-app/service/web/data");
        let (spec, c) = check(&svc, PodKind::Service);
        let vols = spec.volumes.unwrap();
        assert_eq!(vols[0].name, "ca");
        let by = |n: &str| vols.iter().find(|v| v.name == n).cloned().unwrap();
        assert!(by(&data).empty_dir.is_some());
        let sock = names::short_volume(&ctx, "/var/run/docker.sock");
        assert_eq!(by(&sock).host_path.unwrap().path, "/var/run/docker.sock");
        let mounts = c.volume_mounts.unwrap();
        assert_eq!(mounts[0].mount_path, "/etc/convox");
        assert!(mounts.iter().any(|m| m.name == data && m.mount_path == "/data"));
        let (spec, _) = check(&svc, PodKind::Timer);
        let v = spec.volumes.unwrap().into_iter().find(|v| v.name == data).unwrap();
        assert_eq!(v.persistent_volume_claim.unwrap().claim_name, data);
    }

    #[test]
    fn volume_options_and_config_mounts_get_their_prefixed_names() {
        let mut svc = defaults();
        svc.volume_options = vec![VolumeOption {
            empty_dir: Some(EmptyDir {
                id: "tmp".into(),
                medium: "Memory".into(),
                mount_path: "/tmp".into(),
                size_limit: "1Gi".into(),
            }),
            ..Default::default()
        }];
        svc.config_mounts =
            vec![ConfigMount { id: "settings".into(), dir: "/etc/app/".into(), filename: "a.json".into() }];
        let (spec, c) = check(&svc, PodKind::Service);
        let vols = spec.volumes.unwrap();
        let ed = vols.iter().find(|v| v.name == "ed-tmp").unwrap().empty_dir.clone().unwrap();
        assert_eq!(ed.size_limit, Some(Quantity("1Gi".into())));
        let cfg = vols.iter().find(|v| v.name == "cfg-settings").unwrap().secret.clone().unwrap();
        assert_eq!(cfg.items.unwrap()[0].key, "app.json");
        let m = c.volume_mounts.unwrap().into_iter().find(|m| m.name == "cfg-settings").unwrap();
        assert_eq!((m.mount_path.as_str(), m.sub_path.as_deref()), ("/etc/app/a.json", Some("a.json")));
    }

    #[test]
    fn blank_command_gives_no_args_and_quotes_are_honoured() {
        let mut d = Vec::new();
        assert_eq!(shell_split("  ", "p", &mut d), None);
        assert_eq!(shell_split("sh -c 'echo hi'", "p", &mut d).unwrap(), vec!["sh", "-c", "echo hi"]);
        assert!(d.is_empty());
        assert!(shell_split("echo 'x", "p", &mut d).is_some());
        assert_eq!(d.len(), 1);
    }
}
