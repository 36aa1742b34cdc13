//! The `VerticalPodAutoscaler <service>` of `scale.vpa` (`VPA.VpaObject`): it targets the
//! service's Deployment, with the update mode, and a container policy for `*` when bounds or
//! switches are given. The rack renders it whether or not the rack has the VPA
//! (`vpa_enable`): without it the promote fails (`rack::check`), so the preview shows it as
//! it will be once the VPA is on.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Context;
use crate::manifest::Service;
use crate::mapping::crd::vpa::{
    VerticalPodAutoscaler, VerticalPodAutoscalerResourcePolicy,
    VerticalPodAutoscalerResourcePolicyContainerPolicies,
    VerticalPodAutoscalerResourcePolicyContainerPoliciesControlledValues as ControlledValues,
    VerticalPodAutoscalerSpec, VerticalPodAutoscalerTargetRef, VerticalPodAutoscalerUpdatePolicy,
};
use crate::mapping::labels::{labels, top_level};
use crate::mapping::rules;

/// The VPA of service `name`, or `None` when `scale.vpa` is absent or fails the rack's
/// validation (the loader reported why; [`rules::vertical_autoscaler`]).
pub fn object(ctx: &Context, name: &str, svc: &Service) -> Option<VerticalPodAutoscaler> {
    rules::vertical_autoscaler(ctx, svc).ok()?;
    let vpa = svc.scale.vpa.as_ref()?;
    let mode = rules::update_mode(&vpa.update_mode)?;
    let bound = |v: &Option<String>, unit: &str| v.as_ref().map(|v| Quantity(format!("{v}{unit}")));
    let (min_cpu, max_cpu) = (bound(&vpa.min_cpu, "m"), bound(&vpa.max_cpu, "m"));
    let (min_mem, max_mem) = (bound(&vpa.min_mem, "Mi"), bound(&vpa.max_mem, "Mi"));
    let bounded = min_cpu.is_some() || min_mem.is_some() || max_cpu.is_some() || max_mem.is_some();
    let switched = vpa.cpu_only.is_some() || vpa.mem_only.is_some() || vpa.update_request_only.is_some();
    let policy = (bounded || switched).then(|| {
        let allowed = |cpu: Option<Quantity>, mem: Option<Quantity>| {
            let mut m = BTreeMap::new();
            m.extend(cpu.map(|q| ("cpu".to_string(), q)));
            m.extend(mem.map(|q| ("memory".to_string(), q)));
            // The rack's maps are `omitempty`: an empty one is not rendered.
            (!m.is_empty()).then_some(m)
        };
        let controlled = if vpa.cpu_only == Some(true) {
            Some(vec!["cpu".to_string()])
        } else if vpa.mem_only == Some(true) {
            Some(vec!["memory".to_string()])
        } else {
            None
        };
        VerticalPodAutoscalerResourcePolicy {
            container_policies: Some(vec![VerticalPodAutoscalerResourcePolicyContainerPolicies {
                container_name: Some("*".into()),
                min_allowed: allowed(min_cpu, min_mem),
                max_allowed: allowed(max_cpu, max_mem),
                controlled_resources: controlled,
                controlled_values: (vpa.update_request_only == Some(true))
                    .then_some(ControlledValues::RequestsOnly),
                ..Default::default()
            }]),
        }
    });
    Some(VerticalPodAutoscaler {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            labels: Some(top_level(
                ctx,
                labels([("system", "convox"), ("rack", &ctx.rack), ("app", &ctx.app), ("service", name)]),
                &[],
            )),
            ..Default::default()
        },
        spec: VerticalPodAutoscalerSpec {
            target_ref: VerticalPodAutoscalerTargetRef {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: name.to_string(),
            },
            update_policy: Some(VerticalPodAutoscalerUpdatePolicy {
                update_mode: Some(mode),
                ..Default::default()
            }),
            resource_policy: policy,
            ..Default::default()
        },
    })
}
