//! libFuzzer target over `convox-k8s drift`'s dump reader and comparison: raw bytes as the dump
//! of a cluster (read as the CLI reads it, bad UTF-8 replaced), compared with the complete
//! example on its rack (EFS CSI driver on), then every output edge (text, Markdown, JSON, a
//! line/column per problem).
//!
//! Beyond "no panic", it asserts that every problem is at a place inside the dump, on a
//! character boundary, so a shell can always show a line/column.
#![no_main]

use std::sync::OnceLock;

use convox_k8s::output::drift::{self, render};
use convox_k8s::profile::Profile;
use convox_k8s::{analyze, Analysis, Options};
use libfuzzer_sys::fuzz_target;

const COMPLETE: &str = include_str!("../../www/examples/complete.convox.yml");

fn complete() -> &'static (Analysis, Options) {
    static ONCE: OnceLock<(Analysis, Options)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let mut profile = Profile::default();
        profile.set("efs_csi_driver_enable", "true").expect("a known parameter");
        let options = Options { profile, ..Options::default() };
        (analyze(COMPLETE, &options), options)
    })
}

fuzz_target!(|data: &[u8]| {
    let (analysis, options) = complete();
    let text = String::from_utf8_lossy(data);
    let d = drift::drift(analysis, options, &text);
    render::text(&d, false);
    render::markdown(&d);
    serde_json::to_string(&render::json(&d, &text)).expect("the report serialises");
    for p in &d.problems {
        assert!(
            p.at <= text.len() && text.is_char_boundary(p.at),
            "problem at {} is not a position in the {}-byte dump: {p:?}",
            p.at,
            text.len()
        );
    }
});
