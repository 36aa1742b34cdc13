//! Upgrade impact: what updating the rack from one release to another does to an app's objects,
//! step by step along the path the rack takes ([`crate::rack_version::upgrade_path`]: one minor
//! at a time, each at its newest patch). Each step compares the app analysed on the release
//! before and after it with the change review of `convox-k8s diff` ([`crate::output::diff`]:
//! fields, rollout, immutable, data-loss, traffic), and lists the rack parameters the step
//! brings, with their defaults, and the messages the new release gives that the old did not.
//!
//! The options' rack parameters are the target rack's: on a release before a parameter came,
//! the rack behaves as its default ([`crate::profile::Profile::value`]).

use crate::diagnostic::Diagnostic;
use crate::output::diff::{self, Diff};
use crate::profile::{Param, PARAMS};
use crate::rack_version::{upgrade_path, RackVersion, VersionError};
use crate::{analyze, Analysis, Options};

/// The whole walk.
#[derive(Debug, Clone)]
pub struct Upgrade {
    pub from: RackVersion,
    pub to: RackVersion,
    pub steps: Vec<Step>,
}

/// One `convox rack update` of the walk.
#[derive(Debug, Clone)]
pub struct Step {
    pub from: RackVersion,
    pub to: RackVersion,
    /// The rack parameters this release brings to the rack's provider.
    pub params: Vec<NewParam>,
    /// What changes in the app's objects.
    pub diff: Diff,
    /// The new release's messages the old one did not give (errors first).
    pub diagnostics: Vec<Diagnostic>,
    /// The app on the release after the step.
    pub after: Analysis,
}

/// A rack parameter a step brings.
#[derive(Debug, Clone)]
pub struct NewParam {
    pub param: &'static Param,
    /// The value the options give it, when they set it.
    pub set: Option<String>,
}

impl Upgrade {
    /// Whether any step changes an object.
    pub fn changes(&self) -> bool {
        self.steps.iter().any(|s| !s.diff.is_empty())
    }

    /// Whether the rack refuses the release on any release of the walk, or an option is bad.
    pub fn has_errors(&self) -> bool {
        self.steps.iter().any(|s| s.after.has_errors())
    }
}

/// Walks `source` (with `options`, whose profile is the target rack's) from release `from` to
/// `to`; `Err` when `to` is not newer than `from`. `first` gets the analysis on `from`, for the
/// messages of the starting release.
pub fn upgrade(
    source: &str,
    options: &Options,
    from: RackVersion,
    to: RackVersion,
) -> Result<(Analysis, Upgrade), VersionError> {
    let path = upgrade_path(from, to)?;
    let at = |v: RackVersion| {
        let options = Options { profile: options.profile.with_version(v), ..options.clone() };
        analyze(source, &options)
    };
    let first = at(from);
    let mut before = first.clone();
    let mut steps = Vec::new();
    for pair in path.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let after = at(b);
        let diff = diff::diff(&before, &after);
        let provider = options.profile.provider();
        let params = PARAMS
            .iter()
            .filter(|p| p.providers.contains(&provider) && p.since(provider) > a && p.since(provider) <= b)
            .map(|p| NewParam {
                param: p,
                set: options.profile.explicit().find(|(n, _)| *n == p.name).map(|(_, v)| v.to_string()),
            })
            .collect();
        let diagnostics = new_messages(&before, &after);
        steps.push(Step { from: a, to: b, params, diff, diagnostics, after: after.clone() });
        before = after;
    }
    Ok((first, Upgrade { from, to, steps }))
}

/// The messages of `after` that `before` did not give, a message naming its release compared
/// as if it named the other's; errors first.
fn new_messages(before: &Analysis, after: &Analysis) -> Vec<Diagnostic> {
    let (old, new) = (before.profile.version().to_string(), after.profile.version().to_string());
    let seen: crate::hashed::HashSet<(Option<&str>, String)> =
        before.diagnostics.iter().map(|d| (d.path.as_deref(), d.message.replace(&old, &new))).collect();
    let mut out: Vec<Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| !seen.contains(&(d.path.as_deref(), d.message.clone())))
        .cloned()
        .collect();
    out.sort_by_key(|d| !d.is_error());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use crate::rack_version::{V3_20_1, V3_22_5, V3_23_4, V3_24_9};

    #[test]
    fn each_step_brings_its_params_and_the_messages_it_adds() {
        let mut profile = Profile::default();
        profile.set("keda_enable", "true").unwrap();
        let options = Options { profile, ..Options::default() };
        let source = "services:\n  web:\n    port: 3000\n    scale:\n      count: 1-3\n      cpu: 250\n      keda:\n        triggers: [{type: cpu, metadata: {value: \"50\"}}]\n";
        let (first, up) = upgrade(source, &options, V3_22_5, V3_24_9).unwrap();
        assert!(first
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("scale.keda is new in rack version 3.23.4")));
        let steps: Vec<(RackVersion, RackVersion)> = up.steps.iter().map(|s| (s.from, s.to)).collect();
        assert_eq!(steps, [(V3_22_5, V3_23_4), (V3_23_4, V3_24_9)]);
        let names = |s: &Step| s.params.iter().map(|p| (p.param.name, p.set.clone())).collect::<Vec<_>>();
        // Every AWS parameter 3.23.4 brings (terraform/system/aws/variables.tf), the set one with its value.
        assert_eq!(
            names(&up.steps[0]),
            [
                ("keda_enable", Some("true".into())),
                ("vpa_enable", None),
                ("api_feature_gates", None),
                ("buildkit_host_path_cache_enable", None),
                ("eks_api_server_public_access_cidrs", None),
                ("nginx_additional_config", None),
            ]
        );
        assert!(names(&up.steps[1]).iter().any(|(n, _)| *n == "router_type"));
        assert!(up.changes() && !up.has_errors());
        assert!(upgrade(source, &options, V3_24_9, V3_20_1).is_err());
    }
}
