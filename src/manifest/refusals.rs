//! What the rack lets through but the Kubernetes API server refuses when the rack applies the
//! release: each an error at the value that causes it, saying what Kubernetes refuses and the
//! form it accepts. The rack renders these values into its templates as they are (`with`
//! and `{{.}}` print a negative number, a port of 70000, any schedule), so without these the
//! first sign would be a failed `convox deploy`.
//!
//! Here: CronJob schedules (robfig/cron's parser, [`super::cron`], after the rack's own
//! normalisation), the main port's range, negative CPU, memory and GPU requests (a request
//! above its limit the rack refuses itself), and the balancers' ports. The `ports` list is checked where it is
//! read (its entries' positions are lost once the main port's duplicate is dropped), probe
//! timings and schemes where the probes are rendered (`mapping::service::workload`).

use super::cron;
use super::cx::Cx;
use super::model::*;

/// What a port may be, for the messages.
pub(crate) const PORT_RANGE: &str = "a port is a number from 1 to 65535";

/// The accepted forms of a schedule, for the messages.
const SCHEDULE_FORMS: &str = "a schedule is five fields: minute (0-59), hour (0-23), day of month \
    (1-31), month (1-12 or JAN-DEC), day of week (0-6 or SUN-SAT), each *, a number, a range a-b or \
    a list a,b, with an optional /step (\"0 3 * * *\" is 03:00 UTC every day); or @hourly, @daily, \
    @weekly, @monthly, @yearly";

pub(crate) fn refusals(cx: &mut Cx, m: &Manifest) {
    for s in &m.services {
        service(cx, &s.name, &s.value);
    }
    for t in &m.timers {
        schedule(cx, &t.name, &t.value.schedule);
    }
    for b in &m.balancers {
        balancer(cx, &b.name, &b.value);
    }
}

/// `path` if it was written, else `fallback` (the key that holds it in a shorter form).
fn written(cx: &Cx, path: String, fallback: String) -> String {
    if cx.map.contains(&path) {
        path
    } else {
        fallback
    }
}

fn service(cx: &mut Cx, name: &str, s: &Service) {
    let path = format!("services.{name}");
    // Zero is "no port"; the template prints any other number.
    let port = s.port.port;
    if port != 0 && !(1..=65535).contains(&port) {
        let at = written(cx, format!("{path}.port.port"), format!("{path}.port"));
        cx.error_value(
            &at,
            format!(
                "service {name} port {port} is not a port number: Kubernetes refuses the containerPort and \
                 the Service port {port} ({PORT_RANGE})"
            ),
        );
    }
    let sc = &s.scale;
    for (key, value, unit, what) in [
        ("cpu", sc.cpu, "m", "millicores to reserve, e.g. 250"),
        ("memory", sc.memory, "Mi", "MiB to reserve, e.g. 512"),
    ] {
        if value < 0 {
            cx.error_value(
                &format!("{path}.scale.{key}"),
                format!(
                    "service {name} scale.{key} {value} is negative: Kubernetes refuses requests.{key} \
                     \"{value}{unit}\" (must be greater than or equal to 0); write the {what}"
                ),
            );
        }
    }
    if sc.gpu.count < 0 {
        let at = written(cx, format!("{path}.scale.gpu.count"), format!("{path}.scale.gpu"));
        cx.error_value(
            &at,
            format!(
                "service {name} scale.gpu count {} is negative: Kubernetes refuses a negative GPU request; \
                 write the number of GPUs per pod, e.g. 1",
                sc.gpu.count
            ),
        );
    }
}

/// The schedule as the rack renders it (already normalised: five fields, a lone `?` made
/// `*`), checked as the API server checks a new CronJob's.
fn schedule(cx: &mut Cx, name: &str, schedule: &str) {
    // The rack's own validation refuses a remaining `?` first, with its message.
    if schedule.contains('?') {
        return;
    }
    let Some(refusal) = cron::refusal(schedule) else { return };
    let path = format!("timers.{name}.schedule");
    let at = written(cx, path.clone(), format!("timers.{name}"));
    let message = if schedule.is_empty() {
        format!("timer {name} has no schedule: Kubernetes refuses a CronJob without one (Required value); {SCHEDULE_FORMS}")
    } else if schedule.contains("TZ") {
        format!(
            "timer {name} schedule \"{schedule}\": Kubernetes refuses the CronJob ({refusal}); Convox sets no \
             timeZone, so timers run in UTC: remove the TZ= or CRON_TZ= prefix and write the time in UTC"
        )
    } else {
        format!("timer {name} schedule \"{schedule}\": Kubernetes refuses the CronJob ({refusal}); {SCHEDULE_FORMS}")
    };
    cx.error_value(&at, message);
}

/// Listen ports are the keys of `ports`; targets their values (or `port` in the map form).
fn balancer(cx: &mut Cx, name: &str, b: &Balancer) {
    for p in &b.ports {
        let path = format!("balancers.{name}.ports.{}", p.listen);
        // A listen port that is not an int already failed to parse.
        if p.listen.parse::<i64>().is_ok_and(|n| !(1..=65535).contains(&n)) {
            cx.error(
                &path,
                format!(
                    "balancer {name}: listen port {} is not a port number: Kubernetes refuses the Service \
                     balancer-{name} ({PORT_RANGE})",
                    p.listen
                ),
            );
        }
        let at = written(cx, format!("{path}.port"), path.clone());
        if p.target == 0 {
            let l = &p.listen;
            cx.warning_value(
                &at,
                format!(
                    "balancer {name}: port {l} has no target port, so Kubernetes sends its traffic to port {l} \
                     of the service's pods; write {l}: <the service's port>"
                ),
            );
        } else if !(1..=65535).contains(&p.target) {
            cx.error_value(
                &at,
                format!(
                    "balancer {name}: target port {} is not a port number: Kubernetes refuses the Service \
                     balancer-{name} ({PORT_RANGE}; write <listen port>: <the service's port>)",
                    p.target
                ),
            );
        }
    }
}
