//! Where each convox.yml path sits in the user's text.

use crate::hashed::HashMap;

use crate::diagnostic::Span;

/// Maps a convox.yml path (`services.web.port`, `services.web.ports[1]`) to the span of its
/// key (or, for list items, the item) in the text the user wrote, and to the span of its value.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Path → (the key's span, the value's span; a list item is its own value).
    spans: HashMap<String, (Span, Span)>,
}

impl SourceMap {
    /// Records `path` at `span`, a key without a value of its own or a whole list item.
    pub fn insert(&mut self, path: String, span: Span) {
        self.spans.entry(path).or_insert((span, span));
    }

    /// Records key `path` at `key`, with its value at `value`.
    pub fn insert_node(&mut self, path: String, key: Span, value: Span) {
        self.spans.entry(path).or_insert((key, value));
    }

    /// Records `path` as a second name of a place recorded under another (a list item also
    /// addressed by its key, `ingressAnnotations.<key>`); a later one replaces it, as a
    /// repeated key's last value is the one that counts.
    pub fn alias(&mut self, path: String, key: Span, value: Span) {
        self.spans.insert(path, (key, value));
    }

    /// The span of `path`, or of its nearest ancestor that has one.
    pub fn lookup(&self, path: &str) -> Option<Span> {
        self.nearest(path).map(|(span, _)| span)
    }

    /// The span of `path`'s value (a list item's own span), or the key span of its nearest
    /// recorded ancestor: where a problem with the value itself is reported.
    pub fn value(&self, path: &str) -> Option<Span> {
        match self.spans.get(path) {
            Some((_, value)) => Some(*value),
            None => self.lookup(path),
        }
    }

    /// The whole of `path` (or of its nearest recorded ancestor): from its key to the end of
    /// its value, e.g. a service's name and everything indented under it.
    pub fn extent(&self, path: &str) -> Option<Span> {
        // An aliased value may sit before its key: the extent never ends before the key does.
        self.nearest(path).map(|(span, value)| Span::new(span.start, value.end.max(span.end)))
    }

    fn nearest(&self, path: &str) -> Option<(Span, Span)> {
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

    /// Whether `path` was written with nothing recorded under it: a scalar (`scale: 2-4`), not
    /// a mapping or list of its own keys.
    pub fn is_leaf(&self, path: &str) -> bool {
        self.contains(path)
            && !self.spans.keys().any(|k| {
                k.len() > path.len() && k.starts_with(path) && matches!(k.as_bytes()[path.len()], b'.' | b'[')
            })
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
