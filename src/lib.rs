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
pub mod manifest;
pub mod mapping;
pub mod output;
pub mod profile;
pub mod share;
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod testing;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Diagnostic, OptionError, Severity, Span};

use std::collections::BTreeSet;

use manifest::Env;

/// What the caller says about the release: the CLI's flags, the page's inputs.
#[derive(Debug, Clone)]
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
}

impl Analysis {
    /// Whether the rack or the API server would refuse the release: an error in the
    /// manifest, or in the options.
    pub fn has_errors(&self) -> bool {
        !self.option_errors.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The mapping's context for `options`.
pub(crate) fn context(options: &Options) -> mapping::Context {
    mapping::Context {
        rack: options.rack.clone(),
        app: options.app.clone(),
        release: options.release.clone(),
        build: options.build.clone(),
        env: options.env.clone(),
        profile: options.profile.clone(),
        ..mapping::Context::default()
    }
}

/// Why-not alone: the [`Analysis::absent`] that [`analyze`] with [`Options::why_not`] gives,
/// for `source` and `options` analysed without it (the playground's full contract).
pub fn absent(source: &str, options: &Options) -> Vec<catalog::absent::Absent> {
    let ctx = context(options);
    let loaded = manifest::load(source, &ctx.env);
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
    mapping::names::option_problems(ctx)
        .into_iter()
        .map(|p| OptionError { field: p.field.to_string(), message: p.message })
        .collect()
}

/// Runs the whole pipeline on `source`. Never panics and never fails: problems are diagnostics.
pub fn analyze(source: &str, options: &Options) -> Analysis {
    let ctx = context(options);
    let option_errors = option_errors_of(&ctx);
    let loaded = manifest::load(source, &ctx.env);
    let mut diagnostics = loaded.diagnostics;
    let mut absent = Vec::new();
    let entries = match &loaded.manifest {
        Some(m) => {
            if options.why_not {
                absent = catalog::absent::build(mapping::absent::absent(m, &ctx), &loaded.source_map, source);
            }
            let mut mapped = mapping::map(m, &ctx);
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
            catalog::build(mapped, m, &loaded.source_map, &ctx)
        }
        None => Vec::new(),
    };
    Analysis {
        namespace: ctx.namespace().to_string(),
        rack: ctx.rack,
        app: ctx.app,
        profile: ctx.profile,
        entries,
        absent,
        diagnostics,
        option_errors,
        withheld: options.withheld.iter().filter(|n| options.env.contains_key(*n)).cloned().collect(),
    }
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
