//! The wasm boundary: converts only; all logic is in the core.
//!
//! [`Workspace`] is what the playground's worker holds (as ruff's and biome's wasm crates do):
//! `update(source, options)` analyses once and returns the view; every other call reads that
//! analysis and never analyses again — `yaml(key, secrets)` for one object's YAML, `stream()`
//! for all of them, `reference()` for the cheat sheet, `labelCommands(key, value)`,
//! `complete(offset)` and `hover(offset)` for the editor (offsets in UTF-16), `filter(query)` for
//! the Resources filter, `drift(dump)` and `dumpCommand()` for Compare with cluster, and
//! `contract()` for the full JSON contract of `convox-k8s map --format json`. The view of
//! `update` carries the editor's inline hints (`hints`) and each diagnostic's quick fixes. `map(source,
//! options)` is that contract in one call; `version()` the crate version and `repository()`
//! the project's repository.
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
use crate::{analyze, Analysis, OptionError, Options};

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

/// The JSON contract for `source`, as plain JS objects (nulls where the JSON has them).
#[wasm_bindgen]
pub fn map(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let (_, analysis, _) = analyze_with(source, options, true)?;
    parse(&output::json::to_string(&output::contract(&analysis, source)).map_err(js_error)?)
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

/// What may be written at UTF-16 offset `offset` of `source` for a rack of `rack_version`
/// (empty: the newest): as [`Workspace::complete`], without analysing the text (the editor's
/// help reads only the text).
#[wasm_bindgen]
pub fn complete(source: &str, offset: usize, rack_version: &str) -> Result<JsValue, JsError> {
    complete_in(source, offset, crate::rack_version::RackVersion::parse(rack_version).unwrap_or_default())
}

/// The documentation of the key at UTF-16 offset `offset` of `source` for a rack of
/// `rack_version` (empty: the newest), or `null`: as [`Workspace::hover`], without analysing.
#[wasm_bindgen]
pub fn hover(source: &str, offset: usize, rack_version: &str) -> Result<JsValue, JsError> {
    hover_in(source, offset, crate::rack_version::RackVersion::parse(rack_version).unwrap_or_default())
}

fn complete_in(
    source: &str,
    offset: usize,
    version: crate::rack_version::RackVersion,
) -> Result<JsValue, JsError> {
    let index = LineIndex::with_utf16(source);
    let mut found = assist::complete_at(source, index.byte_of_utf16(offset), version);
    found.from = index.utf16(found.from).unwrap_or(offset);
    parse(&output::json::to_string(&found).map_err(js_error)?)
}

fn hover_in(
    source: &str,
    offset: usize,
    version: crate::rack_version::RackVersion,
) -> Result<JsValue, JsError> {
    let index = LineIndex::with_utf16(source);
    match assist::hover_at(source, index.byte_of_utf16(offset), version) {
        Some(mut h) => {
            (h.from, h.to) = (index.utf16(h.from).unwrap_or(offset), index.utf16(h.to).unwrap_or(offset));
            parse(&output::json::to_string(&h).map_err(js_error)?)
        }
        None => Ok(JsValue::NULL),
    }
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

    /// Every object as one multi-document YAML stream, after the comment that lists its
    /// stand-in values: the bytes of `--format yaml`.
    pub fn stream(&self) -> String {
        output::yaml_file(self.session.analysis())
    }

    /// The page's Download: `{name, text, secretValues}` (`output::yaml_download`): the file's
    /// name, the stream, and how many secret values it holds in clear.
    pub fn download(&self) -> Result<JsValue, JsError> {
        parse(&output::json::to_string(&output::yaml_download(self.session.analysis())).map_err(js_error)?)
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

    /// What changes from `baseline` (a workspace holding the pinned manifest) to this one
    /// (`output::diff`): `{summary, changes, notes, baselineErrors, markdown}`, each change with its
    /// resource `key` so the page can mark the card. Secret values never appear.
    pub fn changes(&self, baseline: &Workspace) -> Result<JsValue, JsError> {
        let diff = output::diff::diff(baseline.session.analysis(), self.session.analysis());
        let out = output::edge::changes(&diff, baseline.session.analysis());
        parse(&output::json::to_string(&out).map_err(js_error)?)
    }

    /// How a cluster differs from this manifest (`output::drift`), from `dump`, the text of a
    /// `kubectl get … -o yaml` (or `-o json`) of the app's namespace: the report of `convox-k8s
    /// drift --format json` (`{namespace, summary, objects, expected, runTime, ignored, notes,
    /// diagnostics}`; a rendered object's `key` marks its card). Secret values never appear.
    pub fn drift(&self, dump: &str) -> Result<JsValue, JsError> {
        let d = output::drift::drift(self.session.analysis(), self.session.options(), dump);
        parse(&output::json::to_string(&output::drift::render::json(&d, dump)).map_err(js_error)?)
    }

    /// The command that captures the dump `drift` reads, for this manifest's namespace
    /// (`convox-k8s drift --command`).
    #[wasm_bindgen(js_name = dumpCommand)]
    pub fn dump_command(&self) -> String {
        output::drift::command::command(self.session.analysis())
    }

    /// The objects as a graph (`assist::topology`): `{nodes: [{key, kind, name}], edges: [{from,
    /// to, via, target, optional?, broken?}]}`; an edge whose `to` is null and not `optional`
    /// is a reference to nothing the release has (`broken`).
    pub fn topology(&self) -> Result<JsValue, JsError> {
        parse(&output::json::to_string(&assist::topology(self.session.analysis())).map_err(js_error)?)
    }

    /// The cheat sheet (`output::reference`), with its Markdown as `markdown`.
    pub fn reference(&self) -> Result<JsValue, JsError> {
        parse(&output::json::to_string(&output::edge::reference(self.session.analysis())).map_err(js_error)?)
    }

    /// `kubectl get … -l key=value` per namespace, for the objects carrying that label.
    #[wasm_bindgen(js_name = labelCommands)]
    pub fn label_commands(&self, key: &str, value: &str) -> Vec<String> {
        output::reference::label_commands(self.session.analysis(), key, value)
    }

    /// What may be written at UTF-16 offset `offset` of the held text: `{from, items: [{label,
    /// kind, detail, info, apply}]}` (`from`: UTF-16 start of the word being completed).
    pub fn complete(&self, offset: usize) -> Result<JsValue, JsError> {
        complete_in(self.session.source(), offset, self.session.options().profile.version())
    }

    /// The documentation of the key at UTF-16 offset `offset` (`{from, to, path, doc, forms,
    /// default, kubernetes, values, legacy, since, newer}`, UTF-16 range; `since` the rack version
    /// that brought the key, `newer` what the chosen older rack does with it), or `null`.
    pub fn hover(&self, offset: usize) -> Result<JsValue, JsError> {
        hover_in(self.session.source(), offset, self.session.options().profile.version())
    }

    /// The resources `query` matches, read as kubectl reads its arguments
    /// (`output::filter`): `{keys, terms: [{text, what, kind?, label?, error?, without}],
    /// commands}`.
    pub fn filter(&self, query: &str) -> Result<JsValue, JsError> {
        parse(
            &output::json::to_string(&output::filter::filter(self.session.analysis(), query))
                .map_err(js_error)?,
        )
    }

    /// The full JSON contract (objects and why-not included), as `map()` gives it. An analysis
    /// made without why-not gets it now, once.
    pub fn contract(&mut self) -> Result<JsValue, JsError> {
        self.session.with_absent();
        let contract = output::contract(self.session.analysis(), self.session.source());
        parse(&output::json::to_string(&contract).map_err(js_error)?)
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

/// The analysis of `source` with the page's `options`: the options this boundary could not
/// take come first in its `option_errors` (how many is the third value), then the core's.
fn analyze_with(
    source: &str,
    options: JsValue,
    why_not: bool,
) -> Result<(Options, Analysis, usize), JsError> {
    let (options, mut errors) = options_from(options, why_not)?;
    let mut analysis = analyze(source, &options);
    let boundary = errors.len();
    errors.append(&mut analysis.option_errors);
    analysis.option_errors = errors;
    Ok((options, analysis, boundary))
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
        None => js.env.map(|env| env.into_iter().collect()).unwrap_or(defaults.env),
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
