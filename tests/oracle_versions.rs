//! The rack's own tests at each release as an oracle (as `tests/oracle.rs` is for 3.24.9): where
//! a release's `pkg/manifest/*_test.go` or `provider/k8s/*_test.go` asserts rendered or loaded
//! fields that differ from 3.24.9's, or asserts fields of a feature that release brought, the
//! case is reproduced here at that release through the public API.
//!
//! - `manifest_test.go` `TestManifestLoad` / `TestManifestLoadSimple` at 3.20.1, 3.21.5 and
//!   3.22.5 expect `Cpu: 256` for the services without `scale.cpu` (3.23.4 on: 250), on the
//!   `full.yml` of those releases (`tests/corpus/convox-3.24.4/`);
//! - `TestManifestStartupProbeGpu` at 3.24.5 expects `FailureThreshold` 30 (3.24.9: 180);
//! - the tests a release brought, at that release: `TestManifestKeda` and `TestVPAValidate`
//!   (3.23.4), `TestManifestStartupProbe` (3.24.1), `TestLoadPortDeduplication*` and
//!   `TestIsPdbDisabled` (3.24.4), and the 3.24.5 render tests of `template_test.go`
//!   (security context, GPU vendor key, toleration merger, emptyDir size limit, health and
//!   liveness ports), which are the same files at 3.24.5 as at 3.24.9: the same inputs render
//!   the same pods at both releases, and differently at 3.24.4, which had none of it;
//! - `TestManifestValidate` expects the same errors at every release.

use std::path::Path;

use convox_k8s::profile::{Profile, Provider, RackVersion};
use convox_k8s::rack_version::{
    KNOWN, V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_0, V3_24_1, V3_24_3, V3_24_4, V3_24_5, V3_24_9,
};
use convox_k8s::{analyze, Analysis, Options};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// helpers

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One of the rack's `pkg/manifest/testdata` files of 3.24.9 (the project's copy).
fn testdata(name: &str) -> String {
    read(&format!("tests/corpus/convox/{name}"))
}

/// A rack on release `version`, with rack parameters.
fn rack(version: RackVersion, params: &[(&str, &str)]) -> Options {
    let mut profile = Profile::at(Provider::Aws, version);
    for (k, v) in params {
        profile.set(k, v).unwrap_or_else(|e| panic!("{e}"));
    }
    Options { profile, ..Options::default() }
}

fn with_env(mut options: Options, env: &[(&str, &str)]) -> Options {
    options.env.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    options
}

struct Out(Analysis);

impl Out {
    fn render(source: &str, options: &Options) -> Out {
        Out(analyze(source, options))
    }

    fn find(&self, kind: &str, name: &str) -> Option<Value> {
        self.0
            .entries
            .iter()
            .filter_map(|e| e.object.as_deref())
            .find(|o| o.kind() == kind && o.name() == name)
            .map(|o| serde_json::to_value(o).unwrap())
    }

    fn get(&self, kind: &str, name: &str) -> Value {
        self.find(kind, name).unwrap_or_else(|| panic!("no {kind} {name}"))
    }

    fn pod(&self, kind: &str, name: &str) -> Value {
        let o = self.get(kind, name);
        let at =
            if kind == "CronJob" { "/spec/jobTemplate/spec/template/spec" } else { "/spec/template/spec" };
        o.pointer(at).cloned().unwrap_or(Value::Null)
    }

    fn container(&self, kind: &str, name: &str) -> Value {
        self.pod(kind, name)["containers"][0].clone()
    }

    /// Every pod spec (Deployments, DaemonSets, CronJobs), by kind and name.
    fn pods(&self) -> Vec<(String, Value)> {
        let kinds = ["Deployment", "DaemonSet", "CronJob"];
        let named =
            self.0.entries.iter().filter_map(|e| e.object.as_deref()).filter(|o| kinds.contains(&o.kind()));
        named.map(|o| (format!("{}/{}", o.kind(), o.name()), self.pod(o.kind(), o.name()))).collect()
    }

    fn errors(&self) -> Vec<String> {
        self.0.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()
    }

    fn assert_no_errors(&self) {
        assert_eq!(self.errors(), Vec::<String>::new());
    }
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestManifestLoad, TestManifestLoadSimple: the default CPU per release

#[test]
fn full_yml_of_3_20_1_to_3_22_5_loads_256_millicores_by_default() {
    let full = read("tests/corpus/convox-3.24.4/full.yml");
    let env = [("FOO", "bar"), ("SECRET", "shh"), ("OTHERGLOBAL", "test")];
    // The services the test expects with `Cpu: 256` (the default) at 3.20.1 … 3.22.5, 250 from
    // 3.23.4; the others keep what they write (proxy 512, gpuscaler 768, none with a GPU only).
    for version in [V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_0, V3_24_4] {
        let out = Out::render(&full, &with_env(rack(version, &[]), &env));
        out.assert_no_errors();
        let cpu = if version < V3_23_4 { "256m" } else { "250m" };
        for (kind, service) in [
            ("Deployment", "api"),
            ("Deployment", "foo"),
            ("Deployment", "bar"),
            ("Deployment", "scaler"),
            ("DaemonSet", "agent"),
        ] {
            assert_eq!(
                out.container(kind, service)["resources"]["requests"]["cpu"],
                json!(cpu),
                "{version} {service}"
            );
        }
        assert_eq!(out.container("Deployment", "proxy")["resources"]["requests"]["cpu"], json!("512m"));
        assert_eq!(out.container("Deployment", "gpuscaler")["resources"]["requests"]["cpu"], json!("768m"));
        assert_eq!(out.container("Deployment", "defaultgpuscaler")["resources"]["requests"].get("cpu"), None);
        // Timers run api's image with api's resources.
        assert_eq!(out.container("CronJob", "timer-alpha")["resources"]["requests"]["cpu"], json!(cpu));
    }
}

#[test]
fn simple_yml_loads_256_millicores_before_3_23_4() {
    let simple = testdata("simple.yml");
    for (version, cpu) in [(V3_20_1, "256m"), (V3_22_5, "256m"), (V3_23_4, "250m"), (V3_24_9, "250m")] {
        let out = Out::render(&simple, &with_env(rack(version, &[]), &[("REQUIRED", "test")]));
        out.assert_no_errors();
        assert_eq!(
            out.container("Deployment", "web")["resources"]["requests"]["cpu"],
            json!(cpu),
            "{version}"
        );
    }
}

#[test]
fn the_3_24_5_full_yml_on_an_older_rack_drops_what_it_does_not_know() {
    // 3.24.5 added foo's health.port and liveness.port, and the secured service's
    // securityContext, to full.yml: an older rack reads foo's liveness path only (with the stray
    // quote before 3.21.5) and renders no securityContext.
    let full = testdata("full.yml");
    let env = [("FOO", "bar"), ("SECRET", "shh"), ("OTHERGLOBAL", "test")];
    for (version, path) in [(V3_20_1, "/live\""), (V3_21_5, "/live"), (V3_24_4, "/live")] {
        let out = Out::render(&full, &with_env(rack(version, &[]), &env));
        out.assert_no_errors();
        let foo = out.container("Deployment", "foo");
        assert_eq!(foo["livenessProbe"]["httpGet"], json!({"path": path, "port": 3000}), "{version}");
        assert_eq!(foo["readinessProbe"]["httpGet"]["port"], json!(3000), "{version}");
        assert_eq!(out.container("Deployment", "secured").get("securityContext"), None, "{version}");
    }
    let out = Out::render(&full, &with_env(rack(V3_24_5, &[]), &env));
    let foo = out.container("Deployment", "foo");
    assert_eq!(foo["livenessProbe"]["httpGet"], json!({"path": "/live", "port": 3002}));
    assert_eq!(foo["readinessProbe"]["httpGet"]["port"], json!(3001));
    assert_eq!(out.container("Deployment", "secured")["securityContext"]["runAsUser"], json!(1000));
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestManifestStartupProbeGpu at 3.24.5: FailureThreshold 30

/// (initialDelay, period, timeout, success, failure) of a probe.
fn timing(probe: &Value) -> Vec<Value> {
    ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"]
        .iter()
        .map(|k| probe[*k].clone())
        .collect()
}

#[test]
fn gpu_startup_probe_fails_after_30_checks_at_3_24_5_and_180_from_3_24_6() {
    let src = testdata("startup-probe-gpu.yml");
    for (version, failures) in [(V3_24_5, 30), (V3_24_9, 180)] {
        let out = Out::render(&src, &rack(version, &[]));
        out.assert_no_errors();
        let defaults = out.container("Deployment", "gpu-defaults")["startupProbe"].clone();
        assert_eq!(defaults["tcpSocket"]["port"], json!(8080));
        assert_eq!(
            timing(&defaults),
            [json!(300), json!(10), json!(5), json!(1), json!(failures)],
            "{version}"
        );
        let liveness = out.container("Deployment", "gpu-with-liveness")["startupProbe"].clone();
        assert_eq!(timing(&liveness), [json!(10), json!(5), json!(5), json!(1), json!(3)]);
        let explicit = out.container("Deployment", "gpu-explicit-http")["startupProbe"].clone();
        assert_eq!(
            (explicit["httpGet"]["path"].clone(), explicit["initialDelaySeconds"].clone()),
            (json!("/ready"), json!(45))
        );
        assert_eq!(out.container("Deployment", "gpu-no-port").get("startupProbe"), None);
        assert_eq!(out.container("Deployment", "cpu-no-probe").get("startupProbe"), None);
    }
    // 3.24.4 has no automatic GPU startup probe.
    let out = Out::render(&src, &rack(V3_24_4, &[]));
    assert_eq!(out.container("Deployment", "gpu-defaults").get("startupProbe"), None);
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestManifestStartupProbe: from 3.24.1

#[test]
fn startup_probes_take_their_own_values_from_3_24_1() {
    let src = testdata("startup-probe.yml");
    for version in [V3_24_1, V3_24_9] {
        let out = Out::render(&src, &rack(version, &[]));
        out.assert_no_errors();
        let custom = out.container("Deployment", "web-custom")["startupProbe"].clone();
        assert_eq!(timing(&custom), [json!(60), json!(30), json!(10), json!(1), json!(10)], "{version}");
        let inherited = out.container("Deployment", "web-inherited")["startupProbe"].clone();
        assert_eq!(timing(&inherited), [json!(15), json!(10), json!(3), json!(1), json!(5)], "{version}");
    }
    // 3.24.0 (no such test): the template renders liveness's timings in the startup probe.
    let out = Out::render(&src, &rack(V3_24_0, &[]));
    let custom = out.container("Deployment", "web-custom");
    assert_eq!(timing(&custom["startupProbe"]), timing(&custom["livenessProbe"]));
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestManifestKeda, vpa_test.go TestVPAValidate: from 3.23.4

#[test]
fn keda_yml_renders_its_trigger_from_3_23_4() {
    let src = testdata("keda.yml");
    let out = Out::render(&src, &rack(V3_23_4, &[("keda_enable", "true")]));
    out.assert_no_errors();
    let so = out.get("ScaledObject", "web");
    assert_eq!((&so["spec"]["minReplicaCount"], &so["spec"]["maxReplicaCount"]), (&json!(1), &json!(3)));
    assert_eq!(so["spec"]["triggers"].as_array().unwrap().len(), 1);
    assert_eq!(so["spec"]["triggers"][0]["type"], json!("aws-sqs-queue"));
    assert!(out.find("HorizontalPodAutoscaler", "web").is_none());
    // 3.23.4 to 3.24.5 refuse it on a rack without KEDA, which 3.24.6 ignores.
    let refused = Out::render(&src, &rack(V3_23_4, &[]));
    assert!(
        refused.errors().iter().any(|e| e.starts_with("keda is not enabled on the rack")),
        "{:?}",
        refused.errors()
    );
    assert!(Out::render(&src, &rack(V3_24_9, &[])).errors().is_empty());
    // 3.22.5 has no KEDA: the count range keeps its HPA.
    let old = Out::render(&src, &rack(V3_22_5, &[]));
    assert!(
        old.find("HorizontalPodAutoscaler", "web").is_some() && old.find("ScaledObject", "web").is_none()
    );
}

#[test]
fn vpa_is_validated_as_3_23_4_words_it() {
    let vpa = |body: &str| format!("services:\n  web:\n    build: .\n    scale:\n      vpa: {body}\n");
    let at = |body: &str| Out::render(&vpa(body), &rack(V3_23_4, &[("vpa_enable", "true")])).errors();
    assert!(at("{updateMode: Off}").is_empty());
    assert!(at("{updateMode: Recreate}").is_empty());
    assert_eq!(
        at("{updateMode: Auto}"),
        ["vpa.updateMode must be one of these values: Off, Initial, Recreate"]
    );
    assert_eq!(
        at("{updateMode: Off, cpuOnly: true, memOnly: true}"),
        ["vpa.cpuOnly and vpa.memOnly cannot both be true"]
    );
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestLoadPortDeduplication*, controller_deployment_test.go TestIsPdbDisabled:
// from 3.24.4

#[test]
fn ports_repeating_the_main_port_are_dropped_from_3_24_4() {
    let ports = |src: &str, version| {
        let out = Out::render(src, &rack(version, &[]));
        let c = out.container("Deployment", "web");
        c["ports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["containerPort"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let same = "services:\n  web:\n    port: 4001\n    ports:\n      - 4001\n";
    assert_eq!(ports(same, V3_24_4), [4001], "TestLoadPortDeduplication");
    assert_eq!(ports("services:\n  web:\n    port: 4001\n    ports:\n      - 8080\n", V3_24_4), [4001, 8080]);
    assert_eq!(
        ports("services:\n  web:\n    port: 4001\n    ports:\n      - 4001/udp\n", V3_24_4),
        [4001, 4001]
    );
    assert_eq!(ports("services:\n  web:\n    port: https:4001\n    ports:\n      - 4001\n", V3_24_4), [4001]);
    // 3.24.3 keeps both (and the API server refuses the Service: an error says so).
    assert_eq!(ports(same, V3_24_3), [4001, 4001]);
    assert!(!Out::render(same, &rack(V3_24_3, &[])).errors().is_empty());
}

#[test]
fn both_spellings_turn_the_pdb_off_from_3_24_4() {
    let with = |annotation: &str, version| {
        let src = format!("services:\n  web:\n    annotations:\n      - {annotation}\n");
        Out::render(&src, &rack(version, &[])).find("PodDisruptionBudget", "web").is_some()
    };
    for (annotation, budget) in [
        ("convox.com/pdb-disabled=true", false),
        ("convox.com/pdb-disbaled=true", false),
        ("convox.com/pdb-disabled=false", true),
        ("convox.com/pdb-disabled=1", true),
        ("other=true", true),
    ] {
        assert_eq!(with(annotation, V3_24_4), budget, "{annotation}");
    }
    // 3.24.3's controller reads only the misspelt key.
    assert!(with("convox.com/pdb-disabled=true", V3_24_3));
    assert!(!with("convox.com/pdb-disbaled=true", V3_24_3));
}

// ---------------------------------------------------------------------------------------
// template_test.go's render tests of 3.24.5 (the same files as 3.24.9's)

/// TestRenderServiceGpuVendorKey's cases at 3.24.5: (service, vendor, the resource key).
const GPU_VENDORS: &[(&str, &str, &str)] = &[
    ("nvidia-short", "nvidia", "nvidia.com/gpu"),
    ("nvidia-long", "nvidia.com", "nvidia.com/gpu"),
    ("amd-short", "amd", "amd.com/gpu"),
    ("amd-long", "amd.com", "amd.com/gpu"),
    ("bogus", "bogus", "nvidia.com/gpu"),
];

/// Inputs of those tests: the security context file `tests/oracle.rs` reads, the GPU vendor
/// cases, and manifests of the shape the toleration, emptyDir and probe-port tests render.
fn render_test_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("TestRenderTemplateServiceSecurityContext", read("tests/fixtures/oracle/security-context.yml")),
        (
            "TestRenderServiceGpuVendorKey",
            GPU_VENDORS.iter().fold(String::from("services:\n"), |mut out, (name, vendor, _)| {
                out.push_str(&format!("  {name}:\n    build: .\n    port: 3000\n    scale:\n      gpu:\n        count: 1\n        vendor: {vendor}\n"));
                out
            }),
        ),
        (
            "TestRenderServiceTolerationMerger",
            "services:\n  web:\n    nodeSelectorLabels: {convox.io/label: gpu-pool}\n    scale:\n      gpu: {count: 1, vendor: nvidia}\ntimers:\n  t:\n    schedule: \"0 * * * *\"\n    service: web\n".into(),
        ),
        (
            "TestRenderServiceEmptyDirSizeLimit",
            "services:\n  web:\n    volumeOptions:\n      - emptyDir: {id: shm, mountPath: /dev/shm, sizeLimit: 1Gi}\n      - emptyDir: {id: ram, mountPath: /ram, medium: Memory, sizeLimit: 512Mi}\ntimers:\n  t:\n    schedule: \"0 * * * *\"\n    service: web\n".into(),
        ),
        (
            "TestRenderTemplateServiceHealthPort",
            "services:\n  web:\n    port: 8080\n    health: {path: /health, port: 9090}\n    liveness: {path: /live, port: {port: 9091, scheme: https}}\n".into(),
        ),
    ]
}

#[test]
fn the_3_24_5_render_tests_render_alike_at_3_24_5_and_3_24_9_and_not_at_3_24_4() {
    for (test, src) in render_test_inputs() {
        let at_3_24_5 = Out::render(&src, &rack(V3_24_5, &[]));
        let at_3_24_9 = Out::render(&src, &rack(V3_24_9, &[]));
        at_3_24_5.assert_no_errors();
        // A GPU service's startup probe fails after 30 checks at 3.24.5 and 180 from 3.24.6 (the
        // test above); the rest of each pod is the same.
        let without_startup = |out: &Out| {
            let mut pods = out.pods();
            for (_, pod) in &mut pods {
                for c in pod["containers"].as_array_mut().into_iter().flatten() {
                    c.as_object_mut().map(|c| c.remove("startupProbe"));
                }
            }
            pods
        };
        assert!(
            without_startup(&at_3_24_5) == without_startup(&at_3_24_9),
            "{test}: 3.24.5 renders as 3.24.9"
        );
        let at_3_24_4 = Out::render(&src, &rack(V3_24_4, &[]));
        assert!(at_3_24_4.pods() != at_3_24_5.pods(), "{test}: 3.24.4 has none of it");
    }
    // What TestRenderServiceGpuVendorKey asserts, at 3.24.5: amd, else nvidia, never `.com.com`.
    let out = Out::render(&render_test_inputs()[1].1, &rack(V3_24_5, &[]));
    for (service, _, key) in GPU_VENDORS {
        let limits = &out.container("Deployment", service)["resources"]["limits"];
        let mut want = serde_json::Map::new();
        want.insert(key.to_string(), json!("1"));
        assert_eq!(limits, &Value::Object(want), "{service}");
    }
}

// ---------------------------------------------------------------------------------------
// manifest_test.go TestManifestValidate: the same errors at every release

#[test]
fn validate_yml_gives_the_same_errors_at_every_release() {
    let src = testdata("validate.yml");
    let errors = |version| Out::render(&src, &rack(version, &[("internal_router", "true")])).errors();
    let newest = errors(V3_24_9);
    assert_eq!(newest.len(), 14, "{newest:?}");
    for &version in KNOWN {
        assert_eq!(errors(version), newest, "{version}");
    }
}
