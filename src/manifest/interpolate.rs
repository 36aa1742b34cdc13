//! `${VAR}` interpolation on the raw text (`pkg/manifest/helpers.go`), with an offset map back to
//! the text the user wrote.
//!
//! The rack runs the regex `\$\{([^}]*?)\}` over the raw bytes. That pattern is just "`${`,
//! then the shortest run of non-`}` characters, then `}`", so a hand-written scan matches it
//! exactly and spares the crate a regex engine (and its wasm size).

use super::model::Env;

/// The interpolated text and how to map its byte offsets back to the original.
#[derive(Debug, Clone)]
pub(crate) struct Interpolated {
    pub text: String,
    /// Sorted by `out`: each segment starts at `out` in `text` and at `orig` in the source.
    segments: Vec<Segment>,
    /// Every `${NAME}` the release env does not set, in text order.
    unset: Vec<Reference>,
}

/// One `${NAME}` in the source: where it is in both texts.
#[derive(Debug, Clone)]
struct Reference {
    name: String,
    /// Byte range of `${NAME}` in the source.
    start: usize,
    end: usize,
    /// Where its (empty) replacement sits in the interpolated text.
    out: usize,
}

/// An unset `${NAME}` with what its line became, for messages that name the real cause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unset {
    pub name: String,
    /// Byte range of `${NAME}` in the source.
    pub start: usize,
    pub end: usize,
    /// Byte range of the source line it is on (without the newline).
    pub line: (usize, usize),
    /// 1-based number of that line.
    pub line_number: usize,
    /// That line after interpolation, trimmed (and without a list item's `- `).
    pub reads: String,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    out: usize,
    orig: usize,
    /// A `${…}` replacement: every offset inside maps to the `${` that produced it.
    replaced: bool,
}

impl Interpolated {
    /// Maps a byte offset in the interpolated text to one in the original text.
    pub fn original(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.out <= offset);
        if i == 0 {
            return offset;
        }
        let s = self.segments[i - 1];
        if s.replaced {
            // The end of a replacement maps to the end of the `${…}` when it is exact.
            s.orig
        } else {
            s.orig + (offset - s.out)
        }
    }
}

/// Replaces every `${NAME}` in `source` with `env[NAME]` (unknown names become "").
pub(crate) fn interpolate(source: &str, env: &Env) -> Interpolated {
    let mut text = String::with_capacity(source.len());
    let mut segments = vec![Segment { out: 0, orig: 0, replaced: false }];
    let mut unset = Vec::new();
    let mut rest = 0;
    while let Some(found) = source[rest..].find("${") {
        let start = rest + found;
        let Some(close) = source[start + 2..].find('}') else { break };
        let end = start + 2 + close + 1;
        let name = &source[start + 2..end - 1];
        text.push_str(&source[rest..start]);
        segments.push(Segment { out: text.len(), orig: start, replaced: true });
        match env.get(name) {
            Some(value) => text.push_str(value),
            None => unset.push(Reference { name: name.to_string(), start, end, out: text.len() }),
        }
        segments.push(Segment { out: text.len(), orig: end, replaced: false });
        rest = end;
    }
    text.push_str(&source[rest..]);
    // Empty replacements leave two segments at one `out`; keep the later (literal) one so
    // an offset right after an empty `${X}` maps past it.
    segments.dedup_by(|later, earlier| {
        if later.out == earlier.out {
            *earlier = *later;
            true
        } else {
            false
        }
    });
    Interpolated { text, segments, unset }
}

/// Every name `source` interpolates (`${NAME}`), each once, in text order: the variables whose
/// values shape the manifest's text (the others only reach the env Secret).
pub fn references(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = 0;
    while let Some(found) = source[rest..].find("${") {
        let start = rest + found;
        let Some(close) = source[start + 2..].find('}') else { break };
        let name = &source[start + 2..start + 2 + close];
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = start + 2 + close + 1;
    }
    names
}

impl Interpolated {
    /// The unset `${NAME}`s of `source` (the text this was made from), each with its line.
    pub fn unset(&self, source: &str) -> Vec<Unset> {
        let line_of = |text: &str, at: usize| {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            (start, end)
        };
        self.unset
            .iter()
            .map(|r| {
                let line = line_of(source, r.start);
                let (from, to) = line_of(&self.text, r.out);
                let reads = self.text[from..to].trim();
                let reads = reads.strip_prefix("- ").unwrap_or(reads).trim();
                Unset {
                    name: r.name.clone(),
                    start: r.start,
                    end: r.end,
                    line,
                    line_number: source[..line.0].matches('\n').count() + 1,
                    reads: reads.to_string(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn replaces_known_and_blanks_unknown() {
        let i = interpolate("a ${X} b ${Y} c $Z ${A:-b}", &env(&[("X", "xx"), ("A:-b", "q")]));
        assert_eq!(i.text, "a xx b  c $Z q");
    }

    #[test]
    fn unterminated_reference_is_left_alone() {
        assert_eq!(interpolate("a ${X", &env(&[("X", "1")])).text, "a ${X");
    }

    #[test]
    fn offsets_after_a_replacement_map_to_the_original_column() {
        let src = "k: ${LONG_VALUE} tail";
        let i = interpolate(src, &env(&[("LONG_VALUE", "0123456789012345678901234")]));
        let tail = i.text.find("tail").unwrap();
        assert_eq!(i.original(tail), src.find("tail").unwrap());
        // inside the replacement → the `${`
        assert_eq!(i.original(5), 3);
    }

    #[test]
    fn unset_references_know_their_line_and_what_it_became() {
        let src = "environment:\n  - clevy:${STAGE}\n  - A=${SET}\n";
        let i = interpolate(src, &env(&[("SET", "1")]));
        let unset = i.unset(src);
        assert_eq!(unset.len(), 1);
        let u = &unset[0];
        assert_eq!((u.name.as_str(), u.reads.as_str(), u.line_number), ("STAGE", "clevy:", 2));
        assert_eq!(&src[u.start..u.end], "${STAGE}");
        assert_eq!(&src[u.line.0..u.line.1], "  - clevy:${STAGE}");
    }

    #[test]
    fn offsets_after_an_empty_replacement_map_past_it() {
        let src = "a${X}b";
        let i = interpolate(src, &Env::new());
        assert_eq!(i.text, "ab");
        assert_eq!(i.original(1), 5);
        assert_eq!(i.original(0), 0);
    }
}
