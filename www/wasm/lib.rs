//! Re-exports the core's wasm boundary (src/wasm/) so this cdylib carries its exports: www/wasm
//! builds it without the core's `extras` feature (the first wasm), www/extras with it.
#[cfg(target_arch = "wasm32")]
pub use convox_k8s::wasm::*;

/// Talc instead of Rust's default wasm allocator, dlmalloc, in the first wasm only (feature
/// `talc`): smaller, and no slower for a first analysis; the second wasm's edits are faster with
/// dlmalloc (www/wasm/Cargo.toml and www/extras/Cargo.toml have the numbers). The playground's
/// wasm is single-threaded.
#[cfg(all(feature = "talc", target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
