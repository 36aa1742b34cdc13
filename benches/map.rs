//! `cargo bench --bench map`: mapping the complete example and generated 20- and 200-service
//! manifests, each beside its YAML floor — parsing the same input to `serde_yaml::Value` plus
//! serialising the produced objects — so one run gives the ratio mapping / floor (target
//! ≤ 1.5×) and the 200/20 scaling (target ≤ 11×).
//!
//! - `map-objects`: the whole core (`analyze`: load, map, catalog, and freeing it all) plus
//!   the same serialisation of the produced objects the floor does — the like-for-like ratio.
//! - `map`: the core plus the whole JSON contract (objects, catalog rows, kubectl commands):
//!   what `--format json` and the playground pay.
//! - `yaml-floor`: `serde_yaml::Value` from the input, then the objects to JSON.
//! - `diff`: change review of two analyses of the input (every port moved): target ≤ 2× `map`.
//! - `view`: what a playground edit paid before its session: `analyze` and the page's view
//!   (`output::view`: the catalog without objects, each resource's fingerprint).
//! - `edit`: what a playground edit pays: a one-service edit through `session::Session`
//!   (the analysis reusing every unchanged owner's catalog and fingerprints) and its view.
//!
//! After criterion's own report the run prints a table and a JSON summary (also written to
//! `target/bench-summary.json`) built from criterion's `estimates.json` files of this run, and
//! replaces the native section of `benches/RESULTS.md` with it (date, machine, table, targets)
//! when every input was measured (a filtered run leaves the file alone).
//! `examples/profile_map.rs` runs a fixed amount of the `map-objects` work for profilers.
//!
//! The 5 MB input (19,000 generated services, what the playground's paste benchmark pastes) is
//! timed outside criterion, whose ten samples of several seconds each would double the run:
//! [`five_mb`] takes the mean of three runs of `map-objects`, `yaml-floor` and `view` each.
//!
//! The generated inputs (`benches/common`) are linear in size: every service links one
//! resource, with one resource and one timer per ten services, so 200 services give 10× the
//! objects and 10× the bytes of 20. The work is linear too: valgrind counts 10.3× the
//! instructions for map-objects and 10.2× for the floor at 200 vs 20 services. Time is not:
//! a 20-service run's memory stays in the L2 cache and is reused warm by the next iteration,
//! a 200-service run's does not, so the floor itself takes 15–19× as long at 200 services —
//! and ten different 20-service analyses kept alive take as long as one of 200 services. The
//! summary therefore also gives time per output byte and the floor's own scaling, to read the
//! core's against.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use convox_k8s::session::Session;
use convox_k8s::{analyze, output};
use criterion::Criterion;
use serde_json::{json, Value};

const FUNCTIONS: [&str; 6] = ["map-objects", "map", "yaml-floor", "diff", "view", "edit"];

/// What the summary reports besides times: how big each input and its output are.
struct Sizes {
    name: &'static str,
    input_bytes: usize,
    objects: usize,
    object_json_bytes: usize,
    contract_json_bytes: usize,
}

fn bench(c: &mut Criterion) -> Vec<Sizes> {
    let options = common::options();
    let mut sizes = Vec::new();
    for (name, input) in common::inputs() {
        let analysis = analyze(&input, &options);
        assert!(!analysis.has_errors(), "{name}: {:?}", analysis.diagnostics);
        let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
        sizes.push(Sizes {
            name,
            input_bytes: input.len(),
            objects: objects.len(),
            object_json_bytes: serde_json::to_string(&objects).unwrap().len(),
            contract_json_bytes: serde_json::to_string(&output::contract(&analysis, &input)).unwrap().len(),
        });
        let mut group = c.benchmark_group(name);
        // The like-for-like comparison with the floor: the whole core (load, map, catalog),
        // then the same serialisation of the produced objects the floor does.
        group.bench_function(FUNCTIONS[0], |b| {
            b.iter(|| {
                let analysis = analyze(black_box(&input), &options);
                let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
                black_box(serde_json::to_string(&objects).unwrap())
            })
        });
        // What `--format json` and the playground pay: the core plus the whole contract.
        group.bench_function(FUNCTIONS[1], |b| {
            b.iter(|| {
                let analysis = analyze(black_box(&input), &options);
                black_box(serde_json::to_string(&output::contract(&analysis, &input)).unwrap())
            })
        });
        group.bench_function(FUNCTIONS[2], |b| {
            b.iter(|| {
                let value: serde_yaml::Value = serde_yaml::from_str(black_box(&input)).unwrap();
                black_box(value);
                black_box(serde_json::to_string(&objects).unwrap())
            })
        });
        // Change review: the diff of this input against itself with every port moved, so every
        // service's Deployment, Service and Ingress differ (target: within 2× of one `map`).
        let changed = analyze(&input.replace("port: 3000", "port: 3001"), &options);
        group.bench_function(FUNCTIONS[3], |b| {
            b.iter(|| black_box(output::diff::diff(black_box(&analysis), black_box(&changed)).changes.len()))
        });
        group.bench_function(FUNCTIONS[4], |b| {
            b.iter(|| {
                let analysis = analyze(black_box(&input), &options);
                black_box(output::view(&analysis, &input).unwrap())
            })
        });
        // One service edited, then edited back, and so on: each update changes one owner.
        let edited = one_service_edited(&input);
        let mut session = Session::default();
        session.update(input.clone(), options.clone(), Vec::new());
        let mut flip = false;
        group.bench_function(FUNCTIONS[5], |b| {
            b.iter(|| {
                flip = !flip;
                let text = if flip { &edited } else { &input };
                session.update(black_box(text.clone()), options.clone(), Vec::new());
                black_box(session.view().unwrap())
            })
        });
        group.finish();
    }
    sizes
}

/// `input` with its first `port: 3000` (its first service's) changed.
fn one_service_edited(input: &str) -> String {
    let edited = input.replacen("port: 3000", "port: 3001", 1);
    assert_ne!(edited, input, "every benchmarked input has a service on port 3000");
    edited
}

/// Services in the 5 MB input.
const FIVE_MB_SERVICES: usize = 19_000;

/// The 5 MB input's mean times (ns) of `map-objects`, `yaml-floor` and `view` over three runs
/// each, done as criterion does them, with its sizes.
fn five_mb() -> Value {
    const RUNS: u32 = 3;
    let options = common::options();
    let input = common::generated(FIVE_MB_SERVICES);
    let analysis = analyze(&input, &options);
    assert!(!analysis.has_errors(), "5 MB: {:?}", analysis.diagnostics);
    let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
    let object_json_bytes = serde_json::to_string(&objects).unwrap().len();
    let mean = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        for _ in 0..RUNS {
            f();
        }
        t.elapsed().as_nanos() as f64 / f64::from(RUNS)
    };
    let map_objects = mean(&mut || {
        let analysis = analyze(black_box(&input), &options);
        let objects: Vec<_> = analysis.entries.iter().filter_map(|e| e.object.as_ref()).collect();
        black_box(serde_json::to_string(&objects).unwrap());
    });
    let floor = mean(&mut || {
        let value: serde_yaml::Value = serde_yaml::from_str(black_box(&input)).unwrap();
        black_box(value);
        black_box(serde_json::to_string(&objects).unwrap());
    });
    let view = mean(&mut || {
        let analysis = analyze(black_box(&input), &options);
        black_box(output::view(&analysis, &input).unwrap());
    });
    json!({
        "services": FIVE_MB_SERVICES,
        "input_bytes": input.len(),
        "objects": objects.len(),
        "object_json_bytes": object_json_bytes,
        "runs": RUNS,
        "mean_ns": { "map-objects": round(map_objects, 0), "yaml-floor": round(floor, 0), "view": round(view, 0) },
        "map_objects_over_floor": ratio(Some(map_objects), Some(floor)),
    })
}

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    let sizes = bench(&mut criterion);
    criterion.final_summary();
    // `cargo bench` passes `--bench`; `cargo test` runs each benchmark once without it and
    // writes no estimates, so there is nothing to summarise.
    if std::env::args().any(|a| a == "--bench") {
        let mut summary = summarise(&sizes, &criterion_dir(), started);
        // Only in a run of every input (a filtered run measures none of this either).
        if std::env::args().skip(1).all(|a| a.starts_with('-')) {
            println!("timing the 5 MB input ({FIVE_MB_SERVICES} services, three runs of each)…");
            summary["five_mb"] = five_mb();
        }
        print_table(&summary);
        let text = serde_json::to_string_pretty(&summary).unwrap();
        println!("{text}");
        let path = target_dir().join("bench-summary.json");
        match std::fs::write(&path, text + "\n") {
            Ok(()) => println!("wrote {}", path.display()),
            Err(e) => eprintln!("could not write {}: {e}", path.display()),
        }
        write_results(&summary, started);
    }
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, else this package's `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Where criterion writes its estimates (its own order: `$CRITERION_HOME`, then
/// `<target>/criterion`).
fn criterion_dir() -> PathBuf {
    std::env::var_os("CRITERION_HOME").map(PathBuf::from).unwrap_or_else(|| target_dir().join("criterion"))
}

/// Mean time in ns (with its 95% interval) of `group/function`, if this run measured it:
/// an estimates file older than the run is a previous run's (e.g. filtered out now).
fn mean_ns(dir: &Path, group: &str, function: &str, since: SystemTime) -> Option<(f64, f64, f64)> {
    let path = dir.join(group).join(function).join("new").join("estimates.json");
    let fresh = std::fs::metadata(&path).and_then(|m| m.modified()).ok()? >= since;
    if !fresh {
        return None;
    }
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    let mean = &estimates["mean"];
    let interval = &mean["confidence_interval"];
    Some((
        mean["point_estimate"].as_f64()?,
        interval["lower_bound"].as_f64()?,
        interval["upper_bound"].as_f64()?,
    ))
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Value {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => json!(round(a / b, 2)),
        _ => Value::Null,
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// The machine-readable summary: per input its sizes, mean times (ns), the ratios to the
/// floor and time per output byte; the 200/20 scaling of each function; the targets.
fn summarise(sizes: &[Sizes], dir: &Path, since: SystemTime) -> Value {
    let mut inputs = Vec::new();
    let mut means = std::collections::HashMap::new();
    for s in sizes {
        let mut times = serde_json::Map::new();
        for f in FUNCTIONS {
            let estimate = mean_ns(dir, s.name, f, since);
            means.insert((s.name, f), estimate.map(|e| e.0));
            times.insert(
                f.to_string(),
                estimate.map_or(Value::Null, |(mean, low, high)| {
                    json!({ "mean_ns": round(mean, 0), "ci95_ns": [round(low, 0), round(high, 0)] })
                }),
            );
        }
        let mean = |f| means[&(s.name, f)];
        let per_byte =
            |f| mean(f).map_or(Value::Null, |t: f64| json!(round(t / s.object_json_bytes as f64, 3)));
        inputs.push(json!({
            "name": s.name,
            "input_bytes": s.input_bytes,
            "objects": s.objects,
            "object_json_bytes": s.object_json_bytes,
            "contract_json_bytes": s.contract_json_bytes,
            "times": times,
            "map_objects_over_floor": ratio(mean("map-objects"), mean("yaml-floor")),
            "map_over_floor": ratio(mean("map"), mean("yaml-floor")),
            "diff_over_map": ratio(mean("diff"), mean("map")),
            "edit_over_view": ratio(mean("edit"), mean("view")),
            "ns_per_object_json_byte": {
                "map-objects": per_byte("map-objects"),
                "yaml-floor": per_byte("yaml-floor"),
            },
        }));
    }
    let size = |name: &str| sizes.iter().find(|s| s.name == name);
    // Each function's growth from `small` to `big`, beside the growth of the output itself.
    let growth = |big: &str, small: &str| -> serde_json::Map<String, Value> {
        FUNCTIONS
            .iter()
            .map(|f| {
                let at = |n| means.get(&(n, *f)).copied().flatten();
                (f.to_string(), ratio(at(big), at(small)))
            })
            .chain([(
                "object_json_bytes".to_string(),
                match (size(big), size(small)) {
                    (Some(big), Some(small)) => {
                        ratio(Some(big.object_json_bytes as f64), Some(small.object_json_bytes as f64))
                    }
                    _ => Value::Null,
                },
            )])
            .collect()
    };
    let scaling = growth("services-200", "services-20");
    json!({
        "benchmark": "cargo bench --bench map",
        "inputs": inputs,
        "scaling_200_over_20": scaling,
        // Linear cost: 200 → 2,000 services should grow no steeper than the floor does.
        "scaling_2000_over_200": growth("services-2000", "services-200"),
        "targets": { "map_objects_over_floor_max": 1.5, "scaling_200_over_20_max": 11.0, "diff_over_map_max": 2.0 },
    })
}

fn print_table(summary: &Value) {
    let time = |v: &Value| match v["mean_ns"].as_f64() {
        Some(ns) if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        Some(ns) => format!("{:.0} µs", ns / 1e3),
        None => "-".to_string(),
    };
    let times = |v: &Value| v.as_f64().map_or_else(|| "-".to_string(), |x| format!("{x:.2}×"));
    println!();
    println!(
        "{:<13} {:>7} {:>9} {:>12} {:>10} {:>10} {:>11} {:>9} {:>10} {:>9} {:>10} {:>10} {:>9}",
        "input",
        "objects",
        "JSON KB",
        "map-objects",
        "map",
        "yaml-floor",
        "m-o/floor",
        "map/floor",
        "diff",
        "diff/map",
        "view",
        "edit",
        "edit/view"
    );
    for i in summary["inputs"].as_array().into_iter().flatten() {
        let t = &i["times"];
        println!(
            "{:<13} {:>7} {:>9.0} {:>12} {:>10} {:>10} {:>11} {:>9} {:>10} {:>9} {:>10} {:>10} {:>9}",
            i["name"].as_str().unwrap_or_default(),
            i["objects"].as_u64().unwrap_or_default(),
            i["object_json_bytes"].as_f64().unwrap_or_default() / 1e3,
            time(&t["map-objects"]),
            time(&t["map"]),
            time(&t["yaml-floor"]),
            times(&i["map_objects_over_floor"]),
            times(&i["map_over_floor"]),
            time(&t["diff"]),
            times(&i["diff_over_map"]),
            time(&t["view"]),
            time(&t["edit"]),
            times(&i["edit_over_view"]),
        );
    }
    let s = &summary["scaling_200_over_20"];
    println!(
        "200/20 services: map-objects {}, map {}, yaml-floor {} (object JSON bytes {}); targets: ratio ≤ 1.5×, scaling ≤ 11×",
        times(&s["map-objects"]),
        times(&s["map"]),
        times(&s["yaml-floor"]),
        times(&s["object_json_bytes"]),
    );
    println!();
}

// ---- benches/RESULTS.md ------------------------------------------------------------------------

/// The file both benchmarks keep their latest numbers in, one section each.
const RESULTS: &str = "benches/RESULTS.md";
const RESULTS_HEADER: &str = "# Benchmark results

The latest run of each benchmark, written by the benchmark itself: `cargo bench --bench map`
replaces the native section, `npm run bench:web -- --build` the browser section. Times depend on
the machine and on what else runs on it (see each section's machine note); the ratios and the
pass/miss of each target are what to compare between runs.
";

/// Replaces the section between `<!-- name -->` and `<!-- /name -->` in `text` (appending it,
/// or creating the file's header, when it is missing). `scripts/bench-web.mjs` does the same.
fn replace_section(text: &str, name: &str, body: &str) -> String {
    let (open, close) = (format!("<!-- {name} -->"), format!("<!-- /{name} -->"));
    let section = format!("{open}\n{}\n{close}", body.trim_end());
    let text = if text.trim().is_empty() { RESULTS_HEADER.to_string() } else { text.to_string() };
    match (text.find(&open), text.find(&close)) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{section}{}", &text[..start], &text[end + close.len()..])
        }
        _ => format!("{}\n\n{section}\n", text.trim_end()),
    }
}

/// The output of a command, trimmed; None when it fails.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `YYYY-MM-DD HH:MM UTC` (civil-from-days, proleptic Gregorian).
fn utc(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// What the numbers were measured on: CPU, cores, load, OS, compiler, commit.
fn machine_note() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_string());
    let os = output_of("uname", &["-sr"]).unwrap_or_else(|| std::env::consts::OS.to_string());
    let rustc = output_of(&std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()), &["-V"])
        .unwrap_or_else(|| "rustc (unknown version)".to_string());
    let commit = match output_of("git", &["rev-parse", "--short", "HEAD"]) {
        Some(c) => {
            let dirty = output_of(
                "git",
                &[
                    "status",
                    "--porcelain",
                    "--",
                    "src",
                    "benches/map.rs",
                    "benches/common",
                    "Cargo.toml",
                    "Cargo.lock",
                ],
            )
            .is_some_and(|s| !s.is_empty());
            format!("commit {c}{}", if dirty { " + local changes" } else { "" })
        }
        None => "no git".to_string(),
    };
    format!("{cpu}, {cores} cores available, load average {load} at the start; {os}; {rustc}; {commit}")
}

/// The native section of benches/RESULTS.md: the summary as Markdown.
fn write_results(summary: &Value, started: SystemTime) {
    let inputs = summary["inputs"].as_array().cloned().unwrap_or_default();
    let measured = inputs.iter().all(|i| FUNCTIONS.iter().all(|f| i["times"][*f]["mean_ns"].is_number()));
    if inputs.is_empty() || !measured {
        println!("a filtered run: {RESULTS} left as it is");
        return;
    }
    let time = |v: &Value| match v["mean_ns"].as_f64() {
        Some(ns) if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        Some(ns) => format!("{:.0} µs", ns / 1e3),
        None => "-".to_string(),
    };
    let times = |v: &Value| v.as_f64().map_or_else(|| "-".to_string(), |x| format!("{x:.2}×"));
    let mut md = String::new();
    md.push_str("## Native core: `cargo bench --bench map`\n\n");
    md.push_str(&format!("{} — {}.\n\n", utc(started), machine_note()));
    md.push_str(
        "Mean times (criterion). `map-objects`: the whole core (load, map, catalog) plus serialising \
         the objects to JSON; `map`: the core plus the whole JSON contract, what `--format json` and \
         the playground pay; `yaml-floor`: parsing the same input to `serde_yaml::Value` plus the same \
         serialisation of the objects; `view`: an analysis and the playground's view, what an edit \
         cost before the session; `edit`: a one-service edit through the session (unchanged owners \
         reused) and its view, what an edit costs now.\n\n",
    );
    md.push_str("| input | objects | object JSON | map-objects | map | yaml-floor | map-objects / floor | map / floor | diff | diff / map | view | edit | edit / view |\n");
    md.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for i in &inputs {
        let t = &i["times"];
        md.push_str(&format!(
            "| {} | {} | {:.0} KB | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            i["name"].as_str().unwrap_or_default(),
            i["objects"].as_u64().unwrap_or_default(),
            i["object_json_bytes"].as_f64().unwrap_or_default() / 1e3,
            time(&t["map-objects"]),
            time(&t["map"]),
            time(&t["yaml-floor"]),
            times(&i["map_objects_over_floor"]),
            times(&i["map_over_floor"]),
            time(&t["diff"]),
            times(&i["diff_over_map"]),
            time(&t["view"]),
            time(&t["edit"]),
            times(&i["edit_over_view"]),
        ));
    }
    let s = &summary["scaling_200_over_20"];
    md.push_str(&format!(
        "\n200 / 20 services: map-objects {}, map {}, yaml-floor {} (object JSON bytes {}).\n\n",
        times(&s["map-objects"]),
        times(&s["map"]),
        times(&s["yaml-floor"]),
        times(&s["object_json_bytes"]),
    ));
    let s2 = &summary["scaling_2000_over_200"];
    if s2["map-objects"].is_number() {
        md.push_str(&format!(
            "2,000 / 200 services: map-objects {}, map {}, yaml-floor {}, diff {}, view {}, edit {} (object JSON bytes {}).\n\n",
            times(&s2["map-objects"]),
            times(&s2["map"]),
            times(&s2["yaml-floor"]),
            times(&s2["diff"]),
            times(&s2["view"]),
            times(&s2["edit"]),
            times(&s2["object_json_bytes"]),
        ));
    }
    let big = &summary["five_mb"];
    let ms = |v: &Value| v.as_f64().map_or_else(|| "-".to_string(), |ns| format!("{:.0} ms", ns / 1e6));
    if big.is_object() {
        md.push_str(&format!(
            "5 MB ({} services, {:.1} MB of convox.yml, {} objects, {:.0} MB of object JSON; mean of {} runs, outside criterion): map-objects {}, yaml-floor {}, map-objects / floor {}; view {}.\n\n",
            big["services"],
            big["input_bytes"].as_f64().unwrap_or_default() / 1e6,
            big["objects"],
            big["object_json_bytes"].as_f64().unwrap_or_default() / 1e6,
            big["runs"],
            ms(&big["mean_ns"]["map-objects"]),
            ms(&big["mean_ns"]["yaml-floor"]),
            times(&big["map_objects_over_floor"]),
            ms(&big["mean_ns"]["view"]),
        ));
    }
    let worst_ratio =
        inputs.iter().chain([big]).filter_map(|i| i["map_objects_over_floor"].as_f64()).fold(0.0, f64::max);
    let scaling = s["map-objects"].as_f64();
    let verdict = |ok: bool| if ok { "pass" } else { "MISS" };
    md.push_str("| target | value | limit | |\n|---|--:|--:|---|\n");
    md.push_str(&format!(
        "| mapping / YAML floor (map-objects, worst input) | {worst_ratio:.2}× | ≤ 1.5× | {} |\n",
        verdict(worst_ratio <= 1.5)
    ));
    md.push_str(&format!(
        "| 200 / 20 services (map-objects) | {} | ≤ 11× | {} |\n",
        times(&s["map-objects"]),
        verdict(scaling.is_some_and(|x| x <= 11.0))
    ));
    let diff_200 =
        inputs.iter().find(|i| i["name"] == "services-200").and_then(|i| i["diff_over_map"].as_f64());
    md.push_str(&format!(
        "| diff of two 200-service analyses / one map | {} | ≤ 2× | {} |\n",
        diff_200.map_or("-".to_string(), |x| format!("{x:.2}×")),
        verdict(diff_200.is_some_and(|x| x <= 2.0))
    ));
    // Linear cost: 200 → 2,000 services no steeper than the floor's own growth.
    let (grown, floor_grown) = (s2["map-objects"].as_f64(), s2["yaml-floor"].as_f64());
    md.push_str(&format!(
        "| 2,000 / 200 services (map-objects) / the floor's | {} / {} | ≤ the floor's | {} |\n",
        times(&s2["map-objects"]),
        times(&s2["yaml-floor"]),
        verdict(matches!((grown, floor_grown), (Some(g), Some(f)) if g <= f))
    ));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(RESULTS);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    match std::fs::write(&path, replace_section(&old, "native", &md)) {
        Ok(()) => println!("wrote the native section of {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
