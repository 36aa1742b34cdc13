//! The architecture, checked: every `crate::`/`super::` path in `src/` (in `use` lines and in
//! code) is an edge between two files, and
//! - no edge runs back up the pipeline (`manifest` → `mapping` → `catalog` → the crate root's
//!   `analyze` → `output`/`assist`/`share` → `session` → the CLI and the wasm), and
//! - no files import each other in a ring (a cycle), except through a module's own `mod.rs`,
//!   which holds what its children share and calls them.
//!
//! Test code (`#[cfg(test)]` modules) is left out: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, upstream first: a file may import its own layer and the ones before it.
const LAYERS: &[&[&str]] = &[
    &["diagnostic", "hashed", "rack_version", "sorted"],
    &["profile"],
    &["manifest"],
    &["env"],
    &["mapping"],
    &["catalog"],
    &["lib"],
    &["output", "assist", "upgrade", "share"],
    &["session"],
    &["testing"],
    &["wasm", "main"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file's module path: `src/mapping/service/mod.rs` → `mapping::service`; `src/lib.rs` → ``.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// The top-level module a file belongs to, as [`LAYERS`] names it.
fn top(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
    first
}

fn layer(top: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&top)).unwrap_or_else(|| panic!("{top} is in no layer of LAYERS"))
}

/// The code of `text` without comments, string contents and `#[cfg(test)]` items.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_test = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        // Strings may hold `crate::` in messages: drop their contents.
        let mut cleaned = String::new();
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
                cleaned.push('"');
            } else if !in_str {
                cleaned.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        let line = cleaned.split("//").next().unwrap_or("").to_string();
        if pending_test && skip_depth.is_none() {
            if line.trim_end().ends_with(';') && !line.contains('{') {
                // `#[cfg(test)] mod tests;` or a test-only `use`.
                pending_test = false;
                continue;
            }
            if line.contains('{') {
                skip_depth = Some(depth);
                pending_test = false;
            }
        }
        let opens = line.matches('{').count();
        let closes = line.matches('}').count();
        let skipping = skip_depth.is_some();
        depth = depth + opens - closes.min(depth + opens);
        if skipping {
            if skip_depth.is_some_and(|d| depth <= d) {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Every path the code names from `crate::` or `super::`, braces of `use` lines expanded, as
/// absolute module paths (segments after `crate`).
fn paths(file: &Path, code: &str) -> Vec<Vec<String>> {
    let here = module_of(file);
    // `super` of a file module is its parent; of a mod.rs, the parent of its directory.
    let mut out = Vec::new();
    let expand = |prefix: &str, body: &str, out: &mut Vec<String>| {
        fn go(prefix: &str, body: &str, out: &mut Vec<String>) {
            let mut depth = 0;
            let mut start = 0;
            let bytes: Vec<char> = body.chars().collect();
            let mut items = Vec::new();
            for (i, c) in bytes.iter().enumerate() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(bytes[start..i].iter().collect::<String>());
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(bytes[start..].iter().collect::<String>());
            for item in items {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                match item.find('{') {
                    Some(open) => {
                        let inner = &item[open + 1..item.rfind('}').unwrap_or(item.len())];
                        go(&format!("{prefix}{}", &item[..open]), inner, out);
                    }
                    None => out.push(format!("{prefix}{}", item.split(" as ").next().unwrap().trim())),
                }
            }
        }
        go(prefix, body, out);
    };
    let mut raw = Vec::new();
    // `use` statements (possibly over several lines).
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            rest = after;
            continue;
        }
        let end = after.find(';').unwrap_or(after.len());
        let stmt: String = after[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        if stmt.starts_with("crate::") || stmt.starts_with("super::") || stmt.starts_with("self::") {
            match stmt.find('{') {
                Some(open) => {
                    let inner = &stmt[open + 1..stmt.rfind('}').unwrap_or(stmt.len())];
                    expand(&stmt[..open], inner, &mut raw);
                }
                None => raw.push(stmt.split(" as ").next().unwrap().to_string()),
            }
        }
        rest = &after[end.min(after.len())..];
    }
    // Paths in code: `crate::a::b`, `super::a::b`.
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            let prev = code[..at].chars().last();
            from = at + start.len();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let tail: String =
                code[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            raw.push(tail.trim_end_matches(':').to_string());
        }
    }
    for p in raw {
        let mut segs: Vec<String> =
            p.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let mut base: Vec<String> = match segs.first().map(String::as_str) {
            Some("crate") => {
                segs.remove(0);
                Vec::new()
            }
            Some("super") | Some("self") => {
                let mut base = here.clone();
                while matches!(segs.first().map(String::as_str), Some("super") | Some("self")) {
                    if segs.remove(0) == "super" {
                        base.pop();
                    }
                }
                base
            }
            _ => continue,
        };
        base.extend(segs);
        out.push(base);
    }
    out
}

/// The file that defines the longest module prefix of `path`.
fn file_of(path: &[String], files: &BTreeMap<Vec<String>, PathBuf>) -> Option<PathBuf> {
    (0..=path.len()).rev().find_map(|n| files.get(&path[..n]).cloned())
}

struct Graph {
    edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

fn graph() -> Graph {
    let mut files = BTreeMap::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.insert(module_of(&path), path);
            }
        }
    }
    // main.rs is a crate of its own: it reaches the library as `convox_k8s::`.
    files.retain(|_, f| !f.ends_with("main.rs"));
    let mut edges = BTreeMap::new();
    for file in files.values() {
        let text = std::fs::read_to_string(file).unwrap();
        // A whole file of tests (`#[cfg(test)] mod tests;` points at it).
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let mut to = BTreeSet::new();
        for p in paths(file, &code(&text)) {
            if let Some(target) = file_of(&p, &files) {
                if &target != file {
                    to.insert(target);
                }
            }
        }
        edges.insert(file.clone(), to);
    }
    Graph { edges }
}

fn short(p: &Path) -> String {
    p.strip_prefix(src()).unwrap().display().to_string()
}

#[test]
fn no_import_runs_back_up_the_pipeline() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        for to in tos {
            let (a, b) = (top(from), top(to));
            if layer(&b) > layer(&a) {
                wrong.push(format!("{} ({a}) imports {} ({b})", short(from), short(to)));
            }
        }
    }
    assert!(wrong.is_empty(), "imports back up the pipeline:\n{}", wrong.join("\n"));
}

/// `a` is `b`'s own mod.rs or an ancestor's: a child may use what its module shares.
fn is_parent_of(a: &Path, b: &Path) -> bool {
    a.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs") && b.starts_with(a.parent().unwrap())
}

/// Tarjan's strongly connected components: the rings are the components of more than one file.
struct Tarjan {
    adj: Vec<Vec<usize>>,
    index: Vec<usize>,
    low: Vec<usize>,
    on: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    rings: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, v: usize) {
        (self.index[v], self.low[v]) = (self.next, self.next);
        self.next += 1;
        self.stack.push(v);
        self.on[v] = true;
        for w in self.adj[v].clone() {
            if self.index[w] == usize::MAX {
                self.visit(w);
                self.low[v] = self.low[v].min(self.low[w]);
            } else if self.on[w] {
                self.low[v] = self.low[v].min(self.index[w]);
            }
        }
        if self.low[v] == self.index[v] {
            let mut ring = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on[w] = false;
                ring.push(w);
                if w == v {
                    break;
                }
            }
            if ring.len() > 1 {
                self.rings.push(ring);
            }
        }
    }
}

/// The rings of files that import each other (edges into a module's own mod.rs left out).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    let nodes: Vec<&PathBuf> = g.edges.keys().collect();
    let index_of: BTreeMap<&PathBuf, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            g.edges[*n]
                .iter()
                .filter(|t| !is_parent_of(t, n))
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let mut t = Tarjan {
        adj,
        index: vec![usize::MAX; nodes.len()],
        low: vec![0; nodes.len()],
        on: vec![false; nodes.len()],
        stack: Vec::new(),
        next: 0,
        rings: Vec::new(),
    };
    for v in 0..nodes.len() {
        if t.index[v] == usize::MAX {
            t.visit(v);
        }
    }
    let out = t.rings;
    let mut rings: Vec<Vec<String>> = out
        .into_iter()
        .map(|c| {
            let mut names: Vec<String> = c.into_iter().map(|i| short(nodes[i])).collect();
            names.sort();
            names
        })
        .collect();
    rings.sort();
    rings
}

#[test]
fn no_files_import_each_other_in_a_ring() {
    let found = cycles(&graph());
    let shown: Vec<String> = found.iter().map(|c| c.join(" ↔ ")).collect();
    assert!(found.is_empty(), "import cycles:\n{}", shown.join("\n"));
}

/// The checks can fail: a planted back-edge and a planted ring are found.
#[test]
fn the_checks_find_a_planted_back_edge_and_ring() {
    let mut g = graph();
    let file = |p: &str| src().join(p);
    g.edges.get_mut(&file("manifest/yaml.rs")).unwrap().insert(file("output.rs"));
    let back = g.edges.iter().any(|(from, tos)| tos.iter().any(|to| layer(&top(to)) > layer(&top(from))));
    assert!(back);
    g.edges.get_mut(&file("mapping/names.rs")).unwrap().insert(file("mapping/timer.rs"));
    g.edges.get_mut(&file("mapping/timer.rs")).unwrap().insert(file("mapping/names.rs"));
    assert!(cycles(&g).iter().any(|c| c.contains(&"mapping/names.rs".to_string())));
}
