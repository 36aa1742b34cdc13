//! The rack's feature gates (`api_feature_gates`, FEATURE_GATES of an AWS rack's API), read as
//! `pkg/options/feature_gates.go` reads them: split on `,`; an item without `=` is ignored;
//! nothing is trimmed; a gate is on when its value is not empty (so `x=false` turns x on) and
//! the last item of a name decides ([`FeatureGates::on`], `GetFeatureGates`), while a gate's
//! value is the first item's ([`FeatureGates::value`], `GetFeatureGateValue`).

/// The rack's feature gates (`api_feature_gates`, read from FEATURE_GATES) that change its
/// ApplyDefaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gates {
    /// `app-limit-required`: every service gets cpu and memory requests and limits, every
    /// containerized resource cpu and mem options.
    pub app_limit_required: bool,
    /// `disable-host-users`: every service runs with `hostUsers: false`.
    pub disable_host_users: bool,
}

/// A parsed `api_feature_gates` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGates<'a> {
    text: &'a str,
}

impl<'a> FeatureGates<'a> {
    pub fn parse(text: &'a str) -> FeatureGates<'a> {
        FeatureGates { text }
    }

    /// The `name=value` items, in order (items without `=` left out, as the rack skips them).
    fn items(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.text.split(',').filter_map(|item| item.split_once('='))
    }

    /// `GetFeatureGates()[name]`: whether the last item named `name` has a value.
    pub fn on(&self, name: &str) -> bool {
        self.items().filter(|(n, _)| *n == name).last().is_some_and(|(_, v)| !v.is_empty())
    }

    /// `GetFeatureGateValue(name)`: the first item named `name`'s value, or empty.
    pub fn value(&self, name: &str) -> &'a str {
        self.items().find(|(n, _)| *n == name).map_or("", |(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_read_as_the_rack_reads_them() {
        let g = FeatureGates::parse("app-limit-required=false,tid, disable-host-users=1,rds-disable=");
        // Any value turns a gate on, `false` included; a bare name is skipped.
        assert!(g.on("app-limit-required"));
        assert!(!g.on("tid"));
        // Nothing is trimmed: ` disable-host-users` is another name.
        assert!(!g.on("disable-host-users"));
        assert!(g.on(" disable-host-users"));
        assert!(!g.on("rds-disable"));
        assert!(!g.on("balancer-disable"));
    }

    #[test]
    fn the_last_item_decides_on_and_the_first_gives_the_value() {
        let g = FeatureGates::parse("external-dns-resolver=1.1.1.1,external-dns-resolver=");
        assert!(!g.on("external-dns-resolver"));
        assert_eq!(g.value("external-dns-resolver"), "1.1.1.1");
        let g = FeatureGates::parse("resource-internal-domain-suffix=svc.corp=x");
        assert_eq!(g.value("resource-internal-domain-suffix"), "svc.corp=x");
        assert_eq!(FeatureGates::parse("").value("tid"), "");
    }
}
