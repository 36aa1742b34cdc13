//! Re-exports the core's wasm boundary (src/wasm.rs) so this cdylib carries its exports.
#[cfg(target_arch = "wasm32")]
pub use convox_k8s::wasm::*;
