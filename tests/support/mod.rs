//! The fixtures' loader, shared by the integration tests that walk every
//! `tests/fixtures/<case>/`: its convox.yml, an optional `env` file (`KEY=VALUE` lines) and an
//! optional `rack` file (`provider=NAME` and `PARAM=VALUE` lines, `convox rack params` names).
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use convox_k8s::manifest::Env;
use convox_k8s::profile::{Profile, Provider};
use convox_k8s::{analyze, Analysis, Options};

/// Every fixture directory, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.join("convox.yml").exists())
        .collect();
    dirs.sort();
    dirs
}

/// The fixture's release environment (its `env` file; none: empty).
pub fn env_of(dir: &Path) -> Env {
    let text = std::fs::read_to_string(dir.join("env")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').expect("env lines are KEY=VALUE");
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// The fixture's rack profile (its `rack` file; none: a default AWS rack).
pub fn profile_of(dir: &Path) -> Profile {
    let text = std::fs::read_to_string(dir.join("rack")).unwrap_or_default();
    let lines: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let provider = lines.iter().find_map(|l| l.strip_prefix("provider=")).unwrap_or("aws");
    let mut profile = Profile::new(Provider::parse(provider).expect("a known provider"));
    for l in lines.iter().filter(|l| !l.starts_with("provider=")) {
        profile.set_pair(l).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    profile
}

/// The fixture's options: its environment and rack profile.
pub fn options_of(dir: &Path) -> Options {
    Options { env: env_of(dir), profile: profile_of(dir), ..Options::default() }
}

/// The fixture's convox.yml and its analysis under the fixture's options.
pub fn run(dir: &Path) -> (String, Analysis) {
    let source = std::fs::read_to_string(dir.join("convox.yml")).expect("fixture readable");
    let analysis = analyze(&source, &options_of(dir));
    (source, analysis)
}
