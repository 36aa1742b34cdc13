//! Secrets the rack creates through the API at promote time, outside the release's atom
//! apply (so they carry no applied labels and are never pruned): `configs:` entries as
//! `cfg-<id>` holding `app.json`, and `docker-hub-authentication` when the rack has Docker Hub
//! credentials.

use std::collections::BTreeMap;

use base64::Engine as _;

use k8s_openapi::api::core::v1::{LocalObjectReference, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;

use super::{labels, Concept, Context, Generated, Mapped, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::Manifest;
use crate::rack_version::V3_24_4;

/// The Secret name service mounts use for config `id`.
pub fn mount_secret_name(id: &str) -> String {
    super::names::config_secret(id)
}

/// The Secret every pod pulls with when the rack has Docker Hub credentials.
pub const DOCKER_HUB_SECRET: &str = super::names::pattern(super::Role::DockerHubSecret);

/// Pushes Secret `docker-hub-authentication` (`ensureDockerHubSecret`) when the rack has Docker
/// Hub credentials ([`crate::profile::Profile::docker_hub`]: both, on AWS); the rack writes it
/// once per promote, before anything else of the release. Before 3.24.4 a promote wrote none
/// (only builds and `convox run` did, for their own pods).
pub fn render_docker_hub(ctx: &Context, out: &mut Mapped) {
    if ctx.version() < V3_24_4 {
        return;
    }
    let Some((user, password)) = ctx.profile.docker_hub() else { return };
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    // The rack's own formatting of the JSON, whitespace included.
    let config = format!(
        "{{\n\t\t\t\t\"auths\": {{\n\t\t\t\t  \"https://index.docker.io/v1/\": {{\n\t\t\t\t\t\"auth\": \"{auth}\"\n\t\t\t\t  }}\n\t\t\t\t}}\n\t\t\t  }}"
    );
    let secret = Secret {
        metadata: ObjectMeta {
            name: Some(DOCKER_HUB_SECRET.into()),
            namespace: Some(ctx.namespace().to_string()),
            ..Default::default()
        },
        type_: Some("kubernetes.io/dockerconfigjson".into()),
        data: Some(BTreeMap::from([(".dockerconfigjson".to_string(), ByteString(config.into_bytes()))])),
        ..Default::default()
    };
    let notes = vec![
        "Created or patched through the Kubernetes API at every promote (ensureDockerHubSecret), not by the \
         release apply: it has no labels and is not pruned. Every service, timer and resource pod pulls with it."
            .to_string(),
    ];
    out.objects.push(Generated {
        object: secret.into(),
        role: Role::DockerHubSecret,
        concept: Concept::App,
        owner: None,
        source: String::new(),
        notes,
    });
}

/// Pushes one Secret per `configs` entry with an id (validation reports the ones without).
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    for (i, config) in manifest.configs.iter().enumerate() {
        if config.id.is_empty() {
            continue;
        }
        let source = format!("configs[{i}]");
        let mounted = mount_secret_name(&config.id);
        let name = if config.name.is_empty() { mounted.clone() } else { config.name.clone() };
        let mut notes =
            vec!["Created or patched through the Kubernetes API by the rack (releaseAppConfigs) before the \
             release is applied, not by the release itself: it has no release/atom labels and is not \
             pruned when the config is removed."
                .to_string()];
        if name != mounted {
            // The rack really names the Secret after `name`, while every configMount still
            // points at cfg-<id>: mirror it and say so.
            notes.push(format!(
                "Named {name} because configs[{i}].name is set, but configMounts of id {} reference \
                 Secret {mounted}, which does not exist.",
                config.id
            ));
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "config {} is created as Secret {name}, but configMounts always reference {mounted}: \
                     pods mounting it will fail to start",
                    config.id
                ))
                .at(format!("{source}.name")),
            );
        }
        if config.value.is_none() {
            notes.push(
                "No value in convox.yml: the rack keeps the Secret's existing data, or writes an empty \
                 app.json on first creation."
                    .into(),
            );
        }
        let value = config.value.clone().unwrap_or_default();
        let secret = Secret {
            metadata: ObjectMeta {
                name: Some(name),
                namespace: Some(ctx.namespace().to_string()),
                labels: Some(labels::labels([("system", "convox"), ("type", "config"), ("app", &ctx.app)])),
                ..Default::default()
            },
            data: Some(BTreeMap::from([("app.json".to_string(), ByteString(value.into_bytes()))])),
            ..Default::default()
        };
        out.objects.push(Generated {
            object: secret.into(),
            role: Role::ConfigSecret,
            concept: Concept::App,
            owner: Some(config.id.clone()),
            source,
            notes,
        });
    }
}

/// `[docker-hub-authentication]` on a rack with Docker Hub credentials from 3.24.4 (before, only
/// build pods pulled with them), else nothing.
pub fn docker_hub_pull_secret(ctx: &Context) -> Vec<LocalObjectReference> {
    if ctx.version() < V3_24_4 {
        return Vec::new();
    }
    ctx.profile
        .docker_hub()
        .map(|_| LocalObjectReference { name: DOCKER_HUB_SECRET.into() })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::manifest::AppConfig;
    use crate::mapping::Object;

    fn check(configs: Vec<AppConfig>, check: impl Fn(&Mapped)) {
        let manifest = Manifest { configs, ..Manifest::default() };
        let mut out = Mapped::default();
        render(&manifest, &Context::default(), &mut out);
        check(&out);
    }

    fn config(id: &str, name: &str, value: Option<&str>) -> AppConfig {
        AppConfig { id: id.into(), name: name.into(), value: value.map(str::to_string) }
    }

    fn secret(g: &Generated) -> &Secret {
        match &g.object {
            Object::Secret(s) => s,
            other => panic!("expected a Secret, got {}", other.kind()),
        }
    }

    #[test]
    fn config_becomes_cfg_secret_with_app_json() {
        check(vec![config("settings", "", Some("{\"a\":1}"))], |out| {
            assert!(out.diagnostics.is_empty());
            let s = secret(&out.objects[0]);
            assert_eq!(s.metadata.name.as_deref(), Some("cfg-settings"));
            assert_eq!(s.metadata.namespace.as_deref(), Some("my-rack-my-app"));
            assert_eq!(s.data.as_ref().unwrap()["app.json"].0, b"{\"a\":1}");
            assert_eq!(out.objects[0].source, "configs[0]");
        });
    }

    #[test]
    fn config_secret_has_only_the_api_labels() {
        check(vec![config("settings", "", None)], |out| {
            let labels = secret(&out.objects[0]).metadata.labels.clone().unwrap();
            assert_eq!(labels, labels::labels([("app", "my-app"), ("system", "convox"), ("type", "config")]));
            assert_eq!(secret(&out.objects[0]).data.as_ref().unwrap()["app.json"].0, b"");
        });
    }

    #[test]
    fn named_config_is_renamed_and_warned_about() {
        check(vec![config("settings", "my-settings", Some("x"))], |out| {
            assert_eq!(secret(&out.objects[0]).metadata.name.as_deref(), Some("my-settings"));
            assert_eq!(out.diagnostics.len(), 1);
            assert_eq!(out.diagnostics[0].severity, Severity::Warning);
            assert_eq!(out.diagnostics[0].path.as_deref(), Some("configs[0].name"));
            assert!(out.diagnostics[0].message.contains("cfg-settings"));
        });
    }

    #[test]
    fn config_without_id_is_left_to_validation() {
        check(vec![config("", "", Some("x")), config("b", "", None)], |out| {
            assert_eq!(out.objects.len(), 1);
            assert_eq!(out.objects[0].source, "configs[1]");
        });
    }
}
