//! The words of why-not: each failing rule as a reason (naming the key and value the user
//! wrote) and the fix that mends it, as words and as [`Action`]s.

use super::{has_param, Action, Fix, Owner};
use crate::manifest::Service;
use crate::mapping::rules::Why;
use crate::mapping::{names, Context};
use crate::rack_version::{RackVersion, V3_24_6};

/// The words of a write at `rest` (relative to the owner): `write port: 3000`, `write count:
/// 2-10 under scale`, and for deeper keys the path, `write scale.vpa.updateMode: "Off"`.
pub(super) fn write_text(rest: &str, value: &str) -> String {
    match rest.split_once('.') {
        Some((parent, key)) if !key.contains('.') => format!("write {key}: {value} under {parent}"),
        _ => format!("write {rest}: {value}"),
    }
}

/// A write of `value` at `rest` under the owner, in words and as its action.
fn write(o: &Owner, rest: &str, value: &str) -> Fix {
    Fix { text: write_text(rest, value), actions: Some(vec![o.write(rest, value)]) }
}

/// The fix that sets rack parameter `name` to `value`, or says the provider has none.
pub(super) fn param_fix(ctx: &Context, name: &'static str, value: &'static str) -> Fix {
    if has_param(ctx, name) {
        Fix {
            text: format!("convox rack params set {name}={value}"),
            actions: Some(vec![Action::Param { name, value }]),
        }
    } else if let Some(p) =
        crate::profile::param(name).filter(|p| p.providers.contains(&ctx.profile.provider()))
    {
        let since = p.since(ctx.profile.provider());
        Fix::words(format!(
            "update the rack to {since} or later, which brought {name}, then: convox rack params set {name}={value}"
        ))
    } else {
        Fix::words(format!(
            "{name} is a parameter of AWS racks; a {} rack has none",
            ctx.profile.provider().name()
        ))
    }
}

/// A count range an autoscaler can use: at least one replica (the HPA's floor), above it a
/// maximum — the one written when it is higher, else 10 (or twice the minimum): `2` → `2-10`.
pub(super) fn count_fix(o: &Owner, svc: &Service) -> Fix {
    let count = &svc.scale.count;
    let low = count.min.max(1);
    let high = if count.max > low {
        count.max
    } else if low < 10 {
        10
    } else {
        low * 2
    };
    // `scale.min`/`scale.max` override `count` (the rack's order): write those instead.
    if svc.scale.min.is_none() && svc.scale.max.is_none() {
        let value = format!("{low}-{high}");
        return Fix {
            text: write_text("scale.count", &value),
            actions: Some(vec![Action::Write { path: o.at("scale.count"), value, shorthand: true }]),
        };
    }
    let (mut text, mut actions) = (Vec::new(), Vec::new());
    for (key, written, value) in [("scale.min", svc.scale.min, low), ("scale.max", svc.scale.max, high)] {
        if written != Some(value) {
            text.push(write_text(key, &value.to_string()));
            actions.push(o.write(key, &value.to_string()));
        }
    }
    Fix { text: text.join(", and "), actions: Some(actions) }
}

/// The fix of one failing rule of a service's object.
pub(super) fn mend(ctx: &Context, o: &Owner, svc: &Service, why: &Why) -> Fix {
    let name = o.name;
    match why {
        Why::Agent => Fix {
            text: format!("remove agent: true ({name} then runs as a Deployment)"),
            actions: Some(vec![Action::Remove { path: o.at("agent") }]),
        },
        Why::KedaScales(key) => Fix {
            text: format!("remove scale.{key} to scale on the rack's own HorizontalPodAutoscaler"),
            actions: Some(vec![Action::Remove { path: o.at(&["scale.", key].concat()) }]),
        },
        Why::FixedCount(_) => count_fix(o, svc),
        // scale.autoscale came in 3.24.6; before, KEDA scales on scale.keda's own triggers.
        // (and a rack without KEDA refuses them, where 3.24.6 would ignore them).
        Why::NoAutoscale if ctx.version() < V3_24_6 => {
            let fix =
                write(o, "scale.keda.triggers", "[{type: cpu, metricType: Utilization, metadata: {value: \"70\"}}]");
            if ctx.profile.keda() {
                fix
            } else {
                fix.and(param_fix(ctx, "keda_enable", "true"))
            }
        }
        Why::NoAutoscale => write(o, "scale.autoscale.cpu.threshold", "70"),
        Why::KedaOff => param_fix(ctx, "keda_enable", "true"),
        Why::NoPrometheus => Fix::words(
            "convox rack params set prometheus_url=<your Prometheus URL>, or write prometheusUrl in the trigger",
        ),
        Why::NoVpa => {
            let fix = write(o, "scale.vpa.updateMode", "\"Off\"");
            let fix = Fix { text: format!("{} (recommendations only; Initial or Recreate apply them)", fix.text), ..fix };
            if ctx.profile.vpa() {
                fix
            } else {
                fix.and(param_fix(ctx, "vpa_enable", "true"))
            }
        }
        Why::InvalidVpa => Fix::words("correct scale.vpa as its error says"),
        Why::NoPort => {
            let fix = write(o, "port", "3000");
            let fix = Fix { text: format!("{} (the port {name} listens on)", fix.text), ..fix };
            // With a port, internalRouter needs the rack's internal router.
            if !svc.internal_router || ctx.profile.internal_router() {
                fix
            } else if has_param(ctx, "internal_router") {
                fix.and(param_fix(ctx, "internal_router", "true"))
            } else {
                fix.and(Fix {
                    text: format!(
                        "remove internalRouter (a {} rack has no internal router)",
                        ctx.profile.provider().name()
                    ),
                    actions: Some(vec![Action::Remove { path: o.at("internalRouter") }]),
                })
            }
        }
        Why::Internal => write(o, "internal", "false"),
        Why::InternalRouter => write(o, "internalRouter", "false"),
        Why::PublicRouter => {
            let mut fix = write(o, "internalRouter", "true");
            // The rack refuses both at once.
            if svc.internal {
                fix = write(o, "internal", "false").and(fix);
            }
            if !ctx.profile.internal_router() {
                fix = fix.and(param_fix(ctx, "internal_router", "true"));
            }
            fix
        }
        Why::PdbDisabled(key) => Fix {
            text: format!("remove the annotation {key}=true"),
            actions: Some(vec![Action::RemoveItem { list: o.at("annotations"), prefix: format!("{key}=") }]),
        },
        Why::OwnCertificate => Fix {
            text: "remove certificate.id".into(),
            actions: Some(vec![Action::Remove { path: o.at("certificate.id") }]),
        },
        Why::NginxRouter => param_fix(ctx, "router_type", "contour"),
        Why::DomainTlsOff => param_fix(ctx, "convox_domain_tls_cert_disable", "false"),
        Why::InternalTlsOff => param_fix(ctx, "contour_internal_tls", "true"),
        Why::NotYet(since, _) => update_fix(*since),
        // The service's objects have none of the others; their ghosts word them in place.
        _ => Fix::words(String::new()),
    }
}

/// Updating the rack to release `since` (words only: the tool cannot do it).
pub(super) fn update_fix(since: RackVersion) -> Fix {
    Fix::words(format!(
        "update the rack to {since} or later (convox rack update, one minor release at a time)"
    ))
}

/// Why an object a later release brought is not there.
pub(super) fn not_yet(ctx: &Context, since: RackVersion, what: &str) -> String {
    format!("the rack runs {}, and {what} came in rack version {since}", ctx.version())
}

/// The deciding rule of a service's ghost, in words.
pub(super) fn describe(ctx: &Context, name: &str, svc: &Service, why: &Why) -> String {
    match why {
        Why::NotYet(since, what) => not_yet(ctx, *since, what),
        Why::Agent => format!(
            "agent is true: {name} runs as a DaemonSet (one pod per node), and the rack scales and budgets only \
             Deployments"
        ),
        Why::KedaScales(key) => format!(
            "scale.{key} has KEDA scale {name}, through ScaledObject {name} (KEDA then makes its own \
             HorizontalPodAutoscaler keda-hpa-{name})"
        ),
        Why::FixedCount(n) => format!("scale.count is a fixed {n}"),
        Why::NoAutoscale if ctx.version() < V3_24_6 => "scale has no keda triggers".into(),
        Why::NoAutoscale => "scale has neither autoscale nor keda triggers".into(),
        Why::KedaOff => format!(
            "the rack has keda_enable=false, so it ignores scale.{} and {name} runs scale.count's minimum",
            if svc.scale.autoscale_enabled() { "autoscale" } else { "keda" }
        ),
        Why::NoPrometheus => "a gpuUtilization or queueDepth trigger needs Prometheus, and neither its prometheusUrl \
                              nor the rack's prometheus_url is set"
            .into(),
        Why::NoVpa => "scale has no vpa".into(),
        Why::InvalidVpa => "the rack refuses scale.vpa as written (its error says why)".into(),
        Why::NoPort => format!("{name} has no port (ports are reachable inside the cluster only)"),
        Why::Internal => format!("internal is true: {name} is reachable only inside the cluster"),
        Why::InternalRouter => format!("internalRouter is true: {name} is on the internal router"),
        Why::PublicRouter if svc.internal => {
            format!("internalRouter is not set, and internal: true keeps {name} off every router")
        }
        Why::PublicRouter => format!("internalRouter is not set: {name} is on the public router"),
        Why::PdbDisabled(key) => format!("the annotation {key}=true turns it off"),
        Why::OwnCertificate => {
            format!("certificate.id is set: TLS uses your Secret {}, not cert-manager", svc.certificate.id)
        }
        Why::NginxRouter => format!(
            "the router is nginx, and cert-manager makes {} itself from the Ingress's annotations, not from the release",
            names::certificate(name)
        ),
        Why::DomainTlsOff => {
            "the rack has convox_domain_tls_cert_disable=true: the rack-domain host gets no TLS certificate".into()
        }
        Why::InternalTlsOff => {
            "the rack has contour_internal_tls=false: internal-router hosts get no TLS certificate".into()
        }
        // The service's objects have none of the others; their ghosts word them in place.
        _ => String::new(),
    }
}

/// The pod-identity ghost of ServiceAccount `account`, whose policies are service `service`'s
/// (at `service_path`): its reason and fix.
pub(super) fn pod_identity(ctx: &Context, service: &str, account: &str, service_path: &str) -> (String, Fix) {
    let arns = "[\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"]";
    let path = format!("{service_path}.accessControl.awsPodIdentity.policyArns");
    let whose = if service == account { String::new() } else { format!(" of service {service}") };
    let reason = format!(
        "accessControl.awsPodIdentity.policyArns{whose} is not set: the rack makes no IAM role ({}) and no EKS Pod \
         Identity Association for ServiceAccount {account}",
        crate::mapping::service::secrets::pod_identity_role(ctx, account)
    );
    let fix = Fix {
        text: format!("write policyArns: {arns} under {service_path}.accessControl.awsPodIdentity (your policies' ARNs)"),
        actions: Some(vec![Action::Write { path, value: arns.into(), shorthand: false }]),
    };
    (reason, fix)
}

/// The containerized twin of an AWS-managed type, which runs in the cluster.
fn in_cluster(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "rds-postgres" => "postgres",
        "rds-mysql" => "mysql",
        "rds-mariadb" => "mariadb",
        "elasticache-redis" => "redis",
        "elasticache-memcached" => "memcached",
        _ => return None,
    })
}

/// The reason and fix of a resource's ghost.
pub(super) fn resource(ctx: &Context, o: &Owner, why: &Why) -> (String, Fix) {
    let name = o.name;
    match why {
        Why::Managed(kind) => (
            format!("type {kind} is provisioned by AWS, outside the cluster"),
            match in_cluster(kind) {
                Some(twin) => {
                    let fix = write(o, "type", twin);
                    Fix { text: format!("{} to run it in the cluster instead", fix.text), ..fix }
                }
                None => Fix::words("none: AWS runs it"),
            },
        ),
        Why::Masked(var) => (
            format!("the release env sets {var}: the rack points {name} at that URL and runs nothing in the cluster"),
            Fix::words(format!("unset {var} in the release env (convox env unset {var} -a {})", ctx.app)),
        ),
        Why::Cache(kind) => (
            format!("type {kind} is a cache: the rack runs it without a volume, so its data goes with the pod"),
            Fix::words("none: the rack gives a cache no volume (use a database type for data that must last)"),
        ),
        // A resource's rules have none of the others.
        _ => (String::new(), Fix::words(String::new())),
    }
}
