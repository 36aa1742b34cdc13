//! `balancers:` entries become Services `balancer-<name>` of type LoadBalancer (an AWS NLB)
//! that select the target service's pods (`balancer.yml.tmpl`).

use crate::sorted::sorted_map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{labels, Concept, Context, Generated, Mapped, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Balancer, Manifest};

/// Annotations the template always writes before the user's own.
const ALWAYS: [(&str, &str); 2] = [
    ("service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout", "3600"),
    ("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"),
];

/// Protocols the API server accepts on a Service port.
const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// Pushes one LoadBalancer Service per balancer that has a service and ports; validation
/// reports the others.
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    for named in &manifest.balancers {
        let b = &named.value;
        if b.service.is_empty() || b.ports.is_empty() {
            continue;
        }
        let source = format!("balancers.{}", named.name);
        let name = super::names::balancer(&named.name);
        if !is_dns_label(&name) {
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "balancer {}: Service name {name} is not a valid DNS label (lowercase letters, digits \
                     and '-', at most 63 characters); Kubernetes would reject it",
                    named.name
                ))
                .at(&source),
            );
            continue;
        }
        let ports = ports(&named.name, b, &source, out);
        if ports.is_empty() {
            continue;
        }
        let mut notes = vec![
            "The two AWS annotations (NLB, 3600 s idle timeout) are always added; user annotations \
             follow and may override them."
                .to_string(),
            "Carries only app-level labels, not the target service's labels.".into(),
            format!(
                "Selects pods by {{service: {}, type: service}} only: no release label, so pods of the \
                 previous release keep receiving traffic during a rollout.",
                b.service
            ),
        ];
        if manifest.service(&b.service).is_some_and(|s| s.agent) {
            notes.push("The target is an agent: the NLB reaches one pod per node.".into());
        }
        let mut annotations: BTreeMap<String, String> =
            sorted_map(ALWAYS.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        for (k, v) in &b.annotations {
            annotations.insert(k.clone(), v.clone());
        }
        // App-level labels first so the template's own keys win on a clash.
        let mut base: BTreeMap<String, String> = sorted_map(manifest.labels.iter().cloned());
        base.extend(labels::labels([
            ("balancer", named.name.as_str()),
            ("service", b.service.as_str()),
            ("type", "balancer"),
        ]));
        let service = Service {
            metadata: ObjectMeta {
                name: Some(name),
                namespace: Some(ctx.namespace().to_string()),
                annotations: Some(annotations),
                labels: Some(labels::top_level(ctx, base, &[])),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                type_: Some("LoadBalancer".into()),
                external_traffic_policy: Some("Cluster".into()),
                load_balancer_source_ranges: (!b.whitelist.is_empty()).then(|| b.whitelist.clone()),
                selector: Some(labels::labels([("service", b.service.as_str()), ("type", "service")])),
                ports: Some(ports),
                ..Default::default()
            }),
            ..Default::default()
        };
        out.objects.push(Generated {
            object: service.into(),
            role: Role::Balancer,
            concept: Concept::Balancer,
            owner: Some(named.name.clone()),
            source,
            notes,
        });
    }
}

/// The balancer's ports. Ports out of range are left out: the manifest's checks report them
/// at their values. A port without a target gets the listen port, as the API server defaults
/// `targetPort: 0`.
fn ports(balancer: &str, b: &Balancer, source: &str, out: &mut Mapped) -> Vec<ServicePort> {
    let mut ports = Vec::new();
    for p in &b.ports {
        let path = format!("{source}.ports.{}", p.listen);
        let in_range = |n: i64| i32::try_from(n).ok().filter(|n| (1..=65535).contains(n));
        let Some(listen) = p.listen.parse::<i64>().ok().and_then(in_range) else { continue };
        let target = if p.target == 0 { Some(listen) } else { in_range(p.target) };
        let Some(target) = target else { continue };
        // The map form passes the protocol through verbatim; empty renders null (k8s: TCP).
        let protocol = (!p.protocol.is_empty()).then(|| p.protocol.clone());
        if let Some(proto) = &protocol {
            if !PROTOCOLS.contains(&proto.as_str()) {
                out.diagnostics.push(
                    Diagnostic::error(format!(
                        "balancer {balancer}: protocol {proto} is passed through verbatim and Kubernetes \
                         only accepts TCP, UDP or SCTP (upper case)"
                    ))
                    .at_value(format!("{path}.protocol")),
                );
                continue;
            }
        }
        ports.push(ServicePort {
            name: Some(p.listen.clone()),
            port: listen,
            protocol,
            target_port: Some(IntOrString::Int(target)),
            ..Default::default()
        });
    }
    ports
}

/// RFC 1035 label, what a Service name must be.
fn is_dns_label(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{BalancerPort, Named};
    use crate::mapping::Object;

    fn check(balancers: Vec<(&str, Balancer)>, app_labels: &[(&str, &str)], check: impl Fn(&Mapped)) {
        let manifest = Manifest {
            balancers: balancers.into_iter().map(|(n, b)| Named { name: n.into(), value: b }).collect(),
            labels: app_labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            ..Manifest::default()
        };
        let mut out = Mapped::default();
        render(&manifest, &Context::default(), &mut out);
        check(&out);
    }

    fn port(listen: &str, target: i64, protocol: &str) -> BalancerPort {
        BalancerPort { listen: listen.into(), target, protocol: protocol.into() }
    }

    fn tcp_lb() -> Balancer {
        Balancer {
            service: "worker".into(),
            ports: vec![port("5000", 3001, "TCP"), port("5002", 3002, "")],
            whitelist: vec!["10.0.0.0/16".into()],
            annotations: vec![("example.com/a".into(), "b".into())],
        }
    }

    fn service(g: &Generated) -> &Service {
        match &g.object {
            Object::Service(s) => s,
            other => panic!("expected a Service, got {}", other.kind()),
        }
    }

    #[test]
    fn balancer_renders_load_balancer_service_selecting_service_pods() {
        check(vec![("tcp-lb", tcp_lb())], &[], |out| {
            assert!(out.diagnostics.is_empty());
            let s = service(&out.objects[0]);
            assert_eq!(s.metadata.name.as_deref(), Some("balancer-tcp-lb"));
            let spec = s.spec.as_ref().unwrap();
            assert_eq!(spec.type_.as_deref(), Some("LoadBalancer"));
            assert_eq!(spec.external_traffic_policy.as_deref(), Some("Cluster"));
            assert_eq!(spec.selector, Some(labels::labels([("service", "worker"), ("type", "service")])));
            assert_eq!(spec.load_balancer_source_ranges, Some(vec!["10.0.0.0/16".to_string()]));
        });
    }

    #[test]
    fn balancer_ports_are_named_after_the_listen_port() {
        check(vec![("tcp-lb", tcp_lb())], &[], |out| {
            let ports = service(&out.objects[0]).spec.clone().unwrap().ports.unwrap();
            assert_eq!(ports[0].name.as_deref(), Some("5000"));
            assert_eq!(ports[0].port, 5000);
            assert_eq!(ports[0].target_port, Some(IntOrString::Int(3001)));
            assert_eq!(ports[0].protocol.as_deref(), Some("TCP"));
            assert_eq!(ports[1].protocol, None);
        });
    }

    #[test]
    fn balancer_always_gets_nlb_and_idle_timeout_annotations() {
        check(vec![("tcp-lb", tcp_lb())], &[], |out| {
            let a = service(&out.objects[0]).metadata.annotations.clone().unwrap();
            assert_eq!(a["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
            assert_eq!(a["service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout"], "3600");
            assert_eq!(a["example.com/a"], "b");
        });
    }

    #[test]
    fn balancer_labels_include_app_level_labels_and_applied_labels() {
        check(vec![("tcp-lb", tcp_lb())], &[("team", "platform")], |out| {
            let l = service(&out.objects[0]).metadata.labels.clone().unwrap();
            assert_eq!(l["balancer"], "tcp-lb");
            assert_eq!(l["service"], "worker");
            assert_eq!(l["type"], "balancer");
            assert_eq!(l["team"], "platform");
            assert_eq!(l["release"], "RABC1234DEF");
        });
    }

    #[test]
    fn balancer_without_service_or_ports_is_skipped() {
        let no_ports = Balancer { ports: vec![], ..tcp_lb() };
        let no_service = Balancer { service: String::new(), ..tcp_lb() };
        check(vec![("a", no_ports), ("b", no_service)], &[], |out| {
            assert!(out.objects.is_empty());
            assert!(out.diagnostics.is_empty());
        });
    }

    #[test]
    fn lowercase_protocol_is_an_error_and_the_port_is_dropped() {
        let b = Balancer { ports: vec![port("53", 53, "udp"), port("80", 8080, "TCP")], ..tcp_lb() };
        check(vec![("dns", b)], &[], |out| {
            assert_eq!(out.diagnostics.len(), 1);
            assert_eq!(out.diagnostics[0].path.as_deref(), Some("balancers.dns.ports.53.protocol"));
            let ports = service(&out.objects[0]).spec.clone().unwrap().ports.unwrap();
            assert_eq!(ports.len(), 1);
        });
    }

    #[test]
    fn ports_out_of_range_are_left_out_for_the_manifest_to_report() {
        let b = Balancer {
            ports: vec![port("http", 80, "TCP"), port("70000", 80, "TCP"), port("80", -1, "TCP")],
            ..tcp_lb()
        };
        check(vec![("web", b)], &[], |out| {
            assert!(out.objects.is_empty());
            assert!(out.diagnostics.is_empty());
        });
    }

    #[test]
    fn a_port_without_a_target_targets_its_listen_port_as_kubernetes_defaults_it() {
        let b = Balancer { ports: vec![port("8080", 0, "TCP")], ..tcp_lb() };
        check(vec![("web", b)], &[], |out| {
            let ports = service(&out.objects[0]).spec.clone().unwrap().ports.unwrap();
            assert_eq!(ports[0].target_port, Some(IntOrString::Int(8080)));
        });
    }
}
