//! `convox-k8s upgrade`: what a rack update does to an app, step by step along the rack's path
//! (one minor at a time, each at its newest patch), with the change review of `diff`.

use std::process::{Command, Output};

use convox_k8s::output::diff::{ChangeKind, Effect};
use convox_k8s::profile::{Profile, Provider};
use convox_k8s::rack_version::{V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_9};
use convox_k8s::upgrade::{upgrade, Step};
use convox_k8s::Options;
use serde_json::Value;

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

const COMPLETE: &str = "www/examples/complete.convox.yml";
const KEDA: &str = "tests/fixtures/keda-at-3.23.4/convox.yml";

fn options(params: &[(&str, &str)]) -> Options {
    let mut profile = Profile::new(Provider::Aws);
    for (k, v) in params {
        profile.set(k, v).unwrap();
    }
    Options { profile, ..Options::default() }
}

/// `(change, kind, name)` of each object a step changes.
fn changed(step: &Step) -> Vec<(ChangeKind, String, String)> {
    step.diff.changes.iter().map(|c| (c.change, c.kind.clone(), c.name.clone())).collect()
}

/// The paths of the fields a step changes in object `kind`/`name`.
fn fields(step: &Step, kind: &str, name: &str) -> Vec<String> {
    let c = step.diff.changes.iter().find(|c| c.kind == kind && c.name == name);
    c.map(|c| c.fields.iter().map(|f| f.path.clone()).collect()).unwrap_or_default()
}

/// The parameters a step brings that change an AWS app's objects, in the step's order.
fn app_params(step: &convox_k8s::upgrade::Step) -> Vec<&'static str> {
    step.params
        .iter()
        .filter(|p| p.param.changes_app_on(convox_k8s::profile::Provider::Aws))
        .map(|p| p.param.name)
        .collect()
}

#[test]
fn the_complete_example_from_3_20_1_to_3_24_9_changes_what_each_release_changed() {
    let source = std::fs::read_to_string(root(COMPLETE)).unwrap();
    let (first, up) =
        upgrade(&source, &options(&[("efs_csi_driver_enable", "true")]), V3_20_1, V3_24_9).unwrap();
    assert!(!first.has_errors() && !up.has_errors());
    let path: Vec<_> = up.steps.iter().map(|s| (s.from, s.to)).collect();
    assert_eq!(path, [(V3_20_1, V3_21_5), (V3_21_5, V3_22_5), (V3_22_5, V3_23_4), (V3_23_4, V3_24_9)]);
    let c = ChangeKind::Changed;
    let s = |kind: &str, name: &str| (c, kind.to_string(), name.to_string());

    // 3.21.5: the liveness path loses 3.20.1's stray quote: web rolls.
    let step = &up.steps[0];
    assert_eq!(changed(step), [s("Deployment", "web")]);
    assert_eq!(
        fields(step, "Deployment", "web"),
        ["spec.template.spec.containers[my-app].livenessProbe.httpGet.path"]
    );
    assert_eq!(step.diff.changes[0].effects, [Effect::Rollout]);
    assert_eq!(app_params(step), ["disable_convox_resolver"]);
    // The rack's own parameters the step brings come too (terraform/system/aws/variables.tf).
    assert!(step.params.iter().any(|p| p.param.name == "ebs_volume_encryption_enabled"));

    // 3.22.5: parallelCount: 4 makes data-import an Indexed Job of 4 pods with TIMER_INDEX.
    let step = &up.steps[1];
    assert_eq!(changed(step), [s("CronJob", "timer-data-import")]);
    let f = fields(step, "CronJob", "timer-data-import");
    for field in ["spec.jobTemplate.spec.completionMode", "spec.jobTemplate.spec.parallelism"] {
        assert!(f.contains(&field.to_string()), "{f:?}");
    }
    assert!(step.diagnostics.is_empty(), "{:?}", step.diagnostics);

    // 3.23.4: the default CPU 256m → 250m for the services without scale.cpu (agent, jobs) and
    // the timers on jobs; the resource Services get their alias.
    let step = &up.steps[2];
    let mut got = changed(step);
    got.sort_by_key(|(c, k, n)| (format!("{c:?}"), k.clone(), n.clone()));
    let mut want = vec![
        s("CronJob", "timer-cleanup"),
        s("CronJob", "timer-data-import"),
        s("DaemonSet", "agent"),
        s("Deployment", "jobs"),
        s("Service", "resource-cache"),
        s("Service", "resource-database"),
    ];
    want.sort_by_key(|(c, k, n)| (format!("{c:?}"), k.clone(), n.clone()));
    assert_eq!(got, want);
    assert_eq!(
        fields(step, "DaemonSet", "agent"),
        ["spec.template.spec.containers[my-app].resources.requests.cpu"]
    );
    assert_eq!(app_params(step), ["keda_enable", "vpa_enable", "api_feature_gates"]);

    // 3.24.x: the Ingress takes ingressAnnotations instead of the service's annotations
    // (3.24.6), and the PodDisruptionBudgets let unhealthy pods be evicted (3.24.3).
    let step = &up.steps[3];
    assert_eq!(
        fields(step, "Ingress", "web"),
        [
            "metadata.annotations.nginx.ingress.kubernetes.io/limit-rpm",
            "metadata.annotations.prometheus.io/scrape"
        ]
    );
    for pdb in ["web", "worker", "jobs"] {
        assert_eq!(fields(step, "PodDisruptionBudget", pdb), ["spec.unhealthyPodEvictionPolicy"], "{pdb}");
    }
    assert_eq!(
        app_params(step),
        [
            "router_type",
            "contour_internal_tls",
            "prometheus_url",
            "cost_tracking_enable",
            "ecr_docker_hub_cache"
        ]
    );
}

#[test]
fn on_a_keda_rack_the_step_to_3_23_4_replaces_the_hpa_with_a_scaled_object_without_a_rollout() {
    let source = std::fs::read_to_string(root(KEDA)).unwrap();
    let (first, up) = upgrade(&source, &options(&[("keda_enable", "true")]), V3_22_5, V3_24_9).unwrap();
    // 3.22.5 reads no scale.keda: a warning, and the count range's HPA.
    assert!(first
        .diagnostics
        .iter()
        .any(|d| d.message.starts_with("scale.keda is new in rack version 3.23.4")));
    let step = &up.steps[0];
    assert_eq!((step.from, step.to), (V3_22_5, V3_23_4));
    let mut got = changed(step);
    got.sort_by_key(|(c, k, n)| (format!("{c:?}"), k.clone(), n.clone()));
    assert_eq!(
        got,
        [
            (ChangeKind::Added, "ScaledObject".into(), "web".into()),
            (ChangeKind::Added, "TriggerAuthentication".into(), "keda-aws-auth-default".into()),
            (ChangeKind::Removed, "HorizontalPodAutoscaler".into(), "web".into()),
        ]
    );
    assert!(
        step.diff.changes.iter().all(|c| !c.effects.contains(&Effect::Rollout)),
        "{:?}",
        step.diff.changes
    );
    let note =
        step.diff.notes.iter().find(|n| n.contains("is replaced by")).expect("the replacement is said");
    assert_eq!(
        note,
        "web: HorizontalPodAutoscaler web is replaced by ScaledObject web: KEDA now scales web, through its own \
         HorizontalPodAutoscaler keda-hpa-web; no rollout: the replacement replaces no pod."
    );
    let keda = step.params.iter().find(|p| p.param.name == "keda_enable").unwrap();
    assert_eq!((keda.param.default, keda.set.as_deref()), ("false", Some("true")));
    // 3.24.6 keeps the ScaledObject, and its cpu trigger loses the AWS authentication.
    let step = &up.steps[1];
    let so = step.diff.changes.iter().find(|c| c.kind == "ScaledObject").expect("the ScaledObject changes");
    assert!(so.fields.iter().any(|f| f.path.ends_with("authenticationRef")), "{:?}", so.fields);
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convox-k8s")).args(args).output().unwrap()
}

#[test]
fn the_cli_reports_each_step_as_text_json_and_markdown() {
    let file = root(COMPLETE);
    let base = ["upgrade", file.as_str(), "--from", "3.20.1", "--rack-param", "efs_csi_driver_enable=true"];
    let out = cli(&base);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "Rack update 3.20.1 -> 3.24.9: 4 steps",
        "== 3.20.1 -> 3.21.5",
        "livenessProbe.httpGet.path: /liveness\" -> /liveness",
        "== 3.22.5 -> 3.23.4",
        "new rack parameters: keda_enable (default false), vpa_enable (default false)",
        "resources.requests.cpu: 256m -> 250m",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("parallelCount is new in rack version 3.22.5"), "the start's messages: {stderr}");

    let mut json_args = base.to_vec();
    json_args.extend(["--format", "json", "--to", "3.23.4"]);
    let out = cli(&json_args);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["from"].as_str(), json["to"].as_str()), (Some("3.20.1"), Some("3.23.4")));
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(
        steps[2]["params"][0],
        serde_json::json!({"name": "keda_enable", "default": "false", "doc": steps[2]["params"][0]["doc"]})
    );
    assert_eq!(steps[0]["changes"][0]["effects"], serde_json::json!(["rollout"]));

    let mut md = base.to_vec();
    md.extend(["--format", "markdown"]);
    let text = String::from_utf8(cli(&md).stdout).unwrap();
    assert!(text.starts_with("## Rack update 3.20.1 → 3.24.9"), "{text}");
    assert!(text.contains("### 3.22.5 → 3.23.4") && text.contains("#### Kubernetes changes"), "{text}");

    let mut exit = base.to_vec();
    exit.push("--exit-code");
    assert_eq!(cli(&exit).status.code(), Some(1), "changes with --exit-code");
}

#[test]
fn usage_errors_exit_2() {
    let file = root(COMPLETE);
    for (args, says) in [
        (vec!["--from", "3.24.9"], "not older than 3.24.9"),
        (vec!["--from", "3.24.5", "--to", "3.22.5"], "not older"),
        (vec!["--from", "3.25.0"], "the newest this tool knows is 3.24.9"),
        (vec!["--from", "3.22.5", "--rack-version", "3.23.4"], "--from and"),
        (vec!["--from", "3.22.5", "--to", "3.22.5"], "not older"),
        (vec![], "--from"),
    ] {
        let mut all = vec!["upgrade", file.as_str()];
        all.extend(args.iter().copied());
        let out = cli(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // A parameter the target release does not have is the usual option error.
    let out = cli(&[
        "upgrade",
        file.as_str(),
        "--from",
        "3.20.1",
        "--to",
        "3.22.5",
        "--rack-param",
        "keda_enable=true",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it came in rack version 3.23.4"));
}
