//! The TypeScript declarations of what the wasm returns, generated from the Rust types that
//! serialise it (ts-rs, in this test only: the derives are `cfg(test)`, so nothing of it is in
//! the wasm or the CLI). `www/src/types/core.d.ts` is the file; `tsc --noEmit` (tsconfig.json,
//! run by the tests) checks the page's JavaScript against it. `UPDATE_TYPES=1 cargo test --lib
//! typescript` rewrites it after a change of the types; the test fails while it differs.

use ts_rs::{Config, TS};

use super::diff::{Change, ChangeKind, Effect, Field};
use super::review::Summary;
use super::*;

/// Every declaration, in a stable order: the view and its parts first.
fn declarations() -> String {
    let cfg = Config::new().with_large_int("number".to_string());
    let decls = [
        View::decl(&cfg),
        ViewResource::decl(&cfg),
        SameResource::decl(&cfg),
        OutsideResource::decl(&cfg),
        Contract::decl(&cfg),
        crate::Verdict::decl(&cfg),
        crate::DefaultName::decl(&cfg),
        crate::assist::Hint::decl(&cfg),
        outline::Group::decl(&cfg),
        ProfileOut::decl(&cfg),
        crate::profile::Provider::decl(&cfg),
        Resource::decl(&cfg),
        ObjectField::decl(&cfg),
        SourceOut::decl(&cfg),
        KeyOut::decl(&cfg),
        crate::catalog::Kubectl::decl(&cfg),
        crate::catalog::Issue::decl(&cfg),
        crate::mapping::Concept::decl(&cfg),
        AbsentOut::decl(&cfg),
        AbsentEditOut::decl(&cfg),
        ParamOut::decl(&cfg),
        DiagnosticOut::decl(&cfg),
        crate::diagnostic::Severity::decl(&cfg),
        FixOut::decl(&cfg),
        EditOut::decl(&cfg),
        crate::OptionError::decl(&cfg),
        EntryYaml::decl(&cfg),
        FieldMark::decl(&cfg),
        YamlDownload::decl(&cfg),
        Summary::decl(&cfg),
        Change::decl(&cfg),
        ChangeKind::decl(&cfg),
        Effect::decl(&cfg),
        Field::decl(&cfg),
        edge::Defaults::decl(&cfg),
        edge::RackParam::decl(&cfg),
        edge::VersionOut::decl(&cfg),
        edge::ViewExtra::decl(&cfg),
        edge::KeyedChange::decl(&cfg),
        edge::ChangesOut::decl(&cfg),
        edge::ReferenceOut::decl(&cfg),
        reference::Reference::decl(&cfg),
        reference::QuickRow::decl(&cfg),
        filter::Filtered::decl(&cfg),
        filter::TermOut::decl(&cfg),
        crate::share::SharedEnv::decl(&cfg),
        crate::assist::Completions::decl(&cfg),
        crate::assist::Item::decl(&cfg),
        crate::assist::Hover::decl(&cfg),
        crate::assist::Topology::decl(&cfg),
        crate::assist::Node::decl(&cfg),
        crate::assist::Edge::decl(&cfg),
        drift::render::DriftOut::decl(&cfg),
        drift::render::DumpDiagnostic::decl(&cfg),
        drift::Summary::decl(&cfg),
        drift::DriftObject::decl(&cfg),
        drift::DriftField::decl(&cfg),
        drift::Change::decl(&cfg),
        drift::Fate::decl(&cfg),
        drift::Expected::decl(&cfg),
        drift::RunTimeObject::decl(&cfg),
    ];
    let mut names: Vec<&str> =
        decls.iter().filter_map(|d| d.strip_prefix("type ")?.split([' ', '<']).next()).collect();
    names.sort_unstable();
    let twice: Vec<&&str> = names.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
    assert!(twice.is_empty(), "two Rust types declare the same TypeScript name (ts(rename) one): {twice:?}");
    let mut out = String::from(
        "// Generated from the Rust types by src/output/typescript.rs (UPDATE_TYPES=1 cargo test --lib\n\
         // typescript); do not edit. What the core's wasm returns, as the page reads it.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[test]
fn the_pages_type_declarations_are_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/src/types/core.d.ts");
    let now = declarations();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &now).expect("write core.d.ts");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "www/src/types/core.d.ts differs from the Rust types: UPDATE_TYPES=1 cargo test --lib typescript"
    );
}
