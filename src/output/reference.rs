//! The cheat sheet for one manifest: the quick reference (what the rack creates, by concept
//! and kind, with each kind's naming pattern and a command to find it), the commands that find
//! things by label, and the troubleshooting rows (symptom → cause → commands) the catalog
//! attached to each object. The playground's Quick reference and Troubleshooting tabs and
//! `convox-k8s map --format reference` all render this one structure.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::{Entry, Issue, Kubectl};
use crate::mapping::Concept;
use crate::Analysis;

/// The whole cheat sheet.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Reference<'a> {
    pub rack: &'a str,
    pub app: &'a str,
    pub namespace: &'a str,
    /// One row per (concept, kind, pattern), in apply order.
    pub quick: Vec<QuickRow<'a>>,
    /// Commands that find things: the app's namespace, each Convox label, the release.
    pub finding: Vec<Kubectl>,
    /// Troubleshooting rows, object by object in apply order.
    pub issues: Vec<&'a Issue>,
}

/// A row of the quick reference.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QuickRow<'a> {
    pub concept: Concept,
    pub kind: &'a str,
    /// The namespaces its objects live in (`null` for cluster-scoped ones).
    pub namespaces: Vec<Option<&'a str>>,
    pub names: Vec<&'a str>,
    pub pattern: &'a str,
    /// The first command of its first object.
    pub command: Option<&'a Kubectl>,
}

/// Labels the finding commands are made for, in this order.
const FINDING_LABELS: [&str; 4] = ["service", "resource", "type", "name"];

/// Builds the cheat sheet of `analysis`.
pub fn reference(analysis: &Analysis) -> Reference<'_> {
    let entries = &analysis.entries;
    let mut quick: Vec<QuickRow> = Vec::new();
    for e in entries {
        let row =
            quick.iter_mut().find(|r| r.concept == e.concept && r.kind == e.kind && r.pattern == e.pattern);
        let row = match row {
            Some(row) => row,
            None => {
                quick.push(QuickRow {
                    concept: e.concept,
                    kind: &e.kind,
                    namespaces: Vec::new(),
                    names: Vec::new(),
                    pattern: &e.pattern,
                    command: e.kubectl.first(),
                });
                quick.last_mut().expect("just pushed")
            }
        };
        let ns = e.namespace.as_deref();
        if !row.namespaces.contains(&ns) {
            row.namespaces.push(ns);
        }
        row.names.push(&e.name);
    }

    let mut finding = Vec::new();
    if !entries.is_empty() {
        finding.push(Kubectl {
            description: "Find the app's workloads, pods and Services".into(),
            command: format!("kubectl get all -n {}", analysis.namespace),
        });
    }
    // `label=value` in first-seen order, with the kinds that carry it in each namespace.
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for e in entries.iter().filter(|e| e.object.is_some()) {
        for key in FINDING_LABELS {
            if let Some(value) = e.labels.get(key) {
                if !seen.contains(&(key, value.as_str())) {
                    seen.push((key, value.as_str()));
                }
            }
        }
    }
    for (key, value) in seen {
        finding.extend(label_commands(analysis, key, value).into_iter().map(|command| Kubectl {
            description: format!("Find everything labelled {key}={value}").into(),
            command,
        }));
    }
    if let Some(release) = entries.iter().find_map(|e| e.labels.get("release")) {
        finding.push(Kubectl {
            description: format!("Find the pods of release {release}").into(),
            command: format!("kubectl get pods -n {} -l release={release}", analysis.namespace),
        });
    }

    let issues = entries.iter().flat_map(|e| &e.issues).collect();
    Reference {
        rack: &analysis.rack,
        app: &analysis.app,
        namespace: &analysis.namespace,
        quick,
        finding,
        issues,
    }
}

/// `kubectl get <kinds> -n <ns> -l key=value`, one per namespace, for the rendered objects that
/// carry the label (the label filter of the playground uses it for any label).
pub fn label_commands(analysis: &Analysis, key: &str, value: &str) -> Vec<String> {
    let mut by_ns: Vec<(&str, BTreeSet<String>)> = Vec::new();
    let labelled = analysis
        .entries
        .iter()
        .filter(|e| e.object.is_some() && e.labels.get(key).is_some_and(|v| v == value));
    for e in labelled {
        let ns = e.namespace.as_deref().unwrap_or("");
        let kind = e.kind.to_ascii_lowercase();
        match by_ns.iter_mut().find(|(n, _)| *n == ns) {
            Some((_, kinds)) => {
                kinds.insert(kind);
            }
            None => by_ns.push((ns, BTreeSet::from([kind]))),
        }
    }
    by_ns
        .into_iter()
        .map(|(ns, kinds)| {
            let kinds: Vec<String> = kinds.into_iter().collect();
            let mut command = format!("kubectl get {}", kinds.join(","));
            if !ns.is_empty() {
                // Writing to a String cannot fail.
                let _ = write!(command, " -n {ns}");
            }
            let _ = write!(command, " -l {key}={value}");
            command
        })
        .collect()
}

/// The cheat sheet as Markdown: a heading per part, tables for the quick reference and the
/// finding commands, a section per troubleshooting row.
pub fn markdown(r: &Reference) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Kubernetes reference: app `{}` on rack `{}`\n", r.app, r.rack);
    let _ = writeln!(out, "Namespace `{}`.\n", r.namespace);
    out.push_str("## Quick reference\n\n");
    out.push_str("| Convox concept | Kubernetes kind | Namespace | Names | Naming pattern | kubectl |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for row in &r.quick {
        let namespaces: Vec<&str> = row.namespaces.iter().map(|n| n.unwrap_or("(cluster)")).collect();
        let names: Vec<String> = row.names.iter().map(|n| code(n)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            concept_name(row.concept),
            row.kind,
            namespaces.join(", "),
            names.join(" "),
            code(row.pattern),
            row.command.map(|k| code(&k.command)).unwrap_or_default()
        );
    }
    out.push_str("\n## Finding things\n\n| Task | kubectl |\n|---|---|\n");
    for k in &r.finding {
        let _ = writeln!(out, "| {} | {} |", k.description, code(&k.command));
    }
    if !r.issues.is_empty() {
        out.push_str("\n## Troubleshooting\n");
        for i in &r.issues {
            let _ = writeln!(out, "\n### {}\n\n{}\n", i.symptom, i.cause);
            for k in &i.commands {
                let _ = writeln!(out, "- {}: {}", k.description, code(&k.command));
            }
        }
    }
    out
}

/// Inline code that survives a table cell: pipes escaped, backticks fenced by longer runs.
fn code(text: &str) -> String {
    let text = text.replace('|', "\\|");
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A concept as a person says it (`service`, `resource`), in the cheat sheet and group titles.
pub(crate) fn concept_name(c: Concept) -> &'static str {
    match c {
        Concept::Rack => "rack",
        Concept::App => "app",
        Concept::Service => "service",
        Concept::Resource => "resource",
        Concept::Timer => "timer",
        Concept::Balancer => "balancer",
    }
}

/// Entries whose labels match every `k=v` of `selector` (for the tests of every command).
pub fn matching<'a>(
    entries: &'a [Entry],
    namespace: Option<&str>,
    selector: &[(String, String)],
) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|e| namespace.is_none() || e.namespace.as_deref() == namespace)
        .filter(|e| selector.iter().all(|(k, v)| e.labels.get(k) == Some(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(yaml: &str) -> Analysis {
        crate::analyze(yaml, &crate::Options::default())
    }

    const APP: &str = "services:\n  web:\n    port: 3000\n    scale: 2-4\n  worker:\n    command: bin/work\nresources:\n  db:\n    type: postgres\ntimers:\n  cleanup:\n    schedule: '0 3 * * *'\n    command: bin/cleanup\n    service: worker\n";

    /// A command's `-n` namespace and `-l` pairs.
    type Selector = (Option<String>, Vec<(String, String)>);

    /// The namespace and `k=v` pairs of the `-l` in `command`.
    fn selector(command: &str) -> Option<Selector> {
        let words = shell_words::split(command).unwrap();
        let ns = words.windows(2).find(|w| w[0] == "-n").map(|w| w[1].clone());
        let l = words.windows(2).find(|w| w[0] == "-l")?;
        let pairs = l[1]
            .split(',')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        Some((ns, pairs))
    }

    /// Every fixture with its rack profile (a `rack` file of `provider=…` and parameters).
    fn fixtures() -> Vec<Analysis> {
        crate::testing::fixtures().iter().map(crate::testing::Fixture::analyze).collect()
    }

    #[test]
    fn every_selector_in_every_fixtures_reference_matches_something() {
        for a in fixtures() {
            check_reference(&a);
        }
    }

    #[test]
    fn every_selector_in_the_reference_matches_something() {
        check_reference(&analysis(APP));
    }

    fn check_reference(a: &Analysis) {
        let r = reference(a);
        let commands = r
            .finding
            .iter()
            .chain(r.quick.iter().filter_map(|q| q.command))
            .chain(r.issues.iter().flat_map(|i| &i.commands));
        let mut checked = 0;
        for k in commands {
            let Some((ns, sel)) = selector(&k.command) else { continue };
            if sel[0].0 == "kubernetes.io/service-name" {
                continue; // EndpointSlices, checked in the catalog
            }
            assert!(!matching(&a.entries, ns.as_deref(), &sel).is_empty(), "{} matches nothing", k.command);
            checked += 1;
        }
        assert!(checked > 1 || a.entries.is_empty(), "only {checked} selectors checked");
    }

    /// Every command the core offers runs as copied: no `<placeholder>` (a redirect in a
    /// shell) in any object's commands, troubleshooting row, quick-reference row, finding
    /// command or label command, over every fixture on its rack profile.
    #[test]
    fn no_command_in_any_fixture_has_a_placeholder() {
        let mut checked = 0;
        for a in fixtures() {
            let r = reference(&a);
            let mut commands: Vec<String> = r
                .finding
                .iter()
                .chain(r.quick.iter().filter_map(|q| q.command))
                .chain(r.issues.iter().flat_map(|i| &i.commands))
                .chain(
                    a.entries
                        .iter()
                        .flat_map(|e| e.kubectl.iter().chain(e.issues.iter().flat_map(|i| &i.commands))),
                )
                .map(|k| k.command.clone())
                .collect();
            for e in &a.entries {
                for (key, value) in &e.labels {
                    commands.extend(label_commands(&a, key, value));
                }
            }
            for c in &commands {
                assert!(!c.contains('<') && !c.contains('>'), "{}: {c}", a.app);
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} commands");
    }

    #[test]
    fn quick_rows_group_by_concept_kind_and_pattern() {
        let a = analysis(APP);
        let r = reference(&a);
        let deployments: Vec<_> = r.quick.iter().filter(|q| q.kind == "Deployment").collect();
        assert_eq!(deployments.len(), 2, "service and resource Deployments are separate rows");
        let svc = deployments.iter().find(|q| q.concept == Concept::Service).unwrap();
        assert_eq!(svc.names, ["web", "worker"]);
        assert_eq!(svc.pattern, "<service-name>");
    }

    #[test]
    fn label_commands_name_the_kinds_that_carry_the_label() {
        let a = analysis(APP);
        assert_eq!(
            label_commands(&a, "service", "web"),
            ["kubectl get deployment,horizontalpodautoscaler,ingress,poddisruptionbudget,secret,service,serviceaccount -n my-rack-my-app -l service=web"]
        );
        assert!(label_commands(&a, "service", "nope").is_empty());
    }

    #[test]
    fn markdown_has_the_three_parts_and_escapes_pipes() {
        let a = analysis(APP);
        let md = markdown(&reference(&a));
        assert!(
            md.contains("## Quick reference")
                && md.contains("## Finding things")
                && md.contains("## Troubleshooting")
        );
        assert!(md.contains("### web: the deploy fails or rolls back"));
        assert_eq!(code("a | b"), "`a \\| b`");
        assert_eq!(code("echo `x`"), "`` echo `x` ``");
    }
}
