//! The wasm boundary: converts only; all logic is in the core.
//!
//! [`Workspace`] is what the playground's worker holds (as ruff's and biome's wasm crates do):
//! `update(source, options)` analyses once and returns the view; every other call reads that
//! analysis and never analyses again — `yaml(key, secrets)` for one object's YAML,
//! `viewResources(keys)` for resources a view gave as unchanged, `share(values)` for what a link
//! carries of the environment. The view of `update` carries the editor's inline hints (`hints`)
//! and each diagnostic's quick fixes. `version()` is the crate version, `repository()` the
//! project's repository.
//!
//! Two wasm builds (ARCHITECTURE.md): this module alone is the first one, all the page needs
//! for its first result; with the `extras` feature, [`extras`] adds the rest (the contract in
//! one call, the editor's help, the download, Compare, the graph, the cheat sheet, the filter),
//! in a second build the worker fetches once the first result is shown.
//!
//! `options` is `{rack, app, release, build, env, envText, provider, rackVersion, params, absent}`, every
//! field optional (missing fields take [`crate::Options::default`]); `envText`, the env box's
//! `KEY=VALUE` lines, is read by the core in place of `env`; `absent`, why-not, is on for
//! `map()` and off for `Workspace.update` unless asked. A bad option is not an exception: the
//! view's `optionErrors` lists it with its field (`rack`, `app`, `release`, `env`, `provider`,
//! `rackVersion`, `params.<name>`), once, and the rest renders (an unknown provider, rack version
//! or parameter with the defaults, the error saying so). `rackVersions()` lists the rack
//! versions the core emulates.
//!
//! Size (the wasm budget): every k8s-openapi `Serialize` impl is generic over the serializer,
//! so each serializer the objects meet adds a copy of all of them to the wasm. Here they meet
//! exactly one, serde_json's compact writer: results cross as JSON text to `JSON.parse`, and
//! YAML is re-emitted from each object's JSON (`output::yaml`). Measured (release profile,
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
//! call per field. serde-wasm-bindgen still reads the options.

use std::collections::BTreeMap;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::assist;
use crate::output::{self, LineIndex, Secrets};
use crate::profile::{Profile, Provider, RackVersion};
use crate::session::Session;
use crate::{OptionError, Options};

#[cfg(feature = "extras")]
pub mod extras;
#[cfg(feature = "extras")]
pub use extras::{complete, hover, map};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The project's repository (Cargo.toml's `repository`; empty while the package names none),
/// for the page's repository and "report a wrong mapping" links, which are hidden without it.
#[wasm_bindgen]
pub fn repository() -> String {
    env!("CARGO_PKG_REPOSITORY").to_string()
}

/// The options' defaults, `{rack, app, release, build, provider}`: what an analysis uses for
/// an option the page leaves empty (its fields' placeholders).
#[wasm_bindgen]
pub fn defaults() -> Result<JsValue, JsError> {
    parse(&output::json::to_string(&output::edge::defaults()).map_err(js_error)?)
}

/// Every rack parameter (`profile::PARAMS`): `[{name, kind, choices, providers, default,
/// defaults, doc, secret, changesApp, since}]`, so the page's Rack panel offers exactly what the
/// core accepts. `defaults` holds the providers whose default differs from `default`;
/// `changesApp` the providers on whose racks it changes an app's objects (the panel files the
/// others apart: they change nothing there); `since` provider → the first rack version that
/// has it, for the providers whose racks got it after the oldest version the core knows.
#[wasm_bindgen(js_name = rackParams)]
pub fn rack_params() -> Result<JsValue, JsError> {
    parse(&output::json::to_string(&output::edge::rack_params()).map_err(js_error)?)
}

/// Every rack version the core emulates, oldest first (`rack_version::KNOWN`): `[{version,
/// rendersAs, default}]` — `rendersAs` the release whose objects and messages it shares
/// (3.24.0 renders as 3.23.4), `default` the one used when none is chosen.
#[wasm_bindgen(js_name = rackVersions)]
pub fn rack_versions() -> Result<JsValue, JsError> {
    parse(&output::json::to_string(&output::edge::rack_versions()).map_err(js_error)?)
}

/// One manifest and its analysis, held between calls: a core [`Session`], so that an edit
/// redoes only what it affects.
#[wasm_bindgen]
pub struct Workspace {
    session: Session,
    /// How many of the analysis's `option_errors` are this boundary's (they come first): the
    /// options it could not take, which the rack never sees (an env line without `=`, a bad
    /// parameter).
    boundary: usize,
}

#[wasm_bindgen]
impl Workspace {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Workspace {
        Workspace { session: Session::default(), boundary: 0 }
    }

    /// Analyses `source` with `options` and returns the view: the contract without objects,
    /// each resource with its `rev` fingerprint, `optionErrors` (the options this boundary
    /// could not take included), the editor's `hints`, the `verdict` (`{refused, errors,
    /// warnings, summary}`) and `defaultNames` (`[{text, what}]`: names nobody chose). With `options.absent`, the view's
    /// `absent` lists the objects not created, their fixes' edits in the editor's UTF-16
    /// offsets (`from`, `to`); without, it is empty (the page asks only while it shows them).
    pub fn update(&mut self, source: String, options: JsValue) -> Result<JsValue, JsError> {
        let (options, errors) = options_from(options, false)?;
        self.boundary = errors.len();
        self.session.update(source, options, errors);
        self.view()
    }

    /// [`Workspace::update`] of a new workspace, taking over what `earlier` (the workspace of
    /// the edit before) holds and redoing only what this edit changed. Same view; `earlier` is
    /// left with what this workspace held (a new one's analysis of nothing): its result is no
    /// longer held.
    #[wasm_bindgen(js_name = updateFrom)]
    pub fn update_from(
        &mut self,
        earlier: &mut Workspace,
        source: String,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (options, errors) = options_from(options, false)?;
        self.boundary = errors.len();
        // A swap, not a take: the earlier workspace gets this new one's empty session, made when
        // it was constructed, instead of another analysis of nothing on each edit's path.
        std::mem::swap(&mut self.session, &mut earlier.session);
        self.session.update(source, options, errors);
        self.view()
    }
}

impl Workspace {
    /// The view of the held analysis, with the editor's hints, the verdict and the names
    /// nobody chose ([`Workspace::update`]).
    fn view(&mut self) -> Result<JsValue, JsError> {
        let view = self.session.view().map_err(js_error)?;
        let (analysis, source) = (self.session.analysis(), self.session.source());
        let index = LineIndex::with_utf16(source);
        let mut hints = assist::hints(analysis, source);
        for h in &mut hints {
            h.at = index.utf16(h.at).unwrap_or_default();
        }
        let update = output::edge::ViewExtra {
            hints,
            withheld: &analysis.withheld,
            // The verdict without this boundary's option errors: the rack never sees them.
            verdict: analysis.verdict_from(self.boundary),
            default_names: self.session.options().default_names(),
        };
        let extra = output::json::to_string(&update).map_err(js_error)?;
        // `{…view…, "hints": […]}`: splice the two objects without re-parsing either.
        let mut joined = view;
        joined.pop();
        joined.push(',');
        joined.push_str(&extra[1..]);
        parse(&joined)
    }
}

#[wasm_bindgen]
impl Workspace {
    /// Frees what the last update built or held and did not use (`Session::collect`): the
    /// worker calls it once the result is posted, so that the page never waits for it.
    pub fn collect(&mut self) -> usize {
        self.session.collect()
    }

    /// The resources of `keys` as the view gives them whole (`output::view_resources`): what
    /// a view's `{key, kind, namespace, source, rev, same: true}` stands for, for a reader
    /// that does not hold the view before.
    #[wasm_bindgen(js_name = viewResources)]
    pub fn view_resources(&self, keys: Vec<String>) -> Result<JsValue, JsError> {
        parse(&self.session.view_resources(&keys).map_err(js_error)?)
    }

    /// The YAML of resource `key` (`secrets`: `masked`, `decoded` or `raw`), with how many
    /// secret values it holds and the lines each convox.yml key that shaped it wrote
    /// (`output::EntryYaml`); `null` for a key without an object.
    pub fn yaml(&self, key: &str, secrets: &str) -> Result<JsValue, JsError> {
        let mode = match secrets {
            "decoded" => Secrets::Decoded,
            "raw" => Secrets::Raw,
            _ => Secrets::Masked,
        };
        let found = self.session.analysis().entries.iter().find(|e| e.key == key);
        match found.and_then(|e| output::entry_yaml(e, mode)) {
            Some(yaml) => parse(&output::json::to_string(&yaml).map_err(js_error)?),
            None => Ok(JsValue::NULL),
        }
    }

    /// What a link (or the kept work) carries of the release environment
    /// (`share::share_env`): `{env, standIns, differences}` — the values when `includeValues`,
    /// else a stand-in for each that keeps this analysis, or in words what the receiver will
    /// see instead. The withheld variables keep their stand-in.
    pub fn share(&self, include_values: bool) -> Result<JsValue, JsError> {
        let shared = crate::share::share_env_with(
            self.session.source(),
            self.session.options(),
            self.session.analysis(),
            include_values,
        );
        parse(&output::json::to_string(&shared).map_err(js_error)?)
    }
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace::new()
    }
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn parse(json: &str) -> Result<JsValue, JsError> {
    json_parse(json).map_err(|_| JsError::new("JSON.parse rejected the core's JSON"))
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
    /// The env box's text, `KEY=VALUE` lines: read by the core (`env::read`) instead of `env`.
    #[serde(rename = "envText")]
    env_text: Option<String>,
    provider: Option<String>,
    /// The rack's Convox release, `3.22.5`; missing or empty: the newest.
    #[serde(rename = "rackVersion")]
    rack_version: Option<String>,
    params: Option<BTreeMap<String, String>>,
    /// Stand-ins of release variables whose values were not shared (a link, the kept work):
    /// set for the names the env text does not set, which are then `Options::withheld`.
    #[serde(rename = "standIns")]
    stand_ins: Option<BTreeMap<String, String>>,
    /// Why-not: also compute the objects not created (the view's `absent`).
    absent: Option<bool>,
}

/// The options, and the ones that could not be taken (they keep their defaults); `absent`
/// (why-not) defaults to `why_not`. `Err` only when `value` is not an options object at all.
fn options_from(value: JsValue, why_not: bool) -> Result<(Options, Vec<OptionError>), JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(value).map_err(js_error)?
    };
    let defaults = Options::default();
    let mut errors = Vec::new();
    let mut env = match js.env_text {
        Some(text) => {
            let (env, bad) = crate::env::read(&text);
            errors.extend(bad.iter().map(crate::env::EnvProblem::option_error));
            env
        }
        None => js.env.map(crate::sorted::sorted_map).unwrap_or(defaults.env),
    };
    // The env text wins: a stand-in only fills a name it does not set.
    let mut withheld = std::collections::BTreeSet::new();
    for (name, value) in js.stand_ins.unwrap_or_default() {
        if !env.contains_key(&name) {
            env.insert(name.clone(), value);
            withheld.insert(name);
        }
    }
    let provider = match js.provider.as_deref() {
        Some(p) if !p.is_empty() => Provider::parse(p).unwrap_or_else(|e| {
            errors.push(OptionError { field: "provider".into(), message: e.to_string() });
            Provider::default()
        }),
        _ => Provider::default(),
    };
    let version = match js.rack_version.as_deref() {
        Some(v) if !v.is_empty() => RackVersion::parse(v).unwrap_or_else(|e| {
            errors.push(OptionError { field: "rackVersion".into(), message: e.to_string() });
            RackVersion::default()
        }),
        _ => RackVersion::default(),
    };
    let mut profile = Profile::at(provider, version);
    for (name, value) in js.params.unwrap_or_default() {
        if let Err(e) = profile.set(&name, &value) {
            errors.push(OptionError { field: format!("params.{name}"), message: e.to_string() });
        }
    }
    let options = Options {
        profile,
        rack: js.rack.unwrap_or(defaults.rack),
        app: js.app.unwrap_or(defaults.app),
        release: js.release.unwrap_or(defaults.release),
        build: js.build.unwrap_or(defaults.build),
        env,
        why_not: js.absent.unwrap_or(why_not),
        withheld,
    };
    Ok((options, errors))
}
