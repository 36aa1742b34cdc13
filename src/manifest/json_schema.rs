//! The JSON Schema of convox.yml (draft-07, the dialect yaml-language-server and SchemaStore
//! read), generated from the key tables the decoder runs: every key with its description,
//! forms ([`Shape`]), default ([`super::defaults::documented`]) and, for keys of earlier
//! Convox generations, the v3 form to write instead. Nothing here is written by hand, so the
//! schema cannot drift from what convox-k8s reads.
//!
//! What a JSON Schema cannot say — a key that is read only with another one, a default that
//! depends on other keys — stays in the descriptions; the core's diagnostics say the rest.

use serde_json::{json, Map, Value};

use super::keys::sections;
use super::schema::{Key, Legacy, Section, Shape};
use crate::rack_version::{RackVersion, NEWEST, OLDEST};

/// The dialect: draft-07.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";
/// A `${VAR}` anywhere in a string: interpolation replaces it before the YAML is read, so a
/// number, boolean or closed-set key may hold one.
const INTERPOLATED: &str = "\\$\\{[^}]*\\}";
const VAR: &str = "interpolated";

/// The JSON Schema of convox.yml for the newest rack ([`json_schema_at`]).
pub fn json_schema() -> Value {
    json_schema_at(NEWEST)
}

/// The JSON Schema of convox.yml for a rack of release `version`: its defaults, and each key
/// that rack does not read refused with the release that brought it (the rack ignores it).
pub fn json_schema_at(version: RackVersion) -> Value {
    let sections = sections();
    let defaults = super::defaults::documented(version);
    let mut definitions = Map::new();
    let mut root = Value::Null;
    for section in &sections {
        let object = object(section, &defaults, version);
        if section.path.is_empty() {
            root = object;
        } else {
            definitions.insert(definition(section.path), object);
        }
    }
    definitions.insert(
        VAR.into(),
        json!({
            "type": "string",
            "pattern": INTERPOLATED,
            "description": "A string with a ${VAR}: Convox replaces it with the release environment's value before it reads the YAML.",
        }),
    );
    let Value::Object(fields) = root else { unreachable!("the top-level section is listed first") };
    let mut out = Map::new();
    out.insert("$schema".into(), DRAFT.into());
    let title =
        if version == NEWEST { "convox.yml".to_string() } else { format!("convox.yml (rack {version})") };
    out.insert("title".into(), title.into());
    for (k, v) in fields {
        out.insert(k, v);
    }
    out.insert("definitions".into(), Value::Object(definitions));
    Value::Object(out)
}

/// The definition name of a section: its path with `<name>` → `name`, `[]` → `.item`.
pub fn definition(path: &str) -> String {
    path.replace("[]", ".item").replace(['<', '>'], "")
}

/// A section as an object schema: its keys, its previous-generation keys refused, no others.
fn object(section: &Section, defaults: &[(&str, &str, Value)], version: RackVersion) -> Value {
    let mut properties = Map::new();
    for key in &section.keys {
        if !key.known_at(version) {
            properties.insert(key.name.into(), newer(key, version));
            continue;
        }
        let default = defaults.iter().find(|(p, k, _)| *p == section.path && *k == key.name).map(|d| &d.2);
        properties.insert(key.name.into(), property(key, default));
    }
    for legacy in section.legacy {
        properties.insert(legacy.name.into(), previous(legacy));
    }
    json!({
        "type": "object",
        "description": section.doc,
        "properties": properties,
        "additionalProperties": false,
    })
}

/// One key: its shape (null too: `key:` with no value reads as the zero value), described.
fn property(key: &Key, default: Option<&Value>) -> Value {
    let mut out = Map::new();
    out.insert("description".into(), description(key).into());
    if let Some(d) = default {
        out.insert("default".into(), d.clone());
    }
    match nullable(shape(&key.shape, key.section)) {
        Value::Object(fields) => out.extend(fields),
        other => unreachable!("a shape is an object schema: {other}"),
    }
    Value::Object(out)
}

/// What the key does, what it becomes in Kubernetes, its forms and its default, in words.
pub fn description(key: &Key) -> String {
    let mut out = key.doc.to_string();
    out.push_str("\nKubernetes: ");
    out.push_str(key.kubernetes);
    out.push_str("\nForms: ");
    out.push_str(key.forms);
    if !key.default.is_empty() {
        out.push_str("\nDefault: ");
        out.push_str(key.default);
    }
    if key.since > OLDEST {
        out.push_str("\nSince: rack version ");
        out.push_str(&key.since.to_string());
    }
    out
}

/// A key the rack of `version` does not read: refused, with the release that brought it.
fn newer(key: &Key, version: RackVersion) -> Value {
    let message = key.newer_message(key.name, version);
    json!({
        "description": message,
        "deprecationMessage": message,
        "not": {},
    })
}

/// A key of Convox's previous generations: refused, with what to write instead.
fn previous(legacy: &Legacy) -> Value {
    let message = legacy.message();
    json!({
        "description": message,
        "deprecated": true,
        "deprecationMessage": message,
        "not": {},
    })
}

/// The schema of a shape; `section` is the key's own section, for [`Shape::Section`].
fn shape(shape: &Shape, section: Option<&str>) -> Value {
    let var = || json!({ "$ref": format!("#/definitions/{VAR}") });
    let or_var = |schema: Value| json!({ "anyOf": [schema, var()] });
    match *shape {
        Shape::Str | Shape::Ref(_) => json!({ "type": ["string", "number", "boolean", "null"] }),
        Shape::Text => json!({ "type": "string" }),
        Shape::Pattern(p) => or_var(json!({ "type": "string", "pattern": p })),
        Shape::Enum(choices) => or_var(json!({ "enum": choices })),
        Shape::AnyCase(choices) => or_var(json!({
            "type": "string",
            "pattern": any_case(choices),
            "examples": choices,
        })),
        Shape::Titled(choices) => {
            let mut all: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
            all.extend(choices.iter().map(|c| lower_first(c)));
            or_var(json!({ "enum": all }))
        }
        Shape::Int => or_var(json!({ "type": "integer" })),
        Shape::Range(min, max) => or_var(json!({ "type": "integer", "minimum": min, "maximum": max })),
        Shape::Num => or_var(json!({ "type": "number" })),
        Shape::Bool => or_var(json!({ "type": "boolean" })),
        Shape::List(item) => json!({ "type": "array", "items": self::shape(item, section) }),
        Shape::Map(value) => json!({ "type": "object", "additionalProperties": self::shape(value, section) }),
        Shape::Keyed(pattern, value) => {
            // `web:` with no body is a service with every default.
            let value = nullable(self::shape(value, section));
            match pattern {
                Some(p) => json!({
                    "type": "object",
                    "patternProperties": { p: value },
                    "additionalProperties": false,
                }),
                None => json!({ "type": "object", "additionalProperties": value }),
            }
        }
        Shape::Fields(keys, value) => {
            let properties: Map<String, Value> =
                keys.iter().map(|k| (k.to_string(), nullable(self::shape(value, section)))).collect();
            json!({ "type": "object", "properties": properties, "additionalProperties": false })
        }
        Shape::Section => {
            let path = section.expect("a key whose shape is its section names the section (.within)");
            json!({ "$ref": format!("#/definitions/{}", definition(path)) })
        }
        Shape::AnyOf(forms) => {
            // One `${VAR}` alternative for all the forms, after them.
            let mut any = Vec::new();
            let mut interpolated = false;
            for form in forms {
                match self::shape(form, section) {
                    Value::Object(mut o) if is_or_var(&o) => {
                        interpolated = true;
                        if let Some(Value::Array(mut a)) = o.remove("anyOf") {
                            any.push(a.remove(0));
                        }
                    }
                    other => any.push(other),
                }
            }
            if interpolated {
                any.push(var());
            }
            json!({ "anyOf": any })
        }
        Shape::Any => json!({}),
    }
}

/// Whether `o` is `{anyOf: [schema, ${VAR}]}` as `or_var` makes it.
fn is_or_var(o: &Map<String, Value>) -> bool {
    o.len() == 1
        && o.get("anyOf").and_then(Value::as_array).is_some_and(|a| {
            a.len() == 2 && a[1].get("$ref").and_then(Value::as_str) == Some(&format!("#/definitions/{VAR}"))
        })
}

/// The schema, also taking null.
fn nullable(schema: Value) -> Value {
    let Value::Object(mut o) = schema else { return schema };
    if o.is_empty() {
        return Value::Object(o);
    }
    match o.get_mut("type") {
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push("null".into());
            }
            return Value::Object(o);
        }
        Some(t @ Value::String(_)) => {
            *t = json!([t.clone(), "null"]);
            return Value::Object(o);
        }
        _ => {}
    }
    if let Some(Value::Array(any)) = o.get_mut("anyOf") {
        any.push(json!({ "type": "null" }));
        return Value::Object(o);
    }
    json!({ "anyOf": [Value::Object(o), { "type": "null" }] })
}

/// A pattern matching exactly one of `choices`, in any case.
fn any_case(choices: &[&str]) -> String {
    let alternatives: Vec<String> = choices
        .iter()
        .map(|c| {
            c.chars()
                .map(|ch| {
                    if ch.is_ascii_alphabetic() {
                        format!("[{}{}]", ch.to_ascii_uppercase(), ch.to_ascii_lowercase())
                    } else if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                        ch.to_string()
                    } else {
                        format!("\\{ch}")
                    }
                })
                .collect()
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_case_patterns_spell_each_letter_both_ways() {
        assert_eq!(any_case(&["Off", "x-1"]), "^(?:[Oo][Ff][Ff]|[Xx]-1)$");
    }

    #[test]
    fn nullable_adds_null_once_in_the_form_that_fits() {
        assert_eq!(nullable(json!({"type": "integer"})), json!({"type": ["integer", "null"]}));
        assert_eq!(nullable(json!({"type": ["string", "null"]})), json!({"type": ["string", "null"]}));
        assert_eq!(
            nullable(json!({"anyOf": [{"type": "integer"}]})),
            json!({"anyOf": [{"type": "integer"}, {"type": "null"}]})
        );
        assert_eq!(nullable(json!({"$ref": "#/x"})), json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}));
        assert_eq!(nullable(json!({})), json!({}));
    }

    #[test]
    fn definition_names_are_plain_paths() {
        assert_eq!(
            definition("services.<name>.volumeOptions[].emptyDir"),
            "services.name.volumeOptions.item.emptyDir"
        );
    }
}
