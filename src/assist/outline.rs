//! A line-by-line reading of block-style YAML, for an editor: which keys a line holds and
//! which keys contain it. Completion runs while the text is half typed (`serv` under the last
//! service is not YAML yet), when [`crate::manifest`]'s parser has nothing to give; this
//! reading needs only indentation, so it works on any text. Flow collections (`{…}`, `[…]`)
//! are not looked into.

/// One line, as far as an editor's help needs it. Columns are byte offsets in the line.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// Byte offset of the line in the text.
    pub start: usize,
    /// The line without its line break.
    pub text: &'a str,
    /// The column of a list item's dash, when the line starts one.
    pub dash: Option<usize>,
    /// Where the content starts: after the indentation and any dash.
    pub col: usize,
    /// The key, when the content is `key:` (columns of its text, quotes excluded).
    pub key: Option<(usize, usize)>,
    /// Where a key's value starts on this line (after `: `), when a key has one here.
    pub value: Option<usize>,
    /// Blank, or a comment only.
    pub blank: bool,
}

impl<'a> Line<'a> {
    pub fn key_text(&self) -> Option<&'a str> {
        self.key.map(|(a, b)| &self.text[a..b])
    }

    /// The value written after the key on this line (comment and spaces trimmed).
    pub fn value_text(&self) -> Option<&'a str> {
        let v = &self.text[self.value?..];
        let v = v.split(" #").next().unwrap_or(v).trim();
        (!v.is_empty()).then_some(v)
    }

    /// A key whose value is on the lines below (nothing, or a block scalar indicator, after it).
    fn opens_block(&self) -> bool {
        self.key.is_some() && self.value_text().is_none_or(|v| v.starts_with(['|', '>', '&']))
    }
}

/// The lines of `text`.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        out.push(parse(start, line));
        start += raw.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push(parse(text.len(), ""));
    }
    out
}

fn parse(start: usize, text: &str) -> Line<'_> {
    let bytes = text.as_bytes();
    let mut col = bytes.iter().take_while(|b| **b == b' ').count();
    let mut dash = None;
    while bytes.get(col) == Some(&b'-') && matches!(bytes.get(col + 1), None | Some(b' ')) {
        dash.get_or_insert(col);
        col += 1;
        col += bytes[col..].iter().take_while(|b| **b == b' ').count();
    }
    let rest = &text[col..];
    let blank = rest.is_empty() && dash.is_none() || rest.starts_with('#');
    let (key, value) = if blank { (None, None) } else { key_of(rest, col) };
    Line { start, text, dash, col, key, value, blank }
}

/// The key of content `rest` (starting at column `col`) and where its value starts.
fn key_of(rest: &str, col: usize) -> (Option<(usize, usize)>, Option<usize>) {
    let (key, after) = match rest.as_bytes().first() {
        Some(b'{' | b'[' | b'|' | b'>' | b'#') | None => return (None, None),
        Some(q @ (b'"' | b'\'')) => match rest[1..].find(*q as char) {
            Some(end) => ((col + 1, col + 1 + end), col + end + 2),
            None => return (None, None),
        },
        _ => {
            let colon = rest
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| matches!(rest.as_bytes().get(i + 1), None | Some(b' ' | b'\t')));
            match colon {
                Some(i) => {
                    let key = rest[..i].trim_end();
                    ((col, col + key.len()), col + i)
                }
                None => return (None, None),
            }
        }
    };
    let text_after = &rest[after - col..];
    if !text_after.starts_with(':') {
        return (None, None);
    }
    let skip = 1 + text_after[1..].len() - text_after[1..].trim_start().len();
    (Some(key), Some(after + skip))
}

/// One step of a path: a key, or the items of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Item,
}

/// The keys (and list items) that contain the node written on line `i`: the list for a line
/// starting a list item, else the map its key belongs to. Outermost first.
pub(crate) fn container<'a>(lines: &[Line<'a>], i: usize) -> Vec<Seg<'a>> {
    let mut segs = Vec::new();
    let line = &lines[i];
    // (column, is a list item): the node whose parent is looked for.
    let (mut col, mut item) = match line.dash {
        Some(d) => (d, true),
        None => (line.col, false),
    };
    let mut j = i;
    'up: while col > 0 || item {
        while j > 0 {
            j -= 1;
            let l = &lines[j];
            if l.blank {
                continue;
            }
            if item {
                if l.dash == Some(col) {
                    continue; // an earlier item of the same list
                }
                // `key:` above the list, less indented (or as indented: a compact list)
                if l.opens_block() && (l.col < col || (l.col == col && l.dash.is_none())) {
                    (col, item) = parent(l, &mut segs);
                    continue 'up;
                }
                if l.col > col || l.dash.is_some_and(|d| d > col) {
                    continue; // inside an earlier item
                }
                break 'up;
            }
            if l.col == col {
                if let Some(d) = l.dash {
                    // the first key of the list item this key belongs to
                    segs.push(Seg::Item);
                    (col, item) = (d, true);
                    continue 'up;
                }
                continue; // a sibling key
            }
            if l.col > col {
                continue; // inside a sibling
            }
            if l.opens_block() {
                (col, item) = parent(l, &mut segs);
                continue 'up;
            }
            break 'up;
        }
        break;
    }
    segs.reverse();
    segs
}

/// Records the parent key on line `l` (and the list item it is the first key of), and says
/// where to look next: that item's list, or the map the key belongs to.
fn parent<'a>(l: &Line<'a>, segs: &mut Vec<Seg<'a>>) -> (usize, bool) {
    segs.push(Seg::Key(l.key_text().unwrap_or_default()));
    match l.dash {
        Some(d) => {
            segs.push(Seg::Item);
            (d, true)
        }
        None => (l.col, false),
    }
}

/// Wraps [`container`]: a `Seg::Item` for a list item's key is added when line `i` is
/// `- key: …` (the key is in the item's map).
pub(crate) fn path_of_key<'a>(lines: &[Line<'a>], i: usize) -> Vec<Seg<'a>> {
    let mut segs = container(lines, i);
    if lines[i].dash.is_some() {
        segs.push(Seg::Item);
    }
    segs
}

/// The keys of the map that line `i`'s key belongs to, other than line `i`'s own.
pub(crate) fn siblings<'a>(lines: &[Line<'a>], i: usize) -> Vec<&'a str> {
    let col = lines[i].col;
    let mut out = Vec::new();
    if lines[i].dash.is_none() {
        for l in lines[..i].iter().rev().filter(|l| !l.blank && l.col <= col) {
            if l.col < col {
                break;
            }
            out.extend(l.key_text());
            if l.dash.is_some() {
                break; // the first key of the list item
            }
        }
    }
    for l in lines[i + 1..].iter().filter(|l| !l.blank && l.col <= col) {
        if l.col < col || l.dash.is_some() {
            break;
        }
        out.extend(l.key_text());
    }
    out
}

/// The keys of the block under top-level key `top` (`services` → the service names).
pub(crate) fn top_level_keys<'a>(lines: &[Line<'a>], top: &str) -> Vec<&'a str> {
    let Some(at) = lines.iter().position(|l| l.col == 0 && l.dash.is_none() && l.key_text() == Some(top))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut child = None;
    for l in &lines[at + 1..] {
        if l.blank {
            continue;
        }
        if l.col == 0 && l.dash.is_none() {
            break;
        }
        let col = *child.get_or_insert(l.col);
        if l.col == col && l.dash.is_none() {
            out.extend(l.key_text());
        }
    }
    out
}

/// The values of key `key` anywhere in the block under top-level key `top` (the `id`s of
/// `configs`).
pub(crate) fn values_under<'a>(lines: &[Line<'a>], top: &str, key: &str) -> Vec<&'a str> {
    let Some(at) = lines.iter().position(|l| l.col == 0 && l.dash.is_none() && l.key_text() == Some(top))
    else {
        return Vec::new();
    };
    lines[at + 1..]
        .iter()
        .filter(|l| !l.blank)
        .take_while(|l| l.col > 0 || l.dash.is_some())
        .filter(|l| l.key_text() == Some(key))
        .filter_map(|l| l.value_text().map(|v| v.trim_matches(['"', '\''])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str, line: usize) -> Vec<String> {
        let lines = lines(text);
        container(&lines, line)
            .iter()
            .map(|s| match s {
                Seg::Key(k) => k.to_string(),
                Seg::Item => "[]".into(),
            })
            .collect()
    }

    #[test]
    fn lines_split_dash_key_and_value() {
        let l = parse(0, "  - name: web # the app");
        assert_eq!((l.dash, l.col, l.key_text(), l.value_text()), (Some(2), 4, Some("name"), Some("web")));
        let l = parse(0, "    \"port\": 3000");
        assert_eq!((l.key_text(), l.value_text()), (Some("port"), Some("3000")));
        let l = parse(0, "  url: http://x:80");
        assert_eq!((l.key_text(), l.value_text()), (Some("url"), Some("http://x:80")));
        assert!(parse(0, "   # comment").blank && parse(0, "").blank);
        assert_eq!(parse(0, "  serv").key, None);
    }

    #[test]
    fn containers_follow_indentation_lists_and_compact_lists() {
        let text = "services:\n  web:\n    scale:\n      count: 1\n    volumeOptions:\n      - emptyDir:\n          id: x\n        \n    resources:\n    - db\n";
        assert_eq!(path(text, 3), ["services", "web", "scale"]);
        assert_eq!(path(text, 5), ["services", "web", "volumeOptions"]);
        assert_eq!(path(text, 6), ["services", "web", "volumeOptions", "[]", "emptyDir"]);
        assert_eq!(path(text, 9), ["services", "web", "resources"]);
        assert_eq!(path(text, 0), Vec::<String>::new());
        let text = "configs:\n  - id: a\n    value: x\n";
        assert_eq!(path(text, 2), ["configs", "[]"]);
    }

    #[test]
    fn names_and_ids_come_from_their_blocks() {
        let text = "services:\n  web:\n    port: 1\n  worker: {}\nconfigs:\n  - id: app\n    value: x\n  - id: \"other\"\n";
        let lines = lines(text);
        assert_eq!(top_level_keys(&lines, "services"), ["web", "worker"]);
        assert_eq!(values_under(&lines, "configs", "id"), ["app", "other"]);
        assert_eq!(siblings(&lines, 2), Vec::<&str>::new());
        assert_eq!(siblings(&lines, 1), ["worker"]);
    }
}
