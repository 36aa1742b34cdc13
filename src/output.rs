//! The edge of the core: the JSON contract shared by `convox-k8s map --format json` and the
//! wasm `map()`, the multi-document YAML stream, and the human table. This is the only place
//! byte offsets become 1-based line/column.

pub mod json;
pub mod yaml;

use serde::Serialize;

use crate::catalog::{Entry, Kubectl};
use crate::diagnostic::{Severity, Span};
use crate::mapping::{Concept, Labels, Object};
use crate::Analysis;

/// The JSON contract (issue #2): `{rack, app, namespace, resources, diagnostics}`.
#[derive(Debug, Serialize)]
pub struct Contract<'a> {
    pub rack: &'a str,
    pub app: &'a str,
    pub namespace: &'a str,
    pub resources: Vec<Resource<'a>>,
    pub diagnostics: Vec<DiagnosticOut<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource<'a> {
    pub kind: &'a str,
    pub api_version: &'a str,
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    pub pattern: &'a str,
    pub concept: Concept,
    pub owner: Option<&'a str>,
    pub labels: &'a Labels,
    pub source: Option<SourceOut<'a>>,
    pub notes: &'a [String],
    pub kubectl: &'a [Kubectl],
    pub object: Option<&'a Object>,
}

#[derive(Debug, Serialize)]
pub struct SourceOut<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Serialize)]
pub struct DiagnosticOut<'a> {
    pub severity: Severity,
    pub message: &'a str,
    pub path: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Builds the contract for `analysis` of `source` (the text the spans point into).
pub fn contract<'a>(analysis: &'a Analysis, source: &str) -> Contract<'a> {
    let index = LineIndex::new(source);
    Contract {
        rack: &analysis.rack,
        app: &analysis.app,
        namespace: &analysis.namespace,
        resources: analysis.entries.iter().map(|e| resource(e, &index)).collect(),
        diagnostics: analysis
            .diagnostics
            .iter()
            .map(|d| {
                let pos = d.span.map(|s| index.line_column(s.start));
                DiagnosticOut {
                    severity: d.severity,
                    message: &d.message,
                    path: d.path.as_deref(),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                }
            })
            .collect(),
    }
}

fn resource<'a>(e: &'a Entry, index: &LineIndex) -> Resource<'a> {
    Resource {
        kind: &e.kind,
        api_version: &e.api_version,
        name: &e.name,
        namespace: e.namespace.as_deref(),
        pattern: &e.pattern,
        concept: e.concept,
        owner: e.owner.as_deref(),
        labels: &e.labels,
        source: e.source.as_ref().map(|s| {
            let (line, column) = index.line_column(s.span.start);
            SourceOut { path: &s.path, line, column }
        }),
        notes: &e.notes,
        kubectl: &e.kubectl,
        object: e.object.as_deref(),
    }
}

/// Every rendered object as one multi-document YAML stream, in apply order.
pub fn yaml_stream(analysis: &Analysis) -> String {
    let mut out = String::new();
    for object in objects(analysis) {
        out.push_str("---\n");
        // Serializing a k8s-openapi object to YAML cannot fail: no non-string map keys.
        out.push_str(&serde_yaml::to_string(object).unwrap_or_default());
    }
    out
}

/// [`yaml_stream`], byte for byte, through each object's compact JSON ([`json::to_string`]) and
/// [`yaml::from_json`] instead of serde_yaml: the wasm's way, which keeps its code small.
pub fn yaml_stream_via_json(analysis: &Analysis) -> String {
    let mut out = String::new();
    for object in objects(analysis) {
        out.push_str("---\n");
        // Neither step can fail for a k8s-openapi object's JSON; `yaml_stream` has the same
        // fallback.
        let json = json::to_string(object).unwrap_or_default();
        out.push_str(&yaml::from_json(&json).unwrap_or_default());
    }
    out
}

/// Every rendered object of `analysis`, in apply order.
pub fn objects(analysis: &Analysis) -> impl Iterator<Item = &Object> {
    analysis.entries.iter().filter_map(|e| e.object.as_deref())
}

/// A plain-text table like the seed's quick reference: kind, name, namespace, pattern.
pub fn table(analysis: &Analysis) -> String {
    let header = ["KIND", "NAME", "NAMESPACE", "PATTERN"];
    let rows: Vec<[&str; 4]> = analysis
        .entries
        .iter()
        .map(|e| {
            [e.kind.as_str(), e.name.as_str(), e.namespace.as_deref().unwrap_or("-"), e.pattern.as_str()]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Converts byte offsets to 1-based line and column (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column of byte `offset` (clamped to the text).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// 1-based line/column of a span's start.
    pub fn span_start(&self, span: Span) -> (usize, usize) {
        self.line_column(span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    fn check(text: &str, offset: usize, expected: (usize, usize)) {
        assert_eq!(LineIndex::new(text).line_column(offset), expected);
    }

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        check("a: 1\nbb: 2\n", 0, (1, 1));
        check("a: 1\nbb: 2\n", 5, (2, 1));
        check("a: 1\nbb: 2\n", 9, (2, 5));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        check("é: x\nk", 4, (1, 4));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        check("ab", 99, (1, 3));
    }
}
