//! The rack version as part of the rack profile: the keys each release reads (the loader's
//! warnings, the JSON Schema and the objects agree), the CLI's `--rack-version` and the
//! contract's `profile.rackVersion`.
//!
//! The expected releases below come from convox/convox's history (the first release whose
//! `pkg/manifest` struct has the field), not from the key tables the code reads.

use std::process::Command;

use convox_k8s::manifest::{self, json_schema_at, Env};
use convox_k8s::profile::{Profile, Provider, RackVersion};
use convox_k8s::rack_version::{self, KNOWN, V3_22_5, V3_23_4, V3_24_5, V3_24_9};
use convox_k8s::{analyze, Options};
use serde_json::Value;

/// A manifest that writes every key a later release brought, each once.
const EVERY_NEWER_KEY: &str = "\
budget:
  shutdownOrder: newest
services:
  web:
    port: 3000
    disableHostUsers: true
    nodeAffinityLabels:
      - label: zone
        value: a
        weight: 10
    securityContext:
      runAsNonRoot: true
    imagePullSecrets:
      - registry: ghcr.io
        username: me
        password: secret
    health:
      port: 3001
    liveness:
      path: /live
      port: 3002
    scale:
      count: 1-3
      keda:
        pollingInterval: 5
      vpa:
        updateMode: \"Off\"
      min: 1
      max: 3
      autoscale:
        cpu:
          threshold: 70
    volumeOptions:
      - emptyDir:
          id: tmp
          mountPath: /tmp
          sizeLimit: 1Gi
      - azureFiles:
          id: share
          mountPath: /share
          accessMode: ReadWriteMany
timers:
  t:
    schedule: \"0 * * * *\"
    service: web
    parallelCount: 2
";

/// Each newer key of [`EVERY_NEWER_KEY`]: its path and the first release that reads it.
const SINCE: &[(&str, &str)] = &[
    ("budget", "3.24.6"),
    ("services.web.disableHostUsers", "3.23.4"),
    ("services.web.nodeAffinityLabels", "3.23.4"),
    ("services.web.securityContext", "3.24.5"),
    ("services.web.imagePullSecrets", "3.24.6"),
    ("services.web.health.port", "3.24.5"),
    ("services.web.liveness.port", "3.24.5"),
    ("services.web.scale.keda", "3.23.4"),
    ("services.web.scale.vpa", "3.23.4"),
    ("services.web.scale.min", "3.24.6"),
    ("services.web.scale.max", "3.24.6"),
    ("services.web.scale.autoscale", "3.24.6"),
    ("services.web.volumeOptions[0].emptyDir.sizeLimit", "3.24.5"),
    ("services.web.volumeOptions[1].azureFiles", "3.24.4"),
    ("timers.t.parallelCount", "3.22.5"),
];

fn newer_at(version: RackVersion) -> Vec<String> {
    let mut out: Vec<String> = SINCE
        .iter()
        .filter(|(_, since)| RackVersion::parse(since).unwrap() > version)
        .map(|(p, _)| p.to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_key_newer_than_the_rack_is_a_warning_at_the_key_and_changes_nothing() {
    for &version in KNOWN {
        let loaded = manifest::load_at(EVERY_NEWER_KEY, &Env::new(), version);
        let mut warned: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("is new in rack version"))
            .map(|d| d.path.clone().unwrap_or_default())
            .collect();
        warned.sort();
        assert_eq!(warned, newer_at(version), "at {version}");
        for d in loaded.diagnostics.iter().filter(|d| d.message.contains("is new in rack version")) {
            assert!(!d.is_error(), "{}", d.message);
            let since = SINCE.iter().find(|(p, _)| Some(*p) == d.path.as_deref()).unwrap().1;
            assert!(
                d.message.contains(&format!("a {version} rack ignores it")) && d.message.contains(since),
                "{}",
                d.message
            );
            assert!(d.fixes.iter().any(|f| f.title.starts_with("Remove")), "{d:?}");
        }
    }
    // The warning sits on the key, and the key makes no object.
    let options = Options { profile: Profile::at(Provider::Aws, V3_22_5), ..Options::default() };
    let a = analyze(EVERY_NEWER_KEY, &options);
    let d = a.diagnostics.iter().find(|d| d.path.as_deref() == Some("services.web.securityContext")).unwrap();
    let at = d.span.unwrap().start;
    assert_eq!(&EVERY_NEWER_KEY[at..at + "securityContext".len()], "securityContext");
    let kinds: Vec<&str> = a.entries.iter().filter(|e| e.object.is_some()).map(|e| e.kind.as_str()).collect();
    for absent in ["ScaledObject", "VerticalPodAutoscaler"] {
        assert!(!kinds.contains(&absent), "{absent} on a 3.22.5 rack: {kinds:?}");
    }
    assert!(!kinds.contains(&"PersistentVolumeClaim"), "no azureFiles claim at 3.22.5: {kinds:?}");
    assert!(kinds.contains(&"HorizontalPodAutoscaler"), "count 1-3 keeps its HPA at 3.22.5: {kinds:?}");
    let deployment = a.entries.iter().find(|e| e.kind == "Deployment").unwrap();
    let json = serde_json::to_value(deployment.object.as_deref().unwrap()).unwrap();
    let pod = &json["spec"]["template"]["spec"];
    assert!(
        pod["hostUsers"].is_null() && pod["affinity"].is_null() && pod["imagePullSecrets"].is_null(),
        "{pod}"
    );
    assert!(pod["containers"][0]["securityContext"].is_null());
    assert_eq!(pod["containers"][0]["readinessProbe"]["httpGet"]["port"], 3000);
    let tmp = pod["volumes"].as_array().unwrap().iter().find(|v| v["name"] == "ed-tmp").unwrap();
    assert_eq!(tmp["emptyDir"], serde_json::json!({}));
}

/// `services.web.volumeOptions[0].emptyDir` → `/services/web/volumeOptions/0/emptyDir`.
fn pointer(path: &str) -> String {
    path.split('.')
        .flat_map(|seg| seg.split('[').map(|p| p.trim_end_matches(']')).collect::<Vec<_>>())
        .map(|seg| format!("/{seg}"))
        .collect()
}

/// `document` without the value at each of `pointers`.
fn without(document: &Value, pointers: &[String]) -> Value {
    let mut out = document.clone();
    for p in pointers {
        let (parent, key) = p.rsplit_once('/').unwrap();
        if let Some(Value::Object(m)) = out.pointer_mut(parent) {
            m.remove(key);
        }
    }
    out
}

#[test]
fn the_schema_of_an_older_rack_refuses_the_keys_it_does_not_read() {
    let document = {
        let yaml: serde_yaml::Value = serde_yaml::from_str(EVERY_NEWER_KEY).unwrap();
        serde_json::to_value(yaml).unwrap()
    };
    let pointers: Vec<String> = SINCE.iter().map(|(p, _)| pointer(p)).collect();
    for &version in KNOWN {
        let schema = json_schema_at(version);
        let validator = jsonschema::draft7::new(&schema).expect("a valid draft-07 schema");
        let bare = without(&document, &pointers);
        assert!(validator.is_valid(&bare), "at {version}: {bare}");
        let mut refused: Vec<String> = Vec::new();
        for (i, (path, _)) in SINCE.iter().enumerate() {
            let others: Vec<String> =
                pointers.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p.clone()).collect();
            if !validator.is_valid(&without(&document, &others)) {
                refused.push(path.to_string());
            }
        }
        refused.sort();
        assert_eq!(refused, newer_at(version), "at {version}");
    }
    let description = |schema: &Value, pointer: &str| {
        schema.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_string()
    };
    let old = json_schema_at(V3_22_5);
    let message = description(&old, "/definitions/services.name/properties/securityContext/description");
    assert!(message.contains("new in rack version 3.24.5") && message.contains("a 3.22.5 rack ignores it"));
    let newest = json_schema_at(V3_24_9);
    let since = description(&newest, "/definitions/services.name/properties/securityContext/description");
    assert!(since.ends_with("Since: rack version 3.24.5"), "{since}");
    // Defaults follow the release too: 256 millicores before 3.23.4.
    let cpu =
        |schema: &Value| schema.pointer("/definitions/services.name.scale/properties/cpu/default").cloned();
    assert_eq!(cpu(&old), Some(Value::from(256)));
    assert_eq!(cpu(&json_schema_at(V3_23_4)), Some(Value::from(250)));
}

#[test]
fn the_contract_carries_the_chosen_rack_version() {
    for &version in KNOWN {
        let options = Options { profile: Profile::at(Provider::Aws, version), ..Options::default() };
        let a = analyze("services:\n  web:\n    port: 3000\n", &options);
        let json = serde_json::to_value(convox_k8s::output::contract(&a, "")).unwrap();
        assert_eq!(json["profile"]["rackVersion"], version.to_string());
    }
    let json =
        serde_json::to_value(convox_k8s::output::contract(&analyze("", &Options::default()), "")).unwrap();
    assert_eq!(json["profile"]["rackVersion"], "3.24.9", "the default is the newest");
}

/// Objects (as JSON) and messages (naming the release as `as_` does) of `source` at `profile`.
fn rendered(source: &str, options: &Options, as_: RackVersion) -> (Vec<String>, Vec<String>) {
    let a = analyze(source, options);
    let objects =
        a.entries.iter().filter_map(|e| e.object.as_deref()).map(|o| serde_json::to_string(o).unwrap());
    let version = options.profile.version().to_string();
    let messages = a.diagnostics.iter().map(|d| d.message.replace(&version, &as_.to_string()));
    (objects.collect(), messages.collect())
}

#[test]
fn versions_that_changed_nothing_render_as_the_one_before() {
    // Every fixture, on its own rack moved to each release, against the release it renders as.
    for f in convox_k8s::testing::fixtures() {
        for &version in KNOWN {
            let alias = version.renders_as();
            if alias == version {
                continue;
            }
            let at =
                |v: RackVersion| Options { profile: f.options.profile.with_version(v), ..f.options.clone() };
            let (ours, theirs) =
                (rendered(&f.source, &at(version), alias), rendered(&f.source, &at(alias), alias));
            assert!(
                ours.1 == theirs.1,
                "{}: {version} words as {alias}: {:?} / {:?}",
                f.name,
                ours.1,
                theirs.1
            );
            assert_eq!(ours.0.len(), theirs.0.len(), "{}: {version} renders as {alias}", f.name);
            for (a, b) in ours.0.iter().zip(&theirs.0) {
                assert!(a == b, "{}: {version} renders as {alias}:\n{a}\n{b}", f.name);
            }
        }
    }
    // And each behaviour differs from the one before it on some fixture.
    for pair in rack_version::BEHAVIOURS.windows(2) {
        let differs = convox_k8s::testing::fixtures().iter().any(|f| {
            let at =
                |v: RackVersion| Options { profile: f.options.profile.with_version(v), ..f.options.clone() };
            rendered(&f.source, &at(pair[0]), pair[0]).0 != rendered(&f.source, &at(pair[1]), pair[0]).0
        });
        assert!(differs, "no fixture renders differently at {} and {}", pair[0], pair[1]);
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_convox-k8s")).args(args).output().unwrap()
}

#[test]
fn an_unknown_rack_version_is_a_usage_error_naming_the_newest() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/web-app/convox.yml");
    for (bad, says) in [
        ("3.25.0", "the newest this tool knows is 3.24.9"),
        ("3.19.0", "the oldest this tool knows is 3.20.1"),
        ("3.22.3", "3.22.5, the newest patch"),
        ("latest", "is not a rack version"),
    ] {
        for command in ["map", "diff"] {
            let mut args = vec![command, file];
            if command == "diff" {
                args.push(file);
            }
            args.extend(["--rack-version", bad]);
            let out = cli(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command} {bad}: {stderr}");
            assert!(stderr.contains(says) && stderr.contains("3.24.9"), "{command} {bad}: {stderr}");
            assert!(out.stdout.is_empty());
        }
    }
    let out = cli(&["map", file, "--rack-version", "3.22.5", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["profile"]["rackVersion"], "3.22.5");
}

#[test]
fn fixtures_take_their_rack_version_from_the_rack_file() {
    let profile =
        convox_k8s::testing::parse_profile("provider=aws\nrack_version=3.24.5\nkeda_enable=true\n").unwrap();
    assert_eq!(profile.version(), V3_24_5);
    assert!(profile.keda());
    assert_eq!(convox_k8s::testing::parse_profile("").unwrap().version(), V3_24_9);
    let err = convox_k8s::testing::parse_profile("rack_version=3.30.0\n").unwrap_err();
    assert!(err.contains("3.24.9"), "{err}");
}
