//! Rows for what the cluster creates at run time from the rendered workloads: ReplicaSets and
//! Pods of Deployments, Pods of DaemonSets, Jobs and Pods of CronJobs, and the release itself.
//! Names carry `<…>` where the cluster generates a hash or time; labels are the pod-template
//! labels plus the ones the controllers add.

use super::commands::{self, Spec};
use super::pod_labels;
use crate::manifest::Manifest;
use crate::mapping::{Context, Generated, Labels, Object, Role};

/// One run-time row, described from the mapped object `from` it comes from.
pub struct Row<'a> {
    pub from: &'a Generated,
    /// The index of `from` in the objects.
    pub at: usize,
    pub kind: &'static str,
    pub api_version: &'static str,
    pub name: String,
    pub labels: Labels,
    pub notes: Vec<String>,
    pub spec: Spec,
    /// Made without its labels and notes ([`rows`]' `bare`): it stands for an earlier entry.
    pub bare: bool,
}

fn with(mut labels: Labels, extra: &[(&str, &str)]) -> Labels {
    for (k, v) in extra {
        labels.insert(k.to_string(), v.to_string());
    }
    labels
}

/// Every run-time row, workload by workload, then the release. The rows of each object `bare`
/// names are made [bare](Row::bare), without labels or notes: the caller reuses the earlier
/// entries of those (at 200 services, making them whole was most of the catalog's work on an
/// edit of one service), and makes whole ([`whole`]) any it cannot.
pub fn rows<'a>(
    objects: &'a [Generated],
    manifest: &Manifest,
    ctx: &Context,
    bare: impl Fn(usize) -> bool,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    for (at, g) in objects.iter().enumerate() {
        object_rows(g, at, ctx, bare(at), &mut rows);
    }
    if let Some(at) = objects.iter().position(|g| g.role == Role::AppNamespace) {
        rows.push(release(&objects[at], at, manifest, ctx));
    }
    rows
}

/// `row` made whole: the same row with its labels and notes.
pub fn whole<'a>(row: Row<'a>, ctx: &Context) -> Row<'a> {
    if !row.bare {
        return row;
    }
    // Its object's rows, whole: the one of the same kind and name (always there: the rows of an
    // object are the same, bare or whole).
    let mut all = Vec::new();
    object_rows(row.from, row.at, ctx, false, &mut all);
    all.into_iter().find(|r| r.kind == row.kind && r.name == row.name).unwrap_or(row)
}

/// The run-time rows of workload `g` (at `at` in the objects), bare or whole.
fn object_rows<'a>(g: &'a Generated, at: usize, ctx: &Context, bare: bool, rows: &mut Vec<Row<'a>>) {
    let name = g.object.name();
    let pods = if bare { &super::NO_LABELS } else { pod_labels(g) };
    let with = |labels: Labels, extra: &[(&str, &str)]| if bare { labels } else { with(labels, extra) };
    // Notes are written only for a whole row.
    let row = |kind, api_version, row_name: String, labels, notes: &dyn Fn() -> Vec<String>, spec| Row {
        from: g,
        at,
        kind,
        api_version,
        name: row_name,
        labels,
        notes: if bare { Vec::new() } else { notes() },
        spec,
        bare,
    };
    match g.role {
        Role::Deployment | Role::ResourceDeployment => {
            let resource = g.role == Role::ResourceDeployment;
            let hashed = with(pods.clone(), &[("pod-template-hash", "<rs-hash>")]);
            rows.push(row(
                "ReplicaSet",
                "apps/v1",
                [name, "-<rs-hash>"].concat(),
                hashed.clone(),
                &|| {
                    vec![format!(
                        "Created by the Deployment controller, one per pod-template revision; it copies \
                         the pod-template labels and adds pod-template-hash. {}",
                        if g.role == Role::Deployment {
                            "revisionHistoryLimit 1 keeps one old ReplicaSet for rollback."
                        } else {
                            "The resource Deployment sets no revisionHistoryLimit, so k8s keeps up to 10."
                        }
                    )]
                },
                Spec {
                    pattern: if resource {
                        "resource-<resource-name>-<rs-hash>"
                    } else {
                        commands::REPLICA_SET.pattern
                    },
                    ..commands::REPLICA_SET
                },
            ));
            let notes = || {
                let mut notes = vec![
                    "Created by the ReplicaSet; labels are the pod-template labels plus pod-template-hash. \
                     The applied labels (provider, atom) are not on pods."
                        .to_string(),
                ];
                if g.role == Role::Deployment {
                    notes.push(format!(
                        "The image tag is <service>.<build> ({}): the build id. Convox's Kubernetes mapping docs say the release id; the rack uses the build id.",
                        crate::mapping::names::image(ctx, g.owner.as_deref().unwrap_or(name))
                    ));
                }
                let idle = matches!(&g.object, Object::Deployment(d) if d.spec.as_ref().and_then(|s| s.replicas) == Some(0));
                if idle {
                    notes.push(
                        "replicas is 0 (scale.count 0): no pods run until the service is scaled up; timers \
                         using this service still run their own pods."
                            .into(),
                    );
                }
                notes
            };
            let spec = Spec {
                pattern: if resource {
                    "resource-<resource-name>-<rs-hash>-<pod-hash>"
                } else {
                    commands::WORKLOAD_PODS.pattern
                },
                ..commands::WORKLOAD_PODS
            };
            rows.push(row("Pod", "v1", [name, "-<rs-hash>-<pod-hash>"].concat(), hashed, &notes, spec));
        }
        Role::DaemonSet => {
            let labels = with(
                pods.clone(),
                &[
                    ("controller-revision-hash", "<revision-hash>"),
                    ("pod-template-generation", "<generation>"),
                ],
            );
            let spec = Spec { pattern: "<service-name>-<pod-hash>", ..commands::WORKLOAD_PODS };
            let notes = || {
                vec!["One per node, created by the DaemonSet controller; labels are the pod-template \
                      labels plus controller-revision-hash and pod-template-generation."
                    .to_string()]
            };
            rows.push(row("Pod", "v1", [name, "-<pod-hash>"].concat(), labels, &notes, spec));
        }
        Role::CronJob => {
            let job = [name, "-<schedule-time>"].concat();
            let indexed = match &g.object {
                Object::CronJob(c) => {
                    c.spec
                        .as_ref()
                        .and_then(|s| s.job_template.spec.as_ref())
                        .and_then(|s| s.completion_mode.as_deref())
                        == Some("Indexed")
                }
                _ => false,
            };
            let controller = [
                ("batch.kubernetes.io/controller-uid", "<job-uid>"),
                ("batch.kubernetes.io/job-name", job.as_str()),
                ("controller-uid", "<job-uid>"),
                ("job-name", job.as_str()),
            ];
            let job_labels = with(pods.clone(), &controller);
            rows.push(row(
                "Job",
                "batch/v1",
                job.clone(),
                job_labels.clone(),
                &|| {
                    vec![
                        "Created by the CronJob controller at each schedule time; <schedule-time> is the \
                         scheduled time in minutes since the Unix epoch."
                            .to_string(),
                        "The CronJob's jobTemplate has no metadata, so the rack gives Jobs no Convox labels \
                         of their own; Kubernetes' Job defaulting (SetDefaults_Job) copies the pod-template \
                         labels onto a Job whose own labels are empty, which is what is shown here and \
                         what the commands select Jobs by."
                            .into(),
                    ]
                },
                commands::JOBS,
            ));
            let (pod_name, pod_labels) = if indexed {
                (
                    [job.as_str(), "-<index>-<pod-hash>"].concat(),
                    with(job_labels, &[("batch.kubernetes.io/job-completion-index", "<index>")]),
                )
            } else {
                ([job.as_str(), "-<pod-hash>"].concat(), job_labels)
            };
            let notes = || {
                let mut notes = vec![
                    "Created by the Job; labels are the pod-template labels (type=timer, name=<timer>) \
                     plus the Job controller's controller-uid and job-name labels. restartPolicy Never \
                     and backoffLimit 0: a failed run is not retried."
                        .to_string(),
                ];
                if indexed {
                    notes.push(
                        "Indexed Job (parallelCount > 1): one pod per index, TIMER_INDEX comes from the \
                         batch.kubernetes.io/job-completion-index annotation."
                            .into(),
                    );
                }
                notes
            };
            let spec = Spec {
                pattern: if indexed {
                    "timer-<timer-name>-<schedule-time>-<index>-<pod-hash>"
                } else {
                    commands::JOB_PODS.pattern
                },
                ..commands::JOB_PODS
            };
            rows.push(row("Pod", "v1", pod_name, pod_labels, &notes, spec));
        }
        _ => {}
    }
}

/// The release's row (not a Kubernetes object), from the app namespace `ns` (at `at`).
fn release<'a>(ns: &'a Generated, at: usize, manifest: &Manifest, ctx: &Context) -> Row<'a> {
    let example = manifest.services.first().map_or("<service>", |s| s.name.as_str());
    Row {
        from: ns,
        at,
        kind: "Release",
        api_version: "",
        name: ctx.release.clone(),
        labels: crate::mapping::labels::labels([("release", ctx.release.as_str())]),
        notes: vec![
            "Not a Kubernetes object: the release id is the `release` label the rack puts on every \
             object it applies and on service and timer pods (resource pods do not carry it)."
                .to_string(),
            format!(
                "Images are tagged <service>.<build> (e.g. {example}.{}), with the build id. Convox's \
                 Kubernetes mapping docs say the image tag is the release id; the rack uses the build id.",
                ctx.build
            ),
        ],
        spec: commands::RELEASE,
        bare: false,
    }
}
