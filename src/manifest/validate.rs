//! `Validate()` (`pkg/manifest/validate.go`): the rack's messages verbatim, in its order
//! (configs, balancers, budget, env, resources, services, timers). The rack's `WARNING:`
//! lines become warnings without the prefix; a missing required env var is a warning with
//! the `convox env set` remedy (see the module docs of [`super`]).

use std::net::IpAddr;

use super::cx::Cx;
use super::defaults::{missing_env, VPA_MODES};
use super::model::*;
use crate::diagnostic::{Edit, Fix};
use crate::rack_version::V3_24_6;

/// `^[a-z][a-z0-9-]*$`, the rack's name rule for services, resources, timers.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `net.ParseCIDR`: an IPv4 or IPv6 address, `/`, and a prefix length in range.
fn valid_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else { return false };
    let Ok(ip) = ip.parse::<IpAddr>() else { return false };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    !bits.is_empty()
        && bits.len() <= 3
        && bits.bytes().all(|b| b.is_ascii_digit())
        && bits.parse::<u32>().is_ok_and(|b| b <= max)
}

pub(crate) fn validate(cx: &mut Cx, m: &Manifest, env: &Env, app_env: &[String], own_env: &[Vec<String>]) {
    configs(cx, m);
    balancers(cx, m);
    budget(cx, m);
    environment(cx, m, env, app_env, own_env);
    resources(cx, m);
    for s in &m.services {
        service(cx, m, &s.name, &s.value);
    }
    timers(cx, m);
    for s in &m.services {
        promote(cx, &s.name, &s.value);
    }
}

fn configs(cx: &mut Cx, m: &Manifest) {
    if let Some(i) = m.configs.iter().position(|c| c.id.is_empty()) {
        cx.error(&format!("configs[{i}]"), "configs[*].id is required");
    }
}

fn balancers(cx: &mut Cx, m: &Manifest) {
    for b in &m.balancers {
        let (name, v) = (&b.name, &b.value);
        let path = format!("balancers.{name}");
        if v.ports.is_empty() {
            cx.error(&path, format!("balancer {name} has no ports"));
        }
        if v.service.is_empty() {
            cx.error(&path, format!("balancer {name} has blank service"));
        } else if m.service(&v.service).is_none() {
            cx.error(
                &format!("{path}.service"),
                format!("balancer {name} refers to unknown service {}", v.service),
            );
        }
        for (i, w) in v.whitelist.iter().enumerate() {
            if !valid_cidr(w) {
                let p = if cx.map.contains(&format!("{path}.whitelist[{i}]")) {
                    format!("{path}.whitelist[{i}]")
                } else {
                    format!("{path}.whitelist")
                };
                cx.error(&p, format!("balancer {name} whitelist {w} is not a valid cidr range"));
            }
        }
    }
}

/// Go's `time.ParseDuration`, enough for budget's checks: seconds as f64.
fn go_duration(s: &str) -> Option<f64> {
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if n == 0 {
            return None;
        }
        let value: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..u] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[u..];
        total += value * scale;
    }
    Some(if neg { -total } else { total })
}

fn budget(cx: &mut Cx, m: &Manifest) {
    let Some(b) = &m.budget else { return };
    let auto_shutdown = b.at_cap_action.as_deref() == Some("auto-shutdown");
    if let Some(a) = &b.at_cap_action {
        if !AT_CAP_ACTIONS.contains(&a.as_str()) {
            cx.error(
                "budget.atCapAction",
                format!(
                    "budget.atCapAction must be one of \"alert-only\", \"block-new-deploys\", \"auto-shutdown\"; got \"{a}\""
                ),
            );
        }
    }
    if auto_shutdown && b.at_cap_webhook_url.as_deref().unwrap_or("").is_empty() {
        cx.error("budget.atCapAction", "budget.atCapAction \"auto-shutdown\" requires budget.atCapWebhookUrl to be set; auto-shutdown silently killing services without notification is rejected by design");
    }
    if auto_shutdown && b.monthly_cap_usd.unwrap_or(0.0) <= 0.0 {
        cx.error("budget.atCapAction", "budget.atCapAction \"auto-shutdown\" requires budget.monthlyCapUsd > 0; cannot shut down on cap breach without a cap");
    }
    if let Some(n) = b.notify_before_minutes {
        if !(5..=1440).contains(&n) {
            cx.error(
                "budget.notifyBeforeMinutes",
                format!("budget.notifyBeforeMinutes must be between 5 and 1440; got {n}"),
            );
        }
    }
    if let Some(g) = b.shutdown_grace_period.as_deref().filter(|g| !g.is_empty()) {
        match go_duration(g) {
            None => cx.error(
                "budget.shutdownGracePeriod",
                format!("budget.shutdownGracePeriod must be a Go duration string (e.g. \"5m\", \"30s\"); got \"{g}\""),
            ),
            Some(d) if !(0.0..=3600.0).contains(&d) => cx.error(
                "budget.shutdownGracePeriod",
                format!("budget.shutdownGracePeriod must be between 0s and 1h; got {g}"),
            ),
            Some(_) => {}
        }
    }
    match b.shutdown_order.as_deref() {
        None | Some("") | Some("largest-cost") | Some("newest") => {}
        Some("priority-annotation") => cx.error("budget.shutdownOrder", "budget.shutdownOrder \"priority-annotation\" reserved for a future release; use \"largest-cost\" or \"newest\""),
        Some(o) => cx.error(
            "budget.shutdownOrder",
            format!("budget.shutdownOrder must be one of \"largest-cost\", \"newest\"; got \"{o}\""),
        ),
    }
    match b.recovery_mode.as_deref() {
        None | Some("") | Some("auto-on-reset") | Some("manual") => {}
        Some("scheduled") => cx.error(
            "budget.recoveryMode",
            "budget.recoveryMode \"scheduled\" reserved for 3.25.0; use \"auto-on-reset\" or \"manual\"",
        ),
        Some(r) => cx.error(
            "budget.recoveryMode",
            format!("budget.recoveryMode must be one of \"auto-on-reset\", \"manual\"; got \"{r}\""),
        ),
    }
    if auto_shutdown {
        if m.services.is_empty() {
            cx.error("budget.atCapAction", "budget.atCapAction \"auto-shutdown\" requires at least one service in the services block; timer-only apps cannot be auto-shut. Use \"block-new-deploys\" or remove auto-shutdown.");
        } else if m.services.iter().all(|s| b.never_auto_shutdown.contains(&s.name)) {
            cx.error("budget.neverAutoShutdown", "budget.atCapAction \"auto-shutdown\" with all services listed in neverAutoShutdown leaves no services eligible; either remove a service from neverAutoShutdown or use atCapAction \"block-new-deploys\"");
        }
    }
    for (i, s) in b.never_auto_shutdown.iter().enumerate() {
        if m.service(s).is_none() {
            cx.warning(
                &format!("budget.neverAutoShutdown[{i}]"),
                format!("budget.neverAutoShutdown contains \"{s}\" which is not a service in this manifest; ignoring at runtime"),
            );
        }
    }
}

/// The quick fix of a missing variable: add it to the release environment (empty, to fill in).
fn set_env(missing: &[String]) -> Option<Fix> {
    let edits = missing.iter().map(|name| Edit::Env { name: name.clone(), value: String::new() }).collect();
    Some(Fix { title: format!("Add {} to the release environment", missing.join(", ")), edits })
}

/// The rack's `required env: A, B`, with the names listed once: in the command that sets them.
fn remedy(missing: &[String]) -> String {
    let sets: Vec<String> = missing.iter().map(|k| format!("{k}=…")).collect();
    let what = match missing.len() {
        1 => "a variable the release environment does not set".to_string(),
        n => format!("{n} variables the release environment does not set"),
    };
    format!("required env: {what}; the rack refuses to deploy until: convox env set {}", sets.join(" "))
}

/// Required env: one warning for the app-level entries, one per service for its own.
fn environment(cx: &mut Cx, m: &Manifest, env: &Env, app_env: &[String], own_env: &[Vec<String>]) {
    // Each warning sits on the first missing entry, where the user would add a default.
    let first = |list: &[String], missing: &[String]| list.iter().position(|e| missing.contains(e));
    let app_missing = missing_env(app_env, env);
    if !app_missing.is_empty() && !m.services.is_empty() {
        let i = first(app_env, &app_missing).unwrap_or_default();
        cx.warning(&format!("environment[{i}]"), remedy(&app_missing));
        cx.fix_last(set_env(&app_missing));
    }
    for (s, own) in m.services.iter().zip(own_env) {
        let path = format!("services.{}.environment", s.name);
        for (i, e) in own.iter().enumerate() {
            if e.starts_with('=') {
                cx.error(&format!("{path}[{i}]"), format!("invalid environment declaration: {e}"));
            }
        }
        let missing: Vec<String> =
            missing_env(own, env).into_iter().filter(|k| !app_missing.contains(k)).collect();
        if !missing.is_empty() {
            let i = first(own, &missing).unwrap_or_default();
            cx.warning(&format!("{path}[{i}]"), remedy(&missing));
            cx.fix_last(set_env(&missing));
        }
    }
    for (i, e) in app_env.iter().enumerate() {
        if e.starts_with('=') {
            cx.error(&format!("environment[{i}]"), format!("invalid environment declaration: {e}"));
        }
    }
}

fn resources(cx: &mut Cx, m: &Manifest) {
    for r in &m.resources {
        let path = format!("resources.{}", r.name);
        if !valid_name(&r.name) {
            cx.error(
                &path,
                format!(
                    "resource name {} invalid, must contain only lowercase alphanumeric and dashes",
                    r.name
                ),
            );
        }
        if r.value.kind.is_empty() {
            cx.error(&path, format!("resource \"{}\" has blank type", r.name));
        }
    }
}

fn service(cx: &mut Cx, m: &Manifest, name: &str, s: &Service) {
    let path = ["services.", name].concat();
    let p = |k: &str| [path.as_str(), ".", k].concat();
    if !valid_name(name) {
        cx.error(
            &path,
            format!("service name {name} invalid, must contain only lowercase alphanumeric and dashes"),
        );
    }
    let d = &s.deployment;
    if d.minimum < 0 {
        cx.error(
            &p("deployment.minimum"),
            format!("service {name} deployment minimum can not be less than 0"),
        );
    }
    if d.minimum > 100 {
        cx.error(
            &p("deployment.minimum"),
            format!("service {name} deployment minimum can not be greater than 100"),
        );
    }
    if d.maximum < 100 {
        cx.error(
            &p("deployment.maximum"),
            format!("service {name} deployment maximum can not be less than 100"),
        );
    }
    if d.maximum > 200 {
        cx.error(
            &p("deployment.maximum"),
            format!("service {name} deployment maximum can not be greater than 200"),
        );
    }
    if s.internal && s.internal_router {
        cx.error(
            &p("internalRouter"),
            format!("service {name} can not have both internal and internalRouter set as true"),
        );
    }
    for (i, r) in s.resources.iter().enumerate() {
        let rname = r.split(':').next().unwrap_or_default();
        if m.resource(rname).is_none() {
            cx.error(
                &format!("{path}.resources[{i}]"),
                format!("service {name} references a resource that does not exist: {rname}"),
            );
        }
    }
    volume_options(cx, &p("volumeOptions"), &s.volume_options);
    if let Some(ic) = &s.init_container {
        volume_options(cx, &p("initContainer.volumeOptions"), &ic.volume_options);
    }
    if let Some(sc) = &s.security_context {
        security_context(cx, name, &p("securityContext"), sc);
    }
    image_pull_secrets(cx, name, &p("imagePullSecrets"), &s.image_pull_secrets);
    config_mounts(cx, m, &p("configMounts"), &s.config_mounts);
    if let Some(ic) = &s.init_container {
        config_mounts(cx, m, &p("initContainer.configMounts"), &ic.config_mounts);
    }
    scale(cx, name, &p("scale"), s);
    if !s.domains.is_empty() && s.port.port == 0 && !cx.emptied.contains(&p("port")) {
        cx.warning(
            &p("domain"),
            format!("service {name} has a domain but no port: Convox makes no Ingress for it, so the domain is ignored (add port: <the port it listens on>)"),
        );
    }
}

/// A Kubernetes quantity in bytes, or `None` when `resource.ParseQuantity` would refuse it.
pub fn quantity(s: &str) -> Option<f64> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'));
    let (num, suffix) = s.split_at(split.unwrap_or(s.len()));
    let value: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse().ok()?),
        _ => return None,
    };
    Some(value * mult)
}

fn volume_options(cx: &mut Cx, path: &str, options: &[VolumeOption]) {
    for (i, v) in options.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        if let Some(e) = &v.empty_dir {
            let p = format!("{ip}.emptyDir");
            if e.id.is_empty() {
                cx.error(&p, "emptyDir.id is required");
            }
            if e.mount_path.is_empty() {
                cx.error(&p, "emptyDir.mountPath is required");
            }
            if !e.medium.is_empty() && e.medium != "Memory" {
                cx.error(&format!("{p}.medium"), "emptyDir.medium's allowed values: Memory");
            }
            if !e.size_limit.is_empty() && quantity(&e.size_limit).is_none() {
                cx.error(
                    &format!("{p}.sizeLimit"),
                    "emptyDir.sizeLimit is not a valid quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                );
            }
        }
        if let Some(e) = &v.aws_efs {
            let p = format!("{ip}.awsEfs");
            if e.id.is_empty() {
                cx.error(&p, "awsEfs.id is required");
            }
            if e.mount_path.is_empty() {
                cx.error(&p, "awsEfs.mountPath is required");
            }
            if !ACCESS_MODES.contains(&e.access_mode.as_str()) {
                cx.error(
                    &p,
                    "awsEfs.accessMode must be one of these values: ReadOnlyMany, ReadWriteMany, ReadWriteOnce",
                );
            }
        }
        if let Some(a) = &v.azure_files {
            let p = format!("{ip}.azureFiles");
            if a.id.is_empty() {
                cx.error(&p, "azureFiles.id is required");
            } else if !valid_name(&a.id) {
                cx.error(&format!("{p}.id"), "azureFiles.id must match ^[a-z][a-z0-9-]*$");
            }
            if a.mount_path.is_empty() {
                cx.error(&p, "azureFiles.mountPath is required");
            }
            if !ACCESS_MODES.contains(&a.access_mode.as_str()) {
                cx.error(
                    &p,
                    "azureFiles.accessMode must be one of these values: ReadOnlyMany, ReadWriteMany, ReadWriteOnce",
                );
            }
            if !a.share_size.is_empty() {
                match quantity(&a.share_size) {
                    None => cx.error(
                        &format!("{p}.shareSize"),
                        format!("azureFiles.shareSize is invalid: {}", a.share_size),
                    ),
                    Some(b) if b < 100.0 * 1024f64.powi(3) => cx.error(
                        &format!("{p}.shareSize"),
                        "azureFiles.shareSize must be at least 100Gi (Azure Premium NFS minimum)",
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

fn security_context(cx: &mut Cx, name: &str, path: &str, sc: &SecurityContext) {
    match sc.seccomp_profile.as_deref() {
        None | Some("") | Some("RuntimeDefault") | Some("Unconfined") => {}
        Some("Localhost") => cx.error(
            &format!("{path}.seccompProfile"),
            format!("service {name}: securityContext.seccompProfile: Localhost is not supported (no localhostProfile field); use RuntimeDefault or Unconfined"),
        ),
        Some(v) => cx.error(
            &format!("{path}.seccompProfile"),
            format!("service {name}: securityContext.seccompProfile: \"{v}\" is not a supported value; allowed: RuntimeDefault, Unconfined"),
        ),
    }
    for (list, caps) in [("add", &sc.capabilities_add), ("drop", &sc.capabilities_drop)] {
        for (i, c) in caps.iter().enumerate() {
            let p = format!("{path}.capabilities.{list}[{i}]");
            if let Some(bare) = c.strip_prefix("CAP_") {
                cx.error(
                    &p,
                    format!("service {name}: securityContext.capabilities.{list}: \"{c}\" must not include CAP_ prefix (use \"{bare}\")"),
                );
            } else if c.is_empty()
                || !c.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
            {
                cx.error(
                    &p,
                    format!("service {name}: securityContext.capabilities.{list}: \"{c}\" is not a valid capability name (expected uppercase letters, digits, underscores)"),
                );
            }
        }
    }
    if sc.run_as_non_root == Some(true) && sc.run_as_user == Some(0) {
        cx.error(
            path,
            format!("service {name}: securityContext: runAsNonRoot=true is incompatible with runAsUser=0"),
        );
    }
}

/// A registry host, optionally with `:port`.
fn valid_registry_host(r: &str) -> bool {
    let (host, port) = match r.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (r, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok
        && !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn image_pull_secrets(cx: &mut Cx, name: &str, path: &str, secrets: &[ImagePullSecret]) {
    for (i, s) in secrets.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let pre = format!("service {name} imagePullSecrets[{i}]");
        let r = &s.registry;
        if r.is_empty() {
            cx.error(&p, format!("{pre}: registry is required"));
        } else if r.contains("://") {
            cx.error(
                &p,
                format!("{pre}: registry \"{r}\" must not include a scheme (drop http:// or https://)"),
            );
        } else if r.contains('/') {
            cx.error(&p, format!("{pre}: registry \"{r}\" must not include a path (use the host only)"));
        } else if r.bytes().any(|b| b.is_ascii_uppercase()) {
            cx.error(&p, format!("{pre}: registry \"{r}\" must be lowercase"));
        } else if !valid_registry_host(r) {
            cx.error(&p, format!("{pre}: registry \"{r}\" is not a valid registry hostname"));
        }
        if s.username.is_empty() {
            cx.error(&p, format!("{pre}: username is required"));
        }
        let has_pw = s.password.as_deref().is_some_and(|v| !v.is_empty());
        let has_env = s.password_env.as_deref().is_some_and(|v| !v.is_empty());
        if has_pw && has_env {
            cx.error(&p, format!("{pre}: use passwordEnv to reference an env var, OR password for a literal value, not both"));
        } else if !has_pw && !has_env {
            cx.error(&p, format!("{pre}: password or passwordEnv is required"));
        }
        if !r.is_empty() {
            if let Some(j) = secrets[..i].iter().position(|o| o.registry == *r) {
                cx.error(&p, format!("{pre}: duplicate registry \"{r}\" (also declared at index {j}); each registry may be declared at most once per service"));
            }
        }
    }
}

fn config_mounts(cx: &mut Cx, m: &Manifest, path: &str, mounts: &[ConfigMount]) {
    for (i, c) in mounts.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if c.id.is_empty() {
            cx.error(&p, "configMounts[*].id is required");
        }
        if c.dir.is_empty() {
            cx.error(&p, "configMounts[*].dir is required");
        }
        if c.filename.is_empty() {
            cx.error(&p, "configMounts[*].filename is required");
        }
        if !c.id.is_empty() && !m.configs.iter().any(|cfg| cfg.id == c.id) {
            cx.error(&p, format!("config id: '{}' not found", c.id));
        }
    }
}

fn scale(cx: &mut Cx, name: &str, path: &str, s: &Service) {
    // `validateServiceScale` came in 3.24.6: an older rack checks no count.
    if cx.version < V3_24_6 {
        return;
    }
    let sc = &s.scale;
    if s.agent && (sc.autoscale_enabled() || sc.keda_enabled()) {
        cx.warning(
            path,
            format!("service \"{name}\": agent runs as DaemonSet; scale.autoscale and scale.keda configuration is ignored. Remove autoscale/keda or set agent:false to use autoscaling."),
        );
        return;
    }
    // Checked on the effective count, which ApplyDefaults resolved from count/min/max.
    let c = &sc.count;
    let pre = format!("service {name}");
    if c.min < 0 {
        cx.error(path, format!("{pre}: scale.min must be >= 0"));
    }
    if c.max < 0 {
        cx.error(path, format!("{pre}: scale.max must be >= 0"));
    }
    if c.max < c.min {
        cx.error(path, format!("{pre}: scale.max must be >= scale.min"));
    }
    let Some(a) = sc.autoscale.as_ref().filter(|a| a.is_enabled()) else { return };
    let ap = format!("{path}.autoscale");
    if c.max < 1 {
        cx.error(path, format!("{pre}: scale.max must be >= 1 when autoscale is enabled"));
    }
    if c.max == c.min && c.max >= 1 {
        cx.error(
            path,
            format!("{pre}: scale.max must be > scale.min when autoscale is enabled (ScaledObject would be a no-op)"),
        );
    }
    // The rack's invalidPercent: NaN, <= 0 or > 100 (so 0.5 passes, whatever the message says).
    let invalid_percent = |t: f64| t.is_nan() || t <= 0.0 || t > 100.0;
    if a.cpu.as_ref().is_some_and(|m| invalid_percent(m.threshold)) {
        cx.error(
            &format!("{ap}.cpu"),
            format!("{pre}: scale.autoscale.cpu.threshold must be between 1 and 100"),
        );
    }
    if a.memory.as_ref().is_some_and(|m| invalid_percent(m.threshold)) {
        cx.error(
            &format!("{ap}.memory"),
            format!("{pre}: scale.autoscale.memory.threshold must be between 1 and 100"),
        );
    }
    if let Some(g) = &a.gpu_utilization {
        if invalid_percent(g.threshold) {
            cx.error(
                &format!("{ap}.gpuUtilization"),
                format!("{pre}: scale.autoscale.gpuUtilization.threshold must be > 0 and <= 100"),
            );
        }
        if sc.gpu.count == 0 {
            cx.error(
                &format!("{ap}.gpuUtilization"),
                format!("{pre}: scale.autoscale.gpuUtilization requires scale.gpu.count >= 1"),
            );
        }
    }
    if a.queue_depth.as_ref().is_some_and(|q| q.threshold.is_nan() || q.threshold <= 0.0) {
        cx.error(
            &format!("{ap}.queueDepth"),
            format!("{pre}: scale.autoscale.queueDepth.threshold must be > 0"),
        );
    }
    for (field, mode) in [
        ("cpu", &a.cpu),
        ("memory", &a.memory),
        ("gpuUtilization", &a.gpu_utilization),
        ("queueDepth", &a.queue_depth),
    ] {
        let Some(mode) = mode else { continue };
        let fp = format!("{ap}.{field}");
        if !mode.prometheus_url.is_empty() {
            if let Err(e) = prometheus_url(&mode.prometheus_url) {
                cx.error(
                    &format!("{fp}.prometheusUrl"),
                    format!("{pre}: scale.autoscale.{field}.prometheusUrl {e}"),
                );
            }
        }
        if !mode.metric_name.is_empty() && !metric_name(&mode.metric_name) {
            cx.error(
                &format!("{fp}.metricName"),
                format!(
                    "{pre}: scale.autoscale.{field}.metricName {:?} must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$",
                    mode.metric_name
                ),
            );
        }
    }
    for (i, t) in a.custom.iter().enumerate() {
        let p = format!("{ap}.custom[{i}]");
        let n = &t.name;
        if !n.is_empty() && !valid_name(n) {
            cx.error(
                &p,
                format!("{pre}: scale.autoscale.custom[{i}].name {n:?} invalid, must contain only lowercase alphanumeric and dashes"),
            );
        }
        // Case-insensitive in the rack: CONVOX-x is reserved too. Bytes, not a `str` slice: the
        // seventh byte may be inside a character.
        if n.as_bytes().get(..7).is_some_and(|b| b.eq_ignore_ascii_case(b"convox-")) {
            cx.error(
                &p,
                format!("{pre}: scale.autoscale.custom[{i}].name: {n:?} uses reserved prefix 'convox-'"),
            );
        }
        if t.authentication_ref.as_ref().is_some_and(|r| r.kind == "ClusterTriggerAuthentication") {
            cx.error(
                &p,
                format!("{pre}: scale.autoscale.custom[{i}].authenticationRef.kind: ClusterTriggerAuthentication is not permitted"),
            );
        }
    }
    // KEDA's cpu, memory and cron scalers are always active (compared in any case).
    let can_scale_to_zero = a.gpu_utilization.is_some()
        || a.queue_depth.is_some()
        || a.custom
            .iter()
            .any(|t| !["cpu", "memory", "cron"].iter().any(|k| k.eq_ignore_ascii_case(&t.kind)));
    if c.min == 0 && !can_scale_to_zero {
        cx.error(
            &format!("{path}.min"),
            format!("{pre}: scale.min: 0 combined with only always-active autoscale triggers (cpu/memory/cron) will never scale to zero; KEDA's cpu/memory/cron scalers are always active. Add scale.autoscale.queueDepth, scale.autoscale.gpuUtilization, or a scale.autoscale.custom[] prometheus/external trigger, or raise scale.min to 1."),
        );
    }
}

/// `^[a-zA-Z_:][a-zA-Z0-9_:]*$`, Prometheus' metric name rule.
fn metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The rack's validatePrometheusURL over Go's `url.Parse` (the cases a written URL meets).
fn prometheus_url(raw: &str) -> Result<(), String> {
    let parse_error = |why: &str| Err(format!("is not a valid URL: parse {raw:?}: {why}"));
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return parse_error("net/url: invalid control character in URL");
    }
    let rest = raw.split(['?', '#']).next().unwrap_or_default();
    // A scheme is a letter then letters, digits, + - . up to the first ':'.
    let scheme = match rest.split_once(':') {
        Some(("", _)) => return parse_error("missing protocol scheme"),
        Some((s, _))
            if s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            s.to_ascii_lowercase()
        }
        _ => String::new(),
    };
    let after = if scheme.is_empty() { rest } else { &rest[scheme.len() + 1..] };
    let host = after.strip_prefix("//").map(|a| {
        let authority = a.split('/').next().unwrap_or_default();
        authority.rsplit_once('@').map_or(authority, |(_, h)| h)
    });
    if let Some(h) = host {
        // A port after the host must be digits.
        if let Some((_, port)) = h.rsplit_once(':').filter(|(h, _)| !h.ends_with(']') || h.starts_with('[')) {
            if !h.starts_with('[') && !port.bytes().all(|b| b.is_ascii_digit()) {
                return parse_error(&format!("invalid port {:?} after host", [":", port].concat()));
            }
        }
    }
    if scheme != "http" && scheme != "https" {
        return Err(format!("must use http or https scheme, got {scheme:?}"));
    }
    if host.is_none_or(str::is_empty) {
        return Err("must include a host".into());
    }
    Ok(())
}

/// What the rack checks when it renders the release (`convox deploy` fails there, after
/// Validate): the VPA's own validation, and the scale.min advisory.
fn promote(cx: &mut Cx, name: &str, s: &Service) {
    let path = format!("services.{name}.scale");
    if let Some(v) = &s.scale.vpa {
        vpa(cx, &format!("{path}.vpa"), v);
    }
    // The rack emits this as a release:manifest-advisory event.
    if !s.agent && s.scale.min == Some(0) && !s.scale.autoscale_enabled() && !s.scale.keda_enabled() {
        cx.warning(
            &format!("{path}.min"),
            "scale.min=0 without autoscale fields will keep the service at zero replicas permanently; set scale.autoscale.cpu.threshold or equivalent to enable scale-up",
        );
    }
}

/// The rack's `VPA.Validate` and `VpaObject`, messages verbatim, each at its key.
fn vpa(cx: &mut Cx, path: &str, v: &Vpa) {
    let at = |cx: &Cx, key: &str| {
        let p = format!("{path}.{key}");
        if cx.map.contains(&p) {
            p
        } else {
            path.to_string()
        }
    };
    let modes = VPA_MODES.join(", ");
    if v.update_mode.is_empty() {
        let p = at(cx, "updateMode");
        cx.error(&p, format!("vpa.updateMode is required. Allowed values: {modes}"));
    } else if !VPA_MODES.contains(&v.update_mode.as_str()) {
        let p = at(cx, "updateMode");
        cx.error(&p, format!("vpa.updateMode must be one of these values: {modes}"));
    }
    if v.cpu_only == Some(true) && v.mem_only == Some(true) {
        cx.error(path, "vpa.cpuOnly and vpa.memOnly cannot both be true");
    }
    for (key, value, unit) in [
        ("minCpu", &v.min_cpu, "m"),
        ("minMem", &v.min_mem, "Mi"),
        ("maxCpu", &v.max_cpu, "m"),
        ("maxMem", &v.max_mem, "Mi"),
    ] {
        let Some(value) = value else { continue };
        if let Err(e) = parse_quantity(&[value.as_str(), unit].concat()) {
            let p = at(cx, key);
            cx.error(&p, format!("invalid vpa.{key} value: {e}"));
        }
    }
}

const QUANTITY_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// Kubernetes' `resource.ParseQuantity`: which error it gives, if any.
fn parse_quantity(s: &str) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err(QUANTITY_FORMAT);
    }
    let b = s.as_bytes();
    let mut pos = usize::from(matches!(b[0], b'+' | b'-'));
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() {
        if matches!(b[pos], b'+' | b'-') {
            pos += 1;
        }
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos < b.len() {
            return Err(QUANTITY_FORMAT);
        }
    }
    let suffix = &s[suffix_start..];
    let known = matches!(
        suffix,
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E"
    );
    let exponent = suffix.len() > 1
        && suffix.starts_with(['e', 'E'])
        && suffix[1..].strip_prefix(['+', '-']).unwrap_or(&suffix[1..]).bytes().all(|c| c.is_ascii_digit())
        && !suffix[1..].strip_prefix(['+', '-']).unwrap_or(&suffix[1..]).is_empty();
    if known || exponent {
        Ok(())
    } else {
        Err("unable to parse quantity's suffix")
    }
}

fn timers(cx: &mut Cx, m: &Manifest) {
    let services = m.services_by_name();
    for t in &m.timers {
        let (name, v) = (&t.name, &t.value);
        let path = format!("timers.{name}");
        if !valid_name(name) {
            cx.error(
                &path,
                format!("timer name {name} invalid, must contain only lowercase alphanumeric and dashes"),
            );
        }
        if !services.contains_key(v.service.as_str()) {
            cx.error(
                &format!("{path}.service"),
                format!("timer {name} references a service that does not exist: {}", v.service),
            );
        }
        if v.schedule.contains('?') {
            cx.error(&format!("{path}.schedule"), format!("timer {name} invalid, schedule cannot contain ?"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_need_a_prefix_in_range() {
        assert!(valid_cidr("127.0.0.0/24"));
        assert!(valid_cidr("::1/128"));
        assert!(!valid_cidr("1.1.1.1"));
        assert!(!valid_cidr("1.1.1.1/33"));
    }

    #[test]
    fn go_durations_parse_like_time_parse_duration() {
        assert_eq!(go_duration("5m"), Some(300.0));
        assert_eq!(go_duration("1h30m"), Some(5400.0));
        assert_eq!(go_duration("0"), Some(0.0));
        assert_eq!(go_duration("5"), None);
        assert_eq!(go_duration("abc"), None);
    }

    #[test]
    fn parse_quantity_gives_the_apimachinery_errors() {
        assert_eq!(parse_quantity("100m"), Ok(()));
        assert_eq!(parse_quantity("m"), Ok(()));
        assert_eq!(parse_quantity("1.5Mi"), Ok(()));
        assert_eq!(parse_quantity("1e3m"), Err(QUANTITY_FORMAT));
        assert_eq!(parse_quantity("2e3"), Ok(()));
        assert_eq!(parse_quantity("100Mm"), Err("unable to parse quantity's suffix"));
        assert_eq!(parse_quantity("abcm"), Err(QUANTITY_FORMAT));
        assert_eq!(parse_quantity("1 00m"), Err(QUANTITY_FORMAT));
    }

    #[test]
    fn prometheus_urls_need_http_and_a_host() {
        assert_eq!(prometheus_url("http://prom:9090"), Ok(()));
        assert_eq!(prometheus_url("HTTPS://prom"), Ok(()));
        assert_eq!(prometheus_url("ftp://prom"), Err("must use http or https scheme, got \"ftp\"".into()));
        assert_eq!(prometheus_url("prom:9090"), Err("must use http or https scheme, got \"prom\"".into()));
        assert_eq!(prometheus_url("http:///x"), Err("must include a host".into()));
        assert_eq!(
            prometheus_url("http://prom:abc"),
            Err("is not a valid URL: parse \"http://prom:abc\": invalid port \":abc\" after host".into())
        );
        assert_eq!(
            prometheus_url(":x"),
            Err("is not a valid URL: parse \":x\": missing protocol scheme".into())
        );
    }

    #[test]
    fn metric_names_follow_prometheus() {
        assert!(metric_name("vllm:num_requests_waiting"));
        assert!(!metric_name("9lives"));
        assert!(!metric_name("a-b"));
    }

    #[test]
    fn quantities_accept_binary_and_decimal_suffixes() {
        assert_eq!(quantity("100Gi"), Some(100.0 * 1024f64.powi(3)));
        assert_eq!(quantity("1G"), Some(1e9));
        assert_eq!(quantity("lots"), None);
    }
}
