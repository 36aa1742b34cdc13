//! The outline of an analysis: its resources in groups, one per convox.yml owner (`service
//! web`, `resource database`, `timer cleanup`, `balancer tcp-lb`) in the order the manifest
//! declares them, plus one "rack and app" group for the namespaces and app-wide objects. Each
//! group is led by its main object — the workload a person looks at first — then the rest in
//! apply order, run-time objects last. The playground renders these groups and their outline
//! (jump list) as given; it never groups or orders anything itself.

use serde::Serialize;

use super::reference::concept_name;
use crate::catalog::Entry;
use crate::mapping::Concept;
use crate::Analysis;

/// One group of resources.
#[derive(Debug, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Group<'a> {
    /// Unique within the analysis: `rack` for the rack-and-app group, else `<concept>/<owner>`.
    pub id: String,
    /// What a person reads: `service web`, `rack and app`.
    pub title: String,
    /// `rack` for the rack-and-app group (namespaces, release, app-wide objects).
    pub concept: Concept,
    pub owner: Option<&'a str>,
    /// The key of the group's main object, when it has one: a service's Deployment or
    /// DaemonSet, a timer's CronJob, a resource's Deployment (containerized) or ConfigMap
    /// (managed), a balancer's Service, the app's Namespace.
    pub lead: Option<&'a str>,
    /// Every resource key of the group, the lead first, then in apply order.
    pub keys: Vec<&'a str>,
}

/// The kinds that lead a group of `concept`, best first.
fn lead_kinds(concept: Concept) -> &'static [&'static str] {
    match concept {
        Concept::Service => &["Deployment", "DaemonSet"],
        Concept::Timer => &["CronJob"],
        Concept::Resource => &["Deployment", "ConfigMap"],
        Concept::Balancer => &["Service"],
        Concept::Rack | Concept::App => &["Namespace"],
    }
}

/// A group being gathered: who it is, where convox.yml first mentions it, its entries.
type Gathering<'a> = ((Concept, Option<&'a str>), Option<usize>, Vec<&'a Entry>);

/// The group an entry belongs to: the rack and the app share one.
fn group_of(e: &Entry) -> (Concept, Option<&str>) {
    match e.concept {
        Concept::Rack | Concept::App => (Concept::Rack, None),
        c => (c, e.owner.as_deref()),
    }
}

/// The groups of `analysis`: the rack-and-app group first (the context every other group lives
/// in), then one per owner in the order convox.yml declares it (by where its objects' source
/// starts), owners without a source last in apply order.
pub fn groups(analysis: &Analysis) -> Vec<Group<'_>> {
    // (group, first source offset, entries in apply order)
    let mut found: Vec<Gathering> = Vec::new();
    let mut index = crate::hashed::HashMap::default();
    for e in &analysis.entries {
        let g = group_of(e);
        let i = *index.entry(g).or_insert_with(|| {
            found.push((g, None, Vec::new()));
            found.len() - 1
        });
        let slot = &mut found[i];
        if let Some(s) = &e.source {
            slot.1 = Some(slot.1.map_or(s.range.start, |at: usize| at.min(s.range.start)));
        }
        slot.2.push(e);
    }
    // Stable: groups at the same place (or with no place) keep apply order.
    found.sort_by_key(|((concept, _), at, _)| (*concept != Concept::Rack, at.is_none(), *at));
    found
        .into_iter()
        .map(|((concept, owner), _, entries)| {
            let objects = || entries.iter().filter(|e| e.object.is_some());
            let lead = lead_kinds(concept).iter().find_map(|kind| {
                // The app's Namespace leads the rack-and-app group, not the rack's.
                let mut of_kind = objects().filter(|e| e.kind == *kind);
                if concept == Concept::Rack {
                    of_kind.find(|e| e.concept == Concept::App)
                } else {
                    of_kind.next()
                }
            });
            let lead = lead.map(|e| e.key.as_str());
            let mut keys: Vec<&str> = Vec::with_capacity(entries.len());
            keys.extend(lead);
            keys.extend(objects().map(|e| e.key.as_str()).filter(|k| Some(*k) != lead));
            keys.extend(entries.iter().filter(|e| e.object.is_none()).map(|e| e.key.as_str()));
            let (id, title) = match (concept, owner) {
                (Concept::Rack, _) => ("rack".to_string(), "rack and app".to_string()),
                (c, Some(o)) => (format!("{}/{o}", concept_name(c)), format!("{} {o}", concept_name(c))),
                (c, None) => (concept_name(c).to_string(), concept_name(c).to_string()),
            };
            Group { id, title, concept, owner, lead, keys }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(source: &str) -> Vec<(String, Option<String>, Vec<String>)> {
        let analysis = crate::analyze(source, &crate::Options::default());
        groups(&analysis)
            .into_iter()
            .map(|g| (g.title, g.lead.map(str::to_string), g.keys.into_iter().map(str::to_string).collect()))
            .collect()
    }

    const MANIFEST: &str = "\
timers:
  cleanup:
    command: bin/cleanup
    schedule: \"0 3 * * *\"
    service: web
services:
  worker:
    build: .
  web:
    build: .
    port: 3000
  agent:
    build: .
    agent: true
resources:
  database:
    type: postgres
  analytics:
    type: rds-postgres
";

    #[test]
    fn groups_follow_the_manifest_order_after_the_rack_and_app_group() {
        let titles: Vec<String> = outline(MANIFEST).into_iter().map(|g| g.0).collect();
        assert_eq!(
            titles,
            [
                "rack and app",
                "timer cleanup",
                "service worker",
                "service web",
                "service agent",
                "resource database",
                "resource analytics"
            ]
        );
    }

    #[test]
    fn each_group_is_led_by_its_main_object() {
        let ns = "my-rack-my-app";
        let lead = |title: &str| {
            outline(MANIFEST).into_iter().find(|g| g.0 == title).and_then(|g| g.1).expect(title)
        };
        assert_eq!(lead("rack and app"), format!("Namespace//{ns}"));
        assert_eq!(lead("service web"), format!("Deployment/{ns}/web"));
        assert_eq!(lead("service agent"), format!("DaemonSet/{ns}/agent"));
        assert_eq!(lead("timer cleanup"), format!("CronJob/{ns}/timer-cleanup"));
        assert_eq!(lead("resource database"), format!("Deployment/{ns}/resource-database"));
        assert_eq!(lead("resource analytics"), format!("ConfigMap/{ns}/resource-analytics"));
    }

    #[test]
    fn every_resource_is_in_exactly_one_group_lead_first_run_time_objects_last() {
        let analysis = crate::analyze(MANIFEST, &crate::Options::default());
        let groups = groups(&analysis);
        let mut all: Vec<&str> = groups.iter().flat_map(|g| g.keys.iter().copied()).collect();
        all.sort_unstable();
        let mut expected: Vec<&str> = analysis.entries.iter().map(|e| e.key.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(all, expected);
        let by_key = |k: &str| analysis.entries.iter().find(|e| e.key == k).unwrap();
        for g in &groups {
            assert_eq!(g.lead, g.keys.first().copied().filter(|_| g.lead.is_some()), "{}", g.title);
            let runtime = g.keys.iter().position(|k| by_key(k).object.is_none()).unwrap_or(g.keys.len());
            assert!(g.keys[runtime..].iter().all(|k| by_key(k).object.is_none()), "{}", g.title);
        }
        let web = groups.iter().find(|g| g.title == "service web").unwrap();
        let kinds: Vec<&str> = web.keys.iter().map(|k| by_key(k).kind.as_str()).collect();
        assert_eq!(kinds.first(), Some(&"Deployment"));
        assert!(kinds.contains(&"Pod") && kinds.contains(&"Secret"), "{kinds:?}");
    }

    #[test]
    fn the_complete_example_opens_with_its_resources_then_web() {
        let source = include_str!("../../tests/fixtures/seed-example/convox.yml");
        let titles: Vec<String> = outline(source).into_iter().map(|g| g.0).collect();
        assert_eq!(titles[0], "rack and app");
        let web = titles.iter().position(|t| t == "service web").unwrap();
        let database = titles.iter().position(|t| t == "resource database").unwrap();
        let cleanup = titles.iter().position(|t| t == "timer cleanup").unwrap();
        // convox.yml declares resources, then services, then timers.
        assert!(database < web && web < cleanup, "{titles:?}");
    }
}
