//! convox-k8s: shows every Kubernetes object a Convox v3 rack creates from a convox.yml.
//!
//! Data flows one way: [`manifest`] (parse, default, validate) → [`mapping`] (typed objects)
//! → [`catalog`] (names, patterns, labels, kubectl, source lines) → [`output`] (the JSON
//! contract, YAML and table forms; the only place offsets become line/column) → the CLI and
//! the wasm boundary. See ARCHITECTURE.md.

pub mod assist;
pub mod catalog;
pub mod diagnostic;
pub mod env;
pub mod hashed;
pub mod manifest;
pub mod mapping;
pub mod output;
pub mod profile;
pub mod rack_version;
pub mod session;
pub mod share;
pub mod sorted;
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod testing;
pub mod upgrade;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Diagnostic, OptionError, Severity, Span};
pub use mapping::{DEFAULT_APP, DEFAULT_BUILD, DEFAULT_RACK, DEFAULT_RELEASE};

use crate::hashed::HashMap;
use std::collections::BTreeSet;

use manifest::Env;

/// What the caller says about the release: the CLI's flags, the page's inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub rack: String,
    pub app: String,
    pub release: String,
    pub build: String,
    pub env: Env,
    /// The rack's provider and parameters.
    pub profile: profile::Profile,
    /// Also find the objects the rack does not create, with why and the fix
    /// ([`Analysis::absent`]). Off by default: it adds about a tenth to an analysis, and the
    /// playground asks for it only while it shows them.
    pub why_not: bool,
    /// Release variables whose values in `env` are stand-ins: the real values were not shared
    /// with this manifest (a link, the work kept in a browser). They are analysed as set;
    /// [`Analysis::withheld`] names those still standing in, and [`share::share_env`] keeps
    /// their stand-in.
    pub withheld: BTreeSet<String>,
}

impl Default for Options {
    fn default() -> Options {
        let ctx = mapping::Context::default();
        Options {
            rack: ctx.rack,
            app: ctx.app,
            release: ctx.release,
            build: ctx.build,
            env: ctx.env,
            profile: ctx.profile,
            why_not: false,
            withheld: BTreeSet::new(),
        }
    }
}

/// Everything computed for one convox.yml.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub rack: String,
    pub app: String,
    pub namespace: String,
    /// The rack profile the objects were rendered for.
    pub profile: profile::Profile,
    pub entries: Vec<catalog::Entry>,
    /// The objects the rack can create for a service, timer or resource that it does not
    /// get, with why and the fix (why-not); empty unless [`Options::why_not`] asked for them.
    pub absent: Vec<catalog::absent::Absent>,
    /// Manifest diagnostics first, then mapping's; spans point into the user's text.
    pub diagnostics: Vec<Diagnostic>,
    /// The options' own problems (a rack or app name no namespace can have…), each once, at
    /// its field; the names and labels made from them are not diagnostics as well.
    pub option_errors: Vec<OptionError>,
    /// The release variables set to a stand-in value ([`Options::withheld`] that `env` sets),
    /// sorted: what the reader fills in for the real output.
    pub withheld: Vec<String>,
    /// The names of the release environment's variables (`convox env`): their values are the
    /// secrets of an env Secret; the rest of it was written in convox.yml or by the rack.
    pub release_env: BTreeSet<String>,
}

impl Analysis {
    /// Whether the rack or the API server would refuse the release: an error in the
    /// manifest, or in the options.
    pub fn has_errors(&self) -> bool {
        !self.option_errors.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// What the rack makes of the release, in one sentence: refused (with how many errors) or
    /// accepted; the CLI's text formats and the page's banner say it.
    pub fn verdict(&self) -> Verdict {
        self.verdict_from(0)
    }

    /// [`Analysis::verdict`] leaving out the first `first` option errors: a caller's own
    /// (an option it could not take), which the rack never sees.
    pub fn verdict_from(&self, first: usize) -> Verdict {
        let options = self.option_errors.len().saturating_sub(first);
        let errors = options + self.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = self.diagnostics.len() + options - errors;
        let n = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let once_fixed = (errors > 0).then(|| {
            format!(
                "The objects shown are what it creates once {} fixed.",
                if errors == 1 { "it is" } else { "they are" }
            )
        });
        let summary = if errors > 0 {
            format!("The rack refuses this release: {}.", n(errors, "error"))
        } else if warnings > 0 {
            format!("The rack accepts this release, with {}.", n(warnings, "warning"))
        } else {
            "The rack accepts this release.".to_string()
        };
        Verdict { refused: errors > 0, errors, warnings, summary, once_fixed }
    }
}

/// What the rack makes of a release ([`Analysis::verdict`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Verdict {
    /// The rack (or the API server) refuses it.
    pub refused: bool,
    pub errors: usize,
    pub warnings: usize,
    /// One sentence saying so.
    pub summary: String,
    /// For a refused release, what the objects shown are (what the rack creates once the
    /// errors are fixed).
    #[serde(rename = "onceFixed", skip_serializing_if = "Option::is_none")]
    pub once_fixed: Option<String>,
}

/// A name in the objects and commands that nobody chose: the rack, app, release and build ids
/// the caller left at their defaults ([`Options::default`]), shown until they are set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DefaultName {
    pub text: String,
    /// What it stands for, and how to set the real one.
    pub what: &'static str,
}

impl Options {
    /// The names in the objects and commands that are defaults, the longest first (the
    /// namespace before the rack and app names in it).
    pub fn default_names(&self) -> Vec<DefaultName> {
        let d = Options::default();
        let (rack, app) = (self.rack == d.rack, self.app == d.app);
        let mut out = Vec::new();
        let mut push = |on: bool, text: String, what| {
            if on {
                out.push(DefaultName { text, what });
            }
        };
        push(
            rack && app,
            format!("{}-{}", self.rack, self.app),
            "the app namespace of the default rack and app names",
        );
        push(rack, format!("{}-system", self.rack), "the rack namespace of the default rack name");
        push(rack, self.rack.clone(), "the default rack name: set your rack's name (convox racks)");
        push(app, self.app.clone(), "the default app name: set your app's name (convox apps)");
        push(self.release == d.release, self.release.clone(), "a stand-in release id (convox releases)");
        push(self.build == d.build, self.build.clone(), "a stand-in build id (convox builds)");
        out.sort_by_key(|n| std::cmp::Reverse(n.text.len()));
        out
    }
}

/// The mapping's context for `options` (public for the profiling example's stage timings).
pub fn context(options: &Options) -> mapping::Context {
    mapping::Context {
        // The `name` rack parameter is the rack's name, as the rack option is.
        rack: options.profile.rack_name().unwrap_or(&options.rack).to_string(),
        app: options.app.clone(),
        release: options.release.clone(),
        build: options.build.clone(),
        env: options.env.clone(),
        profile: options.profile.clone(),
        stand_ins: mapping::StandIns::of(&options.profile),
        ..mapping::Context::default()
    }
}

/// Why-not alone: the [`Analysis::absent`] that [`analyze`] with [`Options::why_not`] gives,
/// for `source` and `options` analysed without it (the playground's full contract).
pub fn absent(source: &str, options: &Options) -> Vec<catalog::absent::Absent> {
    let ctx = context(options);
    let loaded = manifest::load_with(source, &ctx.env, ctx.profile.manifest_gates(), ctx.version());
    match &loaded.manifest {
        Some(m) => catalog::absent::build(mapping::absent::absent(m, &ctx), &loaded.source_map, source),
        None => Vec::new(),
    }
}

/// The options' own problems (a rack or app name no namespace can have…), as [`analyze`]
/// reports them in [`Analysis::option_errors`].
pub fn option_errors(options: &Options) -> Vec<OptionError> {
    option_errors_of(&context(options))
}

fn option_errors_of(ctx: &mapping::Context) -> Vec<OptionError> {
    mapping::check::option_problems(ctx)
        .into_iter()
        .map(|p| OptionError { field: p.field.to_string(), message: p.message })
        .collect()
}

/// Runs the whole pipeline on `source`. Never panics and never fails: problems are diagnostics.
pub fn analyze(source: &str, options: &Options) -> Analysis {
    analyze_reusing(source, options, catalog::Earlier::default(), Memo::default()).0
}

/// Whether an edit compares each owner's new objects with the last edit's, to reuse the
/// catalog entries of those all equal (`catalog::build_reusing`). Not in the playground's first
/// wasm build (without the `extras` feature), which analyses only until the second arrives:
/// `Object`'s `PartialEq` weighed 20.5 KB gzip there (548.9 → 528.4 KB after wasm-opt -Os).
/// Its edits still skip the services they did not change ([`Memo`]: no object is compared),
/// which are most of a large manifest.
pub(crate) const COMPARE_OBJECTS: bool = manifest::FULL;

/// What an analysis leaves for the next edit's mapping ([`session::Session`] holds it): the
/// manifest's model and each owner's own diagnostics in each pass as mapping raised them (those
/// with no position or fix yet: a position would have to move with the text).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    manifest: Option<manifest::Manifest>,
    /// The text and its YAML tree, where the tree is its plain reading
    /// ([`manifest::load_after`] edits it for a text that changed only inside a value).
    parsed: Option<(String, manifest::yaml::Node)>,
    /// By pass and owner: the entries of the objects it made itself, and its own diagnostics.
    made: HashMap<(mapping::Pass, String), MadeBefore>,
}

/// What an owner made in one pass of the last mapping: its entries' range, its own
/// diagnostics, whether a service before it had rendered KEDA's shared TriggerAuthentication
/// ([`mapping::Made::auth_before`]) and whether its objects passed the names check
/// ([`mapping::Made::checked`]).
type MadeBefore = (std::ops::Range<usize>, Vec<Diagnostic>, bool, bool);

impl Memo {
    /// What mapping may be given back of the owners whose models `now` has as `self` had them
    /// (each name once in both, an equal model; for a timer, its service's too; the context is
    /// the caller's to hold equal): their objects, moved out of `earlier`'s entries, and their
    /// diagnostics.
    fn keep(
        self,
        now: &manifest::Manifest,
        earlier: &mut catalog::Earlier,
    ) -> (mapping::KeptWork, Option<manifest::Manifest>) {
        let Memo { manifest: Some(before), mut made, .. } = self else {
            return (HashMap::default(), None);
        };
        // The names once in both with an equal model (a name written twice is never the same).
        fn same<'a, T: PartialEq>(
            then: &manifest::NamedList<T>,
            now: &'a manifest::NamedList<T>,
        ) -> crate::hashed::HashSet<&'a str> {
            fn once<T>(list: &manifest::NamedList<T>) -> HashMap<&str, Option<&T>> {
                let mut by = crate::hashed::map_with_capacity(list.len());
                for named in list {
                    by.entry(named.name.as_str()).and_modify(|s| *s = None).or_insert(Some(&named.value));
                }
                by
            }
            let (then, now) = (once(then), once(now));
            now.iter()
                .filter(|(name, v)| v.is_some() && then.get(*name).copied().flatten() == **v)
                .map(|(name, _)| *name)
                .collect()
        }
        let services = same(&before.services, &now.services);
        // A timer also reads its service's model. Each name is once in `now` here.
        let service_of: HashMap<&str, &str> =
            now.timers.iter().map(|t| (t.name.as_str(), t.value.service.as_str())).collect();
        let timers: crate::hashed::HashSet<&str> = same(&before.timers, &now.timers)
            .into_iter()
            .filter(|t| service_of.get(t).is_some_and(|s| services.contains(s)))
            .collect();
        let mut kept = HashMap::default();
        for ((pass, name), (range, diagnostics, auth_before, checked)) in made.drain() {
            let same = match pass {
                mapping::Pass::Timer => timers.contains(name.as_str()),
                _ => services.contains(name.as_str()),
            };
            if !same {
                continue;
            }
            let Some(objects) = earlier.take(range.clone()) else { continue };
            kept.insert(
                (pass, name),
                mapping::Kept { objects, from: range.collect(), diagnostics, auth_before, checked },
            );
        }
        drop((services, timers));
        (kept, Some(before))
    }

    /// What each owner of `mapped` made itself in each pass, where its diagnostics hold no
    /// position or fix yet.
    fn made_of(mapped: &mapping::Mapped) -> HashMap<(mapping::Pass, String), MadeBefore> {
        mapped
            .made
            .iter()
            .map(|s| (s, &mapped.diagnostics[s.diagnostics.clone()]))
            .filter(|(_, own)| own.iter().all(|d| d.span.is_none() && d.fixes.is_empty()))
            .map(|(s, own)| {
                ((s.pass, s.name.clone()), (s.objects.clone(), own.to_vec(), s.auth_before, s.checked))
            })
            .collect()
    }
}

/// [`analyze`], reusing what an earlier analysis on the same options made of what has not
/// changed: the services whose model is the same are not mapped again ([`Memo`],
/// [`mapping::map_keeping`]), and the catalog of each owner whose objects are all the same is
/// kept ([`catalog::build_reusing`]); [`session::Session`] holds both between edits. The
/// analysis equals [`analyze`]'s.
pub(crate) fn analyze_reusing(
    source: &str,
    options: &Options,
    earlier: catalog::Earlier,
    memo: Memo,
) -> (Analysis, catalog::Reuse, Memo) {
    let ctx = context(options);
    let option_errors = option_errors_of(&ctx);
    let mut memo = memo;
    let mut parsed = memo.parsed.take();
    let loaded =
        manifest::load_after(source, &ctx.env, ctx.profile.manifest_gates(), ctx.version(), &mut parsed);
    let mut diagnostics = loaded.diagnostics;
    let mut absent = Vec::new();
    let mut earlier = earlier;
    let mut next = Memo::default();
    let mut compared = None;
    let (entries, mut reuse) = match &loaded.manifest {
        Some(m) => {
            if options.why_not {
                absent = catalog::absent::build(mapping::absent::absent(m, &ctx), &loaded.source_map, source);
            }
            let (mut kept, before) = memo.keep(m, &mut earlier);
            compared = before;
            let mut mapped = mapping::map_keeping(m, &ctx, &mut kept);
            next.made = Memo::made_of(&mapped);
            for d in &mut mapped.diagnostics {
                if d.span.is_none() {
                    // A problem of no key points at the top.
                    let map = &loaded.source_map;
                    let found =
                        d.path.as_deref().and_then(|p| if d.at_value { map.value(p) } else { map.lookup(p) });
                    d.span = Some(found.unwrap_or_default());
                }
            }
            diagnostics.append(&mut mapped.diagnostics);
            // Places move with their blocks only on the text's plain reading, and not in the
            // playground's first build (size: `catalog::places`).
            let plain = (manifest::FULL && loaded.simple && !source.contains("${")).then_some(source);
            catalog::build_reusing(mapped, m, &loaded.source_map, &ctx, earlier, plain)
        }
        None => Default::default(),
    };
    let analysis = Analysis {
        release_env: ctx.env.keys().cloned().collect(),
        namespace: ctx.namespace().to_string(),
        rack: ctx.rack,
        app: ctx.app,
        profile: ctx.profile,
        entries,
        absent,
        diagnostics,
        option_errors,
        withheld: options.withheld.iter().filter(|n| options.env.contains_key(*n)).cloned().collect(),
    };
    next.manifest = loaded.manifest;
    // Freed after the result is out ([`catalog::Unused`]), not now.
    reuse.unused.defer(loaded.source_map);
    reuse.unused.defer(compared);
    reuse.unused.defer(parsed);
    match loaded.tree {
        Some(tree) if loaded.simple => next.parsed = Some((source.to_string(), tree)),
        tree => reuse.unused.defer(tree),
    }
    (analysis, reuse, next)
}

/// [`analyze`] for raw bytes (files, stdin): text that is not UTF-8 is read with the bad
/// bytes replaced, and an error points at the first of them. Returns the text the spans of
/// the analysis refer to.
pub fn analyze_bytes(bytes: &[u8], options: &Options) -> (String, Analysis) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), analyze(text, options)),
        Err(e) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut analysis = analyze(&text, options);
            let at = e.valid_up_to();
            // The span is in the returned text, where the bad byte became U+FFFD.
            let bad = Diagnostic::error(format!("invalid UTF-8: byte 0x{:02x} is not valid here", bytes[at]))
                .with_span(Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()));
            analysis.diagnostics.insert(0, bad);
            (text, analysis)
        }
    }
}
