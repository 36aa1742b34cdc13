//! `cargo bench`: mapping the seed's example and generated 20- and 200-service manifests,
//! each beside its YAML floor — parsing the same input to `serde_yaml::Value` plus serialising
//! the produced objects — so one run gives the ratio mapping / floor (target ≤ 1.5×).
//! `map-objects` is the like-for-like ratio; `map` adds the catalog's JSON (the contract).

use std::hint::black_box;

use convox_k8s::{analyze, output, Options};
use criterion::{criterion_group, criterion_main, Criterion};

/// A manifest of `n` services, each with the common keys set, plus a resource and a timer per
/// ten services: what a large real app looks like.
fn generated(n: usize) -> String {
    let mut s = String::from("environment:\n  - RAILS_ENV=production\nresources:\n");
    for r in 0..n.div_ceil(10) {
        s.push_str(&format!("  db-{}:\n    type: postgres\n", letters(r)));
    }
    s.push_str("services:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  svc-{name}:\n    build: .\n    port: 3000\n    command: bin/run {i}\n    health: /health\n    \
             environment:\n      - QUEUE=q{i}\n    labels:\n      convox.com/team: team-{t}\n    \
             scale:\n      count: 1-{max}\n      cpu: 250\n      memory: 512\n    resources:\n      - db-{db}\n",
            name = letters(i),
            t = i % 7,
            max = 2 + i % 5,
            db = letters(i / 10),
        ));
    }
    s.push_str("timers:\n");
    for i in (0..n).step_by(10) {
        s.push_str(&format!(
            "  tick-{name}:\n    command: bin/tick\n    schedule: \"*/5 * * * *\"\n    service: svc-{name}\n",
            name = letters(i)
        ));
    }
    s
}

/// `0 → a`, `25 → z`, `26 → ba`: names without digits (the rack strips digits from resources).
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (i % 26) as u8);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn bench(c: &mut Criterion) {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-example/convox.yml"
    ))
    .unwrap();
    let options = Options::default();
    for (name, input) in [("seed", seed), ("services-20", generated(20)), ("services-200", generated(200))] {
        let analysis = analyze(&input, &options);
        assert!(!analysis.has_errors(), "{name}: {:?}", analysis.diagnostics);
        let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
        let mut group = c.benchmark_group(name);
        // The like-for-like comparison with the floor: the whole core (load, map, catalog),
        // then the same serialisation of the produced objects the floor does.
        group.bench_function("map-objects", |b| {
            b.iter(|| {
                let analysis = analyze(black_box(&input), &options);
                let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
                black_box(serde_json::to_string(&objects).unwrap())
            })
        });
        // What `--format json` and the playground pay: the core plus the whole contract.
        group.bench_function("map", |b| {
            b.iter(|| {
                let analysis = analyze(black_box(&input), &options);
                black_box(serde_json::to_string(&output::contract(&analysis, &input)).unwrap())
            })
        });
        group.bench_function("yaml-floor", |b| {
            b.iter(|| {
                let value: serde_yaml::Value = serde_yaml::from_str(black_box(&input)).unwrap();
                black_box(value);
                black_box(serde_json::to_string(&objects).unwrap())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
