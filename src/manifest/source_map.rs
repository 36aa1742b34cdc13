//! Where each convox.yml path sits in the user's text.

use std::collections::HashMap;

use crate::diagnostic::Span;

/// Maps a convox.yml path (`services.web.port`, `services.web.ports[1]`) to the span of its
/// key (or, for list items, the item) in the text the user wrote, and to where its value ends.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Path → (the key's span, the end of the key's value).
    spans: HashMap<String, (Span, usize)>,
}

impl SourceMap {
    /// Records `path` at `span`, a key without a value of its own or a whole list item.
    pub fn insert(&mut self, path: String, span: Span) {
        self.spans.entry(path).or_insert((span, span.end));
    }

    /// Records key `path` at `key`, its value ending at `value_end`.
    pub fn insert_node(&mut self, path: String, key: Span, value_end: usize) {
        // An aliased value may sit before its key: the extent never ends before the key does.
        self.spans.entry(path).or_insert((key, value_end.max(key.end)));
    }

    /// The span of `path`, or of its nearest ancestor that has one.
    pub fn lookup(&self, path: &str) -> Option<Span> {
        self.nearest(path).map(|(span, _)| span)
    }

    /// The whole of `path` (or of its nearest recorded ancestor): from its key to the end of
    /// its value, e.g. a service's name and everything indented under it.
    pub fn extent(&self, path: &str) -> Option<Span> {
        self.nearest(path).map(|(span, end)| Span::new(span.start, end))
    }

    fn nearest(&self, path: &str) -> Option<(Span, usize)> {
        let mut p = path;
        loop {
            if let Some(found) = self.spans.get(p) {
                return Some(*found);
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
        self.spans.get(path).map(|(span, _)| *span)
    }

    /// Every recorded path with its span, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.spans.iter().map(|(k, (span, _))| (k.as_str(), *span))
    }
}
