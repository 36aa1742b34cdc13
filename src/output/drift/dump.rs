//! Reading a cluster dump: what `kubectl get … -o yaml` or `-o json` wrote, one output or several
//! joined, as a list of objects.
//!
//! Accepted: a `kind: List` (what `kubectl get` prints for one or more types), a typed list
//! (`DeploymentList` from the raw API, whose items may lack `apiVersion`/`kind`), a bare object
//! (`kubectl get namespace x -o yaml`), a multi-document YAML stream of any of those, and JSON
//! (one value or several, concatenated). Empty documents (a `---` with only a comment, as the
//! capture command leaves for a kind the cluster does not serve) are skipped.
//!
//! YAML is read with `saphyr-parser`, the event parser the manifest reader already links, not
//! with `serde_yaml`: serde_yaml's deserializer brings libyaml (`unsafe-libyaml`) into the
//! playground's wasm for this one reader. Measured (release wasm after wasm-opt -Os, gzip -9):
//! this reader 584,139 bytes, the same with `serde_yaml::Deserializer` into `Value` 614,346
//! (+30 KB). Plain scalars resolve as the YAML 1.1 reader kubectl uses
//! (`manifest::yaml::resolve`, the same as convox.yml's). JSON is read by serde_json.
//!
//! Limits, so a hostile dump gets a diagnostic instead of a hang or a crash: nesting deeper than
//! [`MAX_DEPTH`] is refused (kubectl output nests about 15 levels), aliases are refused (kubectl
//! never writes them, and expanding them is how alias bombs work), and so are dumps over
//! [`MAX_BYTES`].
//!
//! Problems are data: one [`DumpProblem`] per cause, at a byte offset of the text.

use serde_json::{Map, Value};

use crate::manifest::yaml::{resolve, Scalar};

/// Nesting deeper than this is refused.
pub const MAX_DEPTH: usize = 100;
/// Dumps longer than this are refused: a namespace's objects with their data are a few
/// megabytes; 64 MB is many times the largest a Convox app makes.
pub const MAX_BYTES: usize = 64 << 20;

/// One object of the dump, with the byte offset of the document or list item it came from.
#[derive(Debug, Clone)]
pub struct DumpObject {
    pub value: Value,
    pub at: usize,
}

/// A problem reading the dump: what is wrong, at a byte offset; `fatal` when nothing past it
/// could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpProblem {
    pub message: String,
    pub at: usize,
    pub fatal: bool,
}

/// The objects of a dump and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Dump {
    pub objects: Vec<DumpObject>,
    pub problems: Vec<DumpProblem>,
}

impl Dump {
    /// Whether the dump could not be read at all.
    pub fn unreadable(&self) -> bool {
        self.objects.is_empty() && self.problems.iter().any(|p| p.fatal)
    }
}

/// Reads `text` as a dump.
pub fn read(text: &str) -> Dump {
    let mut dump = Dump::default();
    if text.len() > MAX_BYTES {
        dump.problems.push(DumpProblem {
            message: format!(
                "the dump is {} MB; at most {} MB is read: capture one namespace (-n)",
                text.len() >> 20,
                MAX_BYTES >> 20
            ),
            at: 0,
            fatal: true,
        });
        return dump;
    }
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let documents = if body.starts_with(['{', '[']) { json(text, &mut dump) } else { yaml(text, &mut dump) };
    for (value, at) in documents {
        take(value, at, &mut dump);
    }
    if dump.objects.is_empty() {
        // What could not be read is then why nothing can be compared: one cause, one diagnostic.
        dump.problems.iter_mut().for_each(|p| p.fatal = true);
    }
    if dump.objects.is_empty() && dump.problems.is_empty() {
        dump.problems.push(DumpProblem {
            message: "the dump holds no Kubernetes object: expected the output of `kubectl get … -o yaml` (a List), \
                      a multi-document YAML stream or `-o json`"
                .into(),
            at: 0,
            fatal: true,
        });
    }
    dump
}

/// Adds the objects of one document (an object, a List, or nothing) to `dump`.
fn take(value: Value, at: usize, dump: &mut Dump) {
    let Value::Object(mut map) = value else {
        if !value.is_null() {
            dump.problems.push(DumpProblem {
                message: format!("a document that is {} is not a Kubernetes object", what(&value)),
                at,
                fatal: false,
            });
        }
        return;
    };
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
    if kind.ends_with("List") && map.get("items").is_some_and(Value::is_array) {
        // A typed list (`DeploymentList`) from the raw API leaves out each item's kind.
        let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty()).map(str::to_string);
        let api_version = map.get("apiVersion").cloned();
        let Some(Value::Array(items)) = map.remove("items") else { return };
        for item in items {
            match item {
                Value::Object(mut m) if item_kind.is_some() || m.contains_key("kind") => {
                    if let Some(k) = &item_kind {
                        m.entry("kind").or_insert_with(|| Value::String(k.clone()));
                        if let Some(v) = &api_version {
                            m.entry("apiVersion").or_insert_with(|| v.clone());
                        }
                    }
                    object(m, at, dump);
                }
                other => dump.problems.push(DumpProblem {
                    message: format!(
                        "an item of the {kind} that is {} is not a Kubernetes object",
                        what(&other)
                    ),
                    at,
                    fatal: false,
                }),
            }
        }
        return;
    }
    if let Some(error) = map.get("error").and_then(Value::as_str).filter(|_| !map.contains_key("kind")) {
        // `kubectl get … 2>&1 > dump` puts kubectl's own error in the file.
        dump.problems.push(DumpProblem {
            message: format!("the dump holds an error kubectl printed, not an object: error: {error}"),
            at,
            fatal: false,
        });
        return;
    }
    object(map, at, dump);
}

/// Adds one object, if it is one.
fn object(map: Map<String, Value>, at: usize, dump: &mut Dump) {
    let name = map.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str);
    let kind = map.get("kind").and_then(Value::as_str);
    match (kind, name) {
        (Some(k), Some(n)) if !k.is_empty() && !n.is_empty() => {
            dump.objects.push(DumpObject { value: Value::Object(map), at })
        }
        (None, _) | (Some(""), _) => dump.problems.push(DumpProblem {
            message:
                "a document without `kind` is not a Kubernetes object: expected the output of `kubectl get … \
                      -o yaml`"
                    .into(),
            at,
            fatal: false,
        }),
        (Some(k), _) => dump.problems.push(DumpProblem {
            message: format!("a {k} without metadata.name is not an object of a cluster"),
            at,
            fatal: false,
        }),
    }
}

fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// The JSON values of `text` (one or several, concatenated), each with its byte offset.
fn json(text: &str, dump: &mut Dump) -> Vec<(Value, usize)> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut start = 0;
    loop {
        match stream.next() {
            None => break,
            Some(Ok(v)) => {
                let skipped = text[start..].len() - text[start..].trim_start().len();
                out.push((v, start + skipped));
                start = stream.byte_offset();
            }
            Some(Err(e)) => {
                let at = offset_of(text, e.line(), e.column());
                let message = if e.to_string().contains("recursion limit") {
                    "the dump nests deeper than JSON is read (128 levels): not a Kubernetes object"
                        .to_string()
                } else {
                    format!("not valid JSON: {}", strip_position(&e.to_string()))
                };
                dump.problems.push(DumpProblem { message, at, fatal: true });
                break;
            }
        }
    }
    out
}

/// serde_json's message without its " at line L column C" (the diagnostic carries the place).
fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

/// The byte offset of 1-based `line` and byte `column` (serde_json's).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset of character `index` of `text`; `ascii` texts index by byte.
fn byte_of(text: &str, ascii: bool, index: usize) -> usize {
    if ascii {
        index.min(text.len())
    } else {
        text.char_indices().nth(index).map_or(text.len(), |(b, _)| b)
    }
}

enum Frame {
    Seq(Vec<Value>),
    Map(Map<String, Value>, Option<String>),
}

/// The YAML documents of `text`, each with the byte offset where it starts.
fn yaml(text: &str, dump: &mut Dump) -> Vec<(Value, usize)> {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    let ascii = text.is_ascii();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut doc_start = 0;
    let fail = |dump: &mut Dump, message: String, index: usize| {
        dump.problems.push(DumpProblem { message, at: byte_of(text, ascii, index), fatal: true });
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                let message = if e.info().contains("recursion limit") {
                    "the dump nests deeper than YAML is read: not a Kubernetes object".to_string()
                } else {
                    format!("not valid YAML: {}", e.info())
                };
                fail(dump, message, e.marker().index());
                break;
            }
        };
        let value = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                doc_start = span.start.index();
                continue;
            }
            Event::Alias(_) => {
                fail(
                    dump,
                    "the dump uses a YAML alias (*name), which kubectl never writes".into(),
                    span.start.index(),
                );
                break;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    fail(
                        dump,
                        format!("the dump nests deeper than {MAX_DEPTH} levels: not a Kubernetes object"),
                        span.start.index(),
                    );
                    break;
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq(Vec::new()),
                    _ => Frame::Map(Map::new(), None),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items)) => Value::Array(items),
                Some(Frame::Map(map, _)) => Value::Object(map),
                None => continue,
            },
            Event::Scalar(text, style, _, tag) => {
                let string_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                if style == ScalarStyle::Plain && !string_tag {
                    match resolve(&text) {
                        Scalar::Null => Value::Null,
                        Scalar::Bool(b) => Value::Bool(b),
                        Scalar::Int(i) => Value::from(i),
                        // NaN and the infinities have no JSON form: their text stays.
                        Scalar::Float(f) => {
                            serde_json::Number::from_f64(f).map_or(Value::String(text.into()), Value::Number)
                        }
                        Scalar::Str(s) => Value::String(s),
                    }
                } else {
                    Value::String(text.into_owned())
                }
            }
        };
        match stack.last_mut() {
            None => out.push((value, byte_of(text, ascii, doc_start))),
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(map, key)) => match key.take() {
                None => match value {
                    Value::String(s) => *key = Some(s),
                    Value::Array(_) | Value::Object(_) => {
                        fail(
                            dump,
                            "a map key that is a list or a map: not a Kubernetes object".into(),
                            span.start.index(),
                        );
                        break;
                    }
                    // A key YAML reads as a number, a bool or null stays the text JSON gives it.
                    other => *key = Some(other.to_string()),
                },
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(d: &Dump) -> Vec<String> {
        d.objects
            .iter()
            .map(|o| {
                format!(
                    "{}/{}",
                    o.value["kind"].as_str().unwrap(),
                    o.value["metadata"]["name"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn a_kubectl_list_gives_its_items() {
        let d = read(
            "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: apps/v1\n  \
             kind: Deployment\n  metadata:\n    name: b\n  spec:\n    replicas: 2\nkind: List\nmetadata:\n  resourceVersion: \"\"\n",
        );
        assert_eq!(names(&d), ["ConfigMap/a", "Deployment/b"]);
        assert_eq!(d.objects[1].value["spec"]["replicas"], 2);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn streams_json_and_typed_lists_are_read() {
        let d = read("---\nkind: ConfigMap\nmetadata: {name: a}\n---\n# scaledobjects not served\n---\nkind: Secret\nmetadata:\n  name: b\n");
        assert_eq!(names(&d), ["ConfigMap/a", "Secret/b"]);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let d = read(
            r#"{"kind":"List","items":[{"kind":"Service","metadata":{"name":"s"}}]} {"kind":"Namespace","metadata":{"name":"n"}}"#,
        );
        assert_eq!(names(&d), ["Service/s", "Namespace/n"]);
        let d =
            read(r#"{"kind":"DeploymentList","apiVersion":"apps/v1","items":[{"metadata":{"name":"w"}}]}"#);
        assert_eq!(names(&d), ["Deployment/w"]);
        assert_eq!(d.objects[0].value["apiVersion"], "apps/v1");
    }

    #[test]
    fn scalars_resolve_as_kubectl_writes_them() {
        let d = read("kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  PORT: \"5432\"\n  FLAG: 'true'\nnum: 3\nb: true\nq: ~\non: x\n");
        let v = &d.objects[0].value;
        assert_eq!(v["data"]["PORT"], "5432");
        assert_eq!(v["data"]["FLAG"], "true");
        assert_eq!(
            (v["num"].clone(), v["b"].clone(), v["q"].clone()),
            (Value::from(3), Value::Bool(true), Value::Null)
        );
        // YAML 1.1, as kubectl reads it: a plain `on` key is the boolean true.
        assert_eq!(v["true"], "x");
    }

    #[test]
    fn what_is_not_kubernetes_is_said_once_at_its_place() {
        let d = read("hello: world\n");
        assert!(d.objects.is_empty());
        assert_eq!(d.problems.len(), 1);
        assert!(d.problems[0].message.contains("without `kind`"), "{:?}", d.problems);
        let d = read("just text");
        assert!(d.problems[0].message.contains("a string"), "{:?}", d.problems);
        let d = read("");
        assert!(d.unreadable() && d.problems[0].message.contains("no Kubernetes object"));
        let d = read("kind: ConfigMap\nmetadata:\n  name: a\n  labels: [\n");
        assert!(d.unreadable() && d.problems[0].message.starts_with("not valid YAML"), "{:?}", d.problems);
        let d = read("{\"kind\": \"List\", \"items\": [}");
        assert!(d.unreadable() && d.problems[0].message.starts_with("not valid JSON"), "{:?}", d.problems);
        assert_eq!(d.problems[0].at, 27);
        let d = read("error: the server doesn't have a resource type \"scaledobjects\"\n");
        assert!(d.problems[0].message.contains("kubectl printed"), "{:?}", d.problems);
    }

    #[test]
    fn deep_nesting_and_aliases_are_refused() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let d = read(&format!("x: {}", deep(MAX_DEPTH + 1)));
        assert!(d.unreadable() && d.problems[0].message.contains("nests deeper"), "{:?}", d.problems);
        // JSON: serde_json's own limit (128 levels).
        let d = read(&deep(200));
        assert!(d.unreadable() && d.problems[0].message.contains("nests deeper"), "{:?}", d.problems);
        let d = read("a: &x [1]\nb: *x\n");
        assert!(d.problems[0].message.contains("alias"), "{:?}", d.problems);
    }

    #[test]
    fn offsets_are_bytes_of_the_text() {
        // A document after a non-ASCII line: its offset is in bytes, not characters.
        let text = "kind: ConfigMap\nmetadata: {name: é}\n---\nplain\n";
        let d = read(text);
        let p = &d.problems[0];
        assert_eq!(&text[p.at..p.at + 3], "---");
    }
}
