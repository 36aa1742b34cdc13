//! Labels every mapping module shares: the ones the rack's apply adds to each top-level
//! object (`provider/k8s/apply.go` `ApplyLabels`) and small builders.

use super::{names, Context, Labels};

/// `atom=<first 60 hex chars of sha256("<namespace>.app")>`, added by the Atom controller.
pub fn atom_hash(namespace: &str) -> String {
    let mut hex = names::sha256_hex(&format!("{namespace}.app"));
    hex.truncate(60);
    hex
}

/// The labels `ApplyLabels` + atom merge into every top-level object, overriding any key of
/// the same name: `system, provider, rack, app, release, atom`. Computed once per `Context`.
pub fn applied(ctx: &Context) -> Labels {
    applied_ref(ctx).clone()
}

fn applied_ref(ctx: &Context) -> &Labels {
    ctx.applied_labels.get_or_init(|| {
        labels([
            ("system", "convox"),
            ("provider", "k8s"),
            ("rack", &ctx.rack),
            ("app", &ctx.app),
            ("release", &ctx.release),
            ("atom", &atom_hash(ctx.namespace())),
        ])
    })
}

/// Builds a label map from pairs.
pub fn labels<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Labels {
    crate::sorted::sorted_map(pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// `base` with `extra` merged over it (extra wins), then the applied labels over both, as the
/// rack's apply does. Merged in place: a key already there keeps its `String`s.
pub fn top_level(ctx: &Context, base: Labels, extra: &[(String, String)]) -> Labels {
    let mut out = base;
    let applied = applied_ref(ctx).iter().map(|(k, v)| (k.as_str(), v.as_str()));
    for (k, v) in extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).chain(applied) {
        match out.get_mut(k) {
            Some(old) => {
                if old != v {
                    v.clone_into(old);
                }
            }
            None => {
                out.insert(k.to_string(), v.to_string());
            }
        }
    }
    out
}
