//! Building a `BTreeMap` one insert at a time instead of `collect()`ing it.
//!
//! `BTreeMap`'s `FromIterator` gathers the pairs into a `Vec` and sorts them with the standard
//! library's stable sort, instantiated once per *iterator type* (the sort's comparator is a
//! closure inside the generic `from_iter`). Label maps are collected from a dozen iterator
//! types (`labels([..; N])` alone from seven array lengths), so the playground's first wasm
//! carried about twenty copies of the sort: 41.6 KB of its 1,378 KB code after wasm-opt.
//! [`sorted_map`] inserts instead: its per-iterator code is a loop around the one `insert` of
//! each key and value type. The maps are small (labels, annotations, env), so the inserts cost
//! no more than the sort did.

use std::collections::BTreeMap;

/// The map of `pairs`, a later pair winning over an earlier one with the same key, exactly as
/// `pairs.into_iter().collect::<BTreeMap<_, _>>()`.
pub fn sorted_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::sorted_map;
    use std::collections::BTreeMap;

    #[test]
    fn sorted_map_equals_collect_with_repeated_keys() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let collected: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(sorted_map(pairs), collected);
        assert_eq!(sorted_map(pairs)["b"], 3);
    }
}
