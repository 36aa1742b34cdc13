//! The convox.yml schema as data: one table per section of the rack's model, each key with
//! what it does, what it becomes in Kubernetes, the forms Convox accepts and its default.
//!
//! The same tables drive [`super::load`]: a key's entry holds the function that reads it, so
//! the list of known keys (unknown-key warnings, did-you-mean), the read and the
//! documentation can never disagree. Editor hovers and a JSON-Schema generator read them
//! through [`sections`].

use serde::Serialize;

use super::cx::Cx;
use super::yaml::Node;
use crate::diagnostic::{Fix, Span};
use crate::rack_version::{RackVersion, OLDEST};

/// The values a key takes, as data: what the JSON Schema says of it (`convox-k8s schema`)
/// and what the editor completes. [`Key::forms`] says the same in words, with the details a
/// schema cannot hold (units, which values the rack ignores).
///
/// Every shape also takes null (`key:` with no value reads as the zero value) and, where it
/// is not any string already, a string holding a `${VAR}` (interpolation replaces it before
/// the YAML is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any scalar, read as its text: numbers and booleans are taken too.
    Str,
    /// A YAML string only.
    Text,
    /// A string matching this regular expression (ECMA-262, as JSON Schema reads it).
    Pattern(&'static str),
    /// One of these strings, exactly.
    Enum(&'static [&'static str]),
    /// One of these strings, in any case (the rack compares them case-insensitively).
    AnyCase(&'static [&'static str]),
    /// One of these strings, or the same with its first letter in lower case (the rack
    /// upper-cases the first letter).
    Titled(&'static [&'static str]),
    Int,
    /// An int within these bounds (inclusive), as the rack validates it.
    Range(i64, i64),
    /// Any number.
    Num,
    Bool,
    /// A list of values of this shape.
    List(&'static Shape),
    /// A map of any keys to values of this shape.
    Map(&'static Shape),
    /// A map whose keys match the pattern (`None`: any key) to values of this shape: the
    /// named entries of `services`, `timers`, … and a balancer's ports.
    Keyed(Option<&'static str>, &'static Shape),
    /// A map of exactly these keys, each of this shape: a form no table reads (`{min, max}`).
    Fields(&'static [&'static str], &'static Shape),
    /// A map of the keys of the key's own section ([`Key::section`]).
    Section,
    /// Any of these forms (the shorthands first).
    AnyOf(&'static [Shape]),
    /// Any value: a shape Convox passes on as it is (KEDA's own).
    Any,
    /// The name of something the manifest declares (a string, as [`Shape::Str`]).
    Ref(Ref),
}

/// What a [`Shape::Ref`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// A service: a key of `services`.
    Service,
    /// A resource: a key of `resources` (a service may add `:ENV_NAME`).
    Resource,
    /// A config: the `id` of an item of `configs`.
    Config,
}

impl Shape {
    /// The closed set of strings this shape takes, canonical spelling, when it has one
    /// (directly, or as one of its forms).
    pub fn choices(&self) -> &'static [&'static str] {
        match self {
            Shape::Enum(c) | Shape::AnyCase(c) | Shape::Titled(c) => c,
            Shape::AnyOf(forms) => forms.iter().map(Shape::choices).find(|c| !c.is_empty()).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether a value of this shape may be a map of the key's section.
    pub fn has_section(&self) -> bool {
        match self {
            Shape::Section => true,
            Shape::AnyOf(forms) => forms.iter().any(Shape::has_section),
            Shape::List(s) | Shape::Keyed(_, s) => s.has_section(),
            _ => false,
        }
    }
}

/// One key of a convox.yml section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Key {
    /// The key as written in convox.yml.
    pub name: &'static str,
    /// The values it takes, as data.
    #[serde(skip)]
    pub shape: Shape,
    /// One line: what the key does.
    pub doc: &'static str,
    /// The Kubernetes field or object it becomes (empty when it makes none).
    pub kubernetes: &'static str,
    /// The forms Convox accepts, e.g. `int`, `"scheme:port"`, `{port, scheme}`.
    pub forms: &'static str,
    /// The default Convox applies when the key is absent (empty when there is none).
    pub default: &'static str,
    /// The [`Section`] that lists this key's own keys, when its value has some.
    pub section: Option<&'static str>,
    /// The first rack release that reads the key: an older rack's YAML reader drops it, as it
    /// drops any key its struct has no field for ([`crate::rack_version::OLDEST`]: every rack
    /// the tool knows reads it).
    pub since: RackVersion,
}

/// Whether this build carries the keys' documentation (what a key does, its forms, default
/// and Kubernetes field): read only by the editor's help, the JSON Schema and the CLI's
/// schema, never by loading. The playground's first wasm leaves it out ([`super::FULL`]).
const DOCS: bool = super::FULL;

/// `text` where the build carries documentation ([`DOCS`]), else empty: evaluated at compile
/// time, so the text is not in a build without it.
const fn docs(text: &'static str) -> &'static str {
    if DOCS {
        text
    } else {
        ""
    }
}

impl Key {
    /// A key whose value is a scalar or list (no keys of its own).
    pub const fn new(
        name: &'static str,
        shape: Shape,
        forms: &'static str,
        default: &'static str,
        kubernetes: &'static str,
        doc: &'static str,
    ) -> Key {
        let (doc, kubernetes, forms, default) = (docs(doc), docs(kubernetes), docs(forms), docs(default));
        Key { name, shape, doc, kubernetes, forms, default, section: None, since: OLDEST }
    }

    /// The same key, whose value's own keys are documented by the section at `path`.
    pub const fn within(self, path: &'static str) -> Key {
        Key { section: Some(path), ..self }
    }

    /// The same key, read by racks from release `version` on.
    pub const fn since(self, version: RackVersion) -> Key {
        Key { since: version, ..self }
    }

    /// Whether a rack of release `version` reads the key.
    pub fn known_at(&self, version: RackVersion) -> bool {
        self.since <= version
    }

    /// The warning for this key (written as `shown`, e.g. `health.port`) on a rack of
    /// release `version` that does not read it.
    pub fn newer_message(&self, shown: &str, version: RackVersion) -> String {
        format!(
            "{shown} is new in rack version {}: a {version} rack ignores it (its YAML reader drops keys it does not \
             know), so it changes no object; it takes effect once the rack is updated to {} or later",
            self.since, self.since
        )
    }
}

/// Where a key the current rack does not read comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Convox v2 ("Rack", ECS) convox.yml.
    ConvoxV2,
    /// docker-compose.yml, which Convox's first generation read.
    DockerCompose,
}

/// A key of Convox's previous generations: a Convox v3 rack ignores it (or refuses it, where
/// its reader says so), and `instead` says what to write in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Legacy {
    pub name: &'static str,
    pub origin: Origin,
    /// The v3 replacement, or what to do instead.
    pub instead: &'static str,
    /// The v3 key that takes the same value as written, when there is one.
    pub renamed: Option<&'static str>,
}

impl Legacy {
    pub const fn v2(name: &'static str, instead: &'static str) -> Legacy {
        Legacy { name, origin: Origin::ConvoxV2, instead, renamed: None }
    }

    pub const fn compose(name: &'static str, instead: &'static str) -> Legacy {
        Legacy { name, origin: Origin::DockerCompose, instead, renamed: None }
    }

    /// The same key, whose value `to` takes as it is.
    pub const fn renamed(self, to: &'static str) -> Legacy {
        Legacy { renamed: Some(to), ..self }
    }

    /// The quick fix: rename the key (`key` is its span) to its v3 form where one takes the
    /// value as written; else remove the whole entry (`entry`: the key and its value), which
    /// changes nothing on a v3 rack, since it ignores the key.
    pub(crate) fn fix(&self, key: Span, entry: Span) -> Option<Fix> {
        Some(match self.renamed {
            Some(to) => Fix::replace(format!("Replace {} with {to}", self.name), key, to),
            None => Fix::replace(format!("Remove {} (a Convox v3 rack ignores it)", self.name), entry, ""),
        })
    }

    /// The warning convox.yml gets for this key.
    pub fn message(&self) -> String {
        let name = self.name;
        let instead = self.instead;
        match self.origin {
            Origin::ConvoxV2 => {
                format!("{name} is a Convox v2 key; a Convox v3 rack ignores it. {instead}")
            }
            Origin::DockerCompose => format!(
                "{name} is a docker-compose key (Convox's first generation read docker-compose.yml); a Convox v3 rack ignores it. {instead}"
            ),
        }
    }
}

/// One section of convox.yml (a model struct) and its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Where the section sits: `services.<name>.scale`; `[]` marks the items of a list.
    pub path: &'static str,
    /// One line: what the section is.
    pub doc: &'static str,
    pub keys: Vec<Key>,
    /// Keys of earlier Convox generations, warned about with their replacement.
    pub legacy: &'static [Legacy],
    /// Keys match in any case (the rack reads this section with JSON field names, as
    /// sigs.k8s.io/yaml does); otherwise they match exactly.
    pub case_insensitive: bool,
}

// ---------------------------------------------------------------------------------------
// the tables the decoder runs

/// Reads one key's value into the struct: `(cx, path of the key, value, struct)`.
pub(crate) type Read<T> = fn(&mut Cx, &str, &Node, &mut T);

/// A key and how to read it.
pub(crate) struct Field<T: 'static> {
    pub key: Key,
    pub read: Read<T>,
}

/// One model struct: its keys, each with its read, and what the rack calls the type.
pub(crate) struct Table<T: 'static> {
    pub path: &'static str,
    pub doc: &'static str,
    /// The Go type the rack decodes into, for type errors (`manifest.ServiceLifecycle`).
    pub go: &'static str,
    /// Read with JSON field names (sigs.k8s.io/yaml): keys match in any case.
    pub json: bool,
    pub fields: &'static [Field<T>],
    pub legacy: &'static [Legacy],
}

/// A table's keys and settings, whatever struct it reads into: what the decoder's walk
/// (`decode::table`) needs, behind one vtable per table instead of one walk per struct.
pub(crate) trait Keys {
    /// Where the section sits (`services.<name>.scale`).
    fn path(&self) -> &'static str;
    fn json(&self) -> bool;
    fn go(&self) -> &'static str;
    fn legacy(&self) -> &'static [Legacy];
    fn len(&self) -> usize;
    fn key(&self, i: usize) -> &'static Key;

    /// The index of the field for a key as written, and whether it matched only ignoring case.
    fn field(&self, name: &str) -> Option<(usize, bool)> {
        let len = self.len();
        if let Some(i) = (0..len).find(|&i| self.key(i).name == name) {
            return Some((i, false));
        }
        if self.json() {
            return (0..len).find(|&i| self.key(i).name.eq_ignore_ascii_case(name)).map(|i| (i, true));
        }
        None
    }
}

impl<T> Keys for Table<T> {
    fn path(&self) -> &'static str {
        self.path
    }

    fn json(&self) -> bool {
        self.json
    }

    fn go(&self) -> &'static str {
        self.go
    }

    fn legacy(&self) -> &'static [Legacy] {
        self.legacy
    }

    fn len(&self) -> usize {
        self.fields.len()
    }

    fn key(&self, i: usize) -> &'static Key {
        &self.fields[i].key
    }
}

/// A table seen as documentation, whatever struct it reads into.
pub(crate) trait Doc: Sync {
    fn section(&self) -> Section;
}

impl<T> Doc for Table<T> {
    fn section(&self) -> Section {
        Section {
            path: self.path,
            doc: self.doc,
            keys: self.fields.iter().map(|f| f.key).collect(),
            legacy: self.legacy,
            case_insensitive: self.json,
        }
    }
}
