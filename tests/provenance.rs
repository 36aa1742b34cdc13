//! Key-level provenance checked against the mapping itself: remove a key that the table says
//! shaped an object, map again, and every field that changes in that owner's objects must be
//! one the table names for that key and kind.

use std::collections::BTreeSet;

use convox_k8s::catalog::provenance::ROWS;

use convox_k8s::output::diff::{diff, ChangeKind};
use convox_k8s::output::{self, Secrets};
use convox_k8s::{analyze, Analysis, Options};

/// `text` without the lines of `[start, end)` (a key and its whole value).
fn without(text: &str, start: usize, end: usize) -> String {
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    format!("{}{}", &text[..from], &text[to..])
}

/// `spec.ports[main].port` → `spec.ports[].port`.
fn general(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("[]");
                }
            }
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each fixture's name, convox.yml and options; and the complete example with its host set.
fn cases() -> Vec<(String, String, Options)> {
    let mut out = Vec::new();
    for f in convox_k8s::testing::fixtures() {
        out.push((f.name, f.source, f.options));
    }
    let complete = include_str!("../www/examples/complete.convox.yml").to_string();
    for router in ["nginx", "contour"] {
        let mut options = Options::default();
        options.env.insert("WEB_HOST".into(), "www.example.com".into());
        options.profile.set("efs_csi_driver_enable", "true").unwrap();
        options.profile.set("router_type", router).unwrap();
        out.push((format!("complete ({router})"), complete.clone(), options));
    }
    out
}

/// Whether `[start, end)` has its lines to itself: a key inside a flow mapping
/// (`scale: {cpu: 250, gpu: 1}`) cannot be removed line by line.
fn own_lines(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    text[from..start].trim().is_empty() && text[end..to].trim().is_empty()
}

/// Whether removing `[start, end)` leaves its parent key with nothing under it (`scale:` with
/// only `gpu` written becomes `scale:`, which is another setting: no scale at all).
fn empties_parent(text: &str, start: usize, end: usize) -> bool {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mine = indent(&text[from..]);
    let before: Vec<&str> = text[..from].lines().filter(|l| !l.trim().is_empty()).collect();
    let Some(parent) = before.last() else { return false };
    let after = without(text, start, end);
    let rest = after[from..].lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    // The parent is the line just above, less indented, and no sibling follows the removal.
    indent(parent) < mine && rest.is_none_or(|l| indent(l) <= indent(parent))
}

fn errors(a: &Analysis) -> usize {
    a.diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Whether `pattern` (`spec.rules[].host`) names `path` or a field above or below it.
fn covers(pattern: &str, path: &str) -> bool {
    let under = |long: &str, short: &str| {
        long.strip_prefix(short).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    under(path, pattern) || under(pattern, path)
}

/// Remove each key the table says shaped an object, from every fixture: every object of that
/// owner that changes or goes away is of a kind the key's row names, and each changed field
/// is one the row names for that kind. Removals that make the manifest invalid, or leave the
/// parent key empty, say nothing about the key and are skipped.
#[test]
fn removing_a_key_changes_only_the_fields_its_row_names() {
    let mut problems = BTreeSet::new();
    let mut removals = 0;
    for (name, source, options) in cases() {
        let before = analyze(&source, &options);
        let mut done = BTreeSet::new();
        for e in &before.entries {
            let (Some(owner), Some(s)) = (&e.owner, &e.source) else { continue };
            for k in &s.keys {
                if !done.insert((owner.clone(), k.key, k.span.start))
                    || !own_lines(&source, k.span.start, k.span.end)
                    || empties_parent(&source, k.span.start, k.span.end)
                {
                    continue;
                }
                let after = analyze(&without(&source, k.span.start, k.span.end), &options);
                if errors(&after) > errors(&before) {
                    continue;
                }
                removals += 1;
                let row = ROWS.iter().find(|r| r.concept == e.concept && r.key == k.key).expect("a row");
                for c in diff(&before, &after).changes.iter().filter(|c| c.owner.as_ref() == Some(owner)) {
                    if c.change == ChangeKind::Added {
                        continue; // an object only the key's absence brings
                    }
                    let Some(shape) = row.shapes.iter().find(|s| s.kind == c.kind) else {
                        problems.insert(format!(
                            "{name}: {owner}.{} {:?} {} not in its row",
                            k.key, c.change, c.kind
                        ));
                        continue;
                    };
                    for f in c.fields.iter().map(|f| general(&f.path)) {
                        if !shape.fields.iter().any(|p| covers(p, &f)) {
                            problems.insert(format!("{name}: {owner}.{} changes {} {f}", k.key, c.kind));
                        }
                    }
                }
            }
        }
    }
    assert!(removals > 200, "only {removals} removals");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn removal_helpers() {
    let text = "services:\n  web:\n    scale:\n      gpu: 1\n    port: 3000\n";
    let gpu = text.find("gpu").unwrap();
    assert_eq!(without(text, gpu, gpu + 6), "services:\n  web:\n    scale:\n    port: 3000\n");
    assert!(empties_parent(text, gpu, gpu + 6));
    let port = text.find("port").unwrap();
    assert!(!empties_parent(text, port, port + 10));
    assert!(own_lines(text, port, port + 10) && !own_lines("scale: {cpu: 1, gpu: 2}", 8, 14));
    let sibling = text.replace("gpu: 1\n", "gpu: 1\n      count: 2\n");
    assert!(!empties_parent(&sibling, gpu, gpu + 6));
    assert!(covers("spec.rules[].host", "spec.rules[]") && covers("spec.ports", "spec.ports[].port"));
    assert!(!covers("spec.ports", "spec.portsX") && !covers("data.PORT", "data.APP"));
    assert_eq!(general("spec.rules[a.b[0]].http.paths[0].backend"), "spec.rules[].http.paths[].backend");
}

/// Every field a row names is found, in some fixture, in the YAML of an object whose owner
/// wrote the key: no pattern is a typo or a field the mapping never writes. And each mark's
/// lines hold the field's own key.
#[test]
fn every_field_a_row_names_is_marked_in_some_objects_yaml() {
    let mut marked = BTreeSet::new();
    for (name, source, options) in cases() {
        let a = analyze(&source, &options);
        for e in &a.entries {
            let Some(y) = output::entry_yaml(e, Secrets::Masked) else { continue };
            let lines: Vec<&str> = y.text.lines().collect();
            for m in &y.fields {
                let first = lines[m.line - 1].trim_start();
                assert!(
                    m.line <= m.end_line && m.end_line <= lines.len(),
                    "{name}: {} {} at {}–{}",
                    e.key,
                    m.path,
                    m.line,
                    m.end_line
                );
                // The mark starts at the field's key (a list item at its `- `).
                let at_key = if m.path.ends_with(']') {
                    first.starts_with('-')
                } else {
                    let key = first.trim_start_matches("- ").split(": ").next().unwrap_or_default();
                    m.path.ends_with(key.trim_end_matches(':'))
                };
                assert!(at_key, "{name}: {} {}: {first:?}", e.key, m.path);
                marked.insert((e.concept, m.key, e.kind.clone(), general(&m.path)));
            }
        }
    }
    let mut missing = Vec::new();
    for row in ROWS {
        for shape in row.shapes {
            for field in shape.fields {
                if !marked.iter().any(|(c, k, kind, p)| {
                    *c == row.concept && *k == row.key && kind == shape.kind && p == field
                }) {
                    missing.push(format!("{:?} {} → {} {field}", row.concept, row.key, shape.kind));
                }
            }
        }
    }
    assert!(missing.is_empty(), "never marked: {missing:#?}");
}

/// A decoded Secret shows its values under `stringData`: the marks follow them there.
#[test]
fn a_decoded_secrets_marks_follow_its_values() {
    let a = analyze("services:\n  web:\n    port: 3000\n", &Options::default());
    let secret = a.entries.iter().find(|e| e.kind == "Secret" && e.name == "env-web").unwrap();
    let paths = |mode| {
        output::entry_yaml(secret, mode)
            .unwrap()
            .fields
            .into_iter()
            .map(|f| (f.key, f.path))
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(Secrets::Masked), [("port", "data.PORT".to_string())]);
    assert_eq!(paths(Secrets::Decoded), [("port", "stringData.PORT".to_string())]);
}
