//! Where each convox.yml path sits in the user's text.

use std::cell::OnceCell;

use crate::hashed::{HashMap, HashSet};

use crate::diagnostic::Span;

/// Maps a convox.yml path (`services.web.port`, `services.web.ports[1]`) to the span of its
/// key (or, for list items, the item) in the text the user wrote, and to the span of its value.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Path → (the key's span, the value's span; a list item is its own value).
    spans: HashMap<String, (Span, Span)>,
    /// Every path with something recorded under it (each recorded path's prefixes before a `.`
    /// or `[`), found in one pass on the first [`is_leaf`](SourceMap::is_leaf) question. Before,
    /// each question scanned every path, and the catalog asks it of each service that writes
    /// `scale` without `count`: quadratic. 2,000 such services: 1,605M instructions to analyse,
    /// 313M of them in the catalog's sources; now 1,347M and 54M (callgrind).
    parents: OnceCell<HashSet<String>>,
}

impl SourceMap {
    /// Records `path` at `span`, a key without a value of its own or a whole list item.
    pub fn insert(&mut self, path: String, span: Span) {
        self.parents.take(); // a new path may be under one the cache holds as a leaf
        self.spans.entry(path).or_insert((span, span));
    }

    /// Records key `path` at `key`, with its value at `value`.
    pub fn insert_node(&mut self, path: String, key: Span, value: Span) {
        self.parents.take();
        self.spans.entry(path).or_insert((key, value));
    }

    /// Records `path` as a second name of a place recorded under another (a list item also
    /// addressed by its key, `ingressAnnotations.<key>`); a later one replaces it, as a
    /// repeated key's last value is the one that counts.
    pub fn alias(&mut self, path: String, key: Span, value: Span) {
        self.parents.take();
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
        self.contains(path) && !self.parents().contains(path)
    }

    /// [`SourceMap::parents`], made on first use.
    fn parents(&self) -> &HashSet<String> {
        self.parents.get_or_init(|| {
            let mut parents = HashSet::default();
            for k in self.spans.keys() {
                for (at, _) in k.match_indices(['.', '[']) {
                    if !parents.contains(&k[..at]) {
                        parents.insert(k[..at].to_string());
                    }
                }
            }
            parents
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

#[cfg(test)]
mod tests {
    use super::SourceMap;
    use crate::diagnostic::Span;

    #[test]
    fn a_path_is_a_leaf_until_something_is_recorded_under_it() {
        let at = Span::new(0, 1);
        let mut map = SourceMap::default();
        map.insert_node("services".into(), at, at);
        map.insert_node("services.web".into(), at, at);
        map.insert_node("services.web.scale".into(), at, at);
        map.insert_node("services.web.labels".into(), at, at);
        map.insert_node("services.web.labels.convox.com/team".into(), at, at);
        map.insert_node("services.web.ports".into(), at, at);
        assert!(map.is_leaf("services.web.scale"));
        assert!(map.is_leaf("services.web.ports"));
        assert!(!map.is_leaf("services.web"));
        assert!(!map.is_leaf("services.web.labels"));
        // A path nothing was recorded at is no leaf, not even a prefix of one ending mid-name.
        assert!(!map.is_leaf("services.web.sc"));
        assert!(!map.is_leaf("services.web.labels.convox"));
        // Recorded after a question: the next answer knows.
        map.insert_node("services.web.scale.cpu".into(), at, at);
        assert!(!map.is_leaf("services.web.scale"));
        map.insert("services.web.ports[0]".into(), at);
        assert!(!map.is_leaf("services.web.ports"));
        map.alias("services.web.scale.cpu.x".into(), at, at);
        assert!(!map.is_leaf("services.web.scale.cpu"));
    }
}
