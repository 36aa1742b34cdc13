//! `session`: one manifest analysed edit after edit, each edit redoing only what it affects.
//! The playground's worker holds one per result it shows (`wasm::Workspace`).
//!
//! What is kept between edits, and why it is safe to reuse:
//! - the objects and diagnostics of each service whose model (the manifest's, after loading,
//!   interpolation and defaults) is equal to the last edit's, on the same options
//!   ([`crate::mapping::map_keeping`]): a service's objects read only its model, the context
//!   and whether a service before it rendered KEDA's shared TriggerAuthentication, so where
//!   that is the same too they are not made again (nor compared); so are its route (an
//!   Ingress that copies no certificate) and each timer whose model and service's model are
//!   equal ([`crate::mapping::Pass`]);
//! - the catalog of each owner (a service, timer, resource, balancer; the app; the rack) whose
//!   mapped objects are all equal to the last edit's, on the same options
//!   ([`crate::catalog::build_reusing`]): an owner's commands and rows read only its own objects and
//!   the options; keys are computed again every time, and positions too, but for a reused
//!   entry whose owner's block reads as before, which moves with it (`catalog::places`);
//! - the view's `rev` of each entry reused under the same key ([`output::view_with`]): the
//!   fingerprint covers the entry without its position, and the view then gives such an entry
//!   as its key, `rev` and new position only (the page holds the rest from the view before),
//!   or as its key alone where its position did not change either.
//!
//! Loading runs whole at every edit (the manifest's text moves under every key below an edit),
//! but for the YAML parse where the edit was typed inside a plain value (the last tree, edited:
//! [`crate::manifest`]'s `load_after`), and so does mapping of everything but the unchanged
//! services. Invariant, tested over every
//! fixture with random edit sequences (`tests/session.rs`): the analysis and the contract are
//! byte for byte what a fresh [`crate::analyze`] gives, and the view, each same resource
//! completed from the view before, is what a fresh [`output::view`] gives.

use crate::catalog::{Earlier, Unused};
use crate::output;
use crate::{Analysis, Memo, OptionError, Options};

/// A manifest, its options and its analysis, with what the next edit may reuse.
#[derive(Debug)]
pub struct Session {
    source: String,
    options: Options,
    analysis: Analysis,
    /// The convox.yml path of each object entry (the catalog's input, kept for [`Earlier`]).
    paths: Vec<String>,
    /// What the last view said: of each entry (its `rev` and position), where known, and of
    /// the groups.
    seen: output::Seen,
    /// How many entries the last update reused.
    reused: usize,
    /// How many objects the last update's mapping was given back instead of making them.
    kept: usize,
    /// What the last update built or held and did not use, until [`Session::collect`] (or the
    /// next update) drops it.
    unused: Unused,
    /// Why-not was added to an analysis whose options did not ask for it ([`Session::with_absent`]).
    absent: bool,
    /// The manifest's model and the services' own diagnostics, for the next update's mapping.
    memo: Memo,
    /// Where the owner blocks were, for the next update's catalog ([`crate::catalog::Blocks`]).
    blocks: Option<crate::catalog::Blocks>,
}

impl Default for Session {
    fn default() -> Session {
        let options = Options::default();
        Session {
            analysis: crate::analyze("", &options),
            source: String::new(),
            options,
            paths: Vec::new(),
            seen: output::Seen::default(),
            reused: 0,
            kept: 0,
            unused: Unused::default(),
            absent: false,
            memo: Memo::default(),
            blocks: None,
        }
    }
}

impl Session {
    /// Analyses `source` with `options`, reusing what the last update computed of what did not
    /// change. `first_errors` go before the analysis's option errors: the caller's own (an
    /// option it could not take).
    pub fn update(&mut self, source: String, options: Options, first_errors: Vec<OptionError>) -> &Analysis {
        self.collect();
        let same = options == self.options;
        let entries = std::mem::take(&mut self.analysis.entries);
        let keys: Vec<String> =
            if same { entries.iter().map(|e| e.key.clone()).collect() } else { Vec::new() };
        let earlier = if same {
            // The text goes with them: this session is replaced by the new one below.
            let text = std::mem::take(&mut self.source);
            Earlier::new(entries, std::mem::take(&mut self.paths)).with_blocks(text, self.blocks.take())
        } else {
            Earlier::default()
        };
        let memo = if same { std::mem::take(&mut self.memo) } else { Memo::default() };
        let seen = std::mem::take(&mut self.seen);
        *self = Session::analyse(earlier, memo, &keys, seen, source, options, first_errors);
        &self.analysis
    }

    /// The session of `source`, reusing `earlier` and `memo`, whose entries had `keys`, with
    /// what the view before said (`seen`).
    fn analyse(
        earlier: Earlier,
        memo: Memo,
        keys: &[String],
        mut seen: output::Seen,
        source: String,
        options: Options,
        first_errors: Vec<OptionError>,
    ) -> Session {
        let (mut analysis, reuse, memo) = crate::analyze_reusing(&source, &options, earlier, memo);
        // A reused entry keeps what the view said of it under the key it had (a repeat's `~2`
        // may move).
        let mut before = std::mem::take(&mut seen.resources);
        seen.resources = analysis
            .entries
            .iter()
            .zip(&reuse.from)
            .map(|(e, from)| {
                let i = (*from)?;
                (keys.get(i) == Some(&e.key)).then(|| before.get_mut(i).and_then(Option::take)).flatten()
            })
            .collect();
        let mut errors = first_errors;
        errors.append(&mut analysis.option_errors);
        analysis.option_errors = errors;
        Session {
            reused: reuse.from.iter().filter(|f| f.is_some()).count(),
            kept: reuse.kept,
            unused: reuse.unused,
            analysis,
            paths: reuse.paths,
            seen,
            source,
            options,
            absent: false,
            memo,
            blocks: reuse.blocks,
        }
    }

    /// The analysis with [`Analysis::absent`] (why-not), computed now if the options did not
    /// ask for it (the playground asks for the whole contract rarely).
    pub fn with_absent(&mut self) -> &Analysis {
        if !self.options.why_not && !self.absent {
            self.analysis.absent = crate::absent(&self.source, &self.options);
            self.absent = true;
        }
        &self.analysis
    }

    /// The playground's view of the analysis ([`output::view`]), each entry unchanged since the
    /// last view (of this session, or of the one it was updated from) given as only its key,
    /// kind, namespace, `rev` and new position ([`output::SameResource`]), or as its key alone
    /// where it did not move ([`output::ViewResource::Unmoved`]), and the groups as `null`
    /// where they did not change: a reader completes the view from the last one this session
    /// gave.
    pub fn view(&mut self) -> Result<String, serde_json::Error> {
        output::view_with(&self.analysis, &self.source, &mut self.seen)
    }

    /// The resources of `keys` as the view gives them whole ([`output::view_resources`]): for
    /// a reader that does not hold what a [`output::SameResource`] stands for.
    pub fn view_resources(&self, keys: &[String]) -> Result<String, serde_json::Error> {
        output::view_resources(&self.analysis, &self.source, keys)
    }

    /// Drops what the last update did not use (the new objects that reused entries stood in
    /// for, the entries nothing reused), and says how many there were. An update leaves them for
    /// later, so that a caller can answer first (the worker calls this after posting the
    /// result); the next update drops them if nobody did.
    pub fn collect(&mut self) -> usize {
        let n = self.unused.len();
        self.unused = Unused::default();
        n
    }

    /// How many of the analysis's entries the last update reused from the one before.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many objects the last update did not make again: those of the services whose model
    /// had not changed.
    pub fn kept(&self) -> usize {
        self.kept
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn options(&self) -> &Options {
        &self.options
    }
}
