//! The JSON Schema of convox.yml (`convox-k8s schema`, published as `www/convox.schema.json`)
//! against the core that it is generated from: it accepts every convox.yml the core reads
//! without a warning (fixtures, the complete example, the rack's own test files), it refuses
//! the unknown and previous-generation keys the core warns about, its name patterns and closed
//! sets agree with the core's checks, every key is described, and every key of the tables is
//! in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use convox_k8s::manifest::{self, json_schema, Env};
use convox_k8s::profile::RackVersion;
use convox_k8s::{analyze, Options};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&json_schema()).expect("the schema is valid draft-07")
}

/// The schema of rack release `version` (a fixture's `rack` file may choose an older one).
fn validator_at(version: RackVersion) -> jsonschema::Validator {
    jsonschema::draft7::new(&manifest::json_schema_at(version)).expect("the schema is valid draft-07")
}

/// A YAML text as the JSON an editor validates: keys as strings, `<<` merges applied.
fn to_json(text: &str) -> Value {
    fn convert(v: serde_yaml::Value) -> Value {
        match v {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(b),
            serde_yaml::Value::Number(n) => serde_json::to_value(n).unwrap_or(Value::Null),
            serde_yaml::Value::String(s) => Value::String(s),
            serde_yaml::Value::Sequence(items) => Value::Array(items.into_iter().map(convert).collect()),
            serde_yaml::Value::Mapping(m) => Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let key = match k {
                            serde_yaml::Value::String(s) => s,
                            other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_string(),
                        };
                        (key, convert(v))
                    })
                    .collect(),
            ),
            serde_yaml::Value::Tagged(t) => convert(t.value),
        }
    }
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or(serde_yaml::Value::Null);
    let _ = value.apply_merge();
    convert(value)
}

/// Every convox.yml the tests hold, with its release env and rack release: the fixtures (oracle
/// cases too), the complete example and the rack's own test files.
fn manifests() -> Vec<(PathBuf, String, Env, RackVersion)> {
    let mut out = Vec::new();
    for f in convox_k8s::testing::fixtures() {
        out.push((f.dir.join("convox.yml"), f.source, f.options.env, f.options.profile.version()));
    }
    let fixtures = convox_k8s::testing::root();
    for dir in [fixtures.join("oracle"), root().join("tests/corpus/convox")] {
        for file in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            if file.extension().is_some_and(|x| x == "yml") {
                let text = std::fs::read_to_string(&file).unwrap();
                out.push((file, text, Env::new(), RackVersion::default()));
            }
        }
    }
    let example = root().join("www/examples/complete.convox.yml");
    out.push((
        example.clone(),
        std::fs::read_to_string(&example).unwrap(),
        Env::new(),
        RackVersion::default(),
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// The diagnostics about the text itself: not the ones only the release environment causes
/// (an unset variable), which a schema cannot know.
fn about_the_text(text: &str, env: &Env, version: RackVersion) -> Vec<convox_k8s::Diagnostic> {
    let only_env = |d: &convox_k8s::Diagnostic| {
        !d.fixes.is_empty()
            && d.fixes
                .iter()
                .flat_map(|f| &f.edits)
                .all(|e| matches!(e, convox_k8s::diagnostic::Edit::Env { .. }))
    };
    manifest::load_at(text, env, version).diagnostics.into_iter().filter(|d| !only_env(d)).collect()
}

#[test]
fn the_schema_accepts_every_manifest_the_core_reads_without_a_warning() {
    let mut validators = std::collections::BTreeMap::new();
    let mut checked = 0;
    for (path, text, env, version) in manifests() {
        if !about_the_text(&text, &env, version).is_empty() {
            continue;
        }
        let validator = validators.entry(version).or_insert_with(|| validator_at(version));
        let found = errors(validator, &to_json(&text));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} manifests were read without a warning");
}

#[test]
fn the_complete_example_is_read_without_a_warning_and_accepted() {
    let text = std::fs::read_to_string(root().join("www/examples/complete.convox.yml")).unwrap();
    assert_eq!(about_the_text(&text, &Env::new(), RackVersion::default()), vec![]);
    assert_eq!(errors(&validator(), &to_json(&text)), Vec::<String>::new());
}

#[test]
fn the_schema_refuses_every_key_the_core_warns_is_unknown_or_from_an_earlier_generation() {
    let validator = validator();
    let mut validators = std::collections::BTreeMap::new();
    let mut refused = 0;
    for (path, text, env, version) in manifests() {
        let loaded = manifest::load_at(&text, &env, version);
        // Unknown keys, previous generations' keys, and keys of a later release than the rack's.
        let warned = loaded.diagnostics.iter().any(|d| {
            d.message.starts_with("unknown key")
                || d.message.contains("a Convox v3 rack ignores it")
                || d.message.contains("is new in rack version")
        });
        if warned {
            let validator = validators.entry(version).or_insert_with(|| validator_at(version));
            assert!(!validator.is_valid(&to_json(&text)), "{}: the schema accepts it", path.display());
            refused += 1;
        }
    }
    assert!(refused >= 2, "the fixtures have unknown keys ({refused})");
    for (yaml, key) in [
        ("servicess:\n  web: {}\n", "servicess"),
        ("services:\n  web:\n    health:\n      internal: 5\n", "internal"),
        ("services:\n  web:\n    links: [db]\n", "links"),
        ("version: \"3\"\nservices:\n  web: {}\n", "version"),
        ("services:\n  web:\n    scale:\n      count: {min: 1, most: 3}\n", "most"),
        ("services:\n  web:\n    scale:\n      keda:\n        pollinginterval: 5\n", "pollinginterval"),
    ] {
        let warned = manifest::load(yaml, &Env::new()).diagnostics;
        assert!(warned.iter().any(|d| d.message.contains(key)), "the core warns about {key}: {warned:?}");
        assert!(!validator.is_valid(&to_json(yaml)), "the schema refuses {key}");
    }
}

#[test]
fn name_patterns_agree_with_the_rack_name_rule() {
    let validator = validator();
    for name in ["web", "web-2", "w", "a-b-c", "Web", "2web", "web_x", "wéb", "-web"] {
        for section in ["services", "resources", "timers"] {
            let body = match section {
                "resources" => "{type: redis}",
                "timers" => "{schedule: \"* * * * *\", command: x, service: web}",
                _ => "{}",
            };
            let web = if section == "services" { "" } else { "services:\n  web: {}\n" };
            let yaml = format!("{web}{section}:\n  {name}: {body}\n");
            let invalid = analyze(&yaml, &Options::default())
                .diagnostics
                .iter()
                .any(|d| d.message.contains("must contain only lowercase alphanumeric and dashes"));
            assert_eq!(validator.is_valid(&to_json(&yaml)), !invalid, "{section}.{name}");
        }
    }
}

#[test]
fn closed_sets_are_what_the_core_accepts() {
    let validator = validator();
    // No error about the key itself (others, such as a rack setting a key needs, may come).
    let ok = |yaml: &str, key: &str| {
        let a = analyze(yaml, &Options::default());
        a.diagnostics.iter().all(|d| {
            !d.is_error()
                || !(d.message.contains(key) || d.path.as_deref().unwrap_or_default().ends_with(key))
        })
    };
    let key = |path: &str, name: &str| {
        manifest::section(path).and_then(|s| s.keys.iter().find(|k| k.name == name).copied()).unwrap()
    };
    for kind in key("resources.<name>", "type").shape.choices() {
        let yaml = format!("resources:\n  db:\n    type: {kind}\n");
        assert!(ok(&yaml, "type"), "{kind}");
        assert!(validator.is_valid(&to_json(&yaml)), "{kind}");
    }
    let yaml = "resources:\n  db:\n    type: postgress\n";
    assert!(!ok(yaml, "type") && !validator.is_valid(&to_json(yaml)));
    for mode in ["Off", "initial", "RECREATE", "off"] {
        let yaml = format!("services:\n  web:\n    scale:\n      vpa: {{updateMode: {mode}}}\n");
        assert!(ok(&yaml, "updateMode") && validator.is_valid(&to_json(&yaml)), "{mode}");
    }
    let yaml = "services:\n  web:\n    scale:\n      vpa: {updateMode: Auto}\n";
    assert!(!ok(yaml, "updateMode") && !validator.is_valid(&to_json(yaml)));
    let timer = |c: &str| {
        format!("services:\n  web: {{}}\ntimers:\n  t:\n    schedule: \"* * * * *\"\n    command: x\n    service: web\n    concurrency: {c}\n")
    };
    for c in ["Allow", "forbid", "Replace"] {
        assert!(ok(&timer(c), "concurrency") && validator.is_valid(&to_json(&timer(c))), "{c}");
    }
    assert!(!ok(&timer("FORBID"), "concurrency") && !validator.is_valid(&to_json(&timer("FORBID"))));
    for (a, good) in [("alert-only", true), ("block-new-deploys", true), ("stop", false)] {
        let yaml = format!("budget:\n  atCapAction: {a}\n");
        assert_eq!(ok(&yaml, "atCapAction"), good, "{a}");
        assert_eq!(validator.is_valid(&to_json(&yaml)), good, "{a}");
    }
}

#[test]
fn interpolated_values_are_accepted_where_a_number_or_a_closed_set_is() {
    let validator = validator();
    let yaml = "services:\n  web:\n    port: ${PORT}\n    agent: ${AGENT}\n    scale:\n      count: ${COUNT}\n      vpa: {updateMode: \"${MODE}\"}\n";
    assert_eq!(errors(&validator, &to_json(yaml)), Vec::<String>::new());
    assert!(!validator.is_valid(&to_json("services:\n  web:\n    port: three\n")));
}

/// Every (definition, key) the schema reaches from its root, following `$ref`s.
fn reachable(schema: &Value) -> BTreeSet<(String, String)> {
    fn walk(
        v: &Value,
        at: &str,
        defs: &Value,
        seen: &mut BTreeSet<String>,
        out: &mut BTreeSet<(String, String)>,
    ) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    let name = r.trim_start_matches("#/definitions/").to_string();
                    if seen.insert(name.clone()) {
                        walk(&defs[&name], &name, defs, seen, out);
                    }
                }
                if let Some(Value::Object(props)) = o.get("properties") {
                    for (k, p) in props {
                        out.insert((at.to_string(), k.clone()));
                        walk(p, at, defs, seen, out);
                    }
                }
                for (k, child) in o {
                    if k != "properties" && k != "$ref" && k != "definitions" {
                        walk(child, at, defs, seen, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, at, defs, seen, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    let defs = schema["definitions"].clone();
    walk(&Value::Object(schema.as_object().unwrap().clone()), "", &defs, &mut BTreeSet::new(), &mut out);
    out
}

#[test]
fn every_key_of_the_tables_is_in_the_published_schema_and_described() {
    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("www/convox.schema.json")).unwrap())
            .unwrap();
    let reached = reachable(&published);
    let mut want = BTreeSet::new();
    for section in manifest::sections() {
        let def = if section.path.is_empty() { String::new() } else { json_schema::definition(section.path) };
        let props = if section.path.is_empty() {
            &published["properties"]
        } else {
            &published["definitions"][&def]["properties"]
        };
        for key in section.keys.iter().map(|k| k.name).chain(section.legacy.iter().map(|l| l.name)) {
            want.insert((def.clone(), key.to_string()));
            let description = props[key]["description"].as_str().unwrap_or_default();
            assert!(!description.is_empty(), "{}.{key} has no description in the schema", section.path);
        }
    }
    let missing: Vec<_> = want.difference(&reached).collect();
    assert!(missing.is_empty(), "keys the tables read that the schema lacks: {missing:?}");
    let extra: Vec<_> = reached.iter().filter(|k| !want.contains(*k)).collect();
    // `{min, max}` of a count is the only map no table reads.
    assert!(extra.iter().all(|(_, k)| k == "min" || k == "max"), "keys no table reads: {extra:?}");
}

#[test]
fn the_published_schema_is_what_convox_k8s_schema_prints() {
    let path = root().join("www/convox.schema.json");
    let mut generated = serde_json::to_string_pretty(&json_schema()).unwrap();
    generated.push('\n');
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "www/convox.schema.json is not what `convox-k8s schema` prints: run `UPDATE_SCHEMA=1 cargo test --test schema` (or `convox-k8s schema > www/convox.schema.json`) and commit it"
    );
}
