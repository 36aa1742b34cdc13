//! Why-not: for each service, timer and resource, the objects the rack can create for it that
//! it does not get, each with the deciding rule in one sentence (naming the user's key and
//! value) and the fix — the convox.yml edit or rack parameter that would produce it.
//!
//! Every decision here is a [`rules`] predicate that the mapping itself calls to render the
//! object, so the two cannot disagree: this module only words the rule that failed. Kinds and
//! names come from the same naming functions as the objects. Ghosts the rack could never make
//! on this provider (KEDA, the VPA, the internal router, EKS Pod Identity off AWS) are left
//! out. The catalog turns each [`Action`] that edits convox.yml into a text edit.

use super::rules::{self, Why};
use super::{names, Concept, Context};
use crate::manifest::{Resource, Service, Timer};
use crate::profile::{self, Provider};

/// An object the rack does not create for `owner`, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Absent {
    pub concept: Concept,
    /// The convox.yml name of the service, timer or resource.
    pub owner: String,
    /// The Kubernetes kind (`EnvVar` for `TIMER_INDEX`, `PodIdentityAssociation` for the EKS
    /// association the rack makes through the AWS API).
    pub kind: &'static str,
    pub name: String,
    /// `no <Kind>: <the deciding rule>`.
    pub reason: String,
    pub fix: Fix,
}

/// What would produce the object: in words, and as actions the page can apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The edit in words: `write count: 2-10 under scale`, `convox rack params set …`.
    pub text: String,
    /// Every step the fix takes; `None` when the fix is words only (no edit the tool can
    /// make produces the object, or part of the fix is not an edit).
    pub actions: Option<Vec<Action>>,
}

/// One step of a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Write `key: value` at convox.yml `path`, making the missing parents. With `shorthand`,
    /// a parent written as a scalar (`scale: 2`) is that key's short form: it is replaced.
    Write { path: String, value: String, shorthand: bool },
    /// Delete the key at `path` with its value.
    Remove { path: String },
    /// Delete the item of the list at `list` whose text starts with `prefix`.
    RemoveItem { list: String, prefix: String },
    /// Rename the key at `path` to `to`.
    RenameKey { path: String, to: &'static str },
    /// Set a rack parameter (`convox rack params set name=value`).
    Param { name: &'static str, value: &'static str },
}

/// Every absent object of `manifest` on the rack of `ctx`: services, then timers, then
/// resources, each in convox.yml order.
pub fn absent(manifest: &crate::manifest::Manifest, ctx: &Context) -> Vec<Absent> {
    let mut out = Vec::new();
    for s in &manifest.services {
        service(ctx, &s.name, &s.value, &mut out);
    }
    for t in &manifest.timers {
        if let Some(svc) = manifest.service(&t.value.service) {
            timer(ctx, &t.name, &t.value, svc, &mut out);
        }
    }
    for r in &manifest.resources {
        resource(ctx, &r.name, &r.value, &mut out);
    }
    out
}

/// Whether this rack's provider has rack parameter `name` at all.
fn has_param(ctx: &Context, name: &str) -> bool {
    profile::param(name).is_some_and(|p| p.providers.contains(&ctx.profile.provider()))
}

/// One owner's ghosts, pushed with its concept and name.
struct Owner<'a> {
    concept: Concept,
    name: &'a str,
    /// `services.web`, `timers.cleanup`, `resources.database`.
    path: String,
    out: &'a mut Vec<Absent>,
}

impl Owner<'_> {
    fn push(&mut self, kind: &'static str, name: String, reason: String, fix: Fix) {
        self.push_as(kind, kind, name, reason, fix);
    }

    /// [`push`](Owner::push), the reason saying `no <what>: …`.
    fn push_as(&mut self, what: &str, kind: &'static str, name: String, reason: String, fix: Fix) {
        self.out.push(Absent {
            concept: self.concept,
            owner: self.name.to_string(),
            kind,
            name,
            reason: format!("no {what}: {reason}"),
            fix,
        });
    }

    /// `path` under the owner: `scale.count` → `services.web.scale.count`.
    fn at(&self, rest: &str) -> String {
        [self.path.as_str(), ".", rest].concat()
    }

    /// Write `value` at `rest` under the owner.
    fn write(&self, rest: &str, value: &str) -> Action {
        Action::Write { path: self.at(rest), value: value.to_string(), shorthand: false }
    }
}

/// The words of a write at `rest` (relative to the owner): `write port: 3000`, `write count:
/// 2-10 under scale`, and for deeper keys the path, `write scale.vpa.updateMode: "Off"`.
fn write_text(rest: &str, value: &str) -> String {
    match rest.split_once('.') {
        Some((parent, key)) if !key.contains('.') => format!("write {key}: {value} under {parent}"),
        _ => format!("write {rest}: {value}"),
    }
}

/// The fix that sets rack parameter `name` to `value`, or says the provider has none.
fn param_fix(ctx: &Context, name: &'static str, value: &'static str) -> Fix {
    if has_param(ctx, name) {
        Fix {
            text: format!("convox rack params set {name}={value}"),
            actions: Some(vec![Action::Param { name, value }]),
        }
    } else {
        Fix {
            text: format!(
                "{name} is a parameter of AWS racks; a {} rack has none",
                ctx.profile.provider().name()
            ),
            actions: None,
        }
    }
}

/// Joins the steps of two fixes, in order: words only if either is.
fn and(first: Fix, then: Fix) -> Fix {
    Fix {
        text: format!("{}, and {}", first.text, then.text),
        actions: first.actions.zip(then.actions).map(|(mut a, b)| {
            a.extend(b);
            a
        }),
    }
}

/// A count range from a fixed count: `2` → `2-10`; the HPA needs at least one replica.
fn count_fix(o: &Owner, svc: &Service) -> Fix {
    let low = svc.scale.count.min.max(1);
    let high = if low < 10 { 10 } else { low * 2 };
    // `scale.min`/`scale.max` override `count` (the rack's order): complete the pair instead.
    let (rest, value) = match (svc.scale.min, svc.scale.max) {
        (Some(_), _) => ("scale.max", high.to_string()),
        (None, Some(_)) => ("scale.min", low.to_string()),
        (None, None) => ("scale.count", format!("{low}-{high}")),
    };
    let shorthand = rest == "scale.count";
    Fix {
        text: write_text(rest, &value),
        actions: Some(vec![Action::Write { path: o.at(rest), value, shorthand }]),
    }
}

fn service(ctx: &Context, name: &str, svc: &Service, out: &mut Vec<Absent>) {
    let mut o = Owner { concept: Concept::Service, name, path: ["services.", name].concat(), out };
    let fixed = svc.scale.count.min == svc.scale.count.max;
    let agent = |o: &Owner| Fix {
        text: format!("remove agent: true ({name} then runs as a Deployment)"),
        actions: Some(vec![Action::Remove { path: o.at("agent") }]),
    };
    let agent_reason =
        format!("agent is true: {name} runs as a DaemonSet (one pod per node), and the rack scales and budgets only Deployments");

    if let Err(why) = rules::autoscaler(svc) {
        let (reason, fix) = match why {
            Why::Agent => {
                (agent_reason.clone(), if fixed { and(agent(&o), count_fix(&o, svc)) } else { agent(&o) })
            }
            Why::KedaScales(key) => {
                let remove = Fix {
                    text: format!("remove scale.{key} to scale on the rack's own HorizontalPodAutoscaler"),
                    actions: Some(vec![Action::Remove { path: o.at(&["scale.", key].concat()) }]),
                };
                (
                    format!(
                        "scale.{key} has KEDA scale {name}, through ScaledObject {name} (KEDA then makes its own \
                         HorizontalPodAutoscaler keda-hpa-{name})"
                    ),
                    if fixed { and(remove, count_fix(&o, svc)) } else { remove },
                )
            }
            why => (describe(name, svc, &why), count_fix(&o, svc)),
        };
        o.push("HorizontalPodAutoscaler", name.to_string(), reason, fix);
    }

    match rules::scaled_object(ctx, svc) {
        Ok(()) => {}
        // KEDA is an AWS rack's: elsewhere no service could have a ScaledObject.
        Err(Why::NoAutoscale) if !has_param(ctx, "keda_enable") => {}
        Err(why) => {
            // Autoscaling on CPU, with a range and KEDA on the rack.
            let autoscale = |o: &Owner| {
                let mut fix = Fix {
                    text: write_text("scale.autoscale.cpu.threshold", "70"),
                    actions: Some(vec![o.write("scale.autoscale.cpu.threshold", "70")]),
                };
                if fixed {
                    fix = and(fix, count_fix(o, svc));
                }
                if !ctx.profile.keda() {
                    fix = and(fix, param_fix(ctx, "keda_enable", "true"));
                }
                fix
            };
            let fix = match &why {
                Why::Agent if svc.scale.autoscale_enabled() || svc.scale.keda_enabled() => agent(&o),
                Why::Agent => and(agent(&o), autoscale(&o)),
                Why::NoAutoscale => autoscale(&o),
                Why::KedaOff => param_fix(ctx, "keda_enable", "true"),
                Why::NoPrometheus => Fix {
                    text: "convox rack params set prometheus_url=<your Prometheus URL>, or write prometheusUrl in the \
                           trigger"
                        .into(),
                    actions: None,
                },
                _ => count_fix(&o, svc),
            };
            let mut reason = describe(name, svc, &why);
            if let Why::FixedCount(_) = why {
                reason.push_str(", and KEDA scales only within a range");
            }
            o.push("ScaledObject", name.to_string(), reason, fix);
        }
    }

    match rules::vertical_autoscaler(svc) {
        Ok(()) => {}
        Err(Why::NoVpa) if has_param(ctx, "vpa_enable") => {
            let mut fix = Fix {
                text: format!(
                    "{} (recommendations only; Initial or Recreate apply them)",
                    write_text("scale.vpa.updateMode", "\"Off\"")
                ),
                actions: Some(vec![o.write("scale.vpa.updateMode", "\"Off\"")]),
            };
            if !ctx.profile.vpa() {
                fix = and(fix, param_fix(ctx, "vpa_enable", "true"));
            }
            o.push("VerticalPodAutoscaler", name.to_string(), describe(name, svc, &Why::NoVpa), fix);
        }
        Err(Why::NoVpa) => {}
        Err(why) => {
            let fix = Fix { text: "correct scale.vpa as its error says".into(), actions: None };
            o.push("VerticalPodAutoscaler", name.to_string(), describe(name, svc, &why), fix);
        }
    }

    let port_fix = |o: &Owner| Fix {
        text: format!("{} (the port {name} listens on)", write_text("port", "3000")),
        actions: Some(vec![o.write("port", "3000")]),
    };
    if let Err(why) = rules::cluster_service(svc) {
        let reason = format!("{name} has neither port nor ports: nothing in the cluster reaches it by name");
        debug_assert_eq!(why, Why::NoPort);
        o.push("Service", name.to_string(), reason, port_fix(&o));
    }

    let contour = ctx.profile.contour();
    let route_kind = if contour { "HTTPProxy" } else { "Ingress" };
    let public = rules::public_route(svc);
    if let Err(why) = &public {
        let fix = match why {
            Why::Internal => Fix {
                text: write_text("internal", "false"),
                actions: Some(vec![o.write("internal", "false")]),
            },
            Why::InternalRouter => Fix {
                text: write_text("internalRouter", "false"),
                actions: Some(vec![o.write("internalRouter", "false")]),
            },
            _ => port_fix(&o),
        };
        o.push(route_kind, name.to_string(), describe(name, svc, why), fix);
    }
    // The internal router's ghost only where the router is the reason (no port says it once,
    // above), on a rack that can have one.
    let internal = rules::internal_route(svc);
    if let (Err(why @ Why::PublicRouter), true) = (&internal, has_param(ctx, "internal_router")) {
        let mut fix = Fix {
            text: write_text("internalRouter", "true"),
            actions: Some(vec![o.write("internalRouter", "true")]),
        };
        if !ctx.profile.internal_router() {
            fix = and(fix, param_fix(ctx, "internal_router", "true"));
        }
        let internal_name = if contour { name.to_string() } else { names::internal_ingress(name) };
        let what = format!("{route_kind} on the internal router");
        o.push_as(&what, route_kind, internal_name, describe(name, svc, why), fix);
    }

    // A Certificate only for a routed service (the missing route says the rest), on a rack that
    // can have the contour router.
    let routed = public.is_ok() || internal.is_ok();
    if routed && has_param(ctx, "router_type") {
        if let Err(why) = rules::certificate(ctx, svc, public.is_err()) {
            let fix = match &why {
                Why::OwnCertificate => {
                    let remove = Fix {
                        text: "remove certificate.id".into(),
                        actions: Some(vec![Action::Remove { path: o.at("certificate.id") }]),
                    };
                    if contour {
                        remove
                    } else {
                        and(remove, param_fix(ctx, "router_type", "contour"))
                    }
                }
                Why::NginxRouter => param_fix(ctx, "router_type", "contour"),
                Why::DomainTlsOff => param_fix(ctx, "convox_domain_tls_cert_disable", "false"),
                _ => param_fix(ctx, "contour_internal_tls", "true"),
            };
            o.push("Certificate", names::certificate(name), describe(name, svc, &why), fix);
        }
    }

    if let Err(why) = rules::disruption_budget(svc) {
        let fix = match &why {
            Why::PdbDisabled(key) => Fix {
                text: format!("remove the annotation {key}=true"),
                actions: Some(vec![Action::RemoveItem {
                    list: o.at("annotations"),
                    prefix: format!("{key}="),
                }]),
            },
            _ => agent(&o),
        };
        let reason = match &why {
            Why::Agent => agent_reason.clone(),
            why => describe(name, svc, why),
        };
        o.push("PodDisruptionBudget", name.to_string(), reason, fix);
    }

    volumes(ctx, &mut o, svc);

    if let Err(why @ Why::NoPolicyArns) = rules::pod_identity(ctx, svc) {
        let (reason, fix) = pod_identity(ctx, name, name, &o.path, &why);
        o.push("PodIdentityAssociation", name.to_string(), reason, fix);
    }
}

/// Claims a service's volumes do not get: the PersistentVolume of an `awsEfs` volume without
/// a handle, and a claim for each `emptyDir` volume where the provider has shared volumes.
fn volumes(ctx: &Context, o: &mut Owner, svc: &Service) {
    let name = o.name;
    let provider = ctx.profile.provider();
    for (i, option) in svc.volume_options.iter().enumerate() {
        let at = format!("volumeOptions[{i}]");
        if let Some(efs) = &option.aws_efs {
            if let Err(why) = rules::efs_volume(efs) {
                debug_assert_eq!(why, Why::NoVolumeHandle);
                let claim = names::efs_claim(name, &efs.id);
                let rest = format!("{at}.awsEfs.volumeHandle");
                o.push(
                    "PersistentVolume",
                    names::efs_volume(ctx, name, &efs.id),
                    format!(
                        "{at}.awsEfs has no volumeHandle: the EFS CSI driver provisions claim {claim} on the rack's file \
                         system (storage class efs-sc), with no PersistentVolume of the release"
                    ),
                    Fix {
                        text: format!(
                            "{} to bind a path of the rack's file system ([APP] and [SERVICE] are replaced; a handle \
                             with `:` names another file system)",
                            write_text(&rest, "/[APP]/[SERVICE]")
                        ),
                        actions: Some(vec![o.write(&rest, "/[APP]/[SERVICE]")]),
                    },
                );
            }
        }
        let Some(ed) = &option.empty_dir else { continue };
        let (kind_key, claim, param) = match provider {
            Provider::Aws => ("awsEfs", names::efs_claim(name, &ed.id), "efs_csi_driver_enable"),
            Provider::Azure => ("azureFiles", names::azure_files_claim(name, &ed.id), "azure_files_enable"),
            _ => continue,
        };
        let mut fix = Fix {
            text: format!("write {kind_key} instead of emptyDir in {at}, with accessMode: ReadWriteMany"),
            actions: Some(vec![
                Action::RenameKey { path: o.at(&format!("{at}.emptyDir")), to: kind_key },
                o.write(&format!("{at}.emptyDir.accessMode"), "ReadWriteMany"),
            ]),
        };
        let on = if provider == Provider::Aws { ctx.profile.efs() } else { ctx.profile.azure_files() };
        if !on {
            fix = and(fix, param_fix(ctx, param, "true"));
        }
        o.push(
            "PersistentVolumeClaim",
            claim,
            format!("{at} is an emptyDir: its files live and die with each pod"),
            fix,
        );
    }
}

/// The pod-identity ghost of ServiceAccount `account`, whose policies are service `service`'s.
fn pod_identity(ctx: &Context, service: &str, account: &str, service_path: &str, why: &Why) -> (String, Fix) {
    debug_assert_eq!(why, &Why::NoPolicyArns);
    let arns = "[\"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"]";
    let path = format!("{service_path}.accessControl.awsPodIdentity.policyArns");
    let whose = if service == account { String::new() } else { format!(" of service {service}") };
    (
        format!(
            "accessControl.awsPodIdentity.policyArns{whose} is not set: the rack makes no IAM role ({}) and no EKS Pod \
             Identity Association for ServiceAccount {account}",
            super::service::secrets::pod_identity_role(ctx, account)
        ),
        Fix {
            text: format!("write policyArns: {arns} under {service_path}.accessControl.awsPodIdentity (your policies' ARNs)"),
            actions: Some(vec![Action::Write { path, value: arns.into(), shorthand: false }]),
        },
    )
}

fn timer(ctx: &Context, name: &str, timer: &Timer, svc: &Service, out: &mut Vec<Absent>) {
    let mut o = Owner { concept: Concept::Timer, name, path: ["timers.", name].concat(), out };
    if let Err(Why::SinglePod(n)) = rules::timer_index(timer) {
        let count = if n > 0 { format!("parallelCount is {n}") } else { "parallelCount is not set".into() };
        o.push_as(
            "TIMER_INDEX",
            "EnvVar",
            "TIMER_INDEX".into(),
            format!("{count}: each run is one pod, not an Indexed Job, so its pods get no index"),
            Fix {
                text: write_text("parallelCount", "2"),
                actions: Some(vec![o.write("parallelCount", "2")]),
            },
        );
    }
    if let Err(why @ Why::NoPolicyArns) = rules::pod_identity(ctx, svc) {
        let account = ["timer-", name].concat();
        let (reason, fix) =
            pod_identity(ctx, &timer.service, &account, &format!("services.{}", timer.service), &why);
        o.push("PodIdentityAssociation", account, reason, fix);
    }
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

fn resource(ctx: &Context, name: &str, r: &Resource, out: &mut Vec<Absent>) {
    let mut o = Owner { concept: Concept::Resource, name, path: ["resources.", name].concat(), out };
    let object = names::resource_object(name);
    let fix_for = |o: &Owner, why: &Why| match why {
        Why::Managed(kind) => match in_cluster(kind) {
            Some(twin) => Fix {
                text: format!("{} to run it in the cluster instead", write_text("type", twin)),
                actions: Some(vec![o.write("type", twin)]),
            },
            None => Fix { text: String::new(), actions: None },
        },
        Why::Masked(var) => Fix {
            text: format!("unset {var} in the release env (convox env unset {var} -a {})", ctx.app),
            actions: None,
        },
        _ => Fix {
            text: "none: the rack gives a cache no volume (use a database type for data that must last)"
                .into(),
            actions: None,
        },
    };
    let reason = |why: &Why| match why {
        Why::Managed(kind) => format!("type {kind} is provisioned by AWS, outside the cluster"),
        Why::Masked(var) => {
            format!("the release env sets {var}: the rack points {name} at that URL and runs nothing in the cluster")
        }
        Why::Cache(kind) => format!(
            "type {kind} is a cache: the rack runs it without a volume, so its data goes with the pod"
        ),
        _ => String::new(),
    };
    match rules::resource_workload(ctx, name, r) {
        Ok(()) => {}
        Err(Why::UnknownType) => return,
        Err(why) => {
            o.push("Deployment", object.clone(), reason(&why), fix_for(&o, &why));
            o.push("Service", object.clone(), reason(&why), fix_for(&o, &why));
        }
    }
    match rules::resource_claim(ctx, name, r) {
        Ok(()) | Err(Why::UnknownType) => {}
        // A managed cache has no claim in any form.
        Err(Why::Managed(kind)) if kind.starts_with("elasticache-") => {}
        Err(why) => o.push("PersistentVolumeClaim", object, reason(&why), fix_for(&o, &why)),
    }
}

/// The deciding rule of a service's ghost, in words.
fn describe(name: &str, svc: &Service, why: &Why) -> String {
    match why {
        Why::FixedCount(n) => format!("scale.count is a fixed {n}"),
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
        Why::Agent => format!("agent is true: {name} runs as a DaemonSet"),
        // The service predicates return none of the others.
        other => format!("{other:?}"),
    }
}
