//! The Convox rack releases whose behaviour the tool emulates, in order.
//!
//! A rack runs one release of convox/convox; its templates (`provider/k8s/template/app`), its
//! manifest rules (`pkg/manifest`) and its promote (`provider/k8s/release.go`) decide what an
//! app release creates. Those changed between 3.20 and 3.24.9, and each difference is declared
//! once, beside what it changes, with the first version here that has it: a key's `since` in
//! the key tables, a rendering rule's `ctx.version() >= V3_24_6` in the mapping, a rack
//! parameter's `since`. Grep a constant (`V3_23_4`) to find what changed in that release.
//!
//! The versions are the ones users run: the newest patch of each minor from 3.20 to 3.23 (a
//! rack updates one minor at a time, each at its newest patch) and every 3.24 patch. Several
//! render alike ([`RackVersion::renders_as`]): 3.24.0 renders as 3.23.4, 3.24.2 as 3.24.1,
//! 3.24.7 as 3.24.6 and 3.24.9 as 3.24.8 (their releases changed only builds, logs, the rack's
//! own add-ons or parameters that touch no app object).

use std::fmt;

/// A Convox rack release the tool knows. Ordered; compare with the constants
/// (`ctx.version() >= V3_24_5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RackVersion {
    major: u8,
    minor: u8,
    patch: u8,
}

const fn v(major: u8, minor: u8, patch: u8) -> RackVersion {
    RackVersion { major, minor, patch }
}

pub const V3_20_1: RackVersion = v(3, 20, 1);
pub const V3_21_5: RackVersion = v(3, 21, 5);
pub const V3_22_5: RackVersion = v(3, 22, 5);
pub const V3_23_4: RackVersion = v(3, 23, 4);
pub const V3_24_0: RackVersion = v(3, 24, 0);
pub const V3_24_1: RackVersion = v(3, 24, 1);
pub const V3_24_2: RackVersion = v(3, 24, 2);
pub const V3_24_3: RackVersion = v(3, 24, 3);
pub const V3_24_4: RackVersion = v(3, 24, 4);
pub const V3_24_5: RackVersion = v(3, 24, 5);
pub const V3_24_6: RackVersion = v(3, 24, 6);
pub const V3_24_7: RackVersion = v(3, 24, 7);
pub const V3_24_8: RackVersion = v(3, 24, 8);
pub const V3_24_9: RackVersion = v(3, 24, 9);

/// Every version the tool knows, oldest first.
pub const KNOWN: &[RackVersion] = &[
    V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_0, V3_24_1, V3_24_2, V3_24_3, V3_24_4, V3_24_5, V3_24_6,
    V3_24_7, V3_24_8, V3_24_9,
];

/// The versions whose release changed what an app release renders or what the rack accepts:
/// every gate in the mapping and the manifest is one of these.
pub const BEHAVIOURS: &[RackVersion] =
    &[V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_1, V3_24_3, V3_24_4, V3_24_5, V3_24_6, V3_24_8];

/// The oldest version the tool knows: a `since` of this is no gate at all.
pub const OLDEST: RackVersion = V3_20_1;
/// The newest version the tool knows, and the default.
pub const NEWEST: RackVersion = V3_24_9;

/// A version the tool does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("{0:?} is not a rack version: expected MAJOR.MINOR.PATCH, e.g. {NEWEST}")]
    Malformed(String),
    #[error("unknown rack version {given}: {hint}")]
    Unknown { given: String, hint: String },
    #[error("a rack upgrade goes forward: {from} is not older than {to}")]
    Backwards { from: RackVersion, to: RackVersion },
}

impl RackVersion {
    /// Reads `3.22.5` (an optional leading `v`, as release tags are sometimes written). Only a
    /// version of [`KNOWN`] is taken; any other is an error that says which are known and the
    /// newest, never a silent fallback.
    pub fn parse(s: &str) -> Result<RackVersion, VersionError> {
        let text = s.trim();
        let digits = text.strip_prefix('v').unwrap_or(text);
        let parts: Vec<&str> = digits.split('.').collect();
        let numbers: Option<Vec<u8>> = parts.iter().map(|p| p.parse::<u8>().ok()).collect();
        let (major, minor, patch) = match numbers.as_deref() {
            Some(&[major, minor, patch]) if parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) => {
                (major, minor, patch)
            }
            _ => return Err(VersionError::Malformed(text.to_string())),
        };
        let version = v(major, minor, patch);
        if KNOWN.contains(&version) {
            return Ok(version);
        }
        let known = known_list();
        let hint = if version > NEWEST {
            format!("the newest this tool knows is {NEWEST} ({known})")
        } else if version < OLDEST {
            format!("the oldest this tool knows is {OLDEST}, the first rack release it emulates ({known})")
        } else {
            // A patch of a minor the tool knows: the one of that minor a rack should run.
            let newest = KNOWN.iter().rev().find(|k| k.major == major && k.minor == minor);
            match newest {
                Some(n) => format!(
                    "of the {major}.{minor} releases this tool knows {n}, the newest patch, which a rack updates to \
                     before the next minor ({known}; the newest is {NEWEST})"
                ),
                None => format!("this tool knows {known}; the newest is {NEWEST}"),
            }
        };
        Err(VersionError::Unknown { given: version.to_string(), hint })
    }

    /// The version this one renders as: the newest of [`BEHAVIOURS`] not after it (3.24.0 →
    /// 3.23.4). Two versions with the same one give the same objects and messages.
    pub fn renders_as(self) -> RackVersion {
        BEHAVIOURS.iter().rev().copied().find(|b| *b <= self).unwrap_or(OLDEST)
    }

    /// `3.24`: the minor release line.
    pub fn minor_line(self) -> (u8, u8) {
        (self.major, self.minor)
    }
}

impl Default for RackVersion {
    fn default() -> RackVersion {
        NEWEST
    }
}

impl fmt::Display for RackVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl serde::Serialize for RackVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `3.20.1, 3.21.5, 3.22.5, 3.23.4, 3.24.0 to 3.24.9`.
fn known_list() -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < KNOWN.len() {
        let line = KNOWN[i].minor_line();
        let mut j = i;
        while j + 1 < KNOWN.len() && KNOWN[j + 1].minor_line() == line {
            j += 1;
        }
        out.push(if j > i + 1 {
            format!("{} to {}", KNOWN[i], KNOWN[j])
        } else if j == i + 1 {
            format!("{}, {}", KNOWN[i], KNOWN[j])
        } else {
            KNOWN[i].to_string()
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The versions a rack passes through from `from` to `to`, both included: one minor at a time,
/// each at its newest patch (`convox rack update` refuses to skip a minor); within the last
/// minor line, straight to `to` (3.22.5 → 3.23.4 → 3.24.9). `Err` when `to` is not newer.
pub fn upgrade_path(from: RackVersion, to: RackVersion) -> Result<Vec<RackVersion>, VersionError> {
    if from >= to {
        return Err(VersionError::Backwards { from, to });
    }
    let mut path = vec![from];
    let mut at = from;
    while at.minor_line() != to.minor_line() {
        let next_line = KNOWN
            .iter()
            .copied()
            .filter(|k| k.minor_line() > at.minor_line())
            .map(RackVersion::minor_line)
            .min();
        let Some(line) = next_line else { break };
        at = if line == to.minor_line() {
            to
        } else {
            KNOWN.iter().rev().copied().find(|k| k.minor_line() == line).unwrap_or(to)
        };
        path.push(at);
    }
    if at != to {
        path.push(to);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_as_releases_do() {
        assert!(V3_20_1 < V3_21_5 && V3_23_4 < V3_24_0 && V3_24_8 < V3_24_9);
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(RackVersion::default(), V3_24_9);
        assert_eq!(V3_24_5.to_string(), "3.24.5");
    }

    #[test]
    fn known_versions_parse_and_others_say_which_are_known() {
        for k in KNOWN {
            assert_eq!(RackVersion::parse(&k.to_string()), Ok(*k));
        }
        assert_eq!(RackVersion::parse(" v3.22.5 "), Ok(V3_22_5));
        let newer = RackVersion::parse("3.25.0").unwrap_err().to_string();
        assert_eq!(
            newer,
            "unknown rack version 3.25.0: the newest this tool knows is 3.24.9 (3.20.1, 3.21.5, 3.22.5, 3.23.4, \
             3.24.0 to 3.24.9)"
        );
        let older = RackVersion::parse("3.19.0").unwrap_err().to_string();
        assert!(older.contains("the oldest this tool knows is 3.20.1"), "{older}");
        assert!(older.contains("3.24.9"), "{older}");
        let patch = RackVersion::parse("3.22.3").unwrap_err().to_string();
        assert!(patch.contains("3.22.5, the newest patch"), "{patch}");
        assert!(patch.contains("the newest is 3.24.9"), "{patch}");
        for bad in ["", "3.24", "3.24.x", "3.24.9.1", "latest", "3.24.-1", "3.+24.9"] {
            assert!(
                matches!(RackVersion::parse(bad), Err(VersionError::Malformed(_))),
                "{bad:?} should be malformed"
            );
        }
    }

    #[test]
    fn aliases_render_as_the_release_that_last_changed_something() {
        let pairs = [
            (V3_24_0, V3_23_4),
            (V3_24_2, V3_24_1),
            (V3_24_7, V3_24_6),
            (V3_24_9, V3_24_8),
            (V3_24_5, V3_24_5),
            (V3_20_1, V3_20_1),
        ];
        for (v, as_) in pairs {
            assert_eq!(v.renders_as(), as_, "{v}");
        }
        assert!(BEHAVIOURS.iter().all(|b| KNOWN.contains(b) && b.renders_as() == *b));
    }

    #[test]
    fn an_upgrade_walks_one_minor_at_a_time_at_each_newest_patch() {
        let path = |a, b| upgrade_path(a, b).unwrap();
        assert_eq!(path(V3_20_1, V3_24_9), [V3_20_1, V3_21_5, V3_22_5, V3_23_4, V3_24_9]);
        assert_eq!(path(V3_22_5, V3_24_3), [V3_22_5, V3_23_4, V3_24_3]);
        assert_eq!(path(V3_24_1, V3_24_9), [V3_24_1, V3_24_9]);
        assert_eq!(path(V3_23_4, V3_24_0), [V3_23_4, V3_24_0]);
        assert_eq!(path(V3_21_5, V3_22_5), [V3_21_5, V3_22_5]);
        assert!(upgrade_path(V3_24_9, V3_24_9).is_err());
        assert!(upgrade_path(V3_24_9, V3_22_5).is_err());
    }
}
