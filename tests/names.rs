//! A convox.yml that would make an invalid Kubernetes name gets an error naming the key it
//! came from, at that key's line.

use convox_k8s::output::LineIndex;
use convox_k8s::{analyze, Options};

/// Errors as `line path: message`.
fn errors(source: &str, options: &Options) -> Vec<String> {
    let index = LineIndex::new(source);
    analyze(source, options)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let line = d.span.map_or(0, |s| index.span_start(s).0);
            format!("{line} {}: {}", d.path.as_deref().unwrap_or("-"), d.message)
        })
        .collect()
}

#[test]
fn a_timer_name_too_long_for_a_cronjob_is_an_error_at_the_timer() {
    let name = "a".repeat(47); // timer-<47> = 53 characters; CronJob names stop at 52
    let source = format!("services:\n  jobs:\n    build: .\ntimers:\n  {name}:\n    schedule: \"* * * * *\"\n    command: x\n    service: jobs\n");
    let errors = errors(&source, &Options::default());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "5 timers.{name}: timers.{name} would make CronJob \"timer-{name}\" invalid"
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].ends_with("must be no more than 52 characters (it has 53)"), "{}", errors[0]);
}

#[test]
fn a_service_name_over_63_characters_is_an_error_at_the_service() {
    let name = "s".repeat(64);
    let source = format!("services:\n  {name}:\n    port: 3000\n");
    let errors = errors(&source, &Options::default());
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.starts_with(&format!("2 services.{name}"))), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("would make Service")), "{errors:#?}");
}

#[test]
fn an_app_name_that_is_not_a_dns_label_is_an_error() {
    let options = Options { app: "My_App".into(), ..Options::default() };
    let errors = errors("services:\n  web:\n    port: 3000\n", &options);
    assert!(
        errors.iter().any(|e| e.contains("would make Namespace \"my-rack-My_App\" invalid")),
        "{errors:#?}"
    );
}

#[test]
fn names_the_rack_accepts_give_no_errors() {
    let source = "services:\n  web-2:\n    port: 3000\ntimers:\n  nightly-cleanup:\n    schedule: \"0 3 * * *\"\n    command: x\n    service: web-2\n";
    assert_eq!(errors(source, &Options::default()), Vec::<String>::new());
}
