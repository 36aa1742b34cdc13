//! The keys of a service and of its nested blocks (probes, volumes, security context, …).

// The parent's imports (decode, model, schema, yaml) are shared through this glob.
use super::*;

// ---------------------------------------------------------------------------------------
// services

/// A service entry: the count of its `scale` attributes first (for ApplyDefaults).
pub(super) fn read_service(cx: &mut Cx, path: &str, node: &Node, s: &mut Service) {
    let scale_attributes = match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .filter(|(k, _)| {
                matches!(k.scalar(), Some(Scalar::Str(_) | Scalar::Int(_)))
                    && k.text().is_some_and(|t| t.starts_with("scale"))
            })
            .map(|(_, v)| 1 + attributes(v))
            .sum(),
        _ => 0,
    };
    cx.scale_attributes.push(scale_attributes);
    table(cx, path, node, &SERVICE, s);
}

const NO_PORT: &str =
    "this service gets no Ingress and no health checks, and a Kubernetes Service only for its extra ports";
pub(super) const NO_REPLICAS: &str = "Convox runs 0 replicas of this service (an empty scale is count 0)";

/// The seccomp profiles a service may ask for (`Localhost` needs a profile path Convox
/// cannot set).
const SECCOMP_PROFILES: &[&str] = &["RuntimeDefault", "Unconfined"];

pub(crate) static SERVICE: Table<Service> = Table {
    path: "services.<name>",
    doc: "One process of the app: a Deployment (a DaemonSet for agents) and what goes with it.",
    go: "manifest.Service",
    json: false,
    legacy: &[
        Legacy::v2(
            "links",
            "Services reach each other by name (<service>.<app>.<rack>.local for internal ones); share a database with resources:.",
        ),
        Legacy::v2("nlb", "Use balancers: (a LoadBalancer Service) and the service's ports:."),
        Legacy::v2("policies", "On AWS, attach IAM policies with accessControl.awsPodIdentity.policyArns."),
        Legacy::v2("tags", "Use labels: or annotations:."),
        Legacy::v2("internalAndExternal", "Use internal: and internalRouter: true (an extra internal Ingress)."),
        Legacy::compose("depends_on", "Convox starts services independently; make each one wait for what it needs."),
        Legacy::compose("restart", "Kubernetes always restarts a service's containers."),
        Legacy::compose("container_name", "The workload is named after the service."),
        Legacy::compose("entrypoint", "The image's ENTRYPOINT runs; command: sets its arguments."),
        Legacy::compose("expose", "Use port: (the main port) and ports: (extra ports).").renamed("ports"),
        Legacy::compose("env_file", "Declare variables in environment: and set them with convox env set."),
        Legacy::compose("healthcheck", "Use health: (readiness probe) and liveness:."),
        Legacy::compose("mem_limit", "Use scale.memory (request) and scale.limit.memory."),
        Legacy::compose("cpu_shares", "Use scale.cpu (millicores) and scale.limit.cpu."),
        Legacy::compose("networks", "Every service runs in the app's namespace and reaches the others by name."),
        Legacy::compose("dockerfile", "Use build: {path, manifest: <Dockerfile name>}."),
        Legacy::compose("deploy", "Use scale: (count, cpu, memory) and deployment:."),
        Legacy::compose("working_dir", "Set WORKDIR in the Dockerfile."),
        Legacy::compose("user", "Use securityContext.runAsUser."),
        Legacy::compose("cap_add", "Use securityContext.capabilities.add."),
        Legacy::compose("cap_drop", "Use securityContext.capabilities.drop."),
        Legacy::compose("stop_grace_period", "Use termination.grace (seconds)."),
    ],
    fields: &[
        Field {
            key: key(
                "accessControl", S::Section,
                "{awsPodIdentity: {policyArns}}",
                "",
                "IAM role + EKS Pod Identity Association for ServiceAccount <service> (AWS)",
                "Cloud permissions for the service's pods.",
            )
            .within("services.<name>.accessControl"),
            read: |cx, p, n, s| table(cx, p, n, &ACCESS_CONTROL, &mut s.access_control),
        },
        Field {
            key: key("agent", S::Bool, "bool", "false", "DaemonSet instead of Deployment; hostPort on ports", "Run one pod on every node."),
            read: |cx, p, n, s| s.agent = agent(cx, p, n),
        },
        Field {
            key: key(
                "annotations", ANNOTATIONS,
                "list of \"key=value\" or {key: value}",
                "",
                "pod template and ServiceAccount annotations",
                "Annotations for the service's pods and ServiceAccount.",
            ),
            read: |cx, p, n, s| s.annotations = annotations(cx, p, n),
        },
        Field {
            key: key(
                "build", S::AnyOf(&[S::Text, S::Section]),
                "path, or {path, manifest, args}",
                ". and Dockerfile (when no image)",
                "the image <repo>:<service>.<build>",
                "How the service's image is built.",
            )
            .within("services.<name>.build"),
            read: |cx, p, n, s| build(cx, p, n, &mut s.build),
        },
        Field {
            key: key(
                "certificate", S::Section,
                "{id, duration}",
                "",
                "Ingress TLS Secret; cert-manager.io/duration",
                "The TLS certificate of the service's domains.",
            )
            .within("services.<name>.certificate"),
            read: |cx, p, n, s| table(cx, p, n, &CERTIFICATE, &mut s.certificate),
        },
        Field {
            key: key(
                "command", S::Str,
                "string",
                "the image's CMD",
                "container args (shell-split)",
                "The command the container runs, as arguments to the image's ENTRYPOINT.",
            ),
            read: |cx, p, n, s| s.command = command(cx, p, n),
        },
        Field {
            key: key(
                "configMounts", S::List(&S::Section),
                "list of {id, dir, filename}",
                "",
                "volume cfg-<id> from Secret cfg-<id>, mounted at <dir>/<filename>",
                "Config files from configs: mounted into the container.",
            )
            .within("services.<name>.configMounts[]"),
            read: |cx, p, n, s| s.config_mounts = list(cx, p, n, &CONFIG_MOUNT, "manifest.ConfigMounts"),
        },
        Field {
            key: key(
                "deployment", S::Section,
                "{minimum, maximum} (percent)",
                "50 / 200 (0 / 100 for agents and singletons)",
                "Deployment strategy.rollingUpdate maxUnavailable / maxSurge",
                "How many pods may be down or extra during a rolling update.",
            )
            .within("services.<name>.deployment"),
            read: |cx, p, n, s| table(cx, p, n, &DEPLOYMENT, &mut s.deployment),
        },
        Field {
            key: key("dnsConfig", S::Section, "{ndots}", "", "pod dnsConfig.options ndots", "The pods' DNS resolver options.")
                .within("services.<name>.dnsConfig"),
            read: |cx, p, n, s| table(cx, p, n, &DNS_CONFIG, &mut s.dns_config),
        },
        Field {
            key: key(
                "domain", S::AnyOf(&[S::Text, S::List(&S::Text)]),
                "\"a.com, b.com\" or a list",
                "",
                "extra Ingress rules and TLS hosts",
                "Custom domains the service answers on (needs a port).",
            ),
            read: |cx, p, n, s| {
                s.domains = domains(cx, p, n);
                emptied_by_unset(cx, p, n, "the Ingress gets no host of yours, only the rack's own");
            },
        },
        Field {
            key: key("drain", S::Int, "int (seconds)", "30", "none (unused by v3 racks)", "Connection drain time of Convox v2."),
            read: |cx, p, n, s| s.drain = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("disableHostUsers", S::Bool, "bool", "false", "pod hostUsers: false", "Run the pods in their own user namespace.")
            .since(V3_23_4),
            read: |cx, p, n, s| s.disable_host_users = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "environment", ENVIRONMENT,
                "list of KEY, KEY=default, *",
                "",
                "keys of Secret env-<service>",
                "The service's own environment, after the app-level one.",
            ),
            read: |cx, p, n, s| s.environment = environment(cx, p, n),
        },
        Field {
            key: key("grpcHealthEnabled", S::Bool, "bool", "false", "grpc readiness and liveness probes", "Use gRPC health checks (with a grpc port)."),
            read: |cx, p, n, s| s.grpc_health_enabled = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "health", S::AnyOf(&[S::Text, S::Section]),
                "path, or {path, grace, interval, timeout, disable, port}",
                "path /, interval 5, grace = interval, timeout = interval - 1",
                "container readinessProbe",
                "The readiness check that gates traffic to a pod.",
            )
            .within("services.<name>.health"),
            read: |cx, p, n, s| health(cx, p, n, &mut s.health),
        },
        Field {
            key: key("image", S::Str, "string", "", "the build's FROM (re-tagged into the app's repository)", "Use a prebuilt image instead of building."),
            read: |cx, p, n, s| s.image = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "imagePullSecrets", S::List(&S::Section),
                "list of {registry, username, password | passwordEnv}",
                "",
                "dockerconfigjson Secret per registry; pod imagePullSecrets",
                "Credentials for private registries.",
            )
            .within("services.<name>.imagePullSecrets[]")
            .since(V3_24_6),
            read: |cx, p, n, s| {
                s.image_pull_secrets = list(cx, p, n, &IMAGE_PULL_SECRET, "[]manifest.ServiceImagePullSecret")
            },
        },
        Field {
            key: key("init", S::Bool, "bool", "true", "pod shareProcessNamespace", "Share the process namespace (an init process reaps zombies)."),
            read: |cx, p, n, s| s.init = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "initContainer", S::Section,
                "{image, command, volumeOptions, configMounts}",
                "",
                "pod initContainers[0] named init",
                "A container that runs to completion before the service starts.",
            )
            .within("services.<name>.initContainer"),
            read: |cx, p, n, s| {
                let mut ic = InitContainer::default();
                table(cx, p, n, &INIT_CONTAINER, &mut ic);
                s.init_container = (!n.is_null()).then_some(ic);
            },
        },
        Field {
            key: key("internal", S::Bool, "bool", "false", "no Ingress", "Reachable only inside the rack."),
            read: |cx, p, n, s| s.internal = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("internalRouter", S::Bool, "bool", "false", "Ingress <service>-internal (class nginx-internal)", "Route through the rack's internal router."),
            read: |cx, p, n, s| s.internal_router = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "ingressAnnotations", ANNOTATIONS,
                "list of \"key=value\" or {key: value}",
                "",
                "Ingress annotations (the rack's own keys win)",
                "Annotations for the service's Ingress.",
            ),
            read: |cx, p, n, s| s.ingress_annotations = annotations(cx, p, n),
        },
        Field {
            key: key("labels", S::Map(&S::Str), "map key: value", "", "labels on the service's objects and pods", "Labels for the service (over the app-level ones)."),
            read: |cx, p, n, s| s.labels = labels(cx, p, n, "manifest.Labels"),
        },
        Field {
            key: key("lifecycle", S::Section, "{preStop, postStart}", "", "container lifecycle exec hooks", "Commands run after start and before stop.")
                .within("services.<name>.lifecycle"),
            read: |cx, p, n, s| table(cx, p, n, &LIFECYCLE, &mut s.lifecycle),
        },
        Field {
            key: key(
                "liveness", S::Section,
                "{path, grace, interval, timeout, successThreshold, failureThreshold, port}",
                "with a path: grace 10, interval 5, timeout 5, success 1, failure 3",
                "container livenessProbe",
                "The check that restarts a stuck container.",
            )
            .within("services.<name>.liveness"),
            read: |cx, p, n, s| table(cx, p, n, &LIVENESS, &mut s.liveness),
        },
        Field {
            key: key(
                "nodeAffinityLabels", S::List(&S::Section),
                "list of {label, weight, value}",
                "",
                "pod affinity preferredDuringSchedulingIgnoredDuringExecution",
                "Nodes the pods prefer.",
            )
            .within("services.<name>.nodeAffinityLabels[]")
            .since(V3_23_4),
            read: |cx, p, n, s| s.node_affinity_labels = list(cx, p, n, &AFFINITY, "manifest.Affinities"),
        },
        Field {
            key: key(
                "nodeSelectorLabels", S::Map(&S::Str),
                "map label: value",
                "",
                "pod affinity requiredDuringSchedulingIgnoredDuringExecution; dedicated-node toleration",
                "Nodes the pods must run on.",
            ),
            read: |cx, p, n, s| s.node_selector_labels = labels(cx, p, n, "manifest.Labels"),
        },
        Field {
            key: key(
                "port", PORT,
                "3000, \"https:3000\" or {port, scheme}",
                "scheme http",
                "containerPort main, Service port main, Ingress backend, probes, PORT",
                "The port the service listens on for HTTP(S) or gRPC traffic.",
            )
            .within("services.<name>.port"),
            read: |cx, p, n, s| {
                s.port = port_scheme(cx, p, n).map(|(scheme, port)| ServicePort { port, scheme }).unwrap_or_default();
                emptied_by_unset(cx, p, n, NO_PORT);
            },
        },
        Field {
            key: key(
                "ports", S::List(&S::AnyOf(&[S::Int, S::Pattern(PORT_PROTOCOL)])),
                "list of 8125 or \"8125/udp\"",
                "",
                "containerPorts port-<n> and Service ports",
                "Extra ports (TCP or UDP), e.g. for balancers or agents.",
            ),
            read: |cx, p, n, s| s.ports = ports(cx, p, n),
        },
        Field {
            key: key("privileged", S::Bool, "bool", "false", "container securityContext.privileged", "Run the container privileged."),
            read: |cx, p, n, s| s.privileged = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "resources", S::List(&S::Ref(Ref::Resource)),
                "list of name or name:ENV_NAME",
                "",
                "env from ConfigMap resource-<name>",
                "Resources the service links to (their URL in the environment).",
            ),
            read: |cx, p, n, s| s.resources = strings(cx, p, n),
        },
        Field {
            key: key(
                "scale", S::AnyOf(&[S::Int, S::Pattern(COUNT), S::Section]),
                "count (2, \"1-3\") or {count, cpu, memory, gpu, limit, targets, min, max, autoscale, keda, vpa}",
                "count 1, cpu 250, memory 512",
                "replicas, container resources, HorizontalPodAutoscaler / ScaledObject / VPA",
                "How many pods, and how big.",
            )
            .within("services.<name>.scale"),
            read: |cx, p, n, s| {
                scale(cx, p, n, &mut s.scale);
                emptied_by_unset(cx, p, n, NO_REPLICAS);
            },
        },
        Field {
            key: key(
                "securityContext", S::Section,
                "{runAsNonRoot, runAsUser, runAsGroup, readOnlyRootFilesystem, allowPrivilegeEscalation, capabilities, seccompProfile}",
                "",
                "container securityContext",
                "The container's security settings.",
            )
            .within("services.<name>.securityContext")
            .since(V3_24_5),
            read: |cx, p, n, s| {
                let mut sc = SecurityContext::default();
                table(cx, p, n, &SECURITY_CONTEXT, &mut sc);
                s.security_context = Some(sc);
            },
        },
        Field {
            key: key("singleton", S::Bool, "bool", "false", "deployment defaults 0 / 100", "At most one pod, even during updates."),
            read: |cx, p, n, s| s.singleton = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "startupProbe", S::Section,
                "{path, tcpSocketPort, grace, interval, timeout, successThreshold, failureThreshold}",
                "missing numbers copied from liveness; GPU services get a tcp probe on the port",
                "container startupProbe",
                "The check a slow-starting container must pass before the others run.",
            )
            .within("services.<name>.startupProbe"),
            read: |cx, p, n, s| table(cx, p, n, &STARTUP_PROBE, &mut s.startup_probe),
        },
        Field {
            key: key("sticky", S::Bool, "bool", "false", "Ingress cookie affinity (CONVOXSESSION)", "Send a client back to the same pod."),
            read: |cx, p, n, s| s.sticky = boolean(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("termination", S::Section, "{grace}", "grace 30", "pod terminationGracePeriodSeconds", "How long pods get to stop.")
                .within("services.<name>.termination"),
            read: |cx, p, n, s| table(cx, p, n, &TERMINATION, &mut s.termination),
        },
        Field {
            key: key("test", S::Str, "string", "", "none (convox test)", "The command convox test runs."),
            read: |cx, p, n, s| s.test = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("timeout", S::Int, "int (seconds)", "60", "Ingress proxy timeouts", "How long a request may take."),
            read: |cx, p, n, s| s.timeout = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("tls", S::Section, "{redirect}", "redirect true", "Ingress ssl-redirect", "Redirect HTTP to HTTPS.").within("services.<name>.tls"),
            read: |cx, p, n, s| table(cx, p, n, &TLS, &mut s.tls),
        },
        Field {
            key: key(
                "volumes", S::List(&S::Str),
                "list of /path or from:to",
                "",
                "emptyDir or hostPath volumes and their mounts",
                "Shared or host directories mounted into the container.",
            ),
            read: |cx, p, n, s| s.volumes = strings(cx, p, n),
        },
        Field {
            key: key(
                "volumeOptions", S::List(&S::Section),
                "list of {emptyDir | awsEfs | azureFiles}",
                "",
                "volumes ed-<id>, efs-<id> (PVC), azurefiles-<id> (PVC)",
                "Scratch, EFS and Azure Files volumes.",
            )
            .within("services.<name>.volumeOptions[]"),
            read: |cx, p, n, s| s.volume_options = list(cx, p, n, &VOLUME_OPTION, "[]manifest.VolumeOption"),
        },
        Field {
            key: key(
                "whitelist", S::Str,
                "\"10.0.0.0/8,…\"",
                "",
                "Ingress whitelist-source-range",
                "Source ranges allowed to reach the service's Ingress.",
            ),
            read: |cx, p, n, s| s.whitelist = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static ACCESS_CONTROL: Table<AccessControl> = Table {
    path: "services.<name>.accessControl",
    doc: "Cloud permissions for the service's pods.",
    go: "manifest.AccessControlOptions",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "awsPodIdentity",
            S::Section,
            "{policyArns}",
            "",
            "IAM role + EKS Pod Identity Association for ServiceAccount <service>",
            "AWS IAM policies the pods (and timers using the service) get.",
        )
        .within("services.<name>.accessControl.awsPodIdentity"),
        read: |cx, p, n, a| {
            let mut arns = Vec::new();
            table(cx, p, n, &POD_IDENTITY, &mut arns);
            a.aws_pod_identity = (!n.is_null()).then_some(arns);
        },
    }],
};

pub(crate) static POD_IDENTITY: Table<Vec<String>> = Table {
    path: "services.<name>.accessControl.awsPodIdentity",
    doc: "AWS IAM policies for the service's pods.",
    go: "manifest.AWSPodIdentityOptions",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "policyArns",
            S::List(&S::Str),
            "list of ARNs",
            "",
            "IAM role policy attachments",
            "The IAM policies to attach.",
        ),
        read: |cx, p, n, arns| *arns = strings(cx, p, n),
    }],
};

pub(crate) static BUILD: Table<Build> = Table {
    path: "services.<name>.build",
    doc: "How the image is built.",
    go: "manifest.serviceBuild",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "path",
                S::Str,
                "string",
                ". (when no image)",
                "none (build context)",
                "The build context directory.",
            ),
            read: |cx, p, n, b| b.path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "manifest",
                S::Str,
                "string",
                "Dockerfile",
                "none",
                "The Dockerfile, relative to the path.",
            ),
            read: |cx, p, n, b| b.manifest = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "args",
                S::List(&S::Str),
                "list of ARG or ARG=value",
                "",
                "none (docker build args)",
                "Build arguments.",
            ),
            read: |cx, p, n, b| b.args = strings(cx, p, n),
        },
    ],
};

pub(crate) static CERTIFICATE: Table<Certificate> = Table {
    path: "services.<name>.certificate",
    doc: "The TLS certificate of the service's domains.",
    go: "manifest.Certificate",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "id",
                S::Str,
                "string",
                "",
                "Ingress TLS secretName (a copy of your certificate)",
                "A certificate of yours (convox certs) to use.",
            ),
            read: |cx, p, n, c| {
                c.id = string(cx, p, n).unwrap_or_default();
                emptied_by_unset(cx, p, n, "the Ingress uses a certificate the rack issues instead of yours");
            },
        },
        Field {
            key: key(
                "duration",
                S::Str,
                "Go duration",
                "the rack's cert_duration",
                "Ingress cert-manager.io/duration",
                "Lifetime of the certificate the rack issues.",
            ),
            read: |cx, p, n, c| c.duration = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static CONFIG_MOUNT: Table<ConfigMount> = Table {
    path: "services.<name>.configMounts[]",
    doc: "A config file mounted into the container.",
    go: "manifest.ConfigMount",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "id",
                S::Ref(Ref::Config),
                "string (required)",
                "",
                "volume cfg-<id> from Secret cfg-<id>",
                "The id of a config under configs:.",
            ),
            read: |cx, p, n, c| c.id = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "dir",
                S::Str,
                "path (required)",
                "",
                "volumeMount mountPath <dir>/<filename>",
                "The directory the file appears in.",
            ),
            read: |cx, p, n, c| c.dir = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key("filename", S::Str, "string (required)", "", "volumeMount subPath", "The file's name."),
            read: |cx, p, n, c| c.filename = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static DEPLOYMENT: Table<DeploymentStrategy> = Table {
    path: "services.<name>.deployment",
    doc: "Rolling-update bounds, in percent of the replicas.",
    go: "manifest.ServiceDeployment",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "minimum",
                S::Range(0, 100),
                "int 0–100",
                "50 (0 for agents and singletons), each key on its own",
                "rollingUpdate maxUnavailable = 100 - minimum %",
                "The share of pods that must stay up during an update.",
            ),
            read: |cx, p, n, d| d.minimum = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "maximum",
                S::Range(100, 200),
                "int 100–200",
                "200 (100 for agents and singletons), each key on its own",
                "rollingUpdate maxSurge = maximum - 100 %",
                "The share of pods that may run during an update.",
            ),
            read: |cx, p, n, d| d.maximum = int(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static DNS_CONFIG: Table<DnsConfig> = Table {
    path: "services.<name>.dnsConfig",
    doc: "The pods' DNS options.",
    go: "manifest.ServiceDnsConfig",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "ndots",
            S::Int,
            "int",
            "",
            "pod dnsPolicy None, dnsConfig.options ndots",
            "Dots a name needs before it is tried as absolute.",
        ),
        read: |cx, p, n, d| d.ndots = int(cx, p, n).unwrap_or_default(),
    }],
};

/// The rack reads `health` itself: only a YAML int for the numbers, a string path and a
/// boolean `disable`; any other value is ignored.
pub(crate) static HEALTH: Table<Health> = Table {
    path: "services.<name>.health",
    doc: "The readiness check (the map form; a string is the path).",
    go: "manifest.ServiceHealth",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("path", S::Text, "string", "/", "readinessProbe httpGet.path", "The HTTP path checked."),
            read: |_, _, n, h| {
                if let Some(Scalar::Str(s)) = n.scalar() {
                    h.path = s;
                }
            },
        },
        Field {
            key: key(
                "grace",
                S::Int,
                "int (seconds; other values are ignored, with a warning)",
                "interval",
                "readinessProbe initialDelaySeconds",
                "Wait before the first check.",
            ),
            read: |cx, p, n, h| {
                let instead = "the first check waits health.interval";
                h.grace = int_only(cx, p, n, instead, "grace: 10 (seconds)").unwrap_or(h.grace);
            },
        },
        Field {
            key: key(
                "interval",
                S::Int,
                "int (seconds; other values are ignored, with a warning)",
                "5",
                "readinessProbe periodSeconds",
                "Time between checks.",
            ),
            read: |cx, p, n, h| {
                let instead = format!("the check runs every {DEFAULT_HEALTH_INTERVAL} seconds");
                let write = format!("interval: {DEFAULT_HEALTH_INTERVAL} (seconds)");
                h.interval = int_only(cx, p, n, &instead, &write).unwrap_or(h.interval);
            },
        },
        Field {
            key: key(
                "timeout",
                S::Int,
                "int (seconds; other values are ignored, with a warning)",
                "interval - 1",
                "readinessProbe timeoutSeconds",
                "How long a check may take.",
            ),
            read: |cx, p, n, h| {
                let instead = "a check may take health.interval - 1 seconds";
                h.timeout = int_only(cx, p, n, instead, "timeout: 3 (seconds)").unwrap_or(h.timeout);
            },
        },
        Field {
            key: key(
                "disable",
                S::Bool,
                "bool",
                "false",
                "no readinessProbe",
                "Turn the readiness check off.",
            ),
            read: |_, _, n, h| {
                if let Some(Scalar::Bool(b)) = n.scalar() {
                    h.disable = b;
                }
            },
        },
        Field {
            key: key(
                "port",
                PORT,
                "3000, \"https:3000\" or {port, scheme}",
                "the service's port and scheme",
                "readinessProbe httpGet.port / scheme",
                "Check another port or scheme.",
            )
            .within("services.<name>.port")
            .since(V3_24_5),
            read: |cx, p, n, h| {
                if let Some((scheme, port)) = port_scheme(cx, p, n) {
                    h.port = ProbePort { port, scheme };
                }
            },
        },
    ],
};

/// The `{port, scheme}` form of `port`, `health.port` and `liveness.port`.
pub(crate) static PORT_MAP: Table<PortMap> = Table {
    path: "services.<name>.port",
    doc: "A port with its scheme (the map form; 3000 and \"https:3000\" say the same).",
    go: "manifest.ServicePortScheme",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "port",
                S::AnyOf(&[S::Int, S::Pattern(PORT_STRING)]),
                "int or \"scheme:port\"",
                "",
                "containerPort main and the probes' port",
                "The port number.",
            ),
            read: port_map_port,
        },
        Field {
            key: key(
                "scheme",
                S::AnyCase(SCHEMES),
                "http | https | grpc (grpc is written GRPC)",
                "http",
                "Ingress backend-protocol; probe scheme",
                "The protocol the port speaks.",
            ),
            read: |cx, p, n, f| match n.scalar() {
                Some(Scalar::Null) => {}
                Some(Scalar::Str(s)) => f.scheme = Some(s),
                _ => {
                    // The rack's `scheme.(string)` panics on anything else.
                    cx.error_at(
                        p,
                        n,
                        format!(
                            "{p}: the scheme must be a string such as https (Convox cannot read {})",
                            go_value(n)
                        ),
                    );
                    f.failed = true;
                }
            },
        },
    ],
};

pub(crate) static IMAGE_PULL_SECRET: Table<ImagePullSecret> = Table {
    path: "services.<name>.imagePullSecrets[]",
    doc: "Credentials for one private registry.",
    go: "manifest.ServiceImagePullSecret",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "registry",
                S::Str,
                "host[:port]",
                "",
                "Secret convox-<app>-<service>-pull-<registry>",
                "The registry host, without scheme or path.",
            ),
            read: |cx, p, n, s| s.registry = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "username",
                S::Str,
                "string",
                "",
                "the Secret's .dockerconfigjson auth",
                "The registry user.",
            ),
            read: |cx, p, n, s| s.username = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "password",
                S::Str,
                "string",
                "",
                "the Secret's .dockerconfigjson auth",
                "The password, written literally (prefer passwordEnv).",
            ),
            read: |cx, p, n, s| s.password = opt_string(cx, p, n),
        },
        Field {
            key: key(
                "passwordEnv",
                S::Str,
                "env var name",
                "",
                "the Secret's .dockerconfigjson auth",
                "An app env var holding the password.",
            ),
            read: |cx, p, n, s| s.password_env = opt_string(cx, p, n),
        },
    ],
};

pub(crate) static INIT_CONTAINER: Table<InitContainer> = Table {
    path: "services.<name>.initContainer",
    doc: "A container that runs before the service's container starts.",
    go: "manifest.InitContainer",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "image",
                S::Str,
                "string",
                "the service's image",
                "initContainers[0].image",
                "The image it runs.",
            ),
            read: |cx, p, n, c| c.image = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "command",
                S::Str,
                "string",
                "",
                "initContainers[0].args (shell-split)",
                "The command it runs.",
            ),
            read: |cx, p, n, c| c.command = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "volumeOptions",
                S::List(&S::Section),
                "list of {emptyDir | awsEfs | azureFiles}",
                "",
                "initContainers[0].volumeMounts",
                "The service's volumes it mounts.",
            )
            .within("services.<name>.volumeOptions[]"),
            read: |cx, p, n, c| c.volume_options = list(cx, p, n, &VOLUME_OPTION, "[]manifest.VolumeOption"),
        },
        Field {
            key: key(
                "configMounts",
                S::List(&S::Section),
                "list of {id, dir, filename}",
                "",
                "initContainers[0].volumeMounts cfg-<id>",
                "Config files it mounts.",
            )
            .within("services.<name>.configMounts[]"),
            read: |cx, p, n, c| c.config_mounts = list(cx, p, n, &CONFIG_MOUNT, "manifest.ConfigMounts"),
        },
    ],
};

pub(crate) static LIFECYCLE: Table<Lifecycle> = Table {
    path: "services.<name>.lifecycle",
    doc: "Commands run around the container's life.",
    go: "manifest.ServiceLifecycle",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "preStop",
                S::Str,
                "string",
                "",
                "lifecycle.preStop.exec.command (shell-split)",
                "Runs before the container is stopped.",
            ),
            read: |cx, p, n, l| l.pre_stop = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "postStart",
                S::Str,
                "string",
                "",
                "lifecycle.postStart.exec.command (shell-split)",
                "Runs right after the container starts.",
            ),
            read: |cx, p, n, l| l.post_start = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static LIVENESS: Table<Liveness> = Table {
    path: "services.<name>.liveness",
    doc: "The check that restarts a stuck container (only with a path).",
    go: "manifest.ServiceLiveness",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "path",
                S::Str,
                "string",
                "",
                "livenessProbe httpGet.path",
                "The HTTP path checked; without it there is no liveness check.",
            ),
            read: |cx, p, n, l| l.path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "grace",
                S::Int,
                "int (seconds)",
                "10",
                "livenessProbe initialDelaySeconds",
                "Wait before the first check.",
            ),
            read: |cx, p, n, l| l.grace = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "interval",
                S::Int,
                "int (seconds)",
                "5",
                "livenessProbe periodSeconds",
                "Time between checks.",
            ),
            read: |cx, p, n, l| l.interval = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "timeout",
                S::Int,
                "int (seconds)",
                "5",
                "livenessProbe timeoutSeconds",
                "How long a check may take.",
            ),
            read: |cx, p, n, l| l.timeout = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "successThreshold",
                S::Int,
                "int",
                "1",
                "livenessProbe successThreshold",
                "Successes that count as healthy.",
            ),
            read: |cx, p, n, l| l.success_threshold = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "failureThreshold",
                S::Int,
                "int",
                "3",
                "livenessProbe failureThreshold",
                "Failures before a restart.",
            ),
            read: |cx, p, n, l| l.failure_threshold = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "port",
                PORT,
                "3000, \"https:3000\" or {port, scheme}",
                "the service's port",
                "livenessProbe httpGet.port / scheme",
                "Check another port or scheme.",
            )
            .within("services.<name>.port")
            .since(V3_24_5),
            read: |cx, p, n, l| {
                if let Some((scheme, port)) = port_scheme(cx, p, n) {
                    l.port = ProbePort { port, scheme };
                }
            },
        },
    ],
};

pub(crate) static AFFINITY: Table<Affinity> = Table {
    path: "services.<name>.nodeAffinityLabels[]",
    doc: "A node label the pods prefer.",
    go: "manifest.Affinity",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("label", S::Str, "string", "", "preference matchExpressions key", "The node label."),
            read: |cx, p, n, a| a.label = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "weight",
                S::Int,
                "int 1–100",
                "",
                "preferred weight",
                "How much the preference counts.",
            ),
            read: |cx, p, n, a| a.weight = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "value",
                S::Str,
                "string",
                "",
                "preference matchExpressions values",
                "The label's value.",
            ),
            read: |cx, p, n, a| a.value = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static STARTUP_PROBE: Table<StartupProbe> = Table {
    path: "services.<name>.startupProbe",
    doc: "The check a slow-starting container must pass first (with a path or tcpSocketPort).",
    go: "manifest.ServiceStartupProbe",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("path", S::Str, "string", "", "startupProbe httpGet.path", "The HTTP path checked."),
            read: |cx, p, n, s| s.path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "tcpSocketPort",
                S::Str,
                "string",
                "the port, for GPU services",
                "startupProbe tcpSocket.port",
                "A port checked by connecting.",
            ),
            read: |cx, p, n, s| s.tcp_socket_port = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "grace",
                S::Int,
                "int (seconds)",
                "liveness grace (GPU: 300)",
                "startupProbe initialDelaySeconds",
                "Wait before the first check.",
            ),
            read: |cx, p, n, s| s.grace = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "interval",
                S::Int,
                "int (seconds)",
                "liveness interval (GPU: 10)",
                "startupProbe periodSeconds",
                "Time between checks.",
            ),
            read: |cx, p, n, s| s.interval = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "timeout",
                S::Int,
                "int (seconds)",
                "liveness timeout (GPU: 5)",
                "startupProbe timeoutSeconds",
                "How long a check may take.",
            ),
            read: |cx, p, n, s| s.timeout = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "successThreshold",
                S::Int,
                "int",
                "liveness success (GPU: 1)",
                "startupProbe successThreshold",
                "Successes that count as started.",
            ),
            read: |cx, p, n, s| s.success_threshold = int(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "failureThreshold",
                S::Int,
                "int",
                "liveness failure (GPU: 180)",
                "startupProbe failureThreshold",
                "Failures before the container is restarted.",
            ),
            read: |cx, p, n, s| s.failure_threshold = int(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static TERMINATION: Table<Termination> = Table {
    path: "services.<name>.termination",
    doc: "How pods stop.",
    go: "manifest.ServiceTermination",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "grace",
            S::Int,
            "int (seconds)",
            "30 (0 is kept)",
            "pod terminationGracePeriodSeconds",
            "Time between SIGTERM and SIGKILL.",
        ),
        read: |cx, p, n, t| t.grace = int(cx, p, n).unwrap_or_default(),
    }],
};

pub(crate) static TLS: Table<Tls> = Table {
    path: "services.<name>.tls",
    doc: "TLS settings of the service's Ingress.",
    go: "manifest.ServiceTls",
    json: false,
    legacy: &[],
    fields: &[Field {
        key: key(
            "redirect",
            S::Bool,
            "bool",
            "true",
            "Ingress nginx.ingress.kubernetes.io/ssl-redirect",
            "Redirect HTTP to HTTPS.",
        ),
        read: |cx, p, n, t| t.redirect = boolean(cx, p, n).unwrap_or_default(),
    }],
};

pub(crate) static SECURITY_CONTEXT: Table<SecurityContext> = Table {
    path: "services.<name>.securityContext",
    doc: "The container's security settings.",
    go: "manifest.ServiceSecurityContext",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "runAsNonRoot",
                S::Bool,
                "bool",
                "",
                "securityContext.runAsNonRoot",
                "Refuse to run as root.",
            ),
            read: |cx, p, n, s| s.run_as_non_root = opt_bool(cx, p, n),
        },
        Field {
            key: key(
                "runAsUser",
                S::Int,
                "int",
                "",
                "securityContext.runAsUser",
                "The user id the process runs as.",
            ),
            read: |cx, p, n, s| s.run_as_user = opt_int(cx, p, n),
        },
        Field {
            key: key(
                "runAsGroup",
                S::Int,
                "int",
                "",
                "securityContext.runAsGroup",
                "The group id the process runs as.",
            ),
            read: |cx, p, n, s| s.run_as_group = opt_int(cx, p, n),
        },
        Field {
            key: key(
                "readOnlyRootFilesystem",
                S::Bool,
                "bool",
                "",
                "securityContext.readOnlyRootFilesystem",
                "Mount the image read-only.",
            ),
            read: |cx, p, n, s| s.read_only_root_filesystem = opt_bool(cx, p, n),
        },
        Field {
            key: key(
                "allowPrivilegeEscalation",
                S::Bool,
                "bool",
                "",
                "securityContext.allowPrivilegeEscalation",
                "Allow setuid binaries to gain privileges.",
            ),
            read: |cx, p, n, s| s.allow_privilege_escalation = opt_bool(cx, p, n),
        },
        Field {
            key: key(
                "capabilities",
                S::Section,
                "{add, drop}",
                "",
                "securityContext.capabilities",
                "Linux capabilities to add or drop.",
            )
            .within("services.<name>.securityContext.capabilities"),
            read: |cx, p, n, s| table(cx, p, n, &CAPABILITIES, s),
        },
        Field {
            key: key(
                "seccompProfile",
                S::Enum(SECCOMP_PROFILES),
                "RuntimeDefault | Unconfined",
                "",
                "securityContext.seccompProfile.type",
                "The seccomp profile.",
            ),
            read: |cx, p, n, s| s.seccomp_profile = opt_string(cx, p, n),
        },
    ],
};

pub(crate) static CAPABILITIES: Table<SecurityContext> = Table {
    path: "services.<name>.securityContext.capabilities",
    doc: "Linux capabilities, without the CAP_ prefix.",
    go: "manifest.ServiceSecurityContextCapabilities",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "add",
                S::List(&S::Str),
                "list of NAME",
                "",
                "securityContext.capabilities.add",
                "Capabilities to add, e.g. NET_BIND_SERVICE.",
            ),
            read: |cx, p, n, s| s.capabilities_add = strings(cx, p, n),
        },
        Field {
            key: key(
                "drop",
                S::List(&S::Str),
                "list of NAME",
                "",
                "securityContext.capabilities.drop",
                "Capabilities to drop, e.g. ALL.",
            ),
            read: |cx, p, n, s| s.capabilities_drop = strings(cx, p, n),
        },
    ],
};

pub(crate) static VOLUME_OPTION: Table<VolumeOption> = Table {
    path: "services.<name>.volumeOptions[]",
    doc: "One volume: exactly one of emptyDir, awsEfs, azureFiles.",
    go: "manifest.VolumeOption",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "emptyDir",
                S::Section,
                "{id, mountPath, medium, sizeLimit}",
                "",
                "volume ed-<id> (emptyDir)",
                "Scratch space that lives as long as the pod.",
            )
            .within("services.<name>.volumeOptions[].emptyDir"),
            read: |cx, p, n, v| {
                let mut e = EmptyDir::default();
                table(cx, p, n, &EMPTY_DIR, &mut e);
                v.empty_dir = (!n.is_null()).then_some(e);
            },
        },
        Field {
            key: key(
                "awsEfs",
                S::Section,
                "{id, mountPath, accessMode, storageClass, volumeHandle}",
                "",
                "PVC efs-<service>-<id> (and a PV with volumeHandle); volume efs-<id>",
                "An EFS file system (AWS racks with EFS).",
            )
            .within("services.<name>.volumeOptions[].awsEfs"),
            read: |cx, p, n, v| {
                let mut e = AwsEfs::default();
                table(cx, p, n, &AWS_EFS, &mut e);
                v.aws_efs = (!n.is_null()).then_some(e);
            },
        },
        Field {
            key: key(
                "azureFiles",
                S::Section,
                "{id, mountPath, accessMode, shareSize}",
                "",
                "PVC azurefiles-<service>-<id>; volume azurefiles-<id>",
                "An Azure Files NFS share (Azure racks).",
            )
            .within("services.<name>.volumeOptions[].azureFiles")
            .since(V3_24_4),
            read: |cx, p, n, v| {
                let mut a = AzureFiles::default();
                table(cx, p, n, &AZURE_FILES, &mut a);
                v.azure_files = (!n.is_null()).then_some(a);
            },
        },
    ],
};

pub(crate) static EMPTY_DIR: Table<EmptyDir> = Table {
    path: "services.<name>.volumeOptions[].emptyDir",
    doc: "Scratch space for the pod.",
    go: "manifest.VolumeEmptyDir",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key("id", S::Str, "string (required)", "", "volume ed-<id>", "The volume's id."),
            read: |cx, p, n, e| e.id = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "medium",
                S::Enum(&["Memory"]),
                "Memory",
                "disk",
                "emptyDir.medium",
                "Memory keeps it in RAM.",
            ),
            read: |cx, p, n, e| e.medium = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "mountPath",
                S::Str,
                "path (required)",
                "",
                "volumeMount mountPath",
                "Where it is mounted.",
            ),
            read: |cx, p, n, e| e.mount_path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "sizeLimit",
                S::Str,
                "quantity, e.g. 1Gi",
                "",
                "emptyDir.sizeLimit",
                "The most it may hold.",
            )
            .since(V3_24_5),
            read: |cx, p, n, e| e.size_limit = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static AWS_EFS: Table<AwsEfs> = Table {
    path: "services.<name>.volumeOptions[].awsEfs",
    doc: "An EFS volume.",
    go: "manifest.VolumeAwsEfs",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "id",
                S::Str,
                "string (required)",
                "",
                "PVC efs-<service>-<id>, volume efs-<id>",
                "The volume's id.",
            ),
            read: |cx, p, n, e| e.id = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "accessMode",
                S::Enum(ACCESS_MODES),
                "ReadWriteOnce | ReadOnlyMany | ReadWriteMany (required)",
                "",
                "PVC accessModes",
                "How pods may mount it.",
            ),
            read: |cx, p, n, e| e.access_mode = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "mountPath",
                S::Str,
                "path (required)",
                "",
                "volumeMount mountPath",
                "Where it is mounted.",
            ),
            read: |cx, p, n, e| e.mount_path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "storageClass",
                S::Str,
                "string",
                "efs-sc",
                "PVC storageClassName",
                "The storage class.",
            ),
            read: |cx, p, n, e| e.storage_class = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "volumeHandle",
                S::Str,
                "fs-id[:path], [APP]/[SERVICE] placeholders",
                "",
                "PV efs-pv-<app>-<service>-<id> csi.volumeHandle",
                "Mount an existing file system or path.",
            ),
            read: |cx, p, n, e| e.volume_handle = string(cx, p, n).unwrap_or_default(),
        },
    ],
};

pub(crate) static AZURE_FILES: Table<AzureFiles> = Table {
    path: "services.<name>.volumeOptions[].azureFiles",
    doc: "An Azure Files NFS volume.",
    go: "manifest.VolumeAzureFiles",
    json: false,
    legacy: &[],
    fields: &[
        Field {
            key: key(
                "id",
                S::Pattern(NAME),
                "^[a-z][a-z0-9-]*$ (required)",
                "",
                "PVC azurefiles-<service>-<id>, volume azurefiles-<id>",
                "The volume's id.",
            ),
            read: |cx, p, n, a| a.id = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "accessMode",
                S::Enum(ACCESS_MODES),
                "ReadWriteOnce | ReadOnlyMany | ReadWriteMany (required)",
                "",
                "PVC accessModes",
                "How pods may mount it.",
            ),
            read: |cx, p, n, a| a.access_mode = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "mountPath",
                S::Str,
                "path (required)",
                "",
                "volumeMount mountPath",
                "Where it is mounted.",
            ),
            read: |cx, p, n, a| a.mount_path = string(cx, p, n).unwrap_or_default(),
        },
        Field {
            key: key(
                "shareSize",
                S::Str,
                "quantity ≥ 100Gi",
                "100Gi",
                "PVC resources.requests.storage",
                "The share's size.",
            ),
            read: |cx, p, n, a| a.share_size = string(cx, p, n).unwrap_or_default(),
        },
    ],
};
