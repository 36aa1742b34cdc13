//! Completions, hovers and hints on small manifests; `|` marks the cursor.

use super::*;
use crate::{analyze, Options};

/// The labels offered at `|` in `text`.
fn labels(text: &str) -> Vec<String> {
    let at = text.find('|').expect("a cursor");
    let text = text.replace('|', "");
    complete(&text, at).items.into_iter().map(|i| i.label).collect()
}

fn has(labels: &[String], want: &[&str]) -> bool {
    want.iter().all(|w| labels.iter().any(|l| l == w))
}

#[test]
fn top_level_keys_are_offered_at_the_top_level() {
    let l = labels("services:\n  web:\n    port: 3000\nserv|");
    assert!(has(&l, &["resources", "timers", "balancers"]), "{l:?}");
    // `services` is taken already; in an empty file it is offered
    assert!(!l.contains(&"services".to_string()));
    assert!(has(&labels("serv|"), &["services"]));
    let at = "services:\n  web: {}\nserv".len();
    assert_eq!(complete("services:\n  web: {}\nserv", at).from, at - 4, "the word starts at the key");
}

#[test]
fn a_service_gets_service_keys_and_nested_blocks_their_own() {
    let l = labels("services:\n  web:\n    image: x\n    |\n");
    assert!(
        has(&l, &["port", "scale", "health", "environment"]) && !l.contains(&"image".to_string()),
        "{l:?}"
    );
    let l = labels("services:\n  web:\n    scale:\n      c|\n");
    assert!(has(&l, &["count", "cpu", "autoscale"]) && !l.contains(&"port".to_string()), "{l:?}");
    let l = labels("services:\n  web:\n    volumeOptions:\n      - emptyDir:\n          m|\n");
    assert!(has(&l, &["mountPath", "medium", "sizeLimit"]), "{l:?}");
    let l = labels("services:\n  web:\n    volumeOptions:\n      - a|\n");
    assert!(has(&l, &["awsEfs", "azureFiles", "emptyDir"]), "{l:?}");
    // keys of a map no table reads: nothing
    assert!(labels("services:\n  web:\n    labels:\n      t|\n").is_empty());
}

#[test]
fn closed_sets_and_booleans_are_offered_after_the_colon() {
    let timer = "services:\n  web: {}\ntimers:\n  t:\n    concurrency: |\n";
    assert_eq!(labels(timer), ["Allow", "Forbid", "Replace"]);
    assert_eq!(labels("services:\n  web:\n    agent: t|\n"), ["true", "false"]);
    assert!(has(&labels("resources:\n  db:\n    type: |\n"), &["postgres", "redis", "rds-postgres"]));
    assert_eq!(
        labels("services:\n  web:\n    scale:\n      vpa:\n        updateMode: |\n"),
        ["Off", "Initial", "Recreate", "true", "false"]
    );
}

#[test]
fn names_come_from_the_manifest() {
    let text = "resources:\n  db:\n    type: postgres\n  cache:\n    type: redis\nservices:\n  web:\n    resources:\n      - |\n  worker: {}\ntimers:\n  t:\n    service: \nbalancers:\n  b:\n    service: \n";
    assert_eq!(labels(text), ["db", "cache"]);
    let at = text.find("    service: \nbal").unwrap() + "    service: ".len();
    let names: Vec<String> =
        complete(&text.replace('|', ""), at - 1).items.into_iter().map(|i| i.label).collect();
    assert_eq!(names, ["web", "worker"]);
    let at = text.len() - 1;
    let names: Vec<String> =
        complete(&text.replace('|', ""), at - 1).items.into_iter().map(|i| i.label).collect();
    assert_eq!(names, ["web", "worker"]);
    let text = "configs:\n  - id: app-json\nservices:\n  web:\n    configMounts:\n      - id: |\n";
    assert_eq!(labels(text), ["app-json"]);
}

#[test]
fn hover_shows_the_key_s_documentation() {
    let text = "services:\n  web:\n    scale: 2\n    links: [db]\n";
    let at = text.find("scale").unwrap() + 2;
    let h = hover(text, at).expect("a hover on scale");
    assert_eq!((h.from, h.to), (text.find("scale").unwrap(), text.find("scale").unwrap() + 5));
    assert_eq!(h.path, "services.<name>.scale");
    assert!(
        h.doc.contains("How many pods")
            && h.forms.contains("1-3")
            && h.kubernetes.contains("HorizontalPodAutoscaler")
    );
    assert!(h.default.contains("count 1"));
    let h = hover(text, text.find("links").unwrap()).expect("a hover on a v2 key");
    assert!(h.legacy.contains("Convox v2"), "{h:?}");
    assert_eq!(hover(text, text.find(": 2").unwrap() + 2), None, "not on a value");
    let timer = "timers:\n  t:\n    concurrency: forbid\n";
    assert_eq!(
        hover(timer, timer.find("concurrency").unwrap()).unwrap().values,
        ["Allow", "Forbid", "Replace"]
    );
}

/// The labels offered at `|` in `text` on a rack of release `version`.
fn labels_at(text: &str, version: RackVersion) -> Vec<String> {
    let at = text.find('|').expect("a cursor");
    complete_at(&text.replace('|', ""), at, version).items.into_iter().map(|i| i.label).collect()
}

#[test]
fn completion_offers_only_the_keys_the_chosen_rack_reads() {
    use crate::rack_version::{V3_22_5, V3_23_4};
    let service = "services:\n  web:\n    |\n";
    let newest = labels_at(service, RackVersion::default());
    assert!(
        has(&newest, &["securityContext", "imagePullSecrets", "nodeAffinityLabels", "port"]),
        "{newest:?}"
    );
    let old = labels_at(service, V3_22_5);
    assert!(has(&old, &["port", "nodeSelectorLabels", "privileged"]), "{old:?}");
    for newer in ["securityContext", "imagePullSecrets", "nodeAffinityLabels", "disableHostUsers"] {
        assert!(!old.iter().any(|l| l == newer), "{newer} offered to a 3.22.5 rack: {old:?}");
    }
    let scale = "services:\n  web:\n    scale:\n      |\n";
    let at_3_23_4 = labels_at(scale, V3_23_4);
    assert!(has(&at_3_23_4, &["count", "keda", "vpa"]), "{at_3_23_4:?}");
    assert!(!at_3_23_4.iter().any(|l| l == "autoscale" || l == "min"), "{at_3_23_4:?}");
    // Inside a block the rack does not read: nothing, not even its own keys.
    assert!(labels_at("services:\n  web:\n    scale:\n      keda:\n        |\n", V3_22_5).is_empty());
    assert!(labels_at("services:\n  web:\n    privileged: |\n", V3_22_5).contains(&"true".to_string()));
    assert!(labels_at("services:\n  web:\n    disableHostUsers: |\n", V3_22_5).is_empty());
}

#[test]
fn hover_says_which_rack_version_brought_a_key_and_what_an_older_one_does() {
    use crate::rack_version::{V3_22_5, V3_23_4, V3_24_5};
    let text = "services:\n  web:\n    securityContext:\n      runAsNonRoot: true\n    scale:\n      keda:\n        pollingInterval: 5\n";
    let on = |word: &str, version| hover_at(text, text.find(word).unwrap(), version).unwrap();
    let newest = on("securityContext", RackVersion::default());
    assert_eq!(newest.since, Some(V3_24_5));
    assert!(newest.newer.is_empty());
    let old = on("securityContext", V3_22_5);
    assert_eq!(old.since, Some(V3_24_5));
    assert!(old.newer.contains("a 3.22.5 rack ignores it"), "{}", old.newer);
    // A key inside a newer block is as new as the block.
    let inner = on("pollingInterval", V3_22_5);
    assert_eq!(inner.since, Some(V3_23_4));
    assert!(inner.newer.contains("3.23.4"), "{}", inner.newer);
    assert_eq!(on("runAsNonRoot", RackVersion::default()).since, Some(V3_24_5));
    // A key every rack reads has no since.
    assert_eq!(hover_at(text, text.find("scale").unwrap(), V3_22_5).unwrap().since, None);
}

#[test]
fn hints_list_what_each_name_produces_and_follow_the_manifest() {
    let text = "services:\n  web:\n    port: 3000\n    scale: 1-3\n  worker: {}\nresources:\n  db:\n    type: postgres\ntimers:\n  t:\n    schedule: \"0 * * * *\"\n    command: x\n    service: worker\nbalancers:\n  lb:\n    service: worker\n    ports: {80: 3000}\n";
    let found = hints(&analyze(text, &Options::default()), text);
    let of = |path: &str| {
        found.iter().find(|h| h.path == path).unwrap_or_else(|| panic!("{path}: {found:?}")).clone()
    };
    let web = of("services.web");
    assert_eq!(&web.kinds[..3], ["Deployment", "Service", "Ingress"], "{web:?}");
    assert!(web.kinds.contains(&"HPA".to_string()) && web.kinds.contains(&"SA".to_string()));
    assert_eq!(web.at, text.find("  web:").unwrap() + "  web:".len());
    assert_eq!(
        web.objects[..2],
        ["Ingress web", "Secret env-web"],
        "each object as `Kind name`, in apply order: {web:?}"
    );
    assert!(!of("services.worker").kinds.contains(&"Ingress".to_string()));
    assert_eq!(of("timers.t").kinds, ["CronJob", "SA"]);
    assert!(of("resources.db").kinds.contains(&"PVC".to_string()));
    assert_eq!(of("balancers.lb").kinds, ["Service"]);
    let paths: Vec<&str> = found.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths, ["services.web", "services.worker", "resources.db", "timers.t", "balancers.lb"]);
    // without its port, web has no Ingress
    let text = text.replace("    port: 3000\n", "");
    let web = hints(&analyze(&text, &Options::default()), &text)
        .into_iter()
        .find(|h| h.path == "services.web")
        .unwrap();
    assert!(!web.kinds.contains(&"Ingress".to_string()), "{web:?}");
}

#[test]
fn the_topology_of_the_complete_example_has_its_routes_selectors_and_references() {
    let text = include_str!("../../www/examples/complete.convox.yml");
    let mut options = Options::default();
    options.profile.set("efs_csi_driver_enable", "true").unwrap();
    let t = topology(&analyze(text, &options));
    let has = |from: &str, to: &str, via: &str| {
        t.edges.iter().any(|e| {
            e.from.starts_with(from) && e.to.as_deref().is_some_and(|k| k.starts_with(to)) && e.via == via
        })
    };
    let ns = "my-rack-my-app";
    assert!(has(&format!("Ingress/{ns}/web"), &format!("Service/{ns}/web"), "routes to"));
    assert!(has(&format!("Service/{ns}/web"), &format!("Deployment/{ns}/web"), "selects"));
    assert!(has(&format!("Service/{ns}/balancer-tcp-lb"), &format!("Deployment/{ns}/worker"), "selects"));
    assert!(has(&format!("HorizontalPodAutoscaler/{ns}/web"), &format!("Deployment/{ns}/web"), "scales"));
    for used in ["ServiceAccount", "Secret", "PersistentVolumeClaim"] {
        assert!(has(&format!("Deployment/{ns}/web"), &format!("{used}/{ns}/"), "uses"), "{used}");
    }
    assert!(has(&format!("CronJob/{ns}/timer-cleanup"), &format!("Job/{ns}/timer-cleanup-"), "owns"));
    assert!(has(&format!("Job/{ns}/timer-cleanup-"), &format!("Pod/{ns}/timer-cleanup-"), "owns"));
    assert!(has(&format!("ReplicaSet/{ns}/web-"), &format!("Pod/{ns}/web-"), "owns"));
    // None of this release's references is broken; the rack's CA ConfigMap is optional.
    let broken: Vec<_> = t.edges.iter().filter(|e| e.broken()).collect();
    assert!(broken.is_empty(), "{broken:?}");
    assert!(t.edges.iter().any(|e| e.to.is_none() && e.optional && e.target == "ConfigMap ca"));
    assert!(t.edges.iter().filter_map(|e| e.to.as_ref()).all(|to| t.nodes.iter().any(|n| &n.key == to)));
}

#[test]
fn a_reference_to_nothing_is_a_broken_edge() {
    let text = "services:\n  web:\n    port: 3000\n  agent:\n    agent: true\n    ports: [8125]\n";
    let mut analysis = analyze(text, &Options::default());
    let t = topology(&analysis);
    let selects = |t: &Topology, from: &str| {
        t.edges.iter().find(|e| e.from.ends_with(from) && e.via == "selects").cloned()
    };
    assert!(selects(&t, "/agent").unwrap().to.unwrap().starts_with("DaemonSet/"));
    assert!(t.edges.iter().all(|e| !e.broken()));
    // Without the Deployment, the Service selects no pods and its Ingress still routes to it.
    analysis.entries.retain(|e| e.kind != "Deployment");
    let t = topology(&analysis);
    let web = selects(&t, "Service/my-rack-my-app/web").unwrap();
    assert!(web.broken() && web.target.starts_with("pods ") && web.target.contains("service=web"), "{web:?}");
    assert!(t.edges.iter().any(|e| e.from.starts_with("Ingress/") && !e.broken()));
}
