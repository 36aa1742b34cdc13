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
    ($($variant:ident($ty:ty)),* $(,)?) => {
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

        $(impl From<$ty> for Object {
            fn from(o: $ty) -> Object { Object::$variant(Box::new(o)) }
        })*
    };
}

objects! {
    Namespace(Namespace),
    Secret(Secret),
    ConfigMap(ConfigMap),
    ServiceAccount(ServiceAccount),
    Deployment(Deployment),
    DaemonSet(DaemonSet),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    Service(Service),
    Ingress(Ingress),
    PodDisruptionBudget(PodDisruptionBudget),
    PersistentVolume(PersistentVolume),
    PersistentVolumeClaim(PersistentVolumeClaim),
    CronJob(CronJob),
    HttpProxy(HttpProxy),
    Certificate(Certificate),
    ScaledObject(ScaledObject),
    TriggerAuthentication(TriggerAuthentication),
    VerticalPodAutoscaler(VerticalPodAutoscaler),
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
