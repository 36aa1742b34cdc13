//! Loading convox.yml: the rack's fixtures, shorthand forms, defaults, positions, diagnostics.

use convox_k8s::manifest::{self, Env, Loaded, Manifest, Service};
use convox_k8s::Severity;

macro_rules! testdata {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/convox-testdata/", $name))
    };
}

fn load(src: &str) -> Loaded {
    manifest::load(src, &Env::new())
}

fn load_env(src: &str, pairs: &[(&str, &str)]) -> Loaded {
    let env: Env = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    manifest::load(src, &env)
}

fn service<'m>(m: &'m Manifest, name: &str) -> &'m Service {
    m.service(name).unwrap_or_else(|| panic!("no service {name}"))
}

#[test]
fn debug_full() {
    let l = load_env(testdata!("full.yml"), &[("OTHERGLOBAL", "x"), ("SECRET", "y")]);
    for d in &l.diagnostics {
        eprintln!("{d:?}");
    }
    let m = l.manifest.unwrap();
    eprintln!("{:#?}", service(&m, "inherit"));
    assert_eq!(l.diagnostics.iter().filter(|d| d.severity == Severity::Error).count(), 0);
}
