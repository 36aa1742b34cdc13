//! Sharing work without the release environment's values: a link or the work a browser keeps
//! carries the manifest and the rack's options, and for each release variable either its value
//! (when the sender asks) or a stand-in chosen here, so that the receiver's analysis is the
//! sender's: the same objects, the same option errors, the same diagnostics at the same places.
//!
//! Release variables are often secrets, and a link pasted into public docs would show them. But
//! dropping them changes what a manifest maps to: a required variable left unset is a warning,
//! an unset `${WEB_HOST}` leaves `domain:` empty and the Ingress goes. So each value not shared
//! gets a stand-in, leaking as little as possible of it:
//! 1. [`NOT_SHARED`] for every value (an empty value stays empty);
//! 2. when that analysis differs from the sender's, a stand-in of the same shape for each
//!    interpolated variable ([`shape_of`]: `8080` → `1010`, `api.Example.com` → `xxx.Xxxxxxx.xxx`),
//!    then each one back to [`NOT_SHARED`] wherever that still reproduces the sender's analysis;
//! 3. when neither does, [`SharedEnv::differences`] says what the receiver will see instead.
//!
//! Analyses are compared by what a person sees change: the objects (their keys, in order), the
//! option errors, and the diagnostics by severity and place — not by message, since messages
//! may quote the values.

use crate::sorted::sorted_map;
use std::collections::BTreeSet;

use serde::Serialize;

use crate::manifest::Env;
use crate::{analyze, Analysis, Diagnostic, OptionError, Options, Severity, Span};

/// The stand-in for a value that was not shared.
pub const NOT_SHARED: &str = "not-shared";

/// What a link (or the kept work) carries of the release environment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SharedEnv {
    /// The values shared: every real value when the sender asked, else none.
    pub env: Env,
    /// The stand-in of each variable whose value is not shared (the withheld ones keep theirs).
    pub stand_ins: Env,
    /// In plain words, how the receiver's output differs from the sender's when no stand-ins
    /// reproduce it (the sender may then share the values); `None` when they do.
    pub differences: Option<String>,
}

/// What the receiver of `source` with `options` gets of its release environment (`options.env`,
/// of which [`Options::withheld`] are stand-ins already): the values when `include_values`, else a
/// stand-in for each, chosen so that the receiver's analysis is the sender's.
pub fn share_env(source: &str, options: &Options, include_values: bool) -> SharedEnv {
    let sender = Options { why_not: false, ..options.clone() };
    share_env_with(source, options, &analyze(source, &sender), include_values)
}

/// [`share_env`] with the sender's analysis of `source` and `options` at hand (the playground's
/// workspace holds it): its objects and diagnostics are compared, its option errors are the
/// core's ([`crate::option_errors`]), whatever a caller added to them.
pub fn share_env_with(source: &str, options: &Options, sender: &Analysis, include_values: bool) -> SharedEnv {
    let (standing, real): (Env, Env) = options
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(k, _)| options.withheld.contains(k));
    if include_values || real.is_empty() {
        let env = if include_values { real } else { Env::new() };
        return SharedEnv { env, stand_ins: standing, differences: None };
    }
    let core_errors = crate::option_errors(options);
    let want = Seen::of(&sender.entries, &sender.diagnostics, &core_errors);
    let analysed = |stand_ins: &Env| {
        let mut env = standing.clone();
        env.extend(stand_ins.iter().map(|(k, v)| (k.clone(), v.clone())));
        let withheld: BTreeSet<String> = env.keys().cloned().collect();
        analyze(source, &Options { env, withheld, why_not: false, ..options.clone() })
    };
    let matches = |stand_ins: &Env| {
        let a = analysed(stand_ins);
        Seen::of(&a.entries, &a.diagnostics, &a.option_errors) == want
    };
    let not_shared: Env = sorted_map(
        real.iter()
            .map(|(k, v)| (k.clone(), if v.is_empty() { String::new() } else { NOT_SHARED.to_string() })),
    );
    let shared = |stand_ins: Env, differences| {
        let mut all = standing.clone();
        all.extend(stand_ins);
        SharedEnv { env: Env::new(), stand_ins: all, differences }
    };
    if matches(&not_shared) {
        return shared(not_shared, None);
    }
    let interpolated: Vec<String> = crate::manifest::references(source)
        .into_iter()
        .filter(|n| real.get(n).is_some_and(|v| !v.is_empty()))
        .collect();
    if !interpolated.is_empty() {
        let mut shaped = not_shared.clone();
        for name in &interpolated {
            shaped.insert(name.clone(), shape_of(&real[name]));
        }
        if matches(&shaped) {
            // Each back to the plain stand-in where the shape is not what keeps the output.
            for name in &interpolated {
                let mut plainer = shaped.clone();
                plainer.insert(name.clone(), NOT_SHARED.to_string());
                if matches(&plainer) {
                    shaped = plainer;
                }
            }
            return shared(shaped, None);
        }
    }
    let names: Vec<&str> = if interpolated.is_empty() {
        real.keys().map(String::as_str).collect()
    } else {
        interpolated.iter().map(String::as_str).collect()
    };
    let theirs = analysed(&not_shared);
    let differences = differences(&names, sender, &theirs);
    shared(not_shared, Some(differences))
}

/// A stand-in of the same shape as `value`: ASCII lowercase letters become `x`, uppercase `X`,
/// digits 1–9 `1` (0 stays, so `8080` is still a port and `0.5` still a fraction), everything
/// else stays (dots, dashes, slashes: a host stays a host, a URL a URL).
pub fn shape_of(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'a'..='z' => 'x',
            'A'..='Z' => 'X',
            '1'..='9' => '1',
            other => other,
        })
        .collect()
}

/// What a person sees change between two analyses: the objects, the option errors, and where
/// each diagnostic is and how severe (messages may quote the values, places do not).
#[derive(Debug, PartialEq, Eq)]
struct Seen<'a> {
    keys: Vec<&'a str>,
    diagnostics: Vec<(Severity, Option<Span>)>,
    option_errors: Vec<(&'a str, &'a str)>,
}

impl<'a> Seen<'a> {
    fn of(
        entries: &'a [crate::catalog::Entry],
        diagnostics: &[Diagnostic],
        option_errors: &'a [OptionError],
    ) -> Seen<'a> {
        Seen {
            keys: entries.iter().map(|e| e.key.as_str()).collect(),
            diagnostics: diagnostics.iter().map(|d| (d.severity, d.span)).collect(),
            option_errors: option_errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect(),
        }
    }
}

/// "Without the values of WEB_HOST, the page shows 12 resources and 3 warnings instead of 14
/// resources and no problems." (what a link's receiver, or the sender after a reload, sees)
fn differences(names: &[&str], sender: &Analysis, receiver: &Analysis) -> String {
    let (yours, theirs) = (counts(sender), counts(receiver));
    let without =
        format!("Without the {} of {}", if names.len() == 1 { "value" } else { "values" }, list(names));
    if yours == theirs {
        format!(
            "{without}, the page shows other resources or problems than yours (the same counts: {yours})."
        )
    } else {
        format!("{without}, the page shows {theirs} instead of {yours}.")
    }
}

/// "14 resources, 1 error and 3 warnings"; "2 resources and no problems".
fn counts(a: &Analysis) -> String {
    let errors = a.diagnostics.iter().filter(|d| d.is_error()).count() + a.option_errors.len();
    let warnings = a.diagnostics.len() + a.option_errors.len() - errors;
    let n = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![n(a.entries.len(), "resource")];
    if errors > 0 {
        parts.push(n(errors, "error"));
    }
    if warnings > 0 {
        parts.push(n(warnings, "warning"));
    }
    if parts.len() == 1 {
        parts.push("no problems".to_string());
    }
    list(&parts.iter().map(String::as_str).collect::<Vec<_>>())
}

/// "A", "A and B", "A, B and C".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str =
        "environment:\n  - DB_PASSWORD\nservices:\n  web:\n    port: 3000\n    domain: ${WEB_HOST}\n";

    fn options(env: &[(&str, &str)]) -> Options {
        Options {
            env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            ..Options::default()
        }
    }

    fn seen(source: &str, options: &Options) -> (Vec<String>, Vec<(Severity, Option<Span>)>) {
        let a = analyze(source, options);
        (
            a.entries.iter().map(|e| e.key.clone()).collect(),
            a.diagnostics.iter().map(|d| (d.severity, d.span)).collect(),
        )
    }

    /// The receiver's options: the shared values, the stand-ins marked withheld.
    fn received(shared: &SharedEnv) -> Options {
        let mut o = options(&[]);
        o.env = shared.env.clone();
        for (k, v) in &shared.stand_ins {
            o.env.insert(k.clone(), v.clone());
            o.withheld.insert(k.clone());
        }
        o
    }

    #[test]
    fn values_not_shared_stand_in_as_not_shared_and_the_receiver_sees_what_the_sender_saw() {
        let sender = options(&[("WEB_HOST", "www.example.com"), ("DB_PASSWORD", "hunter2"), ("EMPTY", "")]);
        let shared = share_env(WEB, &sender, false);
        assert!(shared.env.is_empty());
        let stand_ins: Vec<(&str, &str)> =
            shared.stand_ins.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(stand_ins, [("DB_PASSWORD", NOT_SHARED), ("EMPTY", ""), ("WEB_HOST", NOT_SHARED)]);
        assert_eq!(shared.differences, None);
        assert_eq!(seen(WEB, &received(&shared)), seen(WEB, &sender));
        // Without stand-ins the receiver would see other diagnostics (the required variable).
        assert_ne!(seen(WEB, &options(&[])), seen(WEB, &sender));
        assert_eq!(analyze(WEB, &received(&shared)).withheld, ["DB_PASSWORD", "EMPTY", "WEB_HOST"]);
    }

    #[test]
    fn included_values_are_shared_as_they_are() {
        let sender = options(&[("WEB_HOST", "www.example.com")]);
        let shared = share_env(WEB, &sender, true);
        assert_eq!(shared.env, sender.env);
        assert!(shared.stand_ins.is_empty() && shared.differences.is_none());
    }

    #[test]
    fn a_value_whose_form_matters_gets_a_stand_in_of_its_shape_and_only_that_one() {
        let source = "services:\n  web:\n    port: ${PORT}\n    domain: ${WEB_HOST}\n";
        let sender = options(&[("PORT", "8080"), ("WEB_HOST", "www.Example.com")]);
        let shared = share_env(source, &sender, false);
        assert_eq!(shared.stand_ins["PORT"], "1010", "a port stays a port");
        assert_eq!(
            shared.stand_ins["WEB_HOST"], NOT_SHARED,
            "back to the plain stand-in where that keeps the output"
        );
        assert_eq!(shared.differences, None);
        assert_eq!(seen(source, &received(&shared)), seen(source, &sender));
    }

    #[test]
    fn withheld_values_keep_their_stand_in() {
        let source = "services:\n  web:\n    port: ${PORT}\n";
        let mut sender = options(&[("PORT", "1010"), ("TOKEN", "secret")]);
        sender.withheld.insert("PORT".into());
        let shared = share_env(source, &sender, true);
        assert_eq!(shared.env, options(&[("TOKEN", "secret")]).env, "only the real values are shared");
        assert_eq!(shared.stand_ins, options(&[("PORT", "1010")]).env);
        let shared = share_env(source, &sender, false);
        assert_eq!(shared.stand_ins, options(&[("PORT", "1010"), ("TOKEN", NOT_SHARED)]).env);
    }

    #[test]
    fn when_no_stand_in_reproduces_the_output_the_difference_is_said_in_plain_words() {
        // The letters of the value are what matters: no stand-in keeps it.
        let source = "resources:\n  db:\n    type: ${DB_TYPE}\nservices:\n  web:\n    port: 3000\n    resources:\n      - db\n";
        let sender = options(&[("DB_TYPE", "postgres"), ("TOKEN", "x")]);
        let a = analyze(source, &sender);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let shared = share_env(source, &sender, false);
        assert_eq!(
            shared.stand_ins["DB_TYPE"], NOT_SHARED,
            "the plainest stand-in when none keeps the output"
        );
        let b = analyze(source, &received(&shared));
        let said = shared.differences.expect("the difference is said");
        assert_eq!(
            said,
            format!("Without the value of DB_TYPE, the page shows {} instead of {}.", counts(&b), counts(&a)),
            "only the interpolated variable is named"
        );
        assert!(said.contains(" resources and no problems."), "{said}");
    }

    #[test]
    fn shapes_keep_the_form_and_hide_the_letters() {
        assert_eq!(shape_of("8080"), "1010");
        assert_eq!(shape_of("https://api.Example.com:443/v1"), "xxxxx://xxx.Xxxxxxx.xxx:111/x1");
        assert_eq!(shape_of("0.5"), "0.1");
    }

    #[test]
    fn counts_read_as_a_sentence() {
        assert_eq!(list(&["A"]), "A");
        assert_eq!(list(&["A", "B", "C"]), "A, B and C");
        let a = analyze("services:\n  web:\n    port: 3000\n", &Options::default());
        assert_eq!(counts(&a), format!("{} resources and no problems", a.entries.len()));
    }
}
