//! Values the rack's templates print unquoted, where YAML 1.1 retypes them: the node selector
//! and affinity values (`- {{ .Value }}` in `app/service.yml.tmpl` and `app/timer.yml.tmpl`),
//! their keys (`- key: {{ .Key }}`) and the HPA external metric's `matchLabels`
//! (`{{ $k }}: {{ $v }}`). The rack re-reads its rendered YAML with yaml.v2 (`FormatYAML`) and
//! kubectl sends JSON, so `true`, `2` or `0x1F` arrive as a bool or a number, which the API
//! server refuses in a string field (`cannot unmarshal bool into Go struct field
//! NodeSelectorRequirement…values of type string`), and `null` as an empty string. A map key
//! is stringified by kubectl instead (`on` → `"true"`, `010` → `"8"`).
//!
//! The objects show what the API server gets where it accepts it, and the value as written
//! where it refuses it (an error says what the rack sends); quoting in convox.yml cannot help,
//! since the value reaches the template as text.

use crate::diagnostic::Diagnostic;
use crate::manifest::{yaml_resolve, Scalar};

/// What the API server receives for a string the template prints unquoted.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// The string itself.
    Same,
    /// JSON `null`, read as an empty string (from `null`, `Null`, `NULL`, `~`).
    Empty,
    /// A bool or a number, which the API server refuses in a string field: what YAML read,
    /// described (`the boolean true`, `the number 8`).
    Refused(String),
}

/// How the rack's YAML reads `value` printed plain.
pub fn sent(value: &str) -> Sent {
    match yaml_resolve(value) {
        Scalar::Str(_) => Sent::Same,
        Scalar::Null if value.is_empty() => Sent::Same,
        Scalar::Null => Sent::Empty,
        Scalar::Bool(b) => Sent::Refused(format!("the boolean {b}")),
        Scalar::Int(i) => Sent::Refused(format!("the number {i}")),
        Scalar::Float(f) => Sent::Refused(format!("the number {}", float(f))),
    }
}

/// A map key printed plain, as the API server receives it: `Ok(None)` unchanged,
/// `Ok(Some(key))` renamed (sigs.k8s.io/yaml stringifies a bool or number key), `Err` refused
/// (kubectl cannot send a null key).
pub fn sent_key(key: &str) -> Result<Option<String>, ()> {
    match yaml_resolve(key) {
        Scalar::Str(_) => Ok(None),
        Scalar::Null => Err(()),
        Scalar::Bool(b) => Ok(Some(b.to_string())),
        Scalar::Int(i) => Ok(Some(i.to_string()).filter(|k| k != key)),
        // sigs.k8s.io/yaml writes strconv.FormatFloat(f, 'g', -1, 32): the same shortest digits as
        // f64's for every value written with up to 7 significant digits (1.5, 1e3 → 1000); not
        // worth f32 formatting's code in the wasm for longer ones.
        Scalar::Float(f) => Ok(Some(float(f)).filter(|k| k != key)),
    }
}

fn float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.into()
    } else {
        f.to_string()
    }
}

/// What to write instead, for the messages.
const REMEDY: &str =
    "Quoting it in convox.yml does not help (the template gets the text and prints it bare): \
    use a value YAML 1.1 reads as a string (pool-2 rather than 2, enabled rather than true)";

/// `value` as the object shows it, and the diagnostic for it. `what` names the value
/// (`nodeSelectorLabels convox.io/nodepool`), `field` the object field it becomes, `objects`
/// the objects the API server would refuse. A `required` field (a requirement's `key`)
/// refuses the empty string a null becomes.
pub fn value(
    value: &str,
    (what, field, objects): (&str, &str, &str),
    required: bool,
) -> (String, Option<Diagnostic>) {
    match sent(value) {
        Sent::Same => (value.to_string(), None),
        Sent::Empty if required => (
            value.to_string(),
            Some(Diagnostic::error(format!(
                "{what}: the rack's template prints {value} unquoted, so YAML reads it as null and {field} \
                 arrives empty, which the API server refuses in {objects}, failing the release. {REMEDY}"
            ))),
        ),
        Sent::Empty => (
            String::new(),
            Some(Diagnostic::warning(format!(
                "{what}: the rack's template prints {value} unquoted, so YAML reads it as null and {field} \
                 arrives empty (\"\"): {objects} match the empty value, not {value:?}. {REMEDY}"
            ))),
        ),
        Sent::Refused(read) => (
            value.to_string(),
            Some(Diagnostic::error(format!(
                "{what}: the rack's template prints {value} unquoted, so YAML reads it as {read} and the \
                 API server refuses {objects} ({field} must be a string), failing the release. {REMEDY}"
            ))),
        ),
    }
}

/// A map key (`path` is the key's own path) as the object shows it, with its diagnostic.
pub fn key(key: &str, path: &str, what: &str, objects: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    match sent_key(key) {
        Ok(None) => key.to_string(),
        Ok(Some(renamed)) => {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{what}: the rack's template prints the key {key} unquoted, so YAML reads it as {} and \
                     kubectl sends it as {renamed:?}: {objects} selects the label {renamed}, not {key}. {REMEDY}",
                    match yaml_resolve(key) {
                        Scalar::Bool(_) => "a boolean",
                        _ => "a number",
                    }
                ))
                .at(path.to_string()),
            );
            renamed
        }
        Err(()) => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{what}: the rack's template prints the key {key} unquoted, so YAML reads it as null and \
                     kubectl refuses the release (a map key cannot be null). {REMEDY}"
                ))
                .at(path.to_string()),
            );
            key.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_retypes_what_the_template_prints_bare() {
        for v in ["gpu", "pool-2", "2001-12-14", "NaN", "Yes!", "", "1.2.3", "0x"] {
            assert_eq!(sent(v), Sent::Same, "{v}");
        }
        for v in ["null", "Null", "NULL", "~"] {
            assert_eq!(sent(v), Sent::Empty, "{v}");
        }
        for (v, read) in [
            ("true", "the boolean true"),
            ("yes", "the boolean true"),
            ("Off", "the boolean false"),
            ("y", "the boolean true"),
            ("2", "the number 2"),
            ("010", "the number 8"),
            ("0o17", "the number 15"),
            ("0X1F", "the number 31"),
            ("0B101", "the number 5"),
            ("1_000", "the number 1000"),
            ("08", "the number 8"),
            ("1e3", "the number 1000"),
            ("1.50", "the number 1.5"),
            (".5", "the number 0.5"),
            (".inf", "the number .inf"),
        ] {
            assert_eq!(sent(v), Sent::Refused(read.into()), "{v}");
        }
    }

    #[test]
    fn keys_are_stringified_or_refused() {
        assert_eq!(sent_key("app"), Ok(None));
        assert_eq!(sent_key("on"), Ok(Some("true".into())));
        assert_eq!(sent_key("010"), Ok(Some("8".into())));
        assert_eq!(sent_key("42"), Ok(None));
        assert_eq!(sent_key("1e3"), Ok(Some("1000".into())));
        assert_eq!(sent_key("null"), Err(()));
    }

    #[test]
    fn a_refused_value_is_an_error_shown_as_written() {
        let what = ("nodeSelectorLabels gpu", "values", "the Deployment");
        let (shown, d) = value("true", what, false);
        assert_eq!(shown, "true");
        let d = d.unwrap();
        assert!(d.is_error() && d.message.contains("the boolean true"), "{d:?}");
        let (shown, d) = value("null", what, false);
        assert_eq!(shown, "");
        assert!(!d.unwrap().is_error());
        assert!(value("null", what, true).1.unwrap().is_error());
        assert_eq!(value("gpu", what, false), ("gpu".to_string(), None));
    }
}
