//! The Contour router (`router_type=contour`), which replaces the nginx Ingresses
//! (`releaseTemplateHTTPProxyCore`, `app/httpproxy.yml.tmpl`, `app/certificate.yml.tmpl`): for
//! each routable service, the copy of its `certificate.id` Secret, or the cert-manager
//! `Certificate`s `cert-<service>` (and `cert-<service>-domains`), then the `HTTPProxy
//! <service>` and one `HTTPProxy <service>-domain-<i>` per custom domain. nginx
//! `ingressAnnotations` are translated where Contour has an equivalent (timeouts, rate limit),
//! other ones are dropped with a warning, as the rack does.

use crate::sorted::sorted_map;
use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::crd::cert_manager::{
    Certificate, CertificateIssuerRef, CertificateSecretTemplate, CertificateSpec,
};
use super::crd::contour::{
    HttpProxy, HttpProxyRoutes, HttpProxyRoutesConditions, HttpProxyRoutesLoadBalancerPolicy,
    HttpProxyRoutesRateLimitPolicy, HttpProxyRoutesRateLimitPolicyLocal,
    HttpProxyRoutesRateLimitPolicyLocalUnit, HttpProxyRoutesServices, HttpProxyRoutesServicesProtocol,
    HttpProxyRoutesTimeoutPolicy, HttpProxySpec, HttpProxyVirtualhost, HttpProxyVirtualhostIpAllowPolicy,
    HttpProxyVirtualhostIpAllowPolicySource, HttpProxyVirtualhostTls,
};
use super::ingress::{certificate_copy, host, routed, Router};
use super::labels::{labels, top_level};
use super::{names, rules, Context, Mapped, Object, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, Service};

/// nginx annotations with no Contour equivalent, and why (the rack's `nginxUntranslatable`).
const UNTRANSLATABLE: [(&str, &str); 5] = [
    ("nginx.ingress.kubernetes.io/server-snippet", "raw nginx config has no Contour equivalent"),
    ("nginx.ingress.kubernetes.io/configuration-snippet", "raw nginx config has no Contour equivalent"),
    ("nginx.ingress.kubernetes.io/proxy-body-size", "Envoy body size is a global setting, not per-route"),
    ("nginx.ingress.kubernetes.io/proxy-buffering", "Envoy buffering is a listener setting, not per-route"),
    ("nginx.ingress.kubernetes.io/rewrite-target", "Contour only supports prefix rewrite, not regex"),
];

/// What `translateNginxAnnotations` makes of a service's `ingressAnnotations`.
#[derive(Default)]
struct Translation {
    annotations: BTreeMap<String, String>,
    timeout_response: Option<String>,
    timeout_idle: Option<u64>,
    rate_limit_rps: Option<i32>,
    incompatible: Vec<String>,
}

fn translate(annotations: &[(String, String)]) -> Translation {
    let mut t = Translation::default();
    // The rack reads them as a map: a repeated key keeps its last value.
    let map: BTreeMap<&str, &str> = sorted_map(annotations.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for (k, v) in map {
        if k.starts_with("contour.heptio.com/") {
            continue;
        }
        if !k.starts_with("nginx.ingress.kubernetes.io/") {
            t.annotations.insert(k.to_string(), v.to_string());
            continue;
        }
        if let Some((_, why)) = UNTRANSLATABLE.iter().find(|(n, _)| *n == k) {
            t.incompatible.push(format!("{k} ({why})"));
            continue;
        }
        let secs = v.strip_suffix('s').unwrap_or(v);
        match k {
            "nginx.ingress.kubernetes.io/proxy-read-timeout" => {
                if secs.parse::<i64>().is_ok() {
                    t.timeout_response = Some(format!("{secs}s"));
                }
            }
            "nginx.ingress.kubernetes.io/proxy-send-timeout"
            | "nginx.ingress.kubernetes.io/proxy-connect-timeout" => {
                if let Ok(n) = secs.parse::<u64>() {
                    t.timeout_idle = Some(t.timeout_idle.map_or(n, |prev| prev.max(n)));
                }
            }
            "nginx.ingress.kubernetes.io/limit-rps" => {
                if let Ok(n) = v.parse::<i32>() {
                    if n > 0 {
                        t.rate_limit_rps = Some(n);
                    }
                }
            }
            _ => t.incompatible.push(format!("{k} (no known Contour equivalent)")),
        }
    }
    t.incompatible.sort();
    t
}

/// Contour's backend protocol for a port scheme (`contourBackendProtocol`).
fn backend_protocol(scheme: &str) -> Option<HttpProxyRoutesServicesProtocol> {
    match scheme.to_ascii_uppercase().as_str() {
        "HTTPS" => Some(HttpProxyRoutesServicesProtocol::Tls),
        "GRPC" => Some(HttpProxyRoutesServicesProtocol::H2c),
        "GRPCS" => Some(HttpProxyRoutesServicesProtocol::H2),
        _ => None,
    }
}

/// Renders the external services' objects, then the internal router's.
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let mut copied = std::collections::BTreeSet::new();
    for (name, svc, router) in routed(manifest) {
        service(ctx, name, svc, router, &mut copied, out);
    }
}

fn service(
    ctx: &Context,
    name: &str,
    svc: &Service,
    router: Router,
    copied: &mut std::collections::BTreeSet<String>,
    out: &mut Mapped,
) {
    let source = ["services.", name].concat();
    let internal = router == Router::Internal;
    let push = |out: &mut Mapped, object: Object, role: Role, source: String, notes: Vec<String>| {
        out.push_service(name, object, role, source, notes)
    };
    let host = host(ctx, name, router);
    let domains = super::ingress::domains(name, svc, &mut out.diagnostics);
    let cert = &svc.certificate.id;
    if !cert.is_empty() && copied.insert(cert.clone()) {
        let note = format!(
            "A copy of Secret {cert} from the rack namespace, with the same data (the certificate and key, not shown \
             here); the convox.com/data-hash value is a stand-in. Compare with: kubectl get secret {cert} -n {} -o yaml",
            ctx.rack_namespace()
        );
        push(
            out,
            certificate_copy(ctx, cert).into(),
            Role::CertificateSecret,
            format!("{source}.certificate.id"),
            vec![note],
        );
    }
    let domain_tls = rules::domain_tls(ctx, internal).is_ok();
    if rules::certificate(ctx, svc, internal).is_ok() {
        let issuer = if internal { "self-signed" } else { "letsencrypt" };
        let certificate = |cert_name: String, dns_names: Vec<String>| Certificate {
            metadata: ObjectMeta {
                name: Some(cert_name.clone()),
                namespace: Some(ctx.namespace().to_string()),
                labels: Some(top_level(
                    ctx,
                    labels([
                        ("app", ctx.app.as_str()),
                        ("service", name),
                        ("system", "convox"),
                        ("type", "service"),
                    ]),
                    &[],
                )),
                ..Default::default()
            },
            spec: CertificateSpec {
                secret_name: cert_name,
                secret_template: Some(CertificateSecretTemplate {
                    labels: Some(labels([("system", "convox"), ("type", "letsencrypt-certificate")])),
                    annotations: None,
                }),
                issuer_ref: CertificateIssuerRef {
                    name: issuer.into(),
                    kind: Some("ClusterIssuer".into()),
                    group: Some("cert-manager.io".into()),
                },
                usages: Some(vec!["digital signature".into(), "key encipherment".into()]),
                duration: (!svc.certificate.duration.is_empty()).then(|| svc.certificate.duration.clone()),
                dns_names: Some(dns_names),
                ..Default::default()
            },
        };
        let note = format!("cert-manager issues it with ClusterIssuer {issuer} into Secret of the same name, which the HTTPProxy's TLS uses.");
        push(
            out,
            certificate(names::certificate(name), vec![host.clone()]).into(),
            Role::Certificate,
            source.clone(),
            vec![note.clone()],
        );
        if !domains.is_empty() {
            push(
                out,
                certificate(names::domains_certificate(name), domains.clone()).into(),
                Role::DomainsCertificate,
                format!("{source}.domain"),
                vec![note],
            );
        }
    }

    let t = translate(&svc.ingress_annotations);
    if !t.incompatible.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "service {name:?} has nginx-specific annotations with no Contour equivalent, which the contour router \
                 ignores: {}",
                t.incompatible.join("; ")
            ))
            .at(format!("{source}.ingressAnnotations")),
        );
    }
    let whitelist: Vec<String> =
        svc.whitelist.split(',').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect();
    // `cidr: {{ safe . }}`, only where the proxy has an allow list (not on the internal router).
    let cidrs: Vec<String> = if internal {
        Vec::new()
    } else {
        let mut found = Vec::new();
        let path = format!("{source}.whitelist");
        let cidrs = whitelist
            .iter()
            .map(|c| {
                super::safe::rendered(c, &path, "whitelist", "the HTTPProxy's allowed CIDR is", &mut found)
            })
            .collect();
        out.diagnostics.extend(found.into_iter().next());
        cidrs
    };
    if internal && !whitelist.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "service {name:?} sets a whitelist on the internal router; IP whitelists are not enforceable behind the \
                 internal NLB (client source addresses are not preserved) and will not be applied"
            ))
            .at(format!("{source}.whitelist")),
        );
    }
    if internal && !svc.domains.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "service {name:?} has custom domains on the internal router; HTTP01 certificate challenges require the \
                 domain to be publicly reachable"
            ))
            .at(format!("{source}.domain")),
        );
    }
    let allow: Option<Vec<HttpProxyVirtualhostIpAllowPolicy>> = (!cidrs.is_empty()).then(|| {
        let source = if ctx.profile.proxy_protocol() {
            HttpProxyVirtualhostIpAllowPolicySource::Remote
        } else {
            HttpProxyVirtualhostIpAllowPolicySource::Peer
        };
        cidrs
            .iter()
            .map(|c| HttpProxyVirtualhostIpAllowPolicy { cidr: c.clone(), source: source.clone() })
            .collect()
    });
    let idle = match t.timeout_idle {
        Some(n) if n > svc.timeout.max(0) as u64 => format!("{n}s"),
        _ => format!("{}s", svc.timeout),
    };
    let route = HttpProxyRoutes {
        conditions: Some(vec![HttpProxyRoutesConditions { prefix: Some("/".into()), ..Default::default() }]),
        enable_websockets: Some(true),
        permit_insecure: (!svc.tls.redirect).then_some(true),
        services: Some(vec![HttpProxyRoutesServices {
            name: name.to_string(),
            port: svc.port.port,
            protocol: backend_protocol(&svc.port.scheme),
            ..Default::default()
        }]),
        timeout_policy: (svc.timeout != 0).then(|| HttpProxyRoutesTimeoutPolicy {
            response: Some(t.timeout_response.clone().unwrap_or_else(|| "infinity".into())),
            idle: Some(idle),
            ..Default::default()
        }),
        rate_limit_policy: t.rate_limit_rps.map(|requests| HttpProxyRoutesRateLimitPolicy {
            local: Some(HttpProxyRoutesRateLimitPolicyLocal {
                requests,
                unit: HttpProxyRoutesRateLimitPolicyLocalUnit::Second,
                burst: None,
                response_headers_to_add: None,
                response_status_code: None,
            }),
            ..Default::default()
        }),
        load_balancer_policy: svc.sticky.then(|| HttpProxyRoutesLoadBalancerPolicy {
            strategy: Some("Cookie".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let class = if internal { "contour-internal" } else { "contour" };
    let proxy = |proxy_name: String,
                 fqdn: String,
                 secret: String,
                 labels: BTreeMap<String, String>,
                 annotations| HttpProxy {
        metadata: ObjectMeta {
            name: Some(proxy_name),
            namespace: Some(ctx.namespace().to_string()),
            labels: Some(labels),
            annotations,
            ..Default::default()
        },
        spec: HttpProxySpec {
            ingress_class_name: Some(class.into()),
            virtualhost: Some(HttpProxyVirtualhost {
                fqdn,
                tls: (!cert.is_empty() || domain_tls)
                    .then(|| HttpProxyVirtualhostTls { secret_name: Some(secret), ..Default::default() }),
                ip_allow_policy: allow.clone(),
                ..Default::default()
            }),
            routes: Some(vec![route.clone()]),
            ..Default::default()
        },
    };
    let base =
        || labels([("app", ctx.app.as_str()), ("service", name), ("system", "convox"), ("type", "service")]);
    // `app/httpproxy.yml.tmpl`: convox.com/idles and convox.com/backend-protocol first, then
    // the translated annotations (rendered with `safe`), which win on a repeated key.
    let mut annotations = labels([
        ("convox.com/idles", super::ingress::idles(ctx)),
        ("convox.com/backend-protocol", svc.port.scheme.as_str()),
    ]);
    for (k, v) in &t.annotations {
        let at = format!("{source}.ingressAnnotations.{k}");
        let what = format!("ingressAnnotations {k}");
        let lands = format!("the HTTPProxy's {k} is");
        annotations.insert(k.clone(), super::safe::rendered(v, &at, &what, &lands, &mut out.diagnostics));
    }
    let secret = if cert.is_empty() { names::certificate(name) } else { cert.clone() };
    let main = proxy(name.to_string(), host, secret, top_level(ctx, base(), &svc.labels), Some(annotations));
    let notes = vec![super::ingress::host_note(ctx, router)];
    let role = if internal { Role::InternalHttpProxy } else { Role::HttpProxy };
    push(out, main.into(), role, source.clone(), notes);
    for (i, domain) in domains.iter().enumerate() {
        let secret = if cert.is_empty() { names::domains_certificate(name) } else { cert.clone() };
        // The domain proxies carry neither the service's labels nor any annotation.
        let p =
            proxy(names::domain_proxy(name, i), domain.clone(), secret, top_level(ctx, base(), &[]), None);
        push(out, p.into(), Role::DomainHttpProxy, format!("{source}.domain"), Vec::new());
    }
}
