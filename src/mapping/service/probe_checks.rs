//! What the API server refuses in the probes the rack renders, reported at the convox.yml
//! value that causes it: a negative timing (`ValidateNonnegativeField`: zero is defaulted by
//! the API server, a negative number is refused) and an httpGet scheme other than HTTP or
//! HTTPS — most often a docker-compose `"80:80"`, which Convox reads as scheme `80` and port
//! 80. Only probes that are rendered are checked: a service without `port`, or with
//! `health.disable`, has no readiness probe to refuse.
//!
//! One cause, one diagnostic: health's grace and timeout default from its interval, and a
//! startupProbe copies liveness's timings, so a negative interval is reported once, at the
//! value written.

use k8s_openapi::api::core::v1::{Container, Probe};

use crate::diagnostic::Diagnostic;
use crate::manifest::Service;

/// The message's tail for a negative timing.
const NON_NEGATIVE: &str = "must be greater than or equal to 0";

/// Checks the probes `probes` rendered into `container` for service `source`
/// (`services.<name>`).
/// `own_startup_timings`: the startupProbe renders its own timings (from 3.24.1), not
/// liveness's.
pub(super) fn check(
    svc: &Service,
    container: &Container,
    source: &str,
    own_startup_timings: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = source.trim_start_matches("services.");
    let mut error =
        |path: String, message: String| diagnostics.push(Diagnostic::error(message).at_value(path));
    let readiness = container.readiness_probe.as_ref();
    let grpc = readiness.is_some_and(|p| p.grpc.is_some());
    // gRPC's readiness and liveness probes both take health's timings.
    if readiness.is_some() {
        let h = &svc.health;
        let kind = if grpc { "readiness and liveness probes'" } else { "readinessProbe's" };
        let from_interval = |value: i64, derived: i64| h.interval < 0 && value == derived;
        if h.interval < 0 {
            let mut also = Vec::new();
            if h.grace == h.interval {
                also.push("grace");
            }
            if h.timeout == h.interval - 1 {
                also.push("timeout");
            }
            let also = if also.is_empty() {
                String::new()
            } else {
                format!(", and the {} that default from it", also.join(" and "))
            };
            error(
                format!("{source}.health.interval"),
                format!(
                    "service {name} health.interval {} is negative: Kubernetes refuses the {kind} periodSeconds \
                     ({NON_NEGATIVE}){also}; write the seconds between checks, e.g. interval: 5",
                    h.interval
                ),
            );
        }
        for (key, value, field, derived) in [
            ("grace", h.grace, "initialDelaySeconds", h.interval),
            ("timeout", h.timeout, "timeoutSeconds", h.interval - 1),
        ] {
            if value < 0 && !from_interval(value, derived) {
                error(
                    format!("{source}.health.{key}"),
                    format!(
                        "service {name} health.{key} {value} is negative: Kubernetes refuses the {kind} {field} \
                         ({NON_NEGATIVE}); write a number of seconds, or leave it out for the default"
                    ),
                );
            }
        }
    }
    // A gRPC liveness probe has health's timings, or fixed ones before 3.21.5.
    let liveness = container.liveness_probe.as_ref().filter(|p| !grpc && p.grpc.is_none());
    let lv = &svc.liveness;
    let lv_timings = [
        ("grace", lv.grace, "initialDelaySeconds"),
        ("interval", lv.interval, "periodSeconds"),
        ("timeout", lv.timeout, "timeoutSeconds"),
        ("failureThreshold", lv.failure_threshold, "failureThreshold"),
    ];
    if liveness.is_some() {
        for (key, value, field) in lv_timings {
            if value < 0 {
                error(
                    format!("{source}.liveness.{key}"),
                    format!(
                        "service {name} liveness.{key} {value} is negative: Kubernetes refuses the \
                         livenessProbe's {field} ({NON_NEGATIVE}); write a positive number, or leave it out \
                         for the default"
                    ),
                );
            }
        }
    }
    if container.startup_probe.is_some() {
        let sp = &svc.startup_probe;
        let sp_timings = if own_startup_timings {
            [sp.grace, sp.interval, sp.timeout, sp.failure_threshold]
        } else {
            [lv.grace, lv.interval, lv.timeout, lv.failure_threshold]
        };
        for ((key, lv_value, field), value) in lv_timings.into_iter().zip(sp_timings) {
            if value >= 0 {
                continue;
            }
            // An unset startupProbe timing copies liveness's: the cause is liveness's value,
            // already reported when the liveness probe is rendered.
            if value == lv_value {
                if liveness.is_none() {
                    error(
                        format!("{source}.liveness.{key}"),
                        format!(
                            "service {name} liveness.{key} {value} is negative, and the startupProbe copies it: \
                             Kubernetes refuses the startupProbe's {field} ({NON_NEGATIVE}); write a positive \
                             number, or leave it out for the default"
                        ),
                    );
                }
                continue;
            }
            error(
                format!("{source}.startupProbe.{key}"),
                format!(
                    "service {name} startupProbe.{key} {value} is negative: Kubernetes refuses the startupProbe's \
                     {field} ({NON_NEGATIVE}); write a positive number, or leave it out for the default"
                ),
            );
        }
    }
    schemes(svc, source, readiness.filter(|_| !grpc), liveness, diagnostics);
}

/// An httpGet probe's scheme must be HTTP or HTTPS. A scheme that reaches no probe is only a
/// warning when it is the docker-compose form (nothing refuses it, but it means nothing).
fn schemes(
    svc: &Service,
    source: &str,
    readiness: Option<&Probe>,
    liveness: Option<&Probe>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = source.trim_start_matches("services.");
    let h = &svc.health;
    let lv = &svc.liveness;
    // (key, its scheme and port, the probe whose scheme it becomes)
    let health_from_port = h.port.scheme.is_empty();
    let candidates = [
        ("port", &svc.port.scheme, svc.port.port, readiness.filter(|_| health_from_port)),
        ("health.port", &h.port.scheme, h.port.port, readiness.filter(|_| !health_from_port)),
        ("liveness.port", &lv.port.scheme, lv.port.port, liveness.filter(|_| !lv.port.scheme.is_empty())),
    ];
    for (key, scheme, port, probe) in candidates {
        if scheme.is_empty() {
            continue;
        }
        let upper = scheme.to_ascii_uppercase();
        // "80:80" or "127.0.0.1:80:80": a docker-compose HOST:CONTAINER port.
        let compose = scheme.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let refused = probe.is_some() && upper != "HTTP" && upper != "HTTPS";
        if !refused && !compose {
            continue;
        }
        let probe_name = if key == "liveness.port" { "livenessProbe" } else { "readinessProbe" };
        let path = format!("{source}.{key}");
        let message = if compose {
            let outside =
                if key == "port" { "; the balancer or the router gives the outside port" } else { "" };
            let hint = format!("convox.yml takes the container port only: write {key}: {port}{outside}");
            if refused {
                format!(
                    "service {name} {key} \"{scheme}:{port}\": Convox reads it as scheme \"{scheme}\" and port \
                     {port}, and Kubernetes refuses the {probe_name}'s scheme \"{upper}\" (supported values: \
                     \"HTTP\", \"HTTPS\"). {hint}"
                )
            } else {
                format!("service {name} {key} \"{scheme}:{port}\": Convox reads it as scheme \"{scheme}\" and port {port}. {hint}")
            }
        } else {
            format!(
                "service {name} {key} scheme \"{scheme}\": Kubernetes refuses the {probe_name}'s scheme \"{upper}\" \
                 (supported values: \"HTTP\", \"HTTPS\"); write http or https ({key}: https:{port}), or grpc \
                 for a gRPC service"
            )
        };
        let d = if refused { Diagnostic::error(message) } else { Diagnostic::warning(message) };
        diagnostics.push(d.at_value(path));
    }
}
