//! The playground's exports that its first result does not use: the JSON contract in one call,
//! the editor's help, the download, Compare (with a pinned manifest or a cluster), the graph, the
//! cheat sheet and the filter. Built only with the `extras` feature, into the second wasm the
//! worker fetches after the first result (www/extras, ARCHITECTURE.md "Two wasm builds"); the
//! first wasm (www/wasm) is everything else in this module's parent, and nothing more.

use wasm_bindgen::prelude::*;

use super::{js_error, options_from, parse, Workspace};
use crate::assist;
use crate::output::{self, LineIndex};
use crate::{analyze, Analysis, Options};

/// The JSON contract for `source`, as plain JS objects (nulls where the JSON has them).
#[wasm_bindgen]
pub fn map(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let (_, analysis, _) = analyze_with(source, options, true)?;
    parse(&output::json::to_string(&output::contract(&analysis, source)).map_err(js_error)?)
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

#[wasm_bindgen]
impl Workspace {
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
