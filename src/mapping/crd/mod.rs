//! Typed custom resources the rack renders besides the built-in kinds: plain serde structs
//! generated with kopium from the upstream CRDs vendored in `tests/crds/` (see its README for
//! where each came from), so the types and the schemas `scripts/validate-k8s.py` checks
//! rendered objects against are the same files.
//!
//! Each top-level kind is a `{ metadata, spec }` struct made by `custom_resource!`: it
//! implements [`k8s_openapi::Resource`] and [`k8s_openapi::Metadata`] and serializes exactly
//! like k8s-openapi's own types (`apiVersion`, `kind`, `metadata`, `spec`, in that order);
//! deserializing refuses a wrong `apiVersion` or `kind` and ignores `status`.
//!
//! Vendored so far: cert-manager's `Certificate` ([`cert_manager`]). KEDA's `ScaledObject` and
//! `TriggerAuthentication`, the VPA's `VerticalPodAutoscaler` and Contour's `HTTPProxy` wait
//! for a package-registry source of their CRDs (tests/crds/README.md); adding one is a CRD
//! file, a kopium run and one `custom_resource!` line.

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

    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::Resource;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::cert_manager::{
        Certificate, CertificateIssuerRef, CertificateSecretTemplate, CertificateSpec,
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
}
