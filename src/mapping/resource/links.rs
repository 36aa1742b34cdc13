//! What a service's (or timer's) `resources:` links put in its containers' environment.

use k8s_openapi::api::core::v1::{ConfigMapKeySelector, EnvVar, EnvVarSource};

use super::types::env_prefix;
use crate::mapping::names;

/// The env vars a service's (or timer's) `resources:` links inject (`provider/k8s/template/resource/<type>.yml.tmpl`):
/// `name` gives `<NAME>_URL, _USER, _PASS, _HOST, _PORT, _NAME`; `name:ENV` gives one var
/// whose key is the last `_` segment when that is one of those, else `URL`.
pub fn link_env(links: &[String]) -> Vec<EnvVar> {
    const KEYS: [&str; 6] = ["URL", "USER", "PASS", "HOST", "PORT", "NAME"];
    let var = |env: String, config_map: String, key: &str| EnvVar {
        name: env,
        value_from: Some(EnvVarSource {
            config_map_key_ref: Some(ConfigMapKeySelector {
                name: config_map,
                key: key.to_string(),
                optional: None,
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(links.len() * KEYS.len());
    for link in links {
        match link.split_once(':') {
            Some((resource, env)) => {
                let last = env.rsplit('_').next().unwrap_or("");
                let key = if KEYS.contains(&last) { last } else { "URL" };
                out.push(var(env.to_string(), names::resource_object(resource), key));
            }
            None => {
                let prefix = env_prefix(link);
                let config_map = names::resource_object(link);
                for key in KEYS {
                    out.push(var([prefix.as_str(), "_", key].concat(), config_map.clone(), key));
                }
            }
        }
    }
    out
}
