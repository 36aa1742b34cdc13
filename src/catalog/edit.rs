//! The text edits of a why-not fix: each convox.yml [`Action`] becomes a replacement of a byte
//! range of the user's text, placed by the source map and fitted to the block style around it
//! (the indentation of the siblings, comments kept). Where the text is not in a form an edit
//! can safely change — flow collections, anchors and aliases, multi-line scalars, a key that
//! is not where its path says — there is no edit, and the fix stays words.

use crate::diagnostic::Span;
use crate::manifest::SourceMap;
use crate::mapping::absent::Action;

/// Replace `span` of the user's text with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub insert: String,
}

/// The text edits of every convox.yml action of a fix, in text order: `None` when any of
/// them has no safe edit, or two would overlap (a fix is applied whole or not at all). Keys
/// that several writes make under the same parent are made once. Rack parameters are not
/// text and are skipped.
pub fn edits(text: &str, map: &SourceMap, actions: &[Action]) -> Option<Vec<Edit>> {
    let mut out = Vec::new();
    // New keys by insertion point: (where, indentation) → the tree of keys to make there.
    let mut trees: Vec<((usize, usize), Tree)> = Vec::new();
    for action in actions {
        let edit = match action {
            Action::Write { path, value, shorthand } => match write(text, map, path, value, *shorthand)? {
                Planned::Edit(e) => e,
                Planned::Insert { at, indent, keys, value } => {
                    let i = match trees.iter().position(|(k, _)| *k == (at, indent)) {
                        Some(i) => i,
                        None => {
                            trees.push(((at, indent), Tree::default()));
                            trees.len() - 1
                        }
                    };
                    trees[i].1.add(&keys, value);
                    continue;
                }
            },
            Action::Remove { path } => remove(text, map, path)?,
            Action::RemoveItem { list, prefix } => remove_item(text, map, list, prefix)?,
            Action::RenameKey { path, to } => {
                Edit { span: key_at(text, map, path)?, insert: (*to).to_string() }
            }
            Action::Param { .. } => continue,
        };
        out.push(edit);
    }
    for ((at, indent), tree) in trees {
        let mut insert = String::new();
        tree.render(indent, &mut insert);
        out.push(Edit { span: Span::new(at, at), insert });
    }
    // A few edits: an insertion sort (a library sort would add its code to the wasm for this
    // one type).
    for i in 1..out.len() {
        let mut j = i;
        while j > 0 && (out[j - 1].span.start, out[j - 1].span.end) > (out[j].span.start, out[j].span.end) {
            out.swap(j - 1, j);
            j -= 1;
        }
    }
    let overlap = out.windows(2).any(|w| w[1].span.start < w[0].span.end);
    (!overlap).then_some(out)
}

/// Keys to make, in the order first asked for, each with a value or keys under it.
#[derive(Default)]
struct Tree(Vec<(String, Result<String, Tree>)>);

impl Tree {
    fn add(&mut self, keys: &[&str], value: &str) {
        let Some((first, rest)) = keys.split_first() else { return };
        let found = self.0.iter().position(|(k, _)| k == first);
        match (found, rest.is_empty()) {
            (Some(i), false) => {
                if let Err(sub) = &mut self.0[i].1 {
                    sub.add(rest, value);
                }
            }
            // The same key twice keeps the first value.
            (Some(_), true) => {}
            (None, true) => self.0.push((first.to_string(), Ok(value.to_string()))),
            (None, false) => {
                let mut sub = Tree::default();
                sub.add(rest, value);
                self.0.push((first.to_string(), Err(sub)));
            }
        }
    }

    /// `\n<indent>key: value` lines, two more columns per level.
    fn render(&self, indent: usize, out: &mut String) {
        for (key, node) in &self.0 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(key);
            out.push(':');
            match node {
                Ok(value) => {
                    out.push(' ');
                    out.push_str(value);
                }
                Err(sub) => sub.render(indent + 2, out),
            }
        }
    }
}

/// A write: an edit in place, or keys to make at a point.
enum Planned<'a> {
    Edit(Edit),
    Insert { at: usize, indent: usize, keys: Vec<&'a str>, value: &'a str },
}

/// The last key of `path` (`services.web.scale` → `scale`); `None` for a list item.
fn last_key(path: &str) -> Option<&str> {
    let key = path.rsplit('.').next()?;
    (!key.ends_with(']')).then_some(key)
}

/// The span of key `path`, when the text there is that key, plain or quoted, in block style
/// (only indentation and list dashes before it on its line). A key that sits before its
/// parent came through an alias or a `<<` merge: editing it would change every place the
/// anchor is used, so it has no span here.
fn key_at(text: &str, map: &SourceMap, path: &str) -> Option<Span> {
    let span = map.get(path)?;
    // A span outside the text (or not on character boundaries) is nothing to edit.
    let written = text.get(span.start..span.end)?;
    if !text[line_start(text, span.start)..span.start].chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    if let Some(parent) = path.rfind(['.', '[']).and_then(|cut| map.get(&path[..cut])) {
        if parent.start > span.start {
            return None;
        }
    }
    let key = last_key(path)?;
    let unquoted = written.trim_matches(|c| c == '"' || c == '\'');
    (unquoted == key).then_some(span)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The text of a line without its comment, trimmed (`#` starts a comment at the line start
/// or after a space).
fn content(line: &str) -> &str {
    let cut =
        line.match_indices('#').find(|(i, _)| *i == 0 || line[..*i].ends_with([' ', '\t'])).map(|(i, _)| i);
    line[..cut.unwrap_or(line.len())].trim()
}

/// Just past the `:` after the key at `key`, on the key's line.
fn after_colon(text: &str, key: Span) -> Option<usize> {
    let rest = &text[key.end..line_end(text, key.end)];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    rest[skipped..].starts_with(':').then_some(key.end + skipped + 1)
}

/// A key's value in the text: on the key's line (a scalar), or below it (a block or nothing).
enum Value {
    /// A one-line plain or quoted scalar at this span.
    Scalar(Span),
    /// Nothing after the `:` on the key's line.
    Block,
}

fn value_of(text: &str, map: &SourceMap, path: &str, key: Span) -> Option<Value> {
    let colon = after_colon(text, key)?;
    let end = line_end(text, colon);
    let rest = content(&text[colon..end]);
    if rest.is_empty() {
        return Some(Value::Block);
    }
    // Flow collections, anchors, aliases, tags and block scalars are left alone.
    if rest.starts_with(['{', '[', '&', '*', '!', '|', '>']) {
        return None;
    }
    let start = colon + (text[colon..].len() - text[colon..].trim_start_matches([' ', '\t']).len());
    let stop = map.extent(path)?.end;
    text.get(start..stop)?;
    (stop > start && stop <= end).then_some(Value::Scalar(Span::new(start, stop)))
}

/// The lines under the key at `key` that belong to its block value: the end of the last one
/// (`None` for no content), and the indentation of the first.
fn block(text: &str, key: Span) -> (Option<usize>, Option<usize>) {
    let column = key.start - line_start(text, key.start);
    let mut at = line_end(text, key.start);
    let (mut last, mut indent) = (None, None);
    while at < text.len() {
        let start = at + 1;
        let end = line_end(text, start);
        let line = &text[start..end];
        at = end;
        let body = content(line);
        if body.is_empty() {
            continue;
        }
        let depth = line.len() - line.trim_start_matches(' ').len();
        // Deeper lines, and an indentless sequence's items at the key's own column.
        let item = depth == column && (body == "-" || body.starts_with("- "));
        if depth <= column && !item {
            break;
        }
        indent.get_or_insert(depth);
        last = Some(end);
    }
    (last, indent)
}

fn write<'a>(
    text: &str,
    map: &SourceMap,
    path: &'a str,
    value: &'a str,
    shorthand: bool,
) -> Option<Planned<'a>> {
    let replace = |span: Span| Some(Planned::Edit(Edit { span, insert: value.to_string() }));
    if map.contains(path) {
        let key = key_at(text, map, path)?;
        return match value_of(text, map, path, key)? {
            Value::Scalar(span) => replace(span),
            // A key without a value gets one; a key with a block value is not a scalar's place.
            Value::Block => match block(text, key) {
                (None, _) => {
                    let colon = after_colon(text, key)?;
                    Some(Planned::Edit(Edit { span: Span::new(colon, colon), insert: [" ", value].concat() }))
                }
                _ => None,
            },
        };
    }
    // The nearest written ancestor, and the keys to make under it.
    let mut parent = path;
    let mut keys = Vec::new();
    while !map.contains(parent) {
        let (up, key) = parent.rsplit_once('.')?;
        if key.ends_with(']') {
            return None;
        }
        keys.push(key);
        parent = up;
    }
    keys.reverse();
    let key = key_at(text, map, parent)?;
    match value_of(text, map, parent, key)? {
        Value::Scalar(span) if shorthand && keys.len() == 1 => replace(span),
        Value::Scalar(_) => None,
        Value::Block => {
            let (last, indent) = block(text, key);
            let column = key.start - line_start(text, key.start);
            Some(Planned::Insert {
                at: last.unwrap_or_else(|| line_end(text, key.start)),
                indent: indent.unwrap_or(column + 2),
                keys,
                value,
            })
        }
    }
}

/// The whole lines from `start`'s line to the line ending at `end`, newline included.
fn lines(text: &str, start: usize, end: usize) -> Span {
    let from = line_start(text, start);
    let to = if end < text.len() { end + 1 } else { end };
    Span::new(from, to)
}

fn remove(text: &str, map: &SourceMap, path: &str) -> Option<Edit> {
    let key = key_at(text, map, path)?;
    // Only a key that starts its line: `- key:` would take the list item's other keys along.
    if !text[line_start(text, key.start)..key.start].trim().is_empty() {
        return None;
    }
    let end = match value_of(text, map, path, key)? {
        Value::Scalar(span) => line_end(text, span.end),
        Value::Block => block(text, key).0.unwrap_or_else(|| line_end(text, key.start)),
    };
    Some(Edit { span: lines(text, key.start, end), insert: String::new() })
}

fn remove_item(text: &str, map: &SourceMap, list: &str, prefix: &str) -> Option<Edit> {
    for i in 0.. {
        let span = map.get(&format!("{list}[{i}]"))?;
        let written = text.get(span.start..span.end)?;
        if !written.trim_matches(|c| c == '"' || c == '\'').starts_with(prefix) {
            continue;
        }
        let before = text[line_start(text, span.start)..span.start].trim();
        let end = line_end(text, span.end);
        if before != "-" || !content(&text[span.end..end]).is_empty() {
            return None;
        }
        return Some(Edit { span: lines(text, span.start, end), insert: String::new() });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies the edit of `action` to `source`, `None` when there is none.
    fn apply(source: &str, action: Action) -> Option<String> {
        apply_all(source, &[action])
    }

    fn apply_all(source: &str, actions: &[Action]) -> Option<String> {
        let loaded = crate::manifest::load(source, &Default::default());
        let mut text = source.to_string();
        for e in edits(source, &loaded.source_map, actions)?.iter().rev() {
            text.replace_range(e.span.start..e.span.end, &e.insert);
        }
        Some(text)
    }

    fn write(path: &str, value: &str, shorthand: bool) -> Action {
        Action::Write { path: path.into(), value: value.into(), shorthand }
    }

    #[test]
    fn a_written_scalar_is_replaced_in_place_keeping_its_comment() {
        let src = "services:\n  web:\n    scale:\n      count: 2 # fixed\n";
        assert_eq!(
            apply(src, write("services.web.scale.count", "2-10", true)).unwrap(),
            "services:\n  web:\n    scale:\n      count: 2-10 # fixed\n"
        );
    }

    #[test]
    fn missing_keys_are_made_at_the_siblings_indentation_after_the_last_of_them() {
        let src = "services:\n   web:\n      port: 3000\n      # note\n      scale:\n         cpu: 250\ntimers: {}\n";
        assert_eq!(
            apply(src, write("services.web.scale.vpa.updateMode", "\"Off\"", false)).unwrap(),
            "services:\n   web:\n      port: 3000\n      # note\n      scale:\n         cpu: 250\n         vpa:\n           updateMode: \"Off\"\ntimers: {}\n"
        );
    }

    #[test]
    fn an_empty_block_gets_its_first_key_two_columns_in() {
        let src = "services:\n  web:\n";
        assert_eq!(
            apply(src, write("services.web.port", "3000", false)).unwrap(),
            "services:\n  web:\n    port: 3000\n"
        );
    }

    #[test]
    fn a_shorthand_parent_is_replaced_only_when_allowed() {
        let src = "services:\n  web:\n    scale: 2\n";
        assert_eq!(
            apply(src, write("services.web.scale.count", "2-10", true)).unwrap(),
            "services:\n  web:\n    scale: 2-10\n"
        );
        assert_eq!(apply(src, write("services.web.scale.vpa.updateMode", "Initial", false)), None);
    }

    #[test]
    fn flow_collections_and_aliases_get_no_edit() {
        let flow = "services:\n  web: {port: 3000}\n";
        assert_eq!(apply(flow, write("services.web.scale.count", "2-10", true)), None);
        let alias = "x: &s\n  count: 2\nservices:\n  web:\n    scale: *s\n";
        assert_eq!(apply(alias, write("services.web.scale.count", "2-10", true)), None);
    }

    #[test]
    fn a_key_is_removed_with_its_block_and_an_item_with_its_line() {
        let src = "services:\n  web:\n    scale:\n      keda:\n        triggers:\n        - type: cpu\n      count: 1-3\n    annotations:\n      - a=b\n      - convox.com/pdb-disabled=true\n";
        assert_eq!(
            apply(src, Action::Remove { path: "services.web.scale.keda".into() }).unwrap(),
            "services:\n  web:\n    scale:\n      count: 1-3\n    annotations:\n      - a=b\n      - convox.com/pdb-disabled=true\n"
        );
        assert_eq!(
            apply(
                src,
                Action::RemoveItem { list: "services.web.annotations".into(), prefix: "convox.com/pdb-disabled=".into() }
            )
            .unwrap(),
            "services:\n  web:\n    scale:\n      keda:\n        triggers:\n        - type: cpu\n      count: 1-3\n    annotations:\n      - a=b\n"
        );
    }

    #[test]
    fn writes_under_one_new_parent_make_it_once() {
        let src = "services:\n  web:\n    port: 3000\n";
        let actions = [
            write("services.web.scale.autoscale.cpu.threshold", "70", false),
            write("services.web.scale.count", "1-10", true),
            Action::Param { name: "keda_enable", value: "true" },
        ];
        assert_eq!(
            apply_all(src, &actions).unwrap(),
            "services:\n  web:\n    port: 3000\n    scale:\n      autoscale:\n        cpu:\n          threshold: 70\n      count: 1-10\n"
        );
    }

    #[test]
    fn overlapping_edits_make_no_edit() {
        let src = "services:\n  web:\n    scale:\n      keda:\n        triggers: []\n";
        let actions = [
            Action::Remove { path: "services.web.scale.keda".into() },
            Action::Remove { path: "services.web.scale.keda".into() },
        ];
        assert_eq!(apply_all(src, &actions), None);
    }

    #[test]
    fn a_key_inside_a_list_item_line_is_not_removed() {
        let src = "services:\n  web:\n    volumeOptions:\n      - emptyDir:\n          id: x\n          mountPath: /x\n";
        assert_eq!(
            apply(src, Action::Remove { path: "services.web.volumeOptions[0].emptyDir".into() }),
            None
        );
        assert_eq!(
            apply(src, Action::RenameKey { path: "services.web.volumeOptions[0].emptyDir".into(), to: "awsEfs" }).unwrap(),
            "services:\n  web:\n    volumeOptions:\n      - awsEfs:\n          id: x\n          mountPath: /x\n"
        );
    }
}
