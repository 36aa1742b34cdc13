//! `timer` owns the objects of `timers:` (`timer.yml.tmpl`): per timer a ServiceAccount
//! `timer-<timer>` and a CronJob `timer-<timer>` whose pod runs the timer's service image, env
//! Secret, resources and volumes (built by [`super::pod`], like the service's own pods).

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::{
    EnvVar, EnvVarSource, ObjectFieldSelector, PodTemplateSpec, ServiceAccount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::labels::{applied, labels, top_level};
use super::pod::{self, clamp_i32, PodKind};
use super::{names, rules, Concept, Context, Generated, KeptWork, Mapped, Pass, Role};
use crate::manifest::{Manifest, Pairs, Service, Timer, FULL};

/// Renders a ServiceAccount and a CronJob per timer whose service exists (validation reports
/// the others).
pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped, kept: &mut KeptWork) {
    let services = manifest.services_by_name();
    for named in &manifest.timers {
        let (name, timer) = (&named.name, &named.value);
        let Some(&svc) = services.get(timer.service.as_str()) else { continue };
        // The playground's first build keeps only services' work (`ingress::render`).
        if !FULL {
            render_one(ctx, name, timer, svc, out);
            continue;
        }
        let given = kept.remove(&(Pass::Timer, name.clone()));
        out.made_by(Pass::Timer, name, given, |out| render_one(ctx, name, timer, svc, out));
    }
}

/// Timer `name`'s objects: they read its model and its service's.
fn render_one(ctx: &Context, name: &str, timer: &Timer, svc: &Service, out: &mut Mapped) {
    let source = format!("timers.{name}");
    let generated = |object, role, notes| Generated {
        object,
        role,
        concept: Concept::Timer,
        owner: Some(name.to_string()),
        source: source.clone(),
        notes,
    };
    let mut sa_notes = Vec::new();
    if rules::pod_identity(ctx, svc).is_ok() {
        sa_notes.push(format!(
            "The service's accessControl.awsPodIdentity also applies here: the rack binds its IAM role \
             (path /convox/) to this ServiceAccount with an EKS Pod Identity Association, not an annotation. \
             Check it with: aws eks list-pod-identity-associations --cluster-name {} --namespace {} --service-account timer-{name}",
            ctx.rack,
            ctx.namespace()
        ));
    }
    out.objects.push(generated(
        service_account(ctx, name, timer).into(),
        Role::TimerServiceAccount,
        sa_notes,
    ));
    let cron = cron_job(ctx, name, timer, svc, &mut out.diagnostics);
    let notes = cron_notes(ctx, name, timer, svc);
    out.objects.push(generated(cron.into(), Role::CronJob, notes));
}

/// `convox.com/type: timer` plus the timer's own annotations.
fn timer_annotations(timer: &Timer) -> BTreeMap<String, String> {
    let mut a = labels([("convox.com/type", "timer")]);
    a.extend(timer.annotations.iter().cloned());
    a
}

fn service_account(ctx: &Context, name: &str, timer: &Timer) -> ServiceAccount {
    ServiceAccount {
        metadata: ObjectMeta {
            name: Some(names::timer(name)),
            namespace: Some(ctx.namespace().to_string()),
            annotations: Some(timer_annotations(timer)),
            labels: Some(top_level(
                ctx,
                labels([("timer", name), ("type", "serviceaccount")]),
                &Pairs::new(),
            )),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// `forbid` → `Forbid` (Go's `strings.Title`: only the first letter changes). ASCII only:
/// validation admits only `allow`, `forbid` and `replace`.
fn title(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn cron_job(
    ctx: &Context,
    name: &str,
    timer: &Timer,
    svc: &Service,
    diagnostics: &mut Vec<crate::diagnostic::Diagnostic>,
) -> CronJob {
    let (mut spec, mut container) = pod::base(ctx, &timer.service, svc, PodKind::Timer);
    container.args = pod::shell_split(&timer.command, &format!("timers.{name}.command"), diagnostics);
    let indexed = rules::timer_index(ctx, timer).is_ok();
    let env = container.env.get_or_insert_with(Vec::new);
    if indexed {
        env.push(EnvVar {
            name: "TIMER_INDEX".into(),
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector {
                    field_path: "metadata.annotations['batch.kubernetes.io/job-completion-index']".into(),
                    api_version: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    env.extend(pod::link_env(svc));
    spec.restart_policy = Some("Never".into());
    spec.service_account_name = Some(names::timer(name));
    spec.containers = vec![container];

    let parallel = indexed.then(|| clamp_i32(timer.parallel_count));
    CronJob {
        metadata: ObjectMeta {
            name: Some(names::timer(name)),
            namespace: Some(ctx.namespace().to_string()),
            // Only the applied labels: the CronJob has no type/name/service label (`timer.yml.tmpl`).
            labels: Some(applied(ctx)),
            ..Default::default()
        },
        spec: Some(CronJobSpec {
            schedule: timer.schedule.clone(),
            concurrency_policy: (!timer.concurrency.is_empty()).then(|| title(&timer.concurrency)),
            successful_jobs_history_limit: Some(1),
            failed_jobs_history_limit: Some(1),
            job_template: JobTemplateSpec {
                metadata: None,
                spec: Some(JobSpec {
                    backoff_limit: Some(0),
                    completion_mode: indexed.then(|| "Indexed".to_string()),
                    completions: parallel,
                    parallelism: parallel,
                    template: PodTemplateSpec {
                        metadata: Some(ObjectMeta {
                            annotations: Some(timer_annotations(timer)),
                            labels: Some(pod::template_labels(
                                ctx,
                                name,
                                &timer.service,
                                "timer",
                                &svc.labels,
                            )),
                            ..Default::default()
                        }),
                        spec: Some(spec),
                    },
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn cron_notes(ctx: &Context, name: &str, timer: &Timer, svc: &Service) -> Vec<String> {
    let ns = ctx.namespace();
    let mut notes = vec![
        format!(
            "The CronJob has no type or name label: list it with kubectl get cronjobs -n {ns} -l system=convox. \
             Its jobTemplate has no labels either, so Kubernetes gives each Job its pods' labels: kubectl get \
             jobs,pods -n {ns} -l name={name},type=timer"
        ),
        format!("The image is the {} service's build image (tag <service>.<build>), not the release id.", timer.service),
    ];
    notes.extend(pod::resolver_note(ctx));
    if !svc.volumes.is_empty() {
        notes.push(
            "Short-form `volumes` become PVCs named like the volume in timer pods (not emptyDirs as in the service); \
             the release does not create those claims, so the pods stay Pending until they exist."
                .into(),
        );
    }
    if svc.volume_options.iter().any(|o| o.azure_files.is_some()) {
        notes.push("azureFiles volumes of the service are not mounted in timer pods (the rack's timer template skips them).".into());
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Named;
    use crate::mapping::Object;

    fn service() -> Service {
        Service { labels: vec![("team".into(), "data".into())], ..Service::defaulted() }
    }

    fn timer() -> Timer {
        Timer {
            command: "bin/cleanup --all".into(),
            schedule: "0 3 * * *".into(),
            service: "worker".into(),
            ..Default::default()
        }
    }

    fn check(timers: Vec<(&str, Timer)>) -> Mapped {
        let manifest = Manifest {
            services: vec![Named { name: "worker".into(), value: service() }],
            timers: timers.into_iter().map(|(n, t)| Named { name: n.into(), value: t }).collect(),
            ..Default::default()
        };
        let mut out = Mapped::default();
        render(&manifest, &Context::default(), &mut out, &mut Default::default());
        out
    }

    fn cron(out: &Mapped) -> CronJob {
        match out.objects.iter().find(|g| g.role == Role::CronJob).map(|g| &g.object) {
            Some(Object::CronJob(c)) => (**c).clone(),
            other => panic!("no cronjob: {other:?}"),
        }
    }

    #[test]
    fn timer_gets_service_account_then_cron_job_named_timer_dash_name() {
        let out = check(vec![("cleanup", timer())]);
        let names: Vec<(&str, Role)> = out.objects.iter().map(|g| (g.object.name(), g.role)).collect();
        assert_eq!(
            names,
            vec![("timer-cleanup", Role::TimerServiceAccount), ("timer-cleanup", Role::CronJob)]
        );
        let Object::ServiceAccount(sa) = &out.objects[0].object else { panic!() };
        assert_eq!(sa.metadata.annotations.as_ref().unwrap()["convox.com/type"], "timer");
        let l = sa.metadata.labels.as_ref().unwrap();
        assert_eq!((l["timer"].as_str(), l["type"].as_str()), ("cleanup", "serviceaccount"));
        assert!(!l.contains_key("team"));
    }

    #[test]
    fn cron_job_has_only_applied_labels_and_pods_carry_timer_labels() {
        let c = cron(&check(vec![("cleanup", timer())]));
        assert_eq!(c.metadata.labels.clone().unwrap(), applied(&Context::default()));
        assert!(c.metadata.annotations.is_none());
        let spec = c.spec.unwrap();
        assert_eq!(spec.schedule, "0 3 * * *");
        assert_eq!(spec.concurrency_policy, None);
        assert_eq!((spec.successful_jobs_history_limit, spec.failed_jobs_history_limit), (Some(1), Some(1)));
        assert!(spec.job_template.metadata.is_none());
        let job = spec.job_template.spec.unwrap();
        assert_eq!(job.backoff_limit, Some(0));
        assert!(job.completion_mode.is_none() && job.parallelism.is_none());
        let meta = job.template.metadata.unwrap();
        let l = meta.labels.unwrap();
        assert_eq!(
            (l["name"].as_str(), l["type"].as_str(), l["service"].as_str(), l["team"].as_str()),
            ("cleanup", "timer", "worker", "data")
        );
        assert_eq!(meta.annotations.unwrap()["convox.com/type"], "timer");
        let pod = job.template.spec.unwrap();
        assert_eq!(pod.restart_policy.as_deref(), Some("Never"));
        assert_eq!(pod.service_account_name.as_deref(), Some("timer-cleanup"));
        let c = &pod.containers[0];
        assert_eq!(c.name, "my-app");
        assert_eq!(c.args.clone().unwrap(), vec!["bin/cleanup", "--all"]);
        assert!(c.image.as_deref().unwrap().ends_with(":worker.BABC1234DEF"));
        assert_eq!(c.env_from.as_ref().unwrap()[0].secret_ref.as_ref().unwrap().name, "env-worker");
        assert!(c.readiness_probe.is_none() && c.ports.is_none() && c.lifecycle.is_none());
        let env: Vec<&str> = c.env.as_ref().unwrap().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(env, vec!["INSTANCE_IP"]);
    }

    #[test]
    fn timer_with_parallel_count_is_indexed() {
        let t = Timer { parallel_count: 4, concurrency: "forbid".into(), ..timer() };
        let spec = cron(&check(vec![("import", t)])).spec.unwrap();
        assert_eq!(spec.concurrency_policy.as_deref(), Some("Forbid"));
        let job = spec.job_template.spec.unwrap();
        assert_eq!(job.completion_mode.as_deref(), Some("Indexed"));
        assert_eq!((job.completions, job.parallelism), (Some(4), Some(4)));
        let env = job.template.spec.unwrap().containers[0].env.clone().unwrap();
        assert_eq!(env[1].name, "TIMER_INDEX");
        assert_eq!(
            env[1].value_from.as_ref().unwrap().field_ref.as_ref().unwrap().field_path,
            "metadata.annotations['batch.kubernetes.io/job-completion-index']"
        );
    }

    #[test]
    fn parallel_count_of_one_is_not_indexed() {
        let t = Timer { parallel_count: 1, ..timer() };
        let job = cron(&check(vec![("t", t)])).spec.unwrap().job_template.spec.unwrap();
        assert!(job.completions.is_none());
    }

    #[test]
    fn timer_of_a_missing_service_is_skipped() {
        let t = Timer { service: "nosuch".into(), ..timer() };
        let out = check(vec![("orphan", t)]);
        assert!(out.objects.is_empty());
    }

    #[test]
    fn loaded_yaml_timer_has_normalised_schedule_and_service_image() {
        let yaml = "services:\n  worker:\n    command: sleep infinity\ntimers:\n  cleanup:\n    schedule: \"*/1 * * * ? *\"\n    command: bin/cleanup\n    service: worker\n    concurrency: forbid\n";
        let loaded = crate::manifest::load(yaml, &crate::manifest::Env::new());
        let mut out = Mapped::default();
        render(
            &loaded.manifest.expect("manifest loads"),
            &Context::default(),
            &mut out,
            &mut Default::default(),
        );
        let spec = cron(&out).spec.unwrap();
        assert_eq!(spec.schedule, "*/1 * * * *");
        assert_eq!(spec.concurrency_policy.as_deref(), Some("Forbid"));
        let c = &spec.job_template.spec.unwrap().template.spec.unwrap().containers[0];
        assert_eq!(c.args.clone().unwrap(), vec!["bin/cleanup"]);
        assert!(c.image.as_deref().unwrap().ends_with("/my-rack/my-app:worker.BABC1234DEF"));
    }

    #[test]
    fn cron_job_round_trips_through_its_k8s_type() {
        let out = check(vec![("import", Timer { parallel_count: 3, ..timer() })]);
        for g in &out.objects {
            let json = serde_json::to_value(&g.object).unwrap();
            assert_eq!(g.object.reparse(json).unwrap(), g.object);
        }
        assert!(out.objects[1].notes[0].contains("-l system=convox"));
    }
}
