//! The wasm boundary (issue #3): converts only; all logic is in the core.
