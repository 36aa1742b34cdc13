//! Inline hints: after each service, timer, resource and balancer name, the kinds of the
//! objects the analysis made from it (`web → Deployment · Service · Ingress · HPA · …`).

use crate::hashed::HashMap;

use serde::Serialize;

use crate::Analysis;

/// The objects one named entry of convox.yml produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Hint {
    /// `services.web`.
    pub path: String,
    /// Where the hint goes: the end of the name's line (byte offset).
    pub at: usize,
    /// The kinds, short (HPA, SA, PDB, PVC, …), workloads first, each once.
    pub kinds: Vec<String>,
    /// Every object, `Kind name`, in apply order.
    pub objects: Vec<String>,
}

/// The sections whose entries get a hint.
const SECTIONS: &[&str] = &["services", "timers", "resources", "balancers"];

/// Kinds in the order a hint lists them, with their short names.
const KINDS: &[(&str, &str)] = &[
    ("Deployment", "Deployment"),
    ("DaemonSet", "DaemonSet"),
    ("CronJob", "CronJob"),
    ("Service", "Service"),
    ("Ingress", "Ingress"),
    ("HTTPProxy", "HTTPProxy"),
    ("Certificate", "Certificate"),
    ("HorizontalPodAutoscaler", "HPA"),
    ("ScaledObject", "ScaledObject"),
    ("TriggerAuthentication", "TriggerAuth"),
    ("VerticalPodAutoscaler", "VPA"),
    ("PodDisruptionBudget", "PDB"),
    ("Secret", "Secret"),
    ("ConfigMap", "ConfigMap"),
    ("PersistentVolumeClaim", "PVC"),
    ("PersistentVolume", "PV"),
    ("ServiceAccount", "SA"),
];

/// A hint being gathered: where the name's key is, the hint, and its kinds (rank in
/// [`KINDS`], or after them, with the short name).
type Gathered = (Option<usize>, Hint, Vec<(usize, String)>);

/// The hints of `analysis` of `source`, in the order the names appear.
pub fn hints(analysis: &Analysis, source: &str) -> Vec<Hint> {
    let mut out: Vec<Gathered> = Vec::new();
    // Each name's place in `out`: a search of `out` per object made this quadratic (a 19,000-
    // service manifest took 10 s here, natively).
    // Keyed by a slice of the entry's own path: no path is built to look one up (this runs at
    // every edit, over every object).
    let mut index: HashMap<&str, usize> = HashMap::default();
    for e in analysis.entries.iter().filter(|e| e.object.is_some()) {
        let Some(src) = &e.source else { continue };
        let Some((section, rest)) = src.path.split_once('.') else { continue };
        if !SECTIONS.contains(&section) {
            continue;
        }
        let name = rest.bytes().position(|b| b == b'.' || b == b'[').map_or(rest, |n| &rest[..n]);
        let path = &src.path[..section.len() + 1 + name.len()];
        let i = match index.get(path) {
            Some(&i) => i,
            None => {
                index.insert(path, out.len());
                let hint = Hint { path: path.to_string(), at: 0, kinds: Vec::new(), objects: Vec::new() };
                out.push((None, hint, Vec::new()));
                out.len() - 1
            }
        };
        let (at, hint, kinds) = &mut out[i];
        if src.path.len() == path.len() {
            *at = Some(src.span.start);
        }
        hint.objects.push([e.kind.as_str(), " ", e.name.as_str()].concat());
        let kind = match KINDS.iter().position(|(k, _)| *k == e.kind) {
            Some(rank) => (rank, KINDS[rank].1.to_string()),
            None => (KINDS.len(), e.kind.clone()),
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let mut hints: Vec<(usize, Hint)> = out
        .into_iter()
        .filter_map(|(at, mut hint, mut kinds)| {
            let at = at?;
            kinds.sort();
            hint.kinds = kinds.into_iter().map(|(_, k)| k).collect();
            hint.at = line_end(source, at);
            Some((at, hint))
        })
        .collect();
    hints.sort_by_key(|(at, _)| *at);
    hints.into_iter().map(|(_, h)| h).collect()
}

/// The end of the line holding byte `at` (before `\r\n`).
fn line_end(source: &str, at: usize) -> usize {
    let rest = source.get(at..).unwrap_or_default();
    let end = at + rest.find('\n').unwrap_or(rest.len());
    if end > at && source.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}
