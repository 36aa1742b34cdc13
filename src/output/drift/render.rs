//! A [`Drift`] for people: the JSON of `convox-k8s drift --format json` (with the dump's
//! problems at line and column), a plain or coloured terminal report, and Markdown — the same
//! layout as `output::review` gives `diff`.

use std::fmt::Write as _;

use serde::Serialize;

use std::collections::BTreeMap;

use super::{Change, Drift, DriftObject, Expected, Fate, RunTimeObject, Summary};
use crate::output::review::value;
use crate::output::LineIndex;

/// A problem of the dump at 1-based line and column.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DumpDiagnostic<'a> {
    pub severity: &'static str,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
}

/// The dump's problems at line and column of `dump` (the text they point into).
pub fn diagnostics<'a>(drift: &'a Drift, dump: &str) -> Vec<DumpDiagnostic<'a>> {
    let index = LineIndex::new(dump);
    drift
        .problems
        .iter()
        .map(|p| {
            let (line, column) = index.line_column(p.at);
            DumpDiagnostic {
                severity: if p.fatal { "error" } else { "warning" },
                message: &p.message,
                line,
                column,
            }
        })
        .collect()
}

/// The report's JSON: the drift's fields and the dump's diagnostics. (Spelled out rather than
/// `#[serde(flatten)]`: flatten's map serializer weighed a few KB of the wasm.)
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DriftOut<'a> {
    pub namespace: &'a str,
    pub summary: &'a Summary,
    pub objects: &'a [DriftObject],
    pub expected: &'a [Expected],
    pub run_time: &'a [RunTimeObject],
    pub ignored: &'a BTreeMap<String, usize>,
    pub notes: &'a [String],
    pub diagnostics: Vec<DumpDiagnostic<'a>>,
}

/// The JSON form of `drift`, read from `dump`.
pub fn json<'a>(d: &'a Drift, dump: &str) -> DriftOut<'a> {
    DriftOut {
        namespace: &d.namespace,
        summary: &d.summary,
        objects: &d.objects,
        expected: &d.expected,
        run_time: &d.run_time,
        ignored: &d.ignored,
        notes: &d.notes,
        diagnostics: diagnostics(d, dump),
    }
}

/// An object, by kind and name (all of them are in the one namespace the headline names, or
/// cluster-scoped).
fn what(o: &DriftObject) -> String {
    format!("{} {}", o.kind, o.name)
}

/// The headline: the counts, or that there is no drift.
fn headline(d: &Drift) -> String {
    let s = &d.summary;
    if !d.has_drift() {
        return format!(
            "No drift: the cluster holds what convox.yml renders ({} objects compared in {}).",
            s.compared, d.namespace
        );
    }
    format!(
        "Drift in {}: {} missing, {} extra, {} changed ({} objects compared); the next deploy reverts {} fields and keeps {}.",
        d.namespace, s.missing, s.extra, s.changed, s.compared, s.reverts, s.keeps
    )
}

/// What the next deploy does to an object.
fn object_fate(o: &DriftObject) -> &'static str {
    match (o.change, o.fate) {
        (Change::Missing, _) => "the next deploy creates it",
        (Change::Extra, Fate::Reverts) => "the next deploy deletes it",
        (Change::Extra, _) => "the next deploy keeps it",
        (Change::Changed, f) => f.words(),
    }
}

fn labels(o: &DriftObject) -> String {
    o.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// A terminal report: the headline, each object with its fields and what the next deploy does,
/// then the expected differences and what was set aside; `color` adds ANSI colours.
pub fn text(d: &Drift, color: bool) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(d));
    for note in &d.notes {
        let _ = writeln!(out, "note: {note}");
    }
    for o in &d.objects {
        let (sign, code) = match o.change {
            Change::Missing => ("+", "32"),
            Change::Extra => ("-", "31"),
            Change::Changed => ("~", "33"),
        };
        let tag = match o.change {
            Change::Changed => String::new(),
            c => format!(" [{}: {}]", if c == Change::Missing { "missing" } else { "extra" }, object_fate(o)),
        };
        let _ = writeln!(out, "\n{} {}{}", paint(code, sign), what(o), paint("1", &tag));
        if let Some(r) = &o.reason {
            let _ = writeln!(out, "    {r}");
        }
        if !o.labels.is_empty() {
            let _ = writeln!(out, "    labels: {}", labels(o));
        }
        for note in &o.notes {
            let _ = writeln!(out, "    {note}");
        }
        for f in &o.fields {
            let fate = match f.fate {
                Fate::Reverts => paint("33", "[reverts]"),
                _ => paint("36", "[keeps]"),
            };
            let _ = writeln!(out, "    {}: {} -> {} {fate}", f.path, value(&f.before), value(&f.after));
            if let Some(r) = f.reason {
                let _ = writeln!(out, "      ({r})");
            }
        }
    }
    if d.has_drift() {
        let _ = writeln!(
            out,
            "\n(cluster -> convox.yml; reverts: the next deploy writes convox.yml's value back; keeps: the next \
             deploy leaves the cluster's value)"
        );
    }
    if !d.expected.is_empty() {
        let _ = writeln!(out, "\nExpected differences, not drift ({} fields):", d.summary.expected);
        for x in &d.expected {
            let _ = writeln!(
                out,
                "  {} — {} (e.g. {})",
                x.reason,
                plural(x.fields, "field"),
                x.examples.join("; ")
            );
        }
    }
    if !d.run_time.is_empty() {
        let _ = writeln!(out, "\nMade at run time, not compared ({}):", d.run_time.len());
        for r in &d.run_time {
            let _ = writeln!(out, "  {} {}: {}", r.kind, r.name, r.reason);
        }
    }
    if !d.ignored.is_empty() {
        let _ = writeln!(out, "\n{}", ignored(d));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The objects set aside, in a sentence.
fn ignored(d: &Drift) -> String {
    let parts: Vec<String> =
        d.ignored
            .iter()
            .map(|(ns, n)| {
                if ns.is_empty() {
                    format!("{n} cluster-scoped of other apps")
                } else {
                    format!("{n} in {ns}")
                }
            })
            .collect();
    format!("Set aside, not of this app: {} ({}).", plural(d.summary.ignored, "object"), parts.join(", "))
}

/// Markdown for a pull request or an issue: a summary table, then the details of each object.
pub fn markdown(d: &Drift) -> String {
    let mut out = String::from("## Drift\n\n");
    let _ = writeln!(out, "{}\n", headline(d));
    for note in &d.notes {
        let _ = writeln!(out, "> {note}\n");
    }
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    if d.has_drift() {
        out.push_str("| Change | Kind | Name | Next deploy |\n|---|---|---|---|\n");
        for o in &d.objects {
            let change = match o.change {
                Change::Missing => "missing",
                Change::Extra => "extra",
                Change::Changed => "changed",
            };
            let _ = writeln!(out, "| {change} | {} | `{}` | {} |", o.kind, o.name, object_fate(o));
        }
        out.push_str("\n<details><summary>Details</summary>\n\n");
        for o in &d.objects {
            let _ = writeln!(out, "### {}\n", what(o));
            if let Some(r) = &o.reason {
                let _ = writeln!(out, "- {}", cell(r));
            }
            if !o.labels.is_empty() {
                let _ = writeln!(out, "- labels: `{}`", labels(o));
            }
            for note in &o.notes {
                let _ = writeln!(out, "- {}", cell(note));
            }
            if !o.fields.is_empty() {
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str("| Field | Cluster | convox.yml | Next deploy |\n|---|---|---|---|\n");
                for f in &o.fields {
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | {} | {} |",
                        cell(&f.path),
                        cell(&value(&f.before)),
                        cell(&value(&f.after)),
                        f.fate.words()
                    );
                }
            }
            out.push('\n');
        }
        out.push_str("</details>\n");
    }
    if !d.expected.is_empty() {
        let _ = writeln!(out, "\n**Expected differences, not drift** ({} fields):\n", d.summary.expected);
        for x in &d.expected {
            let _ = writeln!(out, "- {} — {}", cell(&x.reason), plural(x.fields, "field"));
        }
    }
    if !d.run_time.is_empty() {
        let _ = writeln!(out, "\n**Made at run time, not compared:** {}", {
            let names: Vec<String> =
                d.run_time.iter().map(|r| format!("{} `{}` ({})", r.kind, r.name, r.reason)).collect();
            names.join("; ")
        });
    }
    if !d.ignored.is_empty() {
        let _ = writeln!(out, "\n{}", ignored(d));
    }
    out
}
