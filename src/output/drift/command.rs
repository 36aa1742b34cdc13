//! The commands that capture everything a release owns, for [`super::drift`] to read.
//!
//! Every kind the tool renders, pinned to the group and version it renders (`kubectl get hpa`
//! prints whatever version the cluster prefers): the built-in namespaced kinds in one `get`;
//! each custom resource in its own `get` whose failure is tolerated, because a cluster without
//! the CRD fails the whole command (`error: the server doesn't have a resource type …`); then
//! the app's Namespace and its PersistentVolumes (cluster-scoped, by label). The outputs are
//! joined with `---`, one YAML stream.

use crate::mapping::object::{TypeClass, RESOURCE_TYPES};
use crate::Analysis;

/// The file the command writes.
pub const DUMP_FILE: &str = "cluster.yaml";

/// The capture command for `analysis`'s namespace, as one shell block writing [`DUMP_FILE`].
pub fn command(analysis: &Analysis) -> String {
    let ns = quote(&analysis.namespace);
    let of = |class| RESOURCE_TYPES.iter().filter(move |t| t.class == class).map(|t| t.pinned());
    let builtin: Vec<String> = of(TypeClass::Namespaced).collect();
    let custom: Vec<String> = of(TypeClass::Custom).collect();
    let labels = quote(&format!("system=convox,rack={},app={}", analysis.rack, analysis.app));
    let mut out = String::new();
    out.push_str("{\n");
    out.push_str(&format!("  kubectl get -n {ns} -o yaml {}\n", builtin.join(",")));
    out.push_str(&format!("  for r in {}; do\n", custom.join(" ")));
    out.push_str(&format!(
        "    echo ---; kubectl get -n {ns} -o yaml \"$r\" 2>/dev/null || echo \"# $r: not served by this cluster\"\n"
    ));
    out.push_str("  done\n");
    out.push_str(&format!("  echo ---; kubectl get namespace {ns} -o yaml\n"));
    out.push_str(&format!("  echo ---; kubectl get persistentvolumes -l {labels} -o yaml\n"));
    out.push_str(&format!("}} > {DUMP_FILE}\n"));
    out
}

/// `s` quoted for a POSIX shell when it needs to be (names the rack accepts never do; a name
/// it refuses is an option error, and the command must still be safe to paste).
fn quote(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.,=/:".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_names_every_kind_once_pinned_and_the_namespace() {
        let a = crate::analyze("services:\n  web:\n    port: 3000\n", &crate::Options::default());
        let c = command(&a);
        let lines: Vec<&str> = c.lines().collect();
        let builtin = lines[1].strip_prefix("  kubectl get -n my-rack-my-app -o yaml ").unwrap();
        let custom = lines[2].strip_prefix("  for r in ").and_then(|l| l.strip_suffix("; do")).unwrap();
        let named: Vec<&str> = builtin.split(',').chain(custom.split(' ')).collect();
        let want: Vec<String> =
            RESOURCE_TYPES.iter().filter(|t| t.class != TypeClass::Cluster).map(|t| t.pinned()).collect();
        assert_eq!(named, want);
        assert!(named.contains(&"horizontalpodautoscalers.v2.autoscaling") && named.contains(&"services"));
        assert!(c.contains("kubectl get namespace my-rack-my-app -o yaml"), "{c}");
        assert!(
            c.contains("kubectl get persistentvolumes -l system=convox,rack=my-rack,app=my-app -o yaml"),
            "{c}"
        );
        assert!(c.ends_with("} > cluster.yaml\n") && !c.contains('<'), "{c}");
    }

    #[test]
    fn odd_names_are_quoted() {
        assert_eq!(quote("my-rack-my-app"), "my-rack-my-app");
        assert_eq!(quote("a b'c"), "'a b'\\''c'");
    }
}
