//! A [`super::diff::Diff`] for people: the JSON of `convox-k8s diff --format json`, a plain or
//! coloured terminal summary, and Markdown for a pull-request comment.

use std::fmt::Write as _;

use serde::Serialize;

use super::diff::{Change, ChangeKind, Diff, Effect};
use super::{DiagnosticOut, LineIndex};
use crate::Analysis;

/// The diff's JSON: `{changes, notes, diagnostics}`, each diagnostic with its `side`.
#[derive(Debug, Serialize)]
pub struct ReviewOut<'a> {
    pub changes: &'a [Change],
    pub notes: &'a [String],
    pub diagnostics: Vec<SidedDiagnostic<'a>>,
}

/// A diagnostic of the old or the new manifest.
#[derive(Debug, Serialize)]
pub struct SidedDiagnostic<'a> {
    pub side: &'static str,
    #[serde(flatten)]
    pub diagnostic: DiagnosticOut<'a>,
}

/// The JSON form of `diff` between `old` (of text `old_source`) and `new`.
pub fn json<'a>(diff: &'a Diff, old: (&'a Analysis, &str), new: (&'a Analysis, &str)) -> ReviewOut<'a> {
    let mut diagnostics = Vec::new();
    for (side, (analysis, source)) in [("old", old), ("new", new)] {
        let index = LineIndex::new(source);
        for d in &analysis.diagnostics {
            // A review reports problems; fixing them is the editor's business.
            diagnostics.push(SidedDiagnostic { side, diagnostic: DiagnosticOut::of(d, &index) });
        }
    }
    ReviewOut { changes: &diff.changes, notes: &diff.notes, diagnostics }
}

/// The diff's counts: objects added, removed and changed, and how many changes have each effect.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Effect name → number of changes with it, for the effects that occur (in `Effect` order).
    pub effects: std::collections::BTreeMap<&'static str, usize>,
}

/// Counts `diff` (the page's Changes view shows them).
pub fn summary(diff: &Diff) -> Summary {
    let (added, removed, changed) = counts(diff);
    let mut effects = std::collections::BTreeMap::new();
    for effect in diff.changes.iter().flat_map(|c| &c.effects) {
        *effects.entry(effect.name()).or_insert(0) += 1;
    }
    Summary { added, removed, changed, effects }
}

fn counts(diff: &Diff) -> (usize, usize, usize) {
    let n = |k: ChangeKind| diff.changes.iter().filter(|c| c.change == k).count();
    (n(ChangeKind::Added), n(ChangeKind::Removed), n(ChangeKind::Changed))
}

fn what(c: &Change) -> String {
    match &c.namespace {
        Some(ns) => format!("{} {} ({ns})", c.kind, c.name),
        None => format!("{} {}", c.kind, c.name),
    }
}

pub(crate) fn value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(none)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A terminal summary: the counts, then each object with its effects first; `color` adds ANSI
/// colours (for a terminal).
pub fn text(diff: &Diff, color: bool) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("No changes: the rack applies the same objects.\n");
        return out;
    }
    let (a, r, c) = counts(diff);
    let _ = writeln!(out, "{a} added, {r} removed, {c} changed");
    for note in &diff.notes {
        let _ = writeln!(out, "note: {note}");
    }
    for ch in &diff.changes {
        let (sign, code) = match ch.change {
            ChangeKind::Added => ("+", "32"),
            ChangeKind::Removed => ("-", "31"),
            ChangeKind::Changed => ("~", "33"),
        };
        let effects: Vec<&str> = ch.effects.iter().map(|e| e.name()).collect();
        let effects = if effects.is_empty() { String::new() } else { format!(" [{}]", effects.join(", ")) };
        let _ = writeln!(out, "\n{} {}{}", paint(code, sign), what(ch), paint("1", &effects));
        for note in &ch.notes {
            let _ = writeln!(out, "    {note}");
        }
        for f in &ch.fields {
            let _ = writeln!(out, "    {}: {} -> {}", f.path, value(&f.before), value(&f.after));
        }
    }
    out
}

/// Markdown for a pull-request comment: a summary table, then the details of each object.
pub fn markdown(diff: &Diff) -> String {
    markdown_titled(diff, "## Kubernetes changes")
}

/// [`markdown`] under the heading `title` (`### …` when it is part of a longer document).
pub fn markdown_titled(diff: &Diff, title: &str) -> String {
    let mut out = format!("{title}\n\n");
    if diff.is_empty() {
        out.push_str("No changes: the rack applies the same objects.\n");
        return out;
    }
    let (a, r, c) = counts(diff);
    let _ = writeln!(out, "{a} added, {r} removed, {c} changed.\n");
    for note in &diff.notes {
        let _ = writeln!(out, "> {note}\n");
    }
    out.push_str("| Change | Kind | Name | Effects |\n|---|---|---|---|\n");
    for ch in &diff.changes {
        let effects: Vec<String> = ch.effects.iter().map(|e| format!("**{}**", e.name())).collect();
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} |",
            match ch.change {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            },
            ch.kind,
            ch.name,
            effects.join(", ")
        );
    }
    out.push_str("\n<details><summary>Details</summary>\n\n");
    let level = title.split(' ').next().unwrap_or("##");
    for ch in diff.changes.iter().filter(|c| !c.fields.is_empty() || !c.notes.is_empty()) {
        let _ = writeln!(out, "{level}# {}\n", what(ch));
        for note in &ch.notes {
            let _ = writeln!(out, "- {note}");
        }
        if !ch.fields.is_empty() {
            out.push_str("\n| Field | Before | After |\n|---|---|---|\n");
            for f in &ch.fields {
                let cell = |v: &serde_json::Value| value(v).replace('|', "\\|").replace('\n', " ");
                let _ = writeln!(out, "| `{}` | {} | {} |", f.path, cell(&f.before), cell(&f.after));
            }
        }
        out.push('\n');
    }
    out.push_str("</details>\n");
    out
}

/// Whether any change has `effect`.
pub fn has(diff: &Diff, effect: Effect) -> bool {
    diff.changes.iter().any(|c| c.effects.contains(&effect))
}
