//! Golden tests: every `tests/fixtures/<case>/convox.yml` (with an optional `env` file of
//! `KEY=VALUE` release variables and an optional `rack` file: `provider=…` and rack parameters) → reviewed snapshots beside it: `catalog.snap` (diagnostics
//! and what the catalog says of each object) and `objects.snap` (the YAML the rack applies).
//! Plus whole-corpus properties: every object round-trips through its k8s-openapi type, and
//! the rack's own fixtures never make us panic.

use std::path::{Path, PathBuf};

use convox_k8s::testing::{fixture, fixtures};

use convox_k8s::output::{self, LineIndex};
use convox_k8s::{analyze, Analysis, Options, Severity};

fn testdata() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/convox");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    files
}

/// The human-reviewable summary of one analysis.
fn catalog_text(source: &str, analysis: &Analysis) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let (line, col) = d.span.map_or((0, 0), |s| index.span_start(s));
        let severity = if d.severity == Severity::Error { "error" } else { "warning" };
        out.push_str(&format!(
            "{severity} {line}:{col} {}: {}\n",
            d.path.as_deref().unwrap_or("-"),
            d.message
        ));
    }
    for e in &analysis.entries {
        let at = e.source.as_ref().map_or("-".to_string(), |s| {
            let (line, col) = index.span_start(s.span);
            format!("{}@{line}:{col}", s.path)
        });
        out.push_str(&format!(
            "\n{} {} ns={} pattern={} concept={:?} owner={} from={}{}\n",
            e.kind,
            e.name,
            e.namespace.as_deref().unwrap_or("-"),
            e.pattern,
            e.concept,
            e.owner.as_deref().unwrap_or("-"),
            at,
            if e.object.is_none() { " (created at run time)" } else { "" },
        ));
        let labels: Vec<String> = e.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&format!("  labels: {}\n", labels.join(",")));
        for note in &e.notes {
            out.push_str(&format!("  note: {note}\n"));
        }
        for k in &e.kubectl {
            out.push_str(&format!("  $ {}  # {}\n", k.command, k.description));
        }
        for i in &e.issues {
            out.push_str(&format!("  issue: {} ({})\n", i.symptom, i.cause));
            for k in &i.commands {
                out.push_str(&format!("    $ {}  # {}\n", k.command, k.description));
            }
        }
    }
    out
}

#[test]
fn fixtures_match_their_reviewed_snapshots() {
    for fixture in fixtures() {
        let (source, analysis) = (&fixture.source, fixture.analyze());
        let dir = &fixture.dir;
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(dir.join("convox.yml"));
        settings.bind(|| {
            insta::assert_snapshot!("catalog", catalog_text(source, &analysis));
            insta::assert_snapshot!("objects", output::yaml_stream(&analysis));
        });
    }
}

/// Fixtures load without errors, except those that show one: they have an `expect-errors`
/// file, and then must have at least one error (their snapshot shows which).
#[test]
fn fixtures_load_without_errors_unless_they_expect_some() {
    for fixture in fixtures() {
        let analysis = fixture.analyze();
        let errors: Vec<_> = analysis.diagnostics.iter().filter(|d| d.is_error()).collect();
        if fixture.expect_errors {
            assert!(!errors.is_empty(), "{} expects errors and has none", fixture.name);
        } else {
            assert!(errors.is_empty(), "{}: {errors:#?}", fixture.name);
        }
    }
}

/// One cause, one diagnostic, at its line: in a fixture whose convox.yml marks lines with a
/// trailing `# error` or `# warning`, each marked line gets exactly one diagnostic of that
/// severity, and no other line gets any.
#[test]
fn marked_lines_get_exactly_one_diagnostic_each() {
    let mut checked = 0;
    for fixture in fixtures() {
        let (source, analysis) = (&fixture.source, fixture.analyze());
        let marked: Vec<(usize, &str)> = source
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let severity = ["error", "warning"].into_iter().find(|s| l.ends_with(&format!("# {s}")))?;
                Some((i + 1, severity))
            })
            .collect();
        if marked.is_empty() {
            continue;
        }
        checked += 1;
        let index = LineIndex::new(source);
        let mut got: Vec<(usize, &str)> = analysis
            .diagnostics
            .iter()
            .map(|d| {
                let (line, _) = index.span_start(d.span.expect("a span"));
                (line, if d.is_error() { "error" } else { "warning" })
            })
            .collect();
        got.sort();
        let messages: Vec<&str> = analysis.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(got, marked, "{}: {messages:#?}", fixture.name);
    }
    assert!(checked >= 5, "only {checked} fixtures mark their lines");
}

#[test]
fn seed_example_fixture_is_the_seeds_example() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/examples/complete.convox.yml");
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-example/convox.yml");
    assert_eq!(std::fs::read_to_string(ours).unwrap(), std::fs::read_to_string(example).unwrap());
}

#[test]
fn seed_example_gives_every_resource_in_the_seeds_tables() {
    let analysis = fixture("seed-example").analyze();
    let has = |kind: &str, name: &str| analysis.entries.iter().any(|e| e.kind == kind && e.name == name);
    let expected = [
        ("Namespace", "my-rack-system"),
        ("Namespace", "my-rack-my-app"),
        ("Secret", "env-web"),
        ("Secret", "env-worker"),
        ("Secret", "env-agent"),
        ("Secret", "env-jobs"),
        ("Deployment", "web"),
        ("Service", "web"),
        ("Ingress", "web"),
        ("HorizontalPodAutoscaler", "web"),
        ("ServiceAccount", "web"),
        ("PersistentVolumeClaim", "efs-web-shared-uploads"),
        ("Deployment", "worker"),
        ("Service", "worker"),
        ("DaemonSet", "agent"),
        ("Service", "agent"),
        ("Deployment", "jobs"),
        ("Deployment", "resource-database"),
        ("Service", "resource-database"),
        ("PersistentVolumeClaim", "resource-database"),
        ("ConfigMap", "resource-database"),
        ("Deployment", "resource-cache"),
        ("Service", "resource-cache"),
        ("ConfigMap", "resource-cache"),
        ("ConfigMap", "resource-analytics-db"),
        ("ConfigMap", "resource-sessions"),
        ("CronJob", "timer-cleanup"),
        ("CronJob", "timer-data-import"),
        ("Service", "balancer-tcp-lb"),
    ];
    for (kind, name) in expected {
        assert!(has(kind, name), "missing {kind} {name}");
    }
    assert!(!has("PersistentVolumeClaim", "resource-cache"), "redis has no PVC");
    assert!(!has("HorizontalPodAutoscaler", "worker"), "a fixed count gets no HPA");
    let runtime = |kind: &str, pattern: &str| {
        analysis.entries.iter().any(|e| e.kind == kind && e.object.is_none() && e.pattern == pattern)
    };
    assert!(runtime("Pod", "<service-name>-<rs-hash>-<pod-hash>"), "service pods are catalogued");
    assert!(analysis.entries.iter().any(|e| e.object.is_none() && e.kind == "ReplicaSet"));
    assert!(analysis.entries.iter().any(|e| e.object.is_none() && e.kind == "Job"));
    assert!(analysis.entries.iter().any(|e| e.pattern.contains("release=<release-id>")), "the release");
}

/// Every object serializes and reads back as its own k8s-openapi type, unchanged, in JSON and
/// in YAML: nothing we print is outside the type's schema.
fn assert_round_trips(what: &Path, analysis: &Analysis) {
    for e in &analysis.entries {
        let Some(object) = e.object.as_deref() else { continue };
        let json = serde_json::to_value(object).unwrap();
        assert_eq!(
            &object.reparse(json).unwrap(),
            object,
            "{}: {} {} (json)",
            what.display(),
            e.kind,
            e.name
        );
        let yaml = serde_yaml::to_string(object).unwrap();
        let back: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(
            &object.reparse(back).unwrap(),
            object,
            "{}: {} {} (yaml)",
            what.display(),
            e.kind,
            e.name
        );
    }
}

#[test]
fn every_object_round_trips_through_its_type() {
    for f in fixtures() {
        assert_round_trips(&f.dir, &f.analyze());
    }
    for file in testdata() {
        let source = std::fs::read_to_string(&file).unwrap();
        assert_round_trips(&file, &analyze(&source, &Options::default()));
    }
}

#[test]
fn every_rack_fixture_is_processed_without_panic() {
    let files = testdata();
    assert!(files.len() >= 25, "the rack's corpus is there ({} files)", files.len());
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let analysis = analyze(&source, &Options::default());
        let contract = serde_json::to_value(output::contract(&analysis, &source)).unwrap();
        assert!(contract["resources"].is_array(), "{}", file.display());
        for d in &analysis.diagnostics {
            assert!(d.span.is_some(), "{}: diagnostic without a position: {d:?}", file.display());
        }
    }
}

#[test]
fn json_contract_has_the_documented_shape() {
    let web = fixture("web-app");
    let (source, analysis) = (&web.source, web.analyze());
    let json = serde_json::to_value(output::contract(&analysis, source)).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&json),
        ["rack", "app", "namespace", "profile", "resources", "absent", "diagnostics", "optionErrors"]
    );
    assert_eq!(json["optionErrors"], serde_json::json!([]));
    assert_eq!(keys(&json["profile"]), ["provider", "params", "rackVersion"]);
    assert_eq!(json["profile"]["params"]["keda_enable"], "false");
    let deployment = json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "Deployment")
        .expect("a Deployment");
    assert_eq!(
        keys(deployment),
        [
            "key",
            "kind",
            "apiVersion",
            "name",
            "namespace",
            "pattern",
            "concept",
            "owner",
            "labels",
            "source",
            "notes",
            "kubectl",
            "issues",
            "object"
        ]
    );
    assert_eq!(deployment["key"], "Deployment/my-rack-my-app/web");
    assert_eq!(keys(&deployment["source"]), ["path", "line", "column", "endLine"]);
    assert!(deployment["source"]["endLine"].as_u64() > deployment["source"]["line"].as_u64());
    assert_eq!(keys(&deployment["issues"][0]), ["symptom", "cause", "commands"]);
    assert_eq!(deployment["concept"], "service");
    assert_eq!(deployment["owner"], "web");
    assert_eq!(deployment["source"]["path"], "services.web");
    assert_eq!(deployment["source"]["line"], 5, "the line of `web:`");
    assert_eq!(deployment["object"]["kind"], "Deployment");
    let namespace = json["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "Namespace").unwrap();
    assert!(namespace["namespace"].is_null(), "cluster-scoped objects have a null namespace");
    assert!(namespace["owner"].is_null());
}

#[test]
fn the_download_is_named_by_the_namespace_and_counts_the_secret_values_it_holds() {
    let web = fixture("web-app");
    let file = output::yaml_download(&web.analyze());
    assert_eq!(file.name, "my-rack-my-app.yaml");
    assert_eq!(file.text, output::yaml_file(&web.analyze()));
    // Every value of every env Secret, and the stand-in rack password in RACK_URL's URL.
    assert!(file.secret_values > 5, "{}", file.secret_values);
    let options = Options { rack: "prod".into(), app: "shop".into(), ..Options::default() };
    let plain = analyze("services:\n  web:\n    image: nginx\n", &options);
    assert_eq!(output::yaml_download(&plain).name, "prod-shop.yaml");
}
