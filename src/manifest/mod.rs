//! `manifest` owns convox.yml: `${VAR}` interpolation, YAML parsing with source positions,
//! the rack's shorthand forms and defaults, and validation with the rack's own messages.
//! It knows nothing of Kubernetes.
//!
//! Pipeline (rack-reference §1): [`interpolate`] the raw text → [`yaml`] spanned tree of the
//! first document → [`decode`] into the model (shorthands, every key's span recorded) →
//! [`defaults`] (compatibility, defaults, CombineEnv, CombineLabels) → [`validate`].
//!
//! Deliberate differences from the rack: a required env var the release env lacks is a
//! warning with the `convox env set` remedy (reported once for app-level `environment`, once
//! per service for the service's own entries, instead of once per service for all);
//! unknown keys are warnings with a did-you-mean; the rack's `WARNING:` messages are
//! warnings without the prefix; the aggregate `validation errors:` header is not emitted.
//! A second YAML document is ignored with a warning.

mod decode;
mod defaults;
mod interpolate;
pub mod model;
mod source_map;
mod validate;
mod yaml;

pub use model::*;
pub use source_map::SourceMap;

use crate::diagnostic::Diagnostic;

/// What loading a convox.yml gives: the model (when the YAML could be read at all), every
/// diagnostic, and the map from convox.yml paths to the user's text.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub manifest: Option<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
    pub source_map: SourceMap,
}

/// Loads `source` the way a rack's `manifest.Load` + `Validate` would, with `env` as the
/// release environment. Never panics; every problem is a diagnostic with a path and span.
pub fn load(source: &str, env: &Env) -> Loaded {
    let interpolated = interpolate::interpolate(source, env);
    let parsed = yaml::parse(&interpolated, source);
    let mut cx = decode::Cx { diagnostics: parsed.diagnostics, ..decode::Cx::default() };
    if cx.diagnostics.iter().any(Diagnostic::is_error) {
        return Loaded { manifest: None, diagnostics: cx.diagnostics, source_map: cx.map };
    }
    let manifest = match parsed.root {
        Some(root) => decode::manifest(&mut cx, &root),
        // An empty document is an empty manifest, as yaml.v2 reads it.
        None => Some(Manifest::default()),
    };
    let Some(mut m) = manifest else {
        return Loaded { manifest: None, diagnostics: cx.diagnostics, source_map: cx.map };
    };
    defaults::apply_compatibility(&mut m);
    defaults::apply_defaults(&mut cx, &mut m);
    let app_env = m.environment.clone();
    let own_env: Vec<Vec<String>> = m.services.iter().map(|s| s.value.environment.clone()).collect();
    defaults::combine_env(&mut m);
    defaults::combine_labels(&mut cx, &mut m);
    validate::validate(&mut cx, &m, env, &app_env, &own_env);
    for d in &mut cx.diagnostics {
        if d.path.is_none() {
            d.path = Some(String::new());
        }
        if d.span.is_none() {
            d.span = Some(d.path.as_deref().and_then(|p| cx.map.lookup(p)).unwrap_or_default());
        }
    }
    Loaded { manifest: Some(m), diagnostics: cx.diagnostics, source_map: cx.map }
}
