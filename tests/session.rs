//! The incremental analysis (`session::Session`) against a fresh one: over every fixture (and
//! the rack profile it carries), random sequences of edits — lines deleted, duplicated,
//! swapped, numbers changed, values extended, owners renamed, blank lines moving everything
//! below, the options changed and changed back — and after each edit the session's contract
//! must be byte for byte what `analyze` gives from scratch, and its view, each resource it
//! gives as the same as before completed from the view before (as the page does), what
//! `output::view` gives.
//!
//! `PROPTEST_CASES` overrides the random case count.

use convox_k8s::output;
use convox_k8s::session::Session;
use convox_k8s::testing::{fixtures, Fixture};
use convox_k8s::{analyze, Options};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// A place in a list as a fraction of its length, so that one edit means the same for any text.
#[derive(Debug, Clone, Copy)]
struct Index(u32);

impl Index {
    fn index(self, len: usize) -> usize {
        ((u64::from(self.0) * len as u64) >> 32) as usize
    }
}

impl Arbitrary for Index {
    type Parameters = ();
    type Strategy = prop::strategy::Map<prop::num::u32::Any, fn(u32) -> Index>;
    fn arbitrary_with((): ()) -> Self::Strategy {
        any::<u32>().prop_map(Index)
    }
}

/// One edit of the text or the options.
#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index),
    /// The line's first digit, plus one (a port, a count, a scale).
    BumpDigit(Index),
    /// `x` at the end of the line (a value changes, or the YAML breaks).
    Append(Index),
    /// A letter typed inside the line's value (or list item), after its first character: the
    /// edit the session reads without parsing the text again.
    TypeInValue(Index),
    SwapLines(Index, Index),
    /// A blank line: everything below moves, nothing changes.
    BlankAbove(Index),
    /// `  name:` becomes `  namex:` (a service, timer, resource or balancer renamed).
    RenameOwner(Index),
    /// Back to the fixture's text.
    Revert,
    /// The fixture's options (0), another app (1), why-not asked (2).
    Options(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => any::<Index>().prop_map(Edit::DeleteLine),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
        3 => any::<Index>().prop_map(Edit::BumpDigit),
        2 => any::<Index>().prop_map(Edit::Append),
        3 => any::<Index>().prop_map(Edit::TypeInValue),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        2 => any::<Index>().prop_map(Edit::BlankAbove),
        1 => any::<Index>().prop_map(Edit::RenameOwner),
        1 => Just(Edit::Revert),
        1 => (0u8..3).prop_map(Edit::Options),
    ]
}

/// Applies `edit` to `lines` (the text, a line per item) and `options`.
fn apply(edit: &Edit, lines: &mut Vec<String>, options: &mut Options, fixture: &Fixture) {
    let pick = |i: &Index, lines: &[String]| (!lines.is_empty()).then(|| i.index(lines.len()));
    match edit {
        Edit::DeleteLine(i) => {
            if let Some(i) = pick(i, lines) {
                lines.remove(i);
            }
        }
        Edit::DuplicateLine(i) => {
            if let Some(i) = pick(i, lines) {
                lines.insert(i, lines[i].clone());
            }
        }
        Edit::BumpDigit(i) => {
            if let Some(i) = pick(i, lines) {
                if let Some(at) = lines[i].find(|c: char| c.is_ascii_digit()) {
                    let d = lines[i].as_bytes()[at] - b'0';
                    let next = char::from(b'0' + (d + 1) % 10).to_string();
                    lines[i].replace_range(at..=at, &next);
                }
            }
        }
        Edit::Append(i) => {
            if let Some(i) = pick(i, lines) {
                lines[i].push('x');
            }
        }
        Edit::TypeInValue(i) => {
            if let Some(i) = pick(i, lines) {
                let line = &lines[i];
                let value = line.find(": ").map(|at| at + 2).or_else(|| line.find("- ").map(|at| at + 2));
                let at = value.and_then(|v| line[v..].char_indices().nth(1).map(|(j, _)| v + j));
                if let Some(at) = at {
                    lines[i].insert(at, 'q');
                }
            }
        }
        Edit::SwapLines(a, b) => {
            if let (Some(a), Some(b)) = (pick(a, lines), pick(b, lines)) {
                lines.swap(a, b);
            }
        }
        Edit::BlankAbove(i) => {
            if let Some(i) = pick(i, lines) {
                lines.insert(i, String::new());
            }
        }
        Edit::RenameOwner(i) => {
            let owners: Vec<usize> = (0..lines.len())
                .filter(|&n| {
                    let l = &lines[n];
                    l.starts_with("  ") && !l.starts_with("   ") && l.trim_end().ends_with(':')
                })
                .collect();
            if !owners.is_empty() {
                let n = owners[i.index(owners.len())];
                let colon = lines[n].rfind(':').expect("an owner line ends with a colon");
                lines[n].insert(colon, 'x');
            }
        }
        Edit::Revert => *lines = fixture.source.lines().map(str::to_string).collect(),
        Edit::Options(0) => *options = fixture.options.clone(),
        Edit::Options(1) => options.app = "other".into(),
        Edit::Options(_) => options.why_not = !options.why_not,
    }
}

/// Runs `edits` over `fixture` in a session, checking it against a fresh analysis after each.
fn check(fixture: &Fixture, edits: &[Edit]) -> Result<(), TestCaseError> {
    let mut session = Session::default();
    // The resources of the last view, completed, as the page holds them.
    let mut held = HashMap::new();
    let mut lines: Vec<String> = fixture.source.lines().map(str::to_string).collect();
    let mut options = fixture.options.clone();
    // The fixture as it is first, then after each edit.
    for (step, edit) in std::iter::once(None).chain(edits.iter().map(Some)).enumerate() {
        if let Some(edit) = edit {
            apply(edit, &mut lines, &mut options, fixture);
        }
        let text = lines.join("\n") + "\n";
        session.update(text.clone(), options.clone(), Vec::new());
        let fresh = analyze(&text, &options);
        let fresh_view = output::view(&fresh, &text).expect("the view serialises");
        let json = |a: &convox_k8s::Analysis| -> String {
            output::json::to_string(&output::contract(a, &text)).expect("the contract serialises")
        };
        let place = format!("{}, step {step} ({edit:?})", fixture.name);
        same("contract", &json(session.analysis()), &json(&fresh), &place)?;
        let view = completed(&session.view().expect("the view serialises"), &mut held)
            .map_err(|e| TestCaseError::fail(format!("{e}: {place}")))?;
        same("view", &view, &fresh_view, &place)?;
    }
    Ok(())
}

/// `view` with each resource it gives as the same as before (`same: true`) replaced by the
/// one `held` has under its key (which must have its `rev`), at its new position, each it
/// gives as only its key (unmoved) by the one `held` has, and its groups, where it gives them
/// as `null`, by the ones `held` has (under the key `""`): what the page holds. `held` then
/// holds this view's resources and groups.
fn completed(view: &str, held: &mut HashMap<String, Value>) -> Result<String, String> {
    let mut view: Value = serde_json::from_str(view).map_err(|e| e.to_string())?;
    if view["groups"].is_null() {
        view["groups"] = held.get("").cloned().ok_or("the groups are as before nothing held")?;
    }
    for r in view["resources"].as_array_mut().ok_or("the view has resources")? {
        if let Some(key) = r.as_str() {
            *r = held.get(key).cloned().ok_or(format!("{key} is unmoved from nothing held"))?;
        } else if r.get("same") == Some(&Value::Bool(true)) {
            let key = r["key"].as_str().ok_or("a same resource has a key")?;
            let mut whole = held.get(key).cloned().ok_or(format!("{key} is the same as nothing held"))?;
            if whole["rev"] != r["rev"] {
                return Err(format!("{key} is the same as a held one of another rev"));
            }
            whole["source"] = r["source"].take();
            *r = whole;
        }
    }
    held.clear();
    for r in view["resources"].as_array().into_iter().flatten() {
        held.insert(r["key"].as_str().unwrap_or_default().to_string(), r.clone());
    }
    held.insert(String::new(), view["groups"].clone());
    serde_json::to_string(&view).map_err(|e| e.to_string())
}

/// `incremental == fresh`, or a failure showing where they first differ (they are megabytes).
fn same(what: &str, incremental: &str, fresh: &str, place: &str) -> Result<(), TestCaseError> {
    if incremental == fresh {
        return Ok(());
    }
    let at = incremental.bytes().zip(fresh.bytes()).take_while(|(a, b)| a == b).count();
    let around = |s: &str| {
        String::from_utf8_lossy(&s.as_bytes()[at.saturating_sub(160)..(at + 160).min(s.len())]).into_owned()
    };
    Err(TestCaseError::fail(format!(
        "{what} differs at byte {at}: {place}\n  incremental: …{}…\n  fresh:       …{}…",
        around(incremental),
        around(fresh)
    )))
}

/// Cases: sized so the test stays under half a minute in a debug build on the 2-core machine.
const CASES: u32 = 160;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES),
        // A failure prints its fixture, step and edit; shrinking only shortens the sequence.
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edit_sequences_give_the_analysis_and_view_of_a_fresh_start(
        which in any::<Index>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let all = fixtures();
        check(&all[which.index(all.len())], &edits)?;
    }
}

/// The `Index` that picks line `n` of `len`.
fn line(n: usize, len: usize) -> Index {
    Index((((2 * n + 1) as u64) << 32).div_ceil(2 * len as u64) as u32)
}

/// A reused entry whose key changes (a repeat's `~2` goes when the first is deleted) gets
/// its fingerprint again: the fingerprint covers the key.
#[test]
fn a_reused_entry_whose_key_changes_is_fingerprinted_again() {
    let fixture = convox_k8s::testing::fixture("resource-names-repeat");
    let lines: Vec<&str> = fixture.source.lines().collect();
    let first =
        lines.iter().position(|l| l.trim() == "cache1: {type: redis}").expect("the fixture has cache1");
    let analysis = fixture.analyze();
    assert!(analysis.entries.iter().any(|e| e.key.ends_with("~2")), "the fixture repeats a key");
    check(&fixture, &[Edit::DeleteLine(line(first, lines.len()))]).unwrap_or_else(|e| panic!("{e}"));
}

/// Every fixture, on its own rack profile, through the same sequence of edits: each kind of
/// edit once, in an order that reuses after every change (the random test above may miss a
/// fixture).
#[test]
fn every_fixture_edited_gives_the_analysis_and_view_of_a_fresh_start() {
    let at = |n: u32| Index(u32::MAX / 7 * n);
    let edits = [
        Edit::BlankAbove(at(0)),
        Edit::BumpDigit(at(1)),
        Edit::Append(at(2)),
        Edit::RenameOwner(at(3)),
        Edit::DuplicateLine(at(4)),
        Edit::Options(2),
        Edit::SwapLines(at(5), at(6)),
        Edit::DeleteLine(at(6)),
        Edit::Options(1),
        Edit::Revert,
        Edit::Options(0),
        Edit::BlankAbove(at(3)),
    ];
    let all = fixtures();
    assert!(all.len() > 50, "the fixtures are found");
    for fixture in &all {
        check(fixture, &edits).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The session reuses: a blank line moves every owner below it and changes none, so every
/// entry with an object is reused; a changed port re-describes only its service's objects.
#[test]
fn an_edit_reuses_every_owner_it_does_not_change() {
    let fixture = convox_k8s::testing::fixture("seed-example");
    let mut session = Session::default();
    session.update(fixture.source.clone(), fixture.options.clone(), Vec::new());
    assert_eq!(session.reused(), 0, "nothing to reuse at first");
    let objects = session.analysis().entries.iter().filter(|e| e.object.is_some()).count();
    let same = |view: String| view.matches(r#","same":true}"#).count();
    assert_eq!(same(session.view().unwrap()), 0, "the first view gives every resource whole");
    session.update(format!("\n{}", fixture.source), fixture.options.clone(), Vec::new());
    let total = session.analysis().entries.len();
    assert!(total > objects, "the fixture has run-time entries");
    assert_eq!(session.reused(), total, "a blank line above everything reuses every entry");
    // Each reused entry comes as the same at its new place; those without a place (the
    // namespace, the rack's) did not move and come as their key alone.
    let unplaced = session.analysis().entries.iter().filter(|e| e.source.is_none()).count();
    let view: Value = serde_json::from_str(&session.view().unwrap()).unwrap();
    let resources = view["resources"].as_array().unwrap();
    let unmoved = resources.iter().filter(|r| r.is_string()).count();
    assert!(unplaced > 0, "the fixture has entries without a place in convox.yml");
    assert_eq!(unmoved, unplaced, "only the entries without a place are unmoved");
    assert_eq!(same(view.to_string()), total - unmoved, "the view gives each other reused entry as the same");
    // A line added below everything moves nothing: every entry comes as its key alone.
    let moved_below = format!("\n{}\n", fixture.source);
    session.update(moved_below.clone(), fixture.options.clone(), Vec::new());
    let view: Value = serde_json::from_str(&session.view().unwrap()).unwrap();
    let keys: Vec<&str> = view["resources"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let want: Vec<&str> = session.analysis().entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, want, "after an edit below everything every resource is unmoved, in order");
    session.update(format!("\n{}", fixture.source), fixture.options.clone(), Vec::new());
    // The services' own objects are not made again; the others are, and compared.
    let services = session.kept();
    assert!(services > objects / 2, "the services' objects are kept ({services} of {objects})");
    // The new objects the reused entries stood in for wait to be freed, and so does the one
    // run-time entry made again although nothing changed: the release's (it reads the first
    // service's name); those of reused objects are the earlier ones, not made again.
    assert!(total > objects + 1, "the fixture has run-time entries besides the release");
    assert_eq!(session.collect(), objects - services + 1);
    assert_eq!(session.collect(), 0);
    let edited = fixture.source.replacen("port: 3000", "port: 3001", 1);
    assert_ne!(edited, fixture.source);
    session.update(edited, fixture.options.clone(), Vec::new());
    let web = |objects: bool| {
        let entries = &session.analysis().entries;
        entries.iter().filter(|e| e.object.is_some() == objects && e.owner.as_deref() == Some("web")).count()
    };
    let (web_objects, web_runtime) = (web(true), web(false));
    assert!(web_objects > 0 && web_runtime > 0);
    // Web's objects are described again; its run-time entries too when the port changed them.
    let reused = session.reused();
    assert!(
        (total - web_objects - web_runtime..=total - web_objects).contains(&reused),
        "only web's entries are described again: {reused} of {total} reused"
    );
    assert!(session.kept() < services && session.kept() > 0, "only web is mapped again");
    let mut other = fixture.options.clone();
    other.app = "other".into();
    session.update(fixture.source.clone(), other, Vec::new());
    assert_eq!(session.reused(), 0, "other options reuse nothing");
}

/// KEDA's shared TriggerAuthentication is shown with the first KEDA service on AWS: when an
/// edit takes it from the first (its trigger deleted), an unchanged service after it shows it
/// now, and is mapped again rather than given back as it was.
#[test]
fn the_shared_trigger_authentication_moves_to_the_next_keda_service() {
    let fixture = convox_k8s::testing::fixture("scale-autoscalers");
    let lines: Vec<&str> = fixture.source.lines().collect();
    let n = lines.len();
    let trigger = lines
        .iter()
        .position(|l| l.trim() == "- type: aws-sqs-queue")
        .expect("the fixture has an SQS trigger");
    let count =
        lines.iter().position(|l| l.trim() == "count: 1-5").expect("the fixture's first service scales");
    for edit in
        [Edit::DeleteLine(line(trigger, n)), Edit::DeleteLine(line(count, n)), Edit::Append(line(count, n))]
    {
        check(&fixture, &[edit]).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A service's route and the timers that run on it are given back with it: an edit of one
/// service maps again its own objects, its Ingress and its timers' objects, and nothing else.
#[test]
fn routes_and_timers_are_mapped_again_only_with_their_service() {
    let source = "services:\n  api:\n    port: 3000\n  jobs:\n    command: bin/jobs\n\
                  timers:\n  nightly:\n    schedule: \"0 3 * * *\"\n    command: bin/nightly\n    service: jobs\n";
    let options = Options::default();
    let mut session = Session::default();
    session.update(source.to_string(), options.clone(), Vec::new());
    let of = |session: &Session, owner: &str| {
        let entries = &session.analysis().entries;
        entries.iter().filter(|e| e.object.is_some() && e.owner.as_deref() == Some(owner)).count()
    };
    let (api, jobs, nightly) = (of(&session, "api"), of(&session, "jobs"), of(&session, "nightly"));
    let ingress = session.analysis().entries.iter().filter(|e| e.kind == "Ingress").count();
    assert_eq!(ingress, 1, "api has a route");
    assert!(jobs > 0 && nightly == 2, "jobs has objects, the timer a ServiceAccount and a CronJob");
    // api's port: its objects and its Ingress again; jobs's and the timer's given back.
    let edited = source.replace("port: 3000", "port: 3001");
    session.update(edited.clone(), options.clone(), Vec::new());
    assert_eq!(session.kept(), jobs + nightly);
    assert_eq!(contract(session.analysis(), &edited), contract(&analyze(&edited, &options), &edited));
    // jobs's command: its objects and the timer's (a CronJob copies its service's pod) again.
    let edited = edited.replace("bin/jobs", "bin/jobz");
    session.update(edited.clone(), options.clone(), Vec::new());
    assert_eq!(session.kept(), api, "api's objects, its Ingress among them, are given back");
    assert_eq!(contract(session.analysis(), &edited), contract(&analyze(&edited, &options), &edited));
    // The timer's own schedule: only its objects again.
    let edited = edited.replace("0 3 * * *", "0 4 * * *");
    session.update(edited.clone(), options.clone(), Vec::new());
    assert_eq!(session.kept(), api + jobs);
    assert_eq!(contract(session.analysis(), &edited), contract(&analyze(&edited, &options), &edited));
}

fn contract(analysis: &convox_k8s::Analysis, text: &str) -> String {
    output::json::to_string(&output::contract(analysis, text)).expect("the contract serialises")
}

/// A reused entry's place moves with its owner's block where the block reads as before, and is
/// looked up again where it does not: a block that moved, one indented otherwise, one with a
/// comment typed into it, and texts that are not their plain reading (an anchor, `${VAR}`).
#[test]
fn places_move_with_unchanged_blocks_and_are_found_again_otherwise() {
    let base = "services:\n  web:\n    port: 3000\n    scale: 2-4\n  jobs:\n    command: bin/jobs\n\
                timers:\n  nightly:\n    schedule: \"0 3 * * *\"\n    command: bin/nightly\n    service: jobs\n";
    // Each edit from `base`, and back.
    let edits = [
        format!("\n\n{base}"),
        base.replace("  web:\n", "   web:\n").replace("  jobs:\n", "   jobs:\n"),
        base.replace("    port: 3000\n", "    port: 3000\n    # the web port\n"),
        base.replace("  jobs:\n", "  jobs: &jobs\n"),
        format!("# top\n{}", base.replace("bin/jobs", "${JOB}")),
    ];
    let texts: Vec<String> =
        edits.iter().flat_map(|e| [base.to_string(), e.clone()]).chain([base.to_string()]).collect();
    let options = Options::default();
    let mut session = Session::default();
    let mut held = HashMap::new();
    for (i, text) in texts.iter().enumerate() {
        session.update(text.clone(), options.clone(), Vec::new());
        let fresh = analyze(text, &options);
        assert_eq!(contract(session.analysis(), text), contract(&fresh, text), "text {i}:\n{text}");
        // The view has the places of the keys that shaped each object too.
        let view = completed(&session.view().unwrap(), &mut held).unwrap();
        assert_eq!(view, output::view(&fresh, text).unwrap(), "text {i}:\n{text}");
    }
}
