//! Re-exports the core's wasm boundary (src/wasm/) so this cdylib carries its exports: www/wasm
//! builds it without the core's `extras` feature (the first wasm), www/extras with it.
#[cfg(target_arch = "wasm32")]
pub use convox_k8s::wasm::*;

/// Talc instead of Rust's default wasm allocator, dlmalloc: smaller, and no slower here
/// (www/wasm/Cargo.toml has the numbers). The playground's wasm is single-threaded.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
