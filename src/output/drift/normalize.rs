//! What a live object holds that says nothing about what convox.yml asks for: the API server's
//! and the controllers' bookkeeping, dropped before comparing (never reported), and the fields
//! that change at run time by design, which compare as *expected* with the reason.
//!
//! Each row says where the value comes from (kubernetes/kubernetes unless named otherwise; the
//! rack's files in convox/convox).

use serde_json::Value;

use crate::mapping::Role;

/// Something the cluster adds to an object that is dropped before comparing.
#[derive(Debug, Clone, Copy)]
pub enum Drop {
    /// A field, as a dotted path from the object's root.
    Field(&'static str),
    /// An annotation; a key ending in `*` is a prefix.
    Annotation(&'static str),
    Label(&'static str),
    /// A value of `metadata.finalizers`.
    Finalizer(&'static str),
}

/// One dropped thing: the kinds it is dropped from (`&[]`: every kind) and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Dropped {
    pub kinds: &'static [&'static str],
    pub what: Drop,
    pub source: &'static str,
}

const fn dropped(kinds: &'static [&'static str], what: Drop, source: &'static str) -> Dropped {
    Dropped { kinds, what, source }
}

/// The annotation `kubectl apply` keeps the applied object in (read first: it tells what the
/// rack applied last).
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Everything dropped from the cluster's objects.
pub const DROPPED: &[Dropped] = &[
    dropped(&[], Drop::Field("status"), "written by controllers; each registry strategy clears it on create"),
    dropped(&[], Drop::Field("metadata.uid"), "k8s.io/apiserver pkg/registry/rest/meta.go FillObjectMetaSystemFields"),
    dropped(
        &[],
        Drop::Field("metadata.creationTimestamp"),
        "k8s.io/apiserver pkg/registry/rest/meta.go FillObjectMetaSystemFields",
    ),
    dropped(&[], Drop::Field("metadata.resourceVersion"), "the storage layer: the etcd revision"),
    dropped(
        &[],
        Drop::Field("metadata.generation"),
        "each registry strategy's PrepareForCreate/PrepareForUpdate (pkg/registry/*/*/strategy.go)",
    ),
    dropped(&[], Drop::Field("metadata.managedFields"), "the server-side field manager (k8s.io/apiserver)"),
    dropped(&[], Drop::Field("metadata.selfLink"), "older API servers"),
    dropped(&[], Drop::Annotation(LAST_APPLIED), "kubectl apply (the rack applies with kubectl 1.34)"),
    dropped(
        &["Deployment"],
        Drop::Annotation("deployment.kubernetes.io/revision"),
        "pkg/controller/deployment/util/deployment_util.go SetDeploymentRevision",
    ),
    dropped(
        &["DaemonSet"],
        Drop::Annotation("deprecated.daemonset.template.generation"),
        "pkg/registry/apps/daemonset/strategy.go PrepareForCreate (TemplateGeneration, as an annotation in apps/v1)",
    ),
    dropped(
        &["Namespace"],
        Drop::Annotation("convox.com/app-status"),
        "convox/convox provider/k8s/controller_atom.go updateNamespace",
    ),
    dropped(
        &["Namespace"],
        Drop::Annotation("convox.com/app-release"),
        "convox/convox provider/k8s/controller_atom.go updateNamespace",
    ),
    dropped(
        &["Namespace"],
        Drop::Annotation("convox.com/app-atom-cur-version"),
        "convox/convox provider/k8s/controller_atom.go updateNamespace",
    ),
    dropped(
        &["Namespace"],
        Drop::Annotation("convox.com/release-promote-watch"),
        "convox/convox provider/k8s/release_watcher.go",
    ),
    dropped(&["Namespace"], Drop::Annotation("convox.com/budget-*"), "convox/convox pkg/structs/budget.go"),
    dropped(
        &["PersistentVolumeClaim", "PersistentVolume"],
        Drop::Annotation("pv.kubernetes.io/*"),
        "pkg/controller/volume/persistentvolume/pv_controller.go (bind-completed, bound-by-controller, provisioned-by)",
    ),
    dropped(
        &["PersistentVolumeClaim", "PersistentVolume"],
        Drop::Annotation("volume.kubernetes.io/*"),
        "pkg/controller/volume/persistentvolume/pv_controller.go (storage-provisioner, selected-node)",
    ),
    dropped(
        &["PersistentVolumeClaim", "PersistentVolume"],
        Drop::Annotation("volume.beta.kubernetes.io/*"),
        "pkg/controller/volume/persistentvolume/pv_controller.go (storage-provisioner)",
    ),
    dropped(
        &["HorizontalPodAutoscaler"],
        Drop::Annotation("validations.keda.sh/hpa-ownership"),
        "convox/convox provider/k8s/release.go applyAnnotationsToHPA",
    ),
    dropped(
        &["ScaledObject"],
        Drop::Label("scaledobject.keda.sh/name"),
        "kedacore/keda controllers/keda/scaledobject_controller.go ensureScaledObjectLabel",
    ),
    dropped(
        &["PersistentVolumeClaim"],
        Drop::Finalizer("kubernetes.io/pvc-protection"),
        "plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go admitPVC",
    ),
    dropped(
        &["PersistentVolume"],
        Drop::Finalizer("kubernetes.io/pv-protection"),
        "plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go admitPV",
    ),
    dropped(
        &["PersistentVolume"],
        Drop::Finalizer("external-provisioner.volume.kubernetes.io/finalizer"),
        "kubernetes-csi/external-provisioner",
    ),
    dropped(
        &["Service"],
        Drop::Finalizer("service.kubernetes.io/load-balancer-cleanup"),
        "k8s.io/cloud-provider service/helpers/helper.go LoadBalancerCleanupFinalizer",
    ),
    dropped(
        &["ScaledObject", "TriggerAuthentication"],
        Drop::Finalizer("finalizer.keda.sh"),
        "kedacore/keda controllers/keda/scaledobject_finalizer.go, util/finalizer.go",
    ),
];

/// Drops the cluster's bookkeeping from `object` (a live object of `kind`), and every
/// `creationTimestamp: null` inside it (templates' metadata, as servers before 1.34 print it:
/// `k8s.io/apimachinery` `ObjectMeta.CreationTimestamp` gained `omitzero` in 1.34). Returns what
/// `kubectl apply` last applied (the last-applied annotation, parsed), when it is there.
pub fn drop_bookkeeping(kind: &str, object: &mut Value) -> Option<Value> {
    let applied = object
        .pointer(&format!("/metadata/annotations/{}", LAST_APPLIED.replace('/', "~1")))
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .filter(Value::is_object);
    for d in DROPPED.iter().filter(|d| d.kinds.is_empty() || d.kinds.contains(&kind)) {
        match d.what {
            Drop::Field(path) => {
                let (parent, key) = path.rsplit_once('.').map_or(("", path), |(p, k)| (p, k));
                if let Some(Value::Object(m)) = at_mut(object, parent) {
                    m.remove(key);
                }
            }
            Drop::Annotation(key) | Drop::Label(key) => {
                let map = if matches!(d.what, Drop::Label(_)) { "labels" } else { "annotations" };
                if let Some(Value::Object(m)) = object.pointer_mut(&format!("/metadata/{map}")) {
                    match key.strip_suffix('*') {
                        Some(prefix) => m.retain(|k, _| !k.starts_with(prefix)),
                        None => {
                            m.remove(key);
                        }
                    }
                }
            }
            Drop::Finalizer(name) => {
                if let Some(Value::Array(f)) = object.pointer_mut("/metadata/finalizers") {
                    f.retain(|v| v.as_str() != Some(name));
                }
            }
        }
    }
    drop_null_timestamps(object);
    applied
}

fn at_mut<'a>(v: &'a mut Value, dotted: &str) -> Option<&'a mut Value> {
    if dotted.is_empty() {
        return Some(v);
    }
    dotted.split('.').try_fold(v, |v, k| v.get_mut(k))
}

/// Removes `metadata.creationTimestamp: null` at any depth (the dump's depth is bounded by its
/// reader).
fn drop_null_timestamps(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(meta)) = m.get_mut("metadata") {
                if meta.get("creationTimestamp").is_some_and(Value::is_null) {
                    meta.remove("creationTimestamp");
                }
            }
            for (_, child) in m.iter_mut() {
                drop_null_timestamps(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_timestamps),
        _ => {}
    }
}

/// When a run-time field is expected to differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    Always,
    /// A HorizontalPodAutoscaler or ScaledObject of the release targets the workload.
    Autoscaled,
    /// The object has this role.
    Role(Role),
}

/// A field that changes at run time by design: any difference there is *expected*.
#[derive(Debug, Clone, Copy)]
pub struct Runtime {
    pub kinds: &'static [&'static str],
    pub at: &'static str,
    pub because: Because,
    /// Why it differs (`{autoscaler}` is replaced by the autoscaler's kind and name).
    pub reason: &'static str,
}

/// Every run-time field.
pub const RUNTIME: &[Runtime] = &[
    Runtime {
        kinds: &["Deployment"],
        at: "spec.replicas",
        because: Because::Autoscaled,
        reason: "{autoscaler} sets the replicas at run time",
    },
    Runtime {
        kinds: &["Deployment", "DaemonSet"],
        at: "spec.template.metadata.annotations.convox.com/restart",
        because: Because::Always,
        reason: "`convox restart` stamps the pod template (provider/k8s/service.go serviceRestartDeployment)",
    },
    Runtime {
        kinds: &["ScaledObject"],
        at: "metadata.annotations.autoscaling.keda.sh/paused-replicas",
        because: Because::Always,
        reason: "the rack's budget auto-shutdown pauses the ScaledObject (provider/k8s/budget_shutdown.go)",
    },
    Runtime {
        kinds: &["Secret"],
        at: "data",
        because: Because::Role(Role::CertificateSecret),
        reason: "the rack copies the certificate and key from the rack namespace's Secret",
    },
];

/// The run-time row for field `pattern` of a `kind` object of `role`, if any; `autoscaled`:
/// whether an autoscaler targets the object.
pub fn runtime(kind: &str, pattern: &str, role: Option<Role>, autoscaled: bool) -> Option<&'static Runtime> {
    RUNTIME.iter().find(|r| {
        r.kinds.contains(&kind)
            && r.at == pattern
            && match r.because {
                Because::Always => true,
                Because::Autoscaled => autoscaled,
                Because::Role(want) => role == Some(want),
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bookkeeping_is_dropped_and_the_applied_object_kept() {
        let mut pvc = json!({
            "kind": "PersistentVolumeClaim",
            "metadata": {
                "name": "data", "uid": "u", "resourceVersion": "9", "creationTimestamp": "2025-01-01T00:00:00Z",
                "finalizers": ["kubernetes.io/pvc-protection", "example.com/mine"],
                "annotations": {
                    LAST_APPLIED: "{\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\"}}\n",
                    "pv.kubernetes.io/bind-completed": "yes",
                    "team": "a"
                }
            },
            "spec": {"template": {"metadata": {"creationTimestamp": null}}},
            "status": {"phase": "Bound"}
        });
        let applied = drop_bookkeeping("PersistentVolumeClaim", &mut pvc).unwrap();
        assert_eq!(applied["metadata"]["name"], "data");
        assert_eq!(
            pvc,
            json!({
                "kind": "PersistentVolumeClaim",
                "metadata": {"name": "data", "finalizers": ["example.com/mine"], "annotations": {"team": "a"}},
                "spec": {"template": {"metadata": {}}}
            })
        );
    }

    #[test]
    fn run_time_fields_need_their_cause() {
        assert!(runtime("Deployment", "spec.replicas", None, true).is_some());
        assert!(runtime("Deployment", "spec.replicas", None, false).is_none());
        assert!(runtime("Secret", "data", Some(Role::CertificateSecret), false).is_some());
        assert!(runtime("Secret", "data", Some(Role::EnvSecret), false).is_none());
    }
}
