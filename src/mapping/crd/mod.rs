//! Typed custom resources the rack renders besides the built-in kinds: plain serde structs
//! generated with kopium from the upstream CRDs (each module's header says from which CRD, which
//! version, and what was edited by hand).
//!
//! Each top-level kind is a `{ metadata, spec }` struct made by `custom_resource!`: it
//! implements [`k8s_openapi::Resource`] and [`k8s_openapi::Metadata`] and serializes exactly
//! like k8s-openapi's own types (`apiVersion`, `kind`, `metadata`, `spec`, in that order);
//! deserializing refuses a wrong `apiVersion` or `kind` and ignores `status`.
//!
//! | Module | Kinds | Generated from |
//! |---|---|---|
//! | [`cert_manager`] | [`Certificate`](cert_manager::Certificate) | the CRD vendored in `tests/crds/`, by kopium 0.24.1 run here |
//! | [`keda`] | [`ScaledObject`](keda::ScaledObject), [`TriggerAuthentication`](keda::TriggerAuthentication) | crates.io `kcr_keda_sh` (kopium 0.23.0 output), adapted |
//! | [`vpa`] | [`VerticalPodAutoscaler`](vpa::VerticalPodAutoscaler) | crates.io `kcr_autoscaling_k8s_io` (kopium 0.23.0 output), adapted |
//! | [`contour`] | [`HttpProxy`](contour::HttpProxy) (kind `HTTPProxy`) | crates.io `kcr_projectcontour_io` (kopium 0.23.0 output), adapted |
//!
//! `scripts/validate-k8s.py` validates every rendered custom resource against its upstream
//! schema: the CRD in `tests/crds/` where one is vendored, otherwise the validators the npm
//! `@kubernetes-models/*` packages compile from upstream (`tests/crds/README.md`). The samples in
//! `tests/crd-samples/` are what the tests below build with these types, and what that script's
//! self-test validates.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::{Deserialize, Deserializer, Error as _, Unexpected};
use serde::ser::{SerializeStruct, Serializer};

/// Defines a namespaced custom resource `$name { metadata: ObjectMeta, spec: $spec }` with
/// k8s-openapi's `Resource` and `Metadata` traits and its wire form.
macro_rules! custom_resource {
    (
        $(#[$attr:meta])*
        $name:ident { spec: $spec:ty }
        group: $group:literal, version: $version:literal, kind: $kind:literal, plural: $plural:literal
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            pub spec: $spec,
        }

        impl k8s_openapi::Resource for $name {
            const API_VERSION: &'static str = concat!($group, "/", $version);
            const GROUP: &'static str = $group;
            const KIND: &'static str = $kind;
            const VERSION: &'static str = $version;
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = k8s_openapi::NamespaceResourceScope;
        }

        impl k8s_openapi::Metadata for $name {
            type Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

            fn metadata(&self) -> &Self::Ty {
                &self.metadata
            }

            fn metadata_mut(&mut self) -> &mut Self::Ty {
                &mut self.metadata
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::mapping::crd::serialize::<Self, _, _>(&self.metadata, &self.spec, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (metadata, spec) = $crate::mapping::crd::deserialize::<Self, _, _>(deserializer)?;
                Ok($name { metadata, spec })
            }
        }
    };
}

pub mod cert_manager;
pub mod contour;
pub mod keda;
pub mod vpa;

/// The wire form k8s-openapi gives its own types: `apiVersion`, `kind`, `metadata`, `spec`.
#[doc(hidden)]
pub fn serialize<R, T, S>(metadata: &ObjectMeta, spec: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    R: k8s_openapi::Resource,
    T: serde::Serialize,
    S: Serializer,
{
    let mut state = serializer.serialize_struct(R::KIND, 4)?;
    state.serialize_field("apiVersion", R::API_VERSION)?;
    state.serialize_field("kind", R::KIND)?;
    state.serialize_field("metadata", metadata)?;
    state.serialize_field("spec", spec)?;
    state.end()
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire<T> {
    api_version: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: T,
}

/// Reads the wire form back. Like k8s-openapi: an absent `apiVersion`/`kind` is accepted, a
/// different one is an error, `metadata` defaults, other fields (`status`) are ignored.
#[doc(hidden)]
pub fn deserialize<'de, R, T, D>(deserializer: D) -> Result<(ObjectMeta, T), D::Error>
where
    R: k8s_openapi::Resource,
    T: Deserialize<'de> + Default,
    D: Deserializer<'de>,
{
    let wire = Wire::<T>::deserialize(deserializer)?;
    if let Some(api_version) = wire.api_version.as_deref().filter(|v| *v != R::API_VERSION) {
        return Err(D::Error::invalid_value(Unexpected::Str(api_version), &R::API_VERSION));
    }
    if let Some(kind) = wire.kind.as_deref().filter(|k| *k != R::KIND) {
        return Err(D::Error::invalid_value(Unexpected::Str(kind), &R::KIND));
    }
    Ok((wire.metadata, wire.spec))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::Resource;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::cert_manager::{
        Certificate, CertificateIssuerRef, CertificateSecretTemplate, CertificateSpec,
    };
    use super::contour::{
        HttpProxy, HttpProxyRoutes, HttpProxyRoutesConditions, HttpProxyRoutesLoadBalancerPolicy,
        HttpProxyRoutesRateLimitPolicy, HttpProxyRoutesRateLimitPolicyLocal,
        HttpProxyRoutesRateLimitPolicyLocalUnit, HttpProxyRoutesServices, HttpProxyRoutesServicesProtocol,
        HttpProxyRoutesTimeoutPolicy, HttpProxySpec, HttpProxyVirtualhost, HttpProxyVirtualhostIpAllowPolicy,
        HttpProxyVirtualhostIpAllowPolicySource, HttpProxyVirtualhostTls,
    };
    use super::keda::{
        ScaledObject, ScaledObjectAdvanced, ScaledObjectAdvancedHorizontalPodAutoscalerConfig,
        ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehavior,
        ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDown,
        ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDownPolicies,
        ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUp,
        ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUpPolicies,
        ScaledObjectAdvancedScalingModifiers, ScaledObjectAdvancedScalingModifiersMetricType,
        ScaledObjectFallback, ScaledObjectFallbackBehavior, ScaledObjectScaleTargetRef, ScaledObjectSpec,
        ScaledObjectTriggers, ScaledObjectTriggersAuthenticationRef,
        ScaledObjectTriggersAuthenticationRefKind, TriggerAuthentication, TriggerAuthenticationPodIdentity,
        TriggerAuthenticationPodIdentityIdentityOwner, TriggerAuthenticationPodIdentityProvider,
        TriggerAuthenticationSpec,
    };
    use super::vpa::{
        VerticalPodAutoscaler, VerticalPodAutoscalerResourcePolicy,
        VerticalPodAutoscalerResourcePolicyContainerPolicies,
        VerticalPodAutoscalerResourcePolicyContainerPoliciesControlledValues, VerticalPodAutoscalerSpec,
        VerticalPodAutoscalerTargetRef, VerticalPodAutoscalerUpdatePolicy,
        VerticalPodAutoscalerUpdatePolicyUpdateMode,
    };

    fn metadata(name: &str) -> ObjectMeta {
        ObjectMeta {
            name: Some(name.into()),
            namespace: Some("my-rack-my-app".into()),
            labels: Some(BTreeMap::from([("app".into(), "my-app".into()), ("service".into(), "web".into())])),
            ..ObjectMeta::default()
        }
    }

    fn certificate() -> Certificate {
        Certificate {
            metadata: metadata("web"),
            spec: CertificateSpec {
                secret_name: "cert-web".into(),
                dns_names: Some(vec!["web.my-app.example.com".into(), "*.web.my-app.example.com".into()]),
                issuer_ref: CertificateIssuerRef {
                    name: "letsencrypt".into(),
                    kind: Some("ClusterIssuer".into()),
                    group: Some("cert-manager.io".into()),
                },
                duration: Some("2160h".into()),
                secret_template: Some(CertificateSecretTemplate {
                    labels: Some(BTreeMap::from([("app".into(), "my-app".into())])),
                    annotations: Some(BTreeMap::from([("convox.com/service".into(), "web".into())])),
                }),
                ..CertificateSpec::default()
            },
        }
    }

    /// Serializes `object` to JSON, checks it starts `apiVersion`, `kind`, `metadata` like
    /// k8s-openapi's types, reads it back equal, and returns the JSON.
    fn round_trip<T>(object: &T) -> Value
    where
        T: Resource + Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let text = serde_json::to_string(object).unwrap();
        let head = format!(r#"{{"apiVersion":"{}","kind":"{}","metadata":{{"#, T::API_VERSION, T::KIND);
        assert!(text.starts_with(&head), "{text}");
        assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), object);
        serde_json::from_str(&text).unwrap()
    }

    /// The served version `version` of the CRD vendored at `tests/crds/<path>`.
    fn crd(path: &str, version: &str) -> Value {
        let file = format!("{}/tests/crds/{path}", env!("CARGO_MANIFEST_DIR"));
        let crd: Value = serde_yaml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut crd = crd;
        let versions = crd["spec"]["versions"].take();
        let served = versions.as_array().unwrap().iter().find(|v| v["name"] == version).unwrap().clone();
        assert_eq!(served["served"], true, "{file}: {version} is not served");
        crd["spec"]["versions"] = json!([served]);
        crd
    }

    /// Checks the Resource constants against the CRD and `value` against its schema, strictly
    /// (every field declared, required ones present, types and enums right); returns the errors.
    fn fits_crd<T: Resource>(value: &Value, crd: &Value) -> Vec<String> {
        let spec = &crd["spec"];
        assert_eq!(
            (T::GROUP, T::KIND, T::URL_PATH_SEGMENT, T::VERSION),
            (
                spec["group"].as_str().unwrap(),
                spec["names"]["kind"].as_str().unwrap(),
                spec["names"]["plural"].as_str().unwrap(),
                spec["versions"][0]["name"].as_str().unwrap()
            )
        );
        assert_eq!(spec["scope"], "Namespaced");
        let mut schema = spec["versions"][0]["schema"]["openAPIV3Schema"].clone();
        // metadata is ObjectMeta, typed by k8s-openapi; the CRD only says `type: object`.
        schema["properties"]["metadata"]["x-kubernetes-preserve-unknown-fields"] = json!(true);
        let mut errors = Vec::new();
        fits(value, &schema, "", &mut errors);
        errors
    }

    fn fits(value: &Value, schema: &Value, path: &str, errors: &mut Vec<String>) {
        let mut fail =
            |what: &str| errors.push(format!("{}: {what}", if path.is_empty() { "." } else { path }));
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                fail(&format!("{value} is not one of {allowed:?}"));
            }
        }
        if schema["x-kubernetes-int-or-string"] == true {
            if !(value.is_i64() || value.is_u64() || value.is_string()) {
                fail("not an int-or-string");
            }
            return;
        }
        let right_type = match schema["type"].as_str() {
            Some("object") => value.is_object(),
            Some("array") => value.is_array(),
            Some("string") => value.is_string(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            _ => true,
        };
        if !right_type {
            return fail(&format!("{value} is not of type {}", schema["type"]));
        }
        if let Some(items) = value.as_array() {
            for (i, item) in items.iter().enumerate() {
                fits(item, &schema["items"], &format!("{path}[{i}]"), errors);
            }
        }
        let Some(fields) = value.as_object() else { return };
        for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !fields.contains_key(required) {
                errors.push(format!("{path}: {required} is required"));
            }
        }
        let preserve = schema["x-kubernetes-preserve-unknown-fields"] == true;
        for (key, field) in fields {
            let at = format!("{path}.{key}");
            if let Some(sub) = schema["properties"].get(key) {
                fits(field, sub, &at, errors);
            } else if schema["additionalProperties"].is_object() {
                fits(field, &schema["additionalProperties"], &at, errors);
            } else if !preserve {
                errors.push(format!("{at}: not in the schema"));
            }
        }
    }

    #[test]
    fn certificate_round_trips_through_json() {
        let json = round_trip(&certificate());
        let spec = &json["spec"];
        assert_eq!(spec["secretName"], "cert-web");
        assert_eq!(spec["dnsNames"], json!(["web.my-app.example.com", "*.web.my-app.example.com"]));
        assert_eq!(
            spec["issuerRef"],
            json!({"group": "cert-manager.io", "kind": "ClusterIssuer", "name": "letsencrypt"})
        );
        assert_eq!(spec["duration"], "2160h");
        assert_eq!(spec["secretTemplate"]["labels"], json!({"app": "my-app"}));
        assert_eq!(spec["secretTemplate"]["annotations"], json!({"convox.com/service": "web"}));
        assert_eq!(spec.as_object().unwrap().len(), 5, "unset optional fields are left out: {spec}");
    }

    #[test]
    fn certificate_sample_fits_the_vendored_crd_schema() {
        let crd = crd("cert-manager-1.19.1/certificates.cert-manager.io.yaml", "v1");
        assert_eq!(fits_crd::<Certificate>(&round_trip(&certificate()), &crd), Vec::<String>::new());
        // The schema check can fail: a field the CRD does not declare, a missing required one.
        let mut bad = round_trip(&certificate());
        bad["spec"]["issuerRef"]["namespace"] = json!("x");
        bad["spec"].as_object_mut().unwrap().remove("secretName");
        assert_eq!(
            fits_crd::<Certificate>(&bad, &crd),
            [".spec: secretName is required", ".spec.issuerRef.namespace: not in the schema"]
        );
    }

    #[test]
    fn certificate_with_a_wrong_kind_or_api_version_is_refused() {
        let json = round_trip(&certificate());
        for (field, value) in
            [("kind", "Issuer"), ("apiVersion", "cert-manager.io/v1alpha2"), ("apiVersion", "v1")]
        {
            let mut wrong = json.clone();
            wrong[field] = json!(value);
            let error = serde_json::from_value::<Certificate>(wrong).unwrap_err().to_string();
            assert!(error.contains(value), "{field}={value}: {error}");
        }
    }

    #[test]
    fn certificate_reads_without_type_fields_and_ignores_status() {
        // Like k8s-openapi's types: absent apiVersion/kind are fine, unknown top-level fields
        // (the status cert-manager writes) are skipped.
        let mut json = round_trip(&certificate());
        let object = json.as_object_mut().unwrap();
        object.remove("apiVersion");
        object.remove("kind");
        object.insert("status".into(), json!({"conditions": [{"type": "Ready", "status": "True"}]}));
        assert_eq!(serde_json::from_value::<Certificate>(json).unwrap(), certificate());
    }

    // --- KEDA, VPA, Contour: no CRD is vendored for these (tests/crds/README.md). Each test
    // builds, with the types, the sample in tests/crd-samples/ that scripts/validate-k8s.py's
    // self-test validates against the upstream schema, and checks the JSON is exactly it.

    /// The sample `tests/crd-samples/<name>.json`.
    fn sample(name: &str) -> Value {
        let file = format!("{}/tests/crd-samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap()
    }

    fn strings<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
        pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// Every field the mapping sets on a ScaledObject (tests/crd-samples/scaledobject.json).
    fn scaled_object() -> ScaledObject {
        ScaledObject {
            metadata: metadata("web"),
            spec: ScaledObjectSpec {
                scale_target_ref: ScaledObjectScaleTargetRef {
                    name: "web".into(),
                    kind: Some("Deployment".into()),
                    api_version: Some("apps/v1".into()),
                    env_source_container_name: None,
                },
                polling_interval: Some(30),
                initial_cooldown_period: Some(60),
                cooldown_period: Some(300),
                idle_replica_count: Some(0),
                min_replica_count: Some(1),
                max_replica_count: Some(10),
                advanced: Some(ScaledObjectAdvanced {
                    horizontal_pod_autoscaler_config: Some(ScaledObjectAdvancedHorizontalPodAutoscalerConfig {
                        name: Some("web".into()),
                        behavior: Some(ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehavior {
                            scale_up: Some(ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUp {
                                policies: Some(vec![
                                    ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUpPolicies {
                                        period_seconds: 15,
                                        r#type: "Pods".into(),
                                        value: 4,
                                    },
                                ]),
                                stabilization_window_seconds: Some(0),
                                ..Default::default()
                            }),
                            scale_down: Some(ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDown {
                                policies: Some(vec![
                                    ScaledObjectAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDownPolicies {
                                        period_seconds: 60,
                                        r#type: "Percent".into(),
                                        value: 50,
                                    },
                                ]),
                                select_policy: Some("Max".into()),
                                stabilization_window_seconds: Some(300),
                                tolerance: None,
                            }),
                        }),
                    }),
                    restore_to_original_replica_count: Some(true),
                    scaling_modifiers: Some(ScaledObjectAdvancedScalingModifiers {
                        activation_target: Some("1".into()),
                        formula: Some("queue / 2".into()),
                        metric_type: Some(ScaledObjectAdvancedScalingModifiersMetricType::AverageValue),
                        target: Some("5".into()),
                    }),
                }),
                fallback: Some(ScaledObjectFallback {
                    failure_threshold: 3,
                    replicas: 2,
                    behavior: Some(ScaledObjectFallbackBehavior::CurrentReplicasIfHigher),
                }),
                triggers: vec![
                    ScaledObjectTriggers {
                        r#type: "aws-sqs-queue".into(),
                        name: Some("queue".into()),
                        metadata: strings([
                            ("queueURL", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"),
                            ("queueLength", "5"),
                            ("awsRegion", "us-east-1"),
                        ]),
                        metric_type: Some("AverageValue".into()),
                        authentication_ref: Some(ScaledObjectTriggersAuthenticationRef {
                            name: "web".into(),
                            kind: Some(ScaledObjectTriggersAuthenticationRefKind::TriggerAuthentication),
                        }),
                        use_cached_metrics: Some(true),
                    },
                    ScaledObjectTriggers {
                        r#type: "cpu".into(),
                        metadata: strings([("value", "70")]),
                        metric_type: Some("Utilization".into()),
                        ..ScaledObjectTriggers::default()
                    },
                ],
            },
        }
    }

    fn trigger_authentication() -> TriggerAuthentication {
        TriggerAuthentication {
            metadata: metadata("web"),
            spec: TriggerAuthenticationSpec {
                pod_identity: Some(TriggerAuthenticationPodIdentity {
                    provider: TriggerAuthenticationPodIdentityProvider::Aws,
                    role_arn: Some("arn:aws:iam::123456789012:role/my-app-web".into()),
                    external_id: None,
                    identity_authority_host: None,
                    identity_id: None,
                    identity_owner: None,
                    identity_tenant_id: None,
                }),
                ..TriggerAuthenticationSpec::default()
            },
        }
    }

    fn vertical_pod_autoscaler() -> VerticalPodAutoscaler {
        let quantities = |cpu: &str, memory: &str| {
            Some(BTreeMap::from([
                ("cpu".to_string(), Quantity(cpu.into())),
                ("memory".to_string(), Quantity(memory.into())),
            ]))
        };
        VerticalPodAutoscaler {
            metadata: metadata("web"),
            spec: VerticalPodAutoscalerSpec {
                target_ref: VerticalPodAutoscalerTargetRef {
                    api_version: Some("apps/v1".into()),
                    kind: "Deployment".into(),
                    name: "web".into(),
                },
                update_policy: Some(VerticalPodAutoscalerUpdatePolicy {
                    update_mode: Some(VerticalPodAutoscalerUpdatePolicyUpdateMode::Recreate),
                    ..VerticalPodAutoscalerUpdatePolicy::default()
                }),
                resource_policy: Some(VerticalPodAutoscalerResourcePolicy {
                    container_policies: Some(vec![VerticalPodAutoscalerResourcePolicyContainerPolicies {
                        container_name: Some("web".into()),
                        min_allowed: quantities("100m", "128Mi"),
                        max_allowed: quantities("2", "2Gi"),
                        controlled_resources: Some(vec!["cpu".into(), "memory".into()]),
                        controlled_values: Some(
                            VerticalPodAutoscalerResourcePolicyContainerPoliciesControlledValues::RequestsAndLimits,
                        ),
                        ..VerticalPodAutoscalerResourcePolicyContainerPolicies::default()
                    }]),
                }),
                ..VerticalPodAutoscalerSpec::default()
            },
        }
    }

    fn http_proxy() -> HttpProxy {
        let allow = |source, cidr: &str| HttpProxyVirtualhostIpAllowPolicy { source, cidr: cidr.into() };
        HttpProxy {
            metadata: metadata("web"),
            spec: HttpProxySpec {
                ingress_class_name: Some("contour".into()),
                virtualhost: Some(HttpProxyVirtualhost {
                    fqdn: "web.my-app.example.com".into(),
                    tls: Some(HttpProxyVirtualhostTls {
                        secret_name: Some("cert-web".into()),
                        ..HttpProxyVirtualhostTls::default()
                    }),
                    ip_allow_policy: Some(vec![
                        allow(HttpProxyVirtualhostIpAllowPolicySource::Peer, "10.0.0.0/8"),
                        allow(HttpProxyVirtualhostIpAllowPolicySource::Remote, "192.168.1.1/32"),
                    ]),
                    ..HttpProxyVirtualhost::default()
                }),
                routes: Some(vec![HttpProxyRoutes {
                    conditions: Some(vec![HttpProxyRoutesConditions {
                        prefix: Some("/".into()),
                        ..HttpProxyRoutesConditions::default()
                    }]),
                    enable_websockets: Some(true),
                    permit_insecure: Some(false),
                    services: Some(vec![HttpProxyRoutesServices {
                        name: "web".into(),
                        port: 3000,
                        protocol: Some(HttpProxyRoutesServicesProtocol::Tls),
                        ..HttpProxyRoutesServices::default()
                    }]),
                    timeout_policy: Some(HttpProxyRoutesTimeoutPolicy {
                        response: Some("60s".into()),
                        idle: Some("5m".into()),
                        ..HttpProxyRoutesTimeoutPolicy::default()
                    }),
                    rate_limit_policy: Some(HttpProxyRoutesRateLimitPolicy {
                        local: Some(HttpProxyRoutesRateLimitPolicyLocal {
                            requests: 100,
                            unit: HttpProxyRoutesRateLimitPolicyLocalUnit::Second,
                            burst: None,
                            response_headers_to_add: None,
                            response_status_code: None,
                        }),
                        ..HttpProxyRoutesRateLimitPolicy::default()
                    }),
                    load_balancer_policy: Some(HttpProxyRoutesLoadBalancerPolicy {
                        strategy: Some("Cookie".into()),
                        ..HttpProxyRoutesLoadBalancerPolicy::default()
                    }),
                    ..HttpProxyRoutes::default()
                }]),
                ..HttpProxySpec::default()
            },
        }
    }

    /// `object` writes exactly the sample, reads back from it equal, and refuses the sample
    /// with a wrong `kind` or `apiVersion`; the sample's `status` is ignored.
    fn matches_sample<T>(object: &T, name: &str)
    where
        T: Resource + Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let sample = sample(name);
        assert_eq!(round_trip(object), sample, "{name}: the types write the sample");
        assert_eq!(&serde_json::from_value::<T>(sample.clone()).unwrap(), object);
        for (field, value) in [("kind", "Gadget"), ("apiVersion", "example.com/v1")] {
            let mut wrong = sample.clone();
            wrong[field] = json!(value);
            let error = serde_json::from_value::<T>(wrong).unwrap_err().to_string();
            assert!(error.contains(value), "{name}: {field}={value}: {error}");
        }
        let mut with_status = sample;
        with_status["status"] = json!({"conditions": [{"type": "Ready", "status": "True"}]});
        assert_eq!(&serde_json::from_value::<T>(with_status).unwrap(), object);
    }

    #[test]
    fn scaled_object_writes_the_sample() {
        assert_eq!(
            (ScaledObject::API_VERSION, ScaledObject::KIND, ScaledObject::URL_PATH_SEGMENT),
            ("keda.sh/v1alpha1", "ScaledObject", "scaledobjects")
        );
        matches_sample(&scaled_object(), "scaledobject");
    }

    #[test]
    fn scaled_object_leaves_unset_fields_out() {
        let minimal = ScaledObject {
            metadata: metadata("web"),
            spec: ScaledObjectSpec {
                scale_target_ref: ScaledObjectScaleTargetRef { name: "web".into(), ..Default::default() },
                triggers: vec![ScaledObjectTriggers {
                    r#type: "cpu".into(),
                    metadata: strings([("value", "70")]),
                    ..Default::default()
                }],
                ..ScaledObjectSpec::default()
            },
        };
        assert_eq!(
            round_trip(&minimal)["spec"],
            json!({"scaleTargetRef": {"name": "web"}, "triggers": [{"metadata": {"value": "70"}, "type": "cpu"}]})
        );
    }

    #[test]
    fn keda_enums_write_upstream_values() {
        let pod_identity = TriggerAuthenticationPodIdentity {
            provider: TriggerAuthenticationPodIdentityProvider::AwsEks,
            identity_owner: Some(TriggerAuthenticationPodIdentityIdentityOwner::Workload),
            external_id: None,
            identity_authority_host: None,
            identity_id: None,
            identity_tenant_id: None,
            role_arn: None,
        };
        assert_eq!(
            serde_json::to_value(&pod_identity).unwrap(),
            json!({"identityOwner": "workload", "provider": "aws-eks"})
        );
        let fallback = ScaledObjectFallback {
            failure_threshold: 1,
            replicas: 1,
            behavior: Some(ScaledObjectFallbackBehavior::Static),
        };
        assert_eq!(serde_json::to_value(&fallback).unwrap()["behavior"], "static");
        // An enum value upstream does not know is refused, not kept as a string.
        assert!(
            serde_json::from_value::<TriggerAuthenticationPodIdentity>(json!({"provider": "azure"})).is_err()
        );
    }

    #[test]
    fn trigger_authentication_writes_the_sample() {
        assert_eq!(TriggerAuthentication::URL_PATH_SEGMENT, "triggerauthentications");
        matches_sample(&trigger_authentication(), "triggerauthentication");
    }

    #[test]
    fn vertical_pod_autoscaler_writes_the_sample() {
        assert_eq!(
            (VerticalPodAutoscaler::API_VERSION, VerticalPodAutoscaler::URL_PATH_SEGMENT),
            ("autoscaling.k8s.io/v1", "verticalpodautoscalers")
        );
        matches_sample(&vertical_pod_autoscaler(), "verticalpodautoscaler");
    }

    #[test]
    fn http_proxy_writes_the_sample() {
        assert_eq!(
            (HttpProxy::API_VERSION, HttpProxy::KIND, HttpProxy::URL_PATH_SEGMENT),
            ("projectcontour.io/v1", "HTTPProxy", "httpproxies")
        );
        matches_sample(&http_proxy(), "httpproxy");
    }
}
