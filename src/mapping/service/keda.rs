//! KEDA autoscaling (`scale.autoscale`, `scale.keda`) on a rack with `keda_enable`: the
//! `ScaledObject <service>` the rack builds (`Service.KedaScaledObject`, with the triggers of
//! `ServiceAutoscale.BuildTriggers` and then `scale.keda.triggers`), preceded on AWS by the
//! `TriggerAuthentication keda-aws-auth-default` its `aws-*` triggers authenticate with.
//!
//! Rendered only when the rack would: autoscale or KEDA triggers are configured, the service
//! is no agent, KEDA is on, the count range is a range (max above min), and a Prometheus URL is
//! known for the triggers that need one. `rack::check` says why when one of these is missing.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::manifest::{AutoscaleMode, KedaTrigger, Service};
use crate::mapping::crd::keda::{
    ScaledObject, ScaledObjectScaleTargetRef, ScaledObjectSpec, ScaledObjectTriggers,
    ScaledObjectTriggersAuthenticationRef, ScaledObjectTriggersAuthenticationRefKind, TriggerAuthentication,
    TriggerAuthenticationPodIdentity, TriggerAuthenticationPodIdentityIdentityOwner,
    TriggerAuthenticationPodIdentityProvider, TriggerAuthenticationSpec,
};
use crate::mapping::labels::{labels, top_level};
use crate::mapping::pod::clamp_i32;
use crate::mapping::rules;
use crate::profile::Provider;

/// The TriggerAuthentication the rack renders on AWS.
pub const AWS_AUTH: &str = crate::mapping::names::pattern(crate::mapping::Role::TriggerAuthentication);

/// What KEDA gets for one service: the AWS TriggerAuthentication (when there is one) and the
/// ScaledObject.
pub struct Keda {
    pub auth: Option<TriggerAuthentication>,
    pub scaled_object: ScaledObject,
}

/// Whether the rack renders a ScaledObject for `svc` on this rack ([`rules::scaled_object`]).
pub fn renders(ctx: &Context, svc: &Service) -> bool {
    rules::scaled_object(ctx, svc).is_ok()
}

/// The KEDA objects of service `name`, or `None` where the rack renders none. A KEDA trigger
/// that does not read as KEDA's `ScaleTriggers` is reported at its key and left out.
pub fn objects(ctx: &Context, name: &str, svc: &Service, diagnostics: &mut Vec<Diagnostic>) -> Option<Keda> {
    if !renders(ctx, svc) {
        return None;
    }
    let scale = &svc.scale;
    let mut triggers = Vec::new();
    if let Some(a) = scale.autoscale.as_ref().filter(|a| a.is_enabled()) {
        triggers.extend(build_triggers(ctx, name, a));
        triggers.extend(a.custom.iter().map(user_trigger));
    }
    if let Some(k) = scale.keda.as_ref().filter(|_| scale.keda_enabled()) {
        triggers.extend(k.triggers.iter().map(user_trigger));
    }
    if triggers.is_empty() {
        return None;
    }
    let aws = ctx.profile.provider() == Provider::Aws;
    if aws {
        for t in
            triggers.iter_mut().filter(|t| t.authentication_ref.is_none() && t.r#type.starts_with("aws-"))
        {
            t.authentication_ref = Some(ScaledObjectTriggersAuthenticationRef {
                name: AWS_AUTH.into(),
                kind: Some(ScaledObjectTriggersAuthenticationRefKind::TriggerAuthentication),
            });
        }
    }
    let mut spec = ScaledObjectSpec {
        scale_target_ref: ScaledObjectScaleTargetRef {
            name: name.to_string(),
            kind: Some("Deployment".into()),
            ..Default::default()
        },
        triggers,
        min_replica_count: Some(clamp_i32(scale.count.min.max(0))),
        max_replica_count: Some(clamp_i32(scale.count.max.max(0))),
        ..Default::default()
    };
    // A `keda` block, even without triggers, supplies these; else `autoscale` does. The rack
    // copies no initialCooldownPeriod (see `rack::check`).
    if let Some(k) = &scale.keda {
        spec.cooldown_period = k.cooldown_period.map(clamp_i32);
        spec.polling_interval = k.polling_interval.map(clamp_i32);
        spec.idle_replica_count = k.idle_replica_count.map(clamp_i32);
        let path = format!("services.{name}.scale.keda");
        spec.advanced = k.advanced.as_ref().and_then(|v| read(v, &format!("{path}.advanced"), diagnostics));
        spec.fallback = k.fallback.as_ref().and_then(|v| read(v, &format!("{path}.fallback"), diagnostics));
    } else if let Some(a) = &scale.autoscale {
        spec.cooldown_period = a.cooldown_period.map(clamp_i32);
        spec.polling_interval = a.polling_interval.map(clamp_i32);
    }
    let namespace = ctx.namespace().to_string();
    let scaled_object = ScaledObject {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some(namespace.clone()),
            labels: Some(top_level(
                ctx,
                labels([("system", "convox"), ("rack", &ctx.rack), ("app", &ctx.app), ("service", name)]),
                &[],
            )),
            ..Default::default()
        },
        spec,
    };
    let auth = aws.then(|| TriggerAuthentication {
        metadata: ObjectMeta {
            name: Some(AWS_AUTH.into()),
            namespace: Some(namespace),
            labels: Some(top_level(ctx, BTreeMap::new(), &[])),
            ..Default::default()
        },
        spec: TriggerAuthenticationSpec {
            pod_identity: Some(TriggerAuthenticationPodIdentity {
                provider: TriggerAuthenticationPodIdentityProvider::Aws,
                identity_owner: Some(TriggerAuthenticationPodIdentityIdentityOwner::Keda),
                external_id: None,
                identity_authority_host: None,
                identity_id: None,
                identity_tenant_id: None,
                role_arn: None,
            }),
            ..Default::default()
        },
    });
    Some(Keda { auth, scaled_object })
}

/// `ServiceAutoscale.BuildTriggers`: cpu, memory, gpuUtilization, queueDepth, in that order
/// (the custom triggers follow, from the caller).
fn build_triggers(ctx: &Context, service: &str, a: &crate::manifest::Autoscale) -> Vec<ScaledObjectTriggers> {
    let mut out = Vec::new();
    let utilization = |kind: &str, m: &AutoscaleMode| ScaledObjectTriggers {
        r#type: kind.into(),
        name: Some(format!("convox-{kind}")),
        metric_type: Some("Utilization".into()),
        metadata: BTreeMap::from([("value".to_string(), go_g(m.threshold))]),
        ..Default::default()
    };
    if let Some(m) = &a.cpu {
        out.push(utilization("cpu", m));
    }
    if let Some(m) = &a.memory {
        out.push(utilization("memory", m));
    }
    let prometheus = |trigger: &str, default_metric: &str, m: &AutoscaleMode| {
        let metric = if m.metric_name.is_empty() { default_metric } else { &m.metric_name };
        let query = if m.query.is_empty() {
            format!("max({metric}{{app={},service={}}})", go_quote(&ctx.app), go_quote(service))
        } else {
            m.query.clone()
        };
        let url = if m.prometheus_url.is_empty() { ctx.profile.prometheus_url() } else { &m.prometheus_url };
        let activation = (m.threshold / 2.0).max(1.0);
        ScaledObjectTriggers {
            r#type: "prometheus".into(),
            name: Some(trigger.into()),
            metadata: BTreeMap::from([
                ("serverAddress".to_string(), url.to_string()),
                ("metricName".to_string(), metric.to_string()),
                ("threshold".to_string(), go_g(m.threshold)),
                ("activationThreshold".to_string(), go_g(activation)),
                ("query".to_string(), query),
            ]),
            ..Default::default()
        }
    };
    if let Some(m) = &a.gpu_utilization {
        out.push(prometheus("convox-gpu-utilization", "DCGM_FI_DEV_GPU_UTIL", m));
    }
    if let Some(m) = &a.queue_depth {
        out.push(prometheus("convox-queue-depth", "vllm:num_requests_waiting", m));
    }
    out
}

/// A trigger the user wrote (`scale.autoscale.custom`, `scale.keda.triggers`), as KEDA's type.
fn user_trigger(t: &KedaTrigger) -> ScaledObjectTriggers {
    ScaledObjectTriggers {
        r#type: t.kind.clone(),
        name: (!t.name.is_empty()).then(|| t.name.clone()),
        metadata: t.metadata.clone(),
        metric_type: (!t.metric_type.is_empty()).then(|| t.metric_type.clone()),
        use_cached_metrics: t.use_cached_metrics.then_some(true),
        authentication_ref: t.authentication_ref.as_ref().map(|r| ScaledObjectTriggersAuthenticationRef {
            name: r.name.clone(),
            kind: match r.kind.as_str() {
                "ClusterTriggerAuthentication" => {
                    Some(ScaledObjectTriggersAuthenticationRefKind::ClusterTriggerAuthentication)
                }
                "TriggerAuthentication" => {
                    Some(ScaledObjectTriggersAuthenticationRefKind::TriggerAuthentication)
                }
                _ => None,
            },
        }),
    }
}

fn read<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match T::deserialize(value) {
        Ok(t) => Some(t),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{path}: {e}: the rack cannot read this as KEDA's type, so it refuses the release"
                ))
                .at(path.to_string()),
            );
            None
        }
    }
}

/// Go's `%q` of a plain string: double quotes, with `"` and `\` escaped (names are ASCII).
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `fmt.Sprintf("%g", f)`: the shortest digits that read back as `f`, in `%e` form when
/// the exponent is below -4 or at least 6 (`1e+06`), else plain (`70`, `0.5`).
pub fn go_g(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, e.g. `7.05e1`.
    let e = format!("{f:e}");
    let (mantissa, exp) = e.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} has an integer exponent");
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_g_matches_go() {
        for (f, want) in [
            (70.0, "70"),
            (70.5, "70.5"),
            (0.5, "0.5"),
            (100000.0, "100000"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (2.5e-7, "2.5e-07"),
            (1.0, "1"),
        ] {
            assert_eq!(go_g(f), want, "{f}");
        }
    }

    #[test]
    fn go_quote_quotes_and_escapes() {
        assert_eq!(go_quote("my-app"), "\"my-app\"");
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
    }
}
