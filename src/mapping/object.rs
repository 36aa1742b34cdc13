//! The closed set of Kubernetes kinds a rack renders, as typed `k8s-openapi` objects and the
//! typed custom resources of [`super::crd`].

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, PodTemplateSpec, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{Metadata, Resource};

use super::crd::cert_manager::Certificate;
use super::crd::contour::HttpProxy;
use super::crd::keda::{ScaledObject, TriggerAuthentication};
use super::crd::vpa::VerticalPodAutoscaler;
use serde::Serialize;

macro_rules! objects {
    ($($variant:ident($ty:ty): $class:ident),* $(,)?) => {
        /// One rendered object. Serializes exactly as its k8s-openapi type (with `apiVersion`
        /// and `kind`).
        ///
        /// Every variant is boxed: unboxed, the enum is as large as its largest kind (3.5 KB),
        /// so each move of an object (into `Generated`, the mapped list, the catalog) copied
        /// 3.5 KB and a boxed catalog row held 3.5 KB even for a small ConfigMap.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Object {
            $($variant(Box<$ty>),)*
        }

        impl Object {
            pub fn kind(&self) -> &'static str {
                match self { $(Object::$variant(_) => <$ty as Resource>::KIND,)* }
            }

            pub fn api_version(&self) -> &'static str {
                match self { $(Object::$variant(_) => <$ty as Resource>::API_VERSION,)* }
            }

            pub fn metadata(&self) -> &ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata(),)* }
            }

            pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata_mut(),)* }
            }

            /// Reads an object of this same kind back from JSON: the round-trip check that
            /// every object fits its k8s-openapi type.
            pub fn reparse(&self, json: serde_json::Value) -> Result<Object, serde_json::Error> {
                Ok(match self { $(Object::$variant(_) => Object::$variant(serde_json::from_value(json)?),)* })
            }
        }

        /// Every kind an object can be, with its API group, version and resource name, in
        /// the order of this list.
        pub const RESOURCE_TYPES: &[ResourceType] = &[$(ResourceType {
            kind: <$ty as Resource>::KIND,
            group: <$ty as Resource>::GROUP,
            version: <$ty as Resource>::VERSION,
            plural: <$ty as Resource>::URL_PATH_SEGMENT,
            class: TypeClass::$class,
        },)*];

        $(impl From<$ty> for Object {
            fn from(o: $ty) -> Object { Object::$variant(Box::new(o)) }
        })*
    };
}

/// Where a kind lives and who serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeClass {
    /// A namespaced kind every cluster serves.
    Namespaced,
    /// A cluster-scoped kind every cluster serves.
    Cluster,
    /// A namespaced custom resource, served only where its CRD is installed.
    Custom,
}

/// One kind an object can be, as the API serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceType {
    pub kind: &'static str,
    /// The API group (`""` for the core group).
    pub group: &'static str,
    pub version: &'static str,
    /// The resource name (`deployments`).
    pub plural: &'static str,
    pub class: TypeClass,
}

impl ResourceType {
    /// The name kubectl resolves to exactly this group and version: `deployments.v1.apps`,
    /// or the plain plural for the core group (kubectl reads `namespaces.v1` as group `v1`).
    pub fn pinned(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}.{}", self.plural, self.version, self.group)
        }
    }
}

objects! {
    Namespace(Namespace): Cluster,
    Secret(Secret): Namespaced,
    ConfigMap(ConfigMap): Namespaced,
    ServiceAccount(ServiceAccount): Namespaced,
    Deployment(Deployment): Namespaced,
    DaemonSet(DaemonSet): Namespaced,
    HorizontalPodAutoscaler(HorizontalPodAutoscaler): Namespaced,
    Service(Service): Namespaced,
    Ingress(Ingress): Namespaced,
    PodDisruptionBudget(PodDisruptionBudget): Namespaced,
    PersistentVolume(PersistentVolume): Cluster,
    PersistentVolumeClaim(PersistentVolumeClaim): Namespaced,
    CronJob(CronJob): Namespaced,
    HttpProxy(HttpProxy): Custom,
    Certificate(Certificate): Custom,
    ScaledObject(ScaledObject): Custom,
    TriggerAuthentication(TriggerAuthentication): Custom,
    VerticalPodAutoscaler(VerticalPodAutoscaler): Custom,
}

impl Object {
    /// The pod template of a workload (Deployment, DaemonSet, CronJob's job template).
    pub fn pod_template(&self) -> Option<&PodTemplateSpec> {
        match self {
            Object::Deployment(d) => d.spec.as_ref().map(|s| &s.template),
            Object::DaemonSet(d) => d.spec.as_ref().map(|s| &s.template),
            Object::CronJob(c) => {
                c.spec.as_ref().and_then(|s| s.job_template.spec.as_ref()).map(|s| &s.template)
            }
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }
}
