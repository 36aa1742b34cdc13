//! A service's volume objects: the EFS PersistentVolume/PersistentVolumeClaim pair and the
//! Azure Files claim, rendered before everything else of the service.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeSpec, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::meta;
use crate::manifest::{AwsEfs, AzureFiles, Service};
use crate::mapping::labels::{labels, top_level};
use crate::mapping::{names, rules, Context};

/// `volumeHandle` with `[APP]`/`[SERVICE]` substituted and `<fsid>:` prefixed when it has no `:`.
pub(super) fn volume_handle(ctx: &Context, service: &str, handle: &str) -> String {
    let handle = handle.replace("[APP]", &ctx.app).replace("[SERVICE]", service);
    if handle.contains(':') {
        handle
    } else {
        format!("{}:{handle}", ctx.stand_ins.efs_file_system_id)
    }
}

/// PV `efs-pv-<app>-<service>-<id>`, only for a `volumeHandle` ([`rules::efs_volume`];
/// cluster-scoped: no namespace).
pub(super) fn efs_volume(ctx: &Context, service: &str, efs: &AwsEfs) -> Option<PersistentVolume> {
    rules::efs_volume(efs).ok()?;
    let storage_class = if efs.storage_class.is_empty() { "efs-sc-base" } else { &efs.storage_class };
    Some(PersistentVolume {
        metadata: ObjectMeta {
            name: Some(names::efs_volume(ctx, service, &efs.id)),
            labels: Some(top_level(ctx, labels([("system", "convox"), ("app", ctx.app.as_str())]), &[])),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            access_modes: Some(vec!["ReadWriteMany".into()]),
            capacity: Some(BTreeMap::from([("storage".to_string(), Quantity("500Gi".into()))])),
            csi: Some(CSIPersistentVolumeSource {
                driver: "efs.csi.aws.com".into(),
                volume_handle: volume_handle(ctx, service, &efs.volume_handle),
                ..Default::default()
            }),
            mount_options: Some(
                ["noresvport", "rsize=1048576", "wsize=1048576", "hard", "timeo=600", "retrans=2"]
                    .map(String::from)
                    .to_vec(),
            ),
            persistent_volume_reclaim_policy: Some("Delete".into()),
            storage_class_name: Some(storage_class.to_string()),
            volume_mode: Some("Filesystem".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// PVC `efs-<service>-<id>`; with a handle, bound to the PV through `volumeName`, in
/// `Filesystem` mode. Its storage class is `storageClass`, else `efs-sc-base` (with a handle)
/// or `efs-sc`: the same class as the PV, or the two would never bind.
pub(super) fn efs_claim(ctx: &Context, service: &str, svc: &Service, efs: &AwsEfs) -> PersistentVolumeClaim {
    let with_handle = !efs.volume_handle.is_empty();
    let storage_class = match (efs.storage_class.as_str(), with_handle) {
        ("", true) => "efs-sc-base",
        ("", false) => "efs-sc",
        (class, _) => class,
    };
    let mut claim =
        volume_claim(ctx, svc, names::efs_claim(service, &efs.id), &efs.access_mode, storage_class, "1Mi");
    if let (Some(spec), true) = (claim.spec.as_mut(), with_handle) {
        spec.volume_name = Some(names::efs_volume(ctx, service, &efs.id));
        spec.volume_mode = Some("Filesystem".into());
    }
    claim
}

/// PVC `azurefiles-<service>-<id>`: storage class `azurefile-csi-nfs`,
/// `shareSize` or 100Gi, labelled like the EFS claim.
pub(super) fn azure_files_claim(
    ctx: &Context,
    service: &str,
    svc: &Service,
    az: &AzureFiles,
) -> PersistentVolumeClaim {
    let size = if az.share_size.is_empty() { "100Gi" } else { &az.share_size };
    volume_claim(
        ctx,
        svc,
        names::azure_files_claim(service, &az.id),
        &az.access_mode,
        "azurefile-csi-nfs",
        size,
    )
}

/// A service volume's PVC: `system: convox` plus the app's and the service's labels, one access
/// mode (none when blank), a storage class and a requested size.
pub(super) fn volume_claim(
    ctx: &Context,
    svc: &Service,
    name: String,
    access_mode: &str,
    storage_class: &str,
    size: &str,
) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: meta(ctx, &name, top_level(ctx, labels([("system", "convox")]), &svc.labels)),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: (!access_mode.is_empty()).then(|| vec![access_mode.to_string()]),
            storage_class_name: Some(storage_class.to_string()),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), Quantity(size.to_string()))])),
                limits: None,
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}
