//! libFuzzer target over the whole pipeline the CLI and the page run: raw bytes through
//! `analyze_bytes` (the CLI's entry, which handles invalid UTF-8), then every output edge (the
//! JSON contract serialised, the YAML stream, the table, a line/column per diagnostic).
//!
//! Beyond "no panic", it asserts the core's promise (the one `span_problems` in
//! tests/hostile.rs checks): every diagnostic has a span inside the text whose start is on a
//! character boundary, so a shell can always show a line/column. A broken span aborts, and
//! libFuzzer keeps the input.
//!
//! Input layout: a convox.yml, optionally followed by a line `#ENV` and `KEY=VALUE` lines
//! that become the release environment (`@rack=`/`@app=` lines: the rack and app names), so
//! hostile `${VAR}` values and names are fuzzed too (the marker is in `convox.dict`). Inputs
//! without the marker run with the default options.
#![no_main]

use convox_k8s::manifest::Env;
use convox_k8s::output::{self, LineIndex};
use convox_k8s::{analyze_bytes, Options};
use libfuzzer_sys::fuzz_target;

const ENV_MARKER: &[u8] = b"\n#ENV\n";

/// Splits the input into the manifest bytes and the options: `@rack=` and `@app=` lines set
/// the rack and app names (the CLI's `--rack`/`--app`), other `KEY=VALUE` lines the release env.
fn split(data: &[u8]) -> (&[u8], Options) {
    let mut options = Options::default();
    let Some(at) = data.windows(ENV_MARKER.len()).position(|w| w == ENV_MARKER) else {
        return (data, options);
    };
    let mut env = Env::new();
    for (k, v) in
        String::from_utf8_lossy(&data[at + ENV_MARKER.len()..]).lines().filter_map(|l| l.split_once('='))
    {
        match k {
            "@rack" => options.rack = v.to_string(),
            "@app" => options.app = v.to_string(),
            _ => {
                env.insert(k.to_string(), v.replace("\\n", "\n"));
            }
        }
    }
    options.env = env;
    (&data[..at + 1], options)
}

fuzz_target!(|data: &[u8]| {
    let (manifest, options) = split(data);
    let (source, analysis) = analyze_bytes(manifest, &options);

    let contract = output::contract(&analysis, &source);
    serde_json::to_string(&contract).expect("the contract serialises");
    output::yaml_stream(&analysis);
    output::table(&analysis);

    let index = LineIndex::new(&source);
    for d in &analysis.diagnostics {
        let span = d.span.unwrap_or_else(|| panic!("diagnostic without a span: {d:?}"));
        assert!(
            span.start <= span.end && span.end <= source.len() && source.is_char_boundary(span.start),
            "span {span:?} is not a position in the {}-byte text: {d:?}",
            source.len()
        );
        let (line, column) = index.span_start(span);
        assert!(line >= 1 && column >= 1, "line/column {line}:{column} for {d:?}");
    }
});
