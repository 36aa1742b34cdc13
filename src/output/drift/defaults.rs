//! What the Kubernetes API server writes into an object that its author left out: the defaults
//! of every kind the rack renders, and the values the cluster chooses (a Service's cluster IP,
//! a claim's volume), declared once, each with where Kubernetes does it.
//!
//! Sources are in kubernetes/kubernetes unless named otherwise, read at Kubernetes 1.33 (the
//! version `kubernetes-validate` checks the rendered objects against) and checked against 1.34,
//! the version a new rack creates. The generated `SetObjectDefaults_<Kind>` of each group walks
//! into pod templates and calls the `core/v1` functions below on them, so a template is
//! defaulted as a pod spec — but not with the pod-only `SetDefaults_Pod` (no requests copied
//! from limits, no `enableServiceLinks`), and a CronJob's `jobTemplate.spec` is not defaulted as
//! a Job (`SetDefaults_Job` takes a `*batchv1.Job`).
//!
//! A row is a field pattern: a dotted path from the object's root, `[]` for every item of a
//! list, and `{pod}`, `{container}`, `{probe}` and `{volume}` for the places a pod template's
//! parts are in each workload kind. Drift compares a field the rendered object leaves out as if
//! it held the default ([`default_for`]).

use crate::hashed::{HashMap, HashSet};

use serde_json::Value;

/// The value the API server gives a field that was left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Given {
    Str(&'static str),
    Int(i64),
    Bool(bool),
    /// A JSON value.
    Json(&'static str),
    /// A copy of a sibling field (a Service port's `targetPort` is its `port`).
    Sibling(&'static str),
    /// The object's own name.
    ObjectName,
    /// `Always` for an image tagged `latest` or not tagged at all, else `IfNotPresent`.
    PullPolicy,
    /// Whatever the cluster chose (an allocated IP or port, the default storage class): any
    /// value is what the rendered object asks for.
    Chosen,
}

/// When a row applies, read on the object as the cluster stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    Always,
    /// The field at this path from the object's root has one of these values (absent: `""`).
    Field(&'static str, &'static [&'static str]),
}

/// One default.
#[derive(Debug, Clone, Copy)]
pub struct Default {
    pub kinds: &'static [&'static str],
    pub at: &'static str,
    pub given: Given,
    pub when: When,
    /// Where Kubernetes does it.
    pub source: &'static str,
}

/// The kinds whose objects hold a pod template.
const PODS: &[&str] = &["Deployment", "DaemonSet", "CronJob"];
const ALL: &[&str] = &[];

const fn row(
    kinds: &'static [&'static str],
    at: &'static str,
    given: Given,
    source: &'static str,
) -> Default {
    Default { kinds, at, given, when: When::Always, source }
}

const fn when(
    kinds: &'static [&'static str],
    at: &'static str,
    given: Given,
    when: When,
    source: &'static str,
) -> Default {
    Default { kinds, at, given, when, source }
}

/// Every default drift knows. `kinds: ALL` rows apply to every kind.
pub const DEFAULTS: &[Default] = &[
    // Every object.
    row(
        ALL,
        "metadata.ownerReferences",
        Given::Chosen,
        "controllers set owners on what they make (pkg/controller/controller_ref_manager.go); the rack's own are compared",
    ),
    // Pod templates (SetDefaults_PodSpec and friends, through SetObjectDefaults_<Kind>).
    row(PODS, "{pod}.dnsPolicy", Given::Str("ClusterFirst"), "pkg/apis/core/v1/defaults.go SetDefaults_PodSpec"),
    row(PODS, "{pod}.restartPolicy", Given::Str("Always"), "pkg/apis/core/v1/defaults.go SetDefaults_PodSpec"),
    row(PODS, "{pod}.securityContext", Given::Json("{}"), "pkg/apis/core/v1/defaults.go SetDefaults_PodSpec"),
    row(
        PODS,
        "{pod}.terminationGracePeriodSeconds",
        Given::Int(30),
        "pkg/apis/core/v1/defaults.go SetDefaults_PodSpec (v1.DefaultTerminationGracePeriodSeconds)",
    ),
    row(
        PODS,
        "{pod}.schedulerName",
        Given::Str("default-scheduler"),
        "pkg/apis/core/v1/defaults.go SetDefaults_PodSpec (v1.DefaultSchedulerName)",
    ),
    row(
        PODS,
        "{pod}.serviceAccount",
        Given::Sibling("serviceAccountName"),
        "pkg/apis/core/v1/conversion.go Convert_core_PodSpec_To_v1_PodSpec (DeprecatedServiceAccount)",
    ),
    row(PODS, "{container}.imagePullPolicy", Given::PullPolicy, "pkg/apis/core/v1/defaults.go SetDefaults_Container"),
    row(
        PODS,
        "{container}.terminationMessagePath",
        Given::Str("/dev/termination-log"),
        "pkg/apis/core/v1/defaults.go SetDefaults_Container",
    ),
    row(
        PODS,
        "{container}.terminationMessagePolicy",
        Given::Str("File"),
        "pkg/apis/core/v1/defaults.go SetDefaults_Container",
    ),
    row(
        PODS,
        "{container}.resources",
        Given::Json("{}"),
        "k8s.io/api core/v1 Container.Resources is a struct, always serialised",
    ),
    row(
        PODS,
        "{container}.ports[].protocol",
        Given::Str("TCP"),
        "k8s.io/api core/v1 types.go ContainerPort.Protocol +default=\"TCP\"",
    ),
    row(PODS, "{probe}.timeoutSeconds", Given::Int(1), "pkg/apis/core/v1/defaults.go SetDefaults_Probe"),
    row(PODS, "{probe}.periodSeconds", Given::Int(10), "pkg/apis/core/v1/defaults.go SetDefaults_Probe"),
    row(PODS, "{probe}.successThreshold", Given::Int(1), "pkg/apis/core/v1/defaults.go SetDefaults_Probe"),
    row(PODS, "{probe}.failureThreshold", Given::Int(3), "pkg/apis/core/v1/defaults.go SetDefaults_Probe"),
    row(PODS, "{probe}.httpGet.path", Given::Str("/"), "pkg/apis/core/v1/defaults.go SetDefaults_HTTPGetAction"),
    row(PODS, "{probe}.httpGet.scheme", Given::Str("HTTP"), "pkg/apis/core/v1/defaults.go SetDefaults_HTTPGetAction"),
    row(PODS, "{probe}.grpc.service", Given::Str(""), "k8s.io/api core/v1 types.go GRPCAction.Service +default=\"\""),
    row(
        PODS,
        "{container}.env[].valueFrom.fieldRef.apiVersion",
        Given::Str("v1"),
        "pkg/apis/core/v1/defaults.go SetDefaults_ObjectFieldSelector",
    ),
    row(
        PODS,
        "{volume}.secret.defaultMode",
        Given::Int(420),
        "pkg/apis/core/v1/defaults.go SetDefaults_SecretVolumeSource (0644)",
    ),
    row(
        PODS,
        "{volume}.configMap.defaultMode",
        Given::Int(420),
        "pkg/apis/core/v1/defaults.go SetDefaults_ConfigMapVolumeSource (0644)",
    ),
    row(
        PODS,
        "{volume}.downwardAPI.defaultMode",
        Given::Int(420),
        "pkg/apis/core/v1/defaults.go SetDefaults_DownwardAPIVolumeSource (0644)",
    ),
    row(
        PODS,
        "{volume}.projected.defaultMode",
        Given::Int(420),
        "pkg/apis/core/v1/defaults.go SetDefaults_ProjectedVolumeSource (0644)",
    ),
    row(
        PODS,
        "{volume}.projected.sources[].serviceAccountToken.expirationSeconds",
        Given::Int(3600),
        "pkg/apis/core/v1/defaults.go SetDefaults_ServiceAccountTokenProjection",
    ),
    row(PODS, "{volume}.hostPath.type", Given::Str(""), "pkg/apis/core/v1/defaults.go SetDefaults_HostPathVolumeSource"),
    // Deployment.
    row(&["Deployment"], "spec.replicas", Given::Int(1), "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment"),
    row(
        &["Deployment"],
        "spec.strategy.type",
        Given::Str("RollingUpdate"),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    when(
        &["Deployment"],
        "spec.strategy.rollingUpdate",
        Given::Json(r#"{"maxSurge":"25%","maxUnavailable":"25%"}"#),
        When::Field("spec.strategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    when(
        &["Deployment"],
        "spec.strategy.rollingUpdate.maxSurge",
        Given::Str("25%"),
        When::Field("spec.strategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    when(
        &["Deployment"],
        "spec.strategy.rollingUpdate.maxUnavailable",
        Given::Str("25%"),
        When::Field("spec.strategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    row(
        &["Deployment"],
        "spec.revisionHistoryLimit",
        Given::Int(10),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    row(
        &["Deployment"],
        "spec.progressDeadlineSeconds",
        Given::Int(600),
        "pkg/apis/apps/v1/defaults.go SetDefaults_Deployment",
    ),
    // DaemonSet.
    row(
        &["DaemonSet"],
        "spec.updateStrategy.type",
        Given::Str("RollingUpdate"),
        "pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet",
    ),
    when(
        &["DaemonSet"],
        "spec.updateStrategy.rollingUpdate",
        Given::Json(r#"{"maxSurge":0,"maxUnavailable":1}"#),
        When::Field("spec.updateStrategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet",
    ),
    when(
        &["DaemonSet"],
        "spec.updateStrategy.rollingUpdate.maxUnavailable",
        Given::Int(1),
        When::Field("spec.updateStrategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet",
    ),
    when(
        &["DaemonSet"],
        "spec.updateStrategy.rollingUpdate.maxSurge",
        Given::Int(0),
        When::Field("spec.updateStrategy.type", &["RollingUpdate"]),
        "pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet",
    ),
    row(
        &["DaemonSet"],
        "spec.revisionHistoryLimit",
        Given::Int(10),
        "pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet",
    ),
    // CronJob.
    row(
        &["CronJob"],
        "spec.concurrencyPolicy",
        Given::Str("Allow"),
        "pkg/apis/batch/v1/defaults.go SetDefaults_CronJob",
    ),
    row(&["CronJob"], "spec.suspend", Given::Bool(false), "pkg/apis/batch/v1/defaults.go SetDefaults_CronJob"),
    row(
        &["CronJob"],
        "spec.successfulJobsHistoryLimit",
        Given::Int(3),
        "pkg/apis/batch/v1/defaults.go SetDefaults_CronJob",
    ),
    row(
        &["CronJob"],
        "spec.failedJobsHistoryLimit",
        Given::Int(1),
        "pkg/apis/batch/v1/defaults.go SetDefaults_CronJob",
    ),
    // Service.
    row(&["Service"], "spec.sessionAffinity", Given::Str("None"), "pkg/apis/core/v1/defaults.go SetDefaults_Service"),
    row(&["Service"], "spec.type", Given::Str("ClusterIP"), "pkg/apis/core/v1/defaults.go SetDefaults_Service"),
    row(&["Service"], "spec.ports[].protocol", Given::Str("TCP"), "pkg/apis/core/v1/defaults.go SetDefaults_Service"),
    row(
        &["Service"],
        "spec.ports[].targetPort",
        Given::Sibling("port"),
        "pkg/apis/core/v1/defaults.go SetDefaults_Service",
    ),
    when(
        &["Service"],
        "spec.externalTrafficPolicy",
        Given::Str("Cluster"),
        When::Field("spec.type", &["LoadBalancer", "NodePort"]),
        "pkg/apis/core/v1/defaults.go SetDefaults_Service",
    ),
    when(
        &["Service"],
        "spec.internalTrafficPolicy",
        Given::Str("Cluster"),
        When::Field("spec.type", &["ClusterIP", "NodePort", "LoadBalancer", ""]),
        "pkg/apis/core/v1/defaults.go SetDefaults_Service",
    ),
    when(
        &["Service"],
        "spec.allocateLoadBalancerNodePorts",
        Given::Bool(true),
        When::Field("spec.type", &["LoadBalancer"]),
        "pkg/apis/core/v1/defaults.go SetDefaults_Service",
    ),
    row(
        &["Service"],
        "spec.ipFamilyPolicy",
        Given::Str("SingleStack"),
        "pkg/registry/core/service/storage/alloc.go initIPFamilyFields",
    ),
    row(
        &["Service"],
        "spec.ipFamilies",
        Given::Chosen,
        "pkg/registry/core/service/storage/alloc.go initIPFamilyFields (the cluster's family)",
    ),
    row(&["Service"], "spec.clusterIP", Given::Chosen, "pkg/registry/core/service/storage/alloc.go allocClusterIPs"),
    row(&["Service"], "spec.clusterIPs", Given::Chosen, "pkg/registry/core/service/storage/alloc.go allocClusterIPs"),
    row(
        &["Service"],
        "spec.ports[].nodePort",
        Given::Chosen,
        "pkg/registry/core/service/storage/alloc.go txnAllocNodePorts",
    ),
    row(
        &["Service"],
        "spec.healthCheckNodePort",
        Given::Chosen,
        "pkg/registry/core/service/storage/alloc.go txnAllocNodePorts",
    ),
    // Secret, Namespace.
    row(&["Secret"], "type", Given::Str("Opaque"), "pkg/apis/core/v1/defaults.go SetDefaults_Secret"),
    row(
        &["Namespace"],
        "metadata.labels.kubernetes.io/metadata.name",
        Given::ObjectName,
        "pkg/apis/core/v1/defaults.go SetDefaults_Namespace",
    ),
    row(
        &["Namespace"],
        "spec.finalizers",
        Given::Json(r#"["kubernetes"]"#),
        "pkg/registry/core/namespace/strategy.go PrepareForCreate",
    ),
    // HorizontalPodAutoscaler (autoscaling/v2).
    row(
        &["HorizontalPodAutoscaler"],
        "spec.minReplicas",
        Given::Int(1),
        "pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.metrics",
        Given::Json(
            r#"[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]"#,
        ),
        "pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler (DefaultCPUUtilization)",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.behavior.scaleUp.stabilizationWindowSeconds",
        Given::Int(0),
        "pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.behavior.scaleUp.selectPolicy",
        Given::Str("Max"),
        "pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.behavior.scaleUp.policies",
        Given::Json(r#"[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]"#),
        "pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.behavior.scaleDown.selectPolicy",
        Given::Str("Max"),
        "pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleDownRules",
    ),
    row(
        &["HorizontalPodAutoscaler"],
        "spec.behavior.scaleDown.policies",
        Given::Json(r#"[{"type":"Percent","value":100,"periodSeconds":15}]"#),
        "pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleDownRules",
    ),
    // PersistentVolume, PersistentVolumeClaim.
    row(
        &["PersistentVolume"],
        "spec.persistentVolumeReclaimPolicy",
        Given::Str("Retain"),
        "pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume",
    ),
    row(
        &["PersistentVolume"],
        "spec.volumeMode",
        Given::Str("Filesystem"),
        "pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume",
    ),
    row(
        &["PersistentVolume"],
        "spec.claimRef",
        Given::Chosen,
        "pkg/controller/volume/persistentvolume/pv_controller.go bindVolumeToClaim",
    ),
    row(
        &["PersistentVolumeClaim"],
        "spec.volumeMode",
        Given::Str("Filesystem"),
        "pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolumeClaimSpec",
    ),
    row(
        &["PersistentVolumeClaim"],
        "spec.storageClassName",
        Given::Chosen,
        "plugin/pkg/admission/storage/storageclass/setdefault/admission.go Admit (the default class)",
    ),
    row(
        &["PersistentVolumeClaim"],
        "spec.volumeName",
        Given::Chosen,
        "pkg/controller/volume/persistentvolume/pv_controller.go bindClaimToVolume",
    ),
    // Custom resources: the CRDs' structural-schema defaults and mutating webhooks.
    row(
        &["ScaledObject"],
        "spec.fallback.behavior",
        Given::Str("static"),
        "kedacore/keda config/crd/bases/keda.sh_scaledobjects.yaml (default: static)",
    ),
    row(
        &["VerticalPodAutoscaler"],
        "spec.updatePolicy",
        Given::Json(r#"{"updateMode":"Recreate"}"#),
        "kubernetes/autoscaler vertical-pod-autoscaler pkg/admission-controller/resource/vpa/handler.go GetPatches",
    ),
    row(
        &["HTTPProxy"],
        "spec.routes[].retryPolicy.count",
        Given::Int(1),
        "projectcontour/contour examples/contour/01-crds.yaml (default: 1)",
    ),
    row(
        &["HTTPProxy"],
        "spec.routes[].requestRedirectPolicy.statusCode",
        Given::Int(302),
        "projectcontour/contour examples/contour/01-crds.yaml (default: 302)",
    ),
];

/// Fields that hold a `resource.Quantity` in built-in kinds, which the API server prints in
/// canonical form (`k8s.io/apimachinery/pkg/api/resource` `Quantity.MarshalJSON`); `true`: a
/// resource list, rounded up to milli units first (`SetDefaults_ResourceList`). Custom resources
/// keep quantities as written.
pub const QUANTITIES: &[(&[&str], &str, bool)] = &[
    (PODS, "{container}.resources.limits.*", true),
    (PODS, "{container}.resources.requests.*", true),
    (PODS, "{volume}.emptyDir.sizeLimit", false),
    (&["PersistentVolumeClaim"], "spec.resources.requests.*", true),
    (&["PersistentVolumeClaim"], "spec.resources.limits.*", true),
    (&["PersistentVolume"], "spec.capacity.*", true),
    (&["HorizontalPodAutoscaler"], "spec.metrics[].resource.target.averageValue", false),
    (&["HorizontalPodAutoscaler"], "spec.metrics[].resource.target.value", false),
];

/// Lists that `kubectl apply` merges item by item (strategic merge patch: `patchStrategy:"merge"`
/// with its `patchMergeKey`, from the `k8s.io/api` types), so an item added outside the rack
/// survives the next apply; every other list is replaced whole. Custom resources are patched
/// with a JSON merge patch, which replaces every list.
pub const MERGE_LISTS: &[(&[&str], &str, &str)] = &[
    (PODS, "{pod}.containers", "name"),
    (PODS, "{pod}.initContainers", "name"),
    (PODS, "{pod}.volumes", "name"),
    (PODS, "{pod}.imagePullSecrets", "name"),
    (PODS, "{pod}.hostAliases", "ip"),
    (PODS, "{container}.env", "name"),
    (PODS, "{container}.ports", "containerPort"),
    (PODS, "{container}.volumeMounts", "mountPath"),
    (&["Service"], "spec.ports", "port"),
    // Merged by `uid`; matched here by `name`, since the rendered uid is a stand-in.
    (ALL, "metadata.ownerReferences", "name"),
];

/// The pod-template prefixes of `kind`.
fn pods(kind: &str) -> &'static [&'static str] {
    match kind {
        "Deployment" | "DaemonSet" => &["spec.template.spec"],
        "CronJob" => &["spec.jobTemplate.spec.template.spec"],
        _ => &[],
    }
}

/// The concrete patterns a row's `at` stands for in `kind`.
fn expand(kind: &str, at: &str) -> Vec<String> {
    let Some(rest) = at.strip_prefix('{') else { return vec![at.to_string()] };
    let Some((token, tail)) = rest.split_once('}') else { return vec![at.to_string()] };
    let mut out = Vec::new();
    for pod in pods(kind) {
        let bases: Vec<String> = match token {
            "pod" => vec![pod.to_string()],
            "volume" => vec![format!("{pod}.volumes[]")],
            "container" => vec![format!("{pod}.containers[]"), format!("{pod}.initContainers[]")],
            "probe" => ["containers", "initContainers"]
                .iter()
                .flat_map(|c| {
                    ["livenessProbe", "readinessProbe", "startupProbe"].map(|p| format!("{pod}.{c}[].{p}"))
                })
                .collect(),
            _ => vec![],
        };
        out.extend(bases.into_iter().map(|b| format!("{b}{tail}")));
    }
    out
}

fn applies(kinds: &[&str], kind: &str) -> bool {
    kinds.is_empty() || kinds.contains(&kind)
}

/// The rows of one kind, expanded to concrete field patterns once.
#[derive(Debug, Default)]
pub struct Index {
    defaults: HashMap<String, &'static Default>,
    /// (pattern, resource list, prefix: the pattern ended in `*`).
    quantities: Vec<(String, bool, bool)>,
    merge: HashMap<String, &'static str>,
    /// Every proper prefix (`a.b`, `a.b[]`) of a defaulted pattern or of `extra`.
    parents: HashSet<String>,
}

impl Index {
    /// The index of `kind`; `extra`: more patterns whose parents count (run-time fields).
    pub fn new<'e>(kind: &str, extra: impl IntoIterator<Item = &'e str>) -> Index {
        let mut index = Index::default();
        let mut patterns: Vec<String> = extra.into_iter().map(str::to_string).collect();
        for d in DEFAULTS.iter().filter(|d| applies(d.kinds, kind)) {
            for p in expand(kind, d.at) {
                index.defaults.entry(p.clone()).or_insert(d);
                patterns.push(p);
            }
        }
        for p in &patterns {
            for (i, c) in p.char_indices() {
                if c == '.' || c == '[' {
                    index.parents.insert(p[..i].to_string());
                }
                if c == ']' {
                    index.parents.insert(p[..=i].to_string());
                }
            }
        }
        for (_, at, milli) in QUANTITIES.iter().filter(|q| applies(q.0, kind)) {
            for p in expand(kind, at) {
                match p.strip_suffix('*') {
                    Some(prefix) => index.quantities.push((prefix.to_string(), *milli, true)),
                    None => index.quantities.push((p, *milli, false)),
                }
            }
        }
        for (_, at, key) in MERGE_LISTS.iter().filter(|m| applies(m.0, kind)) {
            for p in expand(kind, at) {
                index.merge.insert(p, key);
            }
        }
        index
    }

    /// The row for field `pattern` (dotted, `[]` for list items).
    pub fn find(&self, pattern: &str) -> Option<&'static Default> {
        self.defaults.get(pattern).copied()
    }

    /// Whether some default (or extra pattern) lies below `pattern`.
    pub fn has_below(&self, pattern: &str) -> bool {
        self.parents.contains(pattern)
    }

    /// Whether `pattern` holds a quantity, and whether it is a resource list's.
    pub fn quantity(&self, pattern: &str) -> Option<bool> {
        self.quantities.iter().find_map(|(p, milli, prefix)| {
            let hit = if *prefix {
                pattern.len() > p.len() && pattern.starts_with(p.as_str())
            } else {
                p == pattern
            };
            hit.then_some(*milli)
        })
    }

    /// The merge key of the list at `pattern`, when `kubectl apply` merges it.
    pub fn merge_key(&self, pattern: &str) -> Option<&'static str> {
        self.merge.get(pattern).copied()
    }

    /// What the API server gives field `pattern` when it is left out: `Some(None)` for a value
    /// the cluster chooses (any value), `Some(Some(v))` for a default, `None` when nothing is
    /// given. `parent` is the map the field is in and `root` the whole object, both as the
    /// cluster stores them (for conditions and copies).
    pub fn default_for(&self, pattern: &str, parent: Option<&Value>, root: &Value) -> Option<Option<Value>> {
        let row = self.find(pattern)?;
        if let When::Field(path, values) = row.when {
            let found = path.split('.').try_fold(root, |v, k| v.get(k)).and_then(Value::as_str).unwrap_or("");
            if !values.contains(&found) {
                return None;
            }
        }
        Some(match row.given {
            Given::Chosen => None,
            Given::Str(s) => Some(Value::from(s)),
            Given::Int(i) => Some(Value::from(i)),
            Given::Bool(b) => Some(Value::Bool(b)),
            Given::Json(j) => serde_json::from_str(j).ok(),
            Given::Sibling(field) => Some(parent?.get(field)?.clone()),
            Given::ObjectName => Some(root.pointer("/metadata/name")?.clone()),
            Given::PullPolicy => {
                let image = parent?.get("image")?.as_str()?;
                Some(Value::from(pull_policy(image)))
            }
        })
    }
}

/// `SetDefaults_Container`'s pull policy for `image`: `pkg/util/parsers/parsers.go`
/// `ParseImageName` gives the tag `latest` to an image with neither a tag nor a digest.
fn pull_policy(image: &str) -> &'static str {
    let (name, digest) = match image.split_once('@') {
        Some((n, _)) => (n, true),
        None => (image, false),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let tag = last.split_once(':').map(|(_, t)| t);
    match tag {
        Some("latest") => "Always",
        None if !digest => "Always",
        _ => "IfNotPresent",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_row_names_its_source_and_parses() {
        for d in DEFAULTS {
            assert!(!d.source.is_empty(), "{}", d.at);
            if let Given::Json(j) = d.given {
                serde_json::from_str::<Value>(j).unwrap_or_else(|e| panic!("{}: {e}", d.at));
            }
            // A pod-template row expands to a place in every workload kind.
            for kind in d.kinds {
                assert!(!expand(kind, d.at).is_empty(), "{kind} {}", d.at);
            }
        }
    }

    fn default_for(kind: &str, pattern: &str, parent: Option<&Value>, root: &Value) -> Option<Option<Value>> {
        Index::new(kind, []).default_for(pattern, parent, root)
    }

    #[test]
    fn pod_template_rows_reach_every_workload() {
        let root = json!({});
        for (kind, pattern) in [
            ("Deployment", "spec.template.spec.dnsPolicy"),
            ("DaemonSet", "spec.template.spec.initContainers[].terminationMessagePolicy"),
            ("CronJob", "spec.jobTemplate.spec.template.spec.containers[].readinessProbe.periodSeconds"),
        ] {
            assert!(default_for(kind, pattern, None, &root).is_some(), "{kind} {pattern}");
        }
        assert_eq!(default_for("Service", "spec.template.spec.dnsPolicy", None, &root), None);
        let index = Index::new("Deployment", []);
        assert!(index.has_below("spec.template.spec.containers[]") && index.has_below("spec.strategy"));
        assert!(!index.has_below("spec.template.spec.containers[].args"));
    }

    #[test]
    fn conditions_and_copies_read_the_stored_object() {
        let lb = json!({"spec": {"type": "LoadBalancer"}});
        let cluster_ip = json!({"spec": {"type": "ClusterIP"}});
        let want = Some(Some(json!("Cluster")));
        assert_eq!(default_for("Service", "spec.externalTrafficPolicy", None, &lb), want);
        assert_eq!(default_for("Service", "spec.externalTrafficPolicy", None, &cluster_ip), None);
        let port = json!({"port": 5432});
        assert_eq!(
            default_for("Service", "spec.ports[].targetPort", Some(&port), &lb),
            Some(Some(json!(5432)))
        );
        assert_eq!(default_for("Service", "spec.clusterIP", None, &lb), Some(None));
        let ns = json!({"metadata": {"name": "r-a"}});
        assert_eq!(
            default_for("Namespace", "metadata.labels.kubernetes.io/metadata.name", None, &ns),
            Some(Some(json!("r-a")))
        );
    }

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(pull_policy("redis"), "Always");
        assert_eq!(pull_policy("redis:latest"), "Always");
        assert_eq!(pull_policy("registry:5000/app"), "Always");
        assert_eq!(pull_policy("registry:5000/app:web.B1"), "IfNotPresent");
        assert_eq!(pull_policy("redis@sha256:abc"), "IfNotPresent");
        assert_eq!(pull_policy("postgres:13"), "IfNotPresent");
    }

    #[test]
    fn quantities_and_merge_lists_are_found_by_pattern() {
        let quantity = |kind: &str, p: &str| Index::new(kind, []).quantity(p);
        let merge_key = |kind: &str, p: &str| Index::new(kind, []).merge_key(p);
        assert_eq!(
            quantity("Deployment", "spec.template.spec.containers[].resources.limits.memory"),
            Some(true)
        );
        assert_eq!(quantity("PersistentVolumeClaim", "spec.resources.requests.storage"), Some(true));
        assert_eq!(
            quantity("VerticalPodAutoscaler", "spec.resourcePolicy.containerPolicies[].minAllowed.cpu"),
            None
        );
        assert_eq!(
            merge_key("CronJob", "spec.jobTemplate.spec.template.spec.containers[].env"),
            Some("name")
        );
        assert_eq!(merge_key("Service", "spec.ports"), Some("port"));
        assert_eq!(merge_key("Deployment", "spec.template.spec.tolerations"), None);
    }
}
