//! Hash maps, sets and fingerprints with a fast, fixed hasher (foldhash) instead of the
//! standard library's SipHash.
//!
//! SipHash resists crafted keys (HashDoS), which nothing here needs: the keys are a manifest's
//! own paths, names and keys, hashed on the user's machine. Its cost does show: after a
//! one-service edit of the 200-service benchmark it was 7.7 % of the native session's time
//! (source-map paths, the catalog's owner indexes, the view's fingerprints) and 2.4 of the
//! 35 ms the playground's wasm spent. The state is fixed, so a map iterates in the same order
//! and a fingerprint is the same in every run: output never depends on a random seed.

use std::hash::{BuildHasher, Hash};

/// The hasher's state: fixed (no random seed).
pub type State = foldhash::fast::FixedState;

/// `std::collections::HashMap` with [`State`]; make one with `HashMap::default()` or
/// `HashMap::with_capacity_and_hasher(n, State::default())`.
pub type HashMap<K, V> = std::collections::HashMap<K, V, State>;

/// `std::collections::HashSet` with [`State`].
pub type HashSet<K> = std::collections::HashSet<K, State>;

/// A 64-bit fingerprint of `value`: equal values, equal fingerprints; different ones differ
/// but for a collision (foldhash's quality variant, which mixes its output further).
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::quality::FixedState::default().hash_one(value)
}

/// An empty map with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, State::default())
}

/// An empty set with room for `n` values.
pub fn set_with_capacity<K>(n: usize) -> HashSet<K> {
    HashSet::with_capacity_and_hasher(n, State::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_the_same_in_every_run_and_tell_values_apart() {
        // Fixed: a known value's fingerprint does not change between runs (nor between
        // processes: the test binary is a new one each time).
        let a = fingerprint(&("services.web", 3usize, 14usize));
        assert_eq!(a, fingerprint(&("services.web", 3usize, 14usize)));
        assert_ne!(a, fingerprint(&("services.web", 3usize, 15usize)));
        assert_ne!(a, fingerprint(&("services.web", 4usize, 14usize)));
    }
}
