//! The comment that opens the YAML stream (`--format yaml`, the playground's Download): what
//! the file is, and each stand-in value it holds ([`crate::mapping::stand_ins`]) with where the
//! real one comes from. Only the stand-ins that appear in this analysis's objects (decoded
//! Secret data and the objects' notes included) are listed.

use std::fmt::Write as _;

use super::{object_yaml, Secrets};
use crate::mapping::{stand_ins, Context};
use crate::Analysis;

/// The header, every line a YAML comment, ending with a blank comment line; empty when the
/// analysis has no objects.
pub fn stand_in_header(analysis: &Analysis) -> String {
    let with_objects = || analysis.entries.iter().filter(|e| e.object.is_some());
    if with_objects().next().is_none() {
        return String::new();
    }
    // What a reader sees: the objects with Secret data decoded, and the notes about them.
    let mut seen = String::new();
    for e in with_objects() {
        if let Some((text, _)) = e.object.as_deref().and_then(|o| object_yaml(o, Secrets::Decoded)) {
            seen.push_str(&text);
        }
        for note in &e.notes {
            seen.push_str(note);
            seen.push('\n');
        }
    }
    let ctx = Context {
        rack: analysis.rack.clone(),
        app: analysis.app.clone(),
        stand_ins: crate::mapping::StandIns::of(&analysis.profile),
        profile: analysis.profile.clone(),
        ..Context::default()
    };
    let found: Vec<stand_ins::StandIn> =
        stand_ins::list(&ctx).into_iter().filter(|s| seen.contains(&s.value)).collect();
    let mut out = format!(
        "# The Kubernetes objects a Convox rack applies for app {} on rack {} (namespace {}), as\n\
         # convox-k8s maps them from convox.yml: for reading, reviewing and diffing.\n",
        analysis.app, analysis.rack, analysis.namespace
    );
    if !analysis.withheld.is_empty() {
        // A shared link or kept work: some release variables came without their values.
        let _ = write!(
            out,
            "# The values of {} were not shared with this manifest: stand-ins hold their place\n\
             # (real: convox env -a {}).\n",
            analysis.withheld.join(", "),
            analysis.app
        );
    }
    if found.is_empty() {
        out.push_str("# Every value is the one the rack writes.\n#\n");
        return out;
    }
    out.push_str(
        "# Values only the live rack knows are stand-ins; each one here, what it stands for and\n\
         # where the real one comes from:\n",
    );
    for s in found {
        // Writing to a String cannot fail.
        let _ = write!(out, "#\n#   {}\n#     {}\n#     real: {}\n", s.value, s.what, s.real);
    }
    out.push_str("#\n");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::Options;

    /// Every fixture with its rack profile, analysed.
    fn fixtures() -> Vec<Analysis> {
        crate::testing::fixtures().iter().map(crate::testing::Fixture::analyze).collect()
    }

    /// The stand-in values a header lists.
    fn listed(header: &str) -> BTreeSet<String> {
        header
            .lines()
            .filter_map(|l| l.strip_prefix("#   "))
            .filter(|v| !v.starts_with(' '))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_header_lists_the_stand_ins_the_objects_hold_and_only_those() {
        let web = crate::analyze("services:\n  web:\n    port: 3000\n", &Options::default());
        let header = stand_in_header(&web);
        assert!(header.lines().all(|l| l.starts_with('#')), "{header}");
        let defaults = crate::mapping::StandIns::default();
        assert_eq!(
            listed(&header),
            [
                crate::mapping::stand_ins::STAND_IN_UID,
                &defaults.ecr_registry,
                &defaults.domain,
                &defaults.resolver,
                crate::mapping::stand_ins::RACK_PASSWORD_STAND_IN,
            ]
            .into_iter()
            .map(String::from)
            .collect()
        );
        assert!(header.contains("real: kubectl get namespace my-rack-system -o jsonpath='{.metadata.uid}'"));
        let worker = crate::analyze("services:\n  worker:\n    command: work\n", &Options::default());
        assert!(!listed(&stand_in_header(&worker)).contains(&defaults.domain), "no Ingress, no domain");
        let empty = crate::analyze("", &Options::default());
        assert!(stand_in_header(&empty).starts_with("# The Kubernetes objects"));
    }

    /// Every stand-in the mapping can write shows in some fixture's header, and every real
    /// value's command runs as copied.
    #[test]
    fn every_stand_in_is_listed_by_some_fixture() {
        let mut seen = BTreeSet::new();
        for a in fixtures() {
            seen.extend(listed(&stand_in_header(&a)));
        }
        for s in stand_ins::list(&Context::default()) {
            assert!(seen.contains(&s.value), "no fixture shows {} ({})", s.value, s.what);
            assert!(!s.real.contains('<') && !s.real.contains('>'), "{}", s.real);
        }
    }

    #[test]
    fn release_variables_standing_in_are_named() {
        let source = "services:\n  web:\n    port: 3000\n    environment:\n      - TOKEN\n";
        let mut options = Options::default();
        options.env.insert("TOKEN".into(), crate::share::NOT_SHARED.into());
        assert!(!stand_in_header(&crate::analyze(source, &options)).contains("not shared"));
        options.withheld.insert("TOKEN".into());
        let header = stand_in_header(&crate::analyze(source, &options));
        assert!(header.contains("# The values of TOKEN were not shared with this manifest"), "{header}");
        assert!(header.contains("(real: convox env -a my-app)"), "{header}");
    }

    #[test]
    fn the_yaml_file_is_the_header_then_the_stream() {
        let a = crate::analyze("services:\n  web:\n    port: 3000\n", &Options::default());
        let file = crate::output::yaml_file(&a);
        let header = stand_in_header(&a);
        assert_eq!(file.strip_prefix(header.as_str()), Some(crate::output::yaml_stream(&a).as_str()));
    }
}
