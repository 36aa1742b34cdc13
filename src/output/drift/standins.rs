//! The values the rendered objects hold in place of what only the live rack knows
//! (`mapping::stand_ins`: the rack's domain, registry, resolver, EFS file system…), the release
//! and build ids the comparison was asked for (`--release`, `--build`: the cluster runs its own),
//! and the `<placeholders>` of managed resources: a rendered string holding one matches any
//! cluster string that has the same text around it.

use crate::mapping::stand_ins::{self, DOCKER_HUB_PASSWORD_STAND_IN, RACK_PASSWORD_STAND_IN};
use crate::mapping::Context;

/// One stand-in value and what it stands for.
#[derive(Debug, Clone)]
pub struct StandIn {
    pub value: String,
    pub what: String,
    /// Its real value is a secret: never shown.
    pub secret: bool,
}

/// A stand-in found in a rendered string and what the cluster has in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub value: String,
    pub what: String,
    /// The cluster's value (`None` when it is a secret).
    pub cluster: Option<String>,
}

/// Strings longer than this are not matched (a pattern is a handful of pieces).
const MAX_LEN: usize = 8192;
const MAX_PIECES: usize = 8;

/// Every stand-in of `ctx`.
pub fn list(ctx: &Context) -> Vec<StandIn> {
    let mut out: Vec<StandIn> = stand_ins::list(ctx)
        .into_iter()
        .map(|s| StandIn {
            secret: s.value == RACK_PASSWORD_STAND_IN || s.value == DOCKER_HUB_PASSWORD_STAND_IN,
            value: s.value,
            what: s.what.to_string(),
        })
        .collect();
    out.push(StandIn {
        value: ctx.release.clone(),
        what: "the release id (--release)".into(),
        secret: false,
    });
    out.push(StandIn { value: ctx.build.clone(), what: "the build id (--build)".into(), secret: false });
    out.retain(|s| !s.value.is_empty());
    out
}

/// The stand-ins `rendered` holds, in order, as (start, end, index into `list`); a
/// `<placeholder>` (lower-case letters, digits and dashes) is index `list.len()`.
fn find(rendered: &str, list: &[StandIn]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rendered.len() {
        let rest = &rendered[i..];
        // The longest stand-in that starts here (a value inside another is not matched first).
        let longest = list
            .iter()
            .enumerate()
            .filter(|(_, s)| rest.starts_with(s.value.as_str()))
            .max_by_key(|(_, s)| s.value.len())
            .map(|(n, _)| n);
        if let Some(n) = longest {
            out.push((i, i + list[n].value.len(), n));
            i += list[n].value.len();
            continue;
        }
        if let Some(inner) = rest.strip_prefix('<') {
            let body = inner.find('>').map(|e| &inner[..e]);
            if let Some(b) = body.filter(|b| {
                !b.is_empty() && b.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            }) {
                out.push((i, i + b.len() + 2, list.len()));
                i += b.len() + 2;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// When `rendered` holds stand-ins and `cluster` is the same text with something in their
/// places, what each stand-in matched. `secret`: the whole value is a secret (never shown).
pub fn matches(rendered: &str, cluster: &str, list: &[StandIn], secret: bool) -> Option<Vec<Matched>> {
    if rendered.len() > MAX_LEN || cluster.len() > MAX_LEN {
        return None;
    }
    let found = find(rendered, list);
    if found.is_empty() || found.len() > MAX_PIECES {
        return None;
    }
    // The literal text between the stand-ins.
    let mut pieces = Vec::with_capacity(found.len() + 1);
    let mut at = 0;
    for (start, end, _) in &found {
        pieces.push(&rendered[at..*start]);
        at = *end;
    }
    pieces.push(&rendered[at..]);
    let captured = glob(&pieces, cluster)?;
    Some(
        found
            .iter()
            .zip(captured)
            .map(|((s, e, n), got)| {
                let value = &rendered[*s..*e];
                let (what, hidden) = match list.get(*n) {
                    Some(s) => (s.what.clone(), s.secret),
                    None => (
                        "a value the rack writes once the resource is provisioned".to_string(),
                        value.contains("password"),
                    ),
                };
                Matched {
                    value: value.to_string(),
                    what,
                    cluster: (!secret && !hidden).then(|| got.to_string()),
                }
            })
            .collect(),
    )
}

/// Matches `text` against literal `pieces` with a wildcard (one or more characters) between
/// each two; returns what each wildcard matched, the earliest match of every piece.
fn glob<'t>(pieces: &[&str], text: &'t str) -> Option<Vec<&'t str>> {
    let (first, rest) = pieces.split_first()?;
    let mut tail = text.strip_prefix(first)?;
    let mut out = Vec::with_capacity(rest.len());
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        // The wildcard takes at least one character.
        let skip = tail.chars().next()?.len_utf8();
        let at = if last {
            if tail.len() < skip + piece.len() || !tail.ends_with(piece) {
                return None;
            }
            tail.len() - piece.len()
        } else {
            skip + tail[skip..].find(piece)?
        };
        if !tail.is_char_boundary(at) {
            return None;
        }
        out.push(&tail[..at]);
        tail = &tail[at + piece.len()..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standins() -> Vec<StandIn> {
        list(&Context::default())
    }

    #[test]
    fn a_stand_in_matches_what_the_cluster_has_in_its_place() {
        let l = standins();
        let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-rack/my-app:web.BABC1234DEF";
        let got =
            matches(image, "999.dkr.ecr.eu-west-1.amazonaws.com/my-rack/my-app:web.B7Q2", &l, false).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].cluster.as_deref(), Some("999.dkr.ecr.eu-west-1.amazonaws.com"));
        assert_eq!(got[1].cluster.as_deref(), Some("B7Q2"));
        assert!(got[1].what.contains("--build"));
        // Another repository is not a stand-in's difference.
        assert_eq!(matches(image, "999.dkr.ecr.eu-west-1.amazonaws.com/other:web.B7Q2", &l, false), None);
        // Text without a stand-in never matches.
        assert_eq!(matches("bin/web", "bin/worker", &l, false), None);
    }

    #[test]
    fn secrets_and_placeholders() {
        let l = standins();
        let url = "https://convox:RACK-API-PASSWORD@api.my-rack-system.svc.cluster.local:5443";
        let got = matches(url, "https://convox:s3cr3t@api.my-rack-system.svc.cluster.local:5443", &l, false)
            .unwrap();
        assert_eq!(got[0].cluster, None, "the rack password is never shown");
        let got = matches("<rds-endpoint>", "db.abc.rds.amazonaws.com", &l, false).unwrap();
        assert_eq!(got[0].cluster.as_deref(), Some("db.abc.rds.amazonaws.com"));
        let got = matches("u:<rds-password>@h", "u:pw@h", &l, false).unwrap();
        assert_eq!(got[0].cluster, None, "a password placeholder's value is never shown");
        let got = matches("postgres://<rds-user>:<rds-password>@h", "postgres://u:p@h", &l, true).unwrap();
        assert!(got.iter().all(|m| m.cluster.is_none()), "a secret value shows nothing");
        assert_eq!(matches("<rds-endpoint>", "", &l, false), None, "a wildcard takes a character at least");
    }
}
