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

use super::{meta, selector};
use crate::diagnostic::Diagnostic;
use crate::manifest::Service;
use crate::mapping::labels::{self, labels, top_level};
use crate::mapping::plain;
use crate::mapping::pod::clamp_i32;
use crate::mapping::{rules, Context};
use crate::rack_version::V3_24_3;

/// Go's `strconv.Atoi`: an optional sign and decimal digits, within int64.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// HPA when the count is a range, unless KEDA/autoscale owns scaling or it is an agent
/// ([`rules::autoscaler`]).
pub(super) fn autoscaler(
    ctx: &Context,
    name: &str,
    svc: &Service,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<HorizontalPodAutoscaler> {
    rules::autoscaler(ctx, svc).ok()?;
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
    let objects = format!("the HorizontalPodAutoscaler {name}");
    for (i, e) in scale.targets.external.iter().enumerate() {
        // `name: {{ .Name }}` and `{{ $k }}: {{ $v }}`: printed unquoted ([`plain`]).
        let path = format!("services.{name}.scale.targets.external[{i}]");
        let what = format!("scale.targets.external[{i}]");
        let (metric, d) =
            plain::value(&e.name, (&format!("{what}.name"), "the metric's name", &objects), true);
        diagnostics.extend(d.map(|d| d.at_value(format!("{path}.name"))));
        let mut match_labels = BTreeMap::new();
        for (k, v) in &e.match_labels {
            let at = format!("{path}.matchLabels.{k}");
            let label = format!("{what}.matchLabels {k}");
            let key = plain::key(k, &at, &label, &objects, diagnostics);
            let (value, d) = plain::value(v, (&label, "the metric label's value", &objects), false);
            diagnostics.extend(d.map(|d| d.at_value(at)));
            match_labels.insert(key, value);
        }
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
                    name: metric,
                    selector: Some(LabelSelector {
                        match_labels: (!match_labels.is_empty()).then_some(match_labels),
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

/// The PDB the deployment controller creates (`provider/k8s/controller_deployment.go`),
/// unless the service disables it ([`rules::disruption_budget`]). `minAvailable` from the
/// pod's `convox.com/pdb-minavailable` annotation: a value ending in `%` as it is, an integer
/// (`strconv.Atoi`, wrapped into int32) as a number, anything else the rack's default
/// percentage, with a warning at the annotation.
pub(super) fn disruption_budget(
    ctx: &Context,
    name: &str,
    svc: &Service,
    deployment: &Deployment,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PodDisruptionBudget> {
    rules::disruption_budget(ctx, svc).ok()?;
    const KEY: &str = "convox.com/pdb-minavailable";
    let percent = format!("{}%", ctx.profile.pdb_percent());
    let default = || IntOrString::String(percent.clone());
    let annotation = svc.annotations.iter().rev().find(|(k, _)| k == KEY).map(|(_, v)| v.as_str());
    let min_available = match annotation {
        None | Some("") => default(),
        Some(v) if v.ends_with('%') => IntOrString::String(v.to_string()),
        Some(v) => match go_atoi(v) {
            Some(n) => IntOrString::Int(n as i32),
            None => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "{KEY} {v:?} is neither a percentage (N%) nor a whole number, so the rack's deployment \
                         controller ignores it and gives PodDisruptionBudget {name} its default minAvailable, \
                         {percent}. Write a number of pods (2) or a percentage (50%)."
                    ))
                    .at_value(format!("services.{name}.annotations.{KEY}")),
                );
                default()
            }
        },
    };
    let mut selector = selector(ctx, name);
    selector.match_labels.get_or_insert_with(BTreeMap::new).insert("type".into(), "service".into());
    Some(PodDisruptionBudget {
        metadata: meta(ctx, name, deployment.metadata.labels.clone().unwrap_or_else(|| labels::applied(ctx))),
        spec: Some(PodDisruptionBudgetSpec {
            min_available: Some(min_available),
            selector: Some(selector),
            // From 3.24.3: unhealthy pods may be evicted, so a node with one still drains.
            unhealthy_pod_eviction_policy: (ctx.version() >= V3_24_3).then(|| "AlwaysAllow".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}
