//! The inputs `benches/map.rs` measures, shared with `examples/profile_map.rs` so a profile
//! looks at exactly what the bench times.
//!
//! The generated manifests are linear in `n` by construction: every service has the same
//! keys and links exactly one resource, and there is one resource and one timer per ten
//! services, so the output (objects, bytes of JSON) is 10× larger at 200 services than at 20
//! (1522 vs 154 objects, 1.34 MB vs 134 KB of object JSON). No service refers to all others.

/// A manifest of `n` services, each with the common keys set, plus a resource and a timer per
/// ten services: what a large real app looks like.
pub fn generated(n: usize) -> String {
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

/// Every benchmarked input by name: the complete example, 20 and 200 generated services.
pub fn inputs() -> Vec<(&'static str, String)> {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-example/convox.yml"
    ))
    .expect("the complete example's fixture exists");
    let mut inputs =
        vec![("complete", seed), ("services-20", generated(20)), ("services-200", generated(200))];
    // 2,000 services (about 0.5 MB of convox.yml, 15,000 objects) only when measuring: `cargo test` runs each
    // benchmark once as a smoke test, and a debug build of this one would take most of a minute.
    if std::env::args().any(|a| a == "--bench") {
        inputs.push(("services-2000", generated(2000)));
    }
    inputs
}

/// The rack every input is measured on: the complete example mounts an EFS volume, which a
/// default rack refuses, so the EFS CSI driver is on (as the example's fixture says in its
/// `rack` file). The generated inputs render the same either way.
pub fn options() -> convox_k8s::Options {
    let mut options = convox_k8s::Options::default();
    options.profile.set("efs_csi_driver_enable", "true").expect("a known rack param");
    options
}
