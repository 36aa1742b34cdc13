//! The two namespaces an app lives between: the rack's own `<rack>-system` (created by
//! terraform with the rack) and the app namespace `<rack>-<app>` (`app/app.yml.tmpl`), which
//! the release applies first.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use super::{labels, Concept, Context, Generated, Mapped, Role};
use crate::profile::Provider;

/// The rack namespace's uid is only known on a live cluster. `ownerReferences[].uid` is a
/// required field, so a visibly fake all-zero UUID stands in for it.
pub use super::stand_ins::STAND_IN_UID;

/// Pushes the rack namespace, then the app namespace.
pub fn render(ctx: &Context, out: &mut Mapped) {
    out.objects.push(rack_namespace(ctx));
    out.objects.push(app_namespace(ctx));
}

fn rack_namespace(ctx: &Context) -> Generated {
    let object = Namespace {
        metadata: ObjectMeta {
            name: Some(ctx.rack_namespace().to_string()),
            labels: Some(labels::labels([
                ("app", "system"),
                ("rack", &ctx.rack),
                ("system", "convox"),
                ("type", "rack"),
            ])),
            ..Default::default()
        },
        ..Default::default()
    };
    Generated {
        object: object.into(),
        role: Role::RackNamespace,
        concept: Concept::Rack,
        owner: None,
        source: String::new(),
        notes: vec![
            "Created by terraform when the rack is installed, not by any app release; shown because \
             the app namespace is owned by it."
                .into(),
        ],
    }
}

fn app_namespace(ctx: &Context) -> Generated {
    let aws = ctx.profile.provider() == Provider::Aws;
    let mut annotations = BTreeMap::from([
        ("convox.com/lock".to_string(), "false".to_string()),
        // The app's parameters (`convox apps params`); an app without any has `{}`.
        ("convox.com/params".to_string(), "{}".to_string()),
    ]);
    if aws {
        annotations.insert("convox.com/registry".to_string(), super::names::repository(ctx));
    }
    let base = labels::labels([("type", "app"), ("name", &ctx.app)]);
    let object = Namespace {
        metadata: ObjectMeta {
            name: Some(ctx.namespace().to_string()),
            annotations: Some(annotations),
            labels: Some(labels::top_level(ctx, base, &[])),
            owner_references: Some(vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Namespace".into(),
                name: ctx.rack_namespace().to_string(),
                uid: STAND_IN_UID.into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut notes = Vec::new();
    if aws {
        notes.push(format!(
            "convox.com/registry is a stand-in: `convox apps create` patches in the app's real ECR repository \
             URI ({} here uses a placeholder account and region).",
            super::names::repository(ctx)
        ));
    }
    notes.push(format!(
        "ownerReferences[0].uid is a stand-in ({STAND_IN_UID}): the rack copies the uid of the live {} \
         namespace, so deleting the rack namespace deletes this one.",
        ctx.rack_namespace()
    ));
    notes.push(
        "convox.com/params holds the app's parameters (`convox apps params`), `{}` for an app without any; \
         the manifest's own `params` key is read by the rack but not used."
            .into(),
    );
    Generated {
        object: object.into(),
        role: Role::AppNamespace,
        concept: Concept::App,
        owner: None,
        source: String::new(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Object;
    use crate::profile::Profile;

    fn check(ctx: &Context, check: impl Fn(&[Generated])) {
        let mut out = Mapped::default();
        render(ctx, &mut out);
        assert!(out.diagnostics.is_empty());
        check(&out.objects);
    }

    fn namespace(g: &Generated) -> &Namespace {
        match &g.object {
            Object::Namespace(ns) => ns,
            other => panic!("expected a Namespace, got {}", other.kind()),
        }
    }

    #[test]
    fn rack_namespace_carries_terraform_labels_only() {
        check(&Context::default(), |objects| {
            let ns = namespace(&objects[0]);
            assert_eq!(ns.metadata.name.as_deref(), Some("my-rack-system"));
            let labels = ns.metadata.labels.clone().unwrap();
            assert_eq!(
                labels,
                labels::labels([
                    ("app", "system"),
                    ("rack", "my-rack"),
                    ("system", "convox"),
                    ("type", "rack")
                ])
            );
            assert_eq!(objects[0].role, Role::RackNamespace);
        });
    }

    #[test]
    fn app_namespace_has_type_name_and_applied_labels() {
        check(&Context::default(), |objects| {
            let ns = namespace(&objects[1]);
            assert_eq!(ns.metadata.name.as_deref(), Some("my-rack-my-app"));
            let labels = ns.metadata.labels.clone().unwrap();
            assert_eq!(labels["type"], "app");
            assert_eq!(labels["name"], "my-app");
            assert_eq!(labels["release"], "RABC1234DEF");
            assert_eq!(labels["atom"].len(), 60);
            assert_eq!(labels["provider"], "k8s");
        });
    }

    #[test]
    fn app_namespace_annotations_hold_lock_app_params_and_the_aws_registry() {
        check(&Context::default(), |objects| {
            let annotations = namespace(&objects[1]).metadata.annotations.clone().unwrap();
            assert_eq!(annotations["convox.com/lock"], "false");
            // The app's parameters, not the manifest's `params`.
            assert_eq!(annotations["convox.com/params"], "{}");
            assert_eq!(
                annotations["convox.com/registry"],
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-rack/my-app"
            );
        });
        let azure = Context { profile: Profile::new(Provider::Azure), ..Context::default() };
        check(&azure, |objects| {
            let annotations = namespace(&objects[1]).metadata.annotations.clone().unwrap();
            assert!(!annotations.contains_key("convox.com/registry"));
        });
    }

    #[test]
    fn app_namespace_is_owned_by_the_rack_namespace_with_a_stand_in_uid() {
        check(&Context::default(), |objects| {
            let owners = namespace(&objects[1]).metadata.owner_references.clone().unwrap();
            assert_eq!(owners.len(), 1);
            assert_eq!((owners[0].kind.as_str(), owners[0].name.as_str()), ("Namespace", "my-rack-system"));
            assert_eq!(owners[0].controller, Some(true));
            assert_eq!(owners[0].uid, STAND_IN_UID);
            assert!(objects[1].notes.iter().any(|n| n.contains("uid is a stand-in")));
        });
    }
}
