//! `resources:` become objects named `resource-<k8sname(name)>`: containerized databases and
//! caches get a ConfigMap, a PVC (databases only), a Deployment and a NodePort Service
//! (`provider/k8s/template/resource/<type>.yml.tmpl`); `rds-*` / `elasticache-*` get only a ConfigMap the rack fills in
//! once AWS has provisioned the instance (`resource/rds-*.yml.tmpl`). Services link to either through
//! [`link_env`].

use crate::sorted::sorted_map;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, DeploymentStrategy};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, ContainerPort, EnvVar, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, PodSpec, PodTemplateSpec, ResourceRequirements, Service, ServicePort,
    ServiceSpec, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

pub(super) mod links;
pub(super) mod types;

use types::*;

use super::rules::{self, Why};
use super::{labels, names, Concept, Context, Generated, Labels, Mapped, Object, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, Resource};
use crate::profile::Provider;
use crate::rack_version::V3_23_4;

const ATOM_CONDITIONS: (&str, &str) =
    ("atom.conditions", "Available=True,Progressing=True/NewReplicaSetAvailable");

/// The password every containerized resource on a rack shares: the first 30 hex characters
/// of sha256(rack name).
pub fn password(ctx: &Context) -> String {
    names::sha256_hex(&ctx.rack)[..30].to_string()
}

/// `resource-<rn>.<ns>.svc.cluster.local`.
/// `resource-<name>.<namespace>.<suffix>`: the suffix is `svc.cluster.local`, or the
/// `resource-internal-domain-suffix` gate's value (`internalResourceDotDomainSuffix`).
fn host(ctx: &Context, resource: &str) -> String {
    let gate = ctx.profile.gates().value("resource-internal-domain-suffix");
    let suffix = if gate.is_empty() { "svc.cluster.local" } else { gate };
    format!("{}.{}.{suffix}", names::resource_object(resource), ctx.namespace())
}

/// Renders every resource whose type is not `rds-*`/`elasticache-*`: masked ConfigMap, or
/// the full set for a known containerized type, or an error for an unknown type
/// ([`rules::resource_workload`]).
pub fn render_containerized(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    for named in &manifest.resources {
        let (name, r) = (&named.name, &named.value);
        let rule = rules::resource_workload(ctx, name, r);
        let why = rule.as_ref().err().and_then(|w| w.first());
        if r.kind.is_empty() || matches!(why, Some(Why::Managed(_))) {
            continue;
        }
        let Some(object_name) = object_name(name, out) else { continue };
        let source = format!("resources.{name}");
        let mut notes = name_notes(name, &object_name);
        collision(name, &object_name, &source, out);

        if let Some(Why::Masked(var)) = why {
            // `releaseTemplateResource`: the value trimmed, then rendered with `safe`.
            let raw = ctx.env.get(var).map_or("", String::as_str);
            let rendered = super::safe::safe(raw.trim());
            let url = match &rendered {
                super::safe::Rendered::Changed { value, .. } => value.clone(),
                _ => raw.trim().to_string(),
            };
            let what = format!("the release env's {var}, which masks resource {name}");
            let lands = format!("ConfigMap {object_name} (the {var} of every service linking {name}) holds");
            if let Some(d) = super::safe::diagnostic(&[(raw.trim(), &rendered)], &what, &lands, &url) {
                let fix = super::safe::env_fix(var, raw);
                out.diagnostics.push(fix.into_iter().fold(d.at(source.clone()), Diagnostic::with_fix));
            }
            notes.push(format!(
                "Masked: the release env sets {}, so the rack renders only this ConfigMap (URL = that \
                 value, other keys empty) and no Deployment, PVC or Service.",
                mask_var(name)
            ));
            let data = connection(&url, "", "", "", "", "");
            let cm = config_map(ctx, &object_name, resource_labels(ctx, name, &[("type", "resource")]), data);
            push(out, cm.into(), Role::ResourceConfigMap, name, &source, notes);
            continue;
        }

        let Some(t) = CONTAINERIZED.iter().find(|t| t.kind == r.kind) else {
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "resource {name}: unknown type {}; the promote would fail because the rack has no \
                     template resource/{}.yml.tmpl",
                    r.kind, r.kind
                ))
                .at(format!("{source}.type")),
            );
            continue;
        };
        render_one(t, name, r, &object_name, &source, notes, ctx, out);
    }
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
fn render_one(
    t: &Containerized,
    name: &str,
    r: &Resource,
    object_name: &str,
    source: &str,
    notes: Vec<String>,
    ctx: &Context,
    out: &mut Mapped,
) {
    let pw = password(ctx);
    let host = host(ctx, name);
    let port = t.port.to_string();
    let data = match &t.credentials {
        Some(c) => connection(
            &format!("{}://{}:{pw}@{host}:{port}/app{}", c.scheme, c.user, c.url_suffix),
            c.user,
            &pw,
            &host,
            &port,
            "app",
        ),
        None => connection(&format!("{}://{host}:{port}", t.kind), "", "", &host, &port, ""),
    };
    let cm = config_map(ctx, object_name, resource_labels(ctx, name, &[("type", "resource")]), data);
    let cm_notes = [
        notes.clone(),
        vec![format!(
            "The password is the first 30 hex characters of sha256(\"{}\"): the same for every \
             containerized resource on this rack.",
            ctx.rack
        )],
    ]
    .concat();
    push(out, cm.into(), Role::ResourceConfigMap, name, source, cm_notes);

    if rules::resource_claim(ctx, name, r).is_ok() {
        if let Some(pvc) = volume_claim(ctx, name, r, object_name, source, out) {
            push(out, pvc.into(), Role::ResourceVolumeClaim, name, source, notes.clone());
        }
    }

    let deployment = deployment(t, name, r, object_name, source, ctx, out);
    let mut deployment_notes = notes.clone();
    if r.image.is_empty() && ctx.profile.ecr_docker_hub_cache() {
        deployment_notes.push(format!(
            "The image comes through the rack's ECR pull-through cache for Docker Hub (ecr_docker_hub_cache), \
             in the rack's account and region: {} is a stand-in.",
            ctx.stand_ins.ecr_registry
        ));
    }
    push(out, deployment.into(), Role::ResourceDeployment, name, source, deployment_notes);

    let service = Service {
        metadata: ObjectMeta {
            name: Some(object_name.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            // From 3.23.4, the alias the rack's DNS resolver answers for.
            annotations: (ctx.version() >= V3_23_4)
                .then(|| BTreeMap::from([("convox.com/alias".to_string(), host)])),
            labels: Some(resource_labels(ctx, name, &[("type", "resource")])),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            type_: Some("NodePort".into()),
            ports: Some(vec![ServicePort { port: t.port, ..Default::default() }]),
            selector: Some(selector(ctx, name)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut service_notes = notes;
    service_notes.push(
        "NodePort, not ClusterIP: the resource is also reachable on every node's allocated port.".into(),
    );
    push(out, service.into(), Role::ResourceService, name, source, service_notes);
}

fn volume_claim(
    ctx: &Context,
    name: &str,
    r: &Resource,
    object_name: &str,
    source: &str,
    out: &mut Mapped,
) -> Option<PersistentVolumeClaim> {
    let storage = r.options.get("storage").map_or("10", String::as_str);
    if !is_decimal(storage) {
        out.diagnostics.push(
            Diagnostic::error(format!(
                "resource {name}: storage {storage:?} renders as the quantity {storage}Gi, which Kubernetes \
                 rejects; use a number of GiB"
            ))
            .at(format!("{source}.options.storage")),
        );
        return None;
    }
    Some(PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(object_name.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            // The PVC template has no `type` label.
            labels: Some(resource_labels(ctx, name, &[])),
            ..Default::default()
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".into()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), Quantity(format!("{storage}Gi")))])),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn deployment(
    t: &Containerized,
    name: &str,
    r: &Resource,
    object_name: &str,
    source: &str,
    ctx: &Context,
    out: &mut Mapped,
) -> Deployment {
    let mut extra = vec![("type", "resource"), ("kind", t.kind)];
    if t.name_label {
        extra.push(("name", name));
    }
    let version = r.options.get("version").map_or(t.default_version, String::as_str);
    let image = if !r.image.is_empty() {
        r.image.clone()
    } else if ctx.profile.ecr_docker_hub_cache() {
        ecr_cached_image(ctx, t, r)
    } else {
        format!("{}:{version}", t.repository)
    };
    let pw = password(ctx);
    let env = t.credentials.as_ref().map(|c| {
        c.env
            .iter()
            .map(|(k, v)| EnvVar {
                name: k.to_string(),
                value: Some(v.map_or_else(|| pw.clone(), str::to_string)),
                ..Default::default()
            })
            .collect::<Vec<_>>()
    });
    let mounts = t.credentials.as_ref().filter(|_| t.database).map(|c| {
        vec![VolumeMount {
            name: "data".into(),
            mount_path: c.mount_path.into(),
            sub_path: c.sub_path.map(str::to_string),
            ..Default::default()
        }]
    });
    let volumes = t.database.then(|| {
        vec![Volume {
            name: "data".into(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: object_name.to_string(),
                read_only: None,
            }),
            ..Default::default()
        }]
    });
    let container = Container {
        name: t.container.into(),
        image: Some(image),
        image_pull_policy: Some("IfNotPresent".into()),
        ports: Some(vec![ContainerPort { container_port: t.port, ..Default::default() }]),
        env,
        volume_mounts: mounts,
        resources: compute(ctx, name, r, source, out),
        ..Default::default()
    };
    Deployment {
        metadata: ObjectMeta {
            name: Some(object_name.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            annotations: Some(BTreeMap::from([(ATOM_CONDITIONS.0.into(), ATOM_CONDITIONS.1.into())])),
            labels: Some(resource_labels(ctx, name, &extra)),
            ..Default::default()
        },
        spec: Some(DeploymentSpec {
            replicas: Some(1),
            selector: LabelSelector { match_labels: Some(selector(ctx, name)), ..Default::default() },
            // Recreate: two database pods must never share one ReadWriteOnce volume.
            strategy: t
                .database
                .then(|| DeploymentStrategy { type_: Some("Recreate".into()), ..Default::default() }),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta { labels: Some(pod_labels(ctx, name)), ..Default::default() }),
                spec: Some(PodSpec {
                    image_pull_secrets: Some(super::config::docker_hub_pull_secret(ctx))
                        .filter(|r| !r.is_empty()),
                    containers: vec![container],
                    volumes,
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The image through the rack's ECR pull-through cache for Docker Hub
/// (`ecrCachedResourceImage` in `provider/k8s/release.go`): `<prefix>/library/<image>:<version>`
/// for Docker Hub's official images, `<prefix>/<org>/<image>:<version>` for postgis, the
/// prefix `<account>.dkr.ecr.<region>.amazonaws.com/docker-hub-<rack>`
/// (`terraform/cluster/aws/outputs.tf`); an empty version option takes the default.
fn ecr_cached_image(ctx: &Context, t: &Containerized, r: &Resource) -> String {
    let version =
        r.options.get("version").filter(|v| !v.is_empty()).map_or(t.default_version, String::as_str);
    let library = if t.repository.contains('/') { "" } else { "library/" };
    format!("{}/docker-hub-{}/{library}{}:{version}", ctx.stand_ins.ecr_registry, ctx.rack, t.repository)
}

/// `options.cpu` / `options.mem` as both request and limit; only the ones that are set. Before
/// 3.23.4 the templates had no `resources:` block: the options are ignored, with a warning.
fn compute(
    ctx: &Context,
    name: &str,
    r: &Resource,
    source: &str,
    out: &mut Mapped,
) -> Option<ResourceRequirements> {
    if ctx.version() < V3_23_4 {
        for option in ["cpu", "mem"].into_iter().filter(|o| r.options.get(*o).is_some_and(|v| !v.is_empty()))
        {
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "resource {name}: options.{option} is ignored by a {} rack, whose resource templates set no \
                     requests or limits; rack version 3.23.4 renders it",
                    ctx.version()
                ))
                .at(format!("{source}.options.{option}")),
            );
        }
        return None;
    }
    let mut quantities = BTreeMap::new();
    for (option, key, unit) in [("cpu", "cpu", "m"), ("mem", "memory", "Mi")] {
        let Some(value) = r.options.get(option) else { continue };
        if value.is_empty() {
            continue;
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "resource {name}: {option} {value:?} renders as the quantity {value}{unit}, which \
                     Kubernetes rejects; use a whole number"
                ))
                .at(format!("{source}.options.{option}")),
            );
            continue;
        }
        quantities.insert(key.to_string(), Quantity(format!("{value}{unit}")));
    }
    (!quantities.is_empty()).then(|| ResourceRequirements {
        limits: Some(quantities.clone()),
        requests: Some(quantities),
        ..Default::default()
    })
}

/// Renders the ConfigMap of every `rds-*` / `elasticache-*` resource, with the rack's name
/// rules as errors.
pub fn render_managed(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let mut disabled: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for named in &manifest.resources {
        let (name, r) = (&named.name, &named.value);
        let Some(m) = MANAGED.iter().find(|m| m.kind == r.kind) else { continue };
        let source = format!("resources.{name}");
        // `releaseRdsResources` / `releaseElasticacheResources`: the gate first, then the
        // provisioner's name rules, then the AWS API (on every provider).
        let limit = if m.family == "rds" { 20 } else { 40 };
        let gate = [m.family, "-disable"].concat();
        if ctx.profile.gates().on(&gate) {
            disabled.entry(m.family).or_default().push(format!("{source}.type"));
        } else if !managed_name_ok(name) {
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "invalid {} resource name: only alphanumeric letter and hypen allowed",
                    m.family
                ))
                .at(&source),
            );
        } else if name.len() > 20 {
            out.diagnostics.push(
                Diagnostic::error(format!("{} resource name must not excced {limit} char limit", m.family))
                    .at(&source),
            );
        }
        if ctx.profile.provider() != Provider::Aws && !ctx.profile.gates().on(&gate) {
            let (what, kind) = if m.family == "rds" {
                ("db instance", "database")
            } else if m.kind == "elasticache-redis" {
                ("redis replication group", "cache")
            } else {
                ("memcache cache cluster", "cache")
            };
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "failed to install {what}: the rack provisions {} resources through the AWS API on every \
                     provider, and a {} rack has no AWS account or VPC to make {name} in, so the promote fails \
                     before anything is applied. Use a containerized type ({}) or your own {kind}, given to the \
                     app as a release variable.",
                    r.kind,
                    ctx.profile.provider().name(),
                    containerized_alternative(&r.kind),
                ))
                .at_value(format!("{source}.type")),
            );
        }
        let Some(object_name) = object_name(name, out) else { continue };
        let mut notes = name_notes(name, &object_name);
        collision(name, &object_name, &source, out);

        let option =
            |key: &str| r.options.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.clone());
        let placeholder = |what: &str| format!("<{}-{what}>", m.family);
        let port = option("port").unwrap_or_else(|| m.default_port.to_string());
        let host = placeholder("endpoint");
        let data = if m.family == "rds" {
            let user = option("masterusername").unwrap_or_else(|| placeholder("user"));
            let pw = option("masteruserpassword").unwrap_or_else(|| placeholder("password"));
            let db = option("dbname").unwrap_or_else(|| placeholder("database"));
            let (scheme, suffix) =
                if m.kind == "rds-postgres" { ("postgres", "?sslmode=disable") } else { ("mysql", "") };
            connection(
                &format!("{scheme}://{user}:{pw}@{host}:{port}/{db}{suffix}"),
                &user,
                &pw,
                &host,
                &port,
                &db,
            )
        } else if m.kind == "elasticache-redis" {
            let pw = option("password").unwrap_or_default();
            let url = if pw.is_empty() {
                format!("redis://{host}:{port}/0")
            } else {
                format!("rediss://{pw}@{host}:{port}/0")
            };
            connection(&url, "", &pw, &host, &port, "")
        } else {
            connection(&format!("memcached://{host}:{port}"), "", "", &host, &port, "")
        };

        notes.push(format!(
            "Values in <angle brackets> are placeholders: the {} instance is provisioned through the AWS \
             API, and the rack writes its real endpoint and credentials here once AWS reports it \
             available (until then the release waits on it).",
            m.family
        ));
        notes.push(format!(
            "No Deployment, Service or PVC: the rack keeps the provisioning state in Secret \
             {name}-r{}r-{} (labels provisioner={}, type=state).",
            ctx.rack, ctx.app, m.provisioner
        ));
        if m.kind != m.type_label {
            notes.push(format!(
                "The label type={} is the rack template's own bug, mirrored: `-l type={}` does not find \
                 this ConfigMap.",
                m.type_label, m.kind
            ));
        }
        let label_name = if m.k8sname_label { names::k8sname(name) } else { name.clone() };
        let mut base = labels::labels([("type", m.type_label), ("provisioner", m.provisioner)]);
        base.insert("resource".into(), label_name);
        let cm = config_map(ctx, &object_name, labels::top_level(ctx, base, &[]), data);
        push(out, cm.into(), Role::ManagedResourceConfigMap, name, &source, notes);
    }
    for (family, paths) in disabled {
        let message = format!(
            "{family} resource is disabled: the rack refuses this release (its api_feature_gates has \
             {family}-disable). Remove {family}-disable from api_feature_gates, or use a containerized type. The \
             objects are shown as they will be once it is."
        );
        out.error_once(&paths, message);
    }
}

/// `^[a-z]([a-z0-9-]*[a-z0-9])?$`, the provisioners' name rule.
/// The containerized type that stands in for a managed one.
fn containerized_alternative(kind: &str) -> &'static str {
    match kind {
        "rds-mysql" => "mysql",
        "rds-mariadb" => "mariadb",
        "elasticache-redis" => "redis",
        "elasticache-memcached" => "memcached",
        _ => "postgres",
    }
}

fn managed_name_ok(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `resource-<k8sname(name)>`, or `None` (with an error when the rack would fail) when the
/// name cannot become a Kubernetes object name. Names failing the manifest's own rule are
/// left to validation.
fn object_name(name: &str, out: &mut Mapped) -> Option<String> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return None;
    }
    let object = names::resource_object(name);
    let dns_label = object.len() <= 63 && !object.ends_with('-') && name.len() <= 63;
    if !dns_label {
        out.diagnostics.push(
            Diagnostic::error(format!(
                "resource {name} renders objects named {object}, which Kubernetes rejects (a name must be \
                 at most 63 characters and end with a letter or digit; k8sname strips digits)"
            ))
            .at(format!("resources.{name}")),
        );
        return None;
    }
    Some(object)
}

fn name_notes(name: &str, object_name: &str) -> Vec<String> {
    if names::k8sname(name) == name {
        return Vec::new();
    }
    vec![format!(
        "Named {object_name}, not resource-{name}: the rack's k8sname strips digits and uppercase \
         letters from resource names. The `resource` label keeps {name}."
    )]
}

/// Reports a second resource whose objects get the same name as an earlier one's.
fn collision(name: &str, object_name: &str, source: &str, out: &mut Mapped) {
    let earlier = out.objects.iter().find(|g| {
        matches!(g.role, Role::ResourceConfigMap | Role::ManagedResourceConfigMap)
            && g.object.name() == object_name
            && g.owner.as_deref() != Some(name)
    });
    if let Some(earlier) = earlier {
        out.diagnostics.push(
            Diagnostic::error(format!(
                "resources {} and {name} both render objects named {object_name} (k8sname strips digits \
                 and uppercase letters): the later one overwrites the earlier",
                earlier.owner.as_deref().unwrap_or_default()
            ))
            .at(source),
        );
    }
}

fn connection(
    url: &str,
    user: &str,
    pass: &str,
    host: &str,
    port: &str,
    db: &str,
) -> BTreeMap<String, String> {
    sorted_map(
        [("URL", url), ("USER", user), ("PASS", pass), ("HOST", host), ("PORT", port), ("NAME", db)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
    )
}

fn config_map(ctx: &Context, name: &str, labels: Labels, data: BTreeMap<String, String>) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            labels: Some(labels),
            ..Default::default()
        },
        data: Some(data),
        ..Default::default()
    }
}

/// `resource: <name>` plus `extra`, then the applied labels.
fn resource_labels(ctx: &Context, name: &str, extra: &[(&str, &str)]) -> Labels {
    let mut base = labels::labels(extra.iter().copied());
    base.insert("resource".into(), name.to_string());
    labels::top_level(ctx, base, &[])
}

/// Deployment selector and Service selector: `{system, rack, app, resource}`.
fn selector(ctx: &Context, name: &str) -> Labels {
    labels::labels([("system", "convox"), ("rack", &ctx.rack), ("app", &ctx.app), ("resource", name)])
}

/// Pod-template labels: the selector plus `type: resource` (applied labels never reach pods).
pub fn pod_labels(ctx: &Context, name: &str) -> Labels {
    let mut l = selector(ctx, name);
    l.insert("type".into(), "resource".into());
    l
}

fn push(out: &mut Mapped, object: Object, role: Role, owner: &str, source: &str, notes: Vec<String>) {
    out.objects.push(Generated {
        object,
        role,
        concept: Concept::Resource,
        owner: Some(owner.to_string()),
        source: source.to_string(),
        notes,
    });
}

fn is_decimal(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::manifest::{Env, Named};

    #[test]
    fn every_resource_type_the_schema_offers_has_a_template_and_no_other() {
        let key = crate::manifest::section("resources.<name>")
            .and_then(|s| s.keys.iter().find(|k| k.name == "type").copied())
            .unwrap();
        let mut offered: Vec<&str> = key.shape.choices().to_vec();
        let mut templates: Vec<&str> =
            CONTAINERIZED.iter().map(|t| t.kind).chain(MANAGED.iter().map(|m| m.kind)).collect();
        offered.sort();
        templates.sort();
        assert_eq!(offered, templates);
    }

    fn resource(kind: &str, options: &[(&str, &str)]) -> Resource {
        Resource {
            kind: kind.into(),
            image: String::new(),
            options: options.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    /// Maps `resources` (both passes, as `map` does) with release env `env`.
    fn check(resources: Vec<(&str, Resource)>, env: &[(&str, &str)], check: impl Fn(&Mapped)) {
        let manifest = Manifest {
            resources: resources.into_iter().map(|(n, r)| Named { name: n.into(), value: r }).collect(),
            ..Manifest::default()
        };
        let env: Env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let ctx = Context { env, ..Context::default() };
        let mut out = Mapped::default();
        render_containerized(&manifest, &ctx, &mut out);
        render_managed(&manifest, &ctx, &mut out);
        check(&out);
    }

    fn kinds(out: &Mapped) -> Vec<(&'static str, &str)> {
        out.objects.iter().map(|g| (g.object.kind(), g.object.name())).collect()
    }

    fn find(out: &Mapped, role: Role) -> &Object {
        &out.objects.iter().find(|g| g.role == role).expect("role rendered").object
    }

    fn deployment(out: &Mapped) -> &Deployment {
        match find(out, Role::ResourceDeployment) {
            Object::Deployment(d) => d,
            _ => unreachable!("role and kind agree"),
        }
    }

    fn config_data(out: &Mapped, role: Role) -> BTreeMap<String, String> {
        match find(out, role) {
            Object::ConfigMap(c) => c.data.clone().unwrap(),
            _ => unreachable!("role and kind agree"),
        }
    }

    fn labels_of(out: &Mapped, role: Role) -> Labels {
        find(out, role).metadata().labels.clone().unwrap()
    }

    #[test]
    fn postgres_renders_config_map_pvc_deployment_and_node_port_service() {
        check(vec![("database", resource("postgres", &[]))], &[], |out| {
            assert!(out.diagnostics.is_empty());
            assert_eq!(
                kinds(out),
                vec![
                    ("ConfigMap", "resource-database"),
                    ("PersistentVolumeClaim", "resource-database"),
                    ("Deployment", "resource-database"),
                    ("Service", "resource-database"),
                ]
            );
            let Object::Service(s) = find(out, Role::ResourceService) else { unreachable!() };
            let spec = s.spec.clone().unwrap();
            assert_eq!(spec.type_.as_deref(), Some("NodePort"));
            assert_eq!(spec.ports.unwrap()[0].port, 5432);
        });
    }

    #[test]
    fn postgres_connection_uses_rack_password_and_cluster_host() {
        check(vec![("database", resource("postgres", &[]))], &[], |out| {
            let data = config_data(out, Role::ResourceConfigMap);
            let pw = &names::sha256_hex("my-rack")[..30];
            let host = "resource-database.my-rack-my-app.svc.cluster.local";
            assert_eq!(data["URL"], format!("postgres://app:{pw}@{host}:5432/app?sslmode=disable"));
            assert_eq!((data["USER"].as_str(), data["PASS"].as_str()), ("app", pw));
            assert_eq!((data["PORT"].as_str(), data["NAME"].as_str()), ("5432", "app"));
        });
    }

    #[test]
    fn database_deployment_recreates_and_mounts_its_claim() {
        check(vec![("database", resource("postgres", &[("version", "13")]))], &[], |out| {
            let d = deployment(out);
            let spec = d.spec.clone().unwrap();
            assert_eq!(spec.strategy.unwrap().type_.as_deref(), Some("Recreate"));
            let pod = spec.template.spec.unwrap();
            let c = &pod.containers[0];
            assert_eq!(c.name, "postgres");
            assert_eq!(c.image.as_deref(), Some("postgres:13"));
            let env: Vec<_> = c.env.clone().unwrap().into_iter().map(|e| e.name).collect();
            assert_eq!(env, ["POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "PGDATA"]);
            assert_eq!(c.volume_mounts.clone().unwrap()[0].mount_path, "/var/lib/postgresql/data");
            let claim = pod.volumes.unwrap()[0].persistent_volume_claim.clone().unwrap();
            assert_eq!(claim.claim_name, "resource-database");
        });
    }

    #[test]
    fn mysql_mounts_with_sub_path_and_has_no_name_label() {
        check(vec![("db", resource("mysql", &[]))], &[], |out| {
            let d = deployment(out);
            assert!(!d.metadata.labels.as_ref().unwrap().contains_key("name"));
            let c = &d.spec.clone().unwrap().template.spec.unwrap().containers[0];
            assert_eq!(c.image.as_deref(), Some("mysql:5.7.23"));
            let mount = &c.volume_mounts.clone().unwrap()[0];
            assert_eq!(
                (mount.mount_path.as_str(), mount.sub_path.as_deref()),
                ("/var/lib/mysql", Some("mysql"))
            );
            assert!(config_data(out, Role::ResourceConfigMap)["URL"].starts_with("mysql://root:"));
        });
    }

    #[test]
    fn postgres_deployment_labels_selector_and_pod_labels_follow_the_template() {
        check(vec![("database", resource("postgres", &[]))], &[], |out| {
            let d = deployment(out);
            let l = d.metadata.labels.clone().unwrap();
            assert_eq!(
                (l["type"].as_str(), l["kind"].as_str(), l["name"].as_str()),
                ("resource", "postgres", "database")
            );
            let spec = d.spec.clone().unwrap();
            assert_eq!(
                spec.selector.match_labels.unwrap(),
                labels::labels([
                    ("system", "convox"),
                    ("rack", "my-rack"),
                    ("app", "my-app"),
                    ("resource", "database")
                ])
            );
            let pod = spec.template.metadata.unwrap().labels.unwrap();
            assert_eq!(pod["type"], "resource");
            assert!(!pod.contains_key("release"));
        });
    }

    #[test]
    fn resource_pvc_has_no_type_label_and_takes_storage_option() {
        check(vec![("database", resource("postgres", &[("storage", "20")]))], &[], |out| {
            assert!(!labels_of(out, Role::ResourceVolumeClaim).contains_key("type"));
            let Object::PersistentVolumeClaim(p) = find(out, Role::ResourceVolumeClaim) else {
                unreachable!()
            };
            let requests = p.spec.clone().unwrap().resources.unwrap().requests.unwrap();
            assert_eq!(requests["storage"], Quantity("20Gi".into()));
        });
    }

    #[test]
    fn cache_has_no_pvc_and_no_strategy() {
        check(vec![("cache", resource("redis", &[]))], &[], |out| {
            assert!(!kinds(out).iter().any(|(k, _)| *k == "PersistentVolumeClaim"));
            assert_eq!(deployment(out).spec.clone().unwrap().strategy, None);
            let data = config_data(out, Role::ResourceConfigMap);
            assert_eq!(data["URL"], "redis://resource-cache.my-rack-my-app.svc.cluster.local:6379");
            assert_eq!(data["USER"], "");
        });
    }

    #[test]
    fn cpu_and_mem_options_become_both_requests_and_limits() {
        check(vec![("cache", resource("memcached", &[("cpu", "500"), ("mem", "256")]))], &[], |out| {
            let c = deployment(out).spec.clone().unwrap().template.spec.unwrap().containers[0].clone();
            let r = c.resources.unwrap();
            assert_eq!(r.limits, r.requests);
            let limits = r.limits.unwrap();
            assert_eq!((&limits["cpu"].0[..], &limits["memory"].0[..]), ("500m", "256Mi"));
        });
    }

    #[test]
    fn non_numeric_cpu_is_an_error_and_left_out() {
        check(vec![("cache", resource("redis", &[("cpu", "half")]))], &[], |out| {
            assert_eq!(out.diagnostics[0].path.as_deref(), Some("resources.cache.options.cpu"));
            let c = deployment(out).spec.clone().unwrap().template.spec.unwrap().containers[0].clone();
            assert_eq!(c.resources, None);
        });
    }

    #[test]
    fn custom_image_overrides_version() {
        let r = Resource { image: "example/pg:1".into(), ..resource("postgres", &[("version", "13")]) };
        check(vec![("database", r)], &[], |out| {
            let c = deployment(out).spec.clone().unwrap().template.spec.unwrap().containers[0].clone();
            assert_eq!(c.image.as_deref(), Some("example/pg:1"));
        });
    }

    #[test]
    fn masked_resource_renders_only_its_config_map() {
        let url = "postgres://u:p@db.example.com:5432/x";
        check(vec![("main-db", resource("postgres", &[]))], &[("MAIN_DB_URL", url)], |out| {
            assert_eq!(kinds(out), vec![("ConfigMap", "resource-main-db")]);
            let data = config_data(out, Role::ResourceConfigMap);
            assert_eq!(data["URL"], url);
            assert_eq!(data["HOST"], "");
            assert!(out.objects[0].notes.iter().any(|n| n.contains("MAIN_DB_URL")));
        });
    }

    #[test]
    fn blank_mask_var_does_not_mask() {
        check(vec![("database", resource("postgres", &[]))], &[("DATABASE_URL", "  ")], |out| {
            assert_eq!(out.objects.len(), 4);
        });
    }

    #[test]
    fn digits_are_stripped_from_object_names_with_a_note() {
        check(vec![("db2", resource("redis", &[]))], &[], |out| {
            assert!(out.objects.iter().all(|g| g.object.name() == "resource-db"));
            assert!(out.objects[0].notes.iter().any(|n| n.contains("strips digits")));
            assert_eq!(labels_of(out, Role::ResourceConfigMap)["resource"], "db2");
        });
    }

    #[test]
    fn resources_differing_only_in_digits_collide() {
        check(vec![("db1", resource("redis", &[])), ("db2", resource("postgres", &[]))], &[], |out| {
            let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].path.as_deref(), Some("resources.db2"));
            assert!(errors[0].message.contains("db1 and db2"));
        });
    }

    #[test]
    fn name_ending_in_digits_after_dash_cannot_be_an_object_name() {
        check(vec![("db-2", resource("redis", &[]))], &[], |out| {
            assert!(out.objects.is_empty());
            assert!(out.diagnostics[0].message.contains("resource-db-"));
        });
    }

    #[test]
    fn unknown_type_is_an_error_at_its_type() {
        check(vec![("queue", resource("rabbitmq", &[]))], &[], |out| {
            assert!(out.objects.is_empty());
            assert_eq!(out.diagnostics[0].path.as_deref(), Some("resources.queue.type"));
            assert!(out.diagnostics[0].message.contains("resource/rabbitmq.yml.tmpl"));
        });
    }

    #[test]
    fn rds_renders_only_a_placeholder_config_map() {
        check(vec![("analytics-db", resource("rds-postgres", &[("class", "db.t3.large")]))], &[], |out| {
            assert_eq!(kinds(out), vec![("ConfigMap", "resource-analytics-db")]);
            let data = config_data(out, Role::ManagedResourceConfigMap);
            assert_eq!(
                data["URL"],
                "postgres://<rds-user>:<rds-password>@<rds-endpoint>:5432/<rds-database>?sslmode=disable"
            );
            let l = labels_of(out, Role::ManagedResourceConfigMap);
            assert_eq!((l["type"].as_str(), l["provisioner"].as_str()), ("rds-postgres", "rds"));
            assert!(out.objects[0].notes.iter().any(|n| n.contains("placeholders")));
        });
    }

    #[test]
    fn elasticache_redis_carries_the_memcached_type_label() {
        check(vec![("sessions", resource("elasticache-redis", &[("password", "s3cret")]))], &[], |out| {
            let l = labels_of(out, Role::ManagedResourceConfigMap);
            assert_eq!(l["type"], "elasticache-memcached");
            assert_eq!(l["provisioner"], "elasticache");
            let data = config_data(out, Role::ManagedResourceConfigMap);
            assert_eq!(data["URL"], "rediss://s3cret@<elasticache-endpoint>:6379/0");
            assert!(out.objects[0].notes.iter().any(|n| n.contains("bug")));
        });
    }

    #[test]
    fn managed_name_rules_use_the_racks_messages() {
        let long = "a-very-long-rds-name-x";
        let rs = vec![(long, resource("rds-mysql", &[])), ("cache-", resource("elasticache-redis", &[]))];
        check(rs, &[], |out| {
            let messages: Vec<_> = out.diagnostics.iter().map(|d| (d.severity, d.message.as_str())).collect();
            assert!(messages.contains(&(Severity::Error, "rds resource name must not excced 20 char limit")));
            assert!(messages.contains(&(
                Severity::Error,
                "invalid elasticache resource name: only alphanumeric letter and hypen allowed"
            )));
        });
    }

    #[test]
    fn elasticache_length_message_says_forty_but_checks_twenty() {
        check(vec![("a-twenty-one-chars-xy", resource("elasticache-memcached", &[]))], &[], |out| {
            assert_eq!(out.diagnostics[0].message, "elasticache resource name must not excced 40 char limit");
        });
    }

    #[test]
    fn link_env_injects_six_vars_or_one_named_var() {
        let vars = links::link_env(&["main-db".into(), "two:OTHER_HOST".into(), "three:CUSTOM".into()]);
        let names: Vec<_> = vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            &names[..6],
            ["MAIN_DB_URL", "MAIN_DB_USER", "MAIN_DB_PASS", "MAIN_DB_HOST", "MAIN_DB_PORT", "MAIN_DB_NAME"]
        );
        let key = |i: usize| vars[i].value_from.clone().unwrap().config_map_key_ref.unwrap().key;
        assert_eq!((names[6], key(6).as_str()), ("OTHER_HOST", "HOST"));
        assert_eq!((names[7], key(7).as_str()), ("CUSTOM", "URL"));
    }
}
