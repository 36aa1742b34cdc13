//! Diagnostics are data: every stage returns them beside its output, and only the edge
//! (`output`) turns their byte offsets into 1-based line/column.

use serde::Serialize;

/// How bad a diagnostic is. Errors mean the rack would refuse the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Severity {
    Error,
    Warning,
}

/// A byte range in the text the user wrote (before `${VAR}` interpolation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// One message about the manifest: the rack's own wording where the rack has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The convox.yml path it is about, e.g. `services.web.port` or `services.web.ports[1]`.
    pub path: Option<String>,
    /// Where in the user's text; filled from `path` by the manifest's source map when absent.
    pub span: Option<Span>,
    /// The problem is the value at `path`, not the key: the span filled in is the value's.
    pub at_value: bool,
    /// Changes that resolve it, when the core knows them (an editor's quick fixes).
    pub fixes: Vec<Fix>,
}

/// A change that resolves a diagnostic: edits to convox.yml and release variables to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, e.g. `Rename to services`.
    pub title: String,
    pub edits: Vec<Edit>,
}

/// One part of a [`Fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replace a byte range of the user's text with `insert` (empty: delete it).
    Text { span: Span, insert: String },
    /// Set a variable of the release environment (`convox env set NAME=value`).
    Env { name: String, value: String },
}

impl Fix {
    /// Replaces `span` with `insert`.
    pub fn replace(title: impl Into<String>, span: Span, insert: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit::Text { span, insert: insert.into() }] }
    }
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            span: None,
            at_value: false,
            fixes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            path: None,
            span: None,
            at_value: false,
            fixes: Vec::new(),
        }
    }

    /// Attaches the convox.yml path the message is about.
    pub fn at(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Attaches the convox.yml path whose value is the problem (reported at the value).
    pub fn at_value(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self.at_value = true;
        self
    }

    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A problem with one of the options the release is analysed with (the CLI's flags, the
/// page's fields): reported once, at its field, not on the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OptionError {
    /// `rack`, `app`, `release`, `env`, `provider` or `params.<name>`.
    pub field: String,
    pub message: String,
}
