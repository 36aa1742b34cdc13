//! `convox-k8s drift` against dumps of the complete example deployed on a rack
//! (tests/drift/<case>/, made as tests/drift/README.md says): a clean deploy has no drift, every
//! hand edit is reported once with what the next deploy does to it, secrets never show, and the
//! golden text and Markdown are reviewed snapshots beside each case.

use std::path::Path;

use convox_k8s::output::drift::{self, render, Change, Drift, Fate};
use convox_k8s::profile::{Profile, Provider};
use convox_k8s::{analyze, Analysis, Options};
use serde_json::{json, Value};

const COMPLETE: &str = include_str!("../www/examples/complete.convox.yml");

/// The rack the fixtures were deployed on: the complete example's, with the EFS CSI driver.
fn options() -> Options {
    let mut profile = Profile::new(Provider::Aws);
    profile.set("efs_csi_driver_enable", "true").unwrap();
    Options { profile, ..Options::default() }
}

fn dump(case: &str, file: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drift").join(case).join(file))
        .unwrap()
}

fn run(source: &str, options: &Options, dump: &str) -> (Analysis, Drift) {
    let analysis = analyze(source, options);
    let d = drift::drift(&analysis, options, dump);
    (analysis, d)
}

fn object<'a>(d: &'a Drift, kind: &str, name: &str) -> &'a drift::DriftObject {
    d.objects
        .iter()
        .find(|o| o.kind == kind && o.name == name)
        .unwrap_or_else(|| panic!("no drift of {kind} {name}: {:#?}", d.objects))
}

/// Every form of the report, for "no secret shows" checks.
fn all_forms(d: &Drift, dump: &str) -> String {
    format!(
        "{}\n{}\n{}",
        render::text(d, false),
        render::markdown(d),
        serde_json::to_string(&render::json(d, dump)).unwrap()
    )
}

fn snapshots(case: &str, d: &Drift) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drift").join(case));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!("report.txt", render::text(d, false));
        insta::assert_snapshot!("report.md", render::markdown(d));
    });
}

#[test]
fn a_clean_deploy_of_the_complete_example_has_no_drift() {
    let text = dump("clean", "dump.yaml");
    let (_, d) = run(COMPLETE, &options(), &text);
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    assert!(!d.has_drift(), "{}", render::text(&d, false));
    // Every rendered object but the rack namespace is in the dump and compared.
    assert_eq!(d.summary.compared, 36);
    // What differs, differs as expected: stand-ins and the HPA's replicas.
    let reasons: Vec<&str> = d.expected.iter().map(|x| x.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("release id") && r.contains("RKX7PQ2MN4B in the cluster")),
        "{reasons:#?}"
    );
    assert!(reasons.contains(&"HorizontalPodAutoscaler web sets the replicas at run time"), "{reasons:#?}");
    // Objects the cluster made: not compared, not drift.
    let made: Vec<String> = d.run_time.iter().map(|r| format!("{} {}", r.kind, r.name)).collect();
    assert_eq!(
        made,
        ["ServiceAccount default", "ConfigMap kube-root-ca.crt", "Secret cert-web", "Certificate cert-web"]
    );
    // The rack's secrets never show, even as what a stand-in matched.
    let all = all_forms(&d, &text);
    for secret in ["pr0d-rack-s3cret", "rds-Pa55word", "832327c08290dd5881df0b6c345c07"] {
        assert!(!all.contains(secret), "{secret}");
    }
    snapshots("clean", &d);
}

#[test]
fn the_same_deploy_as_json_reads_the_same() {
    let (_, yaml) = run(COMPLETE, &options(), &dump("clean", "dump.yaml"));
    let (_, json) = run(COMPLETE, &options(), &dump("clean", "dump.json"));
    assert_eq!(render::text(&yaml, false), render::text(&json, false));
}

/// The fixture is what a server stores, not the rendered objects: comparing without the
/// normaliser would find hundreds of differences. (So the clean result proves the normaliser,
/// not a copy.)
#[test]
fn the_clean_dump_holds_what_the_api_server_adds() {
    let text = dump("clean", "dump.json");
    let list: Value = serde_json::from_str(&text).unwrap();
    let items = list["items"].as_array().unwrap();
    let find = |kind: &str, name: &str| {
        items
            .iter()
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("{kind} {name}"))
    };
    let web = find("Deployment", "web");
    let c = &web["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
    assert_eq!(c["resources"]["limits"]["memory"], "1Gi", "rendered 1024Mi, stored canonical");
    assert_eq!(web["spec"]["progressDeadlineSeconds"], 600);
    assert_eq!(web["spec"]["template"]["spec"]["schedulerName"], "default-scheduler");
    let db = find("Service", "resource-database");
    assert_eq!(db["spec"]["ports"][0]["targetPort"], 5432);
    assert!(db["spec"]["clusterIP"].is_string() && db["spec"]["ports"][0]["nodePort"].is_number());
    assert!(find("Ingress", "web")["metadata"]["annotations"]
        ["kubectl.kubernetes.io/last-applied-configuration"]
        .is_string());
    // Fields the dump holds that the rendered objects do not.
    let analysis = analyze(COMPLETE, &options());
    fn extra(rendered: &Value, live: &Value) -> usize {
        match (rendered, live) {
            (Value::Object(r), Value::Object(l)) => {
                l.iter().map(|(k, v)| r.get(k).map_or(1, |rv| extra(rv, v))).sum()
            }
            (Value::Array(r), Value::Array(l)) => r.iter().zip(l).map(|(a, b)| extra(a, b)).sum(),
            _ => 0,
        }
    }
    let mut added = 0;
    for e in analysis.entries.iter().filter(|e| e.object.is_some()) {
        let rendered = serde_json::to_value(e.object.as_deref().unwrap()).unwrap();
        if let Some(live) =
            items.iter().find(|o| o["kind"] == e.kind.as_str() && o["metadata"]["name"] == e.name.as_str())
        {
            added += extra(&rendered, live);
        }
    }
    assert!(added > 300, "the dump adds {added} fields to the rendered objects");
}

#[test]
fn every_hand_edit_is_reported_once_with_what_the_next_deploy_does() {
    let text = dump("edited", "dump.yaml");
    let (_, d) = run(COMPLETE, &options(), &text);
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let fields = |kind: &str, name: &str| -> Vec<(String, Value, Value, Fate)> {
        object(&d, kind, name)
            .fields
            .iter()
            .map(|f| (f.path.clone(), f.before.clone(), f.after.clone(), f.fate))
            .collect()
    };
    // kubectl annotate --overwrite of a rendered annotation: the apply writes it back; a new
    // annotation: the three-way merge leaves it.
    assert_eq!(
        fields("Ingress", "web"),
        [
            (
                "metadata.annotations.nginx.ingress.kubernetes.io/limit-rpm".to_string(),
                json!("500"),
                json!("100"),
                Fate::Reverts
            ),
            (
                "metadata.annotations.example.com/owner".to_string(),
                json!("web-team"),
                Value::Null,
                Fate::Keeps
            ),
        ]
    );
    // kubectl scale on a fixed count: reverted (web's replicas, under its HPA, are not drift).
    assert_eq!(
        fields("Deployment", "worker"),
        [("spec.replicas".to_string(), json!(5), json!(2), Fate::Reverts)]
    );
    // kubectl set env: env merges by name, so the added variable stays.
    assert_eq!(
        fields("Deployment", "web"),
        [(
            "spec.template.spec.containers[my-app].env[DEBUG]".to_string(),
            json!({"name": "DEBUG", "value": "true"}),
            Value::Null,
            Fate::Keeps
        )]
    );
    // kubectl edit of a Secret value: reverted, and never shown.
    assert_eq!(
        fields("Secret", "env-worker"),
        [("data.QUEUE_NAME".to_string(), json!("(secret value)"), json!("(secret value)"), Fate::Reverts)]
    );
    let ff = object(&d, "ConfigMap", "feature-flags");
    assert_eq!((ff.change, ff.fate), (Change::Extra, Fate::Keeps));
    assert_eq!(ff.labels.get("team").map(String::as_str), Some("ops"));
    let old = object(&d, "ConfigMap", "resource-oldcache");
    assert_eq!((old.change, old.fate), (Change::Extra, Fate::Reverts), "applied before, pruned now");
    // Nothing else.
    assert_eq!(d.objects.len(), 6, "{}", render::text(&d, false));
    assert_eq!((d.summary.reverts, d.summary.keeps), (3, 2), "fields");
    let all = all_forms(&d, &text);
    for secret in ["urgent", "dXJnZW50", "ZGVmYXVsdA==", "pr0d-rack-s3cret"] {
        assert!(!all.contains(secret), "{secret}");
    }
    snapshots("edited", &d);
}

/// `dump` (a List as JSON) with `edit` applied to its `kind` `name` item.
fn edited(kind: &str, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut list: Value = serde_json::from_str(&dump("clean", "dump.json")).unwrap();
    let item = list["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
        .unwrap();
    edit(item);
    serde_json::to_string(&list).unwrap()
}

#[test]
fn a_default_changed_by_hand_is_kept_and_one_removed_is_no_drift() {
    // terminationMessagePolicy: the rack never writes it (the API server defaults it), so the
    // next deploy leaves what someone set; imagePullPolicy the rack writes, so it is reverted.
    let text = edited("Deployment", "worker", |o| {
        let c = &mut o["spec"]["template"]["spec"]["containers"][0];
        c["terminationMessagePolicy"] = json!("FallbackToLogsOnError");
        c["imagePullPolicy"] = json!("Always");
    });
    let (_, d) = run(COMPLETE, &options(), &text);
    let f: Vec<(&str, Fate)> =
        object(&d, "Deployment", "worker").fields.iter().map(|f| (f.path.as_str(), f.fate)).collect();
    assert_eq!(
        f,
        [
            ("spec.template.spec.containers[my-app].imagePullPolicy", Fate::Reverts),
            ("spec.template.spec.containers[my-app].terminationMessagePolicy", Fate::Keeps),
        ]
    );
    // A server that left a default out (an older one) is not drift either.
    let text = edited("Service", "web", |o| {
        let spec = o["spec"].as_object_mut().unwrap();
        spec.remove("sessionAffinity");
        spec.remove("internalTrafficPolicy");
    });
    let (_, d) = run(COMPLETE, &options(), &text);
    assert!(!d.has_drift(), "{}", render::text(&d, false));
}

#[test]
fn a_field_convox_yml_no_longer_sets_is_removed_by_the_next_deploy() {
    // The Ingress once had an annotation the rack applied (it is in last-applied), which the
    // current convox.yml does not render: kubectl apply deletes it.
    let text = edited("Ingress", "web", |o| {
        let ann = o["metadata"]["annotations"].as_object_mut().unwrap();
        ann.insert("nginx.ingress.kubernetes.io/old-setting".into(), json!("x"));
        let key = "kubectl.kubernetes.io/last-applied-configuration";
        let mut applied: Value = serde_json::from_str(ann[key].as_str().unwrap()).unwrap();
        applied["metadata"]["annotations"]["nginx.ingress.kubernetes.io/old-setting"] = json!("x");
        ann.insert(key.into(), json!(applied.to_string()));
    });
    let (_, d) = run(COMPLETE, &options(), &text);
    let f = &object(&d, "Ingress", "web").fields;
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].fate, f[0].reason.is_some()), (Fate::Reverts, true));
}

#[test]
fn objects_convox_yml_adds_are_missing_and_the_next_deploy_creates_them() {
    let source = COMPLETE.replace("\ntimers:", "\n  extra:\n    build: ./extra\n    port: 4000\n\ntimers:");
    let (analysis, d) = run(&source, &options(), &dump("clean", "dump.yaml"));
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
    let missing: Vec<(String, String, Fate)> = d
        .objects
        .iter()
        .filter(|o| o.change == Change::Missing)
        .map(|o| (o.kind.clone(), o.name.clone(), o.fate))
        .collect();
    assert!(
        missing.iter().all(|(_, name, fate)| name.contains("extra") && *fate == Fate::Reverts),
        "{missing:?}"
    );
    let kinds: Vec<&str> = missing.iter().map(|(k, _, _)| k.as_str()).collect();
    assert!(kinds.contains(&"Deployment") && kinds.contains(&"PodDisruptionBudget"), "{kinds:?}");
    // The PDB is made by the rack's controller through the API, which the report says.
    let pdb = object(&d, "PodDisruptionBudget", "extra");
    assert!(pdb.reason.as_deref().unwrap().contains("through the Kubernetes API"));
    // Its key lets the page mark the card.
    assert_eq!(object(&d, "Deployment", "extra").key.as_deref(), Some("Deployment/my-rack-my-app/extra"));
}

#[test]
fn other_namespaces_and_apps_are_set_aside_and_counted() {
    let other = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\n---\n\
                 apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-other\n  labels: {app: other, rack: my-rack}\n";
    let text = format!("{}{other}", dump("clean", "dump.yaml"));
    let (_, d) = run(COMPLETE, &options(), &text);
    assert!(!d.has_drift(), "{}", render::text(&d, false));
    assert_eq!(d.ignored.get("kube-system"), Some(&1));
    assert_eq!(d.ignored.get(""), Some(&1));
    assert_eq!(d.summary.ignored, 2);
    assert!(render::text(&d, false).contains(
        "Set aside, not of this app: 2 objects (1 cluster-scoped of other apps, 1 in kube-system)."
    ));
}

#[test]
fn a_dump_of_another_app_says_so() {
    let options = Options { app: "shop".into(), ..options() };
    let (_, d) = run(COMPLETE, &options, &dump("clean", "dump.yaml"));
    assert!(d.failed() && d.objects.is_empty());
    let message = &d.problems.last().unwrap().message;
    assert!(
        message.contains("nothing in the dump is in namespace my-rack-shop")
            && message.contains("my-rack-my-app"),
        "{message}"
    );
}

#[test]
fn a_kind_in_another_version_is_not_compared() {
    let text = edited("HorizontalPodAutoscaler", "web", |o| o["apiVersion"] = json!("autoscaling/v1"));
    let (_, d) = run(COMPLETE, &options(), &text);
    assert!(!d.has_drift());
    assert!(
        d.notes.iter().any(|n| n.contains("HorizontalPodAutoscaler web is in the dump as autoscaling/v1")),
        "{:?}",
        d.notes
    );
}

#[test]
fn what_is_not_a_dump_gets_one_diagnostic_at_its_place() {
    let (_, d) = run(COMPLETE, &options(), "services:\n  web:\n    port: 3000\n");
    let diags = render::diagnostics(&d, "services:\n  web:\n    port: 3000\n");
    assert_eq!(diags.len(), 1, "{:?}", d.problems);
    assert_eq!((diags[0].severity, diags[0].line, diags[0].column), ("error", 1, 1));
    assert!(diags[0].message.contains("without `kind`"), "{}", diags[0].message);
    let bad = "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: a\n";
    let (_, d) = run(COMPLETE, &options(), bad);
    let diags = render::diagnostics(&d, bad);
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.starts_with("not valid YAML") && diags[0].line >= 5, "{:?}", diags[0]);
}

// ---- the command line ------------------------------------------------------------------------

fn cli(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_convox-k8s"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn path(case: &str, file: &str) -> String {
    format!("{}/tests/drift/{case}/{file}", env!("CARGO_MANIFEST_DIR"))
}

const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/examples/complete.convox.yml");
const EFS: &str = "efs_csi_driver_enable=true";

#[test]
fn the_cli_exits_as_diff_does() {
    let clean = path("clean", "dump.yaml");
    let edited = path("edited", "dump.yaml");
    let code = |args: &[&str]| cli(args, b"").status.code();
    assert_eq!(code(&["drift", MANIFEST, &clean, "--rack-param", EFS, "--exit-code"]), Some(0));
    assert_eq!(code(&["drift", MANIFEST, &edited, "--rack-param", EFS]), Some(0));
    assert_eq!(code(&["drift", MANIFEST, &edited, "--rack-param", EFS, "--exit-code"]), Some(1));
    // Usage errors: no dump, an unknown format, a dump that is not there.
    assert_eq!(code(&["drift", MANIFEST]), Some(2));
    assert_eq!(code(&["drift", MANIFEST, &clean, "--format", "xml"]), Some(2));
    assert_eq!(code(&["drift", MANIFEST, "/no/such/dump.yaml"]), Some(2));
    assert_eq!(code(&["drift", "-", "-"]), Some(2));
}

#[test]
fn the_cli_reads_the_dump_from_standard_input_in_every_format() {
    let dump = std::fs::read(path("edited", "dump.yaml")).unwrap();
    let out = cli(&["drift", MANIFEST, "-", "--rack-param", EFS, "--format", "json"], &dump);
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["changed"], 4);
    assert_eq!(json["objects"][0]["fields"][0]["fate"], "reverts");
    assert_eq!(json["diagnostics"], json!([]));
    let out = cli(&["drift", MANIFEST, "-", "--rack-param", EFS, "--format", "markdown"], &dump);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("## Drift\n"));
}

#[test]
fn a_dump_that_is_not_kubernetes_is_a_diagnostic_at_its_line() {
    let out = cli(&["drift", MANIFEST, "-", "--rack-param", EFS], b"# not a dump\nhello: world\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2:1: error: a document without `kind` is not a Kubernetes object"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty(), "nothing compared, nothing printed");
    let out = cli(&["drift", MANIFEST, "-"], &[0xff, 0xfe, b'{', 0x80]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn the_cli_prints_the_capture_command() {
    let out = cli(&["drift", MANIFEST, "--command", "--app", "shop", "--rack-param", EFS], b"");
    assert_eq!(out.status.code(), Some(0));
    let command = String::from_utf8_lossy(&out.stdout);
    assert!(command.contains("kubectl get -n my-rack-shop -o yaml secrets,"), "{command}");
    assert!(command.ends_with("} > cluster.yaml\n"), "{command}");
}
