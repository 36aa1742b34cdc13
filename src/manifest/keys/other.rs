//! The keys of resources, timers and balancers.

// The parent's imports (decode, model, schema, yaml) are shared through this glob.
use super::*;

// ---------------------------------------------------------------------------------------
// resources, timers, balancers

/// Every resource type a rack has a template for: containerized (a Deployment, Service and
/// PVC) and managed (`rds-*`, `elasticache-*`). Mapping's per-type tables are tested to
/// cover exactly these.
pub const RESOURCE_TYPES: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "redis",
    "memcached",
    "rds-postgres",
    "rds-mysql",
    "rds-mariadb",
    "elasticache-redis",
    "elasticache-memcached",
];
/// A CronJob's `concurrencyPolicy`s (the rack upper-cases the first letter).
const CONCURRENCY: &[&str] = &["Allow", "Forbid", "Replace"];

pub(crate) static RESOURCE: Table<Resource> = Table {
    path: "resources.<name>",
    doc: "A database or cache.",
    go: "manifest.Resource",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "type",
                S::Enum(RESOURCE_TYPES),
                "postgres | postgis | mysql | mariadb | redis | memcached | rds-* | elasticache-*",
                "",
                "the rack's resource/<type> template",
                "What kind of resource (required).",
            ),
            read: |cx, p, n, r| r.kind = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "image",
                S::Str,
                "image reference",
                "the type's image and version",
                "the resource Deployment's image",
                "Run a compatible image of your own.",
            ),
            read: |cx, p, n, r| r.image = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "options",
                S::Map(&S::Str),
                "map of strings: version, storage, class, …",
                "",
                "the resource's image tag, PVC size, RDS/ElastiCache settings",
                "Settings of the resource type.",
            ),
            read: |cx, p, n, r| {
                r.options = crate::sorted::sorted_map(labels(cx, p, n, "map[string]string"));
                if let Kind::Map(entries) = &n.kind {
                    if let Some((_, v)) = entries.iter().find(|(k, _)| k.text() == Some("storage")) {
                        emptied_by_unset(
                            cx,
                            &join(p, "storage"),
                            v,
                            "the volume gets the type's default size",
                        );
                    }
                }
            },
        },
    ],
};

pub(crate) static TIMER: Table<Timer> = Table {
    path: "timers.<name>",
    doc: "A command run on a schedule in a service's image.",
    go: "manifest.Timer",
    json: false,
    legacy: &[Legacy::v2(
        "policies",
        "A v3 timer has no policies: run the work in a service with accessControl.awsPodIdentity.policyArns (timers get its role).",
    )],
    fields: &[
        Field {
            key: key("command", S::Str, "string", "", "CronJob container args (shell-split)", "The command to run."),
            read: |cx, p, n, t| t.command = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("schedule", S::Str, "5-field cron (a 6th field and lone ? are rewritten)", "", "CronJob spec.schedule", "When to run (UTC)."),
            read: |cx, p, n, t| t.schedule = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("service", S::Ref(Ref::Service), "service name", "", "the CronJob's image, env, volumes and resources", "Whose image and settings to use."),
            read: |cx, p, n, t| t.service = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("concurrency", S::Titled(CONCURRENCY), "allow | forbid | replace (title-cased)", "Allow", "CronJob spec.concurrencyPolicy", "Whether runs may overlap."),
            read: |cx, p, n, t| t.concurrency = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("parallelCount", S::Int, "int", "1", "Job completions/parallelism (Indexed) and TIMER_INDEX when > 1", "How many pods each run starts.")
            .since(V3_22_5),
            read: |cx, p, n, t| t.parallel_count = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("annotations", S::List(&S::Pattern("=")), "list of \"key=value\"", "", "CronJob pod template annotations", "Annotations for the timer's pods."),
            read: |cx, p, n, t| t.annotations = string_annotations(cx, p, n, "manifest.ServiceAnnotations"),
        },
    ],
};

pub(crate) static BALANCER: Table<Balancer> = Table {
    path: "balancers.<name>",
    doc: "A TCP/UDP load balancer in front of a service.",
    go: "manifest.Balancer",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "service",
                S::Ref(Ref::Service),
                "service name (required)",
                "",
                "the LoadBalancer Service's selector",
                "The service behind it.",
            ),
            read: |cx, p, n, b| b.service = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "ports",
                S::Keyed(Some("^[+-]?[0-9]+$"), &S::AnyOf(&[S::Int, S::Section])),
                "map <listen>: <port> or <listen>: {port, protocol}",
                "protocol TCP",
                "LoadBalancer Service ports",
                "Which listen port goes to which service port.",
            )
            .within("balancers.<name>.ports.<listen>"),
            read: |cx, p, n, b| b.ports = balancer_ports(cx, p, n),
        },
        Field {
            key: key(
                "whitelist",
                S::AnyOf(&[S::Text, S::List(&S::Text)]),
                "one CIDR, or a list of CIDRs",
                "",
                "loadBalancerSourceRanges",
                "Source ranges allowed to connect.",
            ),
            read: |cx, p, n, b| b.whitelist = whitelist(cx, p, n),
        },
        Field {
            key: key(
                "annotations",
                S::List(&S::Pattern("=")),
                "list of \"key=value\"",
                "",
                "the LoadBalancer Service's annotations",
                "Annotations for the cloud load balancer.",
            ),
            read: |cx, p, n, b| b.annotations = string_annotations(cx, p, n, "manifest.BalancerAnnotations"),
        },
    ],
};

pub(crate) static BALANCER_PORT: Table<BalancerPort> = Table {
    path: "balancers.<name>.ports.<listen>",
    doc: "A balancer port (the map form; an int is the service port, TCP).",
    go: "manifest.balancerPort",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "port",
                S::Int,
                "int",
                "",
                "Service port targetPort",
                "The service port traffic goes to.",
            ),
            read: |cx, p, n, b| b.target = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "protocol",
                S::Enum(&["TCP", "UDP"]),
                "TCP | UDP (as written)",
                "",
                "Service port protocol",
                "The protocol; empty leaves Kubernetes' TCP.",
            ),
            read: |cx, p, n, b| b.protocol = string(cx, p, n).unwrap_or_default(),
        },
    ],
};
