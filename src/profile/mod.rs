//! The rack a release lands on: its Convox release ([`RackVersion`], 3.24.9 unless chosen),
//! its provider and its rack parameters (`convox rack params`), with the rack's own defaults
//! (`terraform/system/<provider>/variables.tf`).
//!
//! Each parameter is declared once, in [`PARAMS`]: its name as `convox rack params set` spells
//! it, the providers that have it, its accepted values, its default and what it changes. The
//! CLI's `--rack-param`, the page's Rack panel and the JSON contract's `profile` all read it.

use std::collections::BTreeMap;

pub use crate::rack_version::RackVersion;
use crate::rack_version::OLDEST;

/// The cloud (or bare-metal) provider the rack runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Provider {
    #[default]
    Aws,
    Azure,
    Gcp,
    Do,
    Local,
    Metal,
}

impl Provider {
    pub const ALL: [Provider; 6] =
        [Provider::Aws, Provider::Azure, Provider::Gcp, Provider::Do, Provider::Local, Provider::Metal];

    /// The name `convox rack install` uses (`aws`, `azure`, …).
    pub fn name(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Gcp => "gcp",
            Provider::Do => "do",
            Provider::Local => "local",
            Provider::Metal => "metal",
        }
    }

    pub fn parse(s: &str) -> Result<Provider, ProfileError> {
        Provider::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| ProfileError::UnknownProvider(s.to_string()))
    }
}

mod gates;
mod params;

pub use gates::{FeatureGates, Gates};
pub use params::PARAMS;

/// What values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// One of a closed set.
    Choice(&'static [&'static str]),
    /// An integer from 0 to 100.
    Percent,
    /// A number (terraform's `number`).
    Number,
    /// An `http(s)://` URL, or empty.
    Url,
    /// Any text.
    Text,
    /// Comma-separated CIDR ranges.
    Cidrs,
    /// A DNS name (`apps.example.com`), or empty.
    Domain,
    /// Lowercase letters, digits and dashes, starting with a letter (a rack name, a region).
    Name,
}

/// One rack parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// As `convox rack params set NAME=VALUE` spells it.
    pub name: &'static str,
    pub kind: Kind,
    /// The providers whose racks have it.
    pub providers: &'static [Provider],
    /// The rack's default.
    pub default: &'static str,
    /// The providers whose racks have another default, with it.
    pub other_defaults: &'static [(Provider, &'static str)],
    /// What it does: what it changes in an app release, or that it changes nothing there.
    pub doc: &'static str,
    /// Its value is a credential: the contract shows whether it is set, never the value.
    pub secret: bool,
    /// The providers on whose racks it changes what an app release creates (or whether the
    /// rack accepts it); empty for a parameter of the rack itself.
    pub changes_app: &'static [Provider],
    /// terraform declares no default: the rack's install asks for it.
    pub required: bool,
    /// The first rack release that has it, per provider (`terraform/system/<provider>/variables.tf`);
    /// a provider not listed has it in every release the tool knows.
    pub since: &'static [(Provider, RackVersion)],
}

impl Param {
    /// The rack's default on `provider`'s racks.
    pub fn default_on(&self, provider: Provider) -> &'static str {
        self.other_defaults.iter().find(|(p, _)| *p == provider).map_or(self.default, |(_, d)| d)
    }

    /// Whether it changes an app's objects on `provider`'s racks.
    pub fn changes_app_on(&self, provider: Provider) -> bool {
        self.changes_app.contains(&provider)
    }

    /// The first rack release of `provider` that has the parameter.
    pub fn since(&self, provider: Provider) -> RackVersion {
        self.since.iter().find(|(p, _)| *p == provider).map_or(OLDEST, |(_, v)| *v)
    }

    /// Whether a rack of `provider` on release `version` has the parameter.
    pub fn exists(&self, provider: Provider, version: RackVersion) -> bool {
        self.providers.contains(&provider) && self.since(provider) <= version
    }
}

/// Why a profile could not be built (a usage error in the CLI, a field error in the page).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("unknown provider {0:?}: expected one of aws, azure, gcp, do, local, metal")]
    UnknownProvider(String),
    #[error("unknown rack parameter {name}{hint}")]
    UnknownParam { name: String, hint: String },
    #[error("rack parameter {name} does not exist on {provider} racks (it does on: {on})")]
    NotOnProvider { name: String, provider: &'static str, on: String },
    #[error("rack parameter {name} does not exist on {version} racks: it came in rack version {since}")]
    NotYet { name: String, version: RackVersion, since: RackVersion },
    #[error("rack parameter {name}={value:?} is not valid: {expected}")]
    BadValue { name: String, value: String, expected: String },
    #[error("expected NAME=VALUE, got {0:?}")]
    NotAPair(String),
}

/// The parameter `name`, if there is one.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

/// A rack release, a provider and the rack parameters set on it; every other parameter has
/// its default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    version: RackVersion,
    provider: Provider,
    set: BTreeMap<&'static str, String>,
}

impl Profile {
    /// A rack of `provider` on the newest release the tool knows, every parameter at its
    /// default.
    pub fn new(provider: Provider) -> Profile {
        Profile { version: RackVersion::default(), provider, set: BTreeMap::new() }
    }

    /// A rack of `provider` on release `version`, every parameter at its default.
    pub fn at(provider: Provider, version: RackVersion) -> Profile {
        Profile { version, provider, set: BTreeMap::new() }
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The Convox release the rack runs.
    pub fn version(&self) -> RackVersion {
        self.version
    }

    /// The same rack on release `version`, with the same parameters set.
    pub fn with_version(&self, version: RackVersion) -> Profile {
        Profile { version, ..self.clone() }
    }

    /// Sets parameter `name` (`convox rack params set name=value`), checking that the
    /// provider has it and that the value is one it takes.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ProfileError> {
        let Some(p) = param(name) else {
            let best = PARAMS
                .iter()
                .map(|p| (strsim::damerau_levenshtein(name, p.name), p.name))
                .min_by_key(|(d, _)| *d)
                .filter(|(d, _)| *d <= 2.max(name.len() / 4));
            let hint = best.map(|(_, n)| format!(" (did you mean {n}?)")).unwrap_or_default();
            return Err(ProfileError::UnknownParam { name: name.to_string(), hint });
        };
        if !p.providers.contains(&self.provider) {
            let on: Vec<&str> = p.providers.iter().map(|p| p.name()).collect();
            return Err(ProfileError::NotOnProvider {
                name: name.to_string(),
                provider: self.provider.name(),
                on: on.join(", "),
            });
        }
        if !p.exists(self.provider, self.version) {
            return Err(ProfileError::NotYet {
                name: name.to_string(),
                version: self.version,
                since: p.since(self.provider),
            });
        }
        check_value(p, value)?;
        self.set.insert(p.name, value.to_string());
        Ok(())
    }

    /// Whether this rack has parameter `name` (its provider, from its release on).
    pub fn has(&self, name: &str) -> bool {
        param(name).is_some_and(|p| p.exists(self.provider, self.version))
    }

    /// Parses and sets `NAME=VALUE`.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ProfileError> {
        match pair.split_once('=') {
            Some((k, v)) if !k.is_empty() => self.set(k.trim(), v.trim()),
            _ => Err(ProfileError::NotAPair(pair.to_string())),
        }
    }

    /// The effective value of `name`: as set, else the rack's default; empty for a
    /// parameter this provider's racks do not have. On a release before the parameter came,
    /// its default: the rack behaves as the default does (a rack without `keda_enable` has no
    /// KEDA), whatever [`Profile::with_version`] carried over.
    pub fn value(&self, name: &str) -> &str {
        match param(name) {
            Some(p) if p.exists(self.provider, self.version) => {
                self.set.get(p.name).map_or(p.default_on(self.provider), String::as_str)
            }
            Some(p) if p.providers.contains(&self.provider) => p.default,
            _ => "",
        }
    }

    /// The value of `name` when it is set to something non-empty.
    fn given(&self, name: &str) -> Option<&str> {
        Some(self.value(name)).filter(|v| !v.is_empty())
    }

    fn flag(&self, name: &str) -> bool {
        self.value(name) == "true"
    }

    /// Every parameter of this provider and release with its effective value, secrets shown as
    /// `(set)`.
    pub fn effective(&self) -> Vec<(&'static str, String)> {
        PARAMS
            .iter()
            .filter(|p| p.exists(self.provider, self.version))
            .map(|p| {
                let v = self.value(p.name);
                let shown = if p.secret && !v.is_empty() { "(set)".to_string() } else { v.to_string() };
                (p.name, shown)
            })
            .collect()
    }

    /// The parameters set explicitly, as given, that this rack's release has.
    pub fn explicit(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.set.iter().filter(|(k, _)| self.has(k)).map(|(k, v)| (*k, v.as_str()))
    }

    /// `router_type=contour`.
    pub fn contour(&self) -> bool {
        self.value("router_type") == "contour"
    }
    pub fn internal_router(&self) -> bool {
        self.flag("internal_router")
    }
    pub fn contour_internal_tls(&self) -> bool {
        self.flag("contour_internal_tls")
    }
    pub fn keda(&self) -> bool {
        self.flag("keda_enable")
    }
    pub fn vpa(&self) -> bool {
        self.flag("vpa_enable")
    }
    pub fn prometheus_url(&self) -> &str {
        self.value("prometheus_url")
    }
    pub fn efs(&self) -> bool {
        self.flag("efs_csi_driver_enable")
    }
    pub fn azure_files(&self) -> bool {
        self.flag("azure_files_enable")
    }
    pub fn cost_tracking(&self) -> bool {
        self.flag("cost_tracking_enable")
    }
    /// `pdb_default_min_available_percentage`; 50 on providers without the parameter.
    pub fn pdb_percent(&self) -> i64 {
        self.value("pdb_default_min_available_percentage").parse().unwrap_or(50)
    }
    /// Whether the rack's DNS resolver is on (every rack but an AWS one that turned it off).
    pub fn resolver(&self) -> bool {
        !self.flag("disable_convox_resolver")
    }
    /// Whether the rack-domain host of each service gets a TLS certificate.
    pub fn domain_tls(&self) -> bool {
        !self.flag("convox_domain_tls_cert_disable")
    }
    /// Docker Hub credentials as the app release uses them (`hasDockerHubAuth`, in
    /// `provider/k8s/process.go`: a username and a password): only AWS racks pass them to the
    /// rack API (`terraform/api/aws/main.tf`); elsewhere they stay in the rack namespace.
    pub fn docker_hub(&self) -> Option<(&str, &str)> {
        if self.provider != Provider::Aws {
            return None;
        }
        Some((self.given("docker_hub_username")?, self.given("docker_hub_password")?))
    }
    /// Whether resources pull through the ECR cache for Docker Hub
    /// (`terraform/cluster/aws/outputs.tf`: the switch and both credentials).
    pub fn ecr_docker_hub_cache(&self) -> bool {
        self.flag("ecr_docker_hub_cache") && self.docker_hub().is_some()
    }
    /// The rack's feature gates (`api_feature_gates`; AWS racks only).
    pub fn gates(&self) -> FeatureGates<'_> {
        FeatureGates::parse(self.value("api_feature_gates"))
    }
    /// The gates that change the rack's ApplyDefaults.
    pub fn manifest_gates(&self) -> Gates {
        let gates = self.gates();
        Gates {
            app_limit_required: gates.on("app-limit-required"),
            disable_host_users: gates.on("disable-host-users"),
        }
    }
    /// The rack's domain when a parameter gives it (`convox_rack_domain` on AWS, `domain` on
    /// metal): every service host is under it.
    pub fn domain(&self) -> Option<&str> {
        self.given("convox_rack_domain").or_else(|| self.given("domain"))
    }
    /// The rack's name when the `name` parameter gives it.
    pub fn rack_name(&self) -> Option<&str> {
        self.given("name")
    }
    /// The AWS region (the ECR host of the app's images).
    pub fn aws_region(&self) -> &str {
        if self.provider == Provider::Aws {
            self.value("region")
        } else {
            ""
        }
    }
    pub fn proxy_protocol(&self) -> bool {
        self.flag("proxy_protocol")
    }
}

fn check_value(p: &Param, value: &str) -> Result<(), ProfileError> {
    let bad = |expected: &str| {
        Err(ProfileError::BadValue { name: p.name.into(), value: value.into(), expected: expected.into() })
    };
    match p.kind {
        Kind::Bool if value != "true" && value != "false" => bad("expected true or false"),
        Kind::Choice(choices) if !choices.contains(&value) => {
            bad(&format!("expected one of {}", choices.join(", ")))
        }
        Kind::Percent if !value.parse::<u8>().is_ok_and(|n| n <= 100) => {
            bad("expected a whole number from 0 to 100")
        }
        Kind::Number if !value.parse::<f64>().is_ok_and(f64::is_finite) => bad("expected a number"),
        Kind::Url if !(value.is_empty() || value.starts_with("http://") || value.starts_with("https://")) => {
            bad("expected an http:// or https:// URL")
        }
        Kind::Cidrs if value.split(',').any(|c| !is_cidr(c.trim())) => {
            bad("expected comma-separated CIDR ranges, e.g. 10.0.0.0/8,192.168.1.0/24")
        }
        Kind::Domain if !(value.is_empty() || is_domain(value)) => {
            bad("expected a DNS name, e.g. apps.example.com")
        }
        Kind::Name if !is_name(value) => {
            bad("expected lowercase letters, digits and dashes, starting with a letter")
        }
        _ => Ok(()),
    }
}

/// Lowercase DNS labels of letters, digits and inner dashes, joined by dots.
fn is_domain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else { return false };
    let Ok(ip) = ip.parse::<std::net::IpAddr>() else { return false };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    bits.parse::<u8>().is_ok_and(|b| b <= max) && bits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_racks_own() {
        let p = Profile::default();
        assert_eq!(p.provider(), Provider::Aws);
        assert!(!p.keda() && !p.vpa() && !p.efs() && !p.internal_router() && !p.cost_tracking());
        assert!(!p.contour() && p.resolver() && p.domain_tls());
        assert_eq!(p.pdb_percent(), 50);
        assert_eq!(p.value("whitelist"), "0.0.0.0/0");
    }

    #[test]
    fn unknown_params_get_a_did_you_mean() {
        let err = Profile::default().set("keda_enabled", "true").unwrap_err();
        assert_eq!(err.to_string(), "unknown rack parameter keda_enabled (did you mean keda_enable?)");
        let err = Profile::default().set("colour", "blue").unwrap_err();
        assert_eq!(err.to_string(), "unknown rack parameter colour");
    }

    #[test]
    fn bad_values_say_which_are_allowed() {
        let mut p = Profile::default();
        assert_eq!(
            p.set("router_type", "traefik").unwrap_err().to_string(),
            "rack parameter router_type=\"traefik\" is not valid: expected one of nginx, contour"
        );
        assert!(p.set("keda_enable", "yes").unwrap_err().to_string().contains("expected true or false"));
        assert!(p.set("pdb_default_min_available_percentage", "120").is_err());
        assert!(p.set("prometheus_url", "prom:9090").is_err());
        assert!(p.set("whitelist", "10.0.0.0/8, 1.2.3.4").is_err());
        p.set_pair("router_type=contour").unwrap();
        assert!(p.contour());
    }

    #[test]
    fn params_belong_to_their_providers() {
        let mut azure = Profile::new(Provider::Azure);
        assert_eq!(
            azure.set("keda_enable", "true").unwrap_err().to_string(),
            "rack parameter keda_enable does not exist on azure racks (it does on: aws)"
        );
        azure.set("azure_files_enable", "true").unwrap();
        assert!(azure.azure_files());
        assert!(!azure.keda());
        assert!(azure
            .effective()
            .iter()
            .all(|(n, _)| param(n).unwrap().providers.contains(&Provider::Azure)));
    }

    #[test]
    fn params_belong_to_the_releases_that_have_them() {
        use crate::rack_version::{V3_22_5, V3_23_4, V3_24_9};
        let mut old = Profile::at(Provider::Aws, V3_22_5);
        assert_eq!(
            old.set("keda_enable", "true").unwrap_err().to_string(),
            "rack parameter keda_enable does not exist on 3.22.5 racks: it came in rack version 3.23.4"
        );
        old.set("disable_convox_resolver", "true").unwrap();
        assert!(!old.effective().iter().any(|(n, _)| *n == "keda_enable" || *n == "router_type"));
        assert!(Profile::at(Provider::Azure, V3_22_5)
            .set("pdb_default_min_available_percentage", "40")
            .is_err());
        Profile::at(Provider::Aws, V3_22_5).set("pdb_default_min_available_percentage", "40").unwrap();
        // A profile moved to an older release keeps what was set, and behaves as the defaults
        // until the release has the parameter.
        let mut new = Profile::at(Provider::Aws, V3_24_9);
        new.set("keda_enable", "true").unwrap();
        new.set("router_type", "contour").unwrap();
        let moved = new.with_version(V3_23_4);
        assert!(moved.keda() && !moved.contour());
        assert_eq!(moved.explicit().collect::<Vec<_>>(), [("keda_enable", "true")]);
        assert!(!new.with_version(V3_22_5).keda());
        for p in PARAMS {
            for (provider, _) in p.since {
                assert!(p.providers.contains(provider), "{}: since for a provider without it", p.name);
            }
        }
    }

    #[test]
    fn secrets_are_never_shown() {
        let mut p = Profile::default();
        p.set("docker_hub_password", "hunter2").unwrap();
        let shown: BTreeMap<_, _> = p.effective().into_iter().collect();
        assert_eq!(shown["docker_hub_password"], "(set)");
    }
}
