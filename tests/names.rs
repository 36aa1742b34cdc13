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
    assert!(errors.iter().any(|e| e.contains(&format!(" Service \"{name}\""))), "{errors:#?}");
    // One error per problem, naming every object it makes invalid (not one per object).
    let too_long = "invalid: its name must be no more than 63 characters (it has 64)";
    let named: Vec<_> = errors.iter().filter(|e| e.ends_with(too_long)).collect();
    assert_eq!(named.len(), 1, "{errors:#?}");
    assert!(named[0].contains(&format!("Ingress \"{name}\", ServiceAccount \"{name}\"")), "{errors:#?}");
}

/// `(field, message)` of each option error.
fn option_errors(source: &str, options: &Options) -> Vec<(String, String)> {
    analyze(source, options).option_errors.into_iter().map(|e| (e.field, e.message)).collect()
}

const WEB: &str = "services:\n  web:\n    port: 3000\n    volumes:\n      - /data\ntimers:\n  nightly:\n    schedule: \"0 3 * * *\"\n    command: x\n    service: web\n";

#[test]
fn an_app_name_that_is_not_a_dns_label_is_one_error_at_the_app_field() {
    let options = Options { app: "My_App".into(), ..Options::default() };
    assert_eq!(
        option_errors(WEB, &options),
        [(
            "app".to_string(),
            "app name \"My_App\" must consist of lowercase letters, digits and '-' (it names the app's namespace \"my-rack-My_App\" and its containers)".to_string()
        )]
    );
    assert_eq!(errors(WEB, &options), Vec::<String>::new(), "not once more per object");
}

#[test]
fn an_invalid_rack_name_is_one_error_at_the_rack_field_in_the_convox_clis_words() {
    let options = Options { rack: "my rack".into(), ..Options::default() };
    assert_eq!(
        option_errors(WEB, &options),
        [(
            "rack".to_string(),
            "rack name \"my rack\" is not one a rack can have: rack name must start with a lowercase letter and contain only lowercase alphanumeric characters and hyphens".to_string()
        )]
    );
    assert_eq!(errors(WEB, &options), Vec::<String>::new(), "not once more per object");
    // Too long for its namespace: one error, at the rack, not a second at the app namespace.
    let options = Options { rack: "r".repeat(60), ..Options::default() };
    let found = option_errors(WEB, &options);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "rack");
    assert!(
        found[0].1.ends_with("must be no more than 63 characters (it has 67): shorten the rack name"),
        "{found:#?}"
    );
    assert_eq!(errors(WEB, &options), Vec::<String>::new());
}

#[test]
fn reserved_app_names_release_ids_and_env_keys_are_errors_at_their_fields() {
    let options = Options { app: "system".into(), ..Options::default() };
    assert_eq!(
        option_errors(WEB, &options),
        [(
            "app".to_string(),
            "app name \"system\" is not one an app can have: app name is reserved".to_string()
        )]
    );
    let options = Options { release: "R 1".into(), ..Options::default() };
    assert_eq!(option_errors(WEB, &options)[0].0, "release");
    assert_eq!(errors(WEB, &options), Vec::<String>::new());
    let options = Options { env: [("MY KEY".to_string(), "1".to_string())].into(), ..Options::default() };
    assert_eq!(option_errors(WEB, &options)[0].0, "env");
    assert!(analyze(WEB, &options).has_errors());
}

#[test]
fn env_lines_without_a_name_and_equals_sign_are_errors_with_their_line() {
    let (env, problems) = convox_k8s::env::read("# release env\nA=1\n\nB\n=2\nC= spaced = value \n");
    let errors: Vec<_> = problems.iter().map(|p| p.option_error()).collect();
    assert_eq!(
        env,
        [("A".to_string(), "1".to_string()), ("C".to_string(), " spaced = value ".to_string())].into()
    );
    let messages: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            ("env", "line 4: \"B\" has no '=': write B=<value> (convox env set skips such a line)"),
            ("env", "line 5: \"=2\" has no name before '=' (convox env set skips such a line)"),
        ]
    );
}

#[test]
fn names_the_rack_accepts_give_no_errors() {
    let source = "services:\n  web-2:\n    port: 3000\ntimers:\n  nightly-cleanup:\n    schedule: \"0 3 * * *\"\n    command: x\n    service: web-2\n";
    assert_eq!(errors(source, &Options::default()), Vec::<String>::new());
}

#[test]
fn names_nobody_chose_are_listed_longest_first_until_set() {
    let texts = |o: &Options| o.default_names().into_iter().map(|n| n.text).collect::<Vec<_>>();
    assert_eq!(
        texts(&Options::default()),
        ["my-rack-my-app", "my-rack-system", "RABC1234DEF", "BABC1234DEF", "my-rack", "my-app"]
    );
    let named = Options { rack: "prod".into(), release: "R1".into(), ..Options::default() };
    assert_eq!(texts(&named), ["BABC1234DEF", "my-app"]);
    let all = Options {
        rack: "prod".into(),
        app: "shop".into(),
        release: "R1".into(),
        build: "B1".into(),
        ..Options::default()
    };
    assert!(texts(&all).is_empty());
}

#[test]
fn the_verdict_counts_errors_and_warnings_in_one_sentence() {
    let refused =
        analyze("services:\n  web:\n    port: 3000\n    internalRouter: true\n", &Options::default())
            .verdict();
    assert!(refused.refused);
    assert_eq!((refused.errors, refused.summary.as_str()), (1, "The rack refuses this release: 1 error."));
    assert_eq!(
        refused.once_fixed.as_deref(),
        Some("The objects shown are what it creates once it is fixed.")
    );
    let warned = analyze("services:\n  web:\n    memory: 1\n", &Options::default()).verdict();
    assert_eq!(
        (warned.refused, warned.summary.as_str()),
        (false, "The rack accepts this release, with 1 warning.")
    );
    assert_eq!(analyze(WEB, &Options::default()).verdict().summary, "The rack accepts this release.");
}
