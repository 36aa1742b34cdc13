//! The fixtures, for every test that walks them (unit tests in `src/` and the integration tests
//! in `tests/`): the one loader of `tests/fixtures/<case>/`.
//!
//! A case is a directory with a `convox.yml` and optionally:
//! - `env`: the release environment, `KEY=VALUE` lines (read by [`crate::env::read`]);
//! - `rack`: the rack profile, a `provider=NAME` line and `PARAM=VALUE` lines (`convox rack
//!   params` names; none: a default AWS rack);
//! - `expect-errors`: a marker, the manifest is expected to have errors.
//!
//! Not part of the product (hidden from the docs, absent from the wasm); public because the
//! integration tests are other crates.

use std::path::{Path, PathBuf};

use crate::manifest::Env;
use crate::profile::{Profile, Provider, RackVersion};
use crate::{analyze, Analysis, Options};

/// One fixture: its files, read.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The directory's name (`seed-example`, `keda-on`…).
    pub name: String,
    pub dir: PathBuf,
    /// Its convox.yml.
    pub source: String,
    /// Its release environment and rack profile (the defaults for the rest).
    pub options: Options,
    /// Whether it carries the `expect-errors` marker.
    pub expect_errors: bool,
}

impl Fixture {
    /// Reads the fixture in `dir`. Panics on a file that is there but cannot be read: a broken
    /// fixture is a failing test, never one that is quietly skipped.
    pub fn read(dir: &Path) -> Fixture {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let source = std::fs::read_to_string(dir.join("convox.yml"))
            .unwrap_or_else(|e| panic!("{}: convox.yml: {e}", dir.display()));
        let options = Options { env: env_of(dir), profile: profile_of(dir), ..Options::default() };
        Fixture {
            name,
            dir: dir.to_path_buf(),
            source,
            options,
            expect_errors: dir.join("expect-errors").exists(),
        }
    }

    /// Its analysis under its options.
    pub fn analyze(&self) -> Analysis {
        analyze(&self.source, &self.options)
    }

    /// Its analysis under its options with why-not (the objects not created).
    pub fn analyze_why_not(&self) -> Analysis {
        analyze(&self.source, &Options { why_not: true, ..self.options.clone() })
    }

    /// Whether its rack is not a default AWS rack (a `rack` file with something in it).
    pub fn has_profile(&self) -> bool {
        self.options.profile != Profile::default()
    }
}

/// The fixtures' root, `tests/fixtures`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture, sorted by name (a directory without a convox.yml is not one).
pub fn fixtures() -> Vec<Fixture> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.join("convox.yml").exists())
        .collect();
    dirs.sort();
    let all: Vec<Fixture> = dirs.iter().map(|d| Fixture::read(d)).collect();
    assert!(all.len() > 40, "only {} fixtures: tests/fixtures missing?", all.len());
    all
}

/// The fixture named `name`.
pub fn fixture(name: &str) -> Fixture {
    Fixture::read(&root().join(name))
}

/// A fixture directory's release environment (its `env` file; none: empty).
pub fn env_of(dir: &Path) -> Env {
    let Ok(text) = std::fs::read_to_string(dir.join("env")) else { return Env::new() };
    let (env, problems) = crate::env::read(&text);
    assert!(problems.is_empty(), "{}/env: {problems:?}", dir.display());
    env
}

/// A fixture directory's rack profile (its `rack` file; none: a default AWS rack).
pub fn profile_of(dir: &Path) -> Profile {
    let Ok(text) = std::fs::read_to_string(dir.join("rack")) else { return Profile::default() };
    parse_profile(&text).unwrap_or_else(|e| panic!("{}/rack: {e}", dir.display()))
}

/// A `rack` file's profile: `provider=NAME` (default `aws`), `rack_version=VERSION` (default the
/// newest) and `PARAM=VALUE` lines; blank lines and `#` comments skipped.
pub fn parse_profile(text: &str) -> Result<Profile, String> {
    let lines: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let provider = lines.iter().find_map(|l| l.strip_prefix("provider=")).unwrap_or("aws");
    let version = match lines.iter().find_map(|l| l.strip_prefix("rack_version=")) {
        Some(v) => RackVersion::parse(v).map_err(|e| e.to_string())?,
        None => RackVersion::default(),
    };
    let mut profile = Profile::at(Provider::parse(provider).map_err(|e| e.to_string())?, version);
    for l in lines.iter().filter(|l| !l.starts_with("provider=") && !l.starts_with("rack_version=")) {
        profile.set_pair(l).map_err(|e| e.to_string())?;
    }
    Ok(profile)
}

/// How many generated profiles [`analyses_on_every_profile`] adds per fixture.
pub const GENERATED_PROFILES: u64 = 8;

/// A rack profile drawn from `seed`: a provider, for each of its parameters either its default
/// or a value of its kind (both switch positions, each choice, a percentage, a URL…), and for
/// odd seeds a rack release drawn from the known ones,
/// so that tests meet the objects only some racks render (HTTPProxy, Certificate, ScaledObject,
/// VerticalPodAutoscaler, Azure Files claims…).
pub fn random_profile(seed: u64) -> Profile {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = move || {
        // splitmix64: small, and good enough to spread a handful of choices.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let provider = Provider::ALL[(next() % Provider::ALL.len() as u64) as usize];
    let mut profile = Profile::new(provider);
    // Only the parameters that change an app's objects there: the others change nothing.
    for p in crate::profile::PARAMS.iter().filter(|p| p.changes_app_on(provider)) {
        use crate::profile::Kind;
        let roll = next();
        if roll % 3 == 0 {
            continue; // the default
        }
        const GATES: [&str; 4] = [
            "app-limit-required=true,disable-host-users=true",
            "external-dns-resolver=1.1.1.1,system-env-disable=true",
            "resource-internal-domain-suffix=svc.corp.internal",
            "tid",
        ];
        let value = match p.kind {
            _ if p.name == "api_feature_gates" => GATES[(roll >> 8) as usize % GATES.len()].to_string(),
            _ if p.name == "name" => continue, // the fixture's own rack name
            Kind::Bool => if roll % 2 == 0 { "true" } else { "false" }.to_string(),
            Kind::Choice(values) => values[(roll >> 8) as usize % values.len()].to_string(),
            Kind::Percent => ((roll >> 8) % 101).to_string(),
            Kind::Number => ((roll >> 8) % 100).to_string(),
            Kind::Url => "http://prometheus.example.com:9090".to_string(),
            Kind::Text => "convox".to_string(),
            Kind::Cidrs => "10.0.0.0/8,192.168.0.0/16".to_string(),
            Kind::Domain => "apps.example.com".to_string(),
            Kind::Name => "eu-west-1".to_string(),
        };
        // A value the parameter does not take (a kind added later) keeps the default.
        let _ = profile.set(p.name, &value);
    }
    // Every other profile on an older rack release (drawn last, so the parameters drawn for a
    // seed stay the same; a parameter the release does not have acts as its default there).
    if seed % 2 == 1 {
        let known = crate::rack_version::KNOWN;
        profile = profile.with_version(known[(next() % known.len() as u64) as usize]);
    }
    profile
}

/// Every fixture analysed on its own profile, then on [`GENERATED_PROFILES`] generated ones
/// (with its own release env): `(what, analysis)`, `what` naming the fixture and profile.
pub fn analyses_on_every_profile() -> Vec<(String, Analysis)> {
    let mut out = Vec::new();
    for (i, f) in fixtures().iter().enumerate() {
        out.push((format!("{} (its own rack)", f.name), f.analyze()));
        for n in 0..GENERATED_PROFILES {
            let seed = i as u64 * GENERATED_PROFILES + n;
            let options = Options { profile: random_profile(seed), ..f.options.clone() };
            out.push((format!("{} (generated rack {seed})", f.name), analyze(&f.source, &options)));
        }
    }
    out
}

/// How many objects of each kind `analyses` hold (run-time entries without an object aside).
pub fn kinds_count<'a>(
    analyses: impl IntoIterator<Item = &'a Analysis>,
) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for a in analyses {
        for e in a.entries.iter().filter(|e| e.object.is_some()) {
            *counts.entry(e.kind.clone()).or_default() += 1;
        }
    }
    counts
}

/// The kinds only some racks render: an "every fixture" test must meet each of them.
pub const PROFILE_KINDS: &[&str] =
    &["HTTPProxy", "Certificate", "ScaledObject", "TriggerAuthentication", "VerticalPodAutoscaler"];

/// Fails unless `analyses` hold objects of every kind only some racks render, and Azure Files
/// claims; prints the counts (`cargo test -- --nocapture` shows them).
pub fn assert_every_profile_kind<'a>(analyses: impl IntoIterator<Item = &'a Analysis> + Clone) {
    let counts = kinds_count(analyses.clone());
    let azure = analyses
        .into_iter()
        .flat_map(|a| &a.entries)
        .filter(|e| {
            e.kind == "PersistentVolumeClaim" && e.name.starts_with("azurefiles-") && e.object.is_some()
        })
        .count();
    println!("objects per kind: {counts:?}; Azure Files claims: {azure}");
    for kind in PROFILE_KINDS {
        assert!(counts.get(*kind).copied().unwrap_or(0) > 0, "no {kind} in any analysis: {counts:?}");
    }
    assert!(azure > 0, "no Azure Files claim in any analysis");
}
