//! What the rack decides from its profile before it applies anything: the promote-time checks
//! of `provider/k8s/release.go` that refuse a release (EFS, Azure Files, VPA, the internal
//! router, budget enforcement) and the settings it silently ignores (autoscaling without
//! KEDA, Prometheus triggers without a Prometheus).
//!
//! A refusal is an error with the rack's own message and the remedy; the objects are still
//! rendered as they will be once the remedy is applied, so the preview stays useful.

use super::{rules, Context, Mapped};
use crate::diagnostic::Diagnostic;
use crate::manifest::Manifest;
use crate::profile::Provider;
use crate::rack_version::{V3_24_1, V3_24_4, V3_24_5, V3_24_6};

/// The rack's message, why the release is refused, and the `convox rack params set` that
/// fixes it (or what to do where no parameter does).
fn refused(rack_message: &str, remedy: &str) -> String {
    format!(
        "{rack_message}: the rack refuses this release. {remedy}. The objects are shown as they will be once it is."
    )
}

fn enable(param: &str) -> String {
    format!("Turn it on with: convox rack params set {param}=true")
}

/// Pushes every refusal and every silently-ignored setting as a diagnostic. One cause, one
/// diagnostic: a refusal that several keys trigger is reported at the first, naming the rest.
pub fn check(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    read_not_rendered(manifest, ctx, out);
    let profile = &ctx.profile;
    let aws = profile.provider() == Provider::Aws;
    let mut efs = Vec::new();
    let mut azure = Vec::new();
    let mut internal = Vec::new();
    for s in &manifest.services {
        let base = ["services.", s.name.as_str()].concat();
        for (i, v) in s.value.volume_options.iter().enumerate() {
            if v.aws_efs.is_some() {
                efs.push(format!("{base}.volumeOptions[{i}].awsEfs"));
            }
            if v.azure_files.is_some() {
                azure.push(format!("{base}.volumeOptions[{i}].azureFiles"));
            }
        }
        // `Services.Routable().InternalRouter()`: only a service with a port needs the router.
        if s.value.internal_router && s.value.port.port > 0 {
            internal.push(format!("{base}.internalRouter"));
        }
    }
    if !efs.is_empty() && !profile.efs() {
        let remedy = if aws {
            enable("efs_csi_driver_enable")
        } else {
            format!(
                "awsEfs volumes need an AWS rack; on {} use the provider's own volumes.",
                profile.provider().name()
            )
        };
        out.error_once(&efs, refused("efs csi driver is not enabled but efs volume is specified", &remedy));
    }
    if !azure.is_empty() && !profile.azure_files() {
        let remedy = if profile.provider() == Provider::Azure {
            enable("azure_files_enable")
        } else {
            format!(
                "azureFiles volumes need an Azure rack with azure_files_enable=true; this is a {} rack",
                profile.provider().name()
            )
        };
        out.error_once(
            &azure,
            refused("azure files is not enabled but azureFiles volume is specified", &remedy),
        );
    }
    if !internal.is_empty() && !profile.internal_router() {
        let remedy = if aws {
            enable("internal_router")
        } else {
            "Only AWS racks have an internal router".to_string()
        };
        out.error_once(
            &internal,
            refused(
                "please enable the rack's internal router first: convox rack params set internal_router=true",
                &remedy,
            ),
        );
    }
    for s in &manifest.services {
        let (name, svc) = (&s.name, &s.value);
        if svc.dns_config.ndots > 0 && super::pod::nameserver(ctx).is_none() {
            out.diagnostics.push(
                Diagnostic::error(format!(
                    "dnsConfig.ndots on a rack without the convox resolver (disable_convox_resolver=true): the rack \
                     renders dnsPolicy None with no nameserver, which the API server refuses for service {name} and \
                     its timers. Remove dnsConfig, or turn the resolver back on with: convox rack params set \
                     disable_convox_resolver=false"
                ))
                .at(format!("services.{name}.dnsConfig.ndots")),
            );
        }
        let scale = ["services.", name.as_str(), ".scale"].concat();
        if svc.scale.vpa.is_some() && !profile.vpa() {
            let remedy = if aws {
                enable("vpa_enable")
            } else {
                "Only AWS racks have the Vertical Pod Autoscaler".to_string()
            };
            out.diagnostics.push(
                Diagnostic::error(refused("vpa is not enabled on the rack", &remedy))
                    .at(format!("{scale}.vpa")),
            );
        }
        // 3.23.4 to 3.24.5 refused a release with KEDA triggers on a rack without KEDA, agents
        // included; 3.24.6 made it a silent fallback to static replicas.
        if ctx.version() < V3_24_6 {
            if svc.scale.keda_enabled() && !profile.keda() {
                let remedy = if aws { enable("keda_enable") } else { "Only AWS racks have KEDA".to_string() };
                out.diagnostics.push(
                    Diagnostic::error(refused("keda is not enabled on the rack", &remedy))
                        .at(format!("{scale}.keda")),
                );
            } else if svc.scale.keda_enabled() && svc.scale.count.max <= svc.scale.count.min {
                out.diagnostics.push(keda_needs_a_range(name, &scale, svc.scale.count.min));
            }
            continue;
        }
        let wants = svc.scale.autoscale_enabled() || svc.scale.keda_enabled();
        if !wants || svc.agent {
            continue;
        }
        let key = if svc.scale.autoscale_enabled() { "autoscale" } else { "keda" };
        if !profile.keda() {
            let remedy = if aws {
                "Turn KEDA on with: convox rack params set keda_enable=true"
            } else {
                "Only AWS racks have KEDA."
            };
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "rack has keda_enable=false; autoscale ignored, using Count.Min static replicas: service {name} \
                     runs {}, with no ScaledObject and no HorizontalPodAutoscaler. {remedy}",
                    replicas(svc.scale.count.min)
                ))
                .at(format!("{scale}.{key}")),
            );
        } else if svc.scale.count.max <= svc.scale.count.min {
            // Validation reports the autoscale case; a keda-only block is skipped silently.
            if !svc.scale.autoscale_enabled() {
                out.diagnostics.push(keda_needs_a_range(name, &scale, svc.scale.count.min));
            }
        } else if profile.prometheus_url().is_empty()
            && svc.scale.autoscale.as_ref().is_some_and(|a| a.needs_prometheus())
        {
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "PROMETHEUS_URL not set; skipping KEDA prometheus trigger creation: service {name} gets no \
                     ScaledObject and runs {}. Give the trigger a prometheusUrl, or set the rack's: \
                     convox rack params set prometheus_url=http://…",
                    replicas(svc.scale.count.min)
                ))
                .at(format!("{scale}.autoscale")),
            );
        }
    }
    // `releaseTemplateBalancer`: the gate refuses every balancer.
    if profile.gates().on("balancer-disable") && !manifest.balancers.is_empty() {
        let paths: Vec<String> = manifest.balancers.iter().map(|b| format!("balancers.{}", b.name)).collect();
        out.error_once(
            &paths,
            refused(
                "balancer resource is disabled",
                "Remove balancer-disable from the rack's api_feature_gates, or route the traffic through a service port",
            ),
        );
    }
    if let Some(b) = &manifest.budget {
        let enforced = b.monthly_cap_usd.is_some_and(|v| v > 0.0)
            || b.alert_threshold_percent.is_some_and(|v| v > 0.0)
            || b.at_cap_action.as_deref().is_some_and(|a| !a.is_empty());
        if !enforced && !profile.cost_tracking() {
            out.diagnostics.push(
                Diagnostic::warning(
                    "budget settings take effect only on a rack with cost tracking; this rack has \
                     cost_tracking_enable=false, so it ignores them. Turn it on with: convox rack params set \
                     cost_tracking_enable=true",
                )
                .at("budget"),
            );
        } else if enforced && !profile.cost_tracking() {
            out.diagnostics.push(
                Diagnostic::error(
                    "convox.yml budget: block requires cost_tracking_enable=true on the rack.\n  Set on the rack \
                     first:\n    convox rack params set cost_tracking_enable=true\n  Wait ~3 min for the apply to \
                     complete, then redeploy.",
                )
                .at("budget"),
            );
        }
    }
}

/// Keys an older rack reads but whose template does not render them as later releases do: each
/// a warning at the key saying what this release does instead; and what such a rack lets
/// through that the API server refuses (later releases refuse it themselves, or mend it).
fn read_not_rendered(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let v = ctx.version();
    let mut refusals = Vec::new();
    for s in &manifest.services {
        let (name, svc) = (&s.name, &s.value);
        let at = |key: &str| format!("services.{name}.{key}");
        // 3.24.6 validates the count; before, a reversed range reaches the HPA.
        let (min, max) = (svc.scale.count.min, svc.scale.count.max);
        if v < V3_24_6 && max < min && rules::autoscaler(ctx, svc).is_ok() {
            refusals.push((
                at("scale"),
                format!(
                    "scale.count {min}-{max}: the HorizontalPodAutoscaler's maxReplicas ({max}) is below its \
                     minReplicas ({min}), which the API server refuses (spec.maxReplicas must be greater than or \
                     equal to minReplicas); a {v} rack lets it through (3.24.6 refuses it: scale.max must be >= \
                     scale.min). Write the smaller number first: {max}-{min}"
                ),
            ));
        }
        // 3.24.4 drops a `ports` entry that repeats the main port; before, the Service gets the
        // port twice.
        if v < V3_24_4 && svc.port.port > 0 {
            let tcp = |p: &str| p.is_empty() || p.eq_ignore_ascii_case("tcp");
            for (i, p) in
                svc.ports.iter().enumerate().filter(|(_, p)| p.port == svc.port.port && tcp(&p.protocol))
            {
                refusals.push((
                    format!("services.{name}.ports[{i}]"),
                    format!(
                        "port {} is also the main port: a {v} rack gives Service {name} port {} twice (main and \
                         port-{}), which the API server refuses (spec.ports: Duplicate value); rack 3.24.4 drops \
                         the repeat. Remove it from ports",
                        p.port, p.port, p.port
                    ),
                ));
            }
        }
    }
    for (path, message) in refusals {
        out.diagnostics.push(Diagnostic::error(message).at_value(path));
    }
    let mut warn =
        |path: String, message: String| out.diagnostics.push(Diagnostic::warning(message).at(path));
    for s in &manifest.services {
        let (name, svc) = (&s.name, &s.value);
        let at = |key: &str| format!("services.{name}.{key}");
        if v < V3_24_6 && !svc.ingress_annotations.is_empty() {
            warn(
                at("ingressAnnotations"),
                format!(
                    "ingressAnnotations reach no object on a {v} rack: its Ingress takes the service's annotations \
                     instead (a rack bug fixed in 3.24.6, when ingressAnnotations replace them on the Ingress)"
                ),
            );
        }
        if v < V3_24_5 && svc.privileged {
            warn(
                at("privileged"),
                format!(
                    "privileged is read but not rendered by a {v} rack: the container runs unprivileged (rack \
                     3.24.5 renders securityContext.privileged: true)"
                ),
            );
        }
        let sp = &svc.startup_probe;
        let timings = [
            ("grace", sp.grace),
            ("interval", sp.interval),
            ("timeout", sp.timeout),
            ("successThreshold", sp.success_threshold),
            ("failureThreshold", sp.failure_threshold),
        ];
        if v < V3_24_1 {
            for (key, value) in timings.into_iter().filter(|(_, value)| *value != 0) {
                warn(
                    at(&format!("startupProbe.{key}")),
                    format!(
                        "startupProbe.{key} ({value}) is read but not rendered by a {v} rack: its startupProbe \
                         takes liveness's timings (rack 3.24.1 renders the startupProbe's own)"
                    ),
                );
            }
        }
        let pdb_disabled =
            svc.annotations.iter().any(|(k, val)| k == "convox.com/pdb-disabled" && val == "true");
        if v < V3_24_4 && pdb_disabled && !svc.agent {
            warn(
                at("annotations"),
                format!(
                    "a {v} rack reads only the misspelt convox.com/pdb-disbaled=true: convox.com/pdb-disabled=true \
                     leaves the PodDisruptionBudget on (rack 3.24.4 reads both)"
                ),
            );
        }
    }
}

/// `scale.keda` on a service without a count range: the rack renders no ScaledObject.
fn keda_needs_a_range(name: &str, scale: &str, min: i64) -> Diagnostic {
    Diagnostic::warning(format!(
        "scale.keda needs a scale range (count.max above count.min): service {name} gets no \
         ScaledObject and runs {}",
        replicas(min)
    ))
    .at(format!("{scale}.keda"))
}

fn replicas(n: i64) -> String {
    if n == 1 {
        "1 replica".into()
    } else {
        format!("{n} replicas")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn diagnostics(yaml: &str, profile: Profile) -> Vec<Diagnostic> {
        let loaded = crate::manifest::load_at(yaml, &crate::manifest::Env::new(), profile.version());
        let ctx = Context { profile, ..Context::default() };
        let mut out = Mapped::default();
        check(&loaded.manifest.expect("loads"), &ctx, &mut out);
        out.diagnostics
    }

    fn with(provider: Provider, params: &[(&str, &str)]) -> Profile {
        let mut p = Profile::new(provider);
        for (k, v) in params {
            p.set(k, v).unwrap();
        }
        p
    }

    const EFS: &str = "services:\n  web:\n    volumeOptions:\n      - awsEfs: {id: a, accessMode: ReadWriteMany, mountPath: /a}\n      - awsEfs: {id: b, accessMode: ReadWriteMany, mountPath: /b}\n";

    #[test]
    fn efs_without_the_driver_is_one_error_with_the_remedy() {
        let d = diagnostics(EFS, Profile::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error());
        assert!(d[0].message.starts_with("efs csi driver is not enabled but efs volume is specified"));
        assert!(d[0].message.contains("convox rack params set efs_csi_driver_enable=true"));
        assert!(d[0].message.contains("also at services.web.volumeOptions[1].awsEfs"));
        assert_eq!(d[0].path.as_deref(), Some("services.web.volumeOptions[0].awsEfs"));
        assert!(diagnostics(EFS, with(Provider::Aws, &[("efs_csi_driver_enable", "true")])).is_empty());
    }

    #[test]
    fn azure_files_need_an_azure_rack_with_the_switch_on() {
        let yaml = "services:\n  web:\n    volumeOptions:\n      - azureFiles: {id: a, accessMode: ReadWriteMany, mountPath: /a}\n";
        let d = diagnostics(yaml, Profile::default());
        assert!(d[0].message.contains("need an Azure rack"), "{d:?}");
        let d = diagnostics(yaml, Profile::new(Provider::Azure));
        assert!(d[0].message.contains("convox rack params set azure_files_enable=true"), "{d:?}");
        assert!(diagnostics(yaml, with(Provider::Azure, &[("azure_files_enable", "true")])).is_empty());
    }

    #[test]
    fn internal_router_and_vpa_are_refused_until_enabled() {
        let yaml = "services:\n  api:\n    port: 80\n    internalRouter: true\n    scale:\n      vpa: {updateMode: Off}\n";
        let d = diagnostics(yaml, Profile::default());
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.starts_with("please enable the rack's internal router first"));
        assert_eq!(d[0].path.as_deref(), Some("services.api.internalRouter"));
        assert!(d[1].message.starts_with("vpa is not enabled on the rack: the rack refuses this release"));
        assert!(d[1].message.contains("convox rack params set vpa_enable=true"));
        let on = with(Provider::Aws, &[("internal_router", "true"), ("vpa_enable", "true")]);
        assert!(diagnostics(yaml, on).is_empty());
    }

    #[test]
    fn autoscale_without_keda_is_a_warning_that_the_rack_ignores_it() {
        let yaml = "services:\n  web:\n    scale:\n      count: 2-5\n      autoscale:\n        cpu: {threshold: 70}\n";
        let d = diagnostics(yaml, Profile::default());
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert!(d[0]
            .message
            .starts_with("rack has keda_enable=false; autoscale ignored, using Count.Min static replicas"));
        assert!(d[0].message.contains("runs 2 replicas"));
        assert!(diagnostics(yaml, with(Provider::Aws, &[("keda_enable", "true")])).is_empty());
    }

    #[test]
    fn keda_without_keda_enable_is_refused_from_3_23_4_to_3_24_5_and_ignored_after() {
        use crate::rack_version::{V3_23_4, V3_24_5, V3_24_6};
        let yaml = "services:\n  collector:\n    agent: true\n    scale:\n      count: 1-3\n      keda:\n        triggers: [{type: cpu, metadata: {value: \"50\"}}]\n";
        for version in [V3_23_4, V3_24_5] {
            let d = diagnostics(yaml, Profile::at(Provider::Aws, version));
            assert_eq!(d.len(), 1, "{version}: {d:?}");
            assert!(
                d[0].is_error()
                    && d[0].message.starts_with("keda is not enabled on the rack: the rack refuses")
            );
            assert_eq!(d[0].path.as_deref(), Some("services.collector.scale.keda"));
        }
        // 3.24.6: an agent's KEDA settings are ignored (validation's warning), no refusal here.
        assert!(diagnostics(yaml, Profile::at(Provider::Aws, V3_24_6)).iter().all(|d| !d.is_error()));
    }

    #[test]
    fn what_older_racks_let_through_and_the_api_server_refuses() {
        use crate::rack_version::{V3_24_3, V3_24_4, V3_24_5, V3_24_6};
        let reversed = "services:\n  web:\n    scale: 5-2\n";
        let d = diagnostics(reversed, Profile::at(Provider::Aws, V3_24_5));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].is_error() && d[0].message.contains("maxReplicas (2) is below its minReplicas (5)"),
            "{d:?}"
        );
        assert_eq!(d[0].path.as_deref(), Some("services.web.scale"));
        // From 3.24.6 the rack's own validation says it (in the loader).
        let loaded = crate::manifest::load_at(reversed, &crate::manifest::Env::new(), V3_24_6);
        assert!(loaded
            .diagnostics
            .iter()
            .any(|d| d.message == "service web: scale.max must be >= scale.min"));
        assert!(diagnostics(reversed, Profile::at(Provider::Aws, V3_24_6)).is_empty());

        let twice = "services:\n  web:\n    port: 3000\n    ports: [3000, 3000/udp, 3001]\n";
        let d = diagnostics(twice, Profile::at(Provider::Aws, V3_24_3));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.starts_with("port 3000 is also the main port"), "{d:?}");
        assert_eq!(d[0].path.as_deref(), Some("services.web.ports[0]"));
        assert!(diagnostics(twice, Profile::at(Provider::Aws, V3_24_4)).is_empty());
        let loaded = crate::manifest::load_at(twice, &crate::manifest::Env::new(), V3_24_4);
        assert_eq!(loaded.manifest.unwrap().services[0].value.ports.len(), 2, "3.24.4 drops the repeat");
    }

    #[test]
    fn settings_an_older_rack_reads_but_does_not_render_are_warnings() {
        use crate::rack_version::{V3_24_0, V3_24_3, V3_24_9};
        let yaml = "services:\n  web:\n    port: 3000\n    privileged: true\n    ingressAnnotations: [a=b]\n    annotations: [convox.com/pdb-disabled=true]\n    startupProbe:\n      path: /up\n      grace: 30\n";
        let paths = |version| {
            let d = diagnostics(yaml, Profile::at(Provider::Aws, version));
            assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
            d.into_iter().filter_map(|d| d.path).collect::<Vec<_>>()
        };
        assert_eq!(
            paths(V3_24_0),
            [
                "services.web.ingressAnnotations",
                "services.web.privileged",
                "services.web.startupProbe.grace",
                "services.web.annotations"
            ]
        );
        assert_eq!(
            paths(V3_24_3),
            ["services.web.ingressAnnotations", "services.web.privileged", "services.web.annotations"]
        );
        assert!(paths(V3_24_9).is_empty());
    }

    #[test]
    fn prometheus_triggers_without_a_prometheus_are_skipped_with_a_warning() {
        let yaml = "services:\n  llm:\n    scale:\n      count: 1-4\n      gpu: 1\n      autoscale:\n        queueDepth: {threshold: 5}\n";
        let keda = with(Provider::Aws, &[("keda_enable", "true")]);
        let d = diagnostics(yaml, keda);
        assert!(d[0]
            .message
            .starts_with("PROMETHEUS_URL not set; skipping KEDA prometheus trigger creation"));
        let with_url =
            with(Provider::Aws, &[("keda_enable", "true"), ("prometheus_url", "http://prom:9090")]);
        assert!(diagnostics(yaml, with_url).is_empty());
    }

    #[test]
    fn budget_enforcement_needs_cost_tracking() {
        let d = diagnostics("budget:\n  monthlyCapUsd: 100\n", Profile::default());
        assert!(d[0].is_error());
        assert!(d[0]
            .message
            .starts_with("convox.yml budget: block requires cost_tracking_enable=true on the rack."));
        let d = diagnostics("budget:\n  shutdownOrder: newest\n", Profile::default());
        assert!(!d[0].is_error() && d[0].message.contains("ignores them"));
        assert!(diagnostics(
            "budget:\n  monthlyCapUsd: 100\n",
            with(Provider::Aws, &[("cost_tracking_enable", "true")])
        )
        .is_empty());
    }
}
