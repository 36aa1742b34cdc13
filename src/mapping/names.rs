//! Names the rack gives the objects it creates: [`pattern`] declares each naming pattern once
//! (the catalog shows it), and every name function fills its pattern in, so the names, the
//! patterns and the catalog cannot disagree.

use sha2::{Digest, Sha256};

use super::{Context, Role};
use crate::profile::Provider;

/// The naming pattern of each object the rack creates, as Convox's mapping docs write it:
/// `<placeholder>`s are the names from convox.yml and the release.
pub const fn pattern(role: Role) -> &'static str {
    match role {
        Role::RackNamespace => "<rack-name>-system",
        Role::AppNamespace => "<rack-name>-<app-name>",
        Role::Balancer => "balancer-<balancer-name>",
        Role::InternalIngress => "<service-name>-internal",
        Role::CertificateSecret => "<certificate-id>",
        Role::ResourceConfigMap
        | Role::ResourceDeployment
        | Role::ResourceService
        | Role::ResourceVolumeClaim
        | Role::ManagedResourceConfigMap => "resource-<resource-name>",
        Role::ConfigSecret => "cfg-<config-id>",
        Role::DockerHubSecret => "docker-hub-authentication",
        Role::EfsVolume => "efs-pv-<app-name>-<service-name>-<volume-id>",
        Role::EfsVolumeClaim => "efs-<service-name>-<volume-id>",
        Role::AzureFilesVolumeClaim => "azurefiles-<service-name>-<volume-id>",
        Role::ImagePullSecret => "convox-<app-name>-<service-name>-pull-<registry>",
        Role::EnvSecret => "env-<service-name>",
        Role::TimerServiceAccount | Role::CronJob => "timer-<timer-name>",
        Role::DomainHttpProxy => "<service-name>-domain-<index>",
        Role::Certificate => "cert-<service-name>",
        Role::DomainsCertificate => "cert-<service-name>-domains",
        Role::TriggerAuthentication => "keda-aws-auth-default",
        Role::Ingress
        | Role::ServiceAccount
        | Role::Deployment
        | Role::DaemonSet
        | Role::Autoscaler
        | Role::ClusterService
        | Role::DisruptionBudget
        | Role::HttpProxy
        | Role::InternalHttpProxy
        | Role::ScaledObject
        | Role::VerticalPodAutoscaler => "<service-name>",
    }
}

/// `role`'s pattern with each `<placeholder>` replaced by its value from `values`.
pub fn name(role: Role, values: &[(&str, &str)]) -> String {
    let mut rest = pattern(role);
    let mut out = String::with_capacity(rest.len() + 16);
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c);
        let key = &rest[open + 1..close];
        // Every placeholder of a pattern gets its value: a missing one is a bug, caught by the
        // test that every object's name fits its pattern.
        out.push_str(values.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Namespace `<rack>-system`.
pub fn rack_namespace(rack: &str) -> String {
    name(Role::RackNamespace, &[("rack-name", rack)])
}

/// Namespace `<rack>-<app>`.
pub fn app_namespace(rack: &str, app: &str) -> String {
    name(Role::AppNamespace, &[("rack-name", rack), ("app-name", app)])
}

/// Service `balancer-<balancer>`.
pub fn balancer(balancer: &str) -> String {
    name(Role::Balancer, &[("balancer-name", balancer)])
}

/// Secret `env-<service>`, the service's environment.
pub fn env_secret(service: &str) -> String {
    name(Role::EnvSecret, &[("service-name", service)])
}

/// Secret `cfg-<id>` of a `configs` entry.
pub fn config_secret(id: &str) -> String {
    name(Role::ConfigSecret, &[("config-id", id)])
}

/// ServiceAccount and CronJob `timer-<timer>`.
pub fn timer(timer: &str) -> String {
    name(Role::CronJob, &[("timer-name", timer)])
}

/// HTTPProxy `<service>-domain-<index>` of a custom domain (contour router).
pub fn domain_proxy(service: &str, index: usize) -> String {
    name(Role::DomainHttpProxy, &[("service-name", service), ("index", &index.to_string())])
}

/// cert-manager Certificate (and its Secret) `cert-<service>-domains` for the custom domains.
pub fn domains_certificate(service: &str) -> String {
    name(Role::DomainsCertificate, &[("service-name", service)])
}

/// The rack's `k8sname`: keeps only `[a-z-.]`, so digits and uppercase letters vanish
/// (`db2` → `db`). Used for resource object names.
pub fn k8sname(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_lowercase() || *c == '-' || *c == '.').collect()
}

/// `resource-<k8sname(name)>`: ConfigMap, Deployment, Service and PVC of a resource.
pub fn resource_object(resource: &str) -> String {
    name(Role::ResourceDeployment, &[("resource-name", &k8sname(resource))])
}

/// PersistentVolumeClaim `efs-<service>-<id>` of an `awsEfs` volume.
pub fn efs_claim(service: &str, id: &str) -> String {
    name(Role::EfsVolumeClaim, &[("service-name", service), ("volume-id", id)])
}

/// PersistentVolume `efs-pv-<app>-<service>-<id>` of an `awsEfs` volume with a `volumeHandle`.
pub fn efs_volume(ctx: &Context, service: &str, id: &str) -> String {
    name(Role::EfsVolume, &[("app-name", &ctx.app), ("service-name", service), ("volume-id", id)])
}

/// PersistentVolumeClaim `azurefiles-<service>-<id>` of an `azureFiles` volume.
pub fn azure_files_claim(service: &str, id: &str) -> String {
    name(Role::AzureFilesVolumeClaim, &[("service-name", service), ("volume-id", id)])
}

/// Ingress `<service>-internal` of the nginx internal router.
pub fn internal_ingress(service: &str) -> String {
    name(Role::InternalIngress, &[("service-name", service)])
}

/// cert-manager Certificate (and its Secret) `cert-<service>` for the rack-domain host.
pub fn certificate(service: &str) -> String {
    name(Role::Certificate, &[("service-name", service)])
}

/// The app's image repository: on AWS the ECR repository `<registry>/<rack>/<app>`, elsewhere
/// `<registry>/<app>` (each provider's `RepositoryHost`).
pub fn repository(ctx: &Context) -> String {
    if ctx.profile.provider() == Provider::Aws {
        [&ctx.stand_ins.ecr_registry, "/", &ctx.rack, "/", &ctx.app].concat()
    } else {
        [&ctx.stand_ins.registry, "/", &ctx.app].concat()
    }
}

/// The image every service and timer container runs: `<repository>:<service>.<build>`.
pub fn image(ctx: &Context, service: &str) -> String {
    [&repository(ctx), ":", service, ".", &ctx.build].concat()
}

/// Lowercase hex of sha256(`input`).
pub fn sha256_hex(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(input.as_bytes()) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// Cuts `s` to at most `max` bytes, as the rack's Go code does (`s[:max]`), but never inside a
/// character: names are ASCII when valid, and the API-name check reports the others, so only
/// invalid names (from `--app`, or non-ASCII service names) are cut shorter.
pub fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// Pod volume name of a short-form `volumes` entry: `<rack>-<app>-<40 hex of sha256(from)>`,
/// cut to 62 characters when longer than 63.
pub fn short_volume(ctx: &Context, from: &str) -> String {
    let mut name = format!("{}-{}-{}", ctx.rack, ctx.app, &sha256_hex(from)[..40]);
    if name.len() > 63 {
        cut(&mut name, 62);
    }
    name
}

/// `convox-<app>-<service>-pull-<registry with . : / as ->, lower-cased>`; over 253 characters
/// it is cut, trailing dashes dropped, and given a `-<8 hex>` suffix (`imagePullSecretName`).
pub fn pull_secret(ctx: &Context, service: &str, registry: &str) -> String {
    let slug: String = registry
        .chars()
        .map(|c| if matches!(c, '.' | ':' | '/') { '-' } else { c.to_ascii_lowercase() })
        .collect();
    let name = name(
        Role::ImagePullSecret,
        &[("app-name", &ctx.app), ("service-name", service), ("registry", &slug)],
    );
    if name.len() <= 253 {
        return name;
    }
    let hash = sha256_hex(&name)[..8].to_string();
    let mut head = name;
    cut(&mut head, 253 - 9);
    let trimmed = head.trim_end_matches('-');
    format!("{trimmed}-{hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `name` is `pattern` filled in: each `<placeholder>` stands for a non-empty run of
    /// a DNS name's characters, everything else is literal.
    fn fits(pattern: &str, name: &str) -> bool {
        let Some(open) = pattern.find('<') else { return pattern == name };
        let (literal, rest) = (&pattern[..open], &pattern[open..]);
        let Some(after) = name.strip_prefix(literal) else { return false };
        let next = &rest[rest.find('>').map_or(rest.len(), |c| c + 1)..];
        (1..=after.len()).any(|n| {
            after.is_char_boundary(n)
                && after[..n].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
                && fits(next, &after[n..])
        })
    }

    /// The one declaration holds: every object of every fixture, on its own rack and on
    /// generated ones, is named by its role's pattern filled in.
    #[test]
    fn every_objects_name_fits_the_pattern_the_catalog_shows() {
        assert!(fits("efs-<service-name>-<volume-id>", "efs-web-data-1"));
        assert!(!fits("efs-<service-name>-<volume-id>", "efs-web"));
        let mut checked = 0;
        for (what, analysis) in crate::testing::analyses_on_every_profile() {
            for e in analysis.entries.iter().filter(|e| e.object.is_some()) {
                assert!(
                    fits(&e.pattern, &e.name),
                    "{what}: {} {} does not fit {}",
                    e.kind,
                    e.name,
                    e.pattern
                );
                checked += 1;
            }
        }
        assert!(checked > 5000, "{checked}");
    }

    #[test]
    fn k8sname_strips_digits_and_uppercase() {
        assert_eq!(k8sname("db2"), "db");
        assert_eq!(k8sname("Main-PG.x"), "ain-.x");
        assert_eq!(resource_object("analytics-db"), "resource-analytics-db");
    }

    #[test]
    fn image_tag_is_service_dot_build() {
        let ctx = Context::default();
        assert_eq!(
            image(&ctx, "web"),
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-rack/my-app:web.BABC1234DEF"
        );
    }

    #[test]
    fn long_short_volume_names_are_cut_to_62() {
        let ctx =
            Context { rack: "a-very-long-rack-name".into(), app: "an-app".into(), ..Context::default() };
        assert_eq!(short_volume(&ctx, "/mnt/volumes/an-app/app/data").len(), 62);
        assert_eq!(short_volume(&Context::default(), "/x").len(), "my-rack-my-app-".len() + 40);
    }

    #[test]
    fn pull_secret_names_slug_the_registry() {
        assert_eq!(
            pull_secret(&Context::default(), "web", "ghcr.io:443/org"),
            "convox-my-app-web-pull-ghcr-io-443-org"
        );
    }
}
