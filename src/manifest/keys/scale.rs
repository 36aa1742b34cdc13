//! The keys of `scale` and its blocks (gpu, limit, targets, keda, vpa, autoscale).

// The parent's imports (decode, model, schema, yaml) are shared through this glob.
use super::*;

// ---------------------------------------------------------------------------------------
// scale

const GPU_VENDORS: &[&str] = &["nvidia", "amd"];
/// A vendor as older racks take it (a DNS label or name: `<vendor>.com/gpu` must be a resource
/// name).
const GPU_VENDOR: &str = "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$";
/// KEDA's `metricType`s.
const METRIC_TYPES: &[&str] = &["AverageValue", "Value", "Utilization"];
const AUTH_KINDS: &[&str] = &["TriggerAuthentication", "ClusterTriggerAuthentication"];
/// A Prometheus metric name, as the rack validates `metricName`.
const METRIC_NAME: &str = "^[a-zA-Z_:][a-zA-Z0-9_:]*$";

pub(crate) static SCALE: Table<Scale> = Table {
    path: "services.<name>.scale",
    doc: "How many pods, how big, and what scales them (the map form; an int or \"1-3\" is the count).",
    go: "manifest.ServiceScale",
    json: false,
    legacy: &[Legacy::v2(
        "cooldown",
        "Set the cooldown on the autoscaler: scale.autoscale.cooldownPeriod or scale.keda.cooldownPeriod.",
    )],
    fields: &[
        Field {
            key: key(
                "count", S::AnyOf(&[S::Int, S::Pattern(COUNT), S::Fields(COUNT_BOUNDS, &S::AnyOf(&[S::Int, S::Pattern("^[+-]?[0-9]+$")]))]),
                "2, \"1-3\" or {min, max}",
                "1 when no scale key is written; 0 for an empty scale",
                "Deployment replicas (min); HPA min/maxReplicas for a range",
                "How many pods: a range turns on the HorizontalPodAutoscaler.",
            ),
            read: |cx, p, n, s| {
                if let Some(c) = count(cx, p, n) {
                    s.count = c;
                }
                emptied_by_unset(cx, p, n, NO_REPLICAS);
            },
        },
        Field {
            key: key("cpu", S::Int, "int (millicores; other values are ignored, with a warning)", "250 (256 before rack 3.23.4), or limit.cpu (none with a GPU)", "container requests.cpu", "CPU reserved per pod."),
            read: |cx, p, n, s| {
                let cpu = default_cpu(cx.version);
                let instead = format!("the pods reserve the default CPU ({cpu} millicores, or scale.limit.cpu)");
                let write = format!("cpu: {cpu} (millicores; 1000 is one CPU)");
                s.cpu = int_only(cx, p, n, &instead, &write).unwrap_or(s.cpu);
            },
        },
        Field {
            key: key("memory", S::Int, "int (MiB; other values are ignored, with a warning)", "512, or limit.memory (none with a GPU)", "container requests.memory (and limits.memory)", "Memory reserved per pod."),
            read: |cx, p, n, s| {
                let instead =
                    format!("the pods reserve the default memory ({DEFAULT_MEM} MiB, or scale.limit.memory)");
                s.memory = int_only(cx, p, n, &instead, &format!("memory: {DEFAULT_MEM} (MiB)")).unwrap_or(s.memory);
            },
        },
        Field {
            key: key("gpu", S::AnyOf(&[S::Int, S::Section]), "count, or {count, vendor}", "vendor nvidia", "requests/limits nvidia.com/gpu or amd.com/gpu; GPU toleration", "GPUs per pod.")
                .within("services.<name>.scale.gpu"),
            read: |cx, p, n, s| gpu(cx, p, n, &mut s.gpu),
        },
        Field {
            key: key("limit", S::Section, "{cpu, memory}", "", "container limits.cpu / limits.memory", "The most CPU and memory a pod may use.")
                .within("services.<name>.scale.limit"),
            read: |cx, p, n, s| table(cx, p, n, &LIMIT, &mut s.limit),
        },
        Field {
            key: key("targets", S::Section, "{cpu, memory, external}", "", "HorizontalPodAutoscaler metrics", "What the HorizontalPodAutoscaler scales on.")
                .within("services.<name>.scale.targets"),
            read: |cx, p, n, s| table(cx, p, n, &TARGETS, &mut s.targets),
        },
        Field {
            key: key(
                "keda", S::Section,
                "{triggers, pollingInterval, cooldownPeriod, initialCooldownPeriod, idleReplicaCount, advanced, fallback}",
                "",
                "KEDA ScaledObject <service> (instead of the HPA)",
                "KEDA triggers written out in full (needs keda_enable on the rack).",
            )
            .within("services.<name>.scale.keda")
            .since(V3_23_4),
            read: |cx, p, n, s| {
                if !n.is_null() {
                    let mut k = Keda::default();
                    json_section(cx, p, n, &KEDA, &mut k);
                    s.keda = Some(k);
                }
            },
        },
        Field {
            key: key(
                "vpa", S::Section,
                "{updateMode, minCpu, maxCpu, minMem, maxMem, cpuOnly, memOnly, updateRequestOnly}",
                "",
                "VerticalPodAutoscaler <service>",
                "Let the VPA size the pods (needs vpa_enable on the rack).",
            )
            .within("services.<name>.scale.vpa")
            .since(V3_23_4),
            read: |cx, p, n, s| {
                if !n.is_null() {
                    let mut v = Vpa::default();
                    table(cx, p, n, &VPA, &mut v);
                    if v.update_mode == "false" {
                        v.update_mode = "Off".into();
                    }
                    s.vpa = Some(v);
                }
            },
        },
        Field {
            key: key("min", S::Int, "int (other values are ignored, with a warning)", "", "the count's min; ScaledObject minReplicaCount", "The fewest pods (with autoscale).")
            .since(V3_24_6),
            read: |_, _, n, s| s.min = scale_bound(n),
        },
        Field {
            key: key("max", S::Int, "int (other values ignored)", "min, or 10 with autoscale", "the count's max; ScaledObject maxReplicaCount", "The most pods (with autoscale).")
            .since(V3_24_6),
            read: |_, _, n, s| s.max = scale_bound(n),
        },
        Field {
            key: key(
                "autoscale", S::Section,
                "{cpu, memory, gpuUtilization, queueDepth, custom, cooldownPeriod, pollingInterval}",
                "",
                "KEDA ScaledObject <service> with convox-* triggers",
                "KEDA triggers Convox builds for you (3.24.6+, needs keda_enable on the rack).",
            )
            .within("services.<name>.scale.autoscale")
            .since(V3_24_6),
            read: |cx, p, n, s| {
                let mut a = Autoscale::default();
                json_section(cx, p, n, &AUTOSCALE, &mut a);
                s.autoscale = Some(a);
            },
        },
    ],
};

/// The rack reads `gpu` itself: an int count and a string vendor; other values are ignored.
pub(crate) static GPU: Table<Gpu> = Table {
    path: "services.<name>.scale.gpu",
    doc: "GPUs per pod (the map form; an int is the count).",
    go: "manifest.ServiceScaleGpu",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "count",
                S::Int,
                "int (other values ignored)",
                "",
                "requests and limits <vendor>/gpu",
                "GPUs per pod.",
            ),
            read: |cx, p, n, g| {
                g.count = int_only(cx, p, n, "the pods get no GPU", "count: 1").unwrap_or(g.count);
            },
        },
        Field {
            key: key(
                "vendor",
                // Any vendor before rack 3.24.5 (its resource is `<vendor>.com/gpu`); from
                // 3.24.5 nvidia and amd, any other one with a warning.
                S::AnyOf(&[S::Enum(GPU_VENDORS), S::Pattern(GPU_VENDOR)]),
                "nvidia | amd (before 3.24.5 any vendor: <vendor>.com/gpu)",
                "nvidia",
                "the resource name: nvidia.com/gpu or amd.com/gpu",
                "Whose GPUs.",
            ),
            read: |cx, p, n, g| {
                if let Some(Scalar::Str(v)) = n.scalar() {
                    // gpuResourceKey (3.24.5) knows two vendors, with or without `.com`.
                    let known = ["nvidia", "nvidia.com", "amd", "amd.com"].contains(&v.as_str());
                    if cx.version >= V3_24_5 && !known {
                        cx.warning_value(
                            p,
                            format!(
                                "scale.gpu.vendor {v}: a {} rack knows the GPUs of nvidia and amd, and gives any other \
                                 vendor the resource nvidia.com/gpu",
                                cx.version
                            ),
                        );
                    }
                    g.vendor = v;
                }
            },
        },
    ],
};

pub(crate) static LIMIT: Table<ScaleLimit> = Table {
    path: "services.<name>.scale.limit",
    doc: "Resource limits per pod.",
    go: "manifest.ServiceResourceLimit",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "cpu",
                S::Int,
                "int (millicores)",
                "",
                "container limits.cpu",
                "The most CPU a pod may use.",
            ),
            read: |cx, p, n, l| l.cpu = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "memory",
                S::Int,
                "int (MiB)",
                "scale.memory",
                "container limits.memory",
                "The most memory a pod may use.",
            ),
            read: |cx, p, n, l| l.memory = int(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static TARGETS: Table<ScaleTargets> = Table {
    path: "services.<name>.scale.targets",
    doc: "What the HorizontalPodAutoscaler scales on (with a count range).",
    go: "manifest.ServiceScaleTargets",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "cpu",
                S::Int,
                "int (percent)",
                "",
                "HPA metric Resource cpu averageUtilization",
                "Target CPU use, in percent of the request.",
            ),
            read: |cx, p, n, t| t.cpu = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "memory",
                S::Int,
                "int (percent)",
                "",
                "HPA metric Resource memory averageUtilization",
                "Target memory use, in percent of the request.",
            ),
            read: |cx, p, n, t| t.memory = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "requests",
                S::Int,
                "int",
                "",
                "none (not rendered by v3 racks)",
                "Convox v2's requests-per-target.",
            ),
            read: |cx, p, n, t| t.requests = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "custom",
                S::Any,
                "map Namespace/Name: {aggregate, dimensions, value}",
                "",
                "none (not rendered by v3 racks)",
                "Convox v2's CloudWatch metrics.",
            ),
            read: |cx, p, n, _| record_tree(cx, p, n),
        },
        Field {
            key: key(
                "external",
                S::List(&S::Section),
                "list of {name, matchLabels, averageValue | value}",
                "",
                "HPA External metrics",
                "External metrics to scale on.",
            )
            .within("services.<name>.scale.targets.external[]"),
            read: |cx, p, n, t| {
                t.external = list(cx, p, n, &EXTERNAL, "manifest.ServiceScaleExternalMetrics")
            },
        },
    ],
};

pub(crate) static EXTERNAL: Table<ExternalTarget> = Table {
    path: "services.<name>.scale.targets.external[]",
    doc: "An external metric the HPA scales on.",
    go: "manifest.ServiceScaleExternalMetric",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("name", S::Str, "string", "", "external.metric.name", "The metric's name."),
            read: |cx, p, n, e| e.name = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "matchLabels",
                S::Map(&S::Str),
                "map",
                "",
                "external.metric.selector.matchLabels",
                "Which series of the metric.",
            ),
            read: |cx, p, n, e| e.match_labels = labels(cx, p, n, "map[string]string"),
        },
        Field {
            key: key(
                "averageValue",
                S::Num,
                "number",
                "",
                "target type AverageValue",
                "Target value per pod.",
            ),
            read: |cx, p, n, e| e.average_value = float_text(cx, p, n),
        },
        Field {
            key: key("value", S::Num, "number", "", "target type Value", "Target value in total."),
            read: |cx, p, n, e| e.value = float_text(cx, p, n),
        },
    ],
};

pub(crate) static KEDA: Table<Keda> = Table {
    path: "services.<name>.scale.keda",
    doc: "A KEDA ScaledObject's settings and triggers, with KEDA's field names.",
    go: "manifest.ServiceScaleKeda",
    json: true,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "triggers",
                S::List(&S::Section),
                "list of KEDA ScaleTriggers {type, metadata, …}",
                "",
                "ScaledObject spec.triggers",
                "The KEDA scalers; without one there is no ScaledObject.",
            )
            .within("services.<name>.scale.keda.triggers[]"),
            read: |cx, p, n, k| k.triggers = json_list(cx, p, n, &TRIGGER, "v1alpha1.ScaleTriggers"),
        },
        Field {
            key: key(
                "pollingInterval",
                S::Int,
                "int (seconds)",
                "KEDA's 30",
                "ScaledObject spec.pollingInterval",
                "How often KEDA checks the triggers.",
            ),
            read: |cx, p, n, k| k.polling_interval = json_int32(cx, p, n),
        },
        Field {
            key: key(
                "initialCooldownPeriod",
                S::Int,
                "int (seconds)",
                "",
                "ScaledObject spec.initialCooldownPeriod",
                "Wait after creation before scaling to zero.",
            ),
            read: |cx, p, n, k| k.initial_cooldown_period = json_int32(cx, p, n),
        },
        Field {
            key: key(
                "cooldownPeriod",
                S::Int,
                "int (seconds)",
                "KEDA's 300",
                "ScaledObject spec.cooldownPeriod",
                "Wait after the last activity before scaling to zero.",
            ),
            read: |cx, p, n, k| k.cooldown_period = json_int32(cx, p, n),
        },
        Field {
            key: key(
                "idleReplicaCount",
                S::Int,
                "int",
                "",
                "ScaledObject spec.idleReplicaCount",
                "Replicas while no trigger is active.",
            ),
            read: |cx, p, n, k| k.idle_replica_count = json_int32(cx, p, n),
        },
        Field {
            key: key(
                "advanced",
                S::Any,
                "KEDA AdvancedConfig",
                "",
                "ScaledObject spec.advanced",
                "HPA behavior and scaling modifiers.",
            ),
            read: |cx, p, n, k| k.advanced = json(cx, p, n),
        },
        Field {
            key: key(
                "fallback",
                S::Any,
                "KEDA Fallback {failureThreshold, replicas}",
                "",
                "ScaledObject spec.fallback",
                "Replicas to run when the triggers fail.",
            ),
            read: |cx, p, n, k| k.fallback = json(cx, p, n),
        },
    ],
};

pub(crate) static TRIGGER: Table<KedaTrigger> = Table {
    path: "services.<name>.scale.keda.triggers[]",
    doc: "One KEDA trigger (KEDA's ScaleTriggers); scale.autoscale.custom items too.",
    go: "v1alpha1.ScaleTriggers",
    json: true,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "type",
                S::Str,
                "KEDA scaler type, e.g. aws-sqs-queue",
                "",
                "triggers[].type",
                "Which KEDA scaler.",
            ),
            read: |cx, p, n, t| t.kind = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("name", S::Str, "string", "", "triggers[].name", "The trigger's name."),
            read: |cx, p, n, t| t.name = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "useCachedMetrics",
                S::Bool,
                "bool",
                "false",
                "triggers[].useCachedMetrics",
                "Serve the HPA cached metric values.",
            ),
            read: |cx, p, n, t| t.use_cached_metrics = json_bool(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "metadata",
                S::Map(&S::Str),
                "map of strings (numbers become strings)",
                "",
                "triggers[].metadata",
                "The scaler's settings.",
            ),
            read: |cx, p, n, t| t.metadata = json_metadata(cx, p, n),
        },
        Field {
            key: key(
                "authenticationRef",
                S::Section,
                "{name, kind}",
                "keda-aws-auth-default for aws-* triggers on AWS",
                "triggers[].authenticationRef",
                "The TriggerAuthentication to use.",
            )
            .within("services.<name>.scale.keda.triggers[].authenticationRef"),
            read: |cx, p, n, t| {
                let mut r = TriggerAuthRef::default();
                table(cx, p, n, &AUTH_REF, &mut r);
                t.authentication_ref = (matches!(n.kind, Kind::Map(_))).then_some(r);
            },
        },
        Field {
            key: key(
                "metricType",
                S::Enum(METRIC_TYPES),
                "AverageValue | Value | Utilization",
                "",
                "triggers[].metricType",
                "How the metric is compared.",
            ),
            read: |cx, p, n, t| t.metric_type = json_string(cx, p, n).unwrap_or_default(),
        },
    ],
};

/// A trigger's `metadata` (`map[string]string`): numbers and booleans become strings.
fn json_metadata(cx: &mut Cx, path: &str, node: &Node) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match &node.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let key = k.text().unwrap_or("?");
                let p = join(path, key);
                cx.map.insert_node(p.clone(), k.span, v.span);
                if let Some(value) = json_string(cx, &p, v).or_else(|| v.is_null().then(String::new)) {
                    out.insert(key.to_string(), value);
                }
            }
        }
        _ if node.is_null() => {}
        _ => cx.json_error(path, node, "map[string]string"),
    }
    out
}

pub(crate) static AUTH_REF: Table<TriggerAuthRef> = Table {
    path: "services.<name>.scale.keda.triggers[].authenticationRef",
    doc: "The TriggerAuthentication a trigger uses.",
    go: "v1alpha1.AuthenticationRef",
    json: true,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "name",
                S::Str,
                "string",
                "",
                "authenticationRef.name",
                "The TriggerAuthentication's name.",
            ),
            read: |cx, p, n, r| r.name = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "kind",
                S::Enum(AUTH_KINDS),
                "TriggerAuthentication",
                "TriggerAuthentication",
                "authenticationRef.kind",
                "Its kind (ClusterTriggerAuthentication is refused in autoscale.custom).",
            ),
            read: |cx, p, n, r| r.kind = json_string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static VPA: Table<Vpa> = Table {
    path: "services.<name>.scale.vpa",
    doc: "A VerticalPodAutoscaler for the service.",
    go: "manifest.VPA",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "updateMode",
                S::AnyOf(&[S::AnyCase(VPA_MODES), S::Bool]),
                "Off | Initial | Recreate (any case; false is Off) (required)",
                "",
                "VPA spec.updatePolicy.updateMode",
                "Whether the VPA only recommends or also applies.",
            ),
            // `off` / `no` come back from the rack's round trip as "false", which means Off.
            read: |cx, p, n, v| v.update_mode = string_as(cx, p, n, false).unwrap_or_default(),
        },
        Field {
            key: key(
                "minCpu",
                S::Str,
                "millicores, e.g. \"100\"",
                "",
                "containerPolicies[0].minAllowed.cpu (<n>m)",
                "The least CPU the VPA sets.",
            ),
            read: |cx, p, n, v| v.min_cpu = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "maxCpu",
                S::Str,
                "millicores",
                "",
                "containerPolicies[0].maxAllowed.cpu (<n>m)",
                "The most CPU the VPA sets.",
            ),
            read: |cx, p, n, v| v.max_cpu = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "minMem",
                S::Str,
                "MiB, e.g. \"256\"",
                "",
                "containerPolicies[0].minAllowed.memory (<n>Mi)",
                "The least memory the VPA sets.",
            ),
            read: |cx, p, n, v| v.min_mem = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "maxMem",
                S::Str,
                "MiB",
                "",
                "containerPolicies[0].maxAllowed.memory (<n>Mi)",
                "The most memory the VPA sets.",
            ),
            read: |cx, p, n, v| v.max_mem = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "cpuOnly",
                S::Bool,
                "bool",
                "",
                "containerPolicies[0].controlledResources [cpu]",
                "Let the VPA size CPU only.",
            ),
            read: |cx, p, n, v| v.cpu_only = opt_bool(cx, p, n),
        },
        Field {
            key: key(
                "memOnly",
                S::Bool,
                "bool",
                "",
                "containerPolicies[0].controlledResources [memory]",
                "Let the VPA size memory only.",
            ),
            read: |cx, p, n, v| v.mem_only = opt_bool(cx, p, n),
        },
        Field {
            key: key(
                "updateRequestOnly",
                S::Bool,
                "bool",
                "",
                "containerPolicies[0].controlledValues RequestsOnly",
                "Change requests, not limits.",
            ),
            read: |cx, p, n, v| v.update_request_only = opt_bool(cx, p, n),
        },
    ],
};

pub(crate) static AUTOSCALE: Table<Autoscale> = Table {
    path: "services.<name>.scale.autoscale",
    doc: "KEDA triggers Convox builds (with scale.min / scale.max).",
    go: "manifest.ServiceAutoscale",
    json: true,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "cpu",
                S::Section,
                "{threshold}",
                "",
                "trigger convox-cpu (type cpu, Utilization)",
                "Scale on CPU use, in percent of the request.",
            )
            .within("services.<name>.scale.autoscale.cpu"),
            read: |cx, p, n, a| a.cpu = autoscale_mode(cx, p, n),
        },
        Field {
            key: key(
                "memory",
                S::Section,
                "{threshold}",
                "",
                "trigger convox-memory (type memory, Utilization)",
                "Scale on memory use, in percent of the request.",
            )
            .within("services.<name>.scale.autoscale.cpu"),
            read: |cx, p, n, a| a.memory = autoscale_mode(cx, p, n),
        },
        Field {
            key: key(
                "gpuUtilization",
                S::Section,
                "{threshold, metricName, prometheusUrl, query}",
                "",
                "trigger convox-gpu-utilization (prometheus, DCGM_FI_DEV_GPU_UTIL)",
                "Scale on GPU use (needs scale.gpu.count and Prometheus).",
            )
            .within("services.<name>.scale.autoscale.cpu"),
            read: |cx, p, n, a| a.gpu_utilization = autoscale_mode(cx, p, n),
        },
        Field {
            key: key(
                "queueDepth",
                S::Section,
                "{threshold, metricName, prometheusUrl, query}",
                "",
                "trigger convox-queue-depth (prometheus, vllm:num_requests_waiting)",
                "Scale on waiting requests (needs Prometheus).",
            )
            .within("services.<name>.scale.autoscale.cpu"),
            read: |cx, p, n, a| a.queue_depth = autoscale_mode(cx, p, n),
        },
        Field {
            key: key(
                "custom",
                S::List(&S::Section),
                "list of KEDA ScaleTriggers",
                "",
                "more ScaledObject triggers, after Convox's",
                "Your own KEDA triggers.",
            )
            .within("services.<name>.scale.keda.triggers[]"),
            read: |cx, p, n, a| a.custom = json_list(cx, p, n, &TRIGGER, "v1alpha1.ScaleTriggers"),
        },
        Field {
            key: key(
                "cooldownPeriod",
                S::Int,
                "int (seconds)",
                "KEDA's 300",
                "ScaledObject spec.cooldownPeriod",
                "Wait after the last activity before scaling to zero.",
            ),
            read: |cx, p, n, a| a.cooldown_period = json_int32(cx, p, n),
        },
        Field {
            key: key(
                "pollingInterval",
                S::Int,
                "int (seconds)",
                "KEDA's 30",
                "ScaledObject spec.pollingInterval",
                "How often KEDA checks the triggers.",
            ),
            read: |cx, p, n, a| a.polling_interval = json_int32(cx, p, n),
        },
    ],
};

/// One autoscale trigger block; a bare number gets a hint at the map form.
fn autoscale_mode(cx: &mut Cx, path: &str, node: &Node) -> Option<AutoscaleMode> {
    match &node.kind {
        Kind::Map(_) => {
            let mut m = AutoscaleMode::default();
            table(cx, path, node, &AUTOSCALE_MODE, &mut m);
            Some(m)
        }
        _ if node.is_null() => None,
        _ => {
            let key = path.rsplit('.').next().unwrap_or(path);
            cx.json_error(path, node, "manifest.AutoscaleMode");
            if let Some(t) = node.text() {
                cx.warning(path, format!("write {key}: {{threshold: {t}}}"));
            }
            None
        }
    }
}

pub(crate) static AUTOSCALE_MODE: Table<AutoscaleMode> = Table {
    path: "services.<name>.scale.autoscale.cpu",
    doc: "One autoscale trigger (cpu, memory, gpuUtilization, queueDepth).",
    go: "manifest.AutoscaleMode",
    json: true,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "threshold",
                S::Num,
                "number (cpu/memory/gpu: >0–100; queueDepth: >0)",
                "",
                "trigger metadata value / threshold (activationThreshold = threshold/2, at least 1)",
                "The target the trigger scales to.",
            ),
            read: |cx, p, n, m| m.threshold = json_float(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "metricName",
                S::Pattern(METRIC_NAME),
                "Prometheus metric name",
                "DCGM_FI_DEV_GPU_UTIL / vllm:num_requests_waiting",
                "trigger metadata metricName",
                "The metric (gpuUtilization, queueDepth).",
            ),
            read: |cx, p, n, m| m.metric_name = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "prometheusUrl",
                S::Pattern("^https?://"),
                "http(s) URL",
                "the rack's prometheus_url",
                "trigger metadata serverAddress",
                "The Prometheus to ask.",
            ),
            read: |cx, p, n, m| m.prometheus_url = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "query",
                S::Str,
                "PromQL",
                "max(<metric>{app=\"<app>\",service=\"<service>\"})",
                "trigger metadata query",
                "The query.",
            ),
            read: |cx, p, n, m| m.query = json_string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "mode",
                S::Enum(&["threshold", "queue"]),
                "threshold | queue",
                "set by Convox",
                "none",
                "Convox fills this in; you need not write it.",
            ),
            read: |cx, p, n, _| {
                json_string(cx, p, n);
            },
        },
    ],
};
