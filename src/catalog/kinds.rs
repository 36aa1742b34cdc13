//! The names kubectl accepts for each kind the catalog lists: the resource's plural, singular
//! and short names (`kubectl api-resources`; the custom resources' from their CRDs: KEDA,
//! cert-manager, Contour, the VPA). The playground's filter reads `deploy/web` or `svc` through
//! this table, as kubectl would.

/// The kubectl names of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindNames {
    /// The object's `kind`.
    pub kind: &'static str,
    /// The resource name kubectl prints and takes (`deployments`).
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
}

const fn names(
    kind: &'static str,
    plural: &'static str,
    singular: &'static str,
    short: &'static [&'static str],
) -> KindNames {
    KindNames { kind, plural, singular, short }
}

/// Every kind an analysis can hold, objects and run-time objects alike (the release is not a
/// Kubernetes object and has no resource name).
pub const KINDS: &[KindNames] = &[
    names("Namespace", "namespaces", "namespace", &["ns"]),
    names("Secret", "secrets", "secret", &[]),
    names("ConfigMap", "configmaps", "configmap", &["cm"]),
    names("ServiceAccount", "serviceaccounts", "serviceaccount", &["sa"]),
    names("Deployment", "deployments", "deployment", &["deploy"]),
    names("DaemonSet", "daemonsets", "daemonset", &["ds"]),
    names("HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", &["hpa"]),
    names("Service", "services", "service", &["svc"]),
    names("Ingress", "ingresses", "ingress", &["ing"]),
    names("PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", &["pdb"]),
    names("PersistentVolume", "persistentvolumes", "persistentvolume", &["pv"]),
    names("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", &["pvc"]),
    names("CronJob", "cronjobs", "cronjob", &["cj"]),
    names("HTTPProxy", "httpproxies", "httpproxy", &["proxy", "proxies"]),
    names("Certificate", "certificates", "certificate", &["cert", "certs"]),
    names("ScaledObject", "scaledobjects", "scaledobject", &["so"]),
    names("TriggerAuthentication", "triggerauthentications", "triggerauthentication", &["ta", "triggerauth"]),
    names("VerticalPodAutoscaler", "verticalpodautoscalers", "verticalpodautoscaler", &["vpa"]),
    names("ReplicaSet", "replicasets", "replicaset", &["rs"]),
    names("Pod", "pods", "pod", &["po"]),
    names("Job", "jobs", "job", &[]),
];

/// The kind kubectl means by `word`: a plural, singular or short name, or the kind itself, in
/// any case, optionally with its API group (`deployments.apps`, `httpproxies.projectcontour.io`).
pub fn resolve(word: &str) -> Option<&'static KindNames> {
    let word = word.trim();
    let find = |w: &str| {
        KINDS.iter().find(|k| {
            k.kind.eq_ignore_ascii_case(w)
                || k.plural.eq_ignore_ascii_case(w)
                || k.singular.eq_ignore_ascii_case(w)
                || k.short.iter().any(|s| s.eq_ignore_ascii_case(w))
        })
    };
    find(word).or_else(|| word.split_once('.').and_then(|(name, _group)| find(name)))
}

/// The kubectl name closest to `word`, for a did-you-mean.
pub fn closest(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    KINDS
        .iter()
        .flat_map(|k| [k.plural, k.singular].into_iter().chain(k.short.iter().copied()))
        .map(|name| (strsim::levenshtein(&word, name), name))
        .filter(|(d, name)| *d <= 2.min(name.len() / 2).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plural_singular_and_grouped_names_resolve_to_the_kind() {
        for word in ["deploy", "deployment", "deployments", "Deployment", "DEPLOY", "deployments.apps"] {
            assert_eq!(resolve(word).map(|k| k.kind), Some("Deployment"), "{word}");
        }
        assert_eq!(resolve("svc").map(|k| k.kind), Some("Service"));
        assert_eq!(resolve("po").map(|k| k.kind), Some("Pod"));
        assert_eq!(resolve("pods").map(|k| k.kind), Some("Pod"));
        assert_eq!(resolve("httpproxies.projectcontour.io").map(|k| k.kind), Some("HTTPProxy"));
        assert_eq!(resolve("so").map(|k| k.kind), Some("ScaledObject"));
        assert_eq!(resolve("web"), None);
        assert_eq!(resolve(""), None);
    }

    #[test]
    fn every_name_belongs_to_one_kind() {
        let mut seen = crate::hashed::HashMap::default();
        for k in KINDS {
            for name in [k.kind.to_ascii_lowercase().as_str(), k.plural, k.singular]
                .into_iter()
                .chain(k.short.iter().copied())
            {
                if let Some(other) = seen.insert(name.to_string(), k.kind) {
                    assert_eq!(other, k.kind, "{name} names two kinds");
                }
            }
        }
    }

    #[test]
    fn every_kind_of_every_fixture_has_kubectl_names() {
        let mut kinds = std::collections::BTreeSet::new();
        for f in crate::testing::fixtures() {
            kinds.extend(f.analyze().entries.into_iter().map(|e| e.kind));
        }
        kinds.remove("Release");
        assert!(kinds.len() >= 15, "{kinds:?}");
        for kind in &kinds {
            assert_eq!(resolve(kind).map(|k| k.kind), Some(kind.as_str()), "{kind} has no kubectl names");
        }
    }

    #[test]
    fn a_near_miss_gets_the_closest_name() {
        assert_eq!(closest("deploi"), Some("deploy"));
        assert_eq!(closest("sevice"), Some("service"));
        assert_eq!(closest("xyzzy"), None);
    }
}
