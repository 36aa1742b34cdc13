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
