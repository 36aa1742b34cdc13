//! Why-not: the objects the rack does not create, why, and the fix.
//!
//! One focused test per absent kind checks its reason and fix. The strongest check is the last
//! group: over every fixture, on its own rack and on the contour router, each fix the tool can
//! apply is applied — the convox.yml edits and the rack parameters — and the object must then
//! exist (and its ghost be gone), with no new error. That holds only because the mapping and
//! the why-not decide by the same predicates. Each fixture's ghosts are also in a reviewed
//! snapshot, `absent.snap`, beside it.

use std::path::{Path, PathBuf};

use convox_k8s::catalog::absent::Absent;
use convox_k8s::manifest::Env;
use convox_k8s::output::LineIndex;
use convox_k8s::profile::{Profile, Provider};
use convox_k8s::testing::{self, Fixture};
use convox_k8s::{analyze, Analysis, Options};

/// Options asking for why-not, on a rack with `params` (`provider=…` first, if any).
fn options(params: &[&str]) -> Options {
    let mut options = Options { why_not: true, ..Options::default() };
    for p in params {
        if let Some(provider) = p.strip_prefix("provider=") {
            options.profile = Profile::new(Provider::parse(provider).unwrap());
        } else {
            options.profile.set_pair(p).unwrap();
        }
    }
    options
}

fn ghosts(source: &str, params: &[&str]) -> Vec<Absent> {
    analyze(source, &options(params)).absent
}

/// The ghost `kind name` of `owner`.
fn ghost<'a>(all: &'a [Absent], owner: &str, kind: &str, name: &str) -> &'a Absent {
    all.iter().find(|a| a.owner == owner && a.kind == kind && a.name == name).unwrap_or_else(|| {
        let have: Vec<_> = all.iter().map(|a| format!("{} {} {}", a.owner, a.kind, a.name)).collect();
        panic!("no ghost {kind} {name} of {owner}; have {have:#?}")
    })
}

fn none(all: &[Absent], owner: &str, kind: &str) {
    let found: Vec<_> = all.iter().filter(|a| a.owner == owner && a.kind == kind).collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// `source` with the fix's edits applied, and `options` with its rack parameters set.
fn apply(source: &str, options: &Options, a: &Absent) -> (String, Options) {
    let mut text = source.to_string();
    for e in a.edits.iter().rev() {
        text.replace_range(e.span.start..e.span.end, &e.insert);
    }
    let mut options = options.clone();
    for (name, value) in &a.params {
        options.profile.set(name, value).unwrap();
    }
    (text, options)
}

/// A ghost's identity: owner, kind, name, and what the reason says is missing (`no Ingress on
/// the internal router` and `no Ingress` are two ghosts of one name on contour).
fn identity(a: &Absent) -> (String, &'static str, String, String) {
    let what = a.reason.split(':').next().unwrap_or_default().to_string();
    (a.owner.clone(), a.kind, a.name.clone(), what)
}

/// Whether `analysis` has the object `a` stands for.
fn exists(analysis: &Analysis, a: &Absent) -> bool {
    match a.kind {
        // Not Kubernetes objects: gone from the ghosts is the proof.
        "EnvVar" | "PodIdentityAssociation" => !analysis.absent.iter().any(|b| identity(b) == identity(a)),
        kind => {
            analysis.entries.iter().any(|e| e.kind == kind && e.name == a.name && e.object.is_some())
                && !analysis.absent.iter().any(|b| identity(b) == identity(a))
        }
    }
}

/// Applies the fix of ghost `kind name` of `owner` and checks the object then exists.
fn fix_makes_it_real(source: &str, params: &[&str], owner: &str, kind: &str, name: &str) -> String {
    let options = options(params);
    let before = analyze(source, &options);
    let a = ghost(&before.absent, owner, kind, name);
    assert!(!a.edits.is_empty() || !a.params.is_empty(), "{a:#?} has no applicable fix");
    let (text, fixed) = apply(source, &options, a);
    let after = analyze(&text, &fixed);
    assert!(exists(&after, a), "after the fix of {a:#?}:\n{text}");
    let errors = |x: &Analysis| x.diagnostics.iter().filter(|d| d.is_error()).count();
    assert!(errors(&after) <= errors(&before), "{:#?}", after.diagnostics);
    text
}

const WEB: &str = "services:\n  web:\n    port: 3000\n";

// ---------------------------------------------------------------------------------------
// One test per kind: reason and fix.

#[test]
fn a_fixed_count_has_no_hpa_and_a_range_fixes_it() {
    let src = "services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n";
    let all = ghosts(src, &[]);
    let hpa = ghost(&all, "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(hpa.reason, "no HorizontalPodAutoscaler: scale.count is a fixed 2");
    assert_eq!(hpa.fix, "write count: 2-10 under scale");
    let text = fix_makes_it_real(src, &[], "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(text, "services:\n  web:\n    port: 3000\n    scale:\n      count: 2-10\n");
    // The short form `scale: 2` is the count: it is the value that changes.
    let short =
        fix_makes_it_real("services:\n  web:\n    scale: 2\n", &[], "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(short, "services:\n  web:\n    scale: 2-10\n");
    // No scale at all: the default count is 1, and the block is made.
    let made = fix_makes_it_real(WEB, &[], "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(made, "services:\n  web:\n    port: 3000\n    scale:\n      count: 1-10\n");
}

#[test]
fn keda_scaling_has_no_hpa_and_says_who_scales() {
    let src = "services:\n  web:\n    scale:\n      count: 1-5\n      keda:\n        triggers:\n          - type: cpu\n            metricType: Utilization\n            metadata:\n              value: \"60\"\n";
    let all = ghosts(src, &["keda_enable=true"]);
    let hpa = ghost(&all, "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(
        hpa.reason,
        "no HorizontalPodAutoscaler: scale.keda has KEDA scale web, through ScaledObject web (KEDA then makes its own HorizontalPodAutoscaler keda-hpa-web)"
    );
    assert_eq!(hpa.fix, "remove scale.keda to scale on the rack's own HorizontalPodAutoscaler");
    let text = fix_makes_it_real(src, &["keda_enable=true"], "web", "HorizontalPodAutoscaler", "web");
    assert_eq!(text, "services:\n  web:\n    scale:\n      count: 1-5\n");
}

#[test]
fn an_agent_has_no_hpa_scaled_object_or_budget() {
    let src = "services:\n  agent:\n    agent: true\n    ports:\n      - 8125/udp\n";
    let all = ghosts(src, &[]);
    for kind in ["HorizontalPodAutoscaler", "PodDisruptionBudget"] {
        assert_eq!(
            ghost(&all, "agent", kind, "agent").reason,
            format!("no {kind}: agent is true: agent runs as a DaemonSet (one pod per node), and the rack scales and budgets only Deployments")
        );
    }
    assert_eq!(
        ghost(&all, "agent", "PodDisruptionBudget", "agent").fix,
        "remove agent: true (agent then runs as a Deployment)"
    );
    // The first rule is the reason; the fix mends every rule that fails.
    let so = ghost(&all, "agent", "ScaledObject", "agent");
    assert!(so.reason.starts_with("no ScaledObject: agent is true: "), "{}", so.reason);
    assert_eq!(
        so.fix,
        "remove agent: true (agent then runs as a Deployment), and write scale.autoscale.cpu.threshold: 70, and convox rack params set keda_enable=true, and write count: 1-10 under scale"
    );
    let text = fix_makes_it_real(src, &[], "agent", "PodDisruptionBudget", "agent");
    assert_eq!(text, "services:\n  agent:\n    ports:\n      - 8125/udp\n");
    fix_makes_it_real(src, &[], "agent", "HorizontalPodAutoscaler", "agent");
    fix_makes_it_real(src, &[], "agent", "ScaledObject", "agent");
}

#[test]
fn no_autoscale_has_no_scaled_object_and_the_fix_turns_on_keda() {
    let all = ghosts(WEB, &[]);
    let so = ghost(&all, "web", "ScaledObject", "web");
    assert_eq!(so.reason, "no ScaledObject: scale has neither autoscale nor keda triggers");
    assert_eq!(
        so.fix,
        "write scale.autoscale.cpu.threshold: 70, and convox rack params set keda_enable=true, and write count: 1-10 under scale"
    );
    assert_eq!(so.params, [("keda_enable", "true")]);
    let text = fix_makes_it_real(WEB, &[], "web", "ScaledObject", "web");
    assert_eq!(
        text,
        "services:\n  web:\n    port: 3000\n    scale:\n      autoscale:\n        cpu:\n          threshold: 70\n      count: 1-10\n"
    );
    // Off AWS there is no KEDA: no ghost for a service that does not ask for it.
    none(&ghosts(WEB, &["provider=gcp"]), "web", "ScaledObject");
}

#[test]
fn autoscale_without_keda_on_the_rack_is_a_rack_parameter_fix() {
    let src = "services:\n  web:\n    scale:\n      count: 1-4\n      autoscale:\n        cpu:\n          threshold: 70\n";
    let so = ghost(&ghosts(src, &[]), "web", "ScaledObject", "web").clone();
    assert_eq!(
        so.reason,
        "no ScaledObject: the rack has keda_enable=false, so it ignores scale.autoscale and web runs scale.count's minimum"
    );
    assert_eq!(so.fix, "convox rack params set keda_enable=true");
    assert!(so.edits.is_empty());
    fix_makes_it_real(src, &[], "web", "ScaledObject", "web");
    // On Azure no parameter turns KEDA on: the fix is words only.
    let azure = ghost(&ghosts(src, &["provider=azure"]), "web", "ScaledObject", "web").clone();
    assert_eq!(azure.fix, "keda_enable is a parameter of AWS racks; a azure rack has none");
    assert!(azure.edits.is_empty() && azure.params.is_empty());
}

#[test]
fn autoscale_with_a_fixed_count_or_no_prometheus_has_no_scaled_object() {
    let fixed = "services:\n  web:\n    scale:\n      count: 3\n      autoscale:\n        cpu:\n          threshold: 70\n";
    let so = ghost(&ghosts(fixed, &["keda_enable=true"]), "web", "ScaledObject", "web").clone();
    assert_eq!(so.reason, "no ScaledObject: scale.count is a fixed 3, and KEDA scales only within a range");
    assert_eq!(so.fix, "write count: 3-10 under scale");
    fix_makes_it_real(fixed, &["keda_enable=true"], "web", "ScaledObject", "web");

    let gpu = "services:\n  web:\n    scale:\n      count: 1-4\n      autoscale:\n        gpuUtilization:\n          threshold: 80\n";
    let so = ghost(&ghosts(gpu, &["keda_enable=true"]), "web", "ScaledObject", "web").clone();
    assert_eq!(
        so.reason,
        "no ScaledObject: a gpuUtilization or queueDepth trigger needs Prometheus, and neither its prometheusUrl nor the rack's prometheus_url is set"
    );
    assert!(so.fix.starts_with("convox rack params set prometheus_url=<your Prometheus URL>"));
    assert!(so.edits.is_empty() && so.params.is_empty(), "no URL to guess");
}

#[test]
fn no_vpa_key_has_no_vpa_and_the_fix_writes_one_and_turns_it_on() {
    let vpa = ghost(&ghosts(WEB, &[]), "web", "VerticalPodAutoscaler", "web").clone();
    assert_eq!(vpa.reason, "no VerticalPodAutoscaler: scale has no vpa");
    assert_eq!(
        vpa.fix,
        "write scale.vpa.updateMode: \"Off\" (recommendations only; Initial or Recreate apply them), and convox rack params set vpa_enable=true"
    );
    let text = fix_makes_it_real(WEB, &[], "web", "VerticalPodAutoscaler", "web");
    assert_eq!(
        text,
        "services:\n  web:\n    port: 3000\n    scale:\n      vpa:\n        updateMode: \"Off\"\n"
    );
    // A VPA the rack refuses is a ghost too, pointing at the error.
    let bad = "services:\n  web:\n    scale:\n      vpa:\n        updateMode: Sometimes\n";
    let vpa = ghost(&ghosts(bad, &["vpa_enable=true"]), "web", "VerticalPodAutoscaler", "web").clone();
    assert_eq!(
        vpa.reason,
        "no VerticalPodAutoscaler: the rack refuses scale.vpa as written (its error says why)"
    );
    assert!(vpa.edits.is_empty());
}

#[test]
fn no_port_has_no_service_or_ingress() {
    let src = "services:\n  worker:\n    command: bin/work\n";
    let all = ghosts(src, &[]);
    let svc = ghost(&all, "worker", "Service", "worker");
    assert_eq!(
        svc.reason,
        "no Service: worker has neither port nor ports: nothing in the cluster reaches it by name"
    );
    assert_eq!(svc.fix, "write port: 3000 (the port worker listens on)");
    let ing = ghost(&all, "worker", "Ingress", "worker");
    assert_eq!(ing.reason, "no Ingress: worker has no port (ports are reachable inside the cluster only)");
    // No port: one ghost for the router, not a second for the internal router.
    assert!(!all.iter().any(|a| a.name == "worker-internal"));
    let text = fix_makes_it_real(src, &[], "worker", "Service", "worker");
    assert_eq!(text, "services:\n  worker:\n    command: bin/work\n    port: 3000\n");
    fix_makes_it_real(src, &[], "worker", "Ingress", "worker");
    fix_makes_it_real(src, &["router_type=contour"], "worker", "HTTPProxy", "worker");
}

#[test]
fn internal_services_have_no_ingress() {
    let src = "services:\n  api:\n    port: 4000\n    internal: true\n";
    let ing = ghost(&ghosts(src, &[]), "api", "Ingress", "api").clone();
    assert_eq!(ing.reason, "no Ingress: internal is true: api is reachable only inside the cluster");
    assert_eq!(ing.fix, "write internal: false");
    let text = fix_makes_it_real(src, &[], "api", "Ingress", "api");
    assert_eq!(text, "services:\n  api:\n    port: 4000\n    internal: false\n");
    let routed = "services:\n  api:\n    port: 4000\n    internalRouter: true\n";
    let ing = ghost(&ghosts(routed, &["internal_router=true"]), "api", "Ingress", "api").clone();
    assert_eq!(ing.reason, "no Ingress: internalRouter is true: api is on the internal router");
    assert_eq!(ing.fix, "write internalRouter: false");
    fix_makes_it_real(routed, &["internal_router=true"], "api", "Ingress", "api");
}

#[test]
fn a_public_service_has_no_internal_ingress_and_the_fix_moves_it() {
    let all = ghosts(WEB, &[]);
    let internal = ghost(&all, "web", "Ingress", "web-internal");
    assert_eq!(
        internal.reason,
        "no Ingress on the internal router: internalRouter is not set: web is on the public router"
    );
    assert_eq!(internal.fix, "write internalRouter: true, and convox rack params set internal_router=true");
    let text = fix_makes_it_real(WEB, &[], "web", "Ingress", "web-internal");
    assert_eq!(text, "services:\n  web:\n    port: 3000\n    internalRouter: true\n");
    // On contour the internal router's HTTPProxy has the service's own name.
    let contour = ghosts(WEB, &["router_type=contour"]);
    let proxy = ghost(&contour, "web", "HTTPProxy", "web");
    assert!(proxy.reason.starts_with("no HTTPProxy on the internal router: "), "{}", proxy.reason);
    fix_makes_it_real(WEB, &["router_type=contour"], "web", "HTTPProxy", "web");
    // No internal router off AWS.
    none(&ghosts(WEB, &["provider=do"]), "web", "Ingress");
}

#[test]
fn a_budget_turned_off_by_annotation_comes_back_without_it() {
    let src = "services:\n  web:\n    port: 3000\n    annotations:\n      - team=web\n      - convox.com/pdb-disabled=true\n";
    let pdb = ghost(&ghosts(src, &[]), "web", "PodDisruptionBudget", "web").clone();
    assert_eq!(
        pdb.reason,
        "no PodDisruptionBudget: the annotation convox.com/pdb-disabled=true turns it off"
    );
    assert_eq!(pdb.fix, "remove the annotation convox.com/pdb-disabled=true");
    let text = fix_makes_it_real(src, &[], "web", "PodDisruptionBudget", "web");
    assert_eq!(text, "services:\n  web:\n    port: 3000\n    annotations:\n      - team=web\n");
}

#[test]
fn resources_outside_the_cluster_or_in_memory_have_no_claim() {
    let src =
        "resources:\n  cache:\n    type: redis\n  db:\n    type: rds-postgres\n  main:\n    type: postgres\n";
    let all = ghosts(src, &[]);
    let cache = ghost(&all, "cache", "PersistentVolumeClaim", "resource-cache");
    assert_eq!(
        cache.reason,
        "no PersistentVolumeClaim: type redis is a cache: the rack runs it without a volume, so its data goes with the pod"
    );
    assert!(cache.edits.is_empty() && cache.fix.starts_with("none: "));
    for kind in ["Deployment", "Service", "PersistentVolumeClaim"] {
        let db = ghost(&all, "db", kind, "resource-db");
        assert_eq!(
            db.reason,
            format!("no {kind}: type rds-postgres is provisioned by AWS, outside the cluster")
        );
        assert_eq!(db.fix, "write type: postgres to run it in the cluster instead");
    }
    assert!(!all.iter().any(|a| a.owner == "main"), "postgres gets every object");
    let text = fix_makes_it_real(src, &[], "db", "PersistentVolumeClaim", "resource-db");
    assert!(text.contains("  db:\n    type: postgres\n"));
}

#[test]
fn a_masked_resource_has_no_workload_and_says_which_variable() {
    let src = "resources:\n  main-db:\n    type: postgres\n";
    let options = Options {
        env: Env::from([("MAIN_DB_URL".to_string(), "postgres://db.example.com/app".to_string())]),
        ..options(&[])
    };
    let all = analyze(src, &options).absent;
    let pvc = ghost(&all, "main-db", "PersistentVolumeClaim", "resource-main-db");
    assert_eq!(
        pvc.reason,
        "no PersistentVolumeClaim: the release env sets MAIN_DB_URL: the rack points main-db at that URL and runs nothing in the cluster"
    );
    assert_eq!(pvc.fix, "unset MAIN_DB_URL in the release env (convox env unset MAIN_DB_URL -a my-app)");
    ghost(&all, "main-db", "Deployment", "resource-main-db");
    ghost(&all, "main-db", "Service", "resource-main-db");
}

const VOLUMES: &str = "services:\n  web:\n    volumeOptions:\n      - emptyDir:\n          id: scratch\n          mountPath: /tmp/scratch\n      - awsEfs:\n          id: uploads\n          accessMode: ReadWriteMany\n          mountPath: /app/uploads\n";

#[test]
fn an_efs_volume_without_a_handle_has_no_persistent_volume() {
    let all = ghosts(VOLUMES, &["efs_csi_driver_enable=true"]);
    let pv = ghost(&all, "web", "PersistentVolume", "efs-pv-my-app-web-uploads");
    assert_eq!(
        pv.reason,
        "no PersistentVolume: volumeOptions[1].awsEfs has no volumeHandle: the EFS CSI driver provisions claim efs-web-uploads on the rack's file system (storage class efs-sc), with no PersistentVolume of the release"
    );
    let text = fix_makes_it_real(
        VOLUMES,
        &["efs_csi_driver_enable=true"],
        "web",
        "PersistentVolume",
        "efs-pv-my-app-web-uploads",
    );
    assert!(
        text.ends_with("          mountPath: /app/uploads\n          volumeHandle: /[APP]/[SERVICE]\n"),
        "{text}"
    );
}

#[test]
fn an_empty_dir_has_no_claim_and_the_fix_makes_it_shared_storage() {
    let all = ghosts(VOLUMES, &[]);
    let pvc = ghost(&all, "web", "PersistentVolumeClaim", "efs-web-scratch");
    assert_eq!(
        pvc.reason,
        "no PersistentVolumeClaim: volumeOptions[0] is an emptyDir: its files live and die with each pod"
    );
    assert_eq!(
        pvc.fix,
        "write awsEfs instead of emptyDir in volumeOptions[0], with accessMode: ReadWriteMany, and convox rack params set efs_csi_driver_enable=true"
    );
    let text = fix_makes_it_real(
        VOLUMES,
        &["efs_csi_driver_enable=true"],
        "web",
        "PersistentVolumeClaim",
        "efs-web-scratch",
    );
    assert!(text.starts_with("services:\n  web:\n    volumeOptions:\n      - awsEfs:\n          id: scratch\n          mountPath: /tmp/scratch\n          accessMode: ReadWriteMany\n"), "{text}");
    // On Azure the shared storage is Azure Files.
    let azure = ghosts(VOLUMES, &["provider=azure"]);
    let pvc = ghost(&azure, "web", "PersistentVolumeClaim", "azurefiles-web-scratch");
    assert_eq!(
        pvc.fix,
        "write azureFiles instead of emptyDir in volumeOptions[0], with accessMode: ReadWriteMany, and convox rack params set azure_files_enable=true"
    );
    fix_makes_it_real(VOLUMES, &["provider=azure"], "web", "PersistentVolumeClaim", "azurefiles-web-scratch");
    // Elsewhere there is no shared storage to offer.
    assert!(!ghosts(VOLUMES, &["provider=gcp"]).iter().any(|a| a.kind == "PersistentVolumeClaim"));
}

#[test]
fn without_policy_arns_a_service_and_its_timers_get_no_pod_identity() {
    let src = "services:\n  jobs:\n    command: bin/jobs\ntimers:\n  cleanup:\n    schedule: \"0 3 * * *\"\n    command: bin/cleanup\n    service: jobs\n";
    let all = ghosts(src, &[]);
    let sa = ghost(&all, "jobs", "PodIdentityAssociation", "jobs");
    assert_eq!(
        sa.reason,
        "no PodIdentityAssociation: accessControl.awsPodIdentity.policyArns is not set: the rack makes no IAM role (my-rack-my-app-jobs-4bf7d78a) and no EKS Pod Identity Association for ServiceAccount jobs"
    );
    let timer = ghost(&all, "cleanup", "PodIdentityAssociation", "timer-cleanup");
    assert!(timer.reason.contains("policyArns of service jobs is not set"), "{}", timer.reason);
    let text = fix_makes_it_real(src, &[], "cleanup", "PodIdentityAssociation", "timer-cleanup");
    assert!(text.contains(
        "  jobs:\n    command: bin/jobs\n    accessControl:\n      awsPodIdentity:\n        policyArns: [\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"]\ntimers:"
    ));
    // The fixed service's ServiceAccount then says how the role is bound.
    let after = analyze(&text, &Options::default());
    let account = after.entries.iter().find(|e| e.kind == "ServiceAccount" && e.name == "jobs").unwrap();
    assert!(account.notes.iter().any(|n| n.contains("EKS Pod Identity Association")));
    // EKS Pod Identity is AWS's.
    none(&ghosts(src, &["provider=azure"]), "jobs", "PodIdentityAssociation");
}

#[test]
fn certificates_are_the_contour_routers_and_each_rule_says_its_parameter() {
    let nginx = ghost(&ghosts(WEB, &[]), "web", "Certificate", "cert-web").clone();
    assert_eq!(
        nginx.reason,
        "no Certificate: the router is nginx, and cert-manager makes cert-web itself from the Ingress's annotations, not from the release"
    );
    assert_eq!(nginx.fix, "convox rack params set router_type=contour");
    fix_makes_it_real(WEB, &[], "web", "Certificate", "cert-web");

    let own = "services:\n  web:\n    port: 3000\n    certificate:\n      id: my-cert\n";
    let c = ghost(&ghosts(own, &["router_type=contour"]), "web", "Certificate", "cert-web").clone();
    assert_eq!(
        c.reason,
        "no Certificate: certificate.id is set: TLS uses your Secret my-cert, not cert-manager"
    );
    assert_eq!(c.fix, "remove certificate.id");
    fix_makes_it_real(own, &["router_type=contour"], "web", "Certificate", "cert-web");

    let off = ["router_type=contour", "convox_domain_tls_cert_disable=true"];
    let c = ghost(&ghosts(WEB, &off), "web", "Certificate", "cert-web").clone();
    assert_eq!(c.reason, "no Certificate: the rack has convox_domain_tls_cert_disable=true: the rack-domain host gets no TLS certificate");
    assert_eq!(c.fix, "convox rack params set convox_domain_tls_cert_disable=false");
    fix_makes_it_real(WEB, &off, "web", "Certificate", "cert-web");

    let internal = "services:\n  web:\n    port: 3000\n    internalRouter: true\n";
    let off = ["router_type=contour", "internal_router=true", "contour_internal_tls=false"];
    let c = ghost(&ghosts(internal, &off), "web", "Certificate", "cert-web").clone();
    assert_eq!(c.reason, "no Certificate: the rack has contour_internal_tls=false: internal-router hosts get no TLS certificate");
    assert_eq!(c.fix, "convox rack params set contour_internal_tls=true");
    fix_makes_it_real(internal, &off, "web", "Certificate", "cert-web");
}

#[test]
fn a_timer_with_one_pod_per_run_has_no_timer_index() {
    let src = "services:\n  jobs:\n    command: bin/jobs\ntimers:\n  cleanup:\n    schedule: \"0 3 * * *\"\n    command: bin/cleanup\n    service: jobs\n";
    let index = ghost(&ghosts(src, &[]), "cleanup", "EnvVar", "TIMER_INDEX").clone();
    assert_eq!(
        index.reason,
        "no TIMER_INDEX: parallelCount is not set: each run is one pod, not an Indexed Job, so its pods get no index"
    );
    assert_eq!(index.fix, "write parallelCount: 2");
    let text = fix_makes_it_real(src, &[], "cleanup", "EnvVar", "TIMER_INDEX");
    assert!(text.ends_with("    service: jobs\n    parallelCount: 2\n"));
    let after = analyze(&text, &Options::default());
    let cron = after.entries.iter().find(|e| e.kind == "CronJob").unwrap();
    let yaml =
        convox_k8s::output::object_yaml(cron.object.as_ref().unwrap(), convox_k8s::output::Secrets::Raw)
            .unwrap()
            .0;
    assert!(yaml.contains("TIMER_INDEX"), "{yaml}");
}

#[test]
fn the_owner_is_placed_in_the_text() {
    let src = "services:\n  web:\n    port: 3000\n  worker:\n    command: x\n";
    let all = ghosts(src, &[]);
    let a = ghost(&all, "worker", "Service", "worker");
    let source = a.source.as_ref().unwrap();
    assert_eq!(source.path, "services.worker");
    assert_eq!(&src[source.range.start..source.range.end], "worker:\n    command: x");
}

#[test]
fn text_the_tool_cannot_edit_safely_leaves_the_fix_as_words() {
    // Flow style and an alias: no edit, no parameter (a half-applied fix would mislead).
    let flow = "services:\n  web: {port: 3000, scale: {count: 2}}\n";
    let hpa = ghost(&ghosts(flow, &[]), "web", "HorizontalPodAutoscaler", "web").clone();
    assert_eq!(hpa.fix, "write count: 2-10 under scale");
    assert!(hpa.edits.is_empty() && hpa.params.is_empty());
    let so = ghost(&ghosts(flow, &[]), "web", "ScaledObject", "web").clone();
    assert!(so.edits.is_empty() && so.params.is_empty(), "{so:#?}");
}

#[test]
fn why_not_is_computed_only_when_asked() {
    assert!(analyze(WEB, &Options::default()).absent.is_empty());
    assert!(!analyze(WEB, &options(&[])).absent.is_empty());
}

#[test]
fn map_json_says_what_is_not_created_and_with_which_rack_parameter() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_convox-k8s"))
        .args(["map", "-", "--format", "json", "--rack-param", "keda_enable=true"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(b"services:\n  web:\n    port: 3000\n    scale: 2\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let absent = json["absent"].as_array().unwrap();
    let hpa = absent.iter().find(|a| a["kind"] == "HorizontalPodAutoscaler").unwrap();
    assert_eq!(hpa["reason"], "no HorizontalPodAutoscaler: scale.count is a fixed 2");
    assert_eq!(hpa["edits"][0]["insert"], "2-10");
    // KEDA is on: the ScaledObject's fix writes the trigger and the range, and sets nothing.
    let so = absent.iter().find(|a| a["kind"] == "ScaledObject").unwrap();
    assert_eq!(so["params"], serde_json::json!([]));
}

#[test]
fn the_contract_has_the_documented_absent_shape() {
    let src = "services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n";
    let analysis = analyze(src, &options(&[]));
    let json = serde_json::to_value(convox_k8s::output::contract(&analysis, src)).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let all = json["absent"].as_array().unwrap();
    let hpa = all.iter().find(|a| a["kind"] == "HorizontalPodAutoscaler").unwrap();
    assert_eq!(keys(hpa), ["owner", "concept", "kind", "name", "reason", "fix", "edits", "params", "source"]);
    assert_eq!(hpa["concept"], "service");
    assert_eq!(
        hpa["edits"],
        serde_json::json!([{"line": 5, "column": 14, "endLine": 5, "endColumn": 15, "insert": "2-10"}])
    );
    assert_eq!(keys(&hpa["source"]), ["path", "line", "column", "endLine"]);
    assert_eq!(hpa["source"]["line"], 2, "the line of `web:`");
    let so = all.iter().find(|a| a["kind"] == "ScaledObject").unwrap();
    assert_eq!(so["params"], serde_json::json!([{"name": "keda_enable", "value": "true"}]));
}

// ---------------------------------------------------------------------------------------
// Every fixture: the reviewed ghosts, and every applicable fix makes its object.

/// Every fixture with why-not asked for.
fn fixtures() -> Vec<(Fixture, Options)> {
    testing::fixtures()
        .into_iter()
        .map(|f| {
            let options = Options { why_not: true, ..f.options.clone() };
            (f, options)
        })
        .collect()
}

fn absent_text(source: &str, analysis: &Analysis) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for a in &analysis.absent {
        out.push_str(&format!("{} {} owner={} ({:?})\n", a.kind, a.name, a.owner, a.concept));
        out.push_str(&format!("  {}\n  fix: {}\n", a.reason, a.fix));
        for e in &a.edits {
            let (line, column) = index.line_column(e.span.start);
            let (end_line, end_column) = index.line_column(e.span.end);
            out.push_str(&format!("  edit {line}:{column}-{end_line}:{end_column} {:?}\n", e.insert));
        }
        for (name, value) in &a.params {
            out.push_str(&format!("  param {name}={value}\n"));
        }
    }
    out
}

#[test]
fn fixtures_absent_objects_match_their_reviewed_snapshots() {
    for (fixture, options) in fixtures() {
        let (source, dir) = (&fixture.source, &fixture.dir);
        let analysis = analyze(source, &options);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(dir.join("convox.yml"));
        settings.bind(|| insta::assert_snapshot!("absent", absent_text(source, &analysis)));
    }
}

#[test]
fn every_applicable_fix_in_every_fixture_makes_its_object_and_no_new_error() {
    let mut applied = 0;
    for (fixture, own) in fixtures() {
        let (source, dir) = (&fixture.source, &fixture.dir);
        let mut profiles = vec![own.clone()];
        if own.profile.has("router_type") && !own.profile.contour() {
            let mut contour = own.clone();
            contour.profile.set("router_type", "contour").unwrap();
            profiles.push(contour);
        }
        for options in profiles {
            let before = analyze(source, &options);
            let errors = |x: &Analysis| x.diagnostics.iter().filter(|d| d.is_error()).count();
            for a in &before.absent {
                // No ghost is an object the rack does create (on contour the two routers'
                // HTTPProxies share the service's name: the reason tells them apart).
                let real = before.entries.iter().any(|e| {
                    e.kind == a.kind && e.name == a.name && e.owner.as_deref() == Some(a.owner.as_str())
                });
                assert!(!real || a.kind == "HTTPProxy", "{}: {a:#?}", dir.display());
                if a.edits.is_empty() && a.params.is_empty() {
                    continue;
                }
                let (text, fixed) = apply(source, &options, a);
                let after = analyze(&text, &fixed);
                assert!(exists(&after, a), "{}: the fix of {a:#?} gives\n{text}", dir.display());
                // A fixture of deliberate refusals may hold more under the fixed key (a negative
                // probe interval under a service without a port is refused once it has one).
                let refusals = fixture.expect_errors;
                assert!(
                    refusals || errors(&after) <= errors(&before),
                    "{}: {a:#?}\n{:#?}",
                    dir.display(),
                    after.diagnostics
                );
                applied += 1;
            }
        }
    }
    assert!(applied > 100, "only {applied} fixes applied");
}

/// The rack's own manifest files (loader, golden, hostile and fuzz inputs), cut short at a few
/// places too: why-not never panics, and every edit it offers lies on character boundaries of
/// the text, applies, and analyses again.
#[test]
fn the_racks_test_files_and_their_truncations_never_break_why_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/convox");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files {
        let full = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        let cuts = [full.len(), full.len() * 2 / 3, full.len() / 3];
        for cut in cuts {
            let mut at = cut;
            while !full.is_char_boundary(at) {
                at -= 1;
            }
            let source = &full[..at];
            let options = options(&[]);
            let analysis = analyze(source, &options);
            for a in &analysis.absent {
                for e in &a.edits {
                    assert!(source.get(e.span.start..e.span.end).is_some(), "{}: {a:#?}", file.display());
                }
                let (text, fixed) = apply(source, &options, a);
                analyze(&text, &fixed);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} ghosts");
}
