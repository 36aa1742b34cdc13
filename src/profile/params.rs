//! Every rack parameter of every provider (`terraform/system/<provider>/variables.tf` of the
//! rack release this tool follows), declared once: its name as `convox rack params set`
//! spells it, the providers that have it, the values it takes, the rack's default (and the
//! providers whose default differs), what it does, and on which providers it changes what an
//! app release creates. `tests/profile.rs` reads the vendored variables files
//! (`tests/corpus/convox/terraform/`) and fails when a parameter is missing here or its
//! default differs.
//!
//! The first ones change an app's objects (or whether the rack accepts a release) and are
//! modelled; the rest configure the rack itself (its cluster, router, builds, logs, API) and
//! are accepted so that a rack's parameters can be given as `convox rack params` lists them.

use super::{Kind, Param, Provider, RackVersion};
use crate::rack_version::{V3_21_5, V3_22_5, V3_23_4, V3_24_1, V3_24_2, V3_24_4, V3_24_6, V3_24_7, V3_24_8};
use Provider::{Aws, Azure, Do, Gcp, Local, Metal};

const ALL: &[Provider] = &Provider::ALL;

/// A parameter that changes the app objects of every provider that has it.
const fn app(
    name: &'static str,
    kind: Kind,
    providers: &'static [Provider],
    default: &'static str,
    doc: &'static str,
) -> Param {
    Param {
        name,
        kind,
        providers,
        default,
        other_defaults: &[],
        doc,
        secret: false,
        changes_app: providers,
        required: false,
        since: &[],
    }
}

/// A parameter that configures the rack itself and changes nothing in an app's objects.
const fn rack(
    name: &'static str,
    kind: Kind,
    providers: &'static [Provider],
    default: &'static str,
    doc: &'static str,
) -> Param {
    Param { changes_app: &[], ..app(name, kind, providers, default, doc) }
}

impl Param {
    /// The same parameter, first in these rack releases on these providers (every release the
    /// tool knows on the others: terraform/system/<provider>/variables.tf at each release).
    const fn first_in(self, since: &'static [(Provider, RackVersion)]) -> Param {
        Param { since, ..self }
    }
}

/// Every rack parameter: those that change an app release first, then the rest by name.
pub const PARAMS: &[Param] = &[
    app(
        "router_type",
        Kind::Choice(&["nginx", "contour"]),
        &[Aws],
        "nginx",
        "The router: nginx renders an Ingress per service; contour renders an HTTPProxy per service and domain, with cert-manager Certificates.",
    ).first_in(&[(Aws, V3_24_8)]),
    app(
        "internal_router",
        Kind::Bool,
        &[Aws],
        "false",
        "The internal router services with internalRouter: true and a port need; without it the rack refuses the release.",
    ),
    app(
        "contour_internal_tls",
        Kind::Bool,
        &[Aws],
        "true",
        "With the contour router: TLS for internal-router hosts, from a self-signed issuer.",
    ).first_in(&[(Aws, V3_24_8)]),
    app(
        "keda_enable",
        Kind::Bool,
        &[Aws],
        "false",
        "KEDA: scale.autoscale and scale.keda render a ScaledObject; without it they are ignored and the service keeps scale.count's minimum.",
    ).first_in(&[(Aws, V3_23_4)]),
    app(
        "vpa_enable",
        Kind::Bool,
        &[Aws],
        "false",
        "The Vertical Pod Autoscaler: scale.vpa renders a VerticalPodAutoscaler; without it the rack refuses the release.",
    ).first_in(&[(Aws, V3_23_4)]),
    app(
        "prometheus_url",
        Kind::Url,
        &[Aws],
        "",
        "The Prometheus the gpuUtilization and queueDepth autoscale triggers query when they name none; without one those services get no ScaledObject.",
    ).first_in(&[(Aws, V3_24_6)]),
    app(
        "efs_csi_driver_enable",
        Kind::Bool,
        &[Aws],
        "false",
        "The EFS CSI driver awsEfs volumes need; without it the rack refuses the release.",
    ),
    app(
        "azure_files_enable",
        Kind::Bool,
        &[Azure],
        "false",
        "Azure Files, which azureFiles volumes need; without it the rack refuses the release.",
    ).first_in(&[(Azure, V3_24_4)]),
    app(
        "cost_tracking_enable",
        Kind::Bool,
        &[Aws],
        "false",
        "Cost tracking, which a budget block with a cap, a threshold or an atCapAction needs; without it the rack refuses the release.",
    ).first_in(&[(Aws, V3_24_6)]),
    app(
        "pdb_default_min_available_percentage",
        Kind::Percent,
        &[Aws, Azure],
        "50",
        "minAvailable of the PodDisruptionBudget the rack gives every service Deployment (other providers: 50).",
    ).first_in(&[(Azure, V3_23_4)]),
    app(
        "disable_convox_resolver",
        Kind::Bool,
        &[Aws],
        "false",
        "Turns the rack's DNS resolver off: pods keep the cluster's DNS (no dnsPolicy None, nameservers or searches).",
    ).first_in(&[(Aws, V3_21_5)]),
    app(
        "convox_domain_tls_cert_disable",
        Kind::Bool,
        &[Aws],
        "false",
        "No TLS certificate for the rack-domain host of each service (custom domains keep theirs).",
    ),
    Param {
        changes_app: &[Aws],
        ..app(
            "docker_hub_username",
            Kind::Text,
            ALL,
            "",
            "Docker Hub credentials, with docker_hub_password (the rack needs both). On AWS the rack creates Secret docker-hub-authentication in the app namespace and every service, timer and resource pod pulls with it. On other providers they only reach the rack's own namespace (its API pulls with them): an app's objects do not change.",
        )
    },
    Param {
        changes_app: &[Aws],
        secret: true,
        ..app(
            "docker_hub_password",
            Kind::Text,
            ALL,
            "",
            "The Docker Hub password or token that goes with docker_hub_username (both are needed; only AWS racks give them to app pods).",
        )
    },
    app(
        "ecr_docker_hub_cache",
        Kind::Bool,
        &[Aws],
        "false",
        "Pull-through ECR cache for Docker Hub: with both Docker Hub credentials set, resources without an image (postgres, mysql, mariadb, redis, memcached, postgis) pull <account>.dkr.ecr.<region>.amazonaws.com/docker-hub-<rack>/library/<image>:<version> instead of Docker Hub.",
    ).first_in(&[(Aws, V3_24_4)]),
    app(
        "api_feature_gates",
        Kind::Text,
        &[Aws],
        "",
        "Feature gates, name=value,… (a gate without = is ignored; any non-empty value turns one on, false included): app-limit-required (cpu and memory requests and limits on every service, cpu/mem options on every containerized resource), disable-host-users (hostUsers: false on every pod), external-dns-resolver=<ip> (that nameserver and no searches in pods' dnsConfig), resource-internal-domain-suffix=<suffix> (instead of svc.cluster.local in resource URLs and hosts), system-env-disable (no RACK and RACK_URL in env Secrets), rds-disable, elasticache-disable, balancer-disable (the rack refuses those).",
    ).first_in(&[(Aws, V3_23_4)]),
    app(
        "convox_rack_domain",
        Kind::Domain,
        &[Aws],
        "",
        "The rack's own domain: every service host is <service>.<app>.<domain> (none: a convox.cloud domain the rack is given).",
    ),
    app(
        "domain",
        Kind::Domain,
        &[Metal],
        "",
        "The rack's domain: every service host is <service>.<app>.<domain> (none: the router's own address).",
    ),
    Param {
        required: true,
        ..app(
            "name",
            Kind::Name,
            ALL,
            "",
            "The rack's name (the same as the rack option; given here, it sets it): app namespaces <name>-<app>, the rack label, RACK, the password of containerized resources.",
        )
    },
    Param {
        changes_app: &[Aws],
        other_defaults: &[(Azure, "eastus"), (Gcp, "us-east1"), (Do, "nyc3")],
        ..app(
            "region",
            Kind::Name,
            &[Aws, Azure, Gcp, Do],
            "us-east-1",
            "The cloud region. On AWS it is in the ECR host of the app's images and of the Docker Hub cache (the account stays a stand-in); elsewhere the objects show a stand-in registry, so nothing changes here.",
        )
    },
    app(
        "proxy_protocol",
        Kind::Bool,
        &[Aws],
        "false",
        "The load balancer sends the PROXY protocol: with the contour router a whitelist matches the client address (source Remote) instead of the peer's.",
    ),
    rack(
        "whitelist",
        Kind::Cidrs,
        &[Aws, Azure, Gcp, Do, Metal],
        "0.0.0.0/0",
        "The CIDR ranges the rack's router load balancer accepts. It applies to the router itself, in the rack namespace: no app object changes.",
    ),
    Param { required: true, ..rack("access_id", Kind::Text, &[Do], "", "The DigitalOcean Spaces access key the rack API stores objects with; it changes nothing in an app's objects.") },
    rack("access_log_retention_in_days", Kind::Text, &[Aws], "7", "Configures the rack's log forwarding (fluentd); it changes nothing in an app's objects."),
    rack("additional_build_groups_config", Kind::Text, &[Aws, Azure], "", "Extra node groups for builds; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    rack("additional_karpenter_nodepools_config", Kind::Text, &[Aws], "", "Extra Karpenter node pools; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("additional_node_groups_config", Kind::Text, &[Aws, Azure], "", "Extra node groups for the rack's workloads; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    rack("availability_zones", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("aws_ebs_csi_driver_version", Kind::Text, &[Aws], "v1.56.0-eksbuild.1", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("build_disable_convox_resolver", Kind::Bool, &[Aws], "false", "Configures the rack API's BUILD_DISABLE_CONVOX_RESOLVER setting (build pods only); it changes nothing in an app's objects."),
    rack("build_node_enabled", Kind::Bool, &[Aws], "false", "Configures the rack API's BUILD_NODE_ENABLED setting; the rack's Kubernetes cluster and nodes, the rack API's Deployment (build pods); it changes nothing in an app's objects."),
    rack("build_node_min_count", Kind::Text, &[Aws], "0", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("build_node_type", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("buildkit_enabled", Kind::Bool, &[Gcp, Do], "false", "Configures the rack API's BUILDKIT_ENABLED setting (builds); it changes nothing in an app's objects."),
    rack("buildkit_host_path_cache_enable", Kind::Bool, &[Aws], "false", "Configures the rack API's BUILDKIT_HOST_PATH_CACHE_ENABLE setting; the rack API's Deployment (build pods); it changes nothing in an app's objects.").first_in(&[(Aws, V3_23_4)]),
    rack("cert_duration", Kind::Text, &[Aws, Azure, Gcp, Do], "2160h", "The lifetime of the rack API's own certificate (an app's come from certificate.duration); it changes nothing in an app's objects."),
    rack("cidr", Kind::Text, &[Aws], "10.1.0.0/16", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("contour_cpu_request", Kind::Text, &[Aws], "100m", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_8)]),
    rack("contour_memory_request", Kind::Text, &[Aws], "128Mi", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_8)]),
    rack("coredns_version", Kind::Text, &[Aws], "v1.13.2-eksbuild.1", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("custom_provided_bucket", Kind::Text, &[Aws], "", "Configures the rack API's BUCKET setting (object storage); it changes nothing in an app's objects.").first_in(&[(Aws, V3_21_5)]),
    rack("dcgm_scrape_interval", Kind::Text, &[Aws], "15s", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("deploy_extra_nlb", Kind::Bool, &[Aws], "false", "Configures the rack's router; it changes nothing in an app's objects."),
    rack("disable_image_manifest_cache", Kind::Bool, &[Aws], "false", "Configures the rack API's DISABLE_IMAGE_MANIFEST_CACHE setting; the rack API's Deployment (builds); it changes nothing in an app's objects."),
    rack("disable_public_access", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("ebs_volume_encryption_enabled", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_21_5)]),
    rack("ecr_additional_policy_arn", Kind::Text, &[Aws], "", "Configures the rack API's IAM permissions; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_7)]),
    rack("ecr_full_access", Kind::Bool, &[Aws], "false", "Configures the rack API's IAM permissions; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_7)]),
    rack("ecr_scan_on_push_enable", Kind::Bool, &[Aws], "false", "Configures the rack API's ECR_SCAN_ON_PUSH_ENABLE setting; it changes nothing in an app's objects."),
    rack("efs_csi_driver_version", Kind::Text, &[Aws], "v2.3.0-eksbuild.2", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("eks_access_entries", Kind::Text, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_7)]),
    rack("eks_api_server_private_access_cidrs", Kind::Text, &[Aws], "", "The CIDRs allowed to reach the EKS API through its private endpoint; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("eks_api_server_public_access_cidrs", Kind::Text, &[Aws], "0.0.0.0/0", "The CIDRs allowed to reach the EKS API publicly; it changes nothing in an app's objects.").first_in(&[(Aws, V3_23_4)]),
    rack("eks_log_types", Kind::Text, &[Aws], "", "The EKS control plane log types to enable; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("enable_private_access", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_22_5)]),
    rack("envoy_cpu_request", Kind::Text, &[Aws], "100m", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_8)]),
    rack("envoy_memory_request", Kind::Text, &[Aws], "256Mi", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_8)]),
    rack("fluentd_disable", Kind::Bool, &[Aws], "false", "Configures the rack's log forwarding (fluentd); it changes nothing in an app's objects."),
    rack("fluentd_memory", Kind::Text, &[Aws, Azure, Gcp, Do, Metal], "200Mi", "Configures the rack's log forwarding (fluentd); it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_1), (Azure, V3_24_1), (Gcp, V3_24_1), (Do, V3_24_1), (Metal, V3_24_1)]),
    rack("gpu_metrics_max_concurrent", Kind::Text, &[Aws], "10", "Configures the rack API's GPU_METRICS_MAX_CONCURRENT setting; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("gpu_metrics_max_pods", Kind::Text, &[Aws], "100", "Configures the rack API's GPU_METRICS_MAX_PODS setting; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("gpu_observability_chart_version", Kind::Text, &[Aws], "4.8.1", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("gpu_observability_enable", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("gpu_tag_enable", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("grafana_dashboard_var_app", Kind::Text, &[Aws], "app", "Reported in the rack's telemetry (Grafana dashboard template variable name for the app filter. Default 'app'); it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("grafana_dashboard_var_namespace", Kind::Text, &[Aws], "namespace", "Reported in the rack's telemetry (Grafana dashboard template variable name for the namespace filter. Default 'namespace'); it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("grafana_dashboard_var_rack", Kind::Text, &[Aws], "rack", "Reported in the rack's telemetry; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("grafana_dashboard_var_service", Kind::Text, &[Aws], "service", "Reported in the rack's telemetry (Grafana dashboard template variable name for the service filter. Default 'service'); it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("grafana_url", Kind::Text, &[Aws], "", "Reported in the rack's telemetry (User-facing Grafana base URL for the Console deep-link button. Optional. Empty default keeps the button inert); it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("high_availability", Kind::Bool, &[Aws, Azure, Do], "true", "Replicas of the rack's own API, router and resolver; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    Param { other_defaults: &[(Azure, "4")], ..rack("idle_timeout", Kind::Number, &[Aws, Azure], "3600", "The idle timeout of the router's load balancer (app balancers keep their own 3600); it changes nothing in an app's objects.") }.first_in(&[(Azure, V3_23_4)]),
    rack("image", Kind::Text, ALL, "convox/convox", "The image of the rack's own API; it changes nothing in an app's objects."),
    rack("imds_http_hop_limit", Kind::Number, &[Aws], "3", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("imds_http_tokens", Kind::Text, &[Aws], "optional", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("imds_tags_enable", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("internet_gateway_id", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("k8s_version", Kind::Text, &[Aws, Azure, Gcp, Do], "1.34", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("karpenter_arch", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_auth_mode", Kind::Text, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_capacity_types", Kind::Text, &[Aws], "on-demand", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_consolidate_after", Kind::Text, &[Aws], "60s", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_cpu_limit", Kind::Number, &[Aws], "32", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_instance_families", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_instance_sizes", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_memory_limit_gb", Kind::Number, &[Aws], "256", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_build_node_labels", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_capacity_types", Kind::Text, &[Aws], "on-demand", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_config", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_consolidate_after", Kind::Text, &[Aws], "30s", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_consolidation_enabled", Kind::Bool, &[Aws], "true", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_cpu_limit", Kind::Number, &[Aws], "100", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_disruption_budget_nodes", Kind::Text, &[Aws], "10%", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_enabled", Kind::Text, &[Aws], "false", "Karpenter for the rack's nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_instance_families", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_instance_sizes", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_memory_limit_gb", Kind::Number, &[Aws], "400", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_node_disk", Kind::Number, &[Aws], "0", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_node_expiry", Kind::Text, &[Aws], "720h", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_node_labels", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_node_taints", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("karpenter_node_volume_type", Kind::Text, &[Aws], "gp3", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_2)]),
    rack("key_pair_name", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("kube_proxy_version", Kind::Text, &[Aws], "v1.34.3-eksbuild.2", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("kubelet_registry_burst", Kind::Number, &[Aws], "10", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("kubelet_registry_pull_qps", Kind::Number, &[Aws], "5", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("max_on_demand_count", Kind::Text, &[Aws, Azure], "100", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    Param { other_defaults: &[(Azure, "3")], ..rack("min_on_demand_count", Kind::Text, &[Aws, Azure], "1", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.") }.first_in(&[(Azure, V3_23_4)]),
    rack("nginx_additional_config", Kind::Text, &[Aws, Azure, Gcp], "", "Configures the rack's router (Comma-separated key=value pairs (e.g., 'key1=value1,key2=value2')); it changes nothing in an app's objects.").first_in(&[(Aws, V3_23_4), (Azure, V3_23_4), (Gcp, V3_23_4)]),
    Param { other_defaults: &[(Azure, "")], ..rack("nginx_image", Kind::Text, &[Aws, Azure], "registry.k8s.io/ingress-nginx/controller:v1.12.6@sha256:c371fbf42b4f23584ce879d99303463131f4f31612f0875482b983354eeca7e6", "Configures the rack's router; it changes nothing in an app's objects.") }.first_in(&[(Azure, V3_23_4)]),
    rack("nlb_security_group", Kind::Text, &[Aws], "", "Configures the rack's router; it changes nothing in an app's objects."),
    rack("node_capacity_type", Kind::Text, &[Aws], "on_demand", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    Param { other_defaults: &[(Azure, "30"), (Gcp, "100")], ..rack("node_disk", Kind::Text, &[Aws, Azure, Gcp], "20", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.") }.first_in(&[(Azure, V3_23_4), (Gcp, V3_21_5)]),
    rack("node_max_unavailable_percentage", Kind::Number, &[Aws], "0", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    Param { other_defaults: &[(Azure, "Standard_D2_v3"), (Gcp, "n1-standard-2"), (Do, "s-2vcpu-4gb")], ..rack("node_type", Kind::Text, &[Aws, Azure, Gcp, Do], "t3.small", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.") },
    rack("nvidia_device_plugin_enable", Kind::Bool, &[Aws, Azure], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_21_5), (Azure, V3_23_4)]),
    rack("nvidia_device_time_slicing_replicas", Kind::Number, &[Aws, Azure], "0", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_21_5), (Azure, V3_23_4)]),
    rack("os", Kind::Text, &[Local], "ubuntu", "Configures the rack's router; it changes nothing in an app's objects."),
    rack("pod_identity_agent_enable", Kind::Bool, &[Aws], "false", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("pod_identity_agent_version", Kind::Text, &[Aws], "v1.3.10-eksbuild.2", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("preemptible", Kind::Bool, &[Gcp], "true", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("private", Kind::Bool, &[Aws], "true", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("private_eks_host", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    Param { secret: true, ..rack("private_eks_pass", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.") },
    rack("private_eks_user", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("private_subnets_ids", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("prometheus_gpu_metrics_chart_version", Kind::Text, &[Aws], "27.9.0", "Reported in the rack's telemetry; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("prometheus_gpu_metrics_retention", Kind::Text, &[Aws], "24h", "Reported in the rack's telemetry; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("public_subnets_ids", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("rack_name", Kind::Text, ALL, "", "A display name for the rack (on AWS also a label of the Secrets that track rds-* and elasticache-* resources); it changes nothing in an app's objects."),
    rack("registry_disk", Kind::Text, &[Do, Metal], "50Gi", "Accepted by the rack's terraform but unused; it changes nothing in an app's objects."),
    rack("release", Kind::Text, ALL, "", "The Convox version the rack runs; it changes nothing in an app's objects."),
    rack("release_watcher_gc_interval", Kind::Text, &[Aws], "5m", "Configures the rack API's RELEASE_WATCHER_GC_INTERVAL setting; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_6)]),
    rack("releases_to_retain_after_active", Kind::Number, &[Aws], "0", "Configures the rack API's RELEASES_TO_RETAIN_AFTER_ACTIVE setting; it changes nothing in an app's objects.").first_in(&[(Aws, V3_22_5)]),
    rack("releases_to_retain_task_run_interval_hour", Kind::Number, &[Aws], "24", "Configures the rack API's RELEASES_TO_RETAIN_TASK_RUN_INTERVAL_HOUR setting; it changes nothing in an app's objects.").first_in(&[(Aws, V3_22_5)]),
    rack("schedule_rack_scale_down", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("schedule_rack_scale_up", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    Param { required: true, secret: true, ..rack("secret_key", Kind::Text, &[Do], "", "The DigitalOcean Spaces secret key the rack API stores objects with; it changes nothing in an app's objects.") },
    rack("settings", Kind::Text, &[Aws, Azure, Gcp, Do, Local], "", "Reported in the rack's telemetry; it changes nothing in an app's objects."),
    rack("ssl_ciphers", Kind::Text, &[Aws, Azure], "", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    rack("ssl_protocols", Kind::Text, &[Aws, Azure], "", "Configures the rack's router; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    rack("syslog", Kind::Text, &[Aws, Azure, Gcp, Do, Metal], "", "A syslog endpoint the rack forwards logs to; it changes nothing in an app's objects."),
    rack("tags", Kind::Text, &[Aws, Azure], "", "Tags for the rack's cloud resources; it changes nothing in an app's objects.").first_in(&[(Azure, V3_23_4)]),
    rack("telemetry", Kind::Bool, &[Aws, Azure, Gcp, Do, Local], "false", "Whether the rack reports telemetry to Convox; it changes nothing in an app's objects."),
    rack("terraform_update_timeout", Kind::Text, &[Aws, Azure, Gcp, Do], "2h", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects.").first_in(&[(Aws, V3_24_1), (Azure, V3_24_1), (Gcp, V3_24_1), (Do, V3_24_1)]),
    Param { required: true, secret: true, ..rack("token", Kind::Text, &[Do], "", "The DigitalOcean API token terraform uses; it changes nothing in an app's objects.") },
    rack("user_data", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("user_data_url", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("vpc_cni_version", Kind::Text, &[Aws], "v1.21.1-eksbuild.3", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    rack("vpc_id", Kind::Text, &[Aws], "", "Configures the rack's Kubernetes cluster and nodes; it changes nothing in an app's objects."),
    Param { secret: true, ..rack("webhook_signing_key", Kind::Text, ALL, "", "The key the rack signs its webhooks with; it changes nothing in an app's objects.") }.first_in(&[(Aws, V3_24_6), (Azure, V3_24_6), (Gcp, V3_24_6), (Do, V3_24_6), (Local, V3_24_6), (Metal, V3_24_6)]),
];
