//! TODO

use k8s_openapi::api::core::v1::{ConfigMapKeySelector, EnvVar, EnvVarSource};

use super::{names, Context, Mapped};
use crate::manifest::Manifest;

pub fn render_containerized(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let _ = (manifest, ctx, out);
}

pub fn render_managed(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let _ = (manifest, ctx, out);
}

/// The env vars a service's (or timer's) `resources:` links inject (rack-reference §4.10):
/// `name` gives `<NAME>_URL, _USER, _PASS, _HOST, _PORT, _NAME`; `name:ENV` gives one var
/// whose key is the last `_` segment when that is one of those, else `URL`.
pub fn link_env(links: &[String]) -> Vec<EnvVar> {
    const KEYS: [&str; 6] = ["URL", "USER", "PASS", "HOST", "PORT", "NAME"];
    let var = |env: String, resource: &str, key: &str| EnvVar {
        name: env,
        value_from: Some(EnvVarSource {
            config_map_key_ref: Some(ConfigMapKeySelector {
                name: names::resource_object(resource),
                key: key.to_string(),
                optional: None,
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut out = Vec::new();
    for link in links {
        match link.split_once(':') {
            Some((resource, env)) => {
                let last = env.rsplit('_').next().unwrap_or("");
                let key = if KEYS.contains(&last) { last } else { "URL" };
                out.push(var(env.to_string(), resource, key));
            }
            None => {
                let prefix = link.to_uppercase().replace('-', "_");
                for key in KEYS {
                    out.push(var(format!("{prefix}_{key}"), link, key));
                }
            }
        }
    }
    out
}
