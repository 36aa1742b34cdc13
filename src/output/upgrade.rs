//! An [`crate::upgrade::Upgrade`] for people: the JSON of `convox-k8s upgrade --format json`, a
//! plain or coloured terminal report and Markdown, each step with the rack parameters it brings,
//! the messages it adds and its change review in [`super::review`]'s forms.

use std::fmt::Write as _;

use serde::Serialize;

use super::diff::Change;
use super::{DiagnosticOut, LineIndex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rack_version::RackVersion;
use crate::upgrade::{NewParam, Upgrade};

/// What holds for every step.
pub const PROMOTE_NOTE: &str = "A rack update does not promote the app: each step's changes reach the cluster at the \
                                app's next promote on the updated rack (convox deploy, convox releases promote).";

/// The upgrade's JSON: `{from, to, notes, steps: [{from, to, params, changes, notes,
/// diagnostics}]}`.
#[derive(Debug, Serialize)]
pub struct UpgradeOut<'a> {
    pub from: RackVersion,
    pub to: RackVersion,
    pub notes: Vec<&'static str>,
    pub steps: Vec<StepOut<'a>>,
}

/// One step's JSON.
#[derive(Debug, Serialize)]
pub struct StepOut<'a> {
    pub from: RackVersion,
    pub to: RackVersion,
    /// The rack parameters the step brings: `{name, default, value?, doc}`.
    pub params: Vec<ParamOut<'a>>,
    pub changes: &'a [Change],
    pub notes: &'a [String],
    /// The new release's messages the old one did not give.
    pub diagnostics: Vec<DiagnosticOut<'a>>,
}

/// A rack parameter a step brings.
#[derive(Debug, Serialize)]
pub struct ParamOut<'a> {
    pub name: &'static str,
    pub default: &'static str,
    /// The value the options set, when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
    pub doc: &'static str,
}

/// The JSON form of `upgrade` of the convox.yml text `source`.
pub fn json<'a>(upgrade: &'a Upgrade, source: &str) -> UpgradeOut<'a> {
    let index = LineIndex::new(source);
    let steps = upgrade
        .steps
        .iter()
        .map(|s| StepOut {
            from: s.from,
            to: s.to,
            params: s
                .params
                .iter()
                .map(|p| ParamOut {
                    name: p.param.name,
                    default: p.param.default,
                    value: p.set.as_deref(),
                    doc: p.param.doc,
                })
                .collect(),
            changes: &s.diff.changes,
            notes: &s.diff.notes,
            diagnostics: s.diagnostics.iter().map(|d| DiagnosticOut::of(d, &index)).collect(),
        })
        .collect();
    UpgradeOut { from: upgrade.from, to: upgrade.to, notes: vec![PROMOTE_NOTE], steps }
}

fn param_line(p: &NewParam) -> String {
    let default = if p.param.default.is_empty() { "empty" } else { p.param.default };
    match &p.set {
        Some(v) => format!("{} (default {default}; set to {v} here)", p.param.name),
        None => format!("{} (default {default})", p.param.name),
    }
}

fn message(index: &LineIndex, shown: &str, d: &Diagnostic) -> String {
    let severity = if d.severity == Severity::Error { "error" } else { "warning" };
    let (line, column) = d.span.map_or((1, 1), |s| index.line_column(s.start));
    format!("{shown}:{line}:{column}: {severity}: {}", d.message)
}

/// A terminal report: each step's heading, the parameters it brings, its new messages (as
/// `FILE:LINE:COL`, `file` naming the convox.yml) and its review; `color` adds ANSI colours.
pub fn text(upgrade: &Upgrade, source: &str, file: &str, color: bool) -> String {
    let index = LineIndex::new(source);
    let bold = |s: &str| if color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Rack update {} -> {}: {} step{}",
        upgrade.from,
        upgrade.to,
        upgrade.steps.len(),
        if upgrade.steps.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "note: {PROMOTE_NOTE}");
    for s in &upgrade.steps {
        let _ = writeln!(out, "\n{}", bold(&format!("== {} -> {}", s.from, s.to)));
        if !s.params.is_empty() {
            let params: Vec<String> = s.params.iter().map(param_line).collect();
            let _ = writeln!(out, "new rack parameters: {}", params.join(", "));
        }
        for d in &s.diagnostics {
            let _ = writeln!(out, "{}", message(&index, file, d));
        }
        out.push_str(&super::review::text(&s.diff, color));
    }
    out
}

/// Markdown: a section per step with its parameters, new messages and change review.
pub fn markdown(upgrade: &Upgrade, source: &str) -> String {
    let index = LineIndex::new(source);
    let mut out = format!("## Rack update {} → {}\n\n> {PROMOTE_NOTE}\n\n", upgrade.from, upgrade.to);
    for s in &upgrade.steps {
        let _ = writeln!(out, "### {} → {}\n", s.from, s.to);
        if !s.params.is_empty() {
            out.push_str("New rack parameters:\n\n");
            for p in &s.params {
                let _ = writeln!(out, "- `{}`: {}", param_line(p), p.param.doc);
            }
            out.push('\n');
        }
        if !s.diagnostics.is_empty() {
            let _ = writeln!(out, "Messages new at {}:\n", s.to);
            for d in &s.diagnostics {
                let severity = if d.severity == Severity::Error { "error" } else { "warning" };
                let (line, _) = d.span.map_or((1, 1), |sp| index.line_column(sp.start));
                let _ = writeln!(out, "- line {line}, {severity}: {}", d.message.replace('\n', " "));
            }
            out.push('\n');
        }
        out.push_str(&super::review::markdown_titled(&s.diff, "#### Kubernetes changes"));
        out.push('\n');
    }
    out
}
