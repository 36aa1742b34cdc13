//! The wasm boundary (issue #3): converts only; all logic is in the core.
//!
//! `map(source, options)` returns the JSON contract of `convox-k8s map --format json` as plain
//! JS objects; `view(source, options)` the playground's lighter view of it (`output::view`);
//! `yaml(source, options)` returns the multi-document YAML stream of every object;
//! `version()` returns the crate version. `options` is `{rack, app, release, build, env}`, every
//! field optional (missing fields take [`crate::Options::default`]).
//!
//! Size (issue 4): every k8s-openapi `Serialize` impl is generic over the serializer, so each
//! serializer the objects meet adds a copy of all of them to the wasm. Here they meet exactly
//! one, serde_json's compact writer: `map()` hands the contract's JSON text to `JSON.parse`, and
//! `yaml()` re-emits each object's JSON as YAML (`output::yaml`). Measured (release profile,
//! wasm-opt -Os, gzip -9 of the wasm):
//!
//! | objects reach JS through | YAML through | wasm gzip |
//! |---|---|---|
//! | serde-wasm-bindgen (before) | serde_yaml on the typed objects | 403 KB |
//! | `serde_json::Value` + serde-wasm-bindgen | serde_yaml on the `Value` | 385 KB |
//! | JSON text + `JSON.parse` | serde_json → `Value` → serde_yaml | 377 KB |
//! | JSON text + `JSON.parse` | `output::yaml::from_json` | 349 KB |
//!
//! `JSON.parse` also builds the objects in one native call where serde-wasm-bindgen makes a JS
//! call per field (the seed's `map()` went from 2.0 to 1.7 ms). The result is the same plain
//! objects with `null`s (tests/wasm_api.rs). serde-wasm-bindgen still reads the options.

use std::collections::BTreeMap;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::profile::{Profile, Provider};
use crate::{analyze, output, Options};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The JSON contract for `source`, as plain JS objects (nulls where the JSON has them).
#[wasm_bindgen]
pub fn map(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let analysis = analyze(source, &options);
    let json = output::json::to_string(&output::contract(&analysis, source))
        .map_err(|e| JsError::new(&e.to_string()))?;
    json_parse(&json).map_err(|_| JsError::new("JSON.parse rejected the contract"))
}

/// The playground's view of `source` (`output::view`): the contract with each resource's
/// `object` replaced by whether it has one, and `rev`, a fingerprint of the whole resource.
#[wasm_bindgen]
pub fn view(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let json = output::view(&analyze(source, &options), source).map_err(|e| JsError::new(&e.to_string()))?;
    json_parse(&json).map_err(|_| JsError::new("JSON.parse rejected the view"))
}

/// Every rendered object of `source` as one multi-document YAML stream, in apply order; the same
/// bytes as the CLI's `--format yaml`.
#[wasm_bindgen]
pub fn yaml(source: &str, options: JsValue) -> Result<String, JsError> {
    let options = options_from(options)?;
    Ok(output::yaml_stream_via_json(&analyze(source, &options)))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
}

/// The page's options object; every field may be missing.
#[derive(Deserialize, Default)]
#[serde(default)]
struct JsOptions {
    rack: Option<String>,
    app: Option<String>,
    release: Option<String>,
    build: Option<String>,
    env: Option<BTreeMap<String, String>>,
    provider: Option<String>,
    params: Option<BTreeMap<String, String>>,
}

fn options_from(value: JsValue) -> Result<Options, JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))?
    };
    let defaults = Options::default();
    let provider = match js.provider.as_deref() {
        Some(p) if !p.is_empty() => Provider::parse(p).map_err(|e| JsError::new(&e.to_string()))?,
        _ => Provider::default(),
    };
    let mut profile = Profile::new(provider);
    for (name, value) in js.params.unwrap_or_default() {
        profile.set(&name, &value).map_err(|e| JsError::new(&e.to_string()))?;
    }
    Ok(Options {
        profile,
        rack: js.rack.unwrap_or(defaults.rack),
        app: js.app.unwrap_or(defaults.app),
        release: js.release.unwrap_or(defaults.release),
        build: js.build.unwrap_or(defaults.build),
        env: js.env.map(|env| env.into_iter().collect()).unwrap_or(defaults.env),
    })
}
