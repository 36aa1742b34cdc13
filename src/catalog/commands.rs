//! The table behind every catalog row: per [`Role`] (and per run-time kind) the naming
//! pattern and the kubectl commands, as templates. Each command says what its `-l` selector
//! is meant to find ([`Target`]), so the tests can prove the selector matches on a cluster.
//!
//! Placeholders: `{name}` object name, `{ns}` its namespace, `{owner}` the convox.yml name,
//! `{rack}`, `{app}`, `{rack_ns}`, `{release}`, `{build}`, `{port}` the first Service port,
//! `{pods}` the selector of the owning workload's pods, `{workload}` e.g. `deploy/web`,
//! `{container}` the main container name, `{max_logs}` ` --max-log-requests=N` when following
//! the workload's pods by a selector can open more streams than kubectl's default 5 (N: the
//! most pods that can run at once), and `{label:KEY}` any label of the object.

use crate::mapping::{names, Role};

/// What a command's `-l` selector finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// No `-l` selector in the command.
    Nothing,
    /// The row's own object (its `metadata.labels`).
    This,
    /// The pods of the row's workload (its pod-template labels), or of the workload with the
    /// same owner for rows that are not workloads.
    Pods,
    /// The pods a Service routes to (its `spec.selector`).
    Selected,
    /// EndpointSlices, which the cluster labels `kubernetes.io/service-name=<service>`.
    EndpointSlices,
}

/// One command template.
#[derive(Debug, Clone, Copy)]
pub struct Cmd {
    pub description: &'static str,
    pub command: &'static str,
    pub target: Target,
}

/// The naming pattern and commands of one kind of row.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub pattern: &'static str,
    pub commands: &'static [Cmd],
}

const fn cmd(description: &'static str, command: &'static str, target: Target) -> Cmd {
    Cmd { description, command, target }
}

use Target::{EndpointSlices, Nothing, Pods, Selected, This};

const NAMESPACE_CMDS: &[Cmd] = &[
    cmd(
        "List every namespace of this rack (the rack's and each app's)",
        "kubectl get ns -l system=convox,rack={rack}",
        This,
    ),
    cmd(
        "Show this namespace with its labels and annotations",
        "kubectl get namespace {name} -o yaml",
        Nothing,
    ),
    cmd(
        "Make it the default namespace of your kubectl context",
        "kubectl config set-context --current --namespace={name}",
        Nothing,
    ),
    cmd("List the workloads, pods and Services in it", "kubectl get all -n {name}", Nothing),
    cmd("Recent events in it, newest last", "kubectl get events -n {name} --sort-by=.lastTimestamp", Nothing),
];

const RACK_NAMESPACE: &[Cmd] = &[
    NAMESPACE_CMDS[0],
    cmd("List rack namespaces", "kubectl get ns -l type=rack", This),
    NAMESPACE_CMDS[1],
    cmd(
        "See the rack's own components (API, router, atom controller, resolver)",
        "kubectl get all -n {name}",
        Nothing,
    ),
    NAMESPACE_CMDS[4],
];

const APP_NAMESPACE: &[Cmd] = &[
    NAMESPACE_CMDS[0],
    cmd("List app namespaces on this rack", "kubectl get ns -l type=app,rack={rack}", This),
    NAMESPACE_CMDS[1],
    NAMESPACE_CMDS[2],
    NAMESPACE_CMDS[3],
    cmd(
        "List what `get all` leaves out: Ingresses, ConfigMaps, Secrets, PVCs, ServiceAccounts, PDBs",
        "kubectl get ing,cm,secret,pvc,sa,pdb -n {name}",
        Nothing,
    ),
    NAMESPACE_CMDS[4],
];

const BALANCER: &[Cmd] = &[
    cmd("List the app's custom balancers", "kubectl get svc -n {ns} -l type=balancer", This),
    cmd(
        "Get the NLB hostname",
        "kubectl get svc {name} -n {ns} -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'",
        Nothing,
    ),
    cmd("Check ports and provisioning events", "kubectl describe svc {name} -n {ns}", Nothing),
    cmd("List the pods it sends traffic to", "kubectl get pods -n {ns} -l {selector} -o wide", Selected),
    cmd(
        "Check it has ready endpoints",
        "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
        EndpointSlices,
    ),
];

const INGRESS: &[Cmd] = &[
    cmd("List the service's Ingresses", "kubectl get ing -n {ns} -l service={owner}", This),
    cmd("Check hosts, TLS, backend and events", "kubectl describe ing {name} -n {ns}", Nothing),
    cmd(
        "Show its annotations (timeouts, whitelist, redirect, affinity)",
        "kubectl get ing {name} -n {ns} -o yaml",
        Nothing,
    ),
    cmd(
        "List the pods behind it (503s mean none are ready)",
        "kubectl get pods -n {ns} -l service={owner},type=service",
        Pods,
    ),
];

const INTERNAL_INGRESS: &[Cmd] = INGRESS;

const CERTIFICATE_SECRET: &[Cmd] = &[
    cmd("Show the copy in the app namespace", "kubectl get secret {name} -n {ns}", Nothing),
    cmd("Show the original in the rack namespace", "kubectl get secret {name} -n {rack_ns}", Nothing),
    cmd(
        "Check the certificate's subject and expiry",
        "kubectl get secret {name} -n {ns} -o jsonpath='{.data.tls\\.crt}' | base64 --decode | openssl x509 -noout -subject -enddate",
        Nothing,
    ),
];

const RESOURCE_FIND: Cmd = cmd(
    "List every object of this resource",
    "kubectl get deploy,svc,pvc,configmap -n {ns} -l resource={label:resource}",
    This,
);

const RESOURCE_CONFIG_MAP: &[Cmd] = &[
    RESOURCE_FIND,
    cmd(
        "Show the connection values services receive",
        "kubectl get configmap {name} -n {ns} -o yaml",
        Nothing,
    ),
    cmd("Print the URL", "kubectl get configmap {name} -n {ns} -o jsonpath='{.data.URL}'", Nothing),
];

const RESOURCE_DEPLOYMENT: &[Cmd] = &[
    cmd("List its pod", "kubectl get pods -n {ns} -l {pods} -o wide", Pods),
    cmd("Follow its logs", "kubectl logs -f -n {ns} -l {pods}{max_logs}", Pods),
    cmd("Check rollout status and events", "kubectl describe deployment {name} -n {ns}", Nothing),
    RESOURCE_FIND,
];

const RESOURCE_SERVICE: &[Cmd] = &[
    cmd("List the resource's Service", "kubectl get svc -n {ns} -l resource={label:resource}", This),
    cmd("Check its endpoints and node port", "kubectl describe svc {name} -n {ns}", Nothing),
    cmd("Connect from your machine", "kubectl port-forward svc/{name} -n {ns} {port}:{port}", Nothing),
    cmd(
        "Check it has a ready endpoint",
        "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
        EndpointSlices,
    ),
];

const RESOURCE_VOLUME_CLAIM: &[Cmd] = &[
    cmd("List the resource's claim", "kubectl get pvc -n {ns} -l resource={label:resource}", This),
    cmd("Check it is Bound, and to which volume", "kubectl describe pvc {name} -n {ns}", Nothing),
];

const MANAGED_CONFIG_MAP: &[Cmd] = &[
    cmd(
        "List the managed resource's ConfigMap",
        "kubectl get configmap -n {ns} -l provisioner={label:provisioner},resource={label:resource}",
        This,
    ),
    cmd(
        "Show the connection values (filled in once AWS reports the instance)",
        "kubectl get configmap {name} -n {ns} -o yaml",
        Nothing,
    ),
];

const CONFIG_SECRET: &[Cmd] = &[
    cmd("List the app's config Secrets", "kubectl get secrets -n {ns} -l type=config", This),
    cmd(
        "Print the config's app.json",
        "kubectl get secret {name} -n {ns} -o jsonpath='{.data.app\\.json}' | base64 --decode",
        Nothing,
    ),
];

const EFS_VOLUME: &[Cmd] = &[
    cmd("Show the PersistentVolume (cluster-scoped)", "kubectl get pv {name}", Nothing),
    cmd("Check its EFS volume handle and claim", "kubectl describe pv {name}", Nothing),
];

const AZURE_FILES_VOLUME_CLAIM: &[Cmd] = &[
    cmd("List the app's Convox claims", "kubectl get pvc -n {ns} -l system=convox", This),
    cmd(
        "Check it is Bound (the azurefile-csi-nfs class provisions the share)",
        "kubectl describe pvc {name} -n {ns}",
        Nothing,
    ),
    cmd(
        "Check the mount in the service's pods",
        "kubectl describe pods -n {ns} -l service={owner},type=service",
        Pods,
    ),
];

const EFS_VOLUME_CLAIM: &[Cmd] = &[
    cmd("List the app's Convox claims", "kubectl get pvc -n {ns} -l system=convox", This),
    cmd("Check it is Bound, and to which volume", "kubectl describe pvc {name} -n {ns}", Nothing),
    cmd(
        "Check the mount in the service's pods",
        "kubectl describe pods -n {ns} -l service={owner},type=service",
        Pods,
    ),
];

const IMAGE_PULL_SECRET: &[Cmd] = &[
    cmd("Show the Secret", "kubectl get secret {name} -n {ns}", Nothing),
    cmd(
        "Decode the registry credentials",
        "kubectl get secret {name} -n {ns} -o jsonpath='{.data.\\.dockerconfigjson}' | base64 --decode",
        Nothing,
    ),
    cmd(
        "Look for ImagePullBackOff in the service's pods",
        "kubectl describe pods -n {ns} -l service={owner},type=service",
        Pods,
    ),
];

const DOCKER_HUB_SECRET: &[Cmd] = &[
    cmd("Show the Secret", "kubectl get secret {name} -n {ns}", Nothing),
    cmd(
        "Check which Docker Hub user it holds",
        "kubectl get secret {name} -n {ns} -o jsonpath='{.data.\\.dockerconfigjson}' | base64 --decode",
        Nothing,
    ),
    cmd(
        "Look for ImagePullBackOff or rate-limit events",
        "kubectl get events -n {ns} --field-selector reason=Failed",
        Nothing,
    ),
];

const ENV_SECRET: &[Cmd] = &[
    cmd("Find it by label", "kubectl get secret -n {ns} -l type=env,service={owner}", This),
    cmd("View it (values are base64)", "kubectl get secret {name} -n {ns} -o yaml", Nothing),
    cmd(
        "Decode every value",
        "kubectl get secret {name} -n {ns} -o go-template='{{range $k, $v := .data}}{{$k}}={{$v | base64decode}}{{\"\\n\"}}{{end}}'",
        Nothing,
    ),
];

const SERVICE_ACCOUNT: &[Cmd] = &[
    cmd("Find it by label", "kubectl get sa -n {ns} -l type=serviceaccount,service={owner}", This),
    cmd("Show its annotations (IRSA role-arn only if you set one)", "kubectl get sa {name} -n {ns} -o yaml", Nothing),
    cmd(
        "Show its EKS Pod Identity association (accessControl.awsPodIdentity; not an annotation)",
        "aws eks list-pod-identity-associations --cluster-name {rack} --namespace {ns} --service-account {name}",
        Nothing,
    ),
];

const SERVICE_FIND: Cmd = cmd(
    "Get the service's workload, Services, Ingresses, HPA and PDB",
    "kubectl get deploy,ds,svc,ing,hpa,pdb -n {ns} -l service={owner}",
    This,
);

/// Workloads lead with what is used most: their pods, then their logs (the page shows the
/// first two unfolded).
const DEPLOYMENT: &[Cmd] = &[
    cmd("List its pods (STATUS, RESTARTS)", "kubectl get pods -n {ns} -l {pods} -o wide", Pods),
    cmd(
        "Tail logs from all its pods",
        "kubectl logs -f -n {ns} -l {pods} -c {container} --prefix{max_logs}",
        Pods,
    ),
    cmd("Check replicas, strategy and events", "kubectl describe deployment {name} -n {ns}", Nothing),
    cmd("Watch a rollout", "kubectl rollout status deployment/{name} -n {ns}", Nothing),
    cmd("Open a shell in one pod", "kubectl exec -it deploy/{name} -n {ns} -c {container} -- sh", Nothing),
    SERVICE_FIND,
];

const DAEMON_SET: &[Cmd] = &[
    cmd("List its pods and the nodes they run on", "kubectl get pods -n {ns} -l {pods} -o wide", Pods),
    cmd(
        "Tail logs from all its pods",
        "kubectl logs -f -n {ns} -l {pods} -c {container} --prefix{max_logs}",
        Pods,
    ),
    cmd("Check desired/ready per node and events", "kubectl describe daemonset {name} -n {ns}", Nothing),
    cmd("Watch a rollout", "kubectl rollout status daemonset/{name} -n {ns}", Nothing),
    SERVICE_FIND,
];

const AUTOSCALER: &[Cmd] = &[
    cmd("Find it by label", "kubectl get hpa -n {ns} -l service={owner}", This),
    cmd("Check current metrics, targets and scaling events", "kubectl describe hpa {name} -n {ns}", Nothing),
    cmd(
        "Check the metrics API has pod metrics",
        "kubectl top pods -n {ns} -l service={owner},type=service",
        Pods,
    ),
];

const CLUSTER_SERVICE: &[Cmd] = &[
    cmd("Find it by label (it has no type label)", "kubectl get svc -n {ns} -l service={owner}", This),
    cmd("Check its selector and endpoints", "kubectl describe svc {name} -n {ns}", Nothing),
    cmd("List the pods it routes to", "kubectl get pods -n {ns} -l {selector}", Selected),
    cmd(
        "Check it has ready endpoints",
        "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
        EndpointSlices,
    ),
    cmd("Reach it from your machine", "kubectl port-forward svc/{name} -n {ns} {port}:{port}", Nothing),
];

const DISRUPTION_BUDGET: &[Cmd] = &[
    cmd("Find it by label", "kubectl get pdb -n {ns} -l service={owner}", This),
    cmd("Check allowed disruptions (0 blocks node drains)", "kubectl describe pdb {name} -n {ns}", Nothing),
];

const TIMER_SERVICE_ACCOUNT: &[Cmd] = &[
    cmd("Find it by label", "kubectl get sa -n {ns} -l timer={owner}", This),
    cmd("Show its annotations", "kubectl get sa {name} -n {ns} -o yaml", Nothing),
    cmd(
        "Show its EKS Pod Identity association (from the service's accessControl)",
        "aws eks list-pod-identity-associations --cluster-name {rack} --namespace {ns} --service-account {name}",
        Nothing,
    ),
];

const CRON_JOB: &[Cmd] = &[
    cmd("List its pods with the Job each belongs to", "kubectl get pods -n {ns} -l {pods} -L job-name", Pods),
    cmd("Show logs of its recent pods", "kubectl logs -n {ns} -l {pods} --tail=200 --prefix", Pods),
    cmd("Check schedule, last run and events", "kubectl describe cronjob {name} -n {ns}", Nothing),
    // A Job takes its pod template's labels when it has none of its own.
    cmd(
        "List the Jobs it created, newest last",
        "kubectl get jobs -n {ns} -l {pods} --sort-by=.metadata.creationTimestamp",
        Pods,
    ),
    cmd("Run it once now", "kubectl create job {name}-manual -n {ns} --from=cronjob/{name}", Nothing),
    cmd(
        "List the app's CronJobs (they have no type label)",
        "kubectl get cronjob -n {ns} -l system=convox",
        This,
    ),
];

const HTTP_PROXY_CMDS: &[Cmd] = &[
    cmd(
        "List the service's HTTPProxies (one per domain)",
        "kubectl get httpproxy -n {ns} -l service={owner}",
        This,
    ),
    cmd(
        "Check its status (valid, or why not) and virtual host",
        "kubectl describe httpproxy {name} -n {ns}",
        Nothing,
    ),
    cmd("List the pods behind it", "kubectl get pods -n {ns} -l {pods}", Pods),
];

const HTTP_PROXY: &[Cmd] = HTTP_PROXY_CMDS;
const DOMAIN_HTTP_PROXY: &[Cmd] = HTTP_PROXY_CMDS;

const CERTIFICATE_CMDS: &[Cmd] = &[
    cmd(
        "List the service's certificates and whether they are Ready",
        "kubectl get certificate -n {ns} -l service={owner}",
        This,
    ),
    cmd(
        "Read why it is not Ready (the ACME order and challenge)",
        "kubectl describe certificate {name} -n {ns}",
        Nothing,
    ),
    cmd("List the ACME challenges in progress", "kubectl get challenges -n {ns}", Nothing),
];

const CERTIFICATE: &[Cmd] = CERTIFICATE_CMDS;
const DOMAINS_CERTIFICATE: &[Cmd] = CERTIFICATE_CMDS;

const SCALED_OBJECT: &[Cmd] = &[
    cmd("Find it by label", "kubectl get scaledobject -n {ns} -l service={owner}", This),
    cmd(
        "Check it is Ready and Active, and its triggers' errors",
        "kubectl describe scaledobject {name} -n {ns}",
        Nothing,
    ),
    cmd("See the HPA KEDA drives from it", "kubectl get hpa keda-hpa-{name} -n {ns}", Nothing),
    cmd("Watch the replicas it sets", "kubectl get pods -n {ns} -l {pods}", Pods),
];

const TRIGGER_AUTHENTICATION: &[Cmd] = &[
    cmd("Show it", "kubectl get triggerauthentication {name} -n {ns} -o yaml", Nothing),
    cmd(
        "Check the triggers that use it authenticate (events of the app's ScaledObjects)",
        "kubectl describe scaledobject -n {ns}",
        Nothing,
    ),
];

const VERTICAL_POD_AUTOSCALER: &[Cmd] = &[
    cmd("Find it by label", "kubectl get vpa -n {ns} -l service={owner}", This),
    cmd("Read its recommendations and update mode", "kubectl describe vpa {name} -n {ns}", Nothing),
];

/// A symptom someone debugging an object meets, what Kubernetes usually means by it, and the
/// commands that tell: the rows of the troubleshooting cheat sheet. `{…}` placeholders as in
/// commands, in the symptom too.
#[derive(Debug, Clone, Copy)]
pub struct IssueSpec {
    pub symptom: &'static str,
    pub cause: &'static str,
    pub commands: &'static [Cmd],
}

const fn issue(symptom: &'static str, cause: &'static str, commands: &'static [Cmd]) -> IssueSpec {
    IssueSpec { symptom, cause, commands }
}

const POD_EVENTS: Cmd = cmd(
    "Read its pods' events (probes, image pulls, scheduling)",
    "kubectl describe pods -n {ns} -l {pods}",
    Pods,
);
const POD_LIST: Cmd =
    cmd("List its pods (STATUS, RESTARTS)", "kubectl get pods -n {ns} -l {pods} -o wide", Pods);
const PREVIOUS_LOGS: Cmd = cmd(
    "Logs of crashed containers (the run before the restart)",
    "kubectl logs --previous -n {ns} -l {pods} -c {container} --prefix",
    Pods,
);

const WORKLOAD_ISSUES: &[IssueSpec] = &[
    issue(
        "{owner}: the deploy fails or rolls back",
        "Its pods never become Ready: CrashLoopBackOff, ImagePullBackOff, a failing readiness probe, or no node with room.",
        &[
            cmd("Watch the rollout", "kubectl rollout status {workload} -n {ns}", Nothing),
            POD_LIST,
            POD_EVENTS,
            PREVIOUS_LOGS,
        ],
    ),
    issue(
        "{owner}: no logs",
        "The pods crash and restart before they log, or the app logs to a file instead of stdout.",
        &[
            cmd("Recent logs of all its pods", "kubectl logs -n {ns} -l {pods} -c {container} --prefix --tail=100", Pods),
            PREVIOUS_LOGS,
            cmd(
                "Recent pod events in the namespace, newest last",
                "kubectl get events -n {ns} --field-selector involvedObject.kind=Pod --sort-by=.lastTimestamp",
                Nothing,
            ),
        ],
    ),
    issue(
        "{owner}: pods stay Pending",
        "No node fits their requests (cpu, memory, GPU) or selectors, or a volume claim is not bound.",
        &[POD_EVENTS, cmd("Check the app's volume claims are Bound", "kubectl get pvc -n {ns}", Nothing)],
    ),
];

const SERVICE_ISSUES: &[IssueSpec] = &[issue(
    "{owner}: unreachable inside the cluster (connection refused, timeouts)",
    "No ready pod behind the Service, or the app does not listen on the port.",
    &[
        cmd(
            "Check it has ready endpoints",
            "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
            EndpointSlices,
        ),
        cmd("List the pods it routes to", "kubectl get pods -n {ns} -l {selector}", Selected),
        cmd("Try it from your machine", "kubectl port-forward svc/{name} -n {ns} {port}:{port}", Nothing),
    ],
)];

const INGRESS_ISSUES: &[IssueSpec] = &[
    issue(
        "{owner}: 502, 503 or 504 from the router",
        "No ready pod behind Service {owner}, a backend protocol that does not match the app, or a request longer than the timeout.",
        &[
            cmd("Check the backend and annotations", "kubectl describe ing {name} -n {ns}", Nothing),
            cmd("List the pods behind it", "kubectl get pods -n {ns} -l {pods}", Pods),
        ],
    ),
    issue(
        "{owner}: TLS certificate errors",
        "cert-manager has not issued the certificate yet (DNS not pointing at the router, or a rate limit).",
        &[
            cmd("List the certificates and whether they are Ready", "kubectl get certificates -n {ns}", Nothing),
            cmd(
                "Read the failing ones' events",
                "kubectl describe certificates -n {ns}",
                Nothing,
            ),
        ],
    ),
];

const CRON_JOB_ISSUES: &[IssueSpec] = &[
    issue(
        "Timer {owner} never runs",
        "An invalid schedule, a suspended CronJob, or concurrency Forbid while the previous run still runs.",
        &[
            cmd("Check schedule, last run and events", "kubectl describe cronjob {name} -n {ns}", Nothing),
            cmd("List the Jobs it created", "kubectl get jobs -n {ns} -l {pods}", Pods),
        ],
    ),
    issue(
        "Timer {owner} runs but fails",
        "Its pod exits non-zero; a Job retries nothing (backoffLimit 0).",
        &[
            cmd("List its pods with their Job", "kubectl get pods -n {ns} -l {pods} -L job-name", Pods),
            cmd("Read their logs", "kubectl logs -n {ns} -l {pods} -c {container} --prefix --tail=200", Pods),
        ],
    ),
];

const AUTOSCALER_ISSUES: &[IssueSpec] = &[issue(
    "{owner}: autoscaling does not happen",
    "The HorizontalPodAutoscaler cannot read metrics (metrics-server), or the pods have no resource requests.",
    &[
        cmd("Check current metrics, targets and events", "kubectl describe hpa {name} -n {ns}", Nothing),
        cmd("Check the metrics API has pod metrics", "kubectl top pods -n {ns} -l {pods}", Pods),
    ],
)];

const RESOURCE_ISSUES: &[IssueSpec] = &[issue(
    "Resource {owner}: does not start, or services cannot connect",
    "Its pod is Pending (the claim is not bound) or crashing, or the service reads a stale URL.",
    &[
        POD_EVENTS,
        cmd("Read its logs", "kubectl logs -n {ns} -l {pods} --tail=100", Pods),
        cmd("Check its claim and Service", "kubectl get pvc,svc -n {ns} -l resource={label:resource}", This),
    ],
)];

const BALANCER_ISSUES: &[IssueSpec] = &[issue(
    "Balancer {owner}: no address",
    "The cloud load balancer is still being created, or was refused (quota, subnets).",
    &[
        cmd("Read its events", "kubectl describe svc {name} -n {ns}", Nothing),
        cmd(
            "Check it has ready endpoints",
            "kubectl get endpointslices -n {ns} -l kubernetes.io/service-name={name}",
            EndpointSlices,
        ),
    ],
)];

const HTTP_PROXY_ISSUES: &[IssueSpec] = &[issue(
    "{owner}: 502, 503 or 404 from the contour router",
    "The HTTPProxy is not valid (its status says why), or no ready pod is behind Service {owner}.",
    &[
        cmd("Check its status", "kubectl describe httpproxy {name} -n {ns}", Nothing),
        cmd("List the pods behind it", "kubectl get pods -n {ns} -l {pods}", Pods),
    ],
)];

const CERTIFICATE_ISSUES: &[IssueSpec] = &[issue(
    "Certificate {name}: never Ready",
    "The ACME challenge fails: DNS does not point at the router yet, or Let's Encrypt rate-limits the domain.",
    &[
        cmd("Read its events", "kubectl describe certificate {name} -n {ns}", Nothing),
        cmd("List the ACME challenges in progress", "kubectl get challenges -n {ns}", Nothing),
    ],
)];

const SCALED_OBJECT_ISSUES: &[IssueSpec] = &[issue(
    "{owner}: KEDA does not scale",
    "A trigger cannot reach its source (Prometheus, SQS, …) or authenticate, so the ScaledObject is not Ready or not Active.",
    &[
        cmd("Check it is Ready and Active", "kubectl describe scaledobject {name} -n {ns}", Nothing),
        cmd("Read the HPA KEDA drives", "kubectl describe hpa keda-hpa-{name} -n {ns}", Nothing),
    ],
)];

const CLAIM_ISSUES: &[IssueSpec] = &[issue(
    "Volume claim {name}: stays Pending",
    "No storage class provisions it, or its CSI driver is missing on the cluster.",
    &[
        cmd("Read its events", "kubectl describe pvc {name} -n {ns}", Nothing),
        cmd("List the cluster's storage classes", "kubectl get storageclass", Nothing),
    ],
)];

/// The cheat-sheet rows an object of `role` brings.
pub fn issues(role: Role) -> &'static [IssueSpec] {
    match role {
        Role::Deployment | Role::DaemonSet => WORKLOAD_ISSUES,
        Role::ClusterService => SERVICE_ISSUES,
        Role::Ingress | Role::InternalIngress => INGRESS_ISSUES,
        Role::CronJob => CRON_JOB_ISSUES,
        Role::Autoscaler => AUTOSCALER_ISSUES,
        Role::ResourceDeployment => RESOURCE_ISSUES,
        Role::Balancer => BALANCER_ISSUES,
        Role::EfsVolumeClaim | Role::ResourceVolumeClaim | Role::AzureFilesVolumeClaim => CLAIM_ISSUES,
        Role::HttpProxy | Role::InternalHttpProxy => HTTP_PROXY_ISSUES,
        Role::Certificate | Role::DomainsCertificate => CERTIFICATE_ISSUES,
        Role::ScaledObject => SCALED_OBJECT_ISSUES,
        _ => &[],
    }
}

/// The row spec of each mapped object's role: its naming pattern ([`names::pattern`]) and
/// its commands.
pub fn spec(role: Role) -> Spec {
    Spec { pattern: names::pattern(role), commands: role_commands(role) }
}

fn role_commands(role: Role) -> &'static [Cmd] {
    match role {
        Role::RackNamespace => RACK_NAMESPACE,
        Role::AppNamespace => APP_NAMESPACE,
        Role::Balancer => BALANCER,
        Role::Ingress => INGRESS,
        Role::InternalIngress => INTERNAL_INGRESS,
        Role::CertificateSecret => CERTIFICATE_SECRET,
        Role::ResourceConfigMap => RESOURCE_CONFIG_MAP,
        Role::ResourceDeployment => RESOURCE_DEPLOYMENT,
        Role::ResourceService => RESOURCE_SERVICE,
        Role::ResourceVolumeClaim => RESOURCE_VOLUME_CLAIM,
        Role::ManagedResourceConfigMap => MANAGED_CONFIG_MAP,
        Role::ConfigSecret => CONFIG_SECRET,
        Role::DockerHubSecret => DOCKER_HUB_SECRET,
        Role::EfsVolume => EFS_VOLUME,
        Role::EfsVolumeClaim => EFS_VOLUME_CLAIM,
        Role::AzureFilesVolumeClaim => AZURE_FILES_VOLUME_CLAIM,
        Role::ImagePullSecret => IMAGE_PULL_SECRET,
        Role::EnvSecret => ENV_SECRET,
        Role::ServiceAccount => SERVICE_ACCOUNT,
        Role::Deployment => DEPLOYMENT,
        Role::DaemonSet => DAEMON_SET,
        Role::Autoscaler => AUTOSCALER,
        Role::ClusterService => CLUSTER_SERVICE,
        Role::DisruptionBudget => DISRUPTION_BUDGET,
        Role::TimerServiceAccount => TIMER_SERVICE_ACCOUNT,
        Role::CronJob => CRON_JOB,
        Role::HttpProxy | Role::InternalHttpProxy => HTTP_PROXY,
        Role::DomainHttpProxy => DOMAIN_HTTP_PROXY,
        Role::Certificate => CERTIFICATE,
        Role::DomainsCertificate => DOMAINS_CERTIFICATE,
        Role::ScaledObject => SCALED_OBJECT,
        Role::TriggerAuthentication => TRIGGER_AUTHENTICATION,
        Role::VerticalPodAutoscaler => VERTICAL_POD_AUTOSCALER,
    }
}

// ---------------------------------------------------------------------------------------
// run-time objects

/// ReplicaSet of a Deployment.
pub const REPLICA_SET: Spec = Spec {
    pattern: "<service-name>-<rs-hash>",
    commands: &[
        cmd("List its ReplicaSets (old ones linger at 0 replicas)", "kubectl get rs -n {ns} -l {pods}", This),
        cmd(
            "Check why pods are not created (quota, admission)",
            "kubectl describe rs -n {ns} -l {pods}",
            This,
        ),
    ],
};

/// Pods of a Deployment, DaemonSet or resource Deployment.
pub const WORKLOAD_PODS: Spec = Spec {
    pattern: "<service-name>-<rs-hash>-<pod-hash>",
    commands: &[
        cmd(
            "List them (STATUS, RESTARTS, node); their names end in hashes known only once they run",
            "kubectl get pods -n {ns} -l {pods} -o wide",
            This,
        ),
        cmd(
            "Tail logs from all of them",
            "kubectl logs -f -n {ns} -l {pods} -c {container} --prefix{max_logs}",
            This,
        ),
        cmd(
            "Logs of their previous, crashed containers",
            "kubectl logs --previous -n {ns} -l {pods} -c {container} --prefix",
            This,
        ),
        cmd(
            "Read the events of failing ones (probes, image pulls, scheduling)",
            "kubectl describe pods -n {ns} -l {pods}",
            This,
        ),
        cmd(
            "Open a shell in one of them",
            "kubectl exec -it {workload} -n {ns} -c {container} -- sh",
            Nothing,
        ),
    ],
};

/// Jobs a timer's CronJob creates.
pub const JOBS: Spec = Spec {
    pattern: "timer-<timer-name>-<schedule-time>",
    commands: &[
        cmd(
            "List the Jobs, newest last; their names end in the schedule time, known only once they run",
            "kubectl get jobs -n {ns} -l {pods} --sort-by=.metadata.creationTimestamp",
            Pods,
        ),
        cmd(
            "Find the Job of each timer pod (JOB-NAME column)",
            "kubectl get pods -n {ns} -l {pods} -L job-name",
            Pods,
        ),
        cmd(
            "Check the Jobs' completions and failure events",
            "kubectl describe jobs -n {ns} -l {pods}",
            Pods,
        ),
    ],
};

/// Pods of a timer's Jobs.
pub const JOB_PODS: Spec = Spec {
    pattern: "timer-<timer-name>-<schedule-time>-<pod-hash>",
    commands: &[
        cmd(
            "List them, newest last; their names end in the schedule time and a hash, known only once they run",
            "kubectl get pods -n {ns} -l {pods} --sort-by=.metadata.creationTimestamp",
            This,
        ),
        cmd("Show their logs", "kubectl logs -n {ns} -l {pods} -c {container} --tail=200 --prefix", This),
        cmd("Read the events of failing ones", "kubectl describe pods -n {ns} -l {pods}", This),
    ],
};

/// The release: a label on objects and pods, and the build in image tags.
pub const RELEASE: Spec = Spec {
    pattern: "release=<release-id>",
    commands: &[
        cmd("List the pods of this release", "kubectl get pods -n {ns} -l release={release}", This),
        cmd("List every object this release applied", "kubectl get all,ing,cm,secret,pvc,sa,pdb -n {ns} -l release={release}", This),
        cmd(
            "Show the image (tag <service>.<build>) each workload runs",
            "kubectl get deploy,ds -n {ns} -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image",
            Nothing,
        ),
    ],
};
