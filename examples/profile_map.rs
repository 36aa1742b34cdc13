//! A fixed amount of the benchmark's `map-objects` work, for profilers (criterion's own loop
//! decides its iteration count, which makes instruction counts incomparable between runs):
//!
//! ```sh
//! cargo build --release --example profile_map
//! perf record -g target/release/examples/profile_map services-200 50
//! valgrind --tool=callgrind target/release/examples/profile_map services-20 10
//! ```
//!
//! Arguments: the input (`complete`, `services-20`, `services-200`, as in `benches/map.rs`, or the
//! path of a convox.yml) and
//! how many times to analyse it and serialise its objects (default 100).

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "services-200".to_string());
    let times: usize = args.next().map_or(100, |n| n.parse().expect("a number of iterations"));
    // A path reads that file instead (a pasted manifest, a 5 MB one).
    let input = match std::fs::read_to_string(&name) {
        Ok(text) => text,
        Err(_) => match common::inputs().into_iter().find(|(n, _)| *n == name) {
            Some((_, input)) => input,
            None => panic!("unknown input {name}: a file or one of complete, services-20, services-200"),
        },
    };
    let options = common::options();
    if std::env::var_os("STAGES").is_some() {
        return stages(&input, &options, times);
    }
    if std::env::var_os("EDIT").is_some() {
        return edits(&input, &options, times);
    }
    for _ in 0..times {
        let analysis = convox_k8s::analyze(black_box(&input), &options);
        let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
        black_box(serde_json::to_string(&objects).expect("objects serialise"));
    }
}

/// With `STAGES=1`: the mean time of each stage of `analyze` and of the playground's view, to
/// say where an analysis spends its time.
fn stages(input: &str, options: &convox_k8s::Options, times: usize) {
    use convox_k8s::{catalog, manifest, mapping, output};
    use std::time::{Duration, Instant};
    let mut spent = [Duration::ZERO; 6];
    let mut lap = |i: usize, t: &mut Instant| {
        spent[i] += t.elapsed();
        *t = Instant::now();
    };
    for _ in 0..times {
        let mut t = Instant::now();
        let ctx = convox_k8s::context(options);
        let loaded = manifest::load_with(input, &ctx.env, ctx.profile.manifest_gates(), ctx.version());
        lap(0, &mut t);
        let m = loaded.manifest.as_ref().expect("the input loads");
        let mapped = mapping::map(m, &ctx);
        lap(1, &mut t);
        let entries = catalog::build(mapped, m, &loaded.source_map, &ctx);
        lap(2, &mut t);
        black_box(&entries);
        let analysis = convox_k8s::analyze(input, options);
        t = Instant::now();
        black_box(output::view(&analysis, input).expect("the view serialises"));
        lap(3, &mut t);
        black_box(convox_k8s::assist::hints(&analysis, input));
        lap(4, &mut t);
        black_box(convox_k8s::output::outline::groups(&analysis));
        lap(5, &mut t);
    }
    for (name, d) in ["load", "map", "catalog", "view (groups included)", "hints", "groups"].iter().zip(spent)
    {
        println!("{name:>24}: {:>9.3} ms", d.as_secs_f64() * 1e3 / times as f64);
    }
}

/// With `EDIT=1` (`EDIT=session`: without the fresh analysis to compare): a one-service edit (the first `port: 3000`, changed and changed back) through a
/// session and its view, against a fresh analysis and view of the same text; mean times.
fn edits(input: &str, options: &convox_k8s::Options, times: usize) {
    use convox_k8s::session::Session;
    use std::time::{Duration, Instant};
    let edited = input.replacen("port: 3000", "port: 3001", 1);
    let mut session = Session::default();
    session.update(input.to_string(), options.clone(), Vec::new());
    let (mut fresh, mut incremental, mut collected, mut reused, mut kept) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO, 0, 0);
    let mut viewed = Duration::ZERO;
    let session_only = std::env::var("EDIT").is_ok_and(|v| v == "session");
    for i in 0..times {
        let text = if i % 2 == 0 { &edited } else { input };
        // `EDIT=session`: only the session's work, for a profiler.
        if !session_only {
            let t = Instant::now();
            let analysis = convox_k8s::analyze(text, options);
            black_box(convox_k8s::output::view(&analysis, text).expect("the view serialises"));
            drop(analysis);
            fresh += t.elapsed();
        }
        let t = Instant::now();
        session.update(text.to_string(), options.clone(), Vec::new());
        let v = Instant::now();
        black_box(session.view().expect("the view serialises"));
        viewed += v.elapsed();
        incremental += t.elapsed();
        reused += session.reused();
        kept += session.kept();
        // What the worker frees once the page has its result.
        let t = Instant::now();
        session.collect();
        collected += t.elapsed();
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3 / times as f64;
    println!("fresh analysis + view:   {:>8.3} ms", ms(fresh));
    println!(
        "session.update + view:   {:>8.3} ms ({} entries reused, {} objects not mapped again, per edit)",
        ms(incremental),
        reused / times,
        kept / times
    );
    println!("  of which the view:     {:>8.3} ms", ms(viewed));
    println!("then session.collect():  {:>8.3} ms (once the result is out)", ms(collected));
}
