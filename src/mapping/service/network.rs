//! The ClusterIP Service `<service>` that fronts a service with a `port` or `ports`.

use k8s_openapi::api::core::v1::{Service as KService, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{meta, protocol};
use crate::manifest::Service;
use crate::mapping::labels::{labels, top_level};
use crate::mapping::pod::clamp_i32;
use crate::mapping::{rules, Context};

/// ClusterIP Service `<service>`, only with a `port` or `ports` ([`rules::cluster_service`]).
pub(super) fn cluster_service(ctx: &Context, name: &str, svc: &Service) -> Option<KService> {
    rules::cluster_service(svc).ok()?;
    let mut ports = Vec::new();
    if svc.port.port > 0 {
        ports.push(ServicePort {
            name: Some("main".into()),
            port: clamp_i32(svc.port.port),
            protocol: Some("TCP".into()),
            target_port: Some(IntOrString::String("main".into())),
            ..Default::default()
        });
    }
    for p in svc.ports.iter().filter(|p| p.port > 0) {
        let n = clamp_i32(p.port);
        ports.push(ServicePort {
            name: Some(format!("port-{n}")),
            port: n,
            protocol: protocol(&p.protocol),
            target_port: Some(IntOrString::Int(n)),
            ..Default::default()
        });
    }
    let mut metadata = meta(
        ctx,
        name,
        top_level(
            ctx,
            labels([
                ("app", ctx.app.as_str()),
                ("service", name),
                ("rack", ctx.rack.as_str()),
                ("system", "convox"),
            ]),
            &svc.labels,
        ),
    );
    metadata.annotations =
        Some(labels([("convox.com/alias", format!("{name}.{}.{}.local", ctx.app, ctx.rack).as_str())]));
    Some(KService {
        metadata,
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: Some(labels([("service", name), ("type", "service")])),
            ports: Some(ports),
            ..Default::default()
        }),
        ..Default::default()
    })
}
