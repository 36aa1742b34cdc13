//! Names the rack derives from convox.yml names (rack-reference §4): one function per rule, so
//! every module and the catalog agree.

use sha2::{Digest, Sha256};

use super::Context;
use crate::profile::Provider;

/// The rack's `k8sname`: keeps only `[a-z-.]`, so digits and uppercase letters vanish
/// (`db2` → `db`). Used for resource object names.
pub fn k8sname(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_lowercase() || *c == '-' || *c == '.').collect()
}

/// `resource-<k8sname(name)>`: ConfigMap, Deployment, Service and PVC of a resource.
pub fn resource_object(name: &str) -> String {
    ["resource-", &k8sname(name)].concat()
}

/// PersistentVolumeClaim `efs-<service>-<id>` of an `awsEfs` volume.
pub fn efs_claim(service: &str, id: &str) -> String {
    ["efs-", service, "-", id].concat()
}

/// PersistentVolume `efs-pv-<app>-<service>-<id>` of an `awsEfs` volume with a `volumeHandle`.
pub fn efs_volume(ctx: &Context, service: &str, id: &str) -> String {
    ["efs-pv-", &ctx.app, "-", service, "-", id].concat()
}

/// PersistentVolumeClaim `azurefiles-<service>-<id>` of an `azureFiles` volume.
pub fn azure_files_claim(service: &str, id: &str) -> String {
    ["azurefiles-", service, "-", id].concat()
}

/// Ingress `<service>-internal` of the nginx internal router.
pub fn internal_ingress(service: &str) -> String {
    [service, "-internal"].concat()
}

/// cert-manager Certificate (and its Secret) `cert-<service>` for the rack-domain host.
pub fn certificate(service: &str) -> String {
    ["cert-", service].concat()
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

/// A release option whose value no object may carry: one error at its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionProblem {
    /// The option: `rack`, `app`, `release` or `env`.
    pub field: &'static str,
    /// The value at fault (a name, or an env key).
    pub value: String,
    pub message: String,
}

/// The problems of the release's own names and env keys: the rack name as the Convox CLI
/// checks it (its message verbatim), and what the API server refuses in the namespaces,
/// containers, labels and env Secrets they name.
pub fn option_problems(ctx: &Context) -> Vec<OptionProblem> {
    let mut out = Vec::new();
    let mut push = |field, value: &str, message: String| {
        out.push(OptionProblem { field, value: value.to_string(), message });
    };
    let (rack, app) = (&ctx.rack, &ctx.app);
    let (rack_ns, app_ns) = (ctx.rack_namespace(), ctx.namespace());
    let mut rack_ok = rack.starts_with(|c: char| c.is_ascii_lowercase())
        && rack.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !rack_ok {
        // The rack's words after the name given.
        let message = format!(
            "rack name {rack:?} is not one a rack can have: rack name must start with a lowercase letter and \
             contain only lowercase alphanumeric characters and hyphens"
        );
        push("rack", rack, message);
    } else if let Some(problem) = super::check::dns_label(rack_ns, 63) {
        push("rack", rack, format!("the rack's namespace {rack_ns:?} {problem}: shorten the rack name"));
        rack_ok = false;
    }
    if app == "rack" || app == "system" {
        // The rack's appNameValidate, verbatim.
        push("app", app, format!("app name {app:?} is not one an app can have: app name is reserved"));
    } else if let Some(problem) = super::check::dns_label(app, 63) {
        push(
            "app",
            app,
            format!(
                "app name {app:?} {problem} (it names the app's namespace {app_ns:?} and its containers)"
            ),
        );
    } else if rack_ok {
        if let Some(problem) = super::check::dns_label(app_ns, 63) {
            push("app", app, format!("the app's namespace {app_ns:?} {problem}: shorten the app name"));
        }
    }
    if let Some(problem) = super::check::label_value(&ctx.release) {
        let release = &ctx.release;
        push(
            "release",
            release,
            format!("release id {release:?} {problem} (it is the release label of every pod)"),
        );
    }
    for key in ctx.env.keys() {
        let ok = !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !ok {
            push(
                "env",
                key,
                format!(
                    "env {key:?}: Kubernetes refuses it as a key of the env Secrets (a key is letters, digits, \
                     '-', '_' and '.')"
                ),
            );
        }
    }
    out
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
    let name = format!("convox-{}-{}-pull-{}", ctx.app, service, slug);
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
