//! Loading convox.yml: the rack's fixtures, shorthand forms, defaults, positions, diagnostics.

use convox_k8s::manifest::{self, Env, Loaded, Manifest, Service};
use convox_k8s::{Diagnostic, Severity};

macro_rules! testdata {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/convox/", $name))
    };
}

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn load(src: &str) -> Loaded {
    manifest::load(src, &Env::new())
}

fn service<'m>(m: &'m Manifest, name: &str) -> &'m Service {
    m.service(name).unwrap_or_else(|| panic!("no service {name}"))
}

/// 1-based line of a diagnostic's span start in `src`.
fn line(src: &str, d: &Diagnostic) -> usize {
    let span = d.span.unwrap_or_else(|| panic!("no span on {d:?}"));
    src[..span.start].matches('\n').count() + 1
}

/// `(severity, line, message)` of every diagnostic, for one-line comparisons.
fn summary(src: &str, loaded: &Loaded) -> Vec<(char, usize, String)> {
    loaded
        .diagnostics
        .iter()
        .map(|d| {
            assert!(d.path.is_some(), "diagnostic without a path: {d:?}");
            let sev = if d.severity == Severity::Error { 'E' } else { 'W' };
            (sev, line(src, d), d.message.clone())
        })
        .collect()
}

/// Loads `src` with no release env and compares every diagnostic.
fn check(src: &str, expected: &[(char, usize, &str)]) -> Loaded {
    let loaded = load(src);
    let got = summary(src, &loaded);
    let want: Vec<(char, usize, String)> = expected.iter().map(|(s, l, m)| (*s, *l, m.to_string())).collect();
    assert_eq!(got, want, "diagnostics for:\n{src}");
    loaded
}

/// Loads `src` expecting no diagnostic at all and returns the manifest.
fn clean(src: &str) -> Manifest {
    check(src, &[]).manifest.expect("a manifest")
}

// ---------------------------------------------------------------------------------------
// the rack's fixtures

#[test]
fn validate_yml_gives_the_rack_golden_errors_in_order_with_lines() {
    check(
        testdata!("validate.yml"),
        &[
            ('E', 2, "balancer alpha has no ports"),
            ('E', 2, "balancer alpha has blank service"),
            ('E', 3, "balancer alpha whitelist 1.1.1.1 is not a valid cidr range"),
            ('E', 7, "balancer bravo refers to unknown service nosuch"),
            ('E', 9, "resource name 1resource invalid, must contain only lowercase alphanumeric and dashes"),
            ('E', 14, "service deployment-invalid-low deployment minimum can not be less than 0"),
            ('E', 15, "service deployment-invalid-low deployment maximum can not be less than 100"),
            ('E', 18, "service deployment-invalid-high deployment minimum can not be greater than 100"),
            ('E', 19, "service deployment-invalid-high deployment maximum can not be greater than 200"),
            (
                'E',
                22,
                "service internal-router-invalid can not have both internal and internalRouter set as true",
            ),
            ('E', 23, "service name serviceF invalid, must contain only lowercase alphanumeric and dashes"),
            ('E', 26, "service serviceF references a resource that does not exist: foo"),
            ('E', 28, "timer name timer_1 invalid, must contain only lowercase alphanumeric and dashes"),
            ('E', 29, "timer timer_1 references a service that does not exist: someservice"),
        ],
    );
}

#[test]
fn invalid_1_a_bare_scalar_is_an_error_without_manifest() {
    let loaded = load(testdata!("invalid.1.yml"));
    assert!(loaded.manifest.is_none());
    assert!(loaded.diagnostics.iter().any(Diagnostic::is_error));
}

#[test]
fn invalid_2_unknown_top_level_key_is_a_did_you_mean_warning() {
    let m = check(testdata!("invalid.2.yml"), &[('W', 1, "unknown key servicess (did you mean services?)")])
        .manifest
        .unwrap();
    assert!(m.services.is_empty());
}

#[test]
fn every_rack_fixture_loads_without_panicking() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/convox");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yml") {
            let src = std::fs::read_to_string(&path).unwrap();
            let loaded = load(&src);
            for d in &loaded.diagnostics {
                assert!(d.span.is_some() && d.path.is_some(), "{}: {d:?}", path.display());
            }
            n += 1;
        }
    }
    assert!(n >= 20, "only {n} fixtures found");
}

#[test]
fn full_yml_gives_the_rack_values() {
    let src = testdata!("full.yml");
    let loaded = manifest::load(src, &env(&[("OTHERGLOBAL", "1"), ("SECRET", "2")]));
    assert_eq!(summary(src, &loaded), vec![]);
    let m = loaded.manifest.unwrap();
    let names: Vec<&str> = m.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "api",
            "proxy",
            "foo",
            "bar",
            "gpuscaler",
            "defaultgpuscaler",
            "scaler",
            "inherit",
            "agent",
            "secured"
        ]
    );

    let api = service(&m, "api");
    assert_eq!((api.health.interval, api.health.grace, api.health.timeout), (10, 10, 9));
    assert_eq!((api.deployment.minimum, api.deployment.maximum), (25, 110));
    assert_eq!((api.build.path.as_str(), api.build.manifest.as_str()), ("api", "Dockerfile2"));
    assert_eq!(api.domains, ["foo.example.org"]);
    assert!(!api.init);
    assert_eq!((api.port.port, api.port.scheme.as_str()), (1000, "http"));
    let ports: Vec<(i64, &str)> = api.ports.iter().map(|p| (p.port, p.protocol.as_str())).collect();
    assert_eq!(ports, [(2000, "tcp"), (3000, "udp")]);
    assert_eq!((api.scale.count.min, api.scale.count.max), (3, 10));
    assert_eq!(api.test, "make  test");
    assert_eq!(api.termination.grace, 45);
    assert!(!api.tls.redirect);
    assert_eq!(api.annotations[2], ("string.test.com/annotation".into(), "\"thishasquotes\"".into()));
    assert_eq!(
        api.environment,
        ["DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL", "DEFAULT=test", "DEVELOPMENT=false", "SECRET"]
    );

    let proxy = service(&m, "proxy");
    assert_eq!((proxy.scale.count.min, proxy.scale.count.max), (1, 1));
    assert_eq!((proxy.scale.cpu, proxy.scale.memory), (512, 1024));
    assert_eq!((proxy.port.port, proxy.port.scheme.as_str()), (2000, "https"));
    assert_eq!(proxy.health.path, "/auth");
    assert_eq!(proxy.domains, ["bar.example.org", "*.example.org"]);
    assert_eq!(proxy.build.path, "", "image set, so no default build path");

    let foo = service(&m, "foo");
    assert_eq!((foo.deployment.minimum, foo.deployment.maximum), (0, 100));
    assert_eq!(foo.domains, ["baz.example.org", "qux.example.org"]);
    assert_eq!((foo.health.grace, foo.health.interval, foo.health.timeout), (2, 5, 3));
    assert_eq!((foo.health.port.port, foo.health.port.scheme.as_str()), (3001, "http"));
    assert_eq!((foo.liveness.port.port, foo.liveness.grace, foo.liveness.failure_threshold), (3002, 10, 3));
    assert_eq!((foo.port.port, foo.port.scheme.as_str()), (3000, "https"));
    assert_eq!((foo.scale.count.min, foo.scale.count.max), (0, 0));
    assert_eq!((foo.drain, foo.timeout), (60, 3600));
    assert!(foo.sticky && foo.singleton);

    let bar = service(&m, "bar");
    let mut expected = Service {
        environment: vec!["DEVELOPMENT=true".into(), "GLOBAL=true".into(), "OTHERGLOBAL".into()],
        ..Service::defaulted()
    };
    expected.scale.count.min = 1;
    expected.scale.count.max = 1;
    expected.scale.cpu = 250;
    expected.scale.memory = 512;
    assert_eq!(bar, &expected);

    let gpu = service(&m, "gpuscaler");
    assert_eq!((gpu.scale.gpu.count, gpu.scale.gpu.vendor.as_str()), (1, "amd"));
    assert_eq!((gpu.scale.cpu, gpu.scale.memory), (768, 2048));
    let dgpu = service(&m, "defaultgpuscaler");
    assert_eq!((dgpu.scale.gpu.count, dgpu.scale.gpu.vendor.as_str()), (2, "nvidia"));
    assert_eq!((dgpu.scale.cpu, dgpu.scale.memory), (0, 0));

    let scaler = service(&m, "scaler");
    assert_eq!((scaler.scale.count.min, scaler.scale.count.max), (1, 5));
    assert_eq!((scaler.scale.targets.cpu, scaler.scale.targets.memory), (50, 75));

    let inherit = service(&m, "inherit");
    assert_eq!(inherit.command, "inherit");
    assert_eq!(inherit.image, "ubuntu:16.04");
    assert_eq!((inherit.port.port, inherit.port.scheme.as_str()), (2000, "https"));
    assert_eq!((inherit.scale.cpu, inherit.scale.memory), (512, 1024));

    let agent = service(&m, "agent");
    assert!(agent.agent);
    assert_eq!((agent.deployment.minimum, agent.deployment.maximum), (0, 100));
    assert_eq!(agent.ports.len(), 3);

    let secured = service(&m, "secured").security_context.clone().unwrap();
    assert_eq!(secured.capabilities_drop, ["ALL"]);
    assert_eq!(secured.run_as_user, Some(1000));

    for t in &m.timers {
        assert_eq!(t.value.schedule, "*/1 * * * *", "timer {}", t.name);
    }
    let main = &m.balancers[0].value;
    assert_eq!(
        (main.ports[0].listen.as_str(), main.ports[0].target, main.ports[0].protocol.as_str()),
        ("3000", 1000, "TCP")
    );
    assert_eq!((main.ports[1].target, main.ports[1].protocol.as_str()), (5000, "TCP"));
    assert_eq!(m.balancers[1].value.whitelist, ["127.0.0.0/24"]);
    assert_eq!(m.resource("database").unwrap().options["size"], "db.t2.large");
    assert_eq!(m.params["Foo"], "bar");
}

#[test]
fn full_yml_without_release_env_warns_about_required_env_with_the_remedy() {
    let src = testdata!("full.yml");
    let got = summary(src, &load(src));
    assert_eq!(
        got,
        vec![
            ('W', 18, "required env: a variable the release environment does not set; the rack refuses to deploy until: convox env set OTHERGLOBAL=…".to_string()),
            ('W', 42, "required env: a variable the release environment does not set; the rack refuses to deploy until: convox env set SECRET=…".to_string()),
            // inherit's environment comes from proxy through the `<<` merge: one line, one cause,
            // one warning
            ('W', 66, "required env: a variable the release environment does not set; the rack refuses to deploy until: convox env set SECRET=…".to_string()),
        ]
    );
}

#[test]
fn simple_yml_required_env_is_a_warning_and_defaults_are_kept() {
    let src = testdata!("simple.yml");
    let loaded = check(
        src,
        &[(
            'W',
            5,
            "required env: a variable the release environment does not set; the rack refuses to deploy until: convox env set REQUIRED=…",
        )],
    );
    assert_eq!(service(loaded.manifest.as_ref().unwrap(), "web").environment, ["REQUIRED", "DEFAULT=true"]);
    assert_eq!(summary(src, &manifest::load(src, &env(&[("REQUIRED", "x")]))), vec![]);
}

#[test]
fn env_yml_interpolates_the_release_env_into_app_environment() {
    let loaded =
        manifest::load(testdata!("env.yml"), &env(&[("STAGE", "prod"), ("AWS_REGION", "us-east-1")]));
    let m = loaded.manifest.unwrap();
    let q = service(&m, "q-train-intent");
    assert_eq!(q.environment[0], "NODE_ENV=prod");
    assert_eq!(q.environment[1], "SQS_AWS_ACCOUNT_ID=");
    assert_eq!(q.environment[3], "SQS_ENDPOINT=https://sqs.us-east-1.amazonaws.com");
    assert_eq!(q.environment.last().unwrap(), "QUEUE_NAME=train-intent");
}

#[test]
fn seed_complete_example_loads_without_errors() {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/www/examples/complete.convox.yml"));
    let loaded = load(src);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!loaded.manifest.unwrap().services.is_empty());
}

#[test]
fn startup_probe_gpu_defaults() {
    let m = load(testdata!("startup-probe-gpu.yml")).manifest.unwrap();
    let sp = &service(&m, "gpu-defaults").startup_probe;
    assert_eq!(sp.tcp_socket_port, "8080");
    assert_eq!(
        (sp.grace, sp.interval, sp.timeout, sp.failure_threshold, sp.success_threshold),
        (300, 10, 5, 180, 1)
    );
    let sp = &service(&m, "gpu-with-liveness").startup_probe;
    assert_eq!(
        (sp.tcp_socket_port.as_str(), sp.grace, sp.interval, sp.failure_threshold),
        ("8080", 10, 5, 3)
    );
    let sp = &service(&m, "gpu-explicit-http").startup_probe;
    assert_eq!(
        (sp.path.as_str(), sp.tcp_socket_port.as_str(), sp.grace, sp.interval),
        ("/ready", "", 45, 15)
    );
    assert_eq!(service(&m, "gpu-no-port").startup_probe, Default::default());
    assert_eq!(service(&m, "cpu-no-probe").startup_probe, Default::default());
}

// ---------------------------------------------------------------------------------------
// shorthand forms

fn web(src: &str) -> Service {
    service(&clean(src), "web").clone()
}

#[test]
fn port_accepts_int_scheme_string_and_map() {
    let p = |src: &str| {
        let s = web(src);
        (s.port.port, s.port.scheme)
    };
    assert_eq!(p("services:\n  web:\n    port: 3000\n"), (3000, "http".into()));
    assert_eq!(p("services:\n  web:\n    port: \"3000\"\n"), (3000, "http".into()));
    assert_eq!(p("services:\n  web:\n    port: https:3000\n"), (3000, "https".into()));
    assert_eq!(p("services:\n  web:\n    port: grpc:5551\n"), (5551, "GRPC".into()));
    assert_eq!(p("services:\n  web:\n    port: {port: 80, scheme: HTTPS}\n"), (80, "HTTPS".into()));
    assert_eq!(p("services:\n  web:\n    build: .\n"), (0, "".into()));
}

#[test]
fn ports_keep_protocols_and_drop_the_main_port() {
    let s =
        web("services:\n  web:\n    port: 3000\n    ports: [3000, \"3000/udp\", 8125/udp, \"8126\", 9000]\n");
    let got: Vec<(i64, &str)> = s.ports.iter().map(|p| (p.port, p.protocol.as_str())).collect();
    assert_eq!(got, [(3000, "udp"), (8125, "udp"), (8126, ""), (9000, "tcp")]);
    let s = web("services:\n  web:\n    port: 8126\n    ports: [\"8126\"]\n");
    assert!(s.ports.is_empty());
}

#[test]
fn scale_shorthands_resolve_counts() {
    let count = |body: &str| {
        let s = web(&format!("services:\n  web:\n    scale: {body}\n"));
        (s.scale.count.min, s.scale.count.max)
    };
    assert_eq!(count("3"), (3, 3));
    assert_eq!(count("\"2-10\""), (2, 10));
    assert_eq!(count("2-10"), (2, 10));
    assert_eq!(count("0"), (0, 0));
    assert_eq!(count("{count: 4}"), (4, 4));
    assert_eq!(count("{count: 1-5}"), (1, 5));
    assert_eq!(count("{count: {min: 2, max: \"6\"}}"), (2, 6));
    assert_eq!(count("{cpu: 512, memory: 1024}"), (1, 1));
    assert_eq!(count("{min: 2, max: 7}"), (2, 7));
    assert_eq!(count("{min: 3}"), (3, 3));
    assert_eq!(count("{max: 4}"), (4, 4));
    assert_eq!(count("{min: 1, autoscale: {cpu: {threshold: 70}}}"), (1, 10));
    assert_eq!(web("services:\n  web:\n    build: .\n").scale.count.max, 1);
}

#[test]
fn scale_errors_use_the_rack_wording_at_the_key() {
    check(
        "services:\n  web:\n    scale: 1-2-3\n",
        &[('E', 3, "invalid scale: 1-2-3 (a count is 2, \"1-3\" or {min: 1, max: 3})")],
    );
    check(
        "services:\n  web:\n    scale: [1]\n",
        &[('E', 3, "unknown type for service scale: []interface {}")],
    );
    check(
        "services:\n  web:\n    scale:\n      gpu: many\n",
        &[('E', 4, "unknown type for service scale gpu: string")],
    );
    check(
        "services:\n  web:\n    scale:\n      cpu: 500\n      limit:\n        cpu: 100\n",
        &[('E', 6, "cpu limit can not be less cpu request")],
    );
}

#[test]
fn cpu_and_memory_defaults_follow_limits_and_skip_gpu_services() {
    let s = web("services:\n  web:\n    scale:\n      limit: {cpu: 1000, memory: 2048}\n");
    assert_eq!((s.scale.cpu, s.scale.memory), (1000, 2048));
    let s = web("services:\n  web:\n    scale:\n      gpu: {count: 1}\n");
    assert_eq!((s.scale.cpu, s.scale.memory, s.scale.gpu.vendor.as_str()), (0, 0, "nvidia"));
    // string cpu is ignored, as the rack only reads YAML ints there, with a warning at the value
    let l = check(
        "services:\n  web:\n    scale:\n      cpu: \"900\"\n",
        &[('W', 4, "services.web.scale.cpu \"900\" (a quoted number is a string) is not a whole number, and Convox ignores anything else here: the pods reserve the default CPU (250 millicores, or scale.limit.cpu). Write cpu: 250 (millicores; 1000 is one CPU)")],
    );
    assert_eq!(service(l.manifest.as_ref().unwrap(), "web").scale.cpu, 250);
}

#[test]
fn build_domain_and_health_shorthands() {
    let s = web("services:\n  web:\n    build: app\n    port: 80\n    domain: \" a.com, ,b.com \"\n    health: /ping\n");
    assert_eq!((s.build.path.as_str(), s.build.manifest.as_str()), ("app", "Dockerfile"));
    assert_eq!(s.domains, ["a.com", "b.com"]);
    assert_eq!((s.health.path.as_str(), s.health.grace, s.health.timeout), ("/ping", 5, 4));
    let l = check(
        "services:\n  web:\n    image: nginx\n    port: 80\n    domain: [x.com, \" y.com\"]\n    health: {grace: \"10\", interval: 8, port: \"https:8443\"}\n",
        &[('W', 6, "services.web.health.grace \"10\" (a quoted number is a string) is not a whole number, and Convox ignores anything else here: the first check waits health.interval. Write grace: 10 (seconds)")],
    );
    let s = service(l.manifest.as_ref().unwrap(), "web").clone();
    assert_eq!(s.build.path, "");
    assert_eq!(s.domains, ["x.com", "y.com"]);
    assert_eq!((s.health.grace, s.health.interval, s.health.timeout), (8, 8, 7), "string grace ignored");
    assert_eq!((s.health.port.port, s.health.port.scheme.as_str()), (8443, "https"));
}

#[test]
fn annotations_accept_lists_and_maps_of_strings() {
    let s = web("services:\n  web:\n    annotations:\n      - a=b=c\n      - {x: z}\n    ingressAnnotations:\n      - k: v\n");
    assert_eq!(s.annotations, [("a".into(), "b=c".into()), ("x".into(), "z".into())]);
    assert_eq!(s.ingress_annotations, [("k".into(), "v".into())]);
    // The rack's messages: the value error names the key; a non-string item is its type.
    check(
        "services:\n  web:\n    annotations:\n      - novalue\n      - {k: 1}\n      - 5\n",
        &[
            ('E', 4, "invalid annotation format: novalue"),
            ('E', 5, "annotation value is not a string: k"),
            ('E', 6, "unsupported annotation type: int"),
        ],
    );
    // A map (not a list of them) is refused by the rack's Annotations reader.
    check(
        "services:\n  web:\n    ingressAnnotations:\n      k: v\n",
        &[('E', 3, "failed to unmarshal annotations: cannot unmarshal !!map into []interface {} (annotations are a list: - key=value)")],
    );
}

#[test]
fn environment_lists_are_flattened_and_combined_app_first() {
    let m =
        clean("environment: [A=1]\nservices:\n  web:\n    environment:\n      - [B=2, C=3]\n      - D=4\n");
    assert_eq!(service(&m, "web").environment, ["A=1", "B=2", "C=3", "D=4"]);
    check(
        "services:\n  web:\n    environment: A=1\n",
        &[('E', 3, "unknown type for service environment: string")],
    );
}

#[test]
fn labels_are_stringified_merged_and_sorted() {
    let m = clean("labels: {team: core, tier: 1}\nservices:\n  web:\n    labels: {tier: 2, z: true, a: x}\n");
    assert_eq!(m.labels, [("team".into(), "core".into()), ("tier".into(), "1".into())]);
    let want: Vec<(String, String)> = [("a", "x"), ("team", "core"), ("tier", "2"), ("z", "true")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(service(&m, "web").labels, want);
    check(
        "labels:\n  app: x\nservices:\n  web:\n    labels:\n      service: z\n",
        &[
            ('E', 2, "reserved label key 'app' is not allowed"),
            ('E', 6, "reserved label key 'service' is not allowed"),
        ],
    );
}

#[test]
fn agent_is_bool_only_with_the_rack_messages() {
    assert!(web("services:\n  web:\n    agent: true\n").agent);
    check(
        "services:\n  web:\n    agent:\n      ports: [1]\n",
        &[(
            'E',
            3,
            "agent ports are now specified at the service level (agent: {enabled, ports} is the Convox v2 form; write agent: true and list the ports under the service's ports:)",
        )],
    );
    check("services:\n  web:\n    agent: 3\n", &[('E', 3, "could not parse agent: 3")]);
}

#[test]
fn balancer_ports_whitelist_and_timer_annotations() {
    let m = clean(
        "services:\n  web:\n    port: 80\nbalancers:\n  lb:\n    service: web\n    ports:\n      5000: 80\n      5001: {port: 81}\n    whitelist: 10.0.0.0/8\ntimers:\n  t:\n    service: web\n    schedule: \"0 0 * * ?\"\n    annotations: [a=b]\n    parallelCount: 3\n",
    );
    let lb = &m.balancers[0].value;
    let ports: Vec<(&str, i64, &str)> =
        lb.ports.iter().map(|p| (p.listen.as_str(), p.target, p.protocol.as_str())).collect();
    assert_eq!(ports, [("5000", 80, "TCP"), ("5001", 81, "")]);
    assert_eq!(lb.whitelist, ["10.0.0.0/8"]);
    let t = &m.timers[0].value;
    assert_eq!((t.schedule.as_str(), t.parallel_count), ("0 0 * * *", 3));
    assert_eq!(t.annotations, [("a".into(), "b".into())]);
}

#[test]
fn resource_options_and_int_keys_are_stringified() {
    let m = clean("resources:\n  db:\n    type: postgres\n    options: {storage: 20, encrypted: true}\n");
    assert_eq!(m.resource("db").unwrap().options["storage"], "20");
    assert_eq!(m.resource("db").unwrap().options["encrypted"], "true");
    let l = check(
        "services:\n  1: {}\n",
        &[('E', 2, "service name 1 invalid, must contain only lowercase alphanumeric and dashes")],
    );
    assert_eq!(l.manifest.unwrap().services[0].name, "1");
}

// ---------------------------------------------------------------------------------------
// defaults

#[test]
fn presence_aware_defaults() {
    let s = web("services:\n  web:\n    init: false\n    tls: {redirect: false}\n    termination: {grace: 0}\n    timeout: 0\n    drain: 0\n");
    assert!(!s.init && !s.tls.redirect);
    // termination.grace is presence-aware; timeout and drain default when 0 (`s.Drain == 0`)
    assert_eq!((s.termination.grace, s.timeout, s.drain), (0, 60, 30));
    // each deployment bound defaults on its own
    let s = web("services:\n  web:\n    singleton: true\n    deployment: {minimum: 10}\n");
    assert_eq!((s.deployment.minimum, s.deployment.maximum), (10, 100));
    let s = web("services:\n  web:\n    liveness: {path: /l, grace: 3}\n    startupProbe: {path: /s}\n");
    assert_eq!((s.liveness.grace, s.liveness.interval, s.liveness.timeout), (3, 5, 5));
    let sp = &s.startup_probe;
    assert_eq!(
        (sp.grace, sp.interval, sp.timeout, sp.success_threshold, sp.failure_threshold),
        (3, 5, 5, 1, 3)
    );
}

// ---------------------------------------------------------------------------------------
// positions, unknown keys, robustness

#[test]
fn spans_after_an_interpolation_point_at_the_original_text() {
    let src = "services:\n  web:\n    image: ${LONG_VALUE}\n    port: abc\n";
    let long = "x".repeat(200);
    let loaded = manifest::load(src, &env(&[("LONG_VALUE", &long)]));
    let d = &loaded.diagnostics[0];
    assert_eq!(
        d.message,
        "port \"abc\" is not a number (port is 3000, \"https:3000\" or {port: 3000, scheme: https}). The rack says: services.web.port: strconv.Atoi: parsing \"abc\": invalid syntax"
    );
    assert_eq!(d.path.as_deref(), Some("services.web.port"));
    assert_eq!(d.span.unwrap().start, src.find("port").unwrap());
    assert_eq!(loaded.source_map.lookup("services.web.image").unwrap().start, src.find("image").unwrap());
    // a key produced by interpolation maps to the `${` that produced it
    let src = "services:\n  ${NAME}:\n    bogus: 1\n";
    let loaded = manifest::load(src, &env(&[("NAME", "web")]));
    assert_eq!(loaded.source_map.lookup("services.web").unwrap().start, src.find("${").unwrap());
    assert_eq!(loaded.diagnostics[0].span.unwrap().start, src.find("bogus").unwrap());
}

#[test]
fn source_map_records_every_section_item_and_key() {
    let src = "environment:\n  - A\n  - B=1\nservices:\n  web:\n    ports:\n      - 1\n      - 2\n    volumeOptions:\n      - awsEfs:\n          id: x\n          mountPath: /m\n          accessMode: ReadWriteMany\nbalancers:\n  tcp-lb:\n    service: web\n    ports:\n      5000: 1\ntimers:\n  cleanup:\n    service: web\n    schedule: \"* * * * *\"\n";
    let loaded = manifest::load(src, &env(&[("A", "1")]));
    assert_eq!(summary(src, &loaded), vec![]);
    for (path, text) in [
        ("environment[1]", "B=1"),
        ("services.web.ports[1]", "2"),
        ("services.web.volumeOptions[0].awsEfs", "awsEfs"),
        ("balancers.tcp-lb.ports.5000", "5000"),
        ("timers.cleanup", "cleanup"),
        ("services", "services"),
    ] {
        let span = loaded.source_map.get(path).unwrap_or_else(|| panic!("no span for {path}"));
        assert_eq!(&src[span.start..span.start + text.len()], text, "{path}");
    }
}

#[test]
fn unknown_keys_warn_with_a_suggestion_and_known_ignored_keys_are_silent() {
    check(
        "services:\n  web:\n    prot: 80\n    internalrouter: true\n    whatever: 1\n    drain: 5\n    test: make\n",
        &[
            ('W', 3, "unknown key prot (did you mean port?)"),
            ('W', 4, "unknown key internalrouter (did you mean internalRouter?)"),
            ('W', 5, "unknown key whatever"),
        ],
    );
    clean("params: {a: b}\nservices:\n  web:\n    scale:\n      targets:\n        custom:\n          A/B: {value: 1}\n");
}

#[test]
fn type_errors_name_the_key_and_keep_the_rest() {
    let loaded = check(
        "services:\n  web:\n    timeout: soon\n    port: 80\n",
        &[('E', 3, "services.web.timeout: cannot unmarshal !!str `soon` into int")],
    );
    assert_eq!(service(loaded.manifest.as_ref().unwrap(), "web").port.port, 80);
}

#[test]
fn syntax_errors_report_line_and_column() {
    let src = "services:\n  web:\n    port: [80\n";
    let loaded = load(src);
    assert!(loaded.manifest.is_none());
    assert_eq!(loaded.diagnostics.len(), 1);
    let d = &loaded.diagnostics[0];
    assert!(d.is_error() && d.message.starts_with("yaml syntax error at line 4"), "{d:?}");
}

/// A diagnostic's span is in the text as written: past a replacement it is shifted back by
/// the difference in length (multi-byte values included); inside one it is the `${…}`.
#[test]
fn positions_in_interpolated_text_map_back_to_the_text_written() {
    let src = "services:\n  web:\n    scale: {cpu: ${CPU}, memory: x}\n    port: ${PORT}\n";
    for cpu in ["123456789012", "\u{e9}\u{e9}\u{e9}", ""] {
        let loaded = manifest::load(src, &env(&[("CPU", cpu), ("PORT", "70000")]));
        let at = |path: &str| {
            let d = loaded.diagnostics.iter().find(|d| d.path.as_deref() == Some(path)).expect(path);
            let span = d.span.expect("a span");
            &src[span.start..span.end]
        };
        assert_eq!(at("services.web.scale.memory"), "x", "CPU={cpu}");
        assert_eq!(at("services.web.port"), "${PORT}", "CPU={cpu}");
        if cpu.parse::<i64>().is_err() && !cpu.is_empty() {
            assert_eq!(at("services.web.scale.cpu"), "${CPU}", "CPU={cpu}");
        }
    }
    // A syntax error inside a value that came from a variable points into the line written.
    let src = "services:\n  web:\n    image: ${IMG}\n";
    let loaded = manifest::load(src, &env(&[("IMG", "\u{f1}\u{f1}: [x")]));
    assert_eq!(line(src, &loaded.diagnostics[0]), 3, "{:?}", loaded.diagnostics);
}

/// A tab is reported where it is, not where the parser was when it met it (the start of
/// the plain scalar on the line before).
#[test]
fn a_tab_is_reported_at_its_own_line_and_column() {
    let at = |src: &str| {
        let loaded = load(src);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        let d = &loaded.diagnostics[0];
        let span = d.span.expect("a span");
        assert_eq!(&src[span.start..span.end], "\t", "{d:?}");
        (line(src, d), d.message.clone())
    };
    assert_eq!(
        at("services:\n  web:\n    port: 3000\n\tcommand: x\n"),
        (4, "yaml syntax error at line 4 column 1: YAML indents with spaces, not tabs (while scanning a plain scalar, found a tab)".into())
    );
    assert_eq!(
        at("services:\n  web:\n\tport: 3000\n"),
        (3, "yaml syntax error at line 3 column 1: YAML indents with spaces, not tabs (tabs disallowed within this context (block indentation))".into())
    );
    assert_eq!(
        at("services:\n  web:\n    port: 3000\n  \tcommand: x\n").1,
        "yaml syntax error at line 4 column 3: YAML indents with spaces, not tabs (while scanning a plain scalar, found a tab)"
    );
    // A tab inside a value is text: the one that counts is in an indentation.
    assert_eq!(at("services:\n  web:\n    command: a\tb\n\tport: 1\n").0, 4);
    assert_eq!(
        at("services:\n  web:\n    port:\t3000\n").1,
        "yaml syntax error at line 3 column 10: a tab after ':': write a space (':' must be followed by a valid YAML whitespace)"
    );
}

#[test]
fn hostile_inputs_give_diagnostics_not_panics() {
    // deep nesting
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let deep = load(&deep);
    assert!(deep.manifest.is_none() && deep.diagnostics[0].message.contains("recursion limit"));
    let deep_block: String = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let d = load(&format!("params:\n{deep_block}")).diagnostics;
    assert!(d.iter().any(|d| d.message.contains("nesting deeper than 128")), "{d:?}");
    let nested100 = format!("params: {}1{}\n", "[".repeat(100), "]".repeat(100));
    assert!(load(&nested100).manifest.is_some());
    // billion laughs
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = (b'a' + i - 1) as char;
        let cur = (b'a' + i) as char;
        bomb.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    assert!(load(&bomb).diagnostics.iter().any(|d| d.message.contains("aliases")));
    // tabs, duplicate keys, tags, multiple documents, huge input
    assert!(load("services:\n\tweb: {}\n").diagnostics.iter().any(Diagnostic::is_error));
    check(
        "services:\n  web:\n    port: 1\n    port: 2\n",
        &[('W', 4, "duplicate key port; the last one wins")],
    );
    check("services:\n  web:\n    port: !custom 1\n", &[('W', 3, "yaml tag !custom is ignored")]);
    let l = check(
        "services:\n  a: {}\n---\nservices:\n  b: {}\n",
        &[('W', 3, "only the first yaml document is read; the rest is ignored")],
    );
    assert_eq!(l.manifest.unwrap().services[0].name, "a");
    let huge =
        format!("services:\n{}", (0..5000).map(|i| format!("  s{i}:\n    port: {i}\n")).collect::<String>());
    assert_eq!(load(&huge).manifest.unwrap().services.len(), 5000);
    assert!(load("").manifest.is_some());
    assert!(load("\u{feff}services:\n  wéb: {image: \"ü\"}\n  x:\n    prot: 1\n").diagnostics.len() == 2);
}

// ---------------------------------------------------------------------------------------
// the key tables

#[test]
fn every_section_documents_its_keys_once() {
    let sections = manifest::sections();
    let paths: Vec<&str> = sections.iter().map(|s| s.path).collect();
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), paths.len(), "one section per path: {paths:?}");
    for s in &sections {
        let mut names: Vec<&str> = s.keys.iter().map(|k| k.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len(), "{}: a key twice", s.path);
        for k in &s.keys {
            assert!(
                !k.doc.is_empty() && !k.forms.is_empty() && !k.kubernetes.is_empty(),
                "{}.{}",
                s.path,
                k.name
            );
            if let Some(nested) = k.section {
                assert!(
                    paths.contains(&nested),
                    "{}.{} points at {nested}, which is not a section",
                    s.path,
                    k.name
                );
            }
        }
        for l in s.legacy {
            assert!(
                !s.keys.iter().any(|k| k.name == l.name),
                "{}.{} is both current and legacy",
                s.path,
                l.name
            );
        }
    }
    let service = manifest::section("services.<name>").unwrap();
    assert_eq!(service.keys.len(), 43);
    let port = service.keys.iter().find(|k| k.name == "port").unwrap();
    assert_eq!(port.default, "scheme http");
    assert!(port.kubernetes.contains("Ingress"));
    let autoscale = manifest::section("services.<name>.scale.autoscale").unwrap();
    assert!(autoscale.case_insensitive);
    assert!(!manifest::section("services.<name>.scale.vpa").unwrap().case_insensitive);
}

#[test]
fn the_tables_drive_the_known_keys() {
    // Every documented key of a service is read without an unknown-key warning.
    for section in manifest::sections().iter().filter(|s| s.path == "services.<name>.securityContext") {
        for k in &section.keys {
            let src = format!("services:\n  web:\n    securityContext:\n      {}: null\n", k.name);
            assert!(load(&src).diagnostics.iter().all(|d| !d.message.contains("unknown key")), "{}", k.name);
        }
    }
}

// ---------------------------------------------------------------------------------------
// defaults in one place

#[test]
fn a_defaulted_service_is_what_an_empty_body_gives() {
    let s = Service::defaulted();
    assert_eq!(web("services:\n  web:\n"), s);
    assert_eq!((s.build.path.as_str(), s.build.manifest.as_str()), (".", "Dockerfile"));
    assert_eq!((s.deployment.minimum, s.deployment.maximum), (50, 200));
    assert_eq!((s.health.path.as_str(), s.health.interval, s.health.grace, s.health.timeout), ("/", 5, 5, 4));
    assert_eq!((s.scale.count.min, s.scale.count.max, s.scale.cpu, s.scale.memory), (1, 1, 250, 512));
    assert!(s.init && s.tls.redirect);
    assert_eq!((s.drain, s.termination.grace, s.timeout), (30, 30, 60));
    assert_eq!(Service::default().scale.count.max, 0, "default() is the zero service, before defaults");
}

// ---------------------------------------------------------------------------------------
// rack quirks

#[test]
fn deployment_bounds_default_one_key_at_a_time() {
    let s = web("services:\n  web:\n    deployment: {minimum: 0}\n");
    assert_eq!((s.deployment.minimum, s.deployment.maximum), (0, 200));
    let s = web("services:\n  web:\n    deployment: {maximum: 150}\n");
    assert_eq!((s.deployment.minimum, s.deployment.maximum), (50, 150));
    let s = web("services:\n  web:\n    agent: true\n    deployment: {maximum: 150}\n");
    assert_eq!((s.deployment.minimum, s.deployment.maximum), (0, 150));
}

#[test]
fn gpu_startup_defaults_only_for_a_tcp_probe() {
    let m = load(testdata!("startup-probe-gpu.yml")).manifest.unwrap();
    let sp = &service(&m, "gpu-explicit-http").startup_probe;
    // grace and interval as written; the rest copied from an unset liveness (0), as the rack has it
    assert_eq!(
        (sp.grace, sp.interval, sp.timeout, sp.success_threshold, sp.failure_threshold),
        (45, 15, 0, 0, 0)
    );
    let s = web("services:\n  web:\n    port: 80\n    startupProbe: {tcpSocketPort: \"81\", grace: 7}\n    scale: {gpu: 1}\n");
    let sp = &s.startup_probe;
    assert_eq!(
        (
            sp.tcp_socket_port.as_str(),
            sp.grace,
            sp.interval,
            sp.timeout,
            sp.success_threshold,
            sp.failure_threshold
        ),
        ("81", 7, 10, 5, 1, 180)
    );
}

#[test]
fn ports_equal_to_the_main_port_are_dropped_in_any_case() {
    let s = web(
        "services:\n  web:\n    port: 3000\n    ports: [\"3000/TCP\", \"3000/Udp\", \"3000\", 3000, 4000]\n",
    );
    let got: Vec<(i64, &str)> = s.ports.iter().map(|p| (p.port, p.protocol.as_str())).collect();
    assert_eq!(got, [(3000, "Udp"), (4000, "tcp")]);
}

#[test]
fn grpc_is_upper_cased_only_when_written_grpc() {
    let scheme = |port: &str| web(&format!("services:\n  web:\n    port: {port}\n")).port.scheme;
    assert_eq!(scheme("grpc:8080"), "GRPC");
    assert_eq!(scheme("gRPC:8080"), "gRPC");
    assert_eq!(scheme("GRPC:8080"), "GRPC");
    assert_eq!(scheme("{port: 8080, scheme: grpc}"), "GRPC");
    assert_eq!(scheme("{port: \"https:8080\"}"), "https");
    assert_eq!(scheme("{port: \"https:8080\", scheme: grpc}"), "GRPC");
    assert_eq!(scheme("\"https:8080:extra\""), "https");
    let s = web("services:\n  web:\n    port: 80\n    health: {port: \"grpc:81\"}\n    liveness: {path: /l, port: grpc:82}\n");
    assert_eq!((s.health.port.scheme.as_str(), s.liveness.port.scheme.as_str()), ("GRPC", "GRPC"));
}

#[test]
fn balancer_whitelist_string_is_one_entry() {
    let src = "services:\n  web:\n    ports: [80]\nbalancers:\n  lb:\n    service: web\n    ports: {80: 80}\n    whitelist: 10.0.0.0/8,10.1.0.0/16\n";
    let l = check(src, &[('E', 8, "balancer lb whitelist 10.0.0.0/8,10.1.0.0/16 is not a valid cidr range")]);
    assert_eq!(l.manifest.unwrap().balancers[0].value.whitelist, ["10.0.0.0/8,10.1.0.0/16"]);
    let m = clean("services:\n  web:\n    ports: [80]\nbalancers:\n  lb:\n    service: web\n    ports: {80: 80}\n    whitelist: [10.0.0.0/8, 10.1.0.0/16]\n");
    assert_eq!(m.balancers[0].value.whitelist, ["10.0.0.0/8", "10.1.0.0/16"]);
    check(
        "balancers:\n  lb:\n    service: web\n    ports: {80: 80}\n    whitelist: [1]\nservices:\n  web: {}\n",
        &[('E', 5, "unknown type for balancer whitelist: []interface {}")],
    );
}

#[test]
fn balancer_annotations_as_a_map_are_refused() {
    check(
        "services:\n  web:\n    ports: [80]\nbalancers:\n  lb:\n    service: web\n    ports: {80: 80}\n    annotations:\n      a: b\n",
        &[(
            'E',
            8,
            "balancers.lb.annotations: cannot unmarshal !!map into manifest.BalancerAnnotations (these annotations are a list of \"key=value\" strings: - a=b)",
        )],
    );
    let m = clean("services:\n  web:\n    ports: [80]\nbalancers:\n  lb:\n    service: web\n    ports: {80: 80}\n    annotations: [a=b]\n");
    assert_eq!(m.balancers[0].value.annotations, [("a".into(), "b".into())]);
}

#[test]
fn an_empty_scale_means_zero_replicas() {
    let count = |body: &str| {
        let s = web(&format!("services:\n  web:\n{body}"));
        (s.scale.count.min, s.scale.count.max)
    };
    assert_eq!(count("    scale: {}\n"), (0, 0));
    assert_eq!(count("    scale:\n"), (0, 0));
    assert_eq!(count("    build: .\n"), (1, 1));
    assert_eq!(count("    scale: {cpu: 512}\n"), (1, 1));
    let l = check(
        "services:\n  web:\n    scale: {count: {min: 2}}\n",
        &[('E', 3, "service web: scale.max must be >= scale.min")],
    );
    let s = service(l.manifest.as_ref().unwrap(), "web");
    assert_eq!((s.scale.count.min, s.scale.count.max), (2, 0), "count written: no default");
    // the rack's prefix test also counts a sibling key that starts with `scale`
    let l = load("services:\n  web:\n    scales: 3\n");
    let s = service(l.manifest.as_ref().unwrap(), "web");
    assert_eq!((s.scale.count.min, s.scale.count.max), (0, 0));
}

#[test]
fn scale_min_zero_without_autoscale_gets_the_rack_advisory() {
    let advisory = "scale.min=0 without autoscale fields will keep the service at zero replicas permanently; set scale.autoscale.cpu.threshold or equivalent to enable scale-up";
    check("services:\n  web:\n    scale:\n      min: 0\n", &[('W', 4, advisory)]);
    check("services:\n  web:\n    agent: true\n    scale:\n      min: 0\n", &[]);
    check(
        "services:\n  web:\n    scale:\n      min: 0\n      max: 3\n      autoscale:\n        queueDepth: {threshold: 5}\n",
        &[],
    );
}

#[test]
fn node_selector_labels_are_sorted_like_a_go_map() {
    let s = web("services:\n  web:\n    nodeSelectorLabels:\n      zone: a\n      convox.io/label: gpu\n");
    assert_eq!(
        s.node_selector_labels,
        [("convox.io/label".into(), "gpu".into()), ("zone".into(), "a".into())]
    );
}

#[test]
fn numbers_read_as_strings_take_their_canonical_form_inside_services() {
    let l = check(
        "resources:\n  db:\n    type: postgres\n    options: {version: 10.10}\n",
        &[('W', 4, "Convox reads 10.10 as the number 10.1 and uses \"10.1\"; quote it (\"10.10\") to keep it as written")],
    );
    assert_eq!(l.manifest.unwrap().resource("db").unwrap().options["version"], "10.1");
    // top-level labels are read directly: no round trip
    assert_eq!(clean("labels: {v: 1.10}\n").labels, [("v".into(), "1.10".into())]);
}

// ---------------------------------------------------------------------------------------
// scale.keda / scale.vpa / scale.autoscale

#[test]
fn vpa_is_validated_as_the_rack_renders_it() {
    let mode = |v: &str| {
        web(&format!("services:\n  web:\n    scale:\n      vpa: {{updateMode: {v}}}\n"))
            .scale
            .vpa
            .unwrap()
            .update_mode
    };
    assert_eq!(mode("recreate"), "Recreate");
    assert_eq!(mode("false"), "Off");
    assert_eq!(mode("off"), "Off", "off is YAML's false, which the rack's round trip writes false");
    assert_eq!(mode("INITIAL"), "Initial");
    check(
        "services:\n  web:\n    scale:\n      vpa:\n        minCpu: \"100\"\n",
        &[('E', 4, "vpa.updateMode is required. Allowed values: Off, Initial, Recreate")],
    );
    check(
        "services:\n  web:\n    scale:\n      vpa:\n        updateMode: Auto\n        cpuOnly: true\n        memOnly: true\n        minCpu: abc\n        maxMem: 1Gi\n",
        &[
            ('E', 5, "vpa.updateMode must be one of these values: Off, Initial, Recreate"),
            ('E', 4, "vpa.cpuOnly and vpa.memOnly cannot both be true"),
            ('E', 8, "invalid vpa.minCpu value: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
            ('E', 9, "invalid vpa.maxMem value: unable to parse quantity's suffix"),
        ],
    );
}

#[test]
fn autoscale_reads_json_field_names() {
    let l = check(
        "services:\n  web:\n    scale:\n      min: 1\n      max: 4\n      autoscale:\n        cooldown_period: 30\n        CPU: {threshold: 70.5}\n",
        &[
            ('W', 7, "unknown key cooldown_period (did you mean cooldownPeriod?)"),
            ('W', 8, "CPU: Convox reads this as cpu (JSON field names match in any case); write cpu"),
        ],
    );
    let a = service(l.manifest.as_ref().unwrap(), "web").scale.autoscale.clone().unwrap();
    assert_eq!((a.cpu.unwrap().threshold, a.cooldown_period), (70.5, None));
    check(
        "services:\n  web:\n    scale:\n      min: 1\n      max: 4\n      autoscale:\n        cpu: {threshold: \"70\"}\n",
        &[
            ('E', 7, "services.web.scale.autoscale.cpu.threshold: json: cannot unmarshal string into Go struct field AutoscaleMode.cpu.threshold of type float64"),
            ('E', 7, "service web: scale.autoscale.cpu.threshold must be between 1 and 100"),
        ],
    );
    // the rack's check is > 0 (whatever the message says), so 0.5 passes
    clean("services:\n  web:\n    scale:\n      min: 1\n      max: 4\n      autoscale:\n        cpu: {threshold: 0.5}\n");
}

#[test]
fn autoscale_validation_is_the_racks() {
    check(
        "services:\n  web:\n    scale:\n      min: 1\n      max: 4\n      autoscale:\n        queueDepth:\n          threshold: 5\n          metricName: 9bad\n          prometheusUrl: ftp://prom\n        custom:\n          - type: prometheus\n            name: CONVOX-x\n            authenticationRef: {name: a, kind: ClusterTriggerAuthentication}\n",
        &[
            ('E', 10, "service web: scale.autoscale.queueDepth.prometheusUrl must use http or https scheme, got \"ftp\""),
            ('E', 9, "service web: scale.autoscale.queueDepth.metricName \"9bad\" must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$"),
            ('E', 12, "service web: scale.autoscale.custom[0].name \"CONVOX-x\" invalid, must contain only lowercase alphanumeric and dashes"),
            ('E', 12, "service web: scale.autoscale.custom[0].name: \"CONVOX-x\" uses reserved prefix 'convox-'"),
            ('E', 12, "service web: scale.autoscale.custom[0].authenticationRef.kind: ClusterTriggerAuthentication is not permitted"),
        ],
    );
    // max < min is one error, not also the "no-op" one
    check(
        "services:\n  web:\n    scale:\n      min: 5\n      max: 3\n      autoscale:\n        queueDepth: {threshold: 5}\n",
        &[('E', 3, "service web: scale.max must be >= scale.min")],
    );
}

#[test]
fn keda_triggers_are_keda_scale_triggers() {
    let s = web("services:\n  web:\n    scale:\n      count: 1-3\n      keda:\n        pollingInterval: 15\n        triggers:\n          - type: aws-sqs-queue\n            metadata:\n              queueLength: 5\n              awsRegion: us-east-1\n              enabled: true\n");
    let k = s.scale.keda.unwrap();
    assert_eq!(k.polling_interval, Some(15));
    let t = &k.triggers[0];
    assert_eq!(t.kind, "aws-sqs-queue");
    let meta: Vec<(&str, &str)> = t.metadata.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(meta, [("awsRegion", "us-east-1"), ("enabled", "true"), ("queueLength", "5")]);
    assert_eq!(
        serde_json::to_value(t).unwrap(),
        serde_json::json!({"type": "aws-sqs-queue", "metadata": {"awsRegion": "us-east-1", "enabled": "true", "queueLength": "5"}})
    );
    check(
        "services:\n  web:\n    scale:\n      keda:\n        pollingInterval: \"15\"\n        triggers: [{type: cpu, metadata: {value: [1]}}]\n",
        &[
            ('E', 5, "services.web.scale.keda.pollingInterval: json: cannot unmarshal string into Go struct field ServiceScaleKeda.pollingInterval of type int32"),
            ('E', 6, "services.web.scale.keda.triggers[0].metadata.value: json: cannot unmarshal array into Go struct field ScaleTriggers.triggers.metadata.value of type string"),
        ],
    );
}

// ---------------------------------------------------------------------------------------
// messages that name the real cause

#[test]
fn an_unset_var_that_changes_a_line_is_named() {
    let src = "environment:\n  - A=1\n  - clevy:${STAGE}\nservices:\n  web:\n    timeout: ${T}s\n";
    check(
        src,
        &[
            ('W', 3, "environment[1]: ${STAGE} is not set, so this line reads \"clevy:\" (a map); Convox ignores this entry: environment entries are strings, this is a map; write \"clevy=\""),
            ('E', 6, "services.web.timeout: ${T} is not set, so this line reads \"timeout: s\" (a string); cannot unmarshal !!str `s` into int"),
        ],
    );
    // with the variable set, the same lines are fine
    let l = manifest::load(src, &env(&[("STAGE", "prod"), ("T", "3")]));
    let errors: Vec<_> = l.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "3s is still not an int: {errors:?}");
}

#[test]
fn an_unset_var_that_breaks_the_yaml_is_named() {
    let l = load("services:\n  web:\n    command: ${CMD}\n    image: [${IMG}\n");
    let d = &l.diagnostics[0];
    assert!(
        d.message
            .starts_with("${IMG} is not set, so this line reads \"image: [\" (line 4); yaml syntax error"),
        "{d:?}"
    );
}

#[test]
fn an_unset_var_that_empties_a_deciding_value_is_named_at_its_key() {
    check(
        "services:\n  web:\n    port: ${PORT}\n    domain: ${DOMAIN}\n    scale: ${COUNT}\n    certificate:\n      id: ${CERT}\nresources:\n  db:\n    type: postgres\n    options:\n      storage: ${SIZE}\n",
        &[
            ('W', 3, "${PORT} is not set, so port is empty: this service gets no Ingress and no health checks, and a Kubernetes Service only for its extra ports"),
            ('W', 4, "${DOMAIN} is not set, so domain is empty: the Ingress gets no host of yours, only the rack's own"),
            ('W', 5, "${COUNT} is not set, so scale is empty: Convox runs 0 replicas of this service (an empty scale is count 0)"),
            ('W', 7, "${CERT} is not set, so id is empty: the Ingress uses a certificate the rack issues instead of yours"),
            ('W', 12, "${SIZE} is not set, so storage is empty: the volume gets the type's default size"),
        ],
    );
}

#[test]
fn a_domain_without_a_port_is_ignored_with_a_warning() {
    check(
        "services:\n  worker:\n    domain: x.example.com\n",
        &[('W', 3, "service worker has a domain but no port: Convox makes no Ingress for it, so the domain is ignored (add port: <the port it listens on>)")],
    );
}

#[test]
fn port_parse_errors_keep_the_racks_words_and_add_the_forms() {
    check(
        "services:\n  web:\n    ports: [\"3000:3000\", 1.5]\n",
        &[
            ('E', 3, "ports[0] \"3000:3000\" is not a number (convox.yml takes the container port only: write 3000 in ports; a balancer gives the outside port). The rack says: services.web.ports[0]: strconv.Atoi: parsing \"3000:3000\": invalid syntax"),
            ('E', 3, "invalid port: %!s(float64=1.5) (ports entries are a port and an optional protocol: ports: [3000, \"8125/udp\"])"),
        ],
    );
    // Read as the rack reads it; mapping says what the probes make of scheme "80".
    let l = check("services:\n  web:\n    port: \"80:80\"\n", &[]);
    assert_eq!(service(l.manifest.as_ref().unwrap(), "web").port.scheme, "80");
    check(
        "services:\n  web:\n    port: {scheme: https}\n",
        &[('E', 3, "could not parse port: map[scheme:https] (port is 3000, \"https:3000\" or {port: 3000, scheme: https})")],
    );
}

#[test]
fn keys_of_earlier_convox_generations_say_so() {
    check(
        "version: \"2\"\nservices:\n  web:\n    links: [db]\n    policies: [x]\n    restart: always\n    labels:\n      - convox.port.443.protocol=tls\n    command: [bin/web, --port, \"3000\"]\n    scale:\n      cooldown: 30\n",
        &[
            ('W', 1, "version is a docker-compose key (Convox's first generation read docker-compose.yml); a Convox v3 rack ignores it. convox.yml has no version: remove it."),
            ('W', 4, "links is a Convox v2 key; a Convox v3 rack ignores it. Services reach each other by name (<service>.<app>.<rack>.local for internal ones); share a database with resources:."),
            ('W', 5, "policies is a Convox v2 key; a Convox v3 rack ignores it. On AWS, attach IAM policies with accessControl.awsPodIdentity.policyArns."),
            ('W', 6, "restart is a docker-compose key (Convox's first generation read docker-compose.yml); a Convox v3 rack ignores it. Kubernetes always restarts a service's containers."),
            ('E', 7, "services.web.labels: cannot unmarshal !!seq into manifest.Labels (labels is a map in convox.yml: labels: {team: core}; a list of key=value is the docker-compose form)"),
            ('E', 9, "services.web.command: cannot unmarshal !!seq into string (a list was Convox v2's form of command; in v3 it is one string: command: bin/web --port 3000)"),
            ('W', 11, "cooldown is a Convox v2 key; a Convox v3 rack ignores it. Set the cooldown on the autoscaler: scale.autoscale.cooldownPeriod or scale.keda.cooldownPeriod."),
        ],
    );
}

#[test]
fn environment_entries_that_are_not_strings_are_dropped_with_a_warning() {
    let l = check(
        "environment:\n  - A=1\n  - 5\n  - B: c\n",
        &[
            ('W', 3, "environment[1]: Convox ignores this entry: environment entries are strings, this is a number; quote it (\"5\")"),
            ('W', 4, "environment[2]: Convox ignores this entry: environment entries are strings, this is a map; write \"B=c\""),
        ],
    );
    assert_eq!(l.manifest.unwrap().environment, ["A=1"]);
    check(
        "services:\n  web:\n    environment:\n      A: b\n",
        &[('E', 3, "unknown type for service environment: map[interface {}]interface {} (environment is a list: - A=b)")],
    );
}

// ---------------------------------------------------------------------------------------
// the rack's autoscale tests (pkg/manifest/autoscale_test.go), against the loader

#[test]
fn the_racks_autoscale_fixtures_resolve_as_its_tests_say() {
    let one = |src: &str, name: &str| service(&load(src).manifest.unwrap(), name).clone();
    let s = one(testdata!("autoscale-gpu.yml"), "vllm");
    assert_eq!((s.scale.min, s.scale.max, s.scale.count.min, s.scale.count.max), (Some(0), Some(10), 0, 10));
    assert_eq!(s.scale.autoscale.unwrap().gpu_utilization.unwrap().threshold, 70.0);
    let s = one(testdata!("autoscale-queue.yml"), "worker");
    let q = s.scale.autoscale.clone().unwrap().queue_depth.unwrap();
    assert_eq!((q.threshold, q.metric_name.as_str()), (5.0, "vllm:num_requests_waiting"));
    assert_eq!((s.scale.count.min, s.scale.count.max), (0, 5));
    let s = one(testdata!("autoscale-min-zero.yml"), "idle");
    assert_eq!((s.scale.min, s.scale.count.min, s.scale.count.max), (Some(0), 0, 0));
    assert!(s.scale.autoscale.is_none());
    let s = one(testdata!("autoscale-combined.yml"), "inference");
    let a = s.scale.autoscale.clone().unwrap();
    assert_eq!(
        (a.cpu.unwrap().threshold, a.gpu_utilization.unwrap().threshold, a.queue_depth.unwrap().threshold),
        (70.0, 75.0, 3.0)
    );
    assert_eq!((a.cooldown_period, a.polling_interval), (Some(300), Some(15)));
    assert_eq!((s.scale.count.min, s.scale.count.max), (1, 8));
    // the min-zero fixture (no autoscale) gets the rack's promote-time advisory
    let src = testdata!("autoscale-min-zero.yml");
    assert!(summary(src, &load(src)).iter().any(|(_, _, m)| m.starts_with("scale.min=0 without autoscale")));
}

#[test]
fn the_racks_count_resolution_cases() {
    let count = |scale: &str| {
        let s = web(&format!("services:\n  web:\n    build: .\n    port: 3000\n    scale:\n{scale}"));
        (s.scale.count.min, s.scale.count.max, s.scale.autoscale_enabled())
    };
    assert_eq!(count("      gpu:\n        count: 1\n      autoscale:\n        gpuUtilization:\n          threshold: 70\n"), (0, 10, true));
    assert_eq!(count("      min: 3\n"), (3, 3, false));
    assert_eq!(
        count("      min: 2\n      autoscale:\n        cpu:\n          threshold: 80\n        queueDepth:\n          threshold: 3\n"),
        (2, 10, true)
    );
    assert_eq!(count("      max: 4\n"), (4, 4, false));
}

#[test]
fn the_racks_autoscale_validation_cases() {
    let cases: &[(&str, &str)] = &[
        ("      min: 1\n      max: 5\n      autoscale:\n        cpu:\n          threshold: 150\n", "scale.autoscale.cpu.threshold must be between 1 and 100"),
        ("      min: 0\n      max: 5\n      gpu:\n        count: 1\n      autoscale:\n        gpuUtilization:\n          threshold: 120\n", "scale.autoscale.gpuUtilization.threshold must be > 0 and <= 100"),
        ("      min: 0\n      max: 5\n      autoscale:\n        queueDepth:\n          threshold: 0\n", "scale.autoscale.queueDepth.threshold must be > 0"),
        ("      min: 0\n      max: 5\n      autoscale:\n        gpuUtilization:\n          threshold: 70\n", "scale.autoscale.gpuUtilization requires scale.gpu.count >= 1"),
        ("      min: 0\n      max: 5\n      autoscale:\n        queueDepth:\n          threshold: 3\n          prometheusUrl: \"://bad\"\n", "scale.autoscale.queueDepth.prometheusUrl is not a valid URL"),
        ("      min: 0\n      max: 5\n      autoscale:\n        queueDepth:\n          threshold: 3\n          metricName: \"1-bad-name\"\n", "metricName"),
        ("      min: -1\n      max: 3\n", "scale.min must be >= 0"),
        ("      min: 5\n      max: 3\n", "scale.max must be >= scale.min"),
        ("      min: 3\n      max: 3\n      autoscale:\n        queueDepth:\n          threshold: 3\n", "scale.max must be > scale.min when autoscale is enabled"),
        ("      min: 0\n      max: 5\n      autoscale:\n        cpu:\n          threshold: 50\n", "scale.min: 0 combined with only always-active autoscale triggers"),
        ("      min: 0\n      max: 5\n      autoscale:\n        custom:\n        - type: CRON\n          name: ok\n          metadata: {timezone: UTC, start: \"* * * * *\", end: \"* * * * *\", desiredReplicas: \"1\"}\n", "always-active autoscale triggers"),
        ("      min: 0\n      max: 5\n      autoscale:\n        custom:\n        - type: cron\n          name: ok\n          metadata: {timezone: UTC}\n        - type: cron\n          name: Convox-collision\n          metadata: {timezone: UTC}\n", "custom[1].name: \"Convox-collision\" uses reserved prefix 'convox-'"),
    ];
    for url in ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.com/foo"] {
        let src = format!("services:\n  svc:\n    build: .\n    scale:\n      min: 0\n      max: 5\n      autoscale:\n        queueDepth:\n          threshold: 3\n          prometheusUrl: \"{url}\"\n");
        let l = load(&src);
        assert!(
            l.diagnostics.iter().any(|d| d.is_error() && d.message.contains("must use http or https scheme")),
            "{url}: {:?}",
            l.diagnostics
        );
    }
    let l = load("services:\n  svc:\n    build: .\n    scale:\n      min: 0\n      max: 5\n      autoscale:\n        queueDepth:\n          threshold: 3\n          prometheusUrl: \"http:///foo\"\n");
    assert!(l.diagnostics.iter().any(|d| d.message.ends_with("prometheusUrl must include a host")));
    for (scale, want) in cases {
        let src = format!("services:\n  svc:\n    build: .\n    scale:\n{scale}");
        let l = load(&src);
        assert!(
            l.diagnostics.iter().any(|d| d.is_error() && d.message.contains(want)),
            "want {want:?} for\n{src}\ngot {:?}",
            l.diagnostics
        );
    }
}

#[test]
fn agent_with_autoscale_or_keda_is_the_racks_warning_once() {
    let warning = "service \"collector\": agent runs as DaemonSet; scale.autoscale and scale.keda configuration is ignored. Remove autoscale/keda or set agent:false to use autoscaling.";
    check(
        "services:\n  collector:\n    agent: true\n    scale:\n      min: 0\n      max: 0\n      autoscale:\n        cpu: {threshold: 50}\n      keda:\n        triggers: [{type: cron, metadata: {timezone: UTC}}]\n",
        &[('W', 4, warning)],
    );
    // keda without triggers is not "enabled": no warning
    check(
        "services:\n  collector:\n    agent: true\n    scale:\n      keda:\n        pollingInterval: 5\n",
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// quick fixes

/// The text after applying every text edit of the diagnostic's first fix.
fn fixed(src: &str, message: &str) -> String {
    use convox_k8s::diagnostic::Edit;
    let l = load(src);
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("{message}: {:?}", l.diagnostics));
    let mut out = src.to_string();
    let mut edits: Vec<_> = d.fixes[0]
        .edits
        .iter()
        .filter_map(|e| match e {
            Edit::Text { span, insert } => Some((span.start, span.end, insert.clone())),
            Edit::Env { .. } => None,
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (start, end, insert) in edits {
        out.replace_range(start..end, &insert);
    }
    out
}

#[test]
fn a_did_you_mean_comes_with_a_fix_that_renames_the_key() {
    let src = "servicess:\n  web:\n    health:\n      interval: 5\n";
    assert_eq!(fixed(src, "servicess"), "services:\n  web:\n    health:\n      interval: 5\n");
    let src = "services:\n  web:\n    health:\n      internal: 5\n";
    assert_eq!(fixed(src, "internal"), "services:\n  web:\n    health:\n      interval: 5\n");
    assert!(load(&fixed(src, "internal")).diagnostics.is_empty());
    // A key no known key is close to has no fix.
    let l = load("services:\n  web:\n    zzzzzz: 1\n");
    assert!(l.diagnostics[0].fixes.is_empty());
    // JSON field names in another case: rename to the field.
    let src = "services:\n  web:\n    scale:\n      keda:\n        pollinginterval: 5\n";
    assert!(fixed(src, "pollinginterval").contains("pollingInterval: 5"));
}

#[test]
fn previous_generation_keys_are_removed_or_replaced_by_their_v3_form() {
    let src = "version: \"3\"\nservices:\n  web:\n    links:\n      - db\n    expose: [\"3000\"]\n    image: nginx\n";
    assert_eq!(
        fixed(src, "version is"),
        "services:\n  web:\n    links:\n      - db\n    expose: [\"3000\"]\n    image: nginx\n"
    );
    assert_eq!(
        fixed(src, "links is"),
        "version: \"3\"\nservices:\n  web:\n    expose: [\"3000\"]\n    image: nginx\n"
    );
    assert_eq!(fixed(src, "expose is"), "version: \"3\"\nservices:\n  web:\n    links:\n      - db\n    ports: [\"3000\"]\n    image: nginx\n");
    // In a flow map only the entry goes.
    let src = "services:\n  web: {links: [db], image: nginx}\n";
    assert_eq!(fixed(src, "links is"), "services:\n  web: {image: nginx}\n");
    let src = "services:\n  web: {image: nginx, links: {a: [b]}}\n";
    assert_eq!(fixed(src, "links is"), "services:\n  web: {image: nginx, }\n");
}

#[test]
fn an_unset_variable_is_fixed_by_setting_it_in_the_release_environment() {
    use convox_k8s::diagnostic::Edit;
    let l = load("services:\n  web:\n    port: ${PORT}\n    environment:\n      - TOKEN\n");
    let env = |message: &str| -> Vec<Edit> {
        let d = l.diagnostics.iter().find(|d| d.message.contains(message)).unwrap();
        d.fixes.iter().flat_map(|f| f.edits.clone()).collect()
    };
    assert_eq!(env("${PORT} is not set"), vec![Edit::Env { name: "PORT".into(), value: String::new() }]);
    assert_eq!(env("convox env set TOKEN=…"), vec![Edit::Env { name: "TOKEN".into(), value: String::new() }]);
    let env: Env = [("PORT".to_string(), "3000".to_string()), ("TOKEN".to_string(), String::new())].into();
    assert!(manifest::load("services:\n  web:\n    port: ${PORT}\n    environment:\n      - TOKEN\n", &env)
        .diagnostics
        .is_empty());
}
