//! The rack's own tests as an oracle: convox/convox at 3.24.9+4 (commit 9e02452) asserts
//! rendered fields in `provider/k8s/*_test.go` and `pkg/manifest/*_test.go`, and keeps a few
//! goldens in `provider/k8s/testdata`. Each test here reproduces one of those assertions with
//! our own inputs (inline manifests whose first line names the rack test, or files under
//! `tests/fixtures/oracle/`) through the public API, and asserts the same rendered fields.
//!
//! Values the rack derives from its own install are stand-ins here and are not compared: the
//! rack domain, the registry, the resolver address, the EFS file system id, the `atom` label
//! hash, the rack API password in `RACK_URL`. The rack's `pkg/manifest/testdata` files are
//! read from the project's copy (`tests/corpus/convox/`).
//!
//! A rack assertion we deliberately do not reproduce is not skipped: the test asserts what we
//! do instead, and says why beside it.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use convox_k8s::mapping::{names, Context, Object};
use convox_k8s::profile::{Profile, Provider};
use convox_k8s::{analyze, output, Analysis, Options, Severity};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// helpers

/// A rack to render on: provider, rack parameters, release env, names.
struct Rack {
    options: Options,
}

impl Rack {
    /// A default AWS rack (`my-rack`, app `my-app`).
    fn aws() -> Rack {
        Rack { options: Options::default() }
    }

    fn on(provider: Provider) -> Rack {
        Rack { options: Options { profile: Profile::new(provider), ..Options::default() } }
    }

    fn param(mut self, name: &str, value: &str) -> Rack {
        self.options.profile.set(name, value).unwrap_or_else(|e| panic!("{e}"));
        self
    }

    fn env(mut self, key: &str, value: &str) -> Rack {
        self.options.env.insert(key.into(), value.into());
        self
    }

    fn rack(mut self, rack: &str) -> Rack {
        self.options.rack = rack.into();
        self
    }

    fn app(mut self, app: &str) -> Rack {
        self.options.app = app.into();
        self
    }

    fn release(mut self, release: &str, build: &str) -> Rack {
        self.options.release = release.into();
        self.options.build = build.into();
        self
    }

    fn render(&self, source: &str) -> Out {
        Out { analysis: analyze(source, &self.options), source: source.to_string() }
    }
}

/// Renders on a default AWS rack.
fn render(source: &str) -> Out {
    Rack::aws().render(source)
}

/// A KEDA rack with a Prometheus, as the rack's KEDA tests have it.
fn keda_rack() -> Rack {
    Rack::aws().param("keda_enable", "true").param("prometheus_url", "http://prom/")
}

fn contour() -> Rack {
    Rack::aws().param("router_type", "contour")
}

/// One analysis, looked at through the objects' JSON (exactly what their types serialize).
struct Out {
    analysis: Analysis,
    source: String,
}

impl Out {
    fn objects(&self) -> impl Iterator<Item = &Object> {
        self.analysis.entries.iter().filter_map(|e| e.object.as_deref())
    }

    fn list(&self) -> Vec<String> {
        self.objects().map(|o| format!("{}/{}", o.kind(), o.name())).collect()
    }

    fn find(&self, kind: &str, name: &str) -> Option<Value> {
        self.objects()
            .find(|o| o.kind() == kind && o.name() == name)
            .map(|o| serde_json::to_value(o).expect("objects serialize"))
    }

    fn has(&self, kind: &str, name: &str) -> bool {
        self.find(kind, name).is_some()
    }

    fn get(&self, kind: &str, name: &str) -> Value {
        self.find(kind, name).unwrap_or_else(|| panic!("no {kind} {name}; rendered: {:#?}", self.list()))
    }

    fn of_kind(&self, kind: &str) -> Vec<Value> {
        self.objects().filter(|o| o.kind() == kind).map(|o| serde_json::to_value(o).unwrap()).collect()
    }

    fn errors(&self) -> Vec<String> {
        self.analysis.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()
    }

    fn warnings(&self) -> Vec<String> {
        let w = self.analysis.diagnostics.iter().filter(|d| d.severity == Severity::Warning);
        w.map(|d| d.message.clone()).collect()
    }

    fn assert_no_errors(&self) {
        assert_eq!(self.errors(), Vec::<String>::new(), "for:\n{}", self.source);
    }

    /// The pod spec of a Deployment, DaemonSet or CronJob.
    fn pod(&self, kind: &str, name: &str) -> Value {
        let object = self.get(kind, name);
        let path =
            if kind == "CronJob" { "/spec/jobTemplate/spec/template/spec" } else { "/spec/template/spec" };
        at(&object, path).clone()
    }

    /// The first container of a Deployment, DaemonSet or CronJob.
    fn container(&self, kind: &str, name: &str) -> Value {
        at(&self.pod(kind, name), "/containers/0").clone()
    }

    /// A Secret's data, decoded.
    fn secret(&self, name: &str) -> BTreeMap<String, String> {
        let secret = self.get("Secret", name);
        let data = at(&secret, "/data").as_object().cloned().unwrap_or_default();
        data.into_iter().map(|(k, v)| (k, decode(v.as_str().unwrap()))).collect()
    }

    /// The YAML stream the CLI prints.
    fn yaml(&self) -> String {
        output::yaml_stream(&self.analysis)
    }
}

/// `v` at a JSON pointer, `null` when absent.
fn at<'v>(v: &'v Value, pointer: &str) -> &'v Value {
    v.pointer(pointer).unwrap_or(&Value::Null)
}

fn decode(b64: &str) -> String {
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

/// The keys of a JSON object.
fn keys(v: &Value) -> Vec<String> {
    v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// An object's labels without the ones that are stand-ins here (`atom`) or come from the
/// release id (`release`).
fn labels_sans_stand_ins(object: &Value) -> Value {
    let mut labels = at(object, "/metadata/labels").clone();
    if let Some(m) = labels.as_object_mut() {
        m.remove("atom");
        m.remove("release");
    }
    labels
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oracle").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One of the rack's `pkg/manifest/testdata` files, from the project's copy.
fn rack_testdata(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/corpus/convox").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderTemplateServiceSecurityContext

fn security_context_fixture() -> Out {
    let out = render(&fixture("security-context.yml"));
    out.assert_no_errors();
    out
}

#[test]
fn full_security_context_renders_every_field() {
    let out = security_context_fixture();
    assert_eq!(
        at(&out.container("Deployment", "hardened"), "/securityContext"),
        &json!({
            "runAsNonRoot": true,
            "runAsUser": 1000,
            "runAsGroup": 1000,
            "readOnlyRootFilesystem": true,
            "allowPrivilegeEscalation": false,
            "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]},
            "seccompProfile": {"type": "RuntimeDefault"}
        })
    );
}

#[test]
fn service_without_security_context_renders_none() {
    let out = security_context_fixture();
    let deployment = serde_json::to_string(&out.get("Deployment", "bare")).unwrap();
    assert!(!deployment.contains("securityContext"), "{deployment}");
}

#[test]
fn legacy_privileged_renders_security_context_privileged() {
    let out = security_context_fixture();
    assert_eq!(
        at(&out.container("Deployment", "old-style"), "/securityContext"),
        &json!({"privileged": true})
    );
}

#[test]
fn empty_capabilities_are_not_rendered() {
    let out = security_context_fixture();
    let deployment = serde_json::to_string(&out.get("Deployment", "no-caps")).unwrap();
    assert!(!deployment.contains("capabilities"), "{deployment}");
}

#[test]
fn explicit_zero_security_values_render() {
    let out = security_context_fixture();
    let sc = at(&out.container("Deployment", "root-explicit"), "/securityContext").clone();
    assert_eq!(at(&sc, "/runAsUser"), &json!(0));
    assert_eq!(at(&sc, "/readOnlyRootFilesystem"), &json!(false));
}

#[test]
fn timer_inherits_its_services_security_context() {
    let out = security_context_fixture();
    let sc = at(&out.container("CronJob", "timer-audit"), "/securityContext").clone();
    assert_eq!(at(&sc, "/seccompProfile/type"), &json!("RuntimeDefault"));
    assert_eq!(&sc, at(&out.container("Deployment", "hardened"), "/securityContext"));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderTemplateService

#[test]
fn annotation_forms_render_without_errors() {
    // The rack's test only prints its render; we also check the values arrive verbatim.
    let out = render(&fixture("annotation-forms.yml"));
    out.assert_no_errors();
    let pod = out.get("Deployment", "web");
    let annotations = at(&pod, "/spec/template/metadata/annotations");
    assert_eq!(at(annotations, "/plain"), &json!("one"));
    assert_eq!(annotations["spaced"], json!("two"));
    assert_eq!(annotations["escaped.quotes"], json!("\"in quotes\""));
    assert_eq!(annotations["map.form"], json!("four"));
    assert_eq!(annotations["block.text"], json!("first line\nsecond line with \"quotes\" and a $ sign\n"));
    assert_eq!(annotations["block.json"], json!("{\"a\": 1, \"b\": [true, false]}\n"));
    assert_eq!(annotations["prometheus.io/scrape"], json!("true"));
    assert!(out.has("CronJob", "timer-tick"));
    assert_eq!(at(&out.get("CronJob", "timer-tick"), "/spec/schedule"), &json!("* * * * *"));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderServiceGpuVendorKey, TestRenderServiceGpuVendorUnset,
// TestGpuResourceKey

fn gpu_service(vendor: Option<&str>) -> String {
    let vendor = vendor.map(|v| format!("        vendor: \"{v}\"\n")).unwrap_or_default();
    format!(
        "# rack: provider/k8s/template_test.go TestRenderServiceGpuVendorKey\n\
         services:\n  web:\n    build: .\n    port: 3000\n    scale:\n      gpu:\n        count: 1\n{vendor}"
    )
}

#[test]
fn gpu_vendor_picks_the_extended_resource_key() {
    let cases = [
        (Some("nvidia"), "nvidia.com/gpu"),
        (Some("nvidia.com"), "nvidia.com/gpu"),
        (Some("amd"), "amd.com/gpu"),
        (Some("amd.com"), "amd.com/gpu"),
        (Some("bogus"), "nvidia.com/gpu"),
        (Some("neuron"), "nvidia.com/gpu"),
        (Some(""), "nvidia.com/gpu"),
        (None, "nvidia.com/gpu"),
    ];
    for (vendor, key) in cases {
        let out = render(&gpu_service(vendor));
        out.assert_no_errors();
        let resources = at(&out.container("Deployment", "web"), "/resources").clone();
        for side in ["requests", "limits"] {
            assert_eq!(resources[side][key], json!("1"), "{vendor:?} {side}");
            let gpu_keys: Vec<String> =
                keys(&resources[side]).into_iter().filter(|k| k.ends_with("/gpu")).collect();
            assert_eq!(gpu_keys, [key], "{vendor:?} {side}");
        }
        let yaml = serde_yaml::to_string(&out.get("Deployment", "web")).unwrap();
        assert!(!yaml.contains("bogus.com/gpu") && !yaml.contains(".com.com/gpu"), "{vendor:?}");
    }
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderServiceTolerationMerger, TestRenderTimerTolerationMerger

/// `(dedicated-node value, gpu vendor)` → a service `web` (with a port) and a timer on it.
fn toleration_manifest(dedicated: Option<&str>, gpu: Option<&str>) -> String {
    let mut s = String::from(
        "# rack: provider/k8s/template_test.go TestRenderServiceTolerationMerger, TestRenderTimerTolerationMerger\n\
         services:\n  web:\n    build: .\n    port: 3000\n",
    );
    if let Some(label) = dedicated {
        s.push_str(&format!("    nodeSelectorLabels:\n      convox.io/label: {label}\n"));
    }
    if let Some(vendor) = gpu {
        s.push_str(&format!("    scale:\n      gpu:\n        count: 1\n        vendor: {vendor}\n"));
    }
    s.push_str(
        "timers:\n  nightly:\n    schedule: \"0 0 * * ? *\"\n    command: \"echo hi\"\n    service: web\n",
    );
    s
}

/// The toleration keys of a pod spec, `None` when it has no `tolerations` at all.
fn toleration_keys(pod: &Value) -> Option<Vec<String>> {
    pod.get("tolerations")
        .map(|t| t.as_array().unwrap().iter().map(|t| t["key"].as_str().unwrap().to_string()).collect())
}

#[test]
fn tolerations_merge_dedicated_node_and_gpu_into_one_list() {
    // (dedicated-node label, gpu vendor, the toleration keys; none: no `tolerations`)
    type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<Vec<&'a str>>);
    let cases: [Case; 5] = [
        (None, None, None),
        (Some("special"), None, Some(vec!["dedicated-node"])),
        (None, Some("nvidia"), Some(vec!["nvidia.com/gpu"])),
        (Some("gpu-pool"), Some("nvidia"), Some(vec!["dedicated-node", "nvidia.com/gpu"])),
        (Some("gpu-pool"), Some("amd"), Some(vec!["dedicated-node", "amd.com/gpu"])),
    ];
    for (dedicated, gpu, want) in cases {
        let out = render(&toleration_manifest(dedicated, gpu));
        out.assert_no_errors();
        let want: Option<Vec<String>> = want.map(|w| w.into_iter().map(String::from).collect());
        for (kind, name) in [("Deployment", "web"), ("CronJob", "timer-nightly")] {
            let pod = out.pod(kind, name);
            assert_eq!(toleration_keys(&pod), want, "{kind} with {dedicated:?} {gpu:?}");
            if let Some(label) = dedicated {
                let t = pod["tolerations"].as_array().unwrap().iter().find(|t| t["key"] == "dedicated-node");
                assert_eq!(t.unwrap()["value"], json!(label));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderServiceEmptyDirSizeLimit,
// TestRenderServiceEmptyDirMediumAndSizeLimit, TestRenderTimerEmptyDirSizeLimit

const EMPTY_DIRS: &str = "\
# rack: provider/k8s/template_test.go TestRenderServiceEmptyDirSizeLimit (shm), TestRenderServiceEmptyDirMediumAndSizeLimit (ram), TestRenderTimerEmptyDirSizeLimit (scratch)
services:
  web:
    build: .
    port: 3000
    volumeOptions:
      - emptyDir:
          id: shm
          mountPath: /dev/shm
          sizeLimit: \"2Gi\"
  ram:
    build: .
    port: 3000
    volumeOptions:
      - emptyDir:
          id: shm
          mountPath: /dev/shm
          medium: Memory
          sizeLimit: \"1Gi\"
  worker:
    build: .
    volumeOptions:
      - emptyDir:
          id: scratch
          mountPath: /scratch
          sizeLimit: \"4Gi\"
timers:
  nightly:
    schedule: \"0 0 * * ? *\"
    command: \"echo hi\"
    service: worker
";

fn volume(pod: &Value, name: &str) -> Value {
    let volumes = pod["volumes"].as_array().unwrap();
    volumes
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no volume {name}: {volumes:?}"))
        .clone()
}

#[test]
fn empty_dir_size_limit_replaces_the_empty_object() {
    let out = render(EMPTY_DIRS);
    out.assert_no_errors();
    assert_eq!(volume(&out.pod("Deployment", "web"), "ed-shm")["emptyDir"], json!({"sizeLimit": "2Gi"}));
    let yaml = serde_yaml::to_string(&out.get("Deployment", "web")).unwrap();
    assert!(yaml.contains("sizeLimit: 2Gi") && !yaml.contains("emptyDir: {}"), "{yaml}");
}

#[test]
fn empty_dir_medium_and_size_limit_both_render() {
    let out = render(EMPTY_DIRS);
    assert_eq!(
        volume(&out.pod("Deployment", "ram"), "ed-shm")["emptyDir"],
        json!({"medium": "Memory", "sizeLimit": "1Gi"})
    );
}

#[test]
fn timer_empty_dir_keeps_its_size_limit() {
    let out = render(EMPTY_DIRS);
    assert_eq!(
        volume(&out.pod("CronJob", "timer-nightly"), "ed-scratch")["emptyDir"],
        json!({"sizeLimit": "4Gi"})
    );
}

// ---------------------------------------------------------------------------------------
// provider/k8s/template_test.go TestRenderTemplateServiceHealthPort (one test per sub-test)

fn probes(source: &str, service: &str) -> Value {
    let out = render(source);
    out.assert_no_errors();
    out.container("Deployment", service)
}

#[test]
fn health_port_overrides_the_readiness_port() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/health.port overrides service port in readinessProbe
services:
  web:
    build: .
    port: 3000
    health: {path: /health, port: {port: 9090, scheme: http}, grace: 5, interval: 5, timeout: 4}
",
        "web",
    );
    assert_eq!(c["readinessProbe"]["httpGet"], json!({"path": "/health", "port": 9090, "scheme": "HTTP"}));
    assert_eq!(c["ports"][0]["containerPort"], json!(3000));
}

#[test]
fn health_port_scheme_falls_back_to_the_service_scheme() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/health.port scheme coalesces from service scheme when unset
services:
  api:
    build: .
    port: https:8443
    health: {path: /health, port: 9090, grace: 5, interval: 5, timeout: 4}
",
        "api",
    );
    assert_eq!(c["readinessProbe"]["httpGet"]["port"], json!(9090));
    assert_eq!(c["readinessProbe"]["httpGet"]["scheme"], json!("HTTPS"));
}

#[test]
fn liveness_port_overrides_the_port_and_renders_no_scheme_unless_set() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/liveness.port overrides service port when path is set
services:
  worker:
    build: .
    port: 3000
    liveness: {path: /live, port: 9091, grace: 10, interval: 5, timeout: 5, successThreshold: 1, failureThreshold: 3}
    health: {path: /, grace: 5, interval: 5, timeout: 4}
",
        "worker",
    );
    assert_eq!(c["livenessProbe"]["httpGet"], json!({"path": "/live", "port": 9091}));
    assert_eq!(c["readinessProbe"]["httpGet"]["port"], json!(3000));
}

#[test]
fn grpc_probes_use_the_health_and_liveness_ports() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/grpc probes honor health and liveness port overrides
services:
  grpcsvc:
    build: .
    port: grpc:50051
    grpcHealthEnabled: true
    health: {path: /, grace: 5, interval: 5, timeout: 4, port: 50052}
    liveness: {port: 50053, successThreshold: 1, failureThreshold: 5}
",
        "grpcsvc",
    );
    assert_eq!(c["readinessProbe"]["grpc"], json!({"port": 50052}));
    assert_eq!(c["livenessProbe"]["grpc"], json!({"port": 50053}));
}

#[test]
fn liveness_port_scheme_renders_in_the_liveness_probe() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/liveness.port.scheme renders into livenessProbe httpGet
services:
  tlsworker:
    build: .
    port: 8080
    liveness: {path: /live, port: {port: 9091, scheme: https}, grace: 10, interval: 5, timeout: 5}
",
        "tlsworker",
    );
    assert_eq!(c["livenessProbe"]["httpGet"], json!({"path": "/live", "port": 9091, "scheme": "HTTPS"}));
}

#[test]
fn grpc_health_scheme_on_an_http_service_renders_no_readiness_probe() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/cross-scheme GRPC guard prevents invalid httpGet
services:
  weird:
    build: .
    port: 8080
    health: {path: /health, port: {port: 9090, scheme: GRPC}, grace: 5, interval: 5, timeout: 4}
",
        "weird",
    );
    assert_eq!(c.get("readinessProbe"), None);
    assert!(!c.to_string().contains("GRPC"), "{c}");
}

#[test]
fn readiness_probe_falls_back_to_the_service_port() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/no health.port falls back to service port (backward compat)
services:
  legacy:
    build: .
    port: 8080
",
        "legacy",
    );
    assert_eq!(c["readinessProbe"]["httpGet"], json!({"path": "/", "port": 8080, "scheme": "HTTP"}));
    assert!(!c.to_string().contains("\"port\":0"), "{c}");
}

#[test]
fn startup_probe_ignores_the_health_and_liveness_ports() {
    let c = probes(
        "# rack: TestRenderTemplateServiceHealthPort/startupProbe ignores health and liveness port overrides
services:
  startup:
    build: .
    port: 3000
    health: {path: /, grace: 5, interval: 5, timeout: 4, port: 9090}
    liveness: {path: /live, port: 9091, grace: 10, interval: 5, timeout: 5, successThreshold: 1, failureThreshold: 3}
    startupProbe: {tcpSocketPort: \"3000\", grace: 30, interval: 10, timeout: 5, successThreshold: 1, failureThreshold: 10}
",
        "startup",
    );
    let startup = &c["startupProbe"];
    assert_eq!(startup["tcpSocket"], json!({"port": 3000}));
    assert!(!startup.to_string().contains("9090") && !startup.to_string().contains("9091"), "{startup}");
}

// ---------------------------------------------------------------------------------------
// provider/k8s/httpproxy_render_test.go

const CONTOUR_WHITELIST: &str = "\
# rack: provider/k8s/httpproxy_render_test.go TestRenderTemplateHTTPProxySourceSelection
services:
  web:
    build: .
    port: 8080
    whitelist: 10.0.0.0/8
";

#[test]
fn contour_whitelist_matches_the_client_with_proxy_protocol_and_the_peer_without() {
    let out = contour().param("proxy_protocol", "true").render(CONTOUR_WHITELIST);
    out.assert_no_errors();
    let proxy = out.get("HTTPProxy", "web");
    assert_eq!(at(&proxy, "/spec/ingressClassName"), &json!("contour"));
    assert_eq!(
        at(&proxy, "/spec/virtualhost/ipAllowPolicy"),
        &json!([{"cidr": "10.0.0.0/8", "source": "Remote"}])
    );
    assert!(!proxy.to_string().contains("Peer"));

    let out = contour().render(CONTOUR_WHITELIST);
    let proxy = out.get("HTTPProxy", "web");
    assert_eq!(
        at(&proxy, "/spec/virtualhost/ipAllowPolicy"),
        &json!([{"cidr": "10.0.0.0/8", "source": "Peer"}])
    );
    assert!(!proxy.to_string().contains("Remote"));
}

const CONTOUR_INTERNAL_WHITELIST: &str = "\
# rack: provider/k8s/httpproxy_render_test.go TestRenderTemplateHTTPProxySourceSelection (class contour-internal)
services:
  web:
    build: .
    port: 8080
    internalRouter: true
    whitelist: 10.0.0.0/8
";

#[test]
fn internal_contour_proxy_uses_the_internal_class_and_drops_the_whitelist() {
    // What releaseTemplateHTTPProxyCore does for the internal router: no whitelist, a warning.
    // Deliberately not the rack's TestRenderTemplateHTTPProxySourceSelection, which renders
    // app/httpproxy directly with class contour-internal and a whitelist and expects `source:
    // Peer`: the release path never passes a whitelist for the internal router, and we follow
    // the release path, so there is no ipAllowPolicy to match by peer.
    let out = contour().param("internal_router", "true").render(CONTOUR_INTERNAL_WHITELIST);
    out.assert_no_errors();
    let proxy = out.get("HTTPProxy", "web");
    assert_eq!(at(&proxy, "/spec/ingressClassName"), &json!("contour-internal"));
    assert!(!proxy.to_string().contains("Remote"));
    assert_eq!(at(&proxy, "/spec/virtualhost/ipAllowPolicy"), &Value::Null);
    assert!(out.warnings().iter().any(|w| w.contains("sets a whitelist on the internal router")));
}

#[test]
fn contour_internal_tls_uses_the_cert_secret_unless_domain_tls_is_off() {
    let internal = "# rack: provider/k8s/httpproxy_render_test.go TestRenderTemplateHTTPProxyConvoxDomainTLS
services:
  web:
    build: .
    port: 8080
    internalRouter: true
";
    let on = contour().param("internal_router", "true").render(internal);
    on.assert_no_errors();
    assert_eq!(at(&on.get("HTTPProxy", "web"), "/spec/virtualhost/tls/secretName"), &json!("cert-web"));

    let off = contour().param("internal_router", "true").param("convox_domain_tls_cert_disable", "true");
    let out = off.render(internal);
    assert!(!out.get("HTTPProxy", "web").to_string().contains("secretName"));

    let with_domain = format!("{internal}    domain: custom.example.com\n");
    let out = off.render(&with_domain);
    let proxies = out.of_kind("HTTPProxy");
    let all = serde_json::to_string(&proxies).unwrap();
    assert!(!all.contains("cert-web-domains"), "{all}");
    assert!(proxies.iter().any(|p| at(p, "/spec/virtualhost/fqdn") == "custom.example.com"));
}

#[test]
fn certificates_use_letsencrypt_externally_and_self_signed_internally() {
    let out = contour().param("internal_router", "true").render(
        "# rack: provider/k8s/httpproxy_render_test.go TestRenderTemplateCertificateIssuer
services:
  web:
    build: .
    port: 8080
  inside:
    build: .
    port: 8080
    internalRouter: true
",
    );
    out.assert_no_errors();
    assert_eq!(at(&out.get("Certificate", "cert-web"), "/spec/issuerRef/name"), &json!("letsencrypt"));
    let internal = out.get("Certificate", "cert-inside");
    assert_eq!(at(&internal, "/spec/issuerRef/name"), &json!("self-signed"));
    assert!(!internal.to_string().contains("letsencrypt\""), "{internal}");
}

#[test]
fn contour_whitelist_is_split_trimmed_and_blanks_dropped() {
    let manifest = |whitelist: &str| {
        format!(
            "# rack: provider/k8s/httpproxy_render_test.go TestParseWhitelistCIDRs\n\
             services:\n  web:\n    build: .\n    port: 8080\n    whitelist: \"{whitelist}\"\n"
        )
    };
    let out = contour().render(&manifest(" 10.0.0.0/8 ,, 192.168.0.0/16 "));
    let cidrs: Vec<Value> = at(&out.get("HTTPProxy", "web"), "/spec/virtualhost/ipAllowPolicy")
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cidr"].clone())
        .collect();
    assert_eq!(cidrs, [json!("10.0.0.0/8"), json!("192.168.0.0/16")]);
    for blank in ["", "  , ,  "] {
        let out = contour().render(&manifest(blank));
        assert_eq!(
            at(&out.get("HTTPProxy", "web"), "/spec/virtualhost/ipAllowPolicy"),
            &Value::Null,
            "{blank:?}"
        );
    }
}

#[test]
fn contour_response_timeout_is_infinity_unless_a_read_timeout_is_annotated() {
    let out = contour().render(
        "# rack: provider/k8s/httpproxy_render_test.go TestRenderTemplateHTTPProxyStreamingTimeout, TestResponseTimeout
services:
  stream:
    build: .
    port: 8080
  capped:
    build: .
    port: 8080
    ingressAnnotations:
      - nginx.ingress.kubernetes.io/proxy-read-timeout=120s
",
    );
    out.assert_no_errors();
    let uncapped = out.get("HTTPProxy", "stream");
    assert_eq!(at(&uncapped, "/spec/routes/0/timeoutPolicy/response"), &json!("infinity"));
    assert_eq!(at(&uncapped, "/spec/routes/0/timeoutPolicy/idle"), &json!("60s"));
    assert_eq!(at(&out.get("HTTPProxy", "capped"), "/spec/routes/0/timeoutPolicy/response"), &json!("120s"));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/release_contour_test.go TestTranslateNginxAnnotations, TestContourBackendProtocol

/// One service per case of TestTranslateNginxAnnotations, each with `timeout: 10` so that a
/// translated idle timeout (always above 10 s here) shows in the route.
const TRANSLATIONS: &str = "\
# rack: provider/k8s/release_contour_test.go TestTranslateNginxAnnotations
services:
  t-empty:
    build: .
    port: 80
    timeout: 10
  t-read:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/proxy-read-timeout=120]
  t-send:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/proxy-send-timeout=90]
  t-connect:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/proxy-connect-timeout=45]
  t-larger:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations:
      - nginx.ingress.kubernetes.io/proxy-send-timeout=30
      - nginx.ingress.kubernetes.io/proxy-connect-timeout=60
  t-larger-reversed:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations:
      - nginx.ingress.kubernetes.io/proxy-send-timeout=90
      - nginx.ingress.kubernetes.io/proxy-connect-timeout=30
  t-rps:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/limit-rps=100]
  t-rps-bad:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/limit-rps=abc]
  t-snippet:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [\"nginx.ingress.kubernetes.io/server-snippet=location /health { return 200; }\"]
  t-unknown:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [nginx.ingress.kubernetes.io/custom-thing=val]
  t-native:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [projectcontour.io/response-timeout=30s]
  t-other:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations: [custom.io/something=value]
  t-combined:
    build: .
    port: 80
    timeout: 10
    ingressAnnotations:
      - nginx.ingress.kubernetes.io/proxy-read-timeout=300
      - nginx.ingress.kubernetes.io/limit-rps=50
      - custom.io/team=platform
";

/// What the translation of a service's annotations gave, read back from its HTTPProxy and
/// the warnings: (annotations other than convox.com/*, response timeout, idle timeout,
/// rate limit, incompatible annotations).
fn translation(out: &Out, service: &str) -> (Value, Value, Value, Value, Vec<String>) {
    let proxy = out.get("HTTPProxy", service);
    let mut annotations = at(&proxy, "/metadata/annotations").clone();
    annotations.as_object_mut().unwrap().retain(|k, _| !k.starts_with("convox.com/"));
    let route = at(&proxy, "/spec/routes/0").clone();
    let prefix = format!("service \"{service}\" has nginx-specific annotations");
    let incompatible = out
        .warnings()
        .iter()
        .filter(|w| w.starts_with(&prefix))
        .flat_map(|w| w.split_once("ignores: ").unwrap().1.split("; ").map(String::from).collect::<Vec<_>>())
        .collect();
    (
        annotations,
        route["timeoutPolicy"]["response"].clone(),
        route["timeoutPolicy"]["idle"].clone(),
        route["rateLimitPolicy"].clone(),
        incompatible,
    )
}

#[test]
fn nginx_annotations_translate_to_contour() {
    let out = contour().render(TRANSLATIONS);
    out.assert_no_errors();
    let none: Vec<String> = Vec::new();
    let rps = |n: i64| json!({"local": {"requests": n, "unit": "second"}});
    // The rack's expected translation, as rendered: no TimeoutResponse renders "infinity", no
    // TimeoutIdle renders the service timeout (10s), no RateLimitRPS renders no policy.
    let cases = [
        ("t-empty", json!({}), "infinity", "10s", Value::Null, none.clone()),
        ("t-read", json!({}), "120s", "10s", Value::Null, none.clone()),
        ("t-send", json!({}), "infinity", "90s", Value::Null, none.clone()),
        ("t-connect", json!({}), "infinity", "45s", Value::Null, none.clone()),
        ("t-larger", json!({}), "infinity", "60s", Value::Null, none.clone()),
        ("t-larger-reversed", json!({}), "infinity", "90s", Value::Null, none.clone()),
        ("t-rps", json!({}), "infinity", "10s", rps(100), none.clone()),
        ("t-rps-bad", json!({}), "infinity", "10s", Value::Null, none.clone()),
        (
            "t-snippet",
            json!({}),
            "infinity",
            "10s",
            Value::Null,
            vec!["nginx.ingress.kubernetes.io/server-snippet (raw nginx config has no Contour equivalent)"
                .to_string()],
        ),
        (
            "t-unknown",
            json!({}),
            "infinity",
            "10s",
            Value::Null,
            vec!["nginx.ingress.kubernetes.io/custom-thing (no known Contour equivalent)".to_string()],
        ),
        (
            "t-native",
            json!({"projectcontour.io/response-timeout": "30s"}),
            "infinity",
            "10s",
            Value::Null,
            none.clone(),
        ),
        ("t-other", json!({"custom.io/something": "value"}), "infinity", "10s", Value::Null, none.clone()),
        ("t-combined", json!({"custom.io/team": "platform"}), "300s", "10s", rps(50), none.clone()),
    ];
    for (service, annotations, response, idle, rate, incompatible) in cases {
        assert_eq!(
            translation(&out, service),
            (annotations, json!(response), json!(idle), rate, incompatible),
            "{service}"
        );
    }
}

#[test]
fn contour_backend_protocol_follows_the_port_scheme() {
    let cases = [
        ("HTTP", None),
        ("HTTPS", Some("tls")),
        ("GRPC", Some("h2c")),
        ("GRPCS", Some("h2")),
        ("http", None),
        ("https", Some("tls")),
        ("TCP", None),
        ("", None),
    ];
    let mut source =
        String::from("# rack: provider/k8s/release_contour_test.go TestContourBackendProtocol\nservices:\n");
    for (i, (scheme, _)) in cases.iter().enumerate() {
        source.push_str(&format!("  s{i}:\n    build: .\n    port: {{port: 8080, scheme: \"{scheme}\"}}\n"));
    }
    let out = contour().render(&source);
    for (i, (scheme, protocol)) in cases.iter().enumerate() {
        let proxy = out.get("HTTPProxy", &format!("s{i}"));
        assert_eq!(at(&proxy, "/spec/routes/0/services/0/protocol").as_str(), *protocol, "{scheme:?}");
    }
}

// ---------------------------------------------------------------------------------------
// provider/k8s/image_pull_secrets_test.go

fn pull_rack() -> Rack {
    Rack::aws().rack("rack1").app("myai")
}

/// The registry credentials a dockerconfigjson Secret holds: registry → `user:password`.
fn docker_auths(out: &Out, secret: &str) -> BTreeMap<String, String> {
    let config: Value = serde_json::from_str(&out.secret(secret)[".dockerconfigjson"]).expect("valid JSON");
    let auths = config["auths"].as_object().unwrap();
    auths.iter().map(|(registry, v)| (registry.clone(), decode(v["auth"].as_str().unwrap()))).collect()
}

#[test]
fn pull_secret_names_slug_the_registry() {
    let out = pull_rack().render(
        "# rack: provider/k8s/image_pull_secrets_test.go TestImagePullSecretName (short registry, registry with port)
services:
  nim:
    image: nvcr.io/nim:latest
    imagePullSecrets:
      - {registry: nvcr.io, username: u, password: p}
      - {registry: \"harbor.corp:5000\", username: u, password: p}
",
    );
    out.assert_no_errors();
    assert!(out.has("Secret", "convox-myai-nim-pull-nvcr-io"), "{:?}", out.list());
    assert!(out.has("Secret", "convox-myai-nim-pull-harbor-corp-5000"), "{:?}", out.list());
}

#[test]
fn long_pull_secret_names_stay_within_253_characters() {
    // rack: TestImagePullSecretName/stays under 253 chars
    let ctx = Context { app: "a".repeat(100), ..Context::default() };
    assert!(names::pull_secret(&ctx, &"b".repeat(100), "very-long.registry.example.com").len() <= 253);
    let ctx = Context { app: "myai".into(), ..Context::default() };
    assert!(names::pull_secret(&ctx, &"s".repeat(100), &format!("{}b", "a.".repeat(70))).len() <= 253);
}

#[test]
fn truncated_pull_secret_names_never_end_in_a_dash_before_the_hash() {
    let ctx = Context { app: "myai".into(), ..Context::default() };
    let name = names::pull_secret(&ctx, &"s".repeat(100), &format!("{}b", "a.".repeat(70)));
    assert!(name.len() <= 253);
    assert!(!name.contains("--"), "{name}");
}

#[test]
fn pull_secret_holds_base64_user_and_password_per_registry() {
    let out = pull_rack().render(
        "# rack: provider/k8s/image_pull_secrets_test.go TestBuildDockerConfigJSON, TestRenderImagePullSecretsLiteralPassword
services:
  nim:
    image: nvcr.io/nim:latest
    imagePullSecrets:
      - {registry: nvcr.io, username: $oauthtoken, password: s3cret}
",
    );
    out.assert_no_errors();
    let secret = out.get("Secret", "convox-myai-nim-pull-nvcr-io");
    assert_eq!(at(&secret, "/type"), &json!("kubernetes.io/dockerconfigjson"));
    assert_eq!(at(&secret, "/metadata/namespace"), &json!("rack1-myai"));
    let auths = docker_auths(&out, "convox-myai-nim-pull-nvcr-io");
    assert_eq!(auths, BTreeMap::from([("nvcr.io".to_string(), "$oauthtoken:s3cret".to_string())]));
}

#[test]
fn pull_secret_json_survives_quotes_backslashes_and_newlines() {
    let out = pull_rack().render(
        "# rack: provider/k8s/image_pull_secrets_test.go TestBuildDockerConfigJSONHandlesSpecialChars
services:
  nim:
    image: r.io/nim:latest
    imagePullSecrets:
      - registry: r.io
        username: 'u\"ser'
        password: 'p\\n\"pass'
",
    );
    out.assert_no_errors();
    let auths = docker_auths(&out, "convox-myai-nim-pull-r-io");
    assert_eq!(auths["r.io"], "u\"ser:p\\n\"pass");
}

#[test]
fn no_image_pull_secrets_render_no_pull_secret() {
    // rack: TestRenderImagePullSecretsEmpty, TestImagePullSecretNamesEmpty
    let out = pull_rack().render("services:\n  nim:\n    image: nvcr.io/nim:latest\n");
    let pull: Vec<Value> =
        out.of_kind("Secret").into_iter().filter(|s| s["type"] == "kubernetes.io/dockerconfigjson").collect();
    assert!(pull.is_empty(), "{pull:?}");
    assert_eq!(out.pod("Deployment", "nim").get("imagePullSecrets"), None);
}

#[test]
fn password_env_reads_the_release_env() {
    let out = pull_rack().env("NGC_API_KEY", "nvapi-envsourced").render(
        "# rack: provider/k8s/image_pull_secrets_test.go TestRenderImagePullSecretsPasswordEnv
services:
  nim:
    image: nvcr.io/nim:latest
    imagePullSecrets:
      - {registry: nvcr.io, username: $oauthtoken, passwordEnv: NGC_API_KEY}
",
    );
    out.assert_no_errors();
    assert_eq!(docker_auths(&out, "convox-myai-nim-pull-nvcr-io")["nvcr.io"], "$oauthtoken:nvapi-envsourced");
}

const PASSWORD_ENV: &str = "\
# rack: provider/k8s/image_pull_secrets_test.go TestRenderImagePullSecretsMissingEnvErrors, TestRenderImagePullSecretsEmptyEnvStringErrors
services:
  nim:
    image: nvcr.io/nim:latest
    imagePullSecrets:
      - {registry: nvcr.io, username: $oauthtoken, passwordEnv: NGC_API_KEY}
";

#[test]
fn missing_password_env_is_an_error_naming_service_index_and_fix() {
    let out = pull_rack().render(PASSWORD_ENV);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let msg = &errors[0];
    for want in ["NGC_API_KEY", "nim", "imagePullSecrets[0]", "convox env set", "-a myai"] {
        assert!(msg.contains(want), "{want:?} in {msg}");
    }
    assert!(!msg.contains("<app>"), "{msg}");
}

#[test]
fn empty_password_env_is_an_error() {
    let out = pull_rack().env("NGC_API_KEY", "").render(PASSWORD_ENV);
    let errors = out.errors();
    assert!(errors.iter().any(|e| e.contains("NGC_API_KEY")), "{errors:?}");
}

const THREE_REGISTRIES: &str = "\
# rack: provider/k8s/image_pull_secrets_test.go TestRenderImagePullSecretsMultipleRegistries, TestImagePullSecretNamesMatchesRender
services:
  nim:
    image: nvcr.io/nim:latest
    imagePullSecrets:
      - {registry: nvcr.io, username: $oauthtoken, passwordEnv: NGC_API_KEY}
      - {registry: quay.io, username: robot, password: lit}
      - {registry: \"harbor.corp:5000\", username: u, password: p}
timers:
  nightly:
    schedule: \"0 0 * * *\"
    command: run
    service: nim
";

#[test]
fn pull_secrets_keep_the_registry_order_and_pods_name_them_in_it() {
    let out = pull_rack().env("NGC_API_KEY", "nvapi-aaa").render(THREE_REGISTRIES);
    out.assert_no_errors();
    let rendered: Vec<String> = out
        .of_kind("Secret")
        .into_iter()
        .filter(|s| s["type"] == "kubernetes.io/dockerconfigjson")
        .map(|s| s["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    let expected = [
        "convox-myai-nim-pull-nvcr-io",
        "convox-myai-nim-pull-quay-io",
        "convox-myai-nim-pull-harbor-corp-5000",
    ];
    assert_eq!(rendered, expected);
    for (secret, registry) in expected.iter().zip(["nvcr.io", "quay.io", "harbor.corp:5000"]) {
        assert_eq!(keys(&json!(docker_auths(&out, secret))), [registry]);
    }
    let referenced = |pod: Value| -> Vec<String> {
        pod["imagePullSecrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(referenced(out.pod("Deployment", "nim")), expected);
    assert_eq!(referenced(out.pod("CronJob", "timer-nightly")), expected);
}

#[test]
fn literal_passwords_never_appear_in_clear() {
    // rack: TestRenderImagePullSecretsSentinelLeak; and pkg/manifest/service_test.go
    // TestServiceImagePullSecretPasswordNotInJSON, TestServicePasswordNotInJSONViaNestedMarshal
    const SENTINEL: &str = "SENTINEL_LEAK_DO_NOT_LOG_12345";
    let source = format!(
        "# rack: provider/k8s/image_pull_secrets_test.go TestRenderImagePullSecretsSentinelLeak\n\
         services:\n  nim:\n    image: nvcr.io/nim:latest\n    imagePullSecrets:\n      \
         - {{registry: nvcr.io, username: $oauthtoken, password: {SENTINEL}}}\n"
    );
    let out = pull_rack().render(&source);
    out.assert_no_errors();
    assert!(!out.yaml().contains(SENTINEL));
    let contract = serde_json::to_string(&output::contract(&out.analysis, &out.source)).unwrap();
    assert!(!contract.contains(SENTINEL));
    assert_eq!(
        docker_auths(&out, "convox-myai-nim-pull-nvcr-io")["nvcr.io"],
        format!("$oauthtoken:{SENTINEL}")
    );
}

// ---------------------------------------------------------------------------------------
// provider/k8s/autoscale_test.go TestKedaScaledObjectFromAutoscale, TestAwsAuthAttachFilter

#[test]
fn gpu_utilization_autoscale_renders_a_scaled_object() {
    let out = keda_rack().app("myapp").render(
        "# rack: provider/k8s/autoscale_test.go TestKedaScaledObjectFromAutoscale
services:
  vllm:
    build: .
    port: 8000
    scale:
      min: 0
      max: 10
      gpu: 1
      autoscale:
        gpuUtilization:
          threshold: 70
",
    );
    out.assert_no_errors();
    let so = out.get("ScaledObject", "vllm");
    assert_eq!((&so["apiVersion"], &so["kind"]), (&json!("keda.sh/v1alpha1"), &json!("ScaledObject")));
    assert_eq!((&so["spec"]["minReplicaCount"], &so["spec"]["maxReplicaCount"]), (&json!(0), &json!(10)));
    let triggers = so["spec"]["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 1);
    assert_eq!(
        (&triggers[0]["type"], &triggers[0]["name"]),
        (&json!("prometheus"), &json!("convox-gpu-utilization"))
    );
    assert_eq!(triggers[0]["metadata"]["threshold"], json!("70"));
    assert_eq!(triggers[0]["metadata"]["activationThreshold"], json!("35"));
    assert_eq!(so["spec"]["scaleTargetRef"], json!({"name": "vllm", "kind": "Deployment"}));
}

const MIXED_KEDA_TRIGGERS: &str = "\
# rack: provider/k8s/autoscale_test.go TestAwsAuthAttachFilter
services:
  worker:
    build: .
    scale:
      count: 0-5
      keda:
        triggers:
          - type: aws-sqs-queue
            name: raw-sqs
            metadata: {queueURL: \"http://q/\", queueLength: \"1\", awsRegion: us-east-1}
          - type: prometheus
            name: raw-prom
            metadata: {serverAddress: \"http://p/\", metricName: m, threshold: \"1\", query: up}
          - type: cron
            name: raw-cron
            metadata: {timezone: UTC, start: \"* * * * *\", end: \"* * * * *\", desiredReplicas: \"1\"}
";

#[test]
fn only_aws_triggers_get_the_default_trigger_authentication() {
    let out = keda_rack().render(MIXED_KEDA_TRIGGERS);
    out.assert_no_errors();
    let so = out.get("ScaledObject", "worker");
    let triggers = so["spec"]["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 3);
    let by_type = |t: &str| triggers.iter().find(|x| x["type"] == t).unwrap().clone();
    assert_eq!(by_type("aws-sqs-queue")["authenticationRef"]["name"], json!("keda-aws-auth-default"));
    assert_eq!(by_type("prometheus").get("authenticationRef"), None);
    assert_eq!(by_type("cron").get("authenticationRef"), None);
    assert!(out.has("TriggerAuthentication", "keda-aws-auth-default"));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/release_agent_autoscale_test.go TestRelease_AgentAutoscaleIgnored_FiresEvent

#[test]
fn agent_autoscale_is_ignored_with_one_warning() {
    let out = Rack::aws().param("keda_enable", "true").render(
        "# rack: provider/k8s/release_agent_autoscale_test.go TestRelease_AgentAutoscaleIgnored_FiresEvent
services:
  collector:
    image: docker.io/library/nginx
    agent: true
    scale:
      min: 0
      max: 5
      autoscale:
        queueDepth:
          threshold: 3
",
    );
    out.assert_no_errors();
    assert!(out.has("DaemonSet", "collector"));
    assert!(out.of_kind("ScaledObject").is_empty() && out.of_kind("HorizontalPodAutoscaler").is_empty());
    // The rack's release:agent-autoscale-ignored event (and Validate's stderr WARNING) is our
    // warning, once for the service.
    let warnings: Vec<String> =
        out.warnings().into_iter().filter(|w| w.contains("agent runs as DaemonSet")).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("collector"));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/app_test.go TestAppCreate (testdata/app.yml), TestAppNamespace

#[test]
fn app_namespace_matches_the_racks_golden() {
    // The rack's golden comes from its generic test provider; the AWS provider also patches in
    // convox.com/registry, so the comparison uses a non-AWS rack.
    let out = Rack::on(Provider::Metal).rack("rack1").app("app1").render("services:\n  web:\n    build: .\n");
    let ns = out.get("Namespace", "rack1-app1");
    assert_eq!(ns["apiVersion"], json!("v1"));
    assert_eq!(keys(&ns["metadata"]["annotations"]), ["convox.com/lock", "convox.com/params"]);
    assert_eq!(ns["metadata"]["annotations"]["convox.com/lock"], json!("false"));
    // convox.com/params holds the app's parameters (`convox apps params`), which the rack's test
    // provider seeds with {"Test":"foo"}; we take no app parameters: `{}`.
    let params: Value =
        serde_json::from_str(ns["metadata"]["annotations"]["convox.com/params"].as_str().unwrap()).unwrap();
    assert!(params.is_object());
    assert_eq!(
        labels_sans_stand_ins(&ns),
        json!({"app": "app1", "name": "app1", "provider": "k8s", "rack": "rack1", "system": "convox", "type": "app"})
    );
    // The owner is the rack namespace (the rack's test names it ns1, uid uid1).
    let owner = &ns["metadata"]["ownerReferences"];
    assert_eq!(owner.as_array().unwrap().len(), 1);
    assert_eq!(
        (&owner[0]["apiVersion"], &owner[0]["kind"], &owner[0]["name"]),
        (&json!("v1"), &json!("Namespace"), &json!("rack1-system"))
    );
    assert_eq!((&owner[0]["controller"], &owner[0]["blockOwnerDeletion"]), (&json!(true), &json!(true)));
}

// ---------------------------------------------------------------------------------------
// provider/k8s/testdata/release-basic-app.yml, the golden of TestReleasePromote

fn release_basic() -> Out {
    let rack = Rack::aws()
        .rack("rack1")
        .app("app1")
        .release("RELEASE2", "BUILD1")
        .param("disable_convox_resolver", "true")
        .env("FOO", "bar")
        .env("THREE_URL", "value")
        .env("FOUR_URL", "");
    let out = rack.render(&fixture("release-basic.yml"));
    out.assert_no_errors();
    out
}

/// Asserts `(pointer, value)` pairs on one object.
fn expect(out: &Out, kind: &str, name: &str, pairs: &[(&str, Value)]) {
    let object = out.get(kind, name);
    for (pointer, want) in pairs {
        assert_eq!(at(&object, pointer), want, "{kind} {name} {pointer}");
    }
}

#[test]
fn release_basic_renders_the_goldens_objects_in_its_order() {
    let out = release_basic();
    // The golden's documents, in order. Ours add the rack namespace (terraform's, shown as the
    // owner) and the PodDisruptionBudgets (the rack's deployment controller creates them at run
    // time, not the release template), and the rack's current timer template renders the
    // timer's ServiceAccount before its CronJob. The golden also holds two `null` documents
    // (empty renders, no objects), and today's release path appends the services block a second
    // time after the timers (`releaseTemplateTimers` appends the services again): we list each object once.
    let ours: Vec<String> = out
        .list()
        .into_iter()
        .filter(|k| {
            k != "Namespace/rack1-system"
                && !k.starts_with("PodDisruptionBudget/")
                && k != "ServiceAccount/timer-test"
        })
        .collect();
    let golden = [
        "Namespace/rack1-app1",
        "Service/balancer-alpha",
        "Ingress/web",
        "Ingress/web2",
        "ConfigMap/resource-four",
        "PersistentVolumeClaim/resource-four",
        "Deployment/resource-four",
        "Service/resource-four",
        "ConfigMap/resource-one",
        "PersistentVolumeClaim/resource-one",
        "Deployment/resource-one",
        "Service/resource-one",
        "ConfigMap/resource-three",
        "ConfigMap/resource-two",
        "PersistentVolumeClaim/resource-two",
        "Deployment/resource-two",
        "Service/resource-two",
        "Secret/env-agent",
        "ServiceAccount/agent",
        "DaemonSet/agent",
        "Service/agent",
        "Secret/env-deployment",
        "ServiceAccount/deployment",
        "Deployment/deployment",
        "Secret/env-singleton",
        "ServiceAccount/singleton",
        "Deployment/singleton",
        "Secret/env-web",
        "ServiceAccount/web",
        "Deployment/web",
        "Service/web",
        "Secret/env-web2",
        "ServiceAccount/web2",
        "Deployment/web2",
        "Service/web2",
        "CronJob/timer-test",
    ];
    assert_eq!(ours, golden);
    let all = out.list();
    let sa = all.iter().position(|k| k == "ServiceAccount/timer-test").expect("the timer's ServiceAccount");
    assert_eq!(all[sa + 1], "CronJob/timer-test");
}

#[test]
fn release_basic_namespace_balancer_and_ingresses_match_the_golden() {
    let out = release_basic();
    let ns = out.get("Namespace", "rack1-app1");
    assert_eq!(ns["metadata"]["annotations"]["convox.com/lock"], json!("false"));
    assert_eq!(
        labels_sans_stand_ins(&ns),
        json!({"app": "app1", "name": "app1", "provider": "k8s", "rack": "rack1", "system": "convox", "type": "app"})
    );

    let lb = out.get("Service", "balancer-alpha");
    assert_eq!(
        lb["metadata"]["annotations"],
        json!({
            "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout": "3600",
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb"
        })
    );
    assert_eq!(
        labels_sans_stand_ins(&lb),
        json!({"app": "app1", "balancer": "alpha", "provider": "k8s", "rack": "rack1", "service": "web", "system": "convox", "type": "balancer"})
    );
    expect(
        &out,
        "Service",
        "balancer-alpha",
        &[
            ("/spec/type", json!("LoadBalancer")),
            ("/spec/externalTrafficPolicy", json!("Cluster")),
            ("/spec/loadBalancerSourceRanges", json!(["127.0.0.0/16"])),
            ("/spec/ports", json!([{"name": "80", "port": 80, "protocol": "TCP", "targetPort": 5000}])),
        ],
    );

    for (name, redirect, whitelist) in [("web", "true", Some("127.0.0.0/32")), ("web2", "false", None)] {
        let ingress = out.get("Ingress", name);
        let a = &ingress["metadata"]["annotations"];
        for (k, v) in [
            ("alb.ingress.kubernetes.io/scheme", "internet-facing"),
            ("convox.com/backend-protocol", "http"),
            ("convox.com/idles", "false"),
            ("nginx.ingress.kubernetes.io/backend-protocol", "http"),
            ("nginx.ingress.kubernetes.io/proxy-connect-timeout", "60"),
            ("nginx.ingress.kubernetes.io/proxy-read-timeout", "60"),
            ("nginx.ingress.kubernetes.io/proxy-send-timeout", "60"),
            ("nginx.ingress.kubernetes.io/ssl-redirect", redirect),
        ] {
            assert_eq!(a[k], json!(v), "Ingress {name} {k}");
        }
        assert_eq!(
            a.get("nginx.ingress.kubernetes.io/whitelist-source-range").and_then(Value::as_str),
            whitelist
        );
        assert_eq!(
            labels_sans_stand_ins(&ingress),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "service": name, "system": "convox", "type": "service"})
        );
        // The host is the rack domain's (the golden's mock engine says `service.host`).
        let host = ingress["spec"]["rules"][0]["host"].clone();
        assert_eq!(
            ingress["spec"]["rules"][0]["http"]["paths"],
            json!([{"backend": {"service": {"name": name, "port": {"number": 5000}}}, "pathType": "ImplementationSpecific"}])
        );
        assert_eq!(ingress["spec"]["tls"], json!([{"hosts": [host], "secretName": format!("cert-{name}")}]));
    }
}

#[test]
fn release_basic_resources_match_the_golden() {
    let out = release_basic();
    // sha256("rack1")[..30]: the rack derives it from the rack name, so the golden's value.
    let pass = "6630abdb8bba553e3e48555e302e51";
    let host = |r: &str| format!("resource-{r}.rack1-app1.svc.cluster.local");
    for r in ["four", "one"] {
        let cm = out.get("ConfigMap", &format!("resource-{r}"));
        assert_eq!(
            cm["data"],
            json!({
                "HOST": host(r), "NAME": "app", "PASS": pass, "PORT": "5432", "USER": "app",
                "URL": format!("postgres://app:{pass}@{}:5432/app?sslmode=disable", host(r))
            })
        );
        assert_eq!(
            labels_sans_stand_ins(&cm),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "resource": r, "system": "convox", "type": "resource"})
        );
        let pvc = out.get("PersistentVolumeClaim", &format!("resource-{r}"));
        assert_eq!(
            labels_sans_stand_ins(&pvc),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "resource": r, "system": "convox"})
        );
        assert_eq!(
            pvc["spec"],
            json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}})
        );
        let d = out.get("Deployment", &format!("resource-{r}"));
        assert_eq!(
            d["metadata"]["annotations"]["atom.conditions"],
            json!("Available=True,Progressing=True/NewReplicaSetAvailable")
        );
        assert_eq!(
            labels_sans_stand_ins(&d),
            json!({"app": "app1", "kind": "postgres", "name": r, "provider": "k8s", "rack": "rack1", "resource": r, "system": "convox", "type": "resource"})
        );
        let selector = json!({"app": "app1", "rack": "rack1", "resource": r, "system": "convox"});
        assert_eq!(d["spec"]["replicas"], json!(1));
        assert_eq!(d["spec"]["selector"]["matchLabels"], selector);
        assert_eq!(
            d["spec"]["template"]["metadata"]["labels"],
            json!({"app": "app1", "rack": "rack1", "resource": r, "system": "convox", "type": "resource"})
        );
        assert_eq!(
            d["spec"]["template"]["spec"],
            json!({
                "containers": [{
                    "env": [
                        {"name": "POSTGRES_DB", "value": "app"},
                        {"name": "POSTGRES_USER", "value": "app"},
                        {"name": "POSTGRES_PASSWORD", "value": pass},
                        {"name": "PGDATA", "value": "/var/lib/postgresql/data/data"}
                    ],
                    "image": "postgres:10.5",
                    "imagePullPolicy": "IfNotPresent",
                    "name": "postgres",
                    "ports": [{"containerPort": 5432}],
                    "volumeMounts": [{"mountPath": "/var/lib/postgresql/data", "name": "data"}]
                }],
                "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": format!("resource-{r}")}}]
            })
        );
        let svc = out.get("Service", &format!("resource-{r}"));
        assert_eq!(
            labels_sans_stand_ins(&svc),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "resource": r, "system": "convox", "type": "resource"})
        );
        assert_eq!(svc["spec"], json!({"ports": [{"port": 5432}], "selector": selector, "type": "NodePort"}));
    }

    // three is masked by THREE_URL: a ConfigMap with the URL only.
    assert_eq!(
        out.get("ConfigMap", "resource-three")["data"],
        json!({"HOST": "", "NAME": "", "PASS": "", "PORT": "", "URL": "value", "USER": ""})
    );
    assert!(!out.has("Deployment", "resource-three") && !out.has("PersistentVolumeClaim", "resource-three"));

    let mysql = host("two");
    assert_eq!(
        out.get("ConfigMap", "resource-two")["data"],
        json!({
            "HOST": mysql, "NAME": "app", "PASS": pass, "PORT": "3306", "USER": "root",
            "URL": format!("mysql://root:{pass}@{mysql}:3306/app")
        })
    );
    let d = out.get("Deployment", "resource-two");
    assert_eq!(
        labels_sans_stand_ins(&d),
        json!({"app": "app1", "kind": "mysql", "provider": "k8s", "rack": "rack1", "resource": "two", "system": "convox", "type": "resource"})
    );
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        c["env"],
        json!([{"name": "MYSQL_DATABASE", "value": "app"}, {"name": "MYSQL_ROOT_PASSWORD", "value": pass}])
    );
    assert_eq!(c["image"], json!("mysql:5.7.23"));
    assert_eq!(
        c["volumeMounts"],
        json!([{"mountPath": "/var/lib/mysql", "name": "data", "subPath": "mysql"}])
    );
    assert_eq!(out.get("Service", "resource-two")["spec"]["ports"], json!([{"port": 3306}]));
}

/// The env a container of release-basic's web services gets from resources, in order.
fn resource_env() -> Value {
    let mut env =
        vec![json!({"name": "INSTANCE_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}})];
    let from = |name: &str, resource: &str, key: &str| json!({"name": name, "valueFrom": {"configMapKeyRef": {"key": key, "name": format!("resource-{resource}")}}});
    let all = ["URL", "USER", "PASS", "HOST", "PORT", "NAME"];
    env.extend(all.iter().map(|k| from(&format!("ONE_{k}"), "one", k)));
    env.push(from("OTHER_URL", "two", "URL"));
    env.extend(all.iter().map(|k| from(&format!("THREE_{k}"), "three", k)));
    env.extend(all.iter().map(|k| from(&format!("FOUR_{k}"), "four", k)));
    Value::Array(env)
}

#[test]
fn release_basic_services_and_timer_match_the_golden() {
    let out = release_basic();
    let ca_mount = json!([{"mountPath": "/etc/convox", "name": "ca"}]);
    let ca_volume = json!([{"configMap": {"name": "ca", "optional": true}, "name": "ca"}]);
    let instance_ip =
        json!([{"name": "INSTANCE_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}}]);

    for name in ["agent", "deployment", "singleton", "web", "web2"] {
        // BUILD_DESCRIPTION and BUILD_GIT_SHA are left out (deliberate, see the table); RACK_URL
        // holds the rack API password and the rack namespace (stand-ins).
        let mut env = out.secret(&format!("env-{name}"));
        assert!(env.remove("RACK_URL").unwrap().ends_with("@api.rack1-system.svc.cluster.local:5443"));
        let mut golden: BTreeMap<String, String> = [
            ("APP", "app1"),
            ("BUILD", "BUILD1"),
            ("FOO", "bar"),
            ("FOUR_URL", ""),
            ("RACK", "rack1"),
            ("RELEASE", "RELEASE2"),
            ("SERVICE", name),
            ("THREE_URL", "value"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        if name.starts_with("web") {
            golden.insert("PORT".into(), "5000".into());
        }
        assert_eq!(env, golden, "env-{name}");
        let secret = out.get("Secret", &format!("env-{name}"));
        assert_eq!(secret["type"], json!("Opaque"));
        assert_eq!(
            labels_sans_stand_ins(&secret),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "service": name, "system": "convox", "type": "env"})
        );
        let sa = out.get("ServiceAccount", name);
        assert_eq!(at(&sa, "/metadata/annotations"), &Value::Null);
        assert_eq!(
            labels_sans_stand_ins(&sa),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "service": name, "system": "convox", "type": "serviceaccount"})
        );

        let kind = if name == "agent" { "DaemonSet" } else { "Deployment" };
        let w = out.get(kind, name);
        assert_eq!(
            labels_sans_stand_ins(&w),
            json!({"app": "app1", "provider": "k8s", "rack": "rack1", "service": name, "system": "convox", "type": "service"})
        );
        assert_eq!(
            (&w["spec"]["minReadySeconds"], &w["spec"]["revisionHistoryLimit"]),
            (&json!(1), &json!(1))
        );
        assert_eq!(
            w["spec"]["selector"]["matchLabels"],
            json!({"app": "app1", "rack": "rack1", "service": name, "system": "convox"})
        );
        assert_eq!(
            w["spec"]["template"]["metadata"]["labels"],
            json!({"app": "app1", "name": name, "rack": "rack1", "release": "RELEASE2", "service": name, "system": "convox", "type": "service"})
        );
        let pod = &w["spec"]["template"]["spec"];
        assert_eq!(
            (
                &pod["serviceAccountName"],
                &pod["shareProcessNamespace"],
                &pod["terminationGracePeriodSeconds"]
            ),
            (&json!(name), &json!(true), &json!(30))
        );
        assert_eq!(pod["volumes"], ca_volume);
        assert_eq!(pod.get("dnsConfig"), None, "the golden's rack has no resolver");
        let c = &pod["containers"][0];
        assert_eq!((&c["name"], &c["imagePullPolicy"]), (&json!("app1"), &json!("IfNotPresent")));
        // The golden's registry is the mock `repo1` and its tag uses the lower-case build id the
        // test harness stored; the tag is `<service>.<build>`.
        assert!(c["image"].as_str().unwrap().ends_with(&format!(":{name}.BUILD1")), "{}", c["image"]);
        assert_eq!(c["envFrom"], json!([{"secretRef": {"name": format!("env-{name}")}}]));
        assert_eq!(c["env"], if name.starts_with("web") { resource_env() } else { instance_ip.clone() });
        assert_eq!(c["volumeMounts"], ca_mount);
        assert_eq!(c["resources"]["limits"], json!({"memory": "512Mi"}));
        assert_eq!(c["resources"]["requests"]["memory"], json!("512Mi"));
    }

    // The agent DaemonSet and its Service.
    let agent = out.get("DaemonSet", "agent");
    assert_eq!(
        agent["spec"]["template"]["metadata"]["annotations"],
        json!({"scheduler.alpha.kubernetes.io/critical-pod": ""})
    );
    assert_eq!(
        agent["spec"]["template"]["spec"]["containers"][0]["ports"],
        json!([
            {"containerPort": 8125, "hostPort": 8125, "name": "port-8125", "protocol": "UDP"},
            {"containerPort": 8126, "hostPort": 8126, "name": "port-8126", "protocol": "TCP"}
        ])
    );
    let svc = out.get("Service", "agent");
    assert_eq!(svc["metadata"]["annotations"], json!({"convox.com/alias": "agent.app1.rack1.local"}));
    assert_eq!(
        labels_sans_stand_ins(&svc),
        json!({"app": "app1", "provider": "k8s", "rack": "rack1", "service": "agent", "system": "convox"})
    );
    assert_eq!(
        svc["spec"],
        json!({
            "ports": [
                {"name": "port-8125", "port": 8125, "protocol": "UDP", "targetPort": 8125},
                {"name": "port-8126", "port": 8126, "protocol": "TCP", "targetPort": 8126}
            ],
            "selector": {"service": "agent", "type": "service"},
            "type": "ClusterIP"
        })
    );

    // Deployments: replicas, rollout strategy, ports, probes.
    for (name, surge, unavailable) in [
        ("deployment", "10%", "75%"),
        ("singleton", "0%", "100%"),
        ("web", "100%", "50%"),
        ("web2", "100%", "50%"),
    ] {
        let d = out.get("Deployment", name);
        assert_eq!(
            d["metadata"]["annotations"],
            json!({"atom.conditions": "Available=True,Progressing=True/NewReplicaSetAvailable"})
        );
        assert_eq!(d["spec"]["replicas"], json!(1));
        assert_eq!(
            d["spec"]["strategy"],
            json!({"rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}, "type": "RollingUpdate"})
        );
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        if name.starts_with("web") {
            assert_eq!(c["ports"], json!([{"containerPort": 5000, "name": "main"}]));
            assert_eq!(
                c["readinessProbe"],
                json!({
                    "failureThreshold": 3,
                    "httpGet": {"path": "/", "port": 5000, "scheme": "HTTP"},
                    "initialDelaySeconds": 5, "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 4
                })
            );
            let svc = out.get("Service", name);
            assert_eq!(
                svc["metadata"]["annotations"],
                json!({"convox.com/alias": format!("{name}.app1.rack1.local")})
            );
            assert_eq!(
                svc["spec"],
                json!({
                    "ports": [{"name": "main", "port": 5000, "protocol": "TCP", "targetPort": "main"}],
                    "selector": {"service": name, "type": "service"},
                    "type": "ClusterIP"
                })
            );
        } else {
            assert_eq!(c.get("ports"), None);
            assert!(!out.has("Service", name));
        }
    }

    // The timer.
    let cron = out.get("CronJob", "timer-test");
    assert_eq!(
        labels_sans_stand_ins(&cron),
        json!({"app": "app1", "provider": "k8s", "rack": "rack1", "system": "convox"})
    );
    assert_eq!(
        (&cron["spec"]["schedule"], &cron["spec"]["concurrencyPolicy"]),
        (&json!("*/5 * * * *"), &json!("Forbid"))
    );
    assert_eq!(
        (&cron["spec"]["successfulJobsHistoryLimit"], &cron["spec"]["failedJobsHistoryLimit"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(cron["spec"]["jobTemplate"]["spec"]["backoffLimit"], json!(0));
    let template = &cron["spec"]["jobTemplate"]["spec"]["template"];
    assert_eq!(
        template["metadata"]["labels"],
        json!({"app": "app1", "name": "test", "rack": "rack1", "release": "RELEASE2", "service": "web", "system": "convox", "type": "timer"})
    );
    let pod = &template["spec"];
    assert_eq!((&pod["restartPolicy"], &pod["shareProcessNamespace"]), (&json!("Never"), &json!(true)));
    assert_eq!(pod["volumes"], ca_volume);
    let c = &pod["containers"][0];
    assert_eq!(c["args"], json!(["bin/test"]));
    assert_eq!(c["env"], resource_env());
    assert_eq!(c["envFrom"], json!([{"secretRef": {"name": "env-web"}}]));
    assert!(c["image"].as_str().unwrap().ends_with(":web.BUILD1"));
    assert_eq!(c["volumeMounts"], ca_mount);
}

#[test]
fn release_basic_follows_the_current_templates_where_the_golden_is_stale() {
    // The rack's golden (last touched 2023-06) predates template changes. For
    // each stale field, what the rack's current template renders, which we follow.
    let out = release_basic();
    // DefaultCpu is 250 (the golden has 256m).
    for (kind, name) in [("DaemonSet", "agent"), ("Deployment", "web"), ("CronJob", "timer-test")] {
        assert_eq!(out.container(kind, name)["resources"]["requests"]["cpu"], json!("250m"), "{kind} {name}");
    }
    // app/ingress.yml.tmpl's server-snippet has no grpc_* lines any more.
    assert_eq!(
        out.get("Ingress", "web")["metadata"]["annotations"]["nginx.ingress.kubernetes.io/server-snippet"],
        json!("keepalive_timeout 60s;\nclient_body_timeout 60s;\n")
    );
    // app/balancer.yml.tmpl selects on service and type only (the golden adds release).
    assert_eq!(
        out.get("Service", "balancer-alpha")["spec"]["selector"],
        json!({"service": "web", "type": "service"})
    );
    // resource/postgres.yml.tmpl and mysql.yml.tmpl: Recreate, and the alias annotation.
    for r in ["one", "two", "four"] {
        let name = format!("resource-{r}");
        assert_eq!(out.get("Deployment", &name)["spec"]["strategy"], json!({"type": "Recreate"}));
        assert_eq!(
            out.get("Service", &name)["metadata"]["annotations"],
            json!({"convox.com/alias": format!("{name}.rack1-app1.svc.cluster.local")})
        );
    }
    // app/timer.yml.tmpl: the timer's own ServiceAccount, used by its pods, and the pod annotation.
    let sa = out.get("ServiceAccount", "timer-test");
    assert_eq!(sa["metadata"]["annotations"], json!({"convox.com/type": "timer"}));
    let pod = out.pod("CronJob", "timer-test");
    assert_eq!(pod["serviceAccountName"], json!("timer-test"));
    assert_eq!(
        out.get("CronJob", "timer-test")["spec"]["jobTemplate"]["spec"]["template"]["metadata"]
            ["annotations"],
        json!({"convox.com/type": "timer"})
    );
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go TestManifestLoad: the expected Manifest of testdata/full.yml,
// as it renders

fn full() -> Out {
    let out = Rack::aws()
        .env("FOO", "bar")
        .env("SECRET", "shh")
        .env("OTHERGLOBAL", "test")
        .render(&rack_testdata("full.yml"));
    out.assert_no_errors();
    out
}

#[test]
fn full_yml_api_renders_the_expected_service() {
    let out = full();
    let d = out.get("Deployment", "api");
    assert_eq!(d["spec"]["replicas"], json!(3));
    assert_eq!(d["spec"]["strategy"]["rollingUpdate"], json!({"maxSurge": "10%", "maxUnavailable": "75%"}));
    let hpa = out.get("HorizontalPodAutoscaler", "api");
    assert_eq!((&hpa["spec"]["minReplicas"], &hpa["spec"]["maxReplicas"]), (&json!(3), &json!(10)));
    assert_eq!(
        d["spec"]["template"]["metadata"]["annotations"],
        json!({
            "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/eksctl-irptest-addon-iamsa-default-my-serviceaccount-Role1-UCGG6NDYZ3UE",
            "test.other.com/annotation": "myothervalue",
            "string.test.com/annotation": "\"thishasquotes\""
        })
    );
    let pod = &d["spec"]["template"]["spec"];
    assert_eq!(pod["terminationGracePeriodSeconds"], json!(45));
    assert_eq!(pod["shareProcessNamespace"], json!(false), "init: false");
    let c = &pod["containers"][0];
    assert!(c["image"].as_str().unwrap().ends_with(":api.BABC1234DEF"));
    assert_eq!(
        c["ports"],
        json!([
            {"containerPort": 1000, "name": "main"},
            {"containerPort": 2000, "name": "port-2000", "protocol": "TCP"},
            {"containerPort": 3000, "name": "port-3000", "protocol": "UDP"}
        ])
    );
    assert_eq!(
        c["readinessProbe"],
        json!({
            "failureThreshold": 3,
            "httpGet": {"path": "/", "port": 1000, "scheme": "HTTP"},
            "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 9
        })
    );
    assert_eq!(c["resources"]["requests"], json!({"cpu": "250m", "memory": "512Mi"}));
    assert!(c["env"].as_array().unwrap().iter().any(|e| e["name"] == "DATABASE_URL"
        && e["valueFrom"]["configMapKeyRef"] == json!({"key": "URL", "name": "resource-database"})));
    let ingress = out.get("Ingress", "api");
    let a = &ingress["metadata"]["annotations"];
    assert_eq!(a["nginx.ingress.kubernetes.io/ssl-redirect"], json!("false"));
    assert_eq!(a["nginx.ingress.kubernetes.io/whitelist-source-range"], json!("127.0.0.0/24"));
    assert_eq!(a["nginx.ingress.kubernetes.io/proxy-read-timeout"], json!("60"));
    assert_eq!(ingress["spec"]["rules"][1]["host"], json!("foo.example.org"));
    // ServiceEnvironment("api"): every key it lists, with its value.
    let env = out.secret("env-api");
    for (k, v) in [
        ("DEFAULT", "test"),
        ("DEVELOPMENT", "false"),
        ("GLOBAL", "true"),
        ("OTHERGLOBAL", "test"),
        ("SECRET", "shh"),
    ] {
        assert_eq!(env[k], v, "env-api {k}");
    }
}

#[test]
fn full_yml_proxy_inherit_and_foo_render_the_expected_services() {
    let out = full();
    for (name, args) in [("proxy", "bash"), ("inherit", "inherit")] {
        let d = out.get("Deployment", name);
        assert_eq!(d["spec"]["replicas"], json!(1));
        assert!(!out.has("HorizontalPodAutoscaler", name));
        assert_eq!(
            d["spec"]["strategy"]["rollingUpdate"],
            json!({"maxSurge": "100%", "maxUnavailable": "50%"})
        );
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        // `image: ubuntu:16.04`: the build copies it into the app's repository as `<service>.<build>`
        // (the rack's `image` template helper), which the pod runs.
        assert!(c["image"].as_str().unwrap().ends_with(&format!(":{name}.BABC1234DEF")), "{}", c["image"]);
        assert_eq!(c["args"], json!([args]));
        assert_eq!(c["readinessProbe"]["httpGet"], json!({"path": "/auth", "port": 2000, "scheme": "HTTPS"}));
        assert_eq!(
            (
                &c["readinessProbe"]["initialDelaySeconds"],
                &c["readinessProbe"]["periodSeconds"],
                &c["readinessProbe"]["timeoutSeconds"]
            ),
            (&json!(5), &json!(5), &json!(4))
        );
        assert_eq!(c["resources"]["requests"], json!({"cpu": "512m", "memory": "1024Mi"}));
        let ingress = out.get("Ingress", name);
        let hosts: Vec<&Value> =
            ingress["spec"]["rules"].as_array().unwrap().iter().skip(1).map(|r| &r["host"]).collect();
        assert_eq!(hosts, [&json!("bar.example.org"), &json!("*.example.org")]);
        assert_eq!(
            ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/backend-protocol"],
            json!("https")
        );
        assert_eq!(
            ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/ssl-redirect"],
            json!("true")
        );
        // EnvironmentDefaults("proxy"): DEVELOPMENT=true, GLOBAL=true.
        let env = out.secret(&format!("env-{name}"));
        assert_eq!(
            (env["DEVELOPMENT"].as_str(), env["GLOBAL"].as_str(), env["SECRET"].as_str()),
            ("true", "true", "shh")
        );
    }

    let d = out.get("Deployment", "foo");
    assert_eq!(d["spec"]["replicas"], json!(0));
    assert!(!out.has("HorizontalPodAutoscaler", "foo"));
    assert_eq!(d["spec"]["strategy"]["rollingUpdate"], json!({"maxSurge": "0%", "maxUnavailable": "100%"}));
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["args"], json!(["foo"]));
    assert_eq!(c["ports"], json!([{"containerPort": 3000, "name": "main"}]));
    assert_eq!(
        c["readinessProbe"],
        json!({
            "failureThreshold": 3,
            "httpGet": {"path": "/", "port": 3001, "scheme": "HTTP"},
            "initialDelaySeconds": 2, "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 3
        })
    );
    assert_eq!(
        c["livenessProbe"],
        json!({
            "failureThreshold": 3,
            "httpGet": {"path": "/live", "port": 3002},
            "initialDelaySeconds": 10, "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 5
        })
    );
    let ingress = out.get("Ingress", "foo");
    let a = &ingress["metadata"]["annotations"];
    assert_eq!(a["nginx.ingress.kubernetes.io/affinity"], json!("cookie"), "sticky");
    assert_eq!(a["nginx.ingress.kubernetes.io/session-cookie-name"], json!("CONVOXSESSION"));
    assert_eq!(a["nginx.ingress.kubernetes.io/proxy-read-timeout"], json!("3600"));
    assert_eq!(a["nginx.ingress.kubernetes.io/backend-protocol"], json!("https"));
    let hosts: Vec<&Value> =
        ingress["spec"]["rules"].as_array().unwrap().iter().skip(1).map(|r| &r["host"]).collect();
    assert_eq!(hosts, [&json!("baz.example.org"), &json!("qux.example.org")]);
}

#[test]
fn full_yml_remaining_services_balancers_and_timers_render_as_expected() {
    let out = full();
    // bar: every default, no port.
    let c = out.container("Deployment", "bar");
    assert_eq!(out.get("Deployment", "bar")["spec"]["replicas"], json!(1));
    assert_eq!(c["resources"]["requests"], json!({"cpu": "250m", "memory": "512Mi"}));
    assert!(!out.has("Service", "bar") && !out.has("Ingress", "bar") && c.get("readinessProbe").is_none());
    // gpuscaler (amd, cpu/memory) and defaultgpuscaler (`gpu: 2`: nvidia, no cpu/memory).
    assert_eq!(
        out.container("Deployment", "gpuscaler")["resources"]["requests"],
        json!({"amd.com/gpu": "1", "cpu": "768m", "memory": "2048Mi"})
    );
    assert_eq!(
        out.container("Deployment", "defaultgpuscaler")["resources"]["requests"],
        json!({"nvidia.com/gpu": "2"})
    );
    // scaler: count 1-5 with cpu and memory targets.
    let hpa = out.get("HorizontalPodAutoscaler", "scaler");
    assert_eq!((&hpa["spec"]["minReplicas"], &hpa["spec"]["maxReplicas"]), (&json!(1), &json!(5)));
    let targets: Vec<(Value, Value)> = hpa["spec"]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["resource"]["name"].clone(), m["resource"]["target"]["averageUtilization"].clone()))
        .collect();
    assert_eq!(targets, [(json!("cpu"), json!(50)), (json!("memory"), json!(75))]);
    // agent: a DaemonSet with host ports.
    assert_eq!(
        out.container("DaemonSet", "agent")["ports"],
        json!([
            {"containerPort": 5000, "hostPort": 5000, "name": "port-5000", "protocol": "UDP"},
            {"containerPort": 5001, "hostPort": 5001, "name": "port-5001", "protocol": "TCP"},
            {"containerPort": 5002, "hostPort": 5002, "name": "port-5002", "protocol": "TCP"}
        ])
    );
    // secured.
    let sc = out.container("Deployment", "secured")["securityContext"].clone();
    assert_eq!((&sc["runAsUser"], &sc["seccompProfile"]["type"]), (&json!(1000), &json!("RuntimeDefault")));
    // balancers.
    let main = out.get("Service", "balancer-main");
    assert_eq!(
        main["spec"]["ports"],
        json!([
            {"name": "3000", "port": 3000, "protocol": "TCP", "targetPort": 1000},
            {"name": "3001", "port": 3001, "protocol": "TCP", "targetPort": 5000}
        ])
    );
    assert_eq!(main["spec"]["selector"]["service"], json!("api"));
    let alternate = out.get("Service", "balancer-alternate");
    assert_eq!(
        alternate["spec"]["ports"],
        json!([{"name": "4000", "port": 4000, "protocol": "TCP", "targetPort": 4001}])
    );
    assert_eq!(alternate["spec"]["loadBalancerSourceRanges"], json!(["127.0.0.0/24"]));
    assert_eq!(alternate["spec"]["selector"]["service"], json!("foo"));
    // timers: every schedule normalised to `*/1 * * * *`, on api.
    for t in ["alpha", "bravo", "charlie"] {
        let cron = out.get("CronJob", &format!("timer-{t}"));
        assert_eq!(cron["spec"]["schedule"], json!("*/1 * * * *"), "{t}");
        let template = &cron["spec"]["jobTemplate"]["spec"]["template"];
        assert_eq!(template["metadata"]["labels"]["service"], json!("api"));
        assert_eq!(template["spec"]["containers"][0]["args"], json!([format!("bin/{t}")]));
    }
    // the postgres resource.
    assert_eq!(out.container("Deployment", "resource-database")["image"], json!("postgres:10.5"));
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go: simple, clobber, invalid, env, validate

#[test]
fn simple_yml_needs_its_required_env() {
    // rack: TestManifestLoadSimple expects the error `required env: REQUIRED`; we warn with the
    // rack's wording and the remedy (deliberate: the variable may be set on the rack).
    let src = rack_testdata("simple.yml");
    let out = render(&src);
    out.assert_no_errors();
    let warnings = out.warnings();
    assert!(
        warnings.iter().any(|w| w.starts_with("required env:") && w.ends_with("convox env set REQUIRED=…")),
        "{warnings:?}"
    );

    let out = Rack::aws().env("REQUIRED", "test").render(&src);
    assert_eq!(out.analysis.diagnostics, vec![]);
    let env = out.secret("env-web");
    assert_eq!((env["DEFAULT"].as_str(), env["REQUIRED"].as_str()), ("true", "test"));
    let d = out.get("Deployment", "web");
    assert_eq!(d["spec"]["replicas"], json!(1));
    assert_eq!(d["spec"]["strategy"]["rollingUpdate"], json!({"maxSurge": "100%", "maxUnavailable": "50%"}));
    assert_eq!(
        out.container("Deployment", "web")["resources"]["requests"],
        json!({"cpu": "250m", "memory": "512Mi"})
    );
    assert_eq!(d["spec"]["template"]["spec"]["terminationGracePeriodSeconds"], json!(30));
    assert_eq!(d["spec"]["template"]["spec"]["shareProcessNamespace"], json!(true));
}

#[test]
fn release_env_is_used_not_changed() {
    // rack: TestManifestLoadClobberEnv
    let rack = Rack::aws().env("FOO", "bar").env("REQUIRED", "false");
    let out = rack.render(&rack_testdata("simple.yml"));
    out.assert_no_errors();
    let env = out.secret("env-web");
    assert_eq!((env["FOO"].as_str(), env["REQUIRED"].as_str()), ("bar", "false"));
    let given: Vec<(&str, &str)> = rack.options.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(given, [("FOO", "bar"), ("REQUIRED", "false")]);
}

#[test]
fn invalid_manifests_are_reported() {
    // rack: TestManifestLoadInvalid. full.yml without its env: the rack errors with `required
    // env: OTHERGLOBAL, SECRET`; we warn for each (deliberate, as for simple.yml).
    let out = render(&rack_testdata("full.yml"));
    out.assert_no_errors();
    let warnings = out.warnings();
    for var in ["OTHERGLOBAL", "SECRET"] {
        assert!(
            warnings.iter().any(|w| w.starts_with("required env:") && w.contains(&format!(" {var}=…"))),
            "{warnings:?}"
        );
    }
    // invalid.1.yml: not a manifest at all.
    let out = render(&rack_testdata("invalid.1.yml"));
    assert!(!out.errors().is_empty());
    assert_eq!(out.objects().count(), 0);
    // invalid.2.yml: an unknown top-level key, so no services and no error.
    let out = render(&rack_testdata("invalid.2.yml"));
    out.assert_no_errors();
    assert!(out.of_kind("Deployment").is_empty());
}

#[test]
fn env_yml_gives_each_service_its_own_default() {
    // rack: TestManifestEnvManipulation
    let out = render(&rack_testdata("env.yml"));
    out.assert_no_errors();
    assert_eq!(out.secret("env-q-train-intent")["QUEUE_NAME"], "train-intent");
    assert_eq!(out.secret("env-q-delete-intent")["QUEUE_NAME"], "delete-intent");
}

#[test]
fn validate_yml_gives_the_racks_errors_in_order() {
    // rack: TestManifestValidate (on a rack with the internal router, which the rack checks only
    // at promote)
    let out = Rack::aws().param("internal_router", "true").render(&rack_testdata("validate.yml"));
    assert_eq!(
        out.errors(),
        [
            "balancer alpha has no ports",
            "balancer alpha has blank service",
            "balancer alpha whitelist 1.1.1.1 is not a valid cidr range",
            "balancer bravo refers to unknown service nosuch",
            "resource name 1resource invalid, must contain only lowercase alphanumeric and dashes",
            "service deployment-invalid-low deployment minimum can not be less than 0",
            "service deployment-invalid-low deployment maximum can not be less than 100",
            "service deployment-invalid-high deployment minimum can not be greater than 100",
            "service deployment-invalid-high deployment maximum can not be greater than 200",
            "service internal-router-invalid can not have both internal and internalRouter set as true",
            "service name serviceF invalid, must contain only lowercase alphanumeric and dashes",
            "service serviceF references a resource that does not exist: foo",
            "timer name timer_1 invalid, must contain only lowercase alphanumeric and dashes",
            "timer timer_1 references a service that does not exist: someservice",
        ]
    );
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go TestManifestStartupProbe, TestManifestStartupProbe_NonGpuFailureThresholdUnchanged

fn startup(out: &Out, service: &str) -> Value {
    out.container("Deployment", service)["startupProbe"].clone()
}

/// (initialDelay, period, timeout, success, failure) of a probe.
fn timing(probe: &Value) -> [Value; 5] {
    ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"]
        .map(|k| probe[k].clone())
}

fn ints(v: [i64; 5]) -> [Value; 5] {
    v.map(|n| json!(n))
}

#[test]
fn startup_probes_take_their_own_values_or_the_liveness_ones() {
    let out = render(&rack_testdata("startup-probe.yml"));
    out.assert_no_errors();
    let custom = startup(&out, "web-custom");
    assert_eq!(custom["httpGet"]["path"], json!("/startup"));
    assert_eq!(timing(&custom), ints([60, 30, 10, 1, 10]));
    let liveness = out.container("Deployment", "web-custom")["livenessProbe"].clone();
    assert_eq!((&liveness["initialDelaySeconds"], &liveness["failureThreshold"]), (&json!(10), &json!(3)));
    let inherited = startup(&out, "web-inherited");
    assert_eq!(inherited["httpGet"]["path"], json!("/startup"));
    assert_eq!(timing(&inherited), ints([15, 10, 3, 1, 5]));
    let tcp = startup(&out, "web-tcp");
    assert_eq!(tcp["tcpSocket"]["port"], json!(8080));
    assert_eq!(timing(&tcp), ints([30, 5, 5, 1, 20]));
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go TestManifestStartupProbeGpu and its _FailureThreshold180LocksMinimum,
// _GraceIntervalTimeoutUnchanged, _ExplicitFailureThresholdOverrides180, _NoPortService_NoFailureThresholdSet

#[test]
fn gpu_services_get_a_tcp_startup_probe_with_cold_start_defaults() {
    let out = render(&rack_testdata("startup-probe-gpu.yml"));
    out.assert_no_errors();
    let defaults = startup(&out, "gpu-defaults");
    assert_eq!(defaults["tcpSocket"]["port"], json!(8080));
    assert_eq!(defaults.get("httpGet"), None);
    assert_eq!(timing(&defaults), ints([300, 10, 5, 1, 180]));
    let liveness = startup(&out, "gpu-with-liveness");
    assert_eq!(liveness["tcpSocket"]["port"], json!(8080));
    assert_eq!(timing(&liveness), ints([10, 5, 5, 1, 3]));
    let explicit = startup(&out, "gpu-explicit-http");
    assert_eq!(explicit["httpGet"]["path"], json!("/ready"));
    assert_eq!(explicit.get("tcpSocket"), None);
    assert_eq!((&explicit["initialDelaySeconds"], &explicit["periodSeconds"]), (&json!(45), &json!(15)));
    assert_eq!(startup(&out, "gpu-no-port"), Value::Null);
    assert_eq!(startup(&out, "cpu-no-probe"), Value::Null);
}

#[test]
fn gpu_explicit_http_startup_probe_gets_no_gpu_fallback() {
    let out = render(&rack_testdata("startup-probe-gpu.yml"));
    let explicit = startup(&out, "gpu-explicit-http");
    assert_eq!(timing(&explicit), ints([45, 15, 0, 0, 0]));
}

#[test]
fn explicit_gpu_startup_failure_threshold_wins() {
    let out = render(
        "# rack: pkg/manifest/manifest_test.go TestManifestStartupProbeGpu_ExplicitFailureThresholdOverrides180
services:
  gpu-explicit:
    build: .
    port: 8080
    startupProbe:
      failureThreshold: 60
    scale:
      gpu:
        count: 1
        vendor: nvidia
",
    );
    out.assert_no_errors();
    let probe = startup(&out, "gpu-explicit");
    assert_eq!(probe["tcpSocket"]["port"], json!(8080));
    assert_eq!(timing(&probe), ints([300, 10, 5, 1, 60]));
}

#[test]
fn keda_yml_renders_its_trigger() {
    // rack: TestManifestKeda
    let out = keda_rack().render(&rack_testdata("keda.yml"));
    out.assert_no_errors();
    let so = out.get("ScaledObject", "web");
    assert_eq!((&so["spec"]["minReplicaCount"], &so["spec"]["maxReplicaCount"]), (&json!(1), &json!(3)));
    let triggers = so["spec"]["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 1);
    assert_eq!(triggers[0]["type"], json!("aws-sqs-queue"));
    assert!(!out.has("HorizontalPodAutoscaler", "web"));
    // Without KEDA on the rack the trigger is ignored, and the template still leaves out the HPA.
    let out = render(&rack_testdata("keda.yml"));
    assert!(out.of_kind("ScaledObject").is_empty() && !out.has("HorizontalPodAutoscaler", "web"));
    assert_eq!(out.get("Deployment", "web")["spec"]["replicas"], json!(1));
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go TestLoadPortDeduplication* and TestLoadPortNoDeduplication*

/// `(containerPort, name, protocol)` of a container port.
type Port = (i64, String, String);

/// The container ports of a Deployment.
fn container_ports(out: &Out, service: &str) -> Vec<Port> {
    let c = out.container("Deployment", service);
    c["ports"]
        .as_array()
        .map(|ports| {
            ports
                .iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
                    (p["containerPort"].as_i64().unwrap(), s("name"), s("protocol"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn port(n: i64, name: &str, protocol: &str) -> Port {
    (n, name.to_string(), protocol.to_string())
}

#[test]
fn a_ports_entry_repeating_the_main_port_is_dropped() {
    let cases: [(&str, &str, Vec<Port>); 8] = [
        (
            "TestLoadPortDeduplication",
            "    port: 4001\n    ports:\n      - 4001\n",
            vec![port(4001, "main", "")],
        ),
        (
            "TestLoadPortDeduplicationDifferentPorts",
            "    port: 4001\n    ports:\n      - 8080\n",
            vec![port(4001, "main", ""), port(8080, "port-8080", "TCP")],
        ),
        (
            "TestLoadPortDeduplicationDifferentProtocol",
            "    port: 4001\n    ports:\n      - 4001/udp\n",
            vec![port(4001, "main", ""), port(4001, "port-4001", "UDP")],
        ),
        (
            "TestLoadPortDeduplicationPartial",
            "    port: 4001\n    ports:\n      - 4001\n      - 8080\n",
            vec![port(4001, "main", ""), port(8080, "port-8080", "TCP")],
        ),
        (
            "TestLoadPortDeduplicationWithScheme",
            "    port: https:4001\n    ports:\n      - 4001\n",
            vec![port(4001, "main", "")],
        ),
        ("TestLoadPortNoDeduplicationPortOnly", "    port: 4001\n", vec![port(4001, "main", "")]),
        (
            "TestLoadPortNoDeduplicationPortsOnly",
            "    ports:\n      - 4001\n",
            vec![port(4001, "port-4001", "TCP")],
        ),
        (
            "TestLoadPortDeduplicationEmptyProtocol",
            "    port: 4001\n    ports:\n      - \"4001\"\n",
            vec![port(4001, "main", "")],
        ),
    ];
    for (test, body, want) in cases {
        let out = render(&format!("# rack: pkg/manifest/manifest_test.go {test}\nservices:\n  web:\n{body}"));
        out.assert_no_errors();
        assert_eq!(container_ports(&out, "web"), want, "{test}");
    }
    let out = render(
        "# rack: pkg/manifest/manifest_test.go TestLoadPortDeduplicationMultiService
services:
  api:
    port: 3000
    ports: [3000, 8080]
  worker:
    ports: [9090]
",
    );
    assert_eq!(container_ports(&out, "api"), [port(3000, "main", ""), port(8080, "port-8080", "TCP")]);
    assert_eq!(container_ports(&out, "worker"), [port(9090, "port-9090", "TCP")]);
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/manifest_test.go TestVolumeAzureFilesValidate, TestVolumeOptionAzureFilesValidate

#[test]
fn azure_files_volumes_are_validated_with_the_racks_messages() {
    let cases = [
        ("id: models\n          accessMode: ReadWriteMany\n          mountPath: /mnt/data", None),
        ("accessMode: ReadWriteMany\n          mountPath: /mnt/data", Some("azureFiles.id is required")),
        (
            "id: \"My Volume/data\"\n          accessMode: ReadWriteMany\n          mountPath: /mnt/data",
            Some("azureFiles.id must match ^[a-z][a-z0-9-]*$"),
        ),
        ("id: models\n          accessMode: ReadWriteMany", Some("azureFiles.mountPath is required")),
        (
            "id: models\n          accessMode: Invalid\n          mountPath: /mnt/data",
            Some("azureFiles.accessMode must be one of these values: ReadOnlyMany, ReadWriteMany, ReadWriteOnce"),
        ),
        ("id: models\n          accessMode: ReadWriteMany\n          mountPath: /mnt/data\n          shareSize: 200Gi", None),
        (
            "id: models\n          accessMode: ReadWriteMany\n          mountPath: /mnt/data\n          shareSize: banana",
            Some("azureFiles.shareSize is invalid: banana"),
        ),
        (
            "id: models\n          accessMode: ReadWriteMany\n          mountPath: /mnt/data\n          shareSize: 1Gi",
            Some("azureFiles.shareSize must be at least 100Gi (Azure Premium NFS minimum)"),
        ),
    ];
    let rack = Rack::on(Provider::Azure).param("azure_files_enable", "true");
    for (volume, error) in cases {
        let out = rack.render(&format!(
            "# rack: pkg/manifest/manifest_test.go TestVolumeAzureFilesValidate\n\
             services:\n  web:\n    build: .\n    volumeOptions:\n      - azureFiles:\n          {volume}\n"
        ));
        let errors = out.errors();
        match error {
            None => assert_eq!(errors, Vec::<String>::new(), "{volume}"),
            // The rack's message first; a missing id also leaves object names we report invalid.
            Some(e) => assert_eq!(errors.first().map(String::as_str), Some(e), "{volume}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/autoscale_test.go

fn scaled_object(out: &Out, name: &str) -> Value {
    out.get("ScaledObject", name)["spec"].clone()
}

#[test]
fn autoscale_is_enabled_by_any_trigger_and_needs_prometheus_only_for_gpu_and_queue() {
    // rack: TestAutoscaleIsEnabled, TestAutoscaleNeedsPrometheus (a KEDA rack without a Prometheus)
    let out = Rack::aws().param("keda_enable", "true").render(
        "# rack: pkg/manifest/autoscale_test.go TestAutoscaleIsEnabled, TestAutoscaleNeedsPrometheus
services:
  empty:
    build: .
    scale: {min: 1, max: 5, autoscale: {}}
  cpu:
    build: .
    scale: {min: 1, max: 5, autoscale: {cpu: {threshold: 70}}}
  custom:
    build: .
    scale:
      min: 1
      max: 5
      autoscale:
        custom:
          - {type: cron, name: nightly, metadata: {timezone: UTC, start: \"0 1 * * *\", end: \"0 2 * * *\", desiredReplicas: \"2\"}}
  gpu:
    build: .
    scale: {min: 1, max: 5, gpu: 1, autoscale: {gpuUtilization: {threshold: 80}}}
  gpu-url:
    build: .
    scale: {min: 1, max: 5, gpu: 1, autoscale: {gpuUtilization: {threshold: 80, prometheusUrl: \"http://prom:9090\"}}}
  queue:
    build: .
    scale: {min: 1, max: 5, autoscale: {queueDepth: {threshold: 5}}}
",
    );
    out.assert_no_errors();
    assert!(
        !out.has("ScaledObject", "empty") && out.has("HorizontalPodAutoscaler", "empty"),
        "zero value: not enabled"
    );
    assert!(out.has("ScaledObject", "cpu") && out.has("ScaledObject", "custom"));
    assert!(!out.has("ScaledObject", "gpu") && !out.has("ScaledObject", "queue"), "they need a Prometheus");
    assert_eq!(
        scaled_object(&out, "gpu-url")["triggers"][0]["metadata"]["serverAddress"],
        json!("http://prom:9090")
    );
}

#[test]
fn autoscale_fixtures_render_their_counts_and_triggers() {
    // rack: TestScaleMinMaxYaml_GpuUtilization, _QueueDepth, _MinZeroNoAutoscale, _Combined;
    // TestAutoscaleMode_CollapsedStruct_ParsesIdentically; TestAutoscaleMode_AllFixturesStillParse
    let gpu = keda_rack().render(&rack_testdata("autoscale-gpu.yml"));
    gpu.assert_no_errors();
    let so = scaled_object(&gpu, "vllm");
    assert_eq!((&so["minReplicaCount"], &so["maxReplicaCount"]), (&json!(0), &json!(10)));
    assert_eq!(so["triggers"][0]["metadata"]["threshold"], json!("70"));
    assert_eq!(so["triggers"].as_array().unwrap().len(), 1);

    let queue = keda_rack().render(&rack_testdata("autoscale-queue.yml"));
    queue.assert_no_errors();
    let so = scaled_object(&queue, "worker");
    assert_eq!((&so["minReplicaCount"], &so["maxReplicaCount"]), (&json!(0), &json!(5)));
    assert_eq!(so["triggers"][0]["name"], json!("convox-queue-depth"));
    assert_eq!(so["triggers"][0]["metadata"]["threshold"], json!("5"));
    assert_eq!(so["triggers"][0]["metadata"]["metricName"], json!("vllm:num_requests_waiting"));

    let zero = keda_rack().render(&rack_testdata("autoscale-min-zero.yml"));
    zero.assert_no_errors();
    assert_eq!(zero.get("Deployment", "idle")["spec"]["replicas"], json!(0));
    assert!(zero.of_kind("ScaledObject").is_empty() && zero.of_kind("HorizontalPodAutoscaler").is_empty());

    let combined = keda_rack().render(&rack_testdata("autoscale-combined.yml"));
    combined.assert_no_errors();
    let so = scaled_object(&combined, "inference");
    assert_eq!((&so["minReplicaCount"], &so["maxReplicaCount"]), (&json!(1), &json!(8)));
    assert_eq!((&so["cooldownPeriod"], &so["pollingInterval"]), (&json!(300), &json!(15)));
    let triggers: Vec<(Value, Value)> = so["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].clone(),
                t["metadata"].get("threshold").or(t["metadata"].get("value")).cloned().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        triggers,
        [
            (json!("convox-cpu"), json!("70")),
            (json!("convox-gpu-utilization"), json!("75")),
            (json!("convox-queue-depth"), json!("3"))
        ]
    );
}

#[test]
fn scale_min_and_max_resolve_the_count() {
    // rack: TestScaleMinMaxCountResolution, TestYamlParseMinMaxAllowsInt64
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestScaleMinMaxCountResolution, TestYamlParseMinMaxAllowsInt64
services:
  autoscale-only:
    build: .
    port: 3000
    scale: {gpu: {count: 1}, autoscale: {gpuUtilization: {threshold: 70}}}
  min-only:
    build: .
    port: 3000
    scale: {min: 3}
  min-and-autoscale:
    build: .
    port: 3000
    scale: {min: 2, autoscale: {cpu: {threshold: 80}, queueDepth: {threshold: 3}}}
  max-only:
    build: .
    port: 3000
    scale: {max: 4}
  zero-to-ten:
    build: .
    port: 3000
    scale: {min: 0, max: 10, autoscale: {queueDepth: {threshold: 5}}}
",
    );
    out.assert_no_errors();
    for (name, min, max) in [("autoscale-only", 0, 10), ("min-and-autoscale", 2, 10), ("zero-to-ten", 0, 10)]
    {
        let so = scaled_object(&out, name);
        assert_eq!((&so["minReplicaCount"], &so["maxReplicaCount"]), (&json!(min), &json!(max)), "{name}");
        assert_eq!(out.get("Deployment", name)["spec"]["replicas"], json!(min), "{name}");
    }
    for (name, count) in [("min-only", 3), ("max-only", 4)] {
        assert_eq!(out.get("Deployment", name)["spec"]["replicas"], json!(count), "{name}");
        assert!(
            !out.has("HorizontalPodAutoscaler", name) && !out.has("ScaledObject", name),
            "{name}: min = max"
        );
    }
}

#[test]
fn build_triggers_have_the_racks_shapes_and_order() {
    // rack: TestBuildTriggers_Shapes
    let out = keda_rack().app("myapp").render(
        "# rack: pkg/manifest/autoscale_test.go TestBuildTriggers_Shapes
services:
  mysvc:
    build: .
    port: 8000
    scale:
      min: 1
      max: 6
      gpu: 1
      autoscale:
        cpu: {threshold: 70}
        memory: {threshold: 80}
        gpuUtilization: {threshold: 75}
        queueDepth: {threshold: 4}
",
    );
    out.assert_no_errors();
    let so = scaled_object(&out, "mysvc");
    let t = so["triggers"].as_array().unwrap();
    assert_eq!(t.len(), 4);
    assert_eq!(
        (&t[0]["type"], &t[0]["name"], &t[0]["metadata"]["value"]),
        (&json!("cpu"), &json!("convox-cpu"), &json!("70"))
    );
    assert_eq!((&t[1]["type"], &t[1]["name"]), (&json!("memory"), &json!("convox-memory")));
    assert_eq!((&t[2]["type"], &t[2]["name"]), (&json!("prometheus"), &json!("convox-gpu-utilization")));
    let gpu = &t[2]["metadata"];
    assert_eq!(gpu["threshold"], json!("75"));
    assert_eq!(gpu["metricName"], json!("DCGM_FI_DEV_GPU_UTIL"));
    assert_eq!(gpu["query"], json!("max(DCGM_FI_DEV_GPU_UTIL{app=\"myapp\",service=\"mysvc\"})"));
    assert_eq!(gpu["activationThreshold"], json!("37.5"));
    assert_eq!(gpu["serverAddress"], json!("http://prom/"));
    assert_eq!((&t[3]["type"], &t[3]["name"]), (&json!("prometheus"), &json!("convox-queue-depth")));
    assert_eq!(
        (&t[3]["metadata"]["threshold"], &t[3]["metadata"]["activationThreshold"]),
        (&json!("4"), &json!("2"))
    );
}

#[test]
fn activation_threshold_is_at_least_one_and_custom_triggers_pass_through() {
    // rack: TestBuildTriggers_ActivationThresholdFloorOne, TestBuildTriggers_CustomPassthrough
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestBuildTriggers_ActivationThresholdFloorOne, TestBuildTriggers_CustomPassthrough
services:
  floor:
    build: .
    scale: {min: 0, max: 3, autoscale: {queueDepth: {threshold: 1}}}
  custom:
    build: .
    scale:
      min: 1
      max: 3
      autoscale:
        custom:
          - {type: cron, name: after-hours, metadata: {timezone: UTC, start: \"0 18 * * *\", end: \"0 8 * * *\", desiredReplicas: \"2\"}}
",
    );
    out.assert_no_errors();
    assert_eq!(scaled_object(&out, "floor")["triggers"][0]["metadata"]["activationThreshold"], json!("1"));
    let t = scaled_object(&out, "custom")["triggers"].clone();
    assert_eq!(t.as_array().unwrap().len(), 1);
    assert_eq!((&t[0]["type"], &t[0]["name"]), (&json!("cron"), &json!("after-hours")));
}

#[test]
fn fixtures_without_autoscale_get_no_autoscale_triggers() {
    // rack: TestBackwardCompatExistingFixtures
    let rack = keda_rack().env("REQUIRED", "x").env("OTHERGLOBAL", "y").env("SECRET", "z");
    for name in ["simple.yml", "full.yml", "keda.yml", "startup-probe.yml", "startup-probe-gpu.yml"] {
        let out = rack.render(&rack_testdata(name));
        out.assert_no_errors();
        for so in out.of_kind("ScaledObject") {
            let triggers = so["spec"]["triggers"].to_string();
            assert!(!triggers.contains("\"convox-"), "{name}: {triggers}");
        }
    }
}

#[test]
fn keda_without_triggers_renders_no_scaled_object() {
    // rack: TestKedaScaledObject_NilTriggersReturnsNil
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestKedaScaledObject_NilTriggersReturnsNil
services:
  svc:
    build: .
    scale:
      count: 1-10
      keda:
        triggers: []
",
    );
    out.assert_no_errors();
    assert!(out.of_kind("ScaledObject").is_empty());
    assert!(out.has("HorizontalPodAutoscaler", "svc"));
}

#[test]
fn scaled_object_names_targets_and_counts_the_service() {
    // rack: TestKedaScaledObject_FromParamsTriggers
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestKedaScaledObject_FromParamsTriggers
services:
  svc:
    build: .
    scale: {min: 0, max: 5, autoscale: {queueDepth: {threshold: 5}}}
",
    );
    out.assert_no_errors();
    let so = out.get("ScaledObject", "svc");
    assert_eq!((&so["kind"], &so["apiVersion"]), (&json!("ScaledObject"), &json!("keda.sh/v1alpha1")));
    assert_eq!(
        (&so["metadata"]["name"], &so["metadata"]["namespace"]),
        (&json!("svc"), &json!("my-rack-my-app"))
    );
    assert_eq!((&so["spec"]["minReplicaCount"], &so["spec"]["maxReplicaCount"]), (&json!(0), &json!(5)));
    let t = so["spec"]["triggers"].as_array().unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!((&t[0]["name"], &t[0]["metadata"]["threshold"]), (&json!("convox-queue-depth"), &json!("5")));
    assert_eq!(t[0].get("authenticationRef"), None, "a prometheus trigger is no AWS trigger");
}

/// Each case: a `scale:` block and the text its error must contain (the rack's `Validate`).
const AUTOSCALE_ERRORS: &[(&str, &str, &str)] = &[
    (
        "TestValidateScaleMinZeroCpuOnly",
        "{min: 0, max: 5, autoscale: {cpu: {threshold: 70}}}",
        "scale.min: 0 combined with only always-active autoscale triggers",
    ),
    (
        "TestValidateReservedTriggerName",
        "{min: 0, max: 5, autoscale: {custom: [{type: cron, name: convox-my-cron, metadata: {timezone: UTC, start: '0 9 * * 1-5', end: '0 17 * * 1-5', desiredReplicas: '1'}}]}}",
        "uses reserved prefix 'convox-'",
    ),
    (
        "TestValidateAutoscaleBounds/cpu threshold above 100",
        "{min: 1, max: 5, autoscale: {cpu: {threshold: 150}}}",
        "scale.autoscale.cpu.threshold must be between 1 and 100",
    ),
    (
        "TestValidateAutoscaleBounds/gpu threshold above 100",
        "{min: 0, max: 5, gpu: {count: 1}, autoscale: {gpuUtilization: {threshold: 120}}}",
        "scale.autoscale.gpuUtilization.threshold must be > 0 and <= 100",
    ),
    (
        "TestValidateAutoscaleBounds/queue threshold zero",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 0}}}",
        "scale.autoscale.queueDepth.threshold must be > 0",
    ),
    (
        "TestValidateAutoscaleBounds/gpu util requires gpu count",
        "{min: 0, max: 5, autoscale: {gpuUtilization: {threshold: 70}}}",
        "scale.autoscale.gpuUtilization requires scale.gpu.count >= 1",
    ),
    ("TestValidateAutoscaleBounds/negative scale.min", "{min: -1, max: 3}", "scale.min must be >= 0"),
    ("TestValidateAutoscaleBounds/max less than min", "{min: 5, max: 3}", "scale.max must be >= scale.min"),
    (
        "TestValidateRejectsNaNThreshold",
        "{min: 1, max: 5, autoscale: {cpu: {threshold: .nan}}}",
        "scale.autoscale.cpu.threshold must be between 1 and 100",
    ),
    (
        "TestValidateRejectsMaxEqualsMinWithAutoscale",
        "{min: 3, max: 3, autoscale: {queueDepth: {threshold: 5}}}",
        "scale.max must be > scale.min when autoscale is enabled",
    ),
    ("TestValidateRejectsNegativeMax", "{max: -1}", "scale.max must be >= 0"),
    ("TestValidateRejectsNegativeCountForm/bare int negative", "-2", "scale.min must be >= 0"),
    ("TestValidateRejectsNegativeCountForm/count map negative min", "{count: {min: -2, max: 5}}", "scale.min must be >= 0"),
    (
        "TestValidateRejectsCronOnlyAtZero",
        "{min: 0, max: 5, autoscale: {custom: [{type: cron, name: business-hours, metadata: {timezone: UTC, start: '0 9 * * 1-5', end: '0 17 * * 1-5', desiredReplicas: '1'}}]}}",
        "always-active autoscale triggers",
    ),
    (
        "TestValidateReservedPrefixCaseInsensitive",
        "{min: 0, max: 5, autoscale: {custom: [{type: cron, name: ok, metadata: {timezone: UTC, start: '* * * * *', end: '* * * * *', desiredReplicas: '1'}}, {type: cron, name: Convox-collision, metadata: {timezone: UTC, start: '* * * * *', end: '* * * * *', desiredReplicas: '1'}}]}}",
        "custom[1]",
    ),
    (
        "TestValidateRejectsClusterTriggerAuthentication",
        "{min: 1, max: 5, autoscale: {custom: [{type: prometheus, name: mine, metadata: {serverAddress: 'http://x/', metricName: y, threshold: '1', query: up}, authenticationRef: {name: tenant-cta, kind: ClusterTriggerAuthentication}}]}}",
        "ClusterTriggerAuthentication is not permitted",
    ),
    (
        "TestValidateCatchesMaxEqualsMinInCountForm",
        "{count: 2-2, autoscale: {queueDepth: {threshold: 3}}}",
        "scale.max must be > scale.min when autoscale is enabled",
    ),
    (
        "TestValidateRejectsUnicodeCustomName",
        "{min: 1, max: 3, autoscale: {custom: [{type: prometheus, name: \"Сonvox-cpu\", metadata: {serverAddress: 'http://x/', metricName: m, threshold: '1', query: up}}]}}",
        "custom[0].name",
    ),
    (
        "TestValidateRejectsUnicodeCustomName",
        "{min: 1, max: 3, autoscale: {custom: [{type: prometheus, name: \"Сonvox-cpu\", metadata: {serverAddress: 'http://x/', metricName: m, threshold: '1', query: up}}]}}",
        "must contain only lowercase alphanumeric",
    ),
    (
        "TestParseAutoscaleManifest_InvalidThreshold_Returns422",
        "{min: 0, max: 5, gpu: {count: 1}, autoscale: {gpuUtilization: {threshold: 150}}}",
        "scale.autoscale.gpuUtilization.threshold must be > 0 and <= 100",
    ),
];

#[test]
fn autoscale_validation_uses_the_racks_messages() {
    assert_autoscale_errors(AUTOSCALE_ERRORS);
}

/// Rack `Validate` errors we do not report (see the ignored tests below).
const PROMETHEUS_SETTING_ERRORS: &[(&str, &str, &str)] = &[
    (
        "TestValidateAutoscaleBounds/invalid prometheus URL",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, prometheusUrl: '://bad'}}}",
        "scale.autoscale.queueDepth.prometheusUrl is not a valid URL",
    ),
    (
        "TestValidateAutoscaleBounds/invalid metric name",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, metricName: 1-bad-name}}}",
        "metricName",
    ),
    (
        "TestValidateRejectsPrometheusURLScheme/file scheme",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, prometheusUrl: 'file:///etc/passwd'}}}",
        "must use http or https scheme",
    ),
    (
        "TestValidateRejectsPrometheusURLScheme/empty host",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, prometheusUrl: 'http:///foo'}}}",
        "must include a host",
    ),
    (
        "TestValidateRejectsPrometheusURLScheme/javascript scheme",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, prometheusUrl: 'javascript:alert(1)'}}}",
        "must use http or https scheme",
    ),
    (
        "TestValidateRejectsPrometheusURLScheme/ftp scheme",
        "{min: 0, max: 5, autoscale: {queueDepth: {threshold: 3, prometheusUrl: 'ftp://example.com/foo'}}}",
        "must use http or https scheme",
    ),
];

fn assert_autoscale_errors(cases: &[(&str, &str, &str)]) {
    for (test, scale, want) in cases {
        let out = render(&format!(
            "# rack: pkg/manifest/autoscale_test.go {test}\nservices:\n  svc:\n    build: .\n    scale: {scale}\n"
        ));
        let errors = out.errors();
        assert!(errors.iter().any(|e| e.contains(want)), "{test}: want {want:?} in {errors:#?}");
    }
}

#[test]
fn prometheus_urls_and_metric_names_are_validated() {
    assert_autoscale_errors(PROMETHEUS_SETTING_ERRORS);
}

#[test]
fn reserved_trigger_prefix_is_checked_case_insensitively() {
    assert_autoscale_errors(&[
    (
        "TestValidateReservedPrefixCaseInsensitive",
        "{min: 0, max: 5, autoscale: {custom: [{type: cron, name: ok, metadata: {timezone: UTC, start: '* * * * *', end: '* * * * *', desiredReplicas: '1'}}, {type: cron, name: Convox-collision, metadata: {timezone: UTC, start: '* * * * *', end: '* * * * *', desiredReplicas: '1'}}]}}",
        "reserved prefix 'convox-'",
    ),
    ]);
}

#[test]
fn valid_autoscale_manifests_pass() {
    // rack: TestValidateScaleMinZeroCpuPlusQueueOk, TestParseAutoscaleManifest_CamelCaseFields_Succeeds,
    // TestValidateNonAgentAutoscaleNoWarning, TestValidateAgentWithoutAutoscaleSilent
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestValidateScaleMinZeroCpuPlusQueueOk, TestParseAutoscaleManifest_CamelCaseFields_Succeeds
services:
  zero-ok:
    build: .
    port: 3000
    scale: {min: 0, max: 5, autoscale: {cpu: {threshold: 70}, queueDepth: {threshold: 3}}}
  camel:
    build: .
    port: 8000
    scale:
      min: 1
      max: 8
      gpu: {count: 1, vendor: nvidia}
      autoscale:
        cpu: {threshold: 70}
        gpuUtilization: {threshold: 75, metricName: DCGM_FI_DEV_GPU_UTIL, prometheusUrl: \"http://prom:9090\"}
        queueDepth: {threshold: 3, metricName: \"vllm:num_requests_waiting\", prometheusUrl: \"http://prom:9090\"}
        cooldownPeriod: 300
        pollingInterval: 15
  api:
    build: .
    scale: {min: 1, max: 5, autoscale: {queueDepth: {threshold: 3}}}
  quiet-agent:
    build: .
    agent: true
",
    );
    out.assert_no_errors();
    assert!(!out.warnings().iter().any(|w| w.contains("agent runs as DaemonSet")), "{:?}", out.warnings());
    let so = scaled_object(&out, "camel");
    assert_eq!((&so["cooldownPeriod"], &so["pollingInterval"]), (&json!(300), &json!(15)));
    let t = so["triggers"].as_array().unwrap();
    assert_eq!(t[1]["metadata"]["serverAddress"], json!("http://prom:9090"));
    assert_eq!(t[2]["metadata"]["metricName"], json!("vllm:num_requests_waiting"));
    assert!(out.has("ScaledObject", "zero-ok"));
}

#[test]
fn snake_case_autoscale_keys_bind_nothing() {
    // rack: TestParseAutoscaleManifest_SnakeCaseFields_RejectsWithError: `gpu_utilization` is
    // not `gpuUtilization`, so autoscale is not enabled and no ScaledObject renders.
    let out = keda_rack().render(
        "# rack: pkg/manifest/autoscale_test.go TestParseAutoscaleManifest_SnakeCaseFields_RejectsWithError
services:
  svc:
    build: .
    scale: {min: 0, max: 5, gpu: {count: 1}, autoscale: {gpu_utilization: {threshold: 70}}}
",
    );
    // The rack's HPA then has minReplicas 0, which the API server refuses: our only error.
    assert!(!out.errors().iter().any(|e| e.contains("autoscale")), "{:?}", out.errors());
    assert!(out.of_kind("ScaledObject").is_empty());
}

#[test]
fn agents_with_autoscale_or_keda_warn_once_each() {
    // rack: TestValidateWarnsAgentAutoscale, TestValidateWarnsAgentKeda,
    // TestValidateWarnsAgentAutoscaleAndKedaOnce, TestValidateMultiServiceMixWarnsPerOffender,
    // TestValidateWarnsAgentLegacyScaleCount
    let out = render(
        "# rack: pkg/manifest/autoscale_test.go TestValidateMultiServiceMixWarnsPerOffender (and the agent warning tests)
services:
  api:
    build: .
    scale: {min: 1, max: 5, autoscale: {queueDepth: {threshold: 3}}}
  collector:
    build: .
    agent: true
    scale: {min: 0, max: 5, autoscale: {queueDepth: {threshold: 3}}}
  shipper:
    build: .
    agent: true
    scale:
      keda:
        triggers:
          - {type: aws-sqs-queue, metadata: {queueURL: \"http://x/\", queueLength: \"1\", awsRegion: us-east-1}}
  both:
    build: .
    agent: true
    scale:
      min: 0
      max: 5
      autoscale: {queueDepth: {threshold: 3}}
      keda:
        triggers:
          - {type: aws-sqs-queue, metadata: {queueURL: \"http://x/\", queueLength: \"1\", awsRegion: us-east-1}}
  legacy:
    build: .
    agent: true
    scale: {count: 1-5, autoscale: {queueDepth: {threshold: 3}}}
  worker:
    build: .
    agent: true
",
    );
    out.assert_no_errors();
    let agent_warnings: Vec<String> =
        out.warnings().into_iter().filter(|w| w.contains("agent runs as DaemonSet")).collect();
    let named = |s: &str| agent_warnings.iter().filter(|w| w.contains(&format!("\"{s}\""))).count();
    assert_eq!(agent_warnings.len(), 4, "{agent_warnings:#?}");
    for s in ["collector", "shipper", "both", "legacy"] {
        assert_eq!(named(s), 1, "{s}");
    }
    assert_eq!(named("api") + named("worker"), 0);
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/vpa_test.go TestVPAValidate

fn vpa(update: &str) -> Out {
    Rack::aws().param("vpa_enable", "true").render(&format!(
        "# rack: pkg/manifest/vpa_test.go TestVPAValidate\nservices:\n  web:\n    build: .\n    scale:\n      vpa: {update}\n"
    ))
}

#[test]
fn vpa_update_modes_and_single_resource_switches_render() {
    for mode in ["Off", "Initial", "Recreate"] {
        let out = vpa(&format!("{{updateMode: {mode}}}"));
        out.assert_no_errors();
        assert_eq!(
            out.get("VerticalPodAutoscaler", "web")["spec"]["updatePolicy"]["updateMode"],
            json!(mode)
        );
    }
    for (switches, controlled) in
        [("cpuOnly: true, memOnly: false", "cpu"), ("cpuOnly: false, memOnly: true", "memory")]
    {
        let out = vpa(&format!("{{updateMode: Off, {switches}}}"));
        out.assert_no_errors();
        let policy =
            &out.get("VerticalPodAutoscaler", "web")["spec"]["resourcePolicy"]["containerPolicies"][0];
        assert_eq!(policy["controlledResources"], json!([controlled]), "{switches}");
    }
}

#[test]
fn invalid_vpa_settings_are_errors() {
    for (update, want) in [
        ("{}", "vpa.updateMode is required"),
        ("{updateMode: Invalid}", "vpa.updateMode must be one of these values: Off, Initial, Recreate"),
        (
            "{updateMode: Off, cpuOnly: true, memOnly: true}",
            "vpa.cpuOnly and vpa.memOnly cannot both be true",
        ),
    ] {
        let errors = vpa(update).errors();
        assert!(errors.iter().any(|e| e.contains(want)), "{update}: {errors:?}");
    }
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/security_context_test.go

fn secured(security_context: &str) -> Out {
    render(&format!(
        "# rack: pkg/manifest/security_context_test.go\nservices:\n  web:\n    build: .\n    securityContext: {security_context}\n"
    ))
}

#[test]
fn security_context_validation_uses_the_racks_messages() {
    // rack: TestServiceSecurityContextValidate
    for ok in [
        "{}",
        "{seccompProfile: RuntimeDefault}",
        "{seccompProfile: Unconfined}",
        "{capabilities: {add: [NET_BIND_SERVICE, SYS_PTRACE], drop: [ALL]}}",
        "{runAsNonRoot: true, runAsUser: 1000}",
        "{runAsNonRoot: false, runAsUser: 0}",
    ] {
        assert_eq!(secured(ok).errors(), Vec::<String>::new(), "{ok}");
    }
    for (bad, want) in [
        ("{seccompProfile: Localhost}", "Localhost is not supported"),
        ("{seccompProfile: Runitme}", "allowed: RuntimeDefault, Unconfined"),
        ("{capabilities: {add: [CAP_NET_BIND_SERVICE]}}", "use \"NET_BIND_SERVICE\""),
        ("{capabilities: {drop: [all]}}", "\"all\""),
        ("{runAsNonRoot: true, runAsUser: 0}", "runAsNonRoot=true is incompatible with runAsUser=0"),
    ] {
        let errors = secured(bad).errors();
        assert!(errors.iter().any(|e| e.contains(want)), "{bad}: {errors:?}");
    }
}

#[test]
fn only_configured_security_contexts_render() {
    // rack: TestServiceSecurityContextCapabilitiesHasCapabilities, TestServiceSecurityContextHasSecurityContext
    let rendered = |sc: &str| secured(sc).container("Deployment", "web").get("securityContext").cloned();
    assert_eq!(rendered("{}"), None);
    assert_eq!(rendered("{capabilities: {}}"), None);
    assert_eq!(rendered("{capabilities: {add: [], drop: []}}"), None);
    assert_eq!(
        rendered("{capabilities: {add: [NET_BIND_SERVICE]}}"),
        Some(json!({"capabilities": {"add": ["NET_BIND_SERVICE"]}}))
    );
    assert_eq!(rendered("{capabilities: {drop: [ALL]}}"), Some(json!({"capabilities": {"drop": ["ALL"]}})));
    assert_eq!(
        rendered("{seccompProfile: RuntimeDefault}"),
        Some(json!({"seccompProfile": {"type": "RuntimeDefault"}}))
    );
    assert_eq!(rendered("{runAsNonRoot: false}"), Some(json!({"runAsNonRoot": false})));
}

// ---------------------------------------------------------------------------------------
// pkg/manifest/service_test.go

fn pulls(entries: &str) -> Out {
    pull_rack().env("E", "x").env("NGC_API_KEY", "k").render(&format!(
        "# rack: pkg/manifest/service_test.go TestServiceImagePullSecretValidate\n\
         services:\n  nim:\n    image: nvcr.io/foo:latest\n    imagePullSecrets:\n{entries}"
    ))
}

#[test]
fn image_pull_secret_entries_are_validated_with_the_racks_messages() {
    // rack: TestServiceImagePullSecretValidate
    let cases = [
        ("{registry: nvcr.io, username: $oauthtoken, passwordEnv: NGC_API_KEY}", None),
        ("{registry: quay.io, username: robot, password: s3cret}", None),
        ("{registry: \"harbor.corp:5000\", username: u, password: p}", None),
        (
            "{registry: nvcr.io, username: u, password: p, passwordEnv: E}",
            Some("use passwordEnv to reference an env var, OR password for a literal value, not both"),
        ),
        ("{registry: nvcr.io, username: u}", Some("password or passwordEnv is required")),
        ("{registry: NVCR.IO, username: u, password: p}", Some("must be lowercase")),
        ("{registry: \"http://nvcr.io\", username: u, password: p}", Some("must not include a scheme")),
        ("{registry: \"https://nvcr.io\", username: u, password: p}", Some("must not include a scheme")),
        ("{registry: nvcr.io/nim, username: u, password: p}", Some("must not include a path")),
        ("{registry: bad..registry, username: u, password: p}", Some("is not a valid registry hostname")),
        ("{registry: nvcr.io, password: p}", Some("username is required")),
        ("{username: u, password: p}", Some("registry is required")),
    ];
    for (entry, want) in cases {
        let errors = pulls(&format!("      - {entry}\n")).errors();
        match want {
            None => assert_eq!(errors, Vec::<String>::new(), "{entry}"),
            Some(want) => {
                // rack: TestManifestValidateImagePullSecretsHookSurfacesErrors: prefixed with the service
                // and the index.
                let hit = |e: &String| e.starts_with("service nim imagePullSecrets[0]: ") && e.contains(want);
                assert!(errors.iter().any(hit), "{entry}: {errors:?}");
            }
        }
    }
}

#[test]
fn a_registry_may_be_declared_once_per_service() {
    // rack: TestServiceImagePullSecretsDuplicateRegistryRejected, TestManifestValidateImagePullSecretsMultipleServicesIsolated
    let errors = pulls("      - {registry: nvcr.io, username: a, password: p1}\n      - {registry: nvcr.io, username: b, password: p2}\n").errors();
    assert!(errors.iter().any(|e| e.contains("duplicate") && e.contains("nvcr.io")), "{errors:?}");
    let out = render(
        "# rack: pkg/manifest/service_test.go TestManifestValidateImagePullSecretsMultipleServicesIsolated
services:
  a:
    image: nvcr.io/foo:latest
    imagePullSecrets: [{registry: nvcr.io, username: u, password: p}]
  b:
    image: nvcr.io/bar:latest
    imagePullSecrets: [{registry: nvcr.io, username: u, password: p}]
",
    );
    out.assert_no_errors();
    assert!(
        out.has("Secret", "convox-my-app-a-pull-nvcr-io")
            && out.has("Secret", "convox-my-app-b-pull-nvcr-io")
    );
}

#[test]
fn image_pull_secrets_load_with_literal_and_env_passwords() {
    // rack: TestManifestLoadImagePullSecrets, TestServiceImagePullSecretLiteralPasswordParsesFromYAML
    let out = pulls(
        "      - {registry: nvcr.io, username: $oauthtoken, passwordEnv: NGC_API_KEY}\n      - {registry: quay.io, username: robot, password: literal}\n",
    );
    out.assert_no_errors();
    assert_eq!(docker_auths(&out, "convox-myai-nim-pull-nvcr-io")["nvcr.io"], "$oauthtoken:k");
    assert_eq!(docker_auths(&out, "convox-myai-nim-pull-quay-io")["quay.io"], "robot:literal");
}

#[test]
fn registry_hostnames_are_checked() {
    // rack: TestServiceImagePullSecretRegistryEdgeCases
    for bad in [
        "-example.com",
        "example-.com",
        ".example.com",
        "example.com.",
        "foo_bar.io",
        "a..b.io",
        "example com",
    ] {
        let errors = pulls(&format!("      - {{registry: \"{bad}\", username: u, password: p}}\n")).errors();
        assert!(!errors.is_empty(), "{bad:?} passed");
    }
    for good in [
        "nvcr.io",
        "quay.io",
        "ghcr.io",
        "gcr.io",
        "registry.example.com",
        "harbor.corp:5000",
        "127.0.0.1:5000",
        "localhost:5000",
    ] {
        let errors = pulls(&format!("      - {{registry: \"{good}\", username: u, password: p}}\n")).errors();
        assert_eq!(errors, Vec::<String>::new(), "{good:?}");
    }
}

#[test]
fn pod_and_ingress_annotations_stay_apart() {
    // rack: TestIngressAnnotationsMapReadsIngressAnnotations, TestAnnotationsMapReadsAnnotations
    let out = render(
        "# rack: pkg/manifest/service_test.go TestIngressAnnotationsMapReadsIngressAnnotations, TestAnnotationsMapReadsAnnotations
services:
  web:
    build: .
    port: 3000
    annotations: [pod-key=pod-val]
    ingressAnnotations:
      - nginx.ingress.kubernetes.io/proxy-buffer-size=16k
      - nginx.ingress.kubernetes.io/proxy-buffers-number=8
",
    );
    out.assert_no_errors();
    let pod = out.get("Deployment", "web")["spec"]["template"]["metadata"]["annotations"].clone();
    assert_eq!(pod, json!({"pod-key": "pod-val"}));
    let ingress = out.get("Ingress", "web")["metadata"]["annotations"].clone();
    assert_eq!(ingress["nginx.ingress.kubernetes.io/proxy-buffer-size"], json!("16k"));
    assert_eq!(ingress["nginx.ingress.kubernetes.io/proxy-buffers-number"], json!("8"));
    assert_eq!(ingress.get("pod-key"), None);
}
