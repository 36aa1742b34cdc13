//! The wasm boundary (issue #3): converts only; all logic is in the core.
//!
//! `map(source, options)` returns the JSON contract of `convox-k8s map --format json` as plain
//! JS objects; `yaml(source, options)` returns the multi-document YAML stream of every object;
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
//! objects with `null`s (tests/wasm_api.rs). The options are read by hand too (see
//! `options_from`), so serde-wasm-bindgen is no longer linked.

use wasm_bindgen::prelude::*;

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

/// The page's options object, `{rack, app, release, build, env}`; every field may be missing
/// (or `null`), a present one must be a string (`env`: an object of strings).
///
/// Read field by field through `Reflect.get`/`Object.keys` rather than with serde-wasm-bindgen:
/// its deserializer and the serde error machinery it brings (down to float formatting for
/// "invalid type" messages) were 17 KB of the gzipped wasm for five strings and a map.
fn options_from(value: JsValue) -> Result<Options, JsError> {
    let defaults = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(defaults);
    }
    if !value.is_object() {
        return Err(JsError::new("options must be an object"));
    }
    let env = match get(&value, "env")? {
        None => defaults.env,
        Some(env) if env.is_object() && !is_array(&env) => {
            let mut pairs = Vec::new();
            for key in object_keys(&env) {
                let name = key.as_string().unwrap_or_default();
                match get(&env, &name)?.and_then(|v| v.as_string()) {
                    Some(text) => pairs.push((name, text)),
                    None => return Err(JsError::new(&format!("options.env.{name} must be a string"))),
                }
            }
            pairs.into_iter().collect()
        }
        Some(_) => return Err(JsError::new("options.env must be an object of strings")),
    };
    Ok(Options {
        rack: string(&value, "rack")?.unwrap_or(defaults.rack),
        app: string(&value, "app")?.unwrap_or(defaults.app),
        release: string(&value, "release")?.unwrap_or(defaults.release),
        build: string(&value, "build")?.unwrap_or(defaults.build),
        env,
    })
}

/// `object[key]`, `None` when missing or `null`.
fn get(object: &JsValue, key: &str) -> Result<Option<JsValue>, JsError> {
    let value = reflect_get(object, &JsValue::from_str(key))
        .map_err(|_| JsError::new("options must be an object"))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn string(object: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    match get(object, key)? {
        None => Ok(None),
        Some(value) => value
            .as_string()
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("options.{key} must be a string"))),
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> Vec<JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;
}
