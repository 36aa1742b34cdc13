//! Why-not: for each service, timer and resource, the objects the rack can create for it that
//! it does not get, each with the deciding rule in one sentence (naming the user's key and
//! value) and the fix — the convox.yml edit or rack parameter that would produce it.
//!
//! Every decision here is a [`rules`] predicate that the mapping itself calls to render the
//! object, so the two cannot disagree: this module only words the rules that failed
//! ([`words`]). The first failing rule is the reason; the fix mends every failing rule, so
//! applying it produces the object. Kinds and names come from the same naming functions as the
//! objects. Ghosts the rack could never make on this provider (KEDA, the VPA, the internal
//! router, EKS Pod Identity, shared volumes where it has none) are left out. The catalog turns
//! each [`Action`] that edits convox.yml into a text edit.

mod words;

use super::rules::{self, Why};
use super::{names, Concept, Context};
use crate::manifest::{Manifest, Resource, Service, Timer};
use crate::profile::{self, Provider};
use words::{count_fix, describe, mend, param_fix, write_text};

/// An object the rack does not create for `owner`, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NotCreated {
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

impl Fix {
    /// A fix in words only.
    fn words(text: impl Into<String>) -> Fix {
        Fix { text: text.into(), actions: None }
    }

    /// Joins the steps of two fixes, in order: words only if either is.
    fn and(self, then: Fix) -> Fix {
        Fix {
            text: format!("{}, and {}", self.text, then.text),
            actions: self.actions.zip(then.actions).map(|(mut a, b)| {
                a.extend(b);
                a
            }),
        }
    }
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
pub fn absent(manifest: &Manifest, ctx: &Context) -> Vec<NotCreated> {
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
    out: &'a mut Vec<NotCreated>,
}

impl Owner<'_> {
    fn push(&mut self, kind: &'static str, name: String, reason: String, fix: Fix) {
        self.push_as(kind, kind, name, reason, fix);
    }

    /// [`push`](Owner::push), the reason saying `no <what>: …`.
    fn push_as(&mut self, what: &str, kind: &'static str, name: String, reason: String, fix: Fix) {
        self.out.push(NotCreated {
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

/// The reason (the first rule) and the fix (mending every rule) of a service's ghost.
fn why_not(ctx: &Context, o: &Owner, svc: &Service, whys: &[Why]) -> (String, Fix) {
    let reason = describe(o.name, svc, &whys[0]);
    let fix = whys.iter().map(|w| mend(ctx, o, svc, w)).reduce(Fix::and).expect("a failed rule has a reason");
    (reason, fix)
}

fn service(ctx: &Context, name: &str, svc: &Service, out: &mut Vec<NotCreated>) {
    let mut o = Owner { concept: Concept::Service, name, path: ["services.", name].concat(), out };

    if let Err(whys) = rules::autoscaler(svc) {
        let (reason, mut fix) = why_not(ctx, &o, svc, &whys);
        // The HPA's floor is one replica: a range from 0 is an error of its own.
        let fixed = whys.iter().any(|w| matches!(w, Why::FixedCount(_)));
        if !fixed && svc.scale.count.min < 1 {
            fix = fix.and(count_fix(&o, svc));
        }
        o.push("HorizontalPodAutoscaler", name.to_string(), reason, fix);
    }

    match rules::scaled_object(ctx, svc) {
        Ok(()) => {}
        // KEDA is an AWS rack's: elsewhere a service that does not ask for it has no ghost.
        Err(whys) if whys.contains(&Why::NoAutoscale) && !has_param(ctx, "keda_enable") => {}
        Err(whys) => {
            let (mut reason, fix) = why_not(ctx, &o, svc, &whys);
            if let Why::FixedCount(_) = whys[0] {
                reason.push_str(", and KEDA scales only within a range");
            }
            o.push("ScaledObject", name.to_string(), reason, fix);
        }
    }

    match rules::vertical_autoscaler(svc) {
        Err(whys) if whys[0] != Why::NoVpa || has_param(ctx, "vpa_enable") => {
            let (reason, fix) = why_not(ctx, &o, svc, &whys);
            o.push("VerticalPodAutoscaler", name.to_string(), reason, fix);
        }
        _ => {}
    }

    if let Err(whys) = rules::cluster_service(svc) {
        let reason = format!("{name} has neither port nor ports: nothing in the cluster reaches it by name");
        let (_, fix) = why_not(ctx, &o, svc, &whys);
        o.push("Service", name.to_string(), reason, fix);
    }

    let contour = ctx.profile.contour();
    let route_kind = if contour { "HTTPProxy" } else { "Ingress" };
    let public = rules::public_route(svc);
    if let Err(whys) = &public {
        let (reason, fix) = why_not(ctx, &o, svc, whys);
        o.push(route_kind, name.to_string(), reason, fix);
    }
    // The internal router's ghost only where the router is the reason (no port is said once,
    // above), on a rack that can have one.
    let internal = rules::internal_route(svc);
    if let (Err(whys), true) = (&internal, has_param(ctx, "internal_router")) {
        if whys[0] == Why::PublicRouter {
            let (reason, fix) = why_not(ctx, &o, svc, whys);
            let internal_name = if contour { name.to_string() } else { names::internal_ingress(name) };
            let what = format!("{route_kind} on the internal router");
            o.push_as(&what, route_kind, internal_name, reason, fix);
        }
    }

    // A Certificate only for a routed service (the missing route says the rest), on a rack that
    // can have the contour router.
    if (public.is_ok() || internal.is_ok()) && has_param(ctx, "router_type") {
        if let Err(whys) = rules::certificate(ctx, svc, public.is_err()) {
            let (reason, fix) = why_not(ctx, &o, svc, &whys);
            o.push("Certificate", names::certificate(name), reason, fix);
        }
    }

    if let Err(whys) = rules::disruption_budget(svc) {
        let (reason, fix) = why_not(ctx, &o, svc, &whys);
        o.push("PodDisruptionBudget", name.to_string(), reason, fix);
    }

    volumes(ctx, &mut o, svc);

    if let Err(whys) = rules::pod_identity(ctx, svc) {
        if whys[0] == Why::NoPolicyArns {
            let (reason, fix) = words::pod_identity(ctx, name, name, &o.path);
            o.push("PodIdentityAssociation", name.to_string(), reason, fix);
        }
    }
}

/// Volumes a service's pods do not get: the PersistentVolume of an `awsEfs` volume without a
/// handle, and a claim for each `emptyDir` volume where the provider has shared volumes.
fn volumes(ctx: &Context, o: &mut Owner, svc: &Service) {
    let name = o.name;
    let provider = ctx.profile.provider();
    for (i, option) in svc.volume_options.iter().enumerate() {
        let at = format!("volumeOptions[{i}]");
        if let Some(efs) = &option.aws_efs {
            if rules::efs_volume(efs).is_err() {
                let claim = names::efs_claim(name, &efs.id);
                let rest = format!("{at}.awsEfs.volumeHandle");
                let reason = format!(
                    "{at}.awsEfs has no volumeHandle: the EFS CSI driver provisions claim {claim} on the rack's file \
                     system (storage class efs-sc), with no PersistentVolume of the release"
                );
                let fix = Fix {
                    text: format!(
                        "{} to bind a path of the rack's file system ([APP] and [SERVICE] are replaced; a handle \
                         with `:` names another file system)",
                        write_text(&rest, "/[APP]/[SERVICE]")
                    ),
                    actions: Some(vec![o.write(&rest, "/[APP]/[SERVICE]")]),
                };
                o.push("PersistentVolume", names::efs_volume(ctx, name, &efs.id), reason, fix);
            }
        }
        // An emptyDir where an awsEfs (or azureFiles) volume would give the service a claim.
        let Some(ed) = &option.empty_dir else { continue };
        let (key, claim, param, on) = match provider {
            Provider::Aws => {
                ("awsEfs", names::efs_claim(name, &ed.id), "efs_csi_driver_enable", ctx.profile.efs())
            }
            Provider::Azure => (
                "azureFiles",
                names::azure_files_claim(name, &ed.id),
                "azure_files_enable",
                ctx.profile.azure_files(),
            ),
            _ => continue,
        };
        let mut fix = Fix {
            text: format!("write {key} instead of emptyDir in {at}, with accessMode: ReadWriteMany"),
            actions: Some(vec![
                Action::RenameKey { path: o.at(&format!("{at}.emptyDir")), to: key },
                o.write(&format!("{at}.emptyDir.accessMode"), "ReadWriteMany"),
            ]),
        };
        if !on {
            fix = fix.and(param_fix(ctx, param, "true"));
        }
        let reason = format!("{at} is an emptyDir: its files live and die with each pod");
        o.push("PersistentVolumeClaim", claim, reason, fix);
    }
}

fn timer(ctx: &Context, name: &str, timer: &Timer, svc: &Service, out: &mut Vec<NotCreated>) {
    let mut o = Owner { concept: Concept::Timer, name, path: ["timers.", name].concat(), out };
    if let Err(whys) = rules::timer_index(timer) {
        let Why::SinglePod(n) = whys[0] else { unreachable!("timer_index has one rule") };
        let count = if n > 0 { format!("parallelCount is {n}") } else { "parallelCount is not set".into() };
        let reason = format!("{count}: each run is one pod, not an Indexed Job, so its pods get no index");
        let fix = Fix {
            text: write_text("parallelCount", "2"),
            actions: Some(vec![o.write("parallelCount", "2")]),
        };
        o.push_as("TIMER_INDEX", "EnvVar", "TIMER_INDEX".into(), reason, fix);
    }
    if let Err(whys) = rules::pod_identity(ctx, svc) {
        if whys[0] == Why::NoPolicyArns {
            let account = crate::mapping::names::timer(name);
            let (reason, fix) =
                words::pod_identity(ctx, &timer.service, &account, &format!("services.{}", timer.service));
            o.push("PodIdentityAssociation", account, reason, fix);
        }
    }
}

fn resource(ctx: &Context, name: &str, r: &Resource, out: &mut Vec<NotCreated>) {
    let mut o = Owner { concept: Concept::Resource, name, path: ["resources.", name].concat(), out };
    let object = names::resource_object(name);
    match rules::resource_workload(ctx, name, r) {
        Err(whys) if whys[0] != Why::UnknownType => {
            for kind in ["Deployment", "Service"] {
                let (reason, fix) = words::resource(ctx, &o, &whys[0]);
                o.push(kind, object.clone(), reason, fix);
            }
        }
        _ => {}
    }
    match rules::resource_claim(ctx, name, r) {
        // A managed cache has no claim in any form; a type without a template has its error.
        Err(whys) if matches!(&whys[0], Why::Managed(k) if k.starts_with("elasticache-")) => {}
        Err(whys) if whys[0] != Why::UnknownType => {
            let (reason, fix) = words::resource(ctx, &o, &whys[0]);
            o.push("PersistentVolumeClaim", object, reason, fix);
        }
        _ => {}
    }
}
