//! The wasm boundary (issue #3): converts only; all logic is in the core.
//!
//! `map(source, options)` returns the JSON contract of `convox-k8s map --format json` as plain
//! JS objects; `yaml(source, options)` returns the multi-document YAML stream of every object;
//! `version()` returns the crate version. `options` is `{rack, app, release, build, env}`, every
//! field optional (missing fields take [`crate::Options::default`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
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

/// The JSON contract for `source`, as plain JS objects.
#[wasm_bindgen]
pub fn map(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let analysis = analyze(source, &options);
    to_js(&output::contract(&analysis, source))
}

/// Every rendered object of `source` as one multi-document YAML stream, in apply order.
#[wasm_bindgen]
pub fn yaml(source: &str, options: JsValue) -> Result<String, JsError> {
    let options = options_from(options)?;
    Ok(output::yaml_stream(&analyze(source, &options)))
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
}

fn options_from(value: JsValue) -> Result<Options, JsError> {
    let js: JsOptions =
        if value.is_undefined() || value.is_null() { JsOptions::default() } else { from_js(value)? };
    let defaults = Options::default();
    Ok(Options {
        rack: js.rack.unwrap_or(defaults.rack),
        app: js.app.unwrap_or(defaults.app),
        release: js.release.unwrap_or(defaults.release),
        build: js.build.unwrap_or(defaults.build),
        env: js.env.map(|env| env.into_iter().collect()).unwrap_or(defaults.env),
    })
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects (not `Map`s) and `null` (not `undefined`): exactly the JSON contract.
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(js_error)
}

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(js_error)
}

fn js_error(error: serde_wasm_bindgen::Error) -> JsError {
    JsError::new(&error.to_string())
}
