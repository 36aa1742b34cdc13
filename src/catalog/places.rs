//! Where each entry is in convox.yml ([`Source`]), looked up in the source map, or, for an
//! entry reused from the edit before whose owner's block reads the same, moved with that block.
//!
//! An edit moves nearly every key below it, so the places of every entry were looked up again
//! at every edit: the key, its extent, and the keys under its owner that shaped it
//! ([`provenance`]), about a tenth of a one-service edit's time at 200 services in the
//! playground's wasm. A block whose text is unchanged, from the start of its key's line to the
//! end of its value, reads the same wherever it now is: each place recorded inside it moves by
//! as much as the block did. That holds only for the plain reading of a text (no anchors,
//! aliases, merges, tags or `${VAR}`, which the caller checks: [`Places::new`]'s `now`), and
//! only for a place whose every span lay inside the block before; anything else is looked up.

use crate::diagnostic::Span;
use crate::hashed::HashMap;
use crate::manifest::{SourceMap, FULL};
use crate::mapping::Concept;

use super::provenance::{KeySpan, Provenance};
use super::Source;

/// What a catalog leaves for the next edit's: the extent of each owner block its entries were
/// in, in its text (which the next edit's [`super::Earlier::with_blocks`] is given back with).
#[derive(Debug, Default)]
pub struct Blocks {
    extents: HashMap<String, Option<Span>>,
}

/// The places of one catalog's entries.
pub(super) struct Places<'a> {
    map: &'a SourceMap,
    provenance: Provenance,
    /// The text now, where places may move ([`Places::new`]).
    now: Option<&'a str>,
    /// The text before and its blocks.
    before: Option<(String, Blocks)>,
    /// Each block met: its extent now and, where its text is the one before, how far it moved.
    blocks: HashMap<String, (Option<Span>, Option<isize>)>,
}

impl<'a> Places<'a> {
    /// The places in `map`; with `now` (the text, when it is its plain reading) and `before`
    /// (what the catalog of the edit before left, on its plain reading), reused entries' places
    /// may move with their blocks.
    pub(super) fn new(
        map: &'a SourceMap,
        now: Option<&'a str>,
        before: Option<(String, Blocks)>,
    ) -> Places<'a> {
        Places {
            map,
            provenance: Provenance::default(),
            now,
            before: now.and(before),
            blocks: HashMap::default(),
        }
    }

    /// The place of an object of `kind` made from `path` for `owner` (of `concept`): looked up.
    pub(super) fn find(
        &mut self,
        path: String,
        concept: Concept,
        owner: Option<&str>,
        kind: &str,
    ) -> Option<Source> {
        if path.is_empty() {
            return None;
        }
        if FULL && self.now.is_some() {
            self.block(&path); // its extent, for the next edit
        }
        let span = self.map.lookup(&path)?;
        let range = self.map.extent(&path).unwrap_or(span);
        let keys = owner.map_or_else(Vec::new, |o| self.provenance.keys(concept, o, kind, self.map));
        Some(Source { path, span, range, keys })
    }

    /// [`Places::find`] for a reused entry whose place was `earlier`: moved with its block where
    /// that reads the same, else looked up.
    pub(super) fn again(
        &mut self,
        earlier: Option<Source>,
        path: String,
        concept: Concept,
        owner: Option<&str>,
        kind: &str,
    ) -> Option<Source> {
        // The playground's first build looks every place up: it analyses only until the second
        // arrives, and this weighed 4 KB gzip there.
        if let Some(mut s) = earlier.filter(|s| FULL && s.path == path) {
            if self.moved(&mut s) {
                return Some(s);
            }
        }
        self.find(path, concept, owner, kind)
    }

    /// What the next edit's catalog may move places with, when this text is a plain reading.
    pub(super) fn finish(self) -> Option<Blocks> {
        if !FULL {
            return None;
        }
        self.now?;
        Some(Blocks { extents: self.blocks.into_iter().map(|(k, (extent, _))| (k, extent)).collect() })
    }

    /// Moves `s` with its block, if the block reads the same and held all of `s` before.
    fn moved(&mut self, s: &mut Source) -> bool {
        let Some(old) =
            self.before.as_ref().and_then(|(_, b)| b.extents.get(block_of(&s.path)).copied().flatten())
        else {
            return false;
        };
        let inside = |x: Span| old.start <= x.start && x.end <= old.end;
        if !(inside(s.span) && inside(s.range) && s.keys.iter().all(|k| inside(k.span))) {
            return false;
        }
        let Some(delta) = self.block(&s.path).1 else { return false };
        let by = |x: Span| Span::new(x.start.wrapping_add_signed(delta), x.end.wrapping_add_signed(delta));
        s.span = by(s.span);
        s.range = by(s.range);
        for KeySpan { span, .. } in &mut s.keys {
            *span = by(*span);
        }
        true
    }

    /// The block of `path` now: its extent, and how far it moved where it reads as before.
    fn block(&mut self, path: &str) -> (Option<Span>, Option<isize>) {
        let name = block_of(path);
        if let Some(&b) = self.blocks.get(name) {
            return b;
        }
        let extent = self.map.extent(name);
        let delta = match (extent, self.now, &self.before) {
            (Some(new), Some(now), Some((text, before))) => before
                .extents
                .get(name)
                .copied()
                .flatten()
                .filter(|old| line_and_block(now, new) == line_and_block(text, *old))
                .map(|old| new.start as isize - old.start as isize),
            _ => None,
        };
        self.blocks.insert(name.to_string(), (extent, delta));
        (extent, delta)
    }
}

/// The owner block a path is in: `services.web` of `services.web.volumeOptions[0].awsEfs`; a
/// top-level key is its own (`environment`).
fn block_of(path: &str) -> &str {
    // Bytes, not a `[char]` pattern: this runs for every entry of every edit, and the char
    // pattern, decoding each character, was most of its 880 instructions (callgrind).
    let end = |from: usize| {
        path.as_bytes()[from..].iter().position(|&b| b == b'.' || b == b'[').map_or(path.len(), |n| from + n)
    };
    let first = end(0);
    match path.as_bytes().get(first) {
        Some(b'.') => &path[..end(first + 1)],
        _ => &path[..first],
    }
}

/// The text of `block`, from the start of its first line: its indentation too, to be safe (the
/// same text at another indentation reads the same as far as we know, but nothing is won by
/// assuming it).
fn line_and_block(text: &str, block: Span) -> Option<&str> {
    let line = text.get(..block.start)?.rfind('\n').map_or(0, |n| n + 1);
    text.get(line..block.end)
}

#[cfg(test)]
mod tests {
    use super::block_of;

    #[test]
    fn a_path_is_in_its_owners_block() {
        assert_eq!(block_of("services.web"), "services.web");
        assert_eq!(block_of("services.web.volumeOptions[0].awsEfs"), "services.web");
        assert_eq!(block_of("services.web[0]"), "services.web");
        assert_eq!(block_of("environment"), "environment");
        assert_eq!(block_of("environment[2]"), "environment");
    }
}
