//! The resource types the rack renders, declared once: how each containerized type runs
//! (`provider/k8s/template/resource/<type>.yml.tmpl`) and each AWS-managed one is provisioned
//! (`resource/rds-*.yml.tmpl`, `resource/elasticache-*.yml.tmpl`), with the predicates the
//! rules and the renderers share.

/// How one containerized type renders (one row of the table below).
pub(super) struct Containerized {
    pub(super) kind: &'static str,
    pub(super) container: &'static str,
    /// Image repository; the tag is `options.version` or `default_version`.
    pub(super) repository: &'static str,
    pub(super) default_version: &'static str,
    pub(super) port: i32,
    /// Databases get a PVC, `strategy: Recreate` and a `data` mount.
    pub(super) database: bool,
    /// postgres/postgis Deployments carry `name: <resource>`; mysql/mariadb do not.
    pub(super) name_label: bool,
    /// `USER`, `NAME` and the URL scheme/suffix: `None` for caches.
    pub(super) credentials: Option<Credentials>,
}

pub(super) struct Credentials {
    pub(super) scheme: &'static str,
    pub(super) user: &'static str,
    /// Appended after `/app` in the URL.
    pub(super) url_suffix: &'static str,
    pub(super) mount_path: &'static str,
    pub(super) sub_path: Option<&'static str>,
    /// Container env as `(name, value)`; `None` as the value means the password.
    pub(super) env: &'static [(&'static str, Option<&'static str>)],
}

pub(super) const POSTGRES_ENV: &[(&str, Option<&str>)] = &[
    ("POSTGRES_DB", Some("app")),
    ("POSTGRES_USER", Some("app")),
    ("POSTGRES_PASSWORD", None),
    ("PGDATA", Some("/var/lib/postgresql/data/data")),
];
pub(super) const MYSQL_ENV: &[(&str, Option<&str>)] =
    &[("MYSQL_DATABASE", Some("app")), ("MYSQL_ROOT_PASSWORD", None)];

pub(super) const POSTGRES: Credentials = Credentials {
    scheme: "postgres",
    user: "app",
    url_suffix: "?sslmode=disable",
    mount_path: "/var/lib/postgresql/data",
    sub_path: None,
    env: POSTGRES_ENV,
};
pub(super) const MYSQL: Credentials = Credentials {
    scheme: "mysql",
    user: "root",
    url_suffix: "",
    mount_path: "/var/lib/mysql",
    sub_path: Some("mysql"),
    env: MYSQL_ENV,
};

pub(super) const CONTAINERIZED: [Containerized; 6] = [
    Containerized {
        kind: "postgres",
        container: "postgres",
        repository: "postgres",
        default_version: "10.5",
        port: 5432,
        database: true,
        name_label: true,
        credentials: Some(POSTGRES),
    },
    Containerized {
        kind: "postgis",
        container: "postgis",
        repository: "postgis/postgis",
        default_version: "10-3.2",
        port: 5432,
        database: true,
        name_label: true,
        credentials: Some(POSTGRES),
    },
    Containerized {
        kind: "mysql",
        container: "mysql",
        repository: "mysql",
        default_version: "5.7.23",
        port: 3306,
        database: true,
        name_label: false,
        credentials: Some(MYSQL),
    },
    Containerized {
        kind: "mariadb",
        container: "mariadb",
        repository: "mariadb",
        default_version: "10.6.0",
        port: 3306,
        database: true,
        name_label: false,
        credentials: Some(MYSQL),
    },
    Containerized {
        kind: "redis",
        container: "redis",
        repository: "redis",
        default_version: "4.0.10",
        port: 6379,
        database: false,
        name_label: false,
        credentials: None,
    },
    Containerized {
        kind: "memcached",
        container: "memcached",
        repository: "memcached",
        default_version: "1.4.34",
        port: 11211,
        database: false,
        name_label: false,
        credentials: None,
    },
];

/// How one AWS-managed type renders (`resource/rds-*.yml.tmpl`).
pub(super) struct Managed {
    pub(super) kind: &'static str,
    /// The `type` label the template writes (elasticache-redis says memcached: template bug).
    pub(super) type_label: &'static str,
    pub(super) provisioner: &'static str,
    pub(super) default_port: &'static str,
    /// `rds` or `elasticache`: the name-rule messages and the placeholder prefix.
    pub(super) family: &'static str,
    /// RDS labels `resource: <k8sname>`, ElastiCache the raw name.
    pub(super) k8sname_label: bool,
}

pub(super) const MANAGED: [Managed; 5] = [
    Managed {
        kind: "rds-postgres",
        type_label: "rds-postgres",
        provisioner: "rds",
        default_port: "5432",
        family: "rds",
        k8sname_label: true,
    },
    Managed {
        kind: "rds-mysql",
        type_label: "rds-mysql",
        provisioner: "rds",
        default_port: "3306",
        family: "rds",
        k8sname_label: true,
    },
    Managed {
        kind: "rds-mariadb",
        type_label: "rds-mariadb",
        provisioner: "rds",
        default_port: "3306",
        family: "rds",
        k8sname_label: true,
    },
    Managed {
        kind: "elasticache-redis",
        type_label: "elasticache-memcached",
        provisioner: "elasticache",
        default_port: "6379",
        family: "elasticache",
        k8sname_label: false,
    },
    Managed {
        kind: "elasticache-memcached",
        type_label: "elasticache-memcached",
        provisioner: "elasticache",
        default_port: "11211",
        family: "elasticache",
        k8sname_label: false,
    },
];

/// `my-db` → `MY_DB`: the rack's `strings.ToUpper(strings.Replace(name, "-", "_", -1))`.
/// ASCII upper-casing is the same on every valid name (`[a-z0-9-]`); it spares the playground's
/// wasm Unicode's case tables, and an invalid name already has its error.
pub(crate) fn env_prefix(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

/// The release env var that masks a resource: `<NAME>_URL`, upper-cased, `-` → `_`.
pub fn mask_var(resource: &str) -> String {
    format!("{}_URL", env_prefix(resource))
}

/// Whether `kind` is an AWS-managed type (`rds-*`, `elasticache-*`).
pub fn is_managed(kind: &str) -> bool {
    MANAGED.iter().any(|m| m.kind == kind)
}

/// Whether a containerized `kind` is a database (with a volume) or a cache; `None` for a
/// type the rack has no template for.
pub fn is_database(kind: &str) -> Option<bool> {
    CONTAINERIZED.iter().find(|t| t.kind == kind).map(|t| t.database)
}
