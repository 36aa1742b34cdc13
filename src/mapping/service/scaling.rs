//! How a service scales and stays available: the HorizontalPodAutoscaler the template
//! renders for a count range, and the PodDisruptionBudget the rack's controller adds.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, ExternalMetricSource, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec,
    MetricIdentifier, MetricSpec, MetricTarget, ResourceMetricSource,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{meta, pairs_map, selector};
use crate::manifest::Service;
use crate::mapping::labels::{self, labels, top_level};
use crate::mapping::pod::clamp_i32;
use crate::mapping::{rules, Context};

/// HPA when the count is a range, unless KEDA/autoscale owns scaling or it is an agent
/// ([`rules::autoscaler`]).
pub(super) fn autoscaler(ctx: &Context, name: &str, svc: &Service) -> Option<HorizontalPodAutoscaler> {
    rules::autoscaler(svc).ok()?;
    let scale = &svc.scale;
    let utilization = |resource: &str, target: i64| MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: resource.into(),
            target: MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(clamp_i32(target)),
                ..Default::default()
            },
        }),
        ..Default::default()
    };
    let mut metrics = Vec::new();
    if scale.targets.cpu > 0 {
        metrics.push(utilization("cpu", scale.targets.cpu));
    }
    if scale.targets.memory > 0 {
        metrics.push(utilization("memory", scale.targets.memory));
    }
    for e in &scale.targets.external {
        let target = match (&e.average_value, &e.value) {
            (Some(avg), _) if !avg.is_empty() => MetricTarget {
                type_: "AverageValue".into(),
                average_value: Some(Quantity(avg.clone())),
                ..Default::default()
            },
            (_, value) => MetricTarget {
                type_: "Value".into(),
                value: value.clone().filter(|v| !v.is_empty()).map(Quantity),
                ..Default::default()
            },
        };
        metrics.push(MetricSpec {
            type_: "External".into(),
            external: Some(ExternalMetricSource {
                metric: MetricIdentifier {
                    name: e.name.clone(),
                    selector: Some(LabelSelector {
                        match_labels: pairs_map(&e.match_labels),
                        match_expressions: None,
                    }),
                },
                target,
            }),
            ..Default::default()
        });
    }
    Some(HorizontalPodAutoscaler {
        metadata: meta(ctx, name, top_level(ctx, labels([("service", name)]), &svc.labels)),
        spec: Some(HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: name.to_string(),
            },
            min_replicas: Some(clamp_i32(scale.count.min)),
            max_replicas: clamp_i32(scale.count.max),
            // No targets: `metrics: null`, and Kubernetes defaults to 80% CPU.
            metrics: (!metrics.is_empty()).then_some(metrics),
            behavior: None,
        }),
        ..Default::default()
    })
}

/// `intstr.Parse`: an integer string is an int, anything else a string.
pub(super) fn int_or_string(v: &str) -> IntOrString {
    v.parse::<i32>().map(IntOrString::Int).unwrap_or_else(|_| IntOrString::String(v.to_string()))
}

/// The PDB the deployment controller creates (`controller_deployment.go`), unless the service disables it
/// ([`rules::disruption_budget`]).
pub(super) fn disruption_budget(
    ctx: &Context,
    name: &str,
    svc: &Service,
    deployment: &Deployment,
) -> Option<PodDisruptionBudget> {
    rules::disruption_budget(svc).ok()?;
    let annotation =
        |key: &str| svc.annotations.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let min_available = match annotation("convox.com/pdb-minavailable") {
        Some(v) if !v.is_empty() => int_or_string(v),
        _ => IntOrString::String(format!("{}%", ctx.profile.pdb_percent())),
    };
    let mut selector = selector(ctx, name);
    selector.match_labels.get_or_insert_with(BTreeMap::new).insert("type".into(), "service".into());
    Some(PodDisruptionBudget {
        metadata: meta(ctx, name, deployment.metadata.labels.clone().unwrap_or_else(|| labels::applied(ctx))),
        spec: Some(PodDisruptionBudgetSpec {
            min_available: Some(min_available),
            selector: Some(selector),
            unhealthy_pod_eviction_policy: Some("AlwaysAllow".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}
