//! Where each convox.yml path sits in the user's text.

use std::collections::HashMap;

use crate::diagnostic::Span;

/// Maps a convox.yml path (`services.web.port`, `services.web.ports[1]`) to the span of its
/// key (or, for list items, the item) in the text the user wrote.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    spans: HashMap<String, Span>,
}

impl SourceMap {
    pub fn insert(&mut self, path: String, span: Span) {
        self.spans.entry(path).or_insert(span);
    }

    /// The span of `path`, or of its nearest ancestor that has one.
    pub fn lookup(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Some(*span);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

impl SourceMap {
    /// Whether `path` itself was written (the rack's `yamlAttributes` check: absent vs zero).
    pub fn contains(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }

    /// The span recorded for exactly `path`.
    pub fn get(&self, path: &str) -> Option<Span> {
        self.spans.get(path).copied()
    }

    /// Every recorded path with its span, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.spans.iter().map(|(k, v)| (k.as_str(), *v))
    }
}
