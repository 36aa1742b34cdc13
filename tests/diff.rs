//! `convox-k8s diff` on focused pairs of manifests: what changes, at which field paths, with
//! which effects — and that no secret value ever shows, in any format.

use convox_k8s::output::diff::{diff, ChangeKind, Diff, Effect};
use convox_k8s::output::review;
use convox_k8s::{analyze, Analysis, Options};

fn analysis(yaml: &str) -> Analysis {
    analyze(yaml, &Options::default())
}

fn run(old: &str, new: &str) -> Diff {
    diff(&analysis(old), &analysis(new))
}

/// The change to `kind` `name`.
fn change<'a>(d: &'a Diff, kind: &str, name: &str) -> &'a convox_k8s::output::diff::Change {
    d.changes
        .iter()
        .find(|c| c.kind == kind && c.name == name)
        .unwrap_or_else(|| panic!("no change to {kind} {name}: {:#?}", d.changes))
}

fn paths(c: &convox_k8s::output::diff::Change) -> Vec<&str> {
    c.fields.iter().map(|f| f.path.as_str()).collect()
}

const WEB: &str = "services:\n  web:\n    port: 3000\n";

#[test]
fn identical_files_have_no_changes() {
    let d = run(WEB, WEB);
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    assert!(d.changes.is_empty());
    let json = serde_json::to_value(review::json(&d, (&analysis(WEB), WEB), (&analysis(WEB), WEB))).unwrap();
    assert_eq!(json["changes"], serde_json::json!([]));
    assert!(review::text(&d, false).starts_with("No changes"));
}

#[test]
fn a_fixed_scale_becoming_a_range_adds_an_hpa() {
    let d = run(
        "services:\n  web:\n    port: 3000\n    scale: 2\n",
        "services:\n  web:\n    port: 3000\n    scale: 2-6\n",
    );
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    assert_eq!(change(&d, "HorizontalPodAutoscaler", "web").change, ChangeKind::Added);
    assert!(
        !d.changes.iter().any(|c| c.kind == "Deployment"),
        "replicas stay at the minimum: {:#?}",
        d.changes
    );
}

#[test]
fn a_port_change_rolls_the_pods_and_changes_traffic() {
    let d = run(WEB, "services:\n  web:\n    port: 8080\n");
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    let deploy = change(&d, "Deployment", "web");
    assert_eq!(deploy.effects, [Effect::Rollout]);
    assert!(paths(deploy).contains(&"spec.template.spec.containers[my-app].ports[main].containerPort"));
    assert!(deploy.notes[0].contains("maxSurge 100%, maxUnavailable 50%"));
    assert_eq!(change(&d, "Service", "web").effects, [Effect::Traffic]);
    let ingress = change(&d, "Ingress", "web");
    assert_eq!(ingress.effects, [Effect::Traffic]);
    assert!(paths(ingress).iter().any(|p| p.ends_with(".port.number")), "{:?}", paths(ingress));
}

#[test]
fn an_env_value_added_changes_the_env_secret_without_showing_it() {
    let d = run(WEB, "environment:\n  - API_TOKEN=s3cr3t-value\nservices:\n  web:\n    port: 3000\n");
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    let secret = change(&d, "Secret", "env-web");
    assert_eq!(paths(secret), ["data.API_TOKEN"]);
    assert!(secret.effects.is_empty());
    no_secret_anywhere(&d, &["s3cr3t-value", "czNjcjN0LXZhbHVl"]);
}

#[test]
fn a_renamed_resource_is_one_line_and_its_claim_is_data_loss() {
    let d = run(
        "resources:\n  db:\n    type: postgres\nservices:\n  web:\n    resources: [db]\n",
        "resources:\n  main:\n    type: postgres\nservices:\n  web:\n    resources: [main]\n",
    );
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    assert!(d.notes.iter().any(|n| n.starts_with("db is renamed to main")), "{:?}", d.notes);
    let claim = change(&d, "PersistentVolumeClaim", "resource-db");
    assert_eq!((claim.change, claim.effects.as_slice()), (ChangeKind::Removed, &[Effect::DataLoss][..]));
    assert_eq!(change(&d, "PersistentVolumeClaim", "resource-main").change, ChangeKind::Added);
}

#[test]
fn claim_storage_up_grows_in_place_and_down_is_immutable_and_data_loss() {
    let db = |gi: u32| format!("resources:\n  db:\n    type: postgres\n    options:\n      storage: {gi}\n");
    let up = run(&db(10), &db(20));
    let claim = change(&up, "PersistentVolumeClaim", "resource-db");
    assert_eq!(paths(claim), ["spec.resources.requests.storage"]);
    assert!(claim.effects.is_empty());
    let down = run(&db(20), &db(10));
    let claim = change(&down, "PersistentVolumeClaim", "resource-db");
    assert_eq!(claim.effects, [Effect::Immutable, Effect::DataLoss]);
    assert!(claim.notes[0].contains("cannot shrink"));
}

#[test]
fn a_service_becoming_an_agent_replaces_its_deployment_with_a_daemonset() {
    let d = run(
        "services:\n  agent:\n    ports: [8125]\n",
        "services:\n  agent:\n    agent: true\n    ports: [8125]\n",
    );
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    assert_eq!(change(&d, "Deployment", "agent").change, ChangeKind::Removed);
    assert_eq!(change(&d, "DaemonSet", "agent").change, ChangeKind::Added);
    assert_eq!(change(&d, "PodDisruptionBudget", "agent").change, ChangeKind::Removed);
}

#[test]
fn a_removed_timer_removes_its_cronjob_and_service_account() {
    let timer =
        "timers:\n  cleanup:\n    schedule: '0 3 * * *'\n    command: bin/cleanup\n    service: web\n";
    let d = run(&format!("{WEB}{timer}"), WEB);
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    assert_eq!(change(&d, "CronJob", "timer-cleanup").change, ChangeKind::Removed);
    assert_eq!(change(&d, "ServiceAccount", "timer-cleanup").change, ChangeKind::Removed);
}

#[test]
fn a_domain_added_changes_the_ingress_rules_and_tls() {
    let d = run(WEB, "services:\n  web:\n    port: 3000\n    domain: www.example.com\n");
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    let ingress = change(&d, "Ingress", "web");
    assert_eq!(ingress.effects, [Effect::Traffic]);
    let p = paths(ingress);
    assert!(p.contains(&"spec.rules[www.example.com]"), "{p:?}");
    assert!(p.iter().any(|x| x.starts_with("spec.tls")), "{p:?}");
}

#[test]
fn a_balancer_whitelist_change_is_traffic() {
    let lb = |w: &str| {
        format!("{WEB}balancers:\n  lb:\n    service: web\n    ports:\n      80: 3000\n    whitelist: {w}\n")
    };
    let d = run(&lb("10.0.0.0/8"), &lb("10.0.0.0/16"));
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    let b = change(&d, "Service", "balancer-lb");
    assert_eq!(b.effects, [Effect::Traffic]);
    assert_eq!(paths(b), ["spec.loadBalancerSourceRanges[0]"]);
}

#[test]
fn a_claims_storage_class_change_is_immutable_and_loses_its_data() {
    let efs = |class: &str| {
        format!(
            "services:\n  web:\n    volumeOptions:\n      - awsEfs: {{id: data, accessMode: ReadWriteMany, mountPath: /data, storageClass: {class}}}\n"
        )
    };
    let d = run(&efs("efs-a"), &efs("efs-b"));
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    let claim = change(&d, "PersistentVolumeClaim", "efs-web-data");
    assert_eq!(paths(claim), ["spec.storageClassName"]);
    assert_eq!(claim.effects, [Effect::Immutable, Effect::DataLoss]);
    assert!(claim.notes[0].contains("--force"));
}

/// No secret value, in clear or base64, in any output format.
fn no_secret_anywhere(d: &Diff, secrets: &[&str]) {
    let a = analysis(WEB);
    let outputs = [
        serde_json::to_string(&review::json(d, (&a, WEB), (&a, WEB))).unwrap(),
        review::text(d, false),
        review::markdown(d),
    ];
    for out in outputs {
        for s in secrets {
            assert!(!out.contains(s), "{s} shows in:\n{out}");
        }
    }
}

#[test]
fn pull_secret_credentials_never_show() {
    let pull = |pw: &str| {
        format!("services:\n  web:\n    image: ghcr.io/x\n    imagePullSecrets:\n      - {{registry: ghcr.io, username: me, password: {pw}}}\n")
    };
    let d = run(&pull("first-pass"), &pull("second-pass"));
    // The golden output, reviewed: what a pull-request comment would say.
    insta::assert_snapshot!(review::markdown(&d));
    change(&d, "Secret", "convox-my-app-web-pull-ghcr-io");
    no_secret_anywhere(&d, &["first-pass", "second-pass", "bWU6Zmlyc3QtcGFzcw", "bWU6c2Vjb25kLXBhc3M"]);
}
