//! What the wasm edge returns besides the contract and the views of other modules: the
//! options' defaults, the rack parameters and versions the page offers, the live view's
//! page-only parts, the comparison with a baseline and the cheat sheet with its Markdown.
//! Declared here, on the host, so that `typescript.rs` generates their TypeScript from the
//! same structs the wasm serialises (`wasm.rs` only converts offsets and calls these).

use crate::sorted::sorted_map;
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::profile::{Kind, Provider, PARAMS};
use crate::rack_version::{RackVersion, KNOWN};
use crate::{Analysis, DefaultName, Options, Verdict};

use super::{diff, reference, review};

/// The options' defaults: what an analysis uses for an option the page leaves empty (its
/// fields' placeholders).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Defaults {
    pub rack: String,
    pub app: String,
    pub release: String,
    pub build: String,
    pub provider: &'static str,
}

/// [`Defaults`] of [`Options::default`].
pub fn defaults() -> Defaults {
    let d = Options::default();
    Defaults {
        rack: d.rack,
        app: d.app,
        release: d.release,
        build: d.build,
        provider: d.profile.provider().name(),
    }
}

/// One rack parameter as the Rack panel offers it (`profile::PARAMS`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RackParam {
    pub name: &'static str,
    /// `bool`, `choice`, `percent`, `number`, `url`, `text`, `cidrs`, `domain` or `name`.
    pub kind: &'static str,
    pub choices: &'static [&'static str],
    pub providers: Vec<&'static str>,
    pub default: &'static str,
    /// The providers whose default differs from `default`.
    pub defaults: BTreeMap<&'static str, &'static str>,
    pub doc: &'static str,
    pub secret: bool,
    /// The providers on whose racks it changes an app's objects (the panel files the others
    /// apart: they change nothing there).
    pub changes_app: Vec<&'static str>,
    /// Provider → the first rack version that has it, for the providers whose racks got it
    /// after the oldest version the core knows.
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub since: Since,
}

/// provider → version, as a JSON object in declaration order. Not a `BTreeMap`: collecting
/// one sorts, and the sort's code cost the wasm about 5 KB for maps of one entry.
#[derive(Debug)]
pub struct Since(&'static [(Provider, RackVersion)]);

impl Serialize for Since {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(p, v)| (p.name(), v)))
    }
}

/// Every rack parameter, so the page's Rack panel offers exactly what the core accepts.
pub fn rack_params() -> Vec<RackParam> {
    PARAMS
        .iter()
        .map(|p| {
            let (kind, choices): (&str, &'static [&'static str]) = match p.kind {
                Kind::Bool => ("bool", &[]),
                Kind::Choice(c) => ("choice", c),
                Kind::Percent => ("percent", &[]),
                Kind::Number => ("number", &[]),
                Kind::Url => ("url", &[]),
                Kind::Text => ("text", &[]),
                Kind::Cidrs => ("cidrs", &[]),
                Kind::Domain => ("domain", &[]),
                Kind::Name => ("name", &[]),
            };
            RackParam {
                name: p.name,
                kind,
                choices,
                providers: p.providers.iter().map(|p| p.name()).collect(),
                default: p.default,
                defaults: sorted_map(p.other_defaults.iter().map(|(provider, d)| (provider.name(), *d))),
                doc: p.doc,
                secret: p.secret,
                changes_app: p.changes_app.iter().map(|p| p.name()).collect(),
                since: Since(p.since),
            }
        })
        .collect()
}

/// A rack version the core emulates.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VersionOut {
    #[cfg_attr(test, ts(type = "string"))]
    pub version: RackVersion,
    /// The release whose objects and messages it shares (3.24.0 renders as 3.23.4).
    #[cfg_attr(test, ts(type = "string"))]
    pub renders_as: RackVersion,
    /// The one used when none is chosen.
    pub default: bool,
}

/// Every rack version the core emulates, oldest first.
pub fn rack_versions() -> Vec<VersionOut> {
    KNOWN
        .iter()
        .map(|v| VersionOut {
            version: *v,
            renders_as: v.renders_as(),
            default: *v == RackVersion::default(),
        })
        .collect()
}

/// What only the page needs of a live analysis, spliced into its [`super::view`].
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ViewExtra<'a> {
    /// The editor's inline hints, at UTF-16 offsets.
    pub hints: Vec<crate::assist::Hint>,
    /// The release variables still set to a stand-in (`standIns` the env text does not set).
    pub withheld: &'a [String],
    /// Refused or accepted, in one sentence (`Analysis::verdict`), for the core's problems
    /// only: a line of the env box the rack would skip is the page's input, not a refusal.
    pub verdict: Verdict,
    /// The names nobody chose, to mark wherever a command shows them.
    pub default_names: Vec<DefaultName>,
}

/// A change of [`diff`] with the key of the resource it is about (the page marks the card).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeyedChange<'a> {
    pub key: &'a str,
    #[serde(flatten)]
    pub change: &'a diff::Change,
}

/// What changes from a baseline to the shown analysis, as the page's Changes tab reads it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChangesOut<'a> {
    pub summary: review::Summary,
    pub changes: Vec<KeyedChange<'a>>,
    pub notes: &'a [String],
    /// Errors in the baseline's own analysis (its objects may then be incomplete).
    pub baseline_errors: usize,
    /// The same, as `convox-k8s diff --format markdown` prints it (for a review).
    pub markdown: String,
}

/// [`ChangesOut`] of `diff` (from `baseline`'s analysis).
pub fn changes<'a>(diff: &'a diff::Diff, baseline: &Analysis) -> ChangesOut<'a> {
    ChangesOut {
        summary: review::summary(diff),
        changes: diff.changes.iter().map(|c| KeyedChange { key: &c.key, change: c }).collect(),
        notes: &diff.notes,
        baseline_errors: baseline.diagnostics.iter().filter(|d| d.is_error()).count(),
        markdown: review::markdown(diff),
    }
}

/// The cheat sheet with its Markdown.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReferenceOut<'a> {
    #[serde(flatten)]
    pub reference: reference::Reference<'a>,
    pub markdown: String,
}

/// [`ReferenceOut`] of `analysis`.
pub fn reference(analysis: &Analysis) -> ReferenceOut<'_> {
    let reference = reference::reference(analysis);
    let markdown = reference::markdown(&reference);
    ReferenceOut { reference, markdown }
}
