//! Loading convox.yml: the rack's fixtures, shorthand forms, defaults, positions, diagnostics.

use convox_k8s::manifest::{self, Env, Loaded, Manifest, Service};
use convox_k8s::{Diagnostic, Severity};

macro_rules! testdata {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/convox-testdata/", $name))
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
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/convox-testdata");
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
        ..Service::default()
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
            ('W', 18, "required env: OTHERGLOBAL (the rack will refuse to deploy until: convox env set OTHERGLOBAL=…)".to_string()),
            ('W', 42, "required env: SECRET (the rack will refuse to deploy until: convox env set SECRET=…)".to_string()),
            ('W', 66, "required env: SECRET (the rack will refuse to deploy until: convox env set SECRET=…)".to_string()),
            // inherit's environment comes from proxy through the `<<` merge
            ('W', 66, "required env: SECRET (the rack will refuse to deploy until: convox env set SECRET=…)".to_string()),
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
            "required env: REQUIRED (the rack will refuse to deploy until: convox env set REQUIRED=…)",
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
    let src =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/complete-example.convox.yml"));
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
