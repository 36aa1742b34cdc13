//! The CronJob schedule check of the Kubernetes API server: `cron.ParseStandard` of
//! robfig/cron v3 (the parser Kubernetes vendors) and the `TZ` rule of the CronJob
//! validation, with their messages verbatim.
//!
//! ParseStandard takes five fields (minute, hour, day of month, month, day of week), each a
//! comma-separated list of `*`, `?`, `n`, `a-b`, with an optional `/step`; months and days
//! of the week also by name (`JAN`, `mon`, any case); or a descriptor (`@yearly`,
//! `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every <Go
//! duration>`); after an optional `TZ=…` or `CRON_TZ=…` prefix, which the CronJob
//! validation then refuses on a new CronJob ("use timeZone field instead").

use super::scalar::atoi;

/// One field's bounds and, for months and days of the week, its names.
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
/// Names from `min`: `jan` is 1.
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
};
/// Names from `min`: `sun` is 0.
const DOW: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

/// What the API server says of `schedule` as a CronJob's `spec.schedule` on create: `None`
/// when it accepts it, else its messages (`; `-joined when there are two).
pub(crate) fn refusal(schedule: &str) -> Option<String> {
    if schedule.is_empty() {
        return Some("Required value".into());
    }
    let mut problems = Vec::new();
    if let Err(e) = parse_standard(schedule) {
        problems.push(e);
    }
    // ValidateCronJobCreate: allowTZInSchedule is false for a new CronJob.
    if schedule.contains("TZ") {
        problems.push("cannot use TZ or CRON_TZ in schedule, use timeZone field instead".to_string());
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// `cron.ParseStandard(spec)`: `Err` with robfig/cron's message when it refuses `spec`.
pub(crate) fn parse_standard(spec: &str) -> Result<(), String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let mut spec = spec;
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        // The location itself is loaded from the zone database, which is not here; the
        // CronJob validation refuses any TZ anyway (see `refusal`).
        match spec.find(' ') {
            Some(i) => spec = spec[i..].trim(),
            None => {
                return Err(format!("provided bad location {}", &spec[spec.find('=').unwrap_or(0) + 1..]))
            }
        }
    }
    if spec.starts_with('@') {
        return descriptor(spec);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
    }
    for (field, bounds) in fields.iter().zip([&MINUTES, &HOURS, &DOM, &MONTHS, &DOW]) {
        for expr in field.split(',').filter(|e| !e.is_empty()) {
            range(expr, bounds)?;
        }
    }
    Ok(())
}

/// `getRange`: `*` or `?`, `n`, `a-b`, each with an optional `/step`.
fn range(expr: &str, r: &Bounds) -> Result<(), String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_and_high.len() == 1;
    let (start, mut end) = if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (r.min, r.max)
    } else {
        let start = int_or_name(low_and_high[0], r)?;
        match low_and_high.len() {
            1 => (start, start),
            2 => (start, int_or_name(low_and_high[1], r)?),
            _ => return Err(format!("too many hyphens: {expr}")),
        }
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = non_negative_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if single {
                end = r.max;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < r.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", r.min));
    }
    if end > r.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", r.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(())
}

/// `parseIntOrName`: a month or day name (any case), else an int.
fn int_or_name(expr: &str, r: &Bounds) -> Result<u64, String> {
    let lower = expr.to_ascii_lowercase();
    match r.names.iter().position(|n| *n == lower) {
        Some(i) => Ok(r.min + i as u64),
        None => non_negative_int(expr),
    }
}

/// `mustParseInt`: `strconv.Atoi`, then no negative numbers.
fn non_negative_int(expr: &str) -> Result<u64, String> {
    let n = atoi(expr).map_err(|e| format!("failed to parse int from {expr}: {e}"))?;
    u64::try_from(n).map_err(|_| format!("negative number ({n}) not allowed: {expr}"))
}

/// `parseDescriptor`.
fn descriptor(spec: &str) -> Result<(), String> {
    match spec {
        "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily" | "@midnight" | "@hourly" => Ok(()),
        _ => match spec.strip_prefix("@every ") {
            Some(d) => go_duration(d).map_err(|e| format!("failed to parse duration {spec}: {e}")),
            None => Err(format!("unrecognized descriptor: {spec}")),
        },
    }
}

/// Go's `time.ParseDuration`, for its errors: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`.
fn go_duration(orig: &str) -> Result<(), String> {
    let invalid = || Err(format!("time: invalid duration {orig:?}"));
    let mut s = orig.strip_prefix(['-', '+']).unwrap_or(orig);
    if s == "0" {
        return Ok(());
    }
    if s.is_empty() {
        return invalid();
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        if !(s.starts_with('.') || s.starts_with(|c: char| c.is_ascii_digit())) {
            return invalid();
        }
        let pre = digits(s);
        let whole: u128 = if pre > 0 {
            match s[..pre].parse::<u64>() {
                Ok(v) => u128::from(v),
                Err(_) => return invalid(),
            }
        } else {
            0
        };
        s = &s[pre..];
        let mut post = 0;
        if let Some(rest) = s.strip_prefix('.') {
            post = digits(rest);
            s = &rest[post..];
        }
        if pre == 0 && post == 0 {
            return invalid();
        }
        let unit_len = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {orig:?}"));
        }
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let nanos: u128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {unit:?} in duration {orig:?}")),
        };
        total += whole * nanos;
        if total > u128::from(i64::MAX as u64) + 1 {
            return invalid();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_schedules_and_descriptors_parse() {
        for ok in [
            "0 3 * * *",
            "*/5 * * * *",
            "0 0 1 jan *",
            "0 9 * * MON-FRI",
            "5-7/2 1,5-7/2,3 1-31 JAN-DEC sun-sat",
            "0 0 * * ?",
            "30 2 ? * 0",
            "@daily",
            "@hourly",
            "@annually",
            "@every 1h30m",
            "@every 1.5s",
            "1,,2 * * * *",
        ] {
            assert_eq!(parse_standard(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refused_schedules_give_robfig_crons_messages() {
        let cases = [
            ("every day", "expected exactly 5 fields, found 2: [every day]"),
            ("0 3 * *", "expected exactly 5 fields, found 4: [0 3 * *]"),
            ("61 3 * * *", "end of range (61) above maximum (59): 61"),
            ("0 24 * * *", "end of range (24) above maximum (23): 24"),
            ("0 0 0 * *", "beginning of range (0) below minimum (1): 0"),
            ("0 0 * * 7", "end of range (7) above maximum (6): 7"),
            ("0 0 * 13 *", "end of range (13) above maximum (12): 13"),
            ("5-3 * * * *", "beginning of range (5) beyond end of range (3): 5-3"),
            ("*/0 * * * *", "step of range should be a positive number: */0"),
            ("5--5 * * * *", "too many hyphens: 5--5"),
            ("*//2 * * * *", "too many slashes: *//2"),
            ("*/-12 * * * *", "negative number (-12) not allowed: -12"),
            ("0 0 * jan-x *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
            ("@every Xm", "failed to parse duration @every Xm: time: invalid duration \"Xm\""),
            ("@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\""),
            ("@every 5d", "failed to parse duration @every 5d: time: unknown unit \"d\" in duration \"5d\""),
            ("@unrecognized", "unrecognized descriptor: @unrecognized"),
            ("@every", "unrecognized descriptor: @every"),
        ];
        for (spec, message) in cases {
            assert_eq!(parse_standard(spec), Err(message.to_string()), "{spec}");
        }
    }

    #[test]
    fn kubernetes_refuses_an_empty_schedule_and_any_time_zone() {
        assert_eq!(refusal(""), Some("Required value".into()));
        assert_eq!(refusal("0 3 * * *"), None);
        assert_eq!(
            refusal("CRON_TZ=UTC 0 3 * * *"),
            Some("cannot use TZ or CRON_TZ in schedule, use timeZone field instead".into())
        );
        assert_eq!(
            refusal("TZ=UTC 0 3 * *"),
            Some(
                "expected exactly 5 fields, found 4: [0 3 * *]; cannot use TZ or CRON_TZ in schedule, \
                 use timeZone field instead"
                    .into()
            )
        );
    }
}
