//! The playground's Resources filter, read as kubectl reads its arguments: `deploy/web` or
//! `deployment/web` (one object), `svc` or `deploy,svc` (kinds, by any name kubectl takes),
//! `kind=Deployment` (or Convox's `kind` label: `kind=postgres`), label selectors (`service=web,type=service`, `tier!=db`, `app`, `!app`,
//! also after `-l`), `-n <namespace>`, and any other word as text found in a resource's kind,
//! name, namespace, owner, pattern or labels.
//!
//! Terms combine as kubectl's do: objects and kinds are alternatives (`deploy/web svc/web`
//! lists both, like `kubectl get deploy/web svc/web`), label requirements all apply, and so do
//! namespaces and words. Each term comes back with what it was read as, an error when kubectl
//! would refuse it, and the query without it (the page's chips remove a term that way). When
//! kubectl can list exactly what the filter shows, the commands that do are returned too.

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::kinds::{self, KindNames};
use crate::catalog::Entry;
use crate::Analysis;

/// What a query matched, and how it was read.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Filtered<'a> {
    /// The keys of the matching resources, in the analysis' order.
    pub keys: Vec<&'a str>,
    pub terms: Vec<TermOut>,
    /// `kubectl get …` commands that list exactly these resources (one per namespace), when
    /// kubectl can express the query; empty otherwise.
    pub commands: Vec<String>,
}

/// One term of the query, as read.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TermOut {
    /// The term as written.
    pub text: String,
    /// `object`, `kind`, `label`, `namespace` or `text`.
    pub what: &'static str,
    /// For `kind` and `object` terms: the kind it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For a `label` term requiring `key=value`: `[key, value]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<[String; 2]>,
    /// Why kubectl would refuse the term (it then matches nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The whole query without this term.
    pub without: String,
}

/// A label requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    Absent(String),
}

impl Requirement {
    fn matches(&self, e: &Entry) -> bool {
        match self {
            Requirement::Equals(k, v) => e.labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => e.labels.get(k) != Some(v),
            Requirement::Exists(k) => e.labels.contains_key(k),
            Requirement::Absent(k) => !e.labels.contains_key(k),
        }
    }
}

/// What one part of the query means.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// `deploy/web`; `deploy/` alone is the kind.
    Object(&'static KindNames, String),
    Kind(&'static KindNames),
    /// `kind=X` where X is no kind kubectl knows: the `kind` label Convox puts on resources
    /// (`kind=postgres`), or else the kind of what has no resource name (the release).
    KindLabel(String),
    Label(Requirement),
    Namespace(String),
    /// ASCII-lowercased (ASCII case only: Unicode case tables would cost the wasm ~20 KB).
    Text(String),
    Error(String),
}

/// One whitespace-separated argument: an optional flag (`-l`, `-n`, …, as written) and its
/// comma-separated parts, each read as one term.
#[derive(Debug)]
struct Arg<'q> {
    flag: Option<&'q str>,
    /// `--selector=…`: the flag and its value are one word.
    joined: bool,
    parts: Vec<(&'q str, Term)>,
}

fn parse(query: &str) -> Vec<Arg<'_>> {
    // ASCII whitespace: what a shell splits on, without the Unicode tables.
    let mut words = query.split_ascii_whitespace().peekable();
    let mut args = Vec::new();
    while let Some(word) = words.next() {
        let (flag, joined, value) = match word {
            "-l" | "--selector" | "-n" | "--namespace" => match words.next() {
                Some(value) => (Some(word), false, value),
                // A flag still waiting for its value reads as nothing yet.
                None => continue,
            },
            "-A" | "--all-namespaces" => continue,
            _ => match ["--selector=", "--namespace=", "-l=", "-n="].iter().find(|f| word.starts_with(**f)) {
                Some(f) => (Some(&word[..f.len()]), true, &word[f.len()..]),
                None => (None, false, word),
            },
        };
        let namespace = matches!(flag, Some(f) if f.starts_with("-n") || f.starts_with("--namespace"));
        let selector = flag.is_some() && !namespace;
        let parts =
            if namespace { vec![(value, Term::Namespace(value.to_string()))] } else { read(value, selector) };
        if !parts.is_empty() {
            args.push(Arg { flag, joined, parts });
        }
    }
    args
}

/// The terms of one argument: a label selector when it has `=` or follows `-l`, a list of
/// kinds when every part is one, an object when it has `/`, else a word.
fn read(value: &str, selector: bool) -> Vec<(&str, Term)> {
    let parts = || value.split(',').filter(|p| !p.is_empty());
    if selector || value.contains('=') {
        return parts().map(|p| (p, requirement(p))).collect();
    }
    if value.contains('/') {
        return parts().map(|p| (p, object(p))).collect();
    }
    let kinds: Vec<_> = parts().map(kinds::resolve).collect();
    if !kinds.is_empty() && kinds.iter().all(Option::is_some) {
        return parts().zip(kinds).map(|(p, k)| (p, Term::Kind(k.expect("all resolved")))).collect();
    }
    vec![(value, Term::Text(value.to_ascii_lowercase()))]
}

fn unknown_type(word: &str) -> Term {
    let mut message = format!("kubectl has no resource type \"{word}\"");
    if let Some(near) = kinds::closest(word) {
        let _ = write!(message, "; did you mean \"{near}\"?");
    }
    Term::Error(message)
}

fn object(part: &str) -> Term {
    let (kind, name) = part.split_once('/').expect("has a slash");
    match kinds::resolve(kind) {
        Some(k) if name.is_empty() => Term::Kind(k),
        Some(k) if !name.contains('/') => Term::Object(k, name.to_string()),
        Some(_) => Term::Error(format!("\"{part}\": one name after the resource type")),
        None => unknown_type(kind),
    }
}

fn requirement(part: &str) -> Term {
    let (key, value, equal) = if let Some((k, v)) = part.split_once("!=") {
        (k, Some(v), false)
    } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
        (k, Some(v), true)
    } else {
        (part, None, true)
    };
    if key.eq_ignore_ascii_case("kind") && equal {
        return match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => kinds::resolve(v).map_or_else(|| Term::KindLabel(v.to_string()), Term::Kind),
            None => Term::Error("kind= needs a kind".into()),
        };
    }
    match (key.strip_prefix('!'), value) {
        (Some(k), None) if !k.is_empty() => Term::Label(Requirement::Absent(k.to_string())),
        (None, None) if !key.is_empty() => Term::Label(Requirement::Exists(key.to_string())),
        (None, Some(v)) if !key.is_empty() => {
            let (k, v) = (key.to_string(), v.to_string());
            Term::Label(if equal { Requirement::Equals(k, v) } else { Requirement::NotEquals(k, v) })
        }
        _ => {
            Term::Error(format!("\"{part}\" is not a label requirement (key=value, key!=value, key or !key)"))
        }
    }
}

/// Whether `e` carries the label `kind=<kind>`, or, without that label, is of that kind.
fn kind_label(e: &Entry, kind: &str) -> bool {
    match e.labels.get("kind") {
        Some(v) => v == kind,
        None => e.kind.eq_ignore_ascii_case(kind),
    }
}

/// The text a word is looked for in, ASCII-lowercased.
fn haystack(e: &Entry) -> String {
    let mut s = String::with_capacity(128);
    for part in [
        e.kind.as_str(),
        &e.name,
        e.namespace.as_deref().unwrap_or(""),
        e.owner.as_deref().unwrap_or(""),
        &e.pattern,
    ] {
        s.push_str(part);
        s.push(' ');
    }
    s.push_str(super::reference::concept_name(e.concept));
    for (k, v) in &e.labels {
        let _ = write!(s, " {k}={v}");
    }
    s.make_ascii_lowercase();
    s
}

/// The query, its terms read, ready to match.
struct Compiled<'q> {
    args: Vec<Arg<'q>>,
}

impl Compiled<'_> {
    fn terms(&self) -> impl Iterator<Item = &Term> {
        self.args.iter().flat_map(|a| a.parts.iter().map(|(_, t)| t))
    }

    fn matches(&self, e: &Entry) -> bool {
        let mut which = self.terms().filter(|t| matches!(t, Term::Object(..) | Term::Kind(_))).peekable();
        let is_which = |t: &Term| match t {
            Term::Object(k, name) => e.kind == k.kind && e.name == *name,
            Term::Kind(k) => e.kind == k.kind,
            _ => false,
        };
        if which.peek().is_some() && !which.any(is_which) {
            return false;
        }
        let mut namespaces = self
            .terms()
            .filter_map(|t| match t {
                Term::Namespace(n) => Some(n),
                _ => None,
            })
            .peekable();
        if namespaces.peek().is_some() && !namespaces.any(|n| e.namespace.as_deref() == Some(n.as_str())) {
            return false;
        }
        let mut hay = None;
        self.terms().all(|t| match t {
            Term::Label(r) => r.matches(e),
            Term::KindLabel(k) => kind_label(e, k),
            Term::Text(w) => hay.get_or_insert_with(|| haystack(e)).contains(w.as_str()),
            Term::Error(_) => false,
            _ => true,
        })
    }

    /// The query without part `part` of argument `arg`, its other words as written.
    fn without(&self, arg: usize, part: usize) -> String {
        let mut out = String::new();
        for (i, a) in self.args.iter().enumerate() {
            let parts: Vec<&str> = a
                .parts
                .iter()
                .enumerate()
                .filter(|(j, _)| (i, *j) != (arg, part))
                .map(|(_, (p, _))| *p)
                .collect();
            if parts.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            if let Some(flag) = a.flag {
                out.push_str(flag);
                if !a.joined {
                    out.push(' ');
                }
            }
            out.push_str(&parts.join(","));
        }
        out
    }

    /// `kubectl get` commands listing exactly `matched`, when the query has no words (kubectl
    /// cannot search text) and no errors; objects by name, else kinds and the selector.
    fn commands(&self, matched: &[&Entry]) -> Vec<String> {
        let terms: Vec<&Term> = self.terms().collect();
        if matched.is_empty()
            || terms.iter().any(|t| matches!(t, Term::Text(_) | Term::Error(_)))
            // `kind=X` is a selector only where the label, not the kind, matched.
            || terms.iter().any(|t| matches!(t, Term::KindLabel(k) if matched.iter().any(|e| e.labels.get("kind") != Some(k))))
        {
            return Vec::new();
        }
        let objects = terms.iter().any(|t| matches!(t, Term::Object(..)));
        let selector: Vec<String> = terms
            .iter()
            .filter_map(|t| match t {
                Term::Label(Requirement::Equals(k, v)) => Some(format!("{k}={v}")),
                Term::Label(Requirement::NotEquals(k, v)) => Some(format!("{k}!={v}")),
                Term::Label(Requirement::Exists(k)) => Some(k.clone()),
                Term::Label(Requirement::Absent(k)) => Some(format!("!{k}")),
                Term::KindLabel(k) => Some(format!("kind={k}")),
                _ => None,
            })
            .collect();
        // kubectl takes names or a selector, not both; and only Kubernetes objects.
        if objects && !selector.is_empty() {
            return Vec::new();
        }
        // The release is no Kubernetes object: kubectl lists the rest.
        let listed = matched.iter().filter_map(|e| kinds::resolve(&e.kind).map(|k| (*e, k)));
        let mut by_ns: Vec<(Option<&str>, Vec<String>)> = Vec::new();
        for (e, k) in listed {
            let ns = e.namespace.as_deref();
            let arg = if objects { format!("{}/{}", k.singular, e.name) } else { k.singular.to_string() };
            match by_ns.iter_mut().find(|(n, _)| *n == ns) {
                Some((_, args)) if !args.contains(&arg) => args.push(arg),
                Some(_) => {}
                None => by_ns.push((ns, vec![arg])),
            }
        }
        by_ns
            .into_iter()
            .map(|(ns, args)| {
                let mut command = String::from("kubectl get ");
                command.push_str(&args.join(if objects { " " } else { "," }));
                if let Some(ns) = ns {
                    let _ = write!(command, " -n {ns}");
                }
                if !selector.is_empty() {
                    let _ = write!(command, " -l {}", shell_word(&selector.join(",")));
                }
                command
            })
            .collect()
    }
}

/// `word` as one shell word: quoted when it holds a character the shell reads (`!`).
fn shell_word(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.,=/".contains(&b)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Filters `analysis`' resources by `query`.
pub fn filter<'a>(analysis: &'a Analysis, query: &str) -> Filtered<'a> {
    let compiled = Compiled { args: parse(query) };
    let matched: Vec<&Entry> = analysis.entries.iter().filter(|e| compiled.matches(e)).collect();
    let mut terms = Vec::new();
    for (i, a) in compiled.args.iter().enumerate() {
        for (j, (text, term)) in a.parts.iter().enumerate() {
            let (what, kind, label, error) = match term {
                Term::Object(k, _) => ("object", Some(k.kind.to_string()), None, None),
                Term::Kind(k) => ("kind", Some(k.kind.to_string()), None, None),
                Term::KindLabel(k) => ("label", Some(k.clone()), Some(["kind".to_string(), k.clone()]), None),
                Term::Label(Requirement::Equals(k, v)) => ("label", None, Some([k.clone(), v.clone()]), None),
                Term::Label(_) => ("label", None, None, None),
                Term::Namespace(_) => ("namespace", None, None, None),
                Term::Text(_) => ("text", None, None, None),
                Term::Error(m) => ("error", None, None, Some(m.clone())),
            };
            terms.push(TermOut {
                text: text.to_string(),
                what,
                kind,
                label,
                error,
                without: compiled.without(i, j),
            });
        }
    }
    Filtered {
        commands: compiled.commands(&matched),
        keys: matched.iter().map(|e| e.key.as_str()).collect(),
        terms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "\
resources:
  database:
    type: postgres
services:
  web:
    build: .
    port: 3000
    scale:
      count: 1-3
  worker:
    build: .
timers:
  cleanup:
    command: bin/cleanup
    schedule: \"0 3 * * *\"
    service: web
";

    fn analysis() -> Analysis {
        crate::analyze(MANIFEST, &crate::Options::default())
    }

    /// The `kind/name` of what `query` matches.
    fn shown(analysis: &Analysis, query: &str) -> Vec<String> {
        let f = filter(analysis, query);
        f.keys
            .iter()
            .map(|k| {
                let e = analysis.entries.iter().find(|e| e.key == *k).unwrap();
                format!("{}/{}", e.kind, e.name)
            })
            .collect()
    }

    #[test]
    fn a_kubectl_object_reference_finds_that_object_alone() {
        let a = analysis();
        for q in ["deploy/web", "deployment/web", "deployments/web", "Deployment/web", "deployments.apps/web"]
        {
            assert_eq!(shown(&a, q), ["Deployment/web"], "{q}");
        }
        assert_eq!(shown(&a, "svc/web"), ["Service/web"]);
        // Alternatives, as `kubectl get deploy/web svc/web`.
        assert_eq!(shown(&a, "deploy/web svc/web"), ["Deployment/web", "Service/web"]);
        assert!(shown(&a, "deploy/nope").is_empty());
    }

    #[test]
    fn kind_names_and_kind_equals_select_that_kind_only() {
        let a = analysis();
        let deployments = ["Deployment/resource-database", "Deployment/web", "Deployment/worker"];
        assert_eq!(shown(&a, "deploy"), deployments);
        assert_eq!(shown(&a, "kind=Deployment"), deployments);
        assert_eq!(shown(&a, "kind=deployments"), deployments);
        // `pod` is the Pods, not the HorizontalPodAutoscaler or the PodDisruptionBudget.
        let pods = shown(&a, "pod");
        assert!(!pods.is_empty() && pods.iter().all(|p| p.starts_with("Pod/")), "{pods:?}");
        assert_eq!(shown(&a, "po"), pods);
        let svc = shown(&a, "svc");
        assert!(svc.contains(&"Service/web".to_string()) && svc.iter().all(|s| s.starts_with("Service/")));
        let both = shown(&a, "deploy,svc");
        assert_eq!(both.len(), deployments.len() + svc.len());
        assert_eq!(shown(&a, "kind=Release").len(), 1);
        // A kind kubectl does not know is Convox's `kind` label of resources (`kind=postgres`).
        let postgres = shown(&a, "kind=postgres");
        assert!(
            !postgres.is_empty() && postgres.iter().all(|r| r.ends_with("resource-database")),
            "{postgres:?}"
        );
        assert_eq!(
            filter(&a, "kind=postgres").terms[0].label,
            Some(["kind".to_string(), "postgres".to_string()])
        );
    }

    #[test]
    fn label_selectors_with_several_terms_all_apply() {
        let a = analysis();
        let web = shown(&a, "service=web");
        let web_service = shown(&a, "service=web,type=service");
        assert!(web_service.len() < web.len(), "type=service narrows: {web_service:?} vs {web:?}");
        // The same selector after -l, or as two words, or with ==.
        assert_eq!(shown(&a, "-l service=web,type=service"), web_service);
        assert_eq!(shown(&a, "service=web type=service"), web_service);
        assert_eq!(shown(&a, "service==web,type=service"), web_service);
        for key in filter(&a, "service=web,type=service").keys {
            let e = a.entries.iter().find(|e| e.key == key).unwrap();
            assert_eq!(e.labels.get("service").map(String::as_str), Some("web"));
            assert_eq!(e.labels.get("type").map(String::as_str), Some("service"));
        }
        let not_web = shown(&a, "service,service!=web");
        assert!(!not_web.is_empty() && not_web.iter().all(|s| !web.contains(s)));
        // A label key holding a slash is a label, not an object.
        assert_eq!(filter(&a, "convox.com/x=y").terms[0].what, "label");
        assert_eq!(shown(&a, "deploy service=web"), ["Deployment/web"]);
    }

    #[test]
    fn words_narrow_by_kind_name_owner_and_labels() {
        let a = analysis();
        let cleanup = shown(&a, "cleanup");
        assert!(cleanup.contains(&"CronJob/timer-cleanup".to_string()), "{cleanup:?}");
        assert_eq!(shown(&a, "cronjob cleanup"), ["CronJob/timer-cleanup"]);
        assert_eq!(shown(&a, "CLEANUP").len(), cleanup.len(), "case-insensitive");
        assert!(shown(&a, "nothing-like-this").is_empty());
        assert_eq!(shown(&a, "").len(), a.entries.len());
        assert_eq!(shown(&a, "-n my-rack-my-app deploy/web"), ["Deployment/web"]);
        assert!(shown(&a, "-n other deploy/web").is_empty());
    }

    #[test]
    fn unknown_types_and_bad_requirements_say_so_and_match_nothing() {
        let a = analysis();
        let f = filter(&a, "deploi/web");
        assert!(f.keys.is_empty());
        assert_eq!(f.terms[0].what, "error");
        assert_eq!(
            f.terms[0].error.as_deref(),
            Some("kubectl has no resource type \"deploi\"; did you mean \"deploy\"?")
        );
        assert!(filter(&a, "=web").terms[0].error.is_some());
        // A flag without its value yet, and `deploy/` while typing, read as what is there.
        assert_eq!(shown(&a, "deploy/ -l"), shown(&a, "deploy"));
    }

    #[test]
    fn each_term_knows_the_query_without_it() {
        let a = analysis();
        let f = filter(&a, "deploy  -l service=web,type=service cleanup");
        let parts: Vec<(&str, &str, &str)> =
            f.terms.iter().map(|t| (t.text.as_str(), t.what, t.without.as_str())).collect();
        assert_eq!(
            parts,
            [
                ("deploy", "kind", "-l service=web,type=service cleanup"),
                ("service=web", "label", "deploy -l type=service cleanup"),
                ("type=service", "label", "deploy -l service=web cleanup"),
                ("cleanup", "text", "deploy -l service=web,type=service"),
            ]
        );
        assert_eq!(f.terms[1].label, Some(["service".to_string(), "web".to_string()]));
        assert_eq!(f.terms[0].kind.as_deref(), Some("Deployment"));
        assert_eq!(filter(&a, "kind=Release").terms[0].kind.as_deref(), Some("Release"));
        assert_eq!(filter(&a, "--selector=a=b").terms[0].without, "");
    }

    #[test]
    fn commands_list_exactly_what_the_filter_shows() {
        let a = analysis();
        let ns = "my-rack-my-app";
        assert_eq!(
            filter(&a, "deploy/web svc/web").commands,
            [format!("kubectl get deployment/web service/web -n {ns}")]
        );
        let f = filter(&a, "deploy service=web");
        assert_eq!(f.commands, [format!("kubectl get deployment -n {ns} -l service=web")]);
        let f = filter(&a, "service=web,type=service");
        assert_eq!(f.commands.len(), 1);
        let command = &f.commands[0];
        assert!(command.ends_with(&format!(" -n {ns} -l service=web,type=service")), "{command}");
        // Every kind shown, and no other, is in the command.
        let listed: std::collections::BTreeSet<&str> =
            command.split_whitespace().nth(2).unwrap().split(',').collect();
        let kinds: std::collections::BTreeSet<&str> = f
            .keys
            .iter()
            .map(|k| kinds::resolve(&a.entries.iter().find(|e| e.key == *k).unwrap().kind).unwrap().singular)
            .collect();
        assert_eq!(listed, kinds);
        assert_eq!(
            filter(&a, "service!=web").commands.first().map(|c| c.ends_with("-l 'service!=web'")),
            Some(true)
        );
        // kubectl cannot search words, nor take names with a selector.
        assert!(filter(&a, "web").commands.is_empty());
        assert!(filter(&a, "deploy/web service=web").commands.is_empty());
        assert!(filter(&a, "kind=Release").commands.is_empty());
        // Convox's own `kind` label on resources is a selector like any other.
        assert_eq!(filter(&a, "kind=postgres").commands.len(), 1);
        assert!(filter(&a, "kind=postgres").commands[0].ends_with(" -l kind=postgres"));
    }
}
