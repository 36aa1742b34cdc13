//! A fixed amount of the benchmark's `map-objects` work, for profilers (criterion's own loop
//! decides its iteration count, which makes instruction counts incomparable between runs):
//!
//! ```sh
//! cargo build --release --example profile_map
//! perf record -g target/release/examples/profile_map services-200 50
//! valgrind --tool=callgrind target/release/examples/profile_map services-20 10
//! ```
//!
//! Arguments: the input (`complete`, `services-20`, `services-200`, as in `benches/map.rs`) and
//! how many times to analyse it and serialise its objects (default 100).

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "services-200".to_string());
    let times: usize = args.next().map_or(100, |n| n.parse().expect("a number of iterations"));
    let Some((_, input)) = common::inputs().into_iter().find(|(n, _)| *n == name) else {
        panic!("unknown input {name}: one of complete, services-20, services-200");
    };
    let options = common::options();
    for _ in 0..times {
        let analysis = convox_k8s::analyze(black_box(&input), &options);
        let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
        black_box(serde_json::to_string(&objects).expect("objects serialise"));
    }
}
