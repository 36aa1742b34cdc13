//! The `convox-k8s map` command line: formats, options, stderr diagnostics and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_convox-k8s"))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}/convox.yml", env!("CARGO_MANIFEST_DIR"))
}

fn testdata(name: &str) -> String {
    format!("{}/tests/corpus/convox/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child =
        bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn yaml_is_the_default_format_and_a_multi_document_stream() {
    let out = run(&["map", &fixture("web-app")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // A comment listing the stand-in values, then the documents.
    let (header, stream) = stdout.split_once("\n---\n").expect("a document");
    assert!(header.lines().all(|l| l.starts_with('#')), "{header}");
    assert!(header.contains("RACK-API-PASSWORD"), "{header}");
    let docs: Vec<serde_yaml::Value> = stream
        .split("---\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| serde_yaml::from_str(d).unwrap())
        .collect();
    assert!(docs.iter().any(|d| d["kind"] == "Deployment" && d["metadata"]["name"] == "web"));
    assert!(docs.iter().all(|d| d["apiVersion"].is_string()));
}

#[test]
fn rack_app_and_release_options_reach_the_objects() {
    let out = run(&[
        "map",
        &fixture("web-app"),
        "--rack",
        "prod",
        "--app",
        "shop",
        "--release",
        "RXYZ",
        "--build",
        "BXYZ",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["namespace"], "prod-shop");
    let deploy = json["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "Deployment").unwrap();
    assert_eq!(deploy["namespace"], "prod-shop");
    assert_eq!(deploy["labels"]["release"], "RXYZ");
    let image = deploy["object"]["spec"]["template"]["spec"]["containers"][0]["image"].as_str().unwrap();
    assert!(image.ends_with("/prod/shop:web.BXYZ"), "{image}");
}

#[test]
fn env_flags_and_env_files_set_the_release_environment() {
    let dir = std::env::temp_dir().join(format!("convox-k8s-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env_file = dir.join("release.env");
    std::fs::write(&env_file, "# release\nWEB_HOST=from-file.example.com\n\nDATABASE_URL=postgres://x\n")
        .unwrap();
    let out = run(&[
        "map",
        &fixture("seed-example"),
        "--env-file",
        env_file.to_str().unwrap(),
        "--env",
        "WEB_HOST=www.example.com",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ingress = json["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "Ingress").unwrap();
    let hosts = ingress["object"]["spec"]["rules"].to_string();
    assert!(hosts.contains("www.example.com"), "--env wins over --env-file: {hosts}");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("required env:"), "{stderr}");
}

#[test]
fn table_lists_kind_name_namespace_and_pattern() {
    let out = run(&["map", &fixture("timers"), "--format", "table"]);
    let stdout = text(&out.stdout);
    let header = stdout.lines().next().unwrap();
    assert!(header.starts_with("KIND") && header.contains("NAMESPACE") && header.contains("PATTERN"));
    let row = stdout.lines().find(|l| l.starts_with("CronJob") && l.contains("timer-nightly")).unwrap();
    assert!(row.contains("my-rack-my-app") && row.contains("timer-<timer-name>"), "{row}");
}

#[test]
fn errors_go_to_stderr_with_file_line_and_column_and_exit_1() {
    let file = testdata("validate.yml");
    let out = run(&["map", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no YAML when there are errors");
    let stderr = text(&out.stderr);
    let first = stderr.lines().next().unwrap();
    assert!(first.starts_with(&format!("{file}:")), "{first}");
    assert!(stderr.contains(": error: balancer alpha has no ports"), "{stderr}");
}

#[test]
fn an_invalid_rack_name_is_one_error_about_the_flag_not_one_per_object() {
    let out = run(&["map", &fixture("web-app"), "--rack", "my rack"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(
        errors,
        ["--rack: error: rack name \"my rack\" is not one a rack can have: rack name must start with a lowercase letter and contain only lowercase alphanumeric characters and hyphens"],
    );
    let out = run(&["map", &fixture("web-app"), "--rack", "my rack", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["optionErrors"][0]["field"], "rack");
}

#[test]
fn json_is_still_printed_when_there_are_errors() {
    let out = run(&["map", &testdata("validate.yml"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert!(first["line"].as_u64().unwrap() >= 1);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let out = run_stdin(&["map", "-", "--format", "table"], b"services:\n  web:\n    port: 3000\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Deployment"));
}

#[test]
fn syntax_errors_name_stdin_and_the_line() {
    let out = run_stdin(&["map", "-"], b"services:\n  web:\n    port: [3000\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("<stdin>:"), "{stderr}");
    assert!(stderr.contains(": error: "), "{stderr}");
}

#[test]
fn binary_input_gives_a_diagnostic_not_a_panic() {
    let out = run_stdin(&["map", "-"], &[0xff, 0xfe, 0x00, 0x01, b'\n', 0x80]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["map", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["map", "--env", "NOEQUALS"]).status.code(), Some(2));
    assert_eq!(run(&["map", "/no/such/convox.yml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_refused_release_says_so_first_in_the_text_formats_and_prints_no_yaml() {
    let refused = b"services:\n  web:\n    port: 3000\n    internalRouter: true\n";
    let out = run_stdin(&["map", "-", "--format", "table"], refused);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "The rack refuses this release: 1 error. The objects shown are what it creates once it is fixed.\n\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Deployment"), "the objects follow: {stdout}");
    let reference = text(&run_stdin(&["map", "-", "--format", "reference"], refused).stdout);
    assert!(reference.starts_with("> **The rack refuses this release: 1 error."), "{reference}");
    let yaml = run_stdin(&["map", "-"], refused);
    assert_eq!((yaml.status.code(), text(&yaml.stdout)), (Some(1), String::new()), "nothing to apply");
    assert!(
        text(&yaml.stderr).ends_with("The rack refuses this release: 1 error.\n"),
        "{}",
        text(&yaml.stderr)
    );
    // An accepted release says nothing of the kind.
    let fine = run_stdin(&["map", "-", "--format", "table"], b"services:\n  web:\n    port: 3000\n");
    assert_eq!(fine.status.code(), Some(0));
    assert!(!text(&fine.stdout).contains("refuses") && !text(&fine.stderr).contains("refuses"));
}
