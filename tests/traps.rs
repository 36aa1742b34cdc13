//! The rack's own traps and the provider differences, one test per behaviour, each over its
//! fixture (`tests/fixtures/<case>/`, whose convox.yml quotes the rack's source line it
//! follows): what the objects hold, and the diagnostic at the value.

use convox_k8s::output::LineIndex;
use convox_k8s::testing::{fixture, Fixture};
use convox_k8s::{Analysis, Diagnostic};
use serde_json::Value;

struct Case {
    fixture: Fixture,
    analysis: Analysis,
}

fn case(name: &str) -> Case {
    let fixture = fixture(name);
    let analysis = fixture.analyze();
    Case { fixture, analysis }
}

impl Case {
    fn find(&self, kind: &str, name: &str) -> Option<Value> {
        self.analysis
            .entries
            .iter()
            .filter_map(|e| e.object.as_deref())
            .find(|o| o.kind() == kind && o.name() == name)
            .map(|o| serde_json::to_value(o).expect("objects serialize"))
    }

    fn get(&self, kind: &str, name: &str) -> Value {
        self.find(kind, name).unwrap_or_else(|| panic!("{}: no {kind} {name}", self.fixture.name))
    }

    /// The diagnostics with their 1-based line.
    fn diagnostics(&self) -> Vec<(usize, &Diagnostic)> {
        let index = LineIndex::new(&self.fixture.source);
        self.analysis.diagnostics.iter().map(|d| (index.span_start(d.span.expect("a span")).0, d)).collect()
    }

    /// The one diagnostic whose path is `path`.
    fn at(&self, path: &str) -> &Diagnostic {
        let found: Vec<&Diagnostic> =
            self.analysis.diagnostics.iter().filter(|d| d.path.as_deref() == Some(path)).collect();
        assert_eq!(found.len(), 1, "{}: {path}: {:#?}", self.fixture.name, self.analysis.diagnostics);
        found[0]
    }
}

fn pointer<'v>(v: &'v Value, p: &str) -> &'v Value {
    v.pointer(p).unwrap_or(&Value::Null)
}

fn decoded(secret: &Value, key: &str) -> Option<String> {
    use base64::Engine as _;
    let b64 = secret.pointer(&format!("/data/{key}"))?.as_str()?;
    Some(String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap())
}

#[test]
fn the_racks_html_unescape_reaches_args_annotations_and_the_masked_url() {
    let c = case("rack-html-unescape");
    let web = c.get("Deployment", "web");
    let args = pointer(&web, "/spec/template/spec/containers/0/args");
    assert_eq!(args[2], "https://api.example.com/v1?region=eu×tamp=1");
    assert_eq!(pointer(&web, "/spec/template/spec/initContainers/0/args/1"), "<migrate>");
    let hooks = pointer(&web, "/spec/template/spec/containers/0/lifecycle");
    assert_eq!(pointer(hooks, "/preStop/exec/command/2"), "curl -s localhost:3000/drain?x=1§ion=2");
    // `&amp;` before a word that would decode keeps its `&`, with no warning.
    assert_eq!(pointer(hooks, "/postStart/exec/command/2"), "echo ready?a=1&copy=2");
    let timer = c.get("CronJob", "timer-report");
    assert_eq!(pointer(&timer, "/spec/jobTemplate/spec/template/spec/containers/0/args/1"), "--since=1d©=2");
    let annotations = pointer(&c.get("Ingress", "web"), "/metadata/annotations").clone();
    assert_eq!(annotations["nginx.ingress.kubernetes.io/auth-url"], "https://auth.example.com/check?a=1®=2");
    assert_eq!(
        annotations["nginx.ingress.kubernetes.io/configuration-snippet"],
        "more_set_headers 'X-Q: a&b';"
    );
    assert_eq!(annotations["convox.com/owner"], "AT&T");
    let config_map = c.get("ConfigMap", "resource-database");
    assert_eq!(
        pointer(&config_map, "/data/URL"),
        "postgres://app:secret@db.example.com:5432/app?sslmode=require¤tSchema=shop"
    );
    // The env Secret holds the release env as written (base64, not unescaped).
    let env = c.get("Secret", "env-web");
    assert!(decoded(&env, "DATABASE_URL").unwrap().ends_with("&currentSchema=shop"));
    // One warning at each value; the masked URL's names the reference and offers `&amp;`.
    let masked = c.at("resources.database");
    assert!(!masked.is_error());
    assert!(masked.message.contains("`&curren` in `…&currentSchema=…` becomes `¤`"), "{}", masked.message);
    let convox_k8s::diagnostic::Edit::Env { name, value } = &masked.fixes[0].edits[0] else {
        panic!("an env fix")
    };
    assert_eq!(name, "DATABASE_URL");
    assert!(value.ends_with("require&amp;currentSchema=shop"), "{value}");
    assert!(c.at("services.web.command").message.contains("`&times` in `…&timestamp=…` becomes `×`"));
    assert_eq!(c.diagnostics().iter().filter(|(_, d)| d.is_error()).count(), 0);
}

#[test]
fn a_decoded_quote_or_backslash_that_breaks_the_racks_yaml_is_an_error() {
    let c = case("rack-html-unescape-breaks");
    for path in ["services.web.command", "services.web.ingressAnnotations.nginx.ingress.kubernetes.io/x-note"]
    {
        let d = c.at(path);
        assert!(d.is_error() && d.message.contains("the promote fails"), "{}", d.message);
    }
    // The objects show the values as written, and stay valid.
    let web = c.get("Deployment", "web");
    assert_eq!(pointer(&web, "/spec/template/spec/containers/0/args/2"), "&quot;y&quot;");
}

#[test]
fn unquoted_node_values_yaml_retypes_are_errors_and_nulls_arrive_empty() {
    let c = case("unquoted-node-values");
    let refused = c.at("services.web.nodeSelectorLabels.gpu");
    assert!(refused.is_error() && refused.message.contains("the boolean true"), "{}", refused.message);
    assert!(c.at("services.web.nodeSelectorLabels.convox.io/nodepool").message.contains("the number 2"));
    assert!(c.at("services.web.nodeAffinityLabels[0].value").is_error());
    assert!(!c.at("services.web.nodeSelectorLabels.zone").is_error());
    let hpa = c.get("HorizontalPodAutoscaler", "web");
    let labels = pointer(&hpa, "/spec/metrics/0/external/metric/selector/matchLabels");
    assert_eq!(labels["true"], "busy", "key `on` is sent as \"true\"");
    assert_eq!(labels["queue"], "010", "shown as written: the error says what is sent");
    assert!(c
        .at("services.web.scale.targets.external[0].matchLabels.queue")
        .message
        .contains("the number 8"));
    let terms = pointer(
        &c.get("Deployment", "web"),
        "/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions",
    )
    .clone();
    let zone = terms.as_array().unwrap().iter().find(|t| t["key"] == "zone").unwrap();
    assert_eq!(zone["values"], serde_json::json!([""]));
}

#[test]
fn local_and_metal_racks_issue_self_signed_certificates_and_only_local_apps_idle() {
    let local = case("provider-local");
    let a = pointer(&local.get("Ingress", "web"), "/metadata/annotations").clone();
    assert_eq!(
        (a["cert-manager.io/cluster-issuer"].as_str(), a["convox.com/idles"].as_str()),
        (Some("self-signed"), Some("true"))
    );
    // Docker Hub credentials do not reach a local rack's app pods.
    assert!(local.find("Secret", "docker-hub-authentication").is_none());
    assert_eq!(
        pointer(&local.get("Deployment", "web"), "/spec/template/spec/imagePullSecrets"),
        &Value::Null
    );
    // The same on every provider: the balancer's AWS load-balancer annotations, no storage class.
    let lb = pointer(&local.get("Service", "balancer-lb"), "/metadata/annotations").clone();
    assert_eq!(lb["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
    assert_eq!(
        pointer(&local.get("PersistentVolumeClaim", "resource-database"), "/spec/storageClassName"),
        &Value::Null
    );
    let metal = case("provider-metal");
    let ingress = metal.get("Ingress", "web");
    let a = pointer(&ingress, "/metadata/annotations");
    assert_eq!(
        (a["cert-manager.io/cluster-issuer"].as_str(), a["convox.com/idles"].as_str()),
        (Some("self-signed"), Some("false"))
    );
    assert_eq!(pointer(&ingress, "/spec/rules/0/host"), "web.my-app.apps.example.test");
    let gcp = case("provider-gcp");
    assert_eq!(
        pointer(&gcp.get("Ingress", "web"), "/metadata/annotations/cert-manager.io~1cluster-issuer"),
        "letsencrypt"
    );
    assert!(gcp.at("services.api.internalRouter").message.contains("Only AWS racks have an internal router"));
}

#[test]
fn docker_hub_credentials_need_both_values_and_an_aws_rack() {
    for name in ["docker-hub-needs-both", "docker-hub-off-aws"] {
        let c = case(name);
        assert!(c.find("Secret", "docker-hub-authentication").is_none(), "{name}");
        assert_eq!(
            pointer(&c.get("Deployment", "web"), "/spec/template/spec/imagePullSecrets"),
            &Value::Null
        );
    }
    let both = case("rack-docker-hub-resolver-tls");
    assert!(decoded(&both.get("Secret", "docker-hub-authentication"), ".dockerconfigjson")
        .unwrap()
        .contains("\"auth\""));
}

#[test]
fn feature_gates_change_limits_host_users_dns_resource_hosts_and_system_env() {
    let c = case("rack-feature-gates");
    let gpu = pointer(&c.get("Deployment", "gpu"), "/spec/template/spec").clone();
    let limits = pointer(&gpu, "/containers/0/resources/limits");
    assert_eq!((limits["cpu"].as_str(), limits["memory"].as_str()), (Some("250m"), Some("512Mi")));
    assert_eq!(gpu["hostUsers"], false);
    assert_eq!(gpu["dnsConfig"], serde_json::json!({"nameservers": ["1.1.1.1"]}));
    let timer = c.get("CronJob", "timer-nightly");
    assert_eq!(pointer(&timer, "/spec/jobTemplate/spec/template/spec/hostUsers"), false);
    let db = c.get("ConfigMap", "resource-database");
    assert_eq!(pointer(&db, "/data/HOST"), "resource-database.my-rack-my-app.svc.corp.internal");
    let resource = c.get("Deployment", "resource-database");
    assert_eq!(pointer(&resource, "/spec/template/spec/containers/0/resources/requests/cpu"), "250m");
    let env = c.get("Secret", "env-web");
    assert!(
        decoded(&env, "RACK").is_none()
            && decoded(&env, "RACK_URL").is_none()
            && decoded(&env, "APP").is_some()
    );
}

#[test]
fn gates_that_refuse_are_one_error_each() {
    let c = case("rack-feature-gates-refused");
    assert!(c.at("balancers.lb").message.starts_with("balancer resource is disabled"));
    assert!(c.at("resources.database.type").message.starts_with("rds resource is disabled"));
    assert_eq!(c.analysis.diagnostics.len(), 2, "{:#?}", c.analysis.diagnostics);
}

#[test]
fn resources_pull_through_the_ecr_docker_hub_cache() {
    let c = case("rack-ecr-docker-hub-cache");
    let image =
        |name: &str| pointer(&c.get("Deployment", name), "/spec/template/spec/containers/0/image").clone();
    let prefix = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub-my-rack";
    assert_eq!(image("resource-database"), format!("{prefix}/library/postgres:14"));
    assert_eq!(image("resource-geo"), format!("{prefix}/postgis/postgis:10-3.2"));
    assert_eq!(image("resource-cache"), "example/redis:7");
}

#[test]
fn the_rack_domain_and_name_parameters_are_the_hosts_and_the_namespace() {
    let c = case("rack-domain-and-name");
    assert_eq!(c.analysis.namespace, "prod-my-app");
    assert_eq!(pointer(&c.get("Ingress", "web"), "/spec/rules/0/host"), "web.my-app.apps.example.test");
}

#[test]
fn pdb_minavailable_that_is_no_number_or_percentage_falls_back_with_a_warning() {
    let c = case("pdb-minavailable-fallback");
    let min = |n: &str| pointer(&c.get("PodDisruptionBudget", n), "/spec/minAvailable").clone();
    assert_eq!((min("percent"), min("count"), min("fallback")), ("75%".into(), 2.into(), "50%".into()));
    let d = c.at("services.fallback.annotations.convox.com/pdb-minavailable");
    assert!(!d.is_error() && d.message.contains("\"2.5\""), "{}", d.message);
}

#[test]
fn certificate_id_drops_only_the_engines_cert_manager_annotations() {
    let c = case("certificate-id-keeps-user-annotations");
    let ingress = c.get("Ingress", "web");
    let a = pointer(&ingress, "/metadata/annotations").as_object().unwrap().clone();
    assert_eq!(a["cert-manager.io/issuer"], "my-issuer");
    assert!(!a.contains_key("cert-manager.io/cluster-issuer") && !a.contains_key("cert-manager.io/duration"));
    assert_eq!(pointer(&ingress, "/spec/tls/0/secretName"), "cert-web-custom");
}

#[test]
fn with_a_build_the_env_secret_has_its_description_and_git_sha() {
    let c = case("build-env");
    let env = c.get("Secret", "env-web");
    assert_eq!(decoded(&env, "BUILD").as_deref(), Some("BABC1234DEF"));
    assert_eq!(decoded(&env, "BUILD_DESCRIPTION").as_deref(), Some(""));
    assert_eq!(decoded(&env, "BUILD_GIT_SHA").as_deref(), Some(""));
}

#[test]
fn rds_off_aws_fails_the_promote_and_internal_router_without_a_port_does_not() {
    let c = case("rds-off-aws");
    assert!(c.at("resources.database.type").message.starts_with("failed to install db instance:"));
    let c = case("internal-router-portless");
    assert!(c.analysis.diagnostics.is_empty(), "{:#?}", c.analysis.diagnostics);
    assert!(c.find("Ingress", "worker-internal").is_none());
}
