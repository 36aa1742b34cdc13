//! Every rack parameter of every provider is in `profile::PARAMS`, with the rack's own default:
//! read from the rack's `terraform/system/<provider>/variables.tf`, vendored unmodified in
//! `tests/corpus/convox/terraform/` (origin in its README).

use std::collections::BTreeMap;
use std::path::Path;

use convox_k8s::profile::{self, Profile, Provider, PARAMS};

/// One `variable` block: its name and default (`None`: no default, the install asks for it).
#[derive(Debug)]
struct Variable {
    name: String,
    default: Option<String>,
}

/// The variables of a terraform file, as `variable "NAME" { … default = VALUE … }` blocks
/// declare them (a quoted default without its quotes).
fn variables(text: &str) -> Vec<Variable> {
    let mut out = Vec::new();
    let mut current: Option<Variable> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("variable \"") {
            let name = rest.split('"').next().expect("a quoted name").to_string();
            current = Some(Variable { name, default: None });
        } else if line == "}" {
            out.extend(current.take());
        } else if let (Some(v), Some(value)) = (current.as_mut(), line.strip_prefix("default")) {
            let value = value.trim_start().strip_prefix('=').expect("default = value").trim();
            v.default = Some(value.trim_matches('"').to_string());
        }
    }
    out
}

fn rack_variables() -> BTreeMap<Provider, Vec<Variable>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/convox/terraform");
    Provider::ALL
        .into_iter()
        .map(|p| {
            let file = root.join(p.name()).join("variables.tf");
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            (p, variables(&text))
        })
        .collect()
}

#[test]
fn the_vendored_variables_files_are_read_whole() {
    let counts: Vec<usize> = rack_variables().values().map(Vec::len).collect();
    // aws, azure, gcp, do, local, metal at the rack release this tool follows.
    assert_eq!(counts, [141, 33, 21, 23, 10, 12]);
}

#[test]
fn every_rack_parameter_of_every_provider_is_declared_with_its_default() {
    let mut missing = Vec::new();
    for (provider, vars) in rack_variables() {
        for v in vars {
            let Some(p) = profile::param(&v.name) else {
                missing.push(format!("{}: {} is not in PARAMS", provider.name(), v.name));
                continue;
            };
            if !p.providers.contains(&provider) {
                missing.push(format!("{}: {} does not list {}", provider.name(), v.name, provider.name()));
            }
            match &v.default {
                Some(d) if p.default_on(provider) != d => missing.push(format!(
                    "{}: {} defaults to {d:?} on the rack, {:?} here",
                    provider.name(),
                    v.name,
                    p.default_on(provider)
                )),
                None if !p.required => missing.push(format!(
                    "{}: {} has no default on the rack: mark it required",
                    provider.name(),
                    v.name
                )),
                _ => {}
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn no_parameter_is_declared_that_the_rack_does_not_have() {
    let vars = rack_variables();
    let mut extra = Vec::new();
    for p in PARAMS {
        for provider in p.providers {
            if !vars[provider].iter().any(|v| v.name == p.name) {
                extra.push(format!("{} on {}", p.name, provider.name()));
            }
        }
        assert!(p.changes_app.iter().all(|c| p.providers.contains(c)), "{}", p.name);
        let says_nothing =
            p.doc.contains("changes nothing in an app's objects") || p.doc.contains("no app object");
        assert_eq!(p.changes_app.is_empty(), says_nothing, "{}: its doc and changes_app disagree", p.name);
    }
    assert!(extra.is_empty(), "{extra:#?}");
    let mut names: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a parameter is declared twice");
}

#[test]
fn every_parameter_takes_its_default() {
    for provider in Provider::ALL {
        let mut profile = Profile::new(provider);
        for p in PARAMS.iter().filter(|p| p.providers.contains(&provider)) {
            let value = if p.required { "prod" } else { p.default_on(provider) };
            profile.set(p.name, value).unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
        }
    }
}
