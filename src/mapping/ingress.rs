//! `ingress` owns the nginx-router objects of a release (`ingress.yml.tmpl`, `ingress-internal.yml.tmpl`): Ingress
//! `<service>` for every routable service, Ingress `<service>-internal` for `internalRouter`
//! services, and the copy of a `certificate.id` Secret the Ingress TLS points at. All external
//! Ingresses come first, then the internal ones, as the rack renders them.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule, IngressServiceBackend,
    IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::labels::{labels, top_level};
use super::pod::clamp_i32;
use super::{names, rules, safe, Concept, Context, Generated, KeptWork, Mapped, Pass, Role};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, Service, FULL};
use crate::profile::Provider;
use crate::rack_version::V3_24_6;

/// `ingressAnnotations` keys the rack drops because it sets them itself.
const RESERVED: [&str; 12] = [
    "alb.ingress.kubernetes.io/scheme",
    "cert-manager.io/cluster-issuer",
    "cert-manager.io/duration",
    "nginx.ingress.kubernetes.io/backend-protocol",
    "nginx.ingress.kubernetes.io/proxy-connect-timeout",
    "nginx.ingress.kubernetes.io/proxy-read-timeout",
    "nginx.ingress.kubernetes.io/proxy-send-timeout",
    "nginx.ingress.kubernetes.io/server-snippet",
    "nginx.ingress.kubernetes.io/affinity",
    "nginx.ingress.kubernetes.io/session-cookie-name",
    "nginx.ingress.kubernetes.io/ssl-redirect",
    "nginx.ingress.kubernetes.io/whitelist-source-range",
];

/// The router an Ingress belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Router {
    External,
    Internal,
}

/// Renders the external Ingresses, then the internal ones (with their certificate copies), for
/// the nginx router (a contour rack renders HTTPProxies instead: [`super::contour`]).
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped, kept: &mut KeptWork) {
    let mut copied = BTreeSet::new();
    for (name, svc, router) in routed(manifest) {
        // A service that copies a certificate is not one owner's work alone: the copy goes
        // with the first service naming it. The playground's first build keeps only services'
        // work (size; it analyses only until the second arrives).
        if !svc.certificate.id.is_empty() || !FULL {
            push(ctx, name, svc, router, &mut copied, out);
            continue;
        }
        let pass = match router {
            Router::External => Pass::PublicRoute,
            Router::Internal => Pass::InternalRoute,
        };
        let given = kept.remove(&(pass, name.to_string()));
        out.made_by(pass, name, given, |out| push(ctx, name, svc, router, &mut copied, out));
    }
}

/// The services a router serves, in the rack's order: every service with a port that is
/// neither `internal` nor on the internal router, then those on the internal router.
/// ([`rules::public_route`], [`rules::internal_route`]).
pub(super) fn routed(manifest: &Manifest) -> impl Iterator<Item = (&str, &Service, Router)> {
    let external = manifest.services.iter().filter(|n| rules::public_route(&n.value).is_ok());
    let internal = manifest.services.iter().filter(|n| rules::internal_route(&n.value).is_ok());
    external
        .map(|n| (n.name.as_str(), &n.value, Router::External))
        .chain(internal.map(|n| (n.name.as_str(), &n.value, Router::Internal)))
}

fn push(
    ctx: &Context,
    name: &str,
    svc: &Service,
    router: Router,
    copied: &mut BTreeSet<String>,
    out: &mut Mapped,
) {
    let source = ["services.", name].concat();
    let (role, notes) = match router {
        Router::External => (Role::Ingress, external_notes(ctx, svc)),
        Router::Internal => (
            Role::InternalIngress,
            vec![format!(
                "Needs the rack's internal router (internal_router=true); the host uses the rack's internal domain, {} here as a stand-in.",
                ctx.stand_ins.internal_domain
            )],
        ),
    };
    let annotations = annotations(ctx, name, svc, router, &mut out.diagnostics);
    let domains = domains(name, svc, &mut out.diagnostics);
    let mut notes = notes;
    let own: Vec<&str> =
        svc.annotations.iter().map(|(k, _)| k.as_str()).filter(|k| !RESERVED.contains(k)).collect();
    if ctx.version() < V3_24_6 && !own.is_empty() {
        notes.push(format!(
            "On a {} rack the Ingress carries the service's annotations ({}), as its pods do: a rack bug, fixed in \
             3.24.6, when they leave the Ingress and ingressAnnotations take their place.",
            ctx.version(),
            own.join(", ")
        ));
    }
    out.objects.push(Generated {
        object: ingress(ctx, name, svc, router, annotations, &domains).into(),
        role,
        concept: Concept::Service,
        owner: Some(name.to_string()),
        source: source.clone(),
        notes,
    });
    let id = &svc.certificate.id;
    if !id.is_empty() && copied.insert(id.clone()) {
        out.objects.push(Generated {
            object: certificate_copy(ctx, id).into(),
            role: Role::CertificateSecret,
            concept: Concept::Service,
            owner: Some(name.to_string()),
            source: format!("{source}.certificate.id"),
            notes: vec![format!(
                "A copy of Secret {id} from the rack namespace, with the same data (the certificate and key, not shown \
                 here); the convox.com/data-hash value is a stand-in. Compare with: kubectl get secret {id} -n {} -o yaml",
                ctx.rack_namespace()
            )],
        });
    }
}

/// What the notes say of a host's domain: a stand-in, or the one a rack parameter gives.
pub(super) fn host_note(ctx: &Context, router: Router) -> String {
    let app = &ctx.app;
    match (router, ctx.profile.domain()) {
        (Router::External, Some(domain)) => {
            format!("The host uses the rack's domain, {domain}, as its rack parameter gives it.")
        }
        (Router::External, None) => format!(
            "The host uses the rack's domain; {} is a stand-in. See the real hosts with: convox services -a {app}",
            ctx.stand_ins.domain
        ),
        (Router::Internal, _) => format!(
            "The host uses the rack's internal domain; {} is a stand-in. See the real hosts with: convox services -a {app}",
            ctx.stand_ins.internal_domain
        ),
    }
}

fn external_notes(ctx: &Context, svc: &Service) -> Vec<String> {
    let mut notes = vec![host_note(ctx, Router::External)];
    if svc.certificate.id.is_empty() {
        notes.push(format!(
            "cert-manager issues the TLS certificates (cluster issuer {}) into the cert-<service> Secrets.",
            cluster_issuer(ctx)
        ));
    }
    notes
}

/// `<service>.<app>.<domain>` for the router.
pub(super) fn host(ctx: &Context, name: &str, router: Router) -> String {
    let domain = match router {
        Router::External => &ctx.stand_ins.domain,
        Router::Internal => &ctx.stand_ins.internal_domain,
    };
    format!("{name}.{}.{domain}", ctx.app)
}

/// The cluster issuer of a provider's nginx Ingresses (`IngressAnnotations` in
/// `provider/<provider>/ingress.go`): `self-signed` on local and metal racks, `letsencrypt`
/// elsewhere.
pub(super) fn cluster_issuer(ctx: &Context) -> &'static str {
    match ctx.profile.provider() {
        Provider::Local | Provider::Metal => "self-signed",
        _ => "letsencrypt",
    }
}

/// `convox.com/idles`: the provider's `AppIdles` (`provider/local/app.go`: true on a local
/// rack; `provider/k8s/app.go`: false elsewhere), as a promote without `--idle` leaves it.
pub(super) fn idles(ctx: &Context) -> &'static str {
    if ctx.profile.provider() == Provider::Local {
        "true"
    } else {
        "false"
    }
}

/// The Ingress annotations, sorted: the template's own (`app/ingress.yml.tmpl` lines 7-24),
/// then `releaseTemplateIngress`'s map, which wins on a repeated key: the provider's
/// cert-manager ones (none with a `certificate.id`), then the user's annotations for the
/// Ingress ([`user_annotations`]) minus the reserved keys. The map's values are rendered with `safe`
/// ([`super::safe`]): what a character reference in one becomes is what the rack applies.
fn annotations(
    ctx: &Context,
    name: &str,
    svc: &Service,
    router: Router,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let timeout = svc.timeout.to_string();
    let scheme = svc.port.scheme.clone();
    let scheme_value = match router {
        Router::External => "internet-facing",
        Router::Internal => "internal",
    };
    let mut a = labels([
        ("alb.ingress.kubernetes.io/scheme", scheme_value),
        ("convox.com/backend-protocol", scheme.as_str()),
        ("convox.com/idles", idles(ctx)),
        ("nginx.ingress.kubernetes.io/backend-protocol", scheme.as_str()),
        ("nginx.ingress.kubernetes.io/proxy-connect-timeout", timeout.as_str()),
        ("nginx.ingress.kubernetes.io/proxy-read-timeout", timeout.as_str()),
        ("nginx.ingress.kubernetes.io/proxy-send-timeout", timeout.as_str()),
        ("nginx.ingress.kubernetes.io/ssl-redirect", if svc.tls.redirect { "true" } else { "false" }),
    ]);
    a.insert(
        "nginx.ingress.kubernetes.io/server-snippet".into(),
        format!("keepalive_timeout {timeout}s;\nclient_body_timeout {timeout}s;\n"),
    );
    if svc.sticky {
        a.insert("nginx.ingress.kubernetes.io/affinity".into(), "cookie".into());
        a.insert("nginx.ingress.kubernetes.io/session-cookie-name".into(), "CONVOXSESSION".into());
    }
    if !svc.whitelist.is_empty() {
        a.insert("nginx.ingress.kubernetes.io/whitelist-source-range".into(), svc.whitelist.clone());
    }
    // `releaseTemplateIngress`: the engine's annotations, and with a certificate.id none of
    // its cert-manager.io ones (`release.go` deletes them before the user's are merged, so a
    // user's own cert-manager.io/* annotation stays).
    let source = ["services.", name].concat();
    let mut map: Vec<(String, String, String)> = Vec::new();
    if svc.certificate.id.is_empty() {
        map.push(("cert-manager.io/cluster-issuer".into(), cluster_issuer(ctx).into(), source.clone()));
        if !svc.certificate.duration.is_empty() {
            let at = format!("{source}.certificate.duration");
            map.push(("cert-manager.io/duration".into(), svc.certificate.duration.clone(), at));
        }
    }
    for (k, v) in user_annotations(ctx, svc) {
        if !RESERVED.contains(&k.as_str()) {
            map.retain(|(key, _, _)| key != k);
            let key = if ctx.version() >= V3_24_6 { "ingressAnnotations" } else { "annotations" };
            map.push((k.clone(), v.clone(), format!("{source}.{key}.{k}")));
        }
    }
    for (k, v, at) in map {
        let what = if at.ends_with("duration") {
            "certificate.duration".to_string()
        } else {
            let key = if ctx.version() >= V3_24_6 { "ingressAnnotations" } else { "annotations" };
            format!("{key} {k}")
        };
        let value = safe::rendered(&v, &at, &what, &format!("the Ingress's {k} is"), diagnostics);
        a.insert(k, value);
    }
    a
}

/// The service's own annotations for its Ingress (`IngressAnnotationsMap`): `ingressAnnotations`
/// from 3.24.6; before, a bug gave the Ingress the service's `annotations` (those of its pods
/// and ServiceAccount) and `ingressAnnotations` went nowhere.
pub(super) fn user_annotations<'a>(ctx: &Context, svc: &'a Service) -> &'a crate::manifest::Pairs {
    if ctx.version() >= V3_24_6 {
        &svc.ingress_annotations
    } else {
        &svc.annotations
    }
}

/// A service's custom domains as the rack applies them: each rendered with `safe` (TLS hosts,
/// rules, certificate DNS names, HTTPProxy fqdns), with one diagnostic for the key.
pub(super) fn domains(name: &str, svc: &Service, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let path = format!("services.{name}.domain");
    let mut found = Vec::new();
    let out = svc
        .domains
        .iter()
        .map(|d| safe::rendered(d, &path, "domain", "the router's host is", &mut found))
        .collect();
    // One cause, one diagnostic: the first domain it changes (or breaks) speaks for the key.
    diagnostics.extend(found.into_iter().reduce(|a, b| if b.is_error() && !a.is_error() { b } else { a }));
    out
}

fn ingress(
    ctx: &Context,
    name: &str,
    svc: &Service,
    router: Router,
    annotations: BTreeMap<String, String>,
    domains: &[String],
) -> Ingress {
    let host = host(ctx, name, router);
    let cert = &svc.certificate.id;
    let mut tls = Vec::new();
    if router == Router::External && ctx.profile.domain_tls() {
        tls.push(IngressTLS {
            hosts: Some(vec![host.clone()]),
            secret_name: Some(if cert.is_empty() { names::certificate(name) } else { cert.clone() }),
        });
    }
    if !domains.is_empty() {
        tls.push(IngressTLS {
            hosts: Some(domains.to_vec()),
            secret_name: Some(if cert.is_empty() { names::domains_certificate(name) } else { cert.clone() }),
        });
    }
    let rule = |host: &str| IngressRule {
        host: Some(host.to_string()),
        http: Some(HTTPIngressRuleValue {
            paths: vec![HTTPIngressPath {
                backend: IngressBackend {
                    service: Some(IngressServiceBackend {
                        name: name.to_string(),
                        port: Some(ServiceBackendPort { number: Some(clamp_i32(svc.port.port)), name: None }),
                    }),
                    resource: None,
                },
                path: None,
                path_type: "ImplementationSpecific".into(),
            }],
        }),
    };
    let rules = std::iter::once(host.as_str()).chain(domains.iter().map(String::as_str)).map(rule).collect();
    let (object_name, class) = match router {
        Router::External => (name.to_string(), "nginx"),
        Router::Internal => (names::internal_ingress(name), "nginx-internal"),
    };
    Ingress {
        metadata: ObjectMeta {
            name: Some(object_name),
            namespace: Some(ctx.namespace().to_string()),
            annotations: Some(annotations),
            labels: Some(top_level(
                ctx,
                labels([
                    ("app", ctx.app.as_str()),
                    ("service", name),
                    ("system", "convox"),
                    ("type", "service"),
                ]),
                &svc.labels,
            )),
            ..Default::default()
        },
        spec: Some(IngressSpec {
            ingress_class_name: Some(class.into()),
            tls: (!tls.is_empty()).then_some(tls),
            rules: Some(rules),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Secret `<id>` copied into the app namespace; its data is the rack's and is not shown.
pub(super) fn certificate_copy(ctx: &Context, id: &str) -> Secret {
    Secret {
        metadata: ObjectMeta {
            name: Some(id.to_string()),
            namespace: Some(ctx.namespace().to_string()),
            annotations: Some(labels([("convox.com/data-hash", super::stand_ins::DATA_HASH)])),
            labels: Some(top_level(ctx, BTreeMap::new(), &[])),
            ..Default::default()
        },
        // The rack's copy sets no type: the API server makes it Opaque, whatever the original's.
        type_: Some("Opaque".into()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Named, ServicePort};
    use crate::mapping::Object;

    fn web() -> Service {
        let mut s =
            Service { port: ServicePort { port: 3000, scheme: "http".into() }, ..Service::defaulted() };
        s.scale.count.min = 1;
        s.scale.count.max = 1;
        s
    }

    fn check(services: Vec<(&str, Service)>) -> Mapped {
        let manifest = Manifest {
            services: services.into_iter().map(|(n, s)| Named { name: n.into(), value: s }).collect(),
            ..Default::default()
        };
        let mut out = Mapped::default();
        render(&manifest, &Context::default(), &mut out, &mut Default::default());
        out
    }

    fn ingresses(out: &Mapped) -> Vec<Ingress> {
        out.objects
            .iter()
            .filter_map(|g| match &g.object {
                Object::Ingress(i) => Some((**i).clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn only_services_with_a_port_and_not_internal_get_an_ingress() {
        let internal = Service { internal: true, ..web() };
        let worker = Service { port: ServicePort::default(), ..web() };
        let out = check(vec![("web", web()), ("worker", worker), ("db", internal)]);
        let all = ingresses(&out);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].metadata.name.as_deref(), Some("web"));
        assert_eq!(all[0].metadata.namespace.as_deref(), Some("my-rack-my-app"));
    }

    #[test]
    fn default_annotations_match_the_rack() {
        let i = &ingresses(&check(vec![("web", web())]))[0];
        let a = i.metadata.annotations.clone().unwrap();
        assert_eq!(a["alb.ingress.kubernetes.io/scheme"], "internet-facing");
        assert_eq!(a["convox.com/backend-protocol"], "http");
        assert_eq!(a["nginx.ingress.kubernetes.io/backend-protocol"], "http");
        assert_eq!(a["convox.com/idles"], "false");
        assert_eq!(a["nginx.ingress.kubernetes.io/proxy-read-timeout"], "60");
        assert_eq!(
            a["nginx.ingress.kubernetes.io/server-snippet"],
            "keepalive_timeout 60s;\nclient_body_timeout 60s;\n"
        );
        assert_eq!(a["nginx.ingress.kubernetes.io/ssl-redirect"], "true");
        assert_eq!(a["cert-manager.io/cluster-issuer"], "letsencrypt");
        assert!(!a.contains_key("nginx.ingress.kubernetes.io/affinity"));
        assert!(!a.contains_key("nginx.ingress.kubernetes.io/whitelist-source-range"));
        let l = i.metadata.labels.clone().unwrap();
        assert_eq!(
            (l["type"].as_str(), l["service"].as_str(), l["system"].as_str()),
            ("service", "web", "convox")
        );
        assert!(l.contains_key("atom"));
    }

    #[test]
    fn sticky_whitelist_duration_and_user_annotations_minus_reserved() {
        let mut svc = web();
        svc.sticky = true;
        svc.whitelist = "10.0.0.0/8".into();
        svc.certificate.duration = "2160h".into();
        svc.tls.redirect = false;
        svc.ingress_annotations = vec![
            ("nginx.ingress.kubernetes.io/limit-rps".into(), "5".into()),
            ("nginx.ingress.kubernetes.io/proxy-read-timeout".into(), "1".into()),
        ];
        let a = ingresses(&check(vec![("web", svc)]))[0].metadata.annotations.clone().unwrap();
        assert_eq!(a["nginx.ingress.kubernetes.io/affinity"], "cookie");
        assert_eq!(a["nginx.ingress.kubernetes.io/session-cookie-name"], "CONVOXSESSION");
        assert_eq!(a["nginx.ingress.kubernetes.io/whitelist-source-range"], "10.0.0.0/8");
        assert_eq!(a["cert-manager.io/duration"], "2160h");
        assert_eq!(a["nginx.ingress.kubernetes.io/ssl-redirect"], "false");
        assert_eq!(a["nginx.ingress.kubernetes.io/limit-rps"], "5");
        assert_eq!(a["nginx.ingress.kubernetes.io/proxy-read-timeout"], "60");
    }

    #[test]
    fn tls_and_rules_cover_rack_host_and_custom_domains() {
        let mut svc = web();
        svc.domains = vec!["www.example.com".into(), "example.com".into()];
        let spec = ingresses(&check(vec![("web", svc)]))[0].spec.clone().unwrap();
        assert_eq!(spec.ingress_class_name.as_deref(), Some("nginx"));
        let tls = spec.tls.unwrap();
        assert_eq!(tls[0].hosts.clone().unwrap(), vec!["web.my-app.0a1b2c3d4e5f.convox.cloud"]);
        assert_eq!(tls[0].secret_name.as_deref(), Some("cert-web"));
        assert_eq!(tls[1].hosts.clone().unwrap(), vec!["www.example.com", "example.com"]);
        assert_eq!(tls[1].secret_name.as_deref(), Some("cert-web-domains"));
        let rules = spec.rules.unwrap();
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[2].host.as_deref(), Some("example.com"));
        let path = &rules[0].http.as_ref().unwrap().paths[0];
        assert_eq!(path.path, None);
        assert_eq!(path.path_type, "ImplementationSpecific");
        let backend = path.backend.service.clone().unwrap();
        assert_eq!((backend.name.as_str(), backend.port.unwrap().number), ("web", Some(3000)));
    }

    #[test]
    fn certificate_id_replaces_cert_manager_and_copies_the_secret_once() {
        let mut svc = web();
        svc.certificate.id = "cert-abc".into();
        svc.certificate.duration = "2160h".into();
        svc.domains = vec!["example.com".into()];
        let out = check(vec![("web", svc.clone()), ("api", svc)]);
        let i = &ingresses(&out)[0];
        let a = i.metadata.annotations.clone().unwrap();
        assert!(a.keys().all(|k| !k.starts_with("cert-manager.io")));
        let tls = i.spec.clone().unwrap().tls.unwrap();
        assert!(tls.iter().all(|t| t.secret_name.as_deref() == Some("cert-abc")));
        let copies: Vec<_> = out.objects.iter().filter(|g| g.role == Role::CertificateSecret).collect();
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].object.name(), "cert-abc");
        assert_eq!(copies[0].source, "services.web.certificate.id");
    }

    #[test]
    fn internal_router_gets_internal_ingress_and_a_warning() {
        let mut svc = web();
        svc.internal_router = true;
        svc.domains = vec!["api.internal.example".into()];
        let out = check(vec![("api", svc), ("web", web())]);
        let all = ingresses(&out);
        assert_eq!(all[0].metadata.name.as_deref(), Some("web"));
        let i = &all[1];
        assert_eq!(i.metadata.name.as_deref(), Some("api-internal"));
        assert_eq!(out.objects[1].role, Role::InternalIngress);
        assert_eq!(i.metadata.annotations.as_ref().unwrap()["alb.ingress.kubernetes.io/scheme"], "internal");
        let spec = i.spec.clone().unwrap();
        assert_eq!(spec.ingress_class_name.as_deref(), Some("nginx-internal"));
        let tls = spec.tls.unwrap();
        assert_eq!(tls.len(), 1);
        assert_eq!(tls[0].secret_name.as_deref(), Some("cert-api-domains"));
        assert_eq!(spec.rules.unwrap()[0].host.as_deref(), Some("api.my-app.0a1b2c3d4e5f.convox.site"));
    }
}
