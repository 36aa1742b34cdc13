#!/usr/bin/env python3
"""Validates every object convox-k8s renders against the real Kubernetes 1.33 schemas.

For every tests/fixtures/*/convox.yml and every tests/corpus/convox/*.yml (the rack's own
test files) it runs
`convox-k8s map --format json`, and checks each object:

- a built-in kind with `kubernetes-validate --strict` (its Python API, so one process
  validates all);
- a custom resource whose CRD is vendored under tests/crds/ (cert-manager's Certificate)
  against the `openAPIV3Schema` of the CRD version it names, with `jsonschema`, strictly:
  a field the schema does not declare is an error unless the schema says
  `x-kubernetes-preserve-unknown-fields: true` (the API server would prune it), as are a
  wrong type, a missing required field, a duplicate in a `set` or `map` list, or an
  int-or-string that is neither. Not checked (the API server would): `format`s and CEL
  `x-kubernetes-validations` rules;
- any other kind of an API group the rack's CRDs own (keda.sh, autoscaling.k8s.io,
  projectcontour.io, cert-manager.io) with scripts/validate-crds.mjs: the validators npm's
  @kubernetes-models/keda, /autoscaler and /contour compile from the upstream schemas (no
  package registry ships those CRD files; tests/crds/README.md), as strictly (an undeclared
  field is an error), plus `format`s such as quantities. One `node` process validates all
  such objects. A kind it has no validator for is a failure, never a pass.

A custom resource's `metadata` is also checked against the Kubernetes 1.33 ObjectMeta schema.

When the manifest has no errors it also reads the `--format yaml` stream with PyYAML — a
YAML 1.1 reader, as kubectl's go-yaml is — and checks it means exactly the JSON objects (no
`on`/`yes`/`0755` that kubectl would retype).

Usage: validate-k8s.py BINARY
       validate-k8s.py --self-test   (the validator on known-good and known-bad objects)
"""
import copy
import importlib.resources
import json
import pathlib
import subprocess
import sys

import jsonschema
import kubernetes_validate
import referencing
import yaml

KUBERNETES_VERSION = "1.33.0"

root = pathlib.Path(__file__).resolve().parent.parent
CRD_DIR = root / "tests" / "crds"
NODE_VALIDATOR = root / "scripts" / "validate-crds.mjs"

# The custom resources a Convox rack renders (apiVersion, kind). Each is validated against its
# CRD in tests/crds or, when none is there, by scripts/validate-crds.mjs; a kind neither knows is
# refused, not passed.
RACK_CRD_KINDS = [
    ("keda.sh/v1alpha1", "ScaledObject"),
    ("keda.sh/v1alpha1", "TriggerAuthentication"),
    ("autoscaling.k8s.io/v1", "VerticalPodAutoscaler"),
    ("projectcontour.io/v1", "HTTPProxy"),
    ("cert-manager.io/v1", "Certificate"),
]


def group_of(api_version):
    return api_version.split("/")[0] if "/" in api_version else ""


# ---------------------------------------------------------------------------------------------
# CRD openAPIV3Schema -> strict JSON Schema (draft 4, which OpenAPI 3.0 schemas follow:
# boolean exclusiveMinimum/exclusiveMaximum).

SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
DROPPED = ("description", "default", "example", "externalDocs", "nullable", "format")


def strict_schema(node):
    """A JSON Schema that accepts what the API server keeps and validates from `node`."""
    out = {}
    for key, value in node.items():
        if key in DROPPED:
            continue
        if key == "properties":
            out[key] = {name: strict_schema(sub) for name, sub in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = strict_schema(value)
        elif key in SCHEMA_LISTS:
            out[key] = [strict_schema(sub) for sub in value]
        elif key.startswith("x-kubernetes-") and key not in ("x-kubernetes-list-map-keys",):
            continue
        else:
            out[key] = value
    if node.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if node.get("x-kubernetes-embedded-resource"):
        props = out.setdefault("properties", {})
        props.setdefault("apiVersion", {"type": "string"})
        props.setdefault("kind", {"type": "string"})
        props.setdefault("metadata", {"type": "object"})
    if node.get("x-kubernetes-list-type") == "set":
        out["uniqueItems"] = True
    if node.get("x-kubernetes-list-type") != "map":
        out.pop("x-kubernetes-list-map-keys", None)
    is_object = out.get("type") == "object" or "properties" in out
    if (
        is_object
        and not node.get("x-kubernetes-preserve-unknown-fields")
        and "additionalProperties" not in out
    ):
        out["additionalProperties"] = False
    if node.get("nullable"):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        elif isinstance(out.get("type"), list):
            out["type"] = out["type"] + ["null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    return out


def list_map_keys(validator, keys, instance, schema):
    """`x-kubernetes-list-type: map`: no two items may share their key fields."""
    if not validator.is_type(instance, "array"):
        return
    seen = set()
    for item in instance:
        if not isinstance(item, dict):
            continue
        key = tuple(json.dumps(item.get(k), sort_keys=True) for k in keys)
        if key in seen:
            yield jsonschema.ValidationError(f"duplicate entry for map-list keys {keys}: {key}")
        seen.add(key)


CrdValidator = jsonschema.validators.extend(
    jsonschema.Draft4Validator, {"x-kubernetes-list-map-keys": list_map_keys}
)


def object_meta_validator():
    """Kubernetes 1.33's strict ObjectMeta schema, as kubernetes-validate ships it."""
    base = importlib.resources.files("kubernetes_validate").joinpath(
        "kubernetes-json-schema", f"v{KUBERNETES_VERSION}-local-strict", "_definitions.json"
    )
    definitions = json.loads(base.read_text())
    registry = referencing.Registry().with_resource(
        definitions["$id"], referencing.Resource.from_contents(definitions)
    )
    ref = definitions["$id"] + "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    return jsonschema.Draft202012Validator({"$ref": ref}, registry=registry)


class CrdSchema:
    def __init__(self, source, version_schema, meta_validator):
        self.source = source
        schema = copy.deepcopy(version_schema)
        # metadata: the CRD says only `type: object`; the API server checks it as ObjectMeta.
        schema.setdefault("properties", {})["metadata"] = {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
        }
        self.validator = CrdValidator(strict_schema(schema))
        self.meta_validator = meta_validator

    def errors(self, obj):
        found = [
            f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in self.validator.iter_errors(obj)
        ]
        return found + meta_errors(self.meta_validator, obj)


def meta_errors(meta_validator, obj):
    """`obj.metadata` against Kubernetes 1.33's strict ObjectMeta schema."""
    if not isinstance(obj.get("metadata"), dict):
        return []
    return [
        f"metadata.{'.'.join(str(p) for p in e.absolute_path)}: {e.message}".replace(
            "metadata.: ", "metadata: "
        )
        for e in meta_validator.iter_errors(obj["metadata"])
    ]


def load_crds(meta, directory=CRD_DIR):
    """(apiVersion, kind) -> CrdSchema for every served version of every CRD under directory."""
    schemas = {}
    for path in sorted(directory.rglob("*.y*ml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            add_crd(schemas, doc, str(path.relative_to(root)), meta)
    return schemas


def add_crd(schemas, crd, source, meta):
    spec = crd["spec"]
    for version in spec["versions"]:
        if not version.get("served", False):
            continue
        key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
        if key in schemas:
            raise SystemExit(f"{source}: {key} is also defined by {schemas[key].source}")
        schemas[key] = CrdSchema(source, version["schema"]["openAPIV3Schema"], meta)


def node_errors(objects):
    """scripts/validate-crds.mjs over `objects` in one `node` process: their error lists."""
    if not objects:
        return []
    if not (root / "node_modules" / "@kubernetes-models").is_dir():
        raise SystemExit(
            "validate-k8s.py: node_modules/@kubernetes-models is missing; run scripts/setup-web.sh "
            "(npm ci) first"
        )
    result = subprocess.run(
        ["node", str(NODE_VALIDATOR)], input=json.dumps(objects), capture_output=True, text=True,
        cwd=root,
    )
    if result.returncode != 0:
        raise SystemExit(f"validate-k8s.py: {NODE_VALIDATOR.name} failed: {result.stderr}")
    found = json.loads(result.stdout)
    if len(found) != len(objects):
        raise SystemExit(f"validate-k8s.py: {NODE_VALIDATOR.name} judged {len(found)} of {len(objects)}")
    return found


class Validator:
    def __init__(self, crds, meta_validator):
        self.crds = crds
        self.meta_validator = meta_validator
        self.crd_groups = {group_of(av) for av, _ in RACK_CRD_KINDS} | {
            group_of(av) for av, _ in crds
        }

    def errors(self, obj):
        return self.errors_all([obj])[0]

    def errors_all(self, objects):
        """For each object, the reasons it would not be accepted as rendered ([] when it would).
        The custom resources without a CRD here go to scripts/validate-crds.mjs in one call."""
        found = [None] * len(objects)
        to_node = []
        for i, obj in enumerate(objects):
            api_version, kind = obj.get("apiVersion"), obj.get("kind")
            if not isinstance(api_version, str) or not isinstance(kind, str):
                found[i] = ["apiVersion and kind must be strings"]
            elif (api_version, kind) in self.crds:
                found[i] = self.crds[(api_version, kind)].errors(obj)
            elif group_of(api_version) in self.crd_groups:
                to_node.append(i)
            else:
                try:
                    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
                    found[i] = []
                except Exception as e:  # ValidationError, SchemaNotFoundError: both a failure
                    found[i] = [str(getattr(e, "message", e))]
        for i, errors in zip(to_node, node_errors([objects[i] for i in to_node])):
            found[i] = errors + meta_errors(self.meta_validator, objects[i])
        return found


def env_args(path):
    """The fixture's release env (`env`) and rack profile (`rack`: provider=…, rack_version=… and
    rack params)."""
    if path.name != "convox.yml":
        return []
    args = []
    env = path.parent / "env"
    if env.exists():
        args += ["--env-file", str(env)]
    rack = path.parent / "rack"
    if rack.exists():
        for line in rack.read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("provider="):
                args += ["--provider", line.split("=", 1)[1]]
            elif line.startswith("rack_version="):
                args += ["--rack-version", line.split("=", 1)[1]]
            else:
                args += ["--rack-param", line]
    return args


def validate_rendered(binary):
    inputs = sorted(root.glob("tests/fixtures/*/convox.yml")) + sorted(root.glob("tests/corpus/convox/*.yml"))
    meta = object_meta_validator()
    validator = Validator(load_crds(meta), meta)
    passed = failed = 0
    rendered = []  # (what, object): validated together at the end (one node call for all)
    for path in inputs:
        args = [binary, "map", str(path), *env_args(path)]
        result = subprocess.run([*args, "--format", "json"], capture_output=True, text=True)
        if result.returncode not in (0, 1):
            print(f"FAIL {path}: exit {result.returncode}: {result.stderr}")
            failed += 1
            continue
        contract = json.loads(result.stdout)
        objects = [r["object"] for r in contract["resources"] if r["object"] is not None]
        for obj in objects:
            what = f"{path.relative_to(root)}: {obj['kind']} {obj['metadata'].get('name')}"
            rendered.append((what, obj))
        if result.returncode == 0:
            stream = subprocess.run(
                [*args, "--format", "yaml"], capture_output=True, text=True, check=True
            )
            docs = [d for d in yaml.safe_load_all(stream.stdout) if d is not None]
            if docs != objects:
                print(f"FAIL {path}: the YAML stream does not read back (YAML 1.1) as the JSON objects")
                failed += 1
            else:
                passed += 1

    for (what, _), errors in zip(rendered, validator.errors_all([obj for _, obj in rendered])):
        if errors:
            print(f"FAIL {what}: " + "; ".join(errors))
            failed += 1
        else:
            passed += 1

    print(
        f"kubernetes-validate --strict (k8s {KUBERNETES_VERSION}), the CRD schemas in tests/crds "
        f"and scripts/validate-crds.mjs over {len(inputs)} manifests"
    )
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# Self-test: the validator must accept each good object and refuse each bad one.

META = {"name": "web", "namespace": "my-rack-my-app", "labels": {"app": "my-app"}}

# (apiVersion, kind) -> a valid object carrying every field the mapping sets, and bad variants:
# (what is wrong, a function making it from a copy of the valid object).
CRD_SAMPLES = {
    ("cert-manager.io/v1", "Certificate"): (
        {
            "apiVersion": "cert-manager.io/v1",
            "kind": "Certificate",
            "metadata": META,
            "spec": {
                "secretName": "cert-web",
                "dnsNames": ["web.my-app.example.com", "*.my-app.example.com"],
                "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer", "group": "cert-manager.io"},
                "duration": "2160h",
                "secretTemplate": {"labels": {"app": "my-app"}, "annotations": {"a": "b"}},
            },
        },
        [
            ("an unknown spec field", lambda o: o["spec"].update(secretname="x")),
            ("an unknown nested field", lambda o: o["spec"]["issuerRef"].update(namespace="x")),
            ("a required field missing", lambda o: o["spec"].pop("issuerRef")),
            ("a wrong type", lambda o: o["spec"].update(dnsNames="web.example.com")),
            ("a wrong enum value", lambda o: o["spec"].update(usages=["flying"])),
            ("an unknown metadata field", lambda o: o["metadata"].update(label={"a": "b"})),
            ("a non-string label", lambda o: o["metadata"].update(labels={"a": 1})),
            ("an unserved apiVersion", lambda o: o.update(apiVersion="cert-manager.io/v9")),
        ],
    ),
}



def crd_sample(name):
    """tests/crd-samples/<name>.json: the object the Rust types in src/mapping/crd build (their
    tests check they write exactly it), with every field the mapping sets."""
    return json.loads((root / "tests" / "crd-samples" / f"{name}.json").read_text())


def trigger(i):
    return lambda o: o["spec"]["triggers"][i]


def route(o):
    return o["spec"]["routes"][0]


def container_policy(o):
    return o["spec"]["resourcePolicy"]["containerPolicies"][0]


# Kinds with no CRD in tests/crds, validated by scripts/validate-crds.mjs: the same shape as
# CRD_SAMPLES, the valid object being the kind's tests/crd-samples file. (Not here: a wrong
# authenticationRef.kind or scalingModifiers.metricType, which the npm schemas do not restrict;
# the Rust types are enums there. tests/crds/README.md lists such differences; the variants
# marked "Rust types only" are values the types allow that the validators' releases lack.)
NODE_SAMPLES = {
    ("keda.sh/v1alpha1", "ScaledObject"): (
        crd_sample("scaledobject"),
        [
            ("an unknown spec field", lambda o: o["spec"].update(minReplicas=1)),
            ("an unknown nested field", lambda o: o["spec"]["scaleTargetRef"].update(namespace="x")),
            ("an unknown field in an HPA scaling rule", lambda o: o["spec"]["advanced"][
                "horizontalPodAutoscalerConfig"]["behavior"]["scaleUp"].update(stabilization=0)),
            ("an unknown trigger field", lambda o: trigger(0)(o).update(authRef={"name": "web"})),
            ("a required field missing", lambda o: o["spec"].pop("triggers")),
            ("a trigger without its type", lambda o: trigger(1)(o).pop("type")),
            ("a non-string trigger metadata value", lambda o: trigger(1)(o)["metadata"].update(value=70)),
            ("a wrong type", lambda o: o["spec"].update(maxReplicaCount="10")),
            ("a wrong fallback behavior", lambda o: o["spec"]["fallback"].update(behavior="sometimes")),
            ("an unknown metadata field", lambda o: o["metadata"].update(label={"a": "b"})),
            ("a non-string label", lambda o: o["metadata"].update(labels={"a": 1})),
            ("an unserved apiVersion", lambda o: o.update(apiVersion="keda.sh/v1alpha2")),
            # The Rust types (KEDA's main branch) have it, KEDA v2.19.0's schema does not
            # (tests/crds/README.md): refused until the npm package catches up.
            ("fallback behavior scalingModifiers (Rust types only, not in KEDA v2.19.0)",
             lambda o: o["spec"]["fallback"].update(behavior="scalingModifiers")),
        ],
    ),
    ("keda.sh/v1alpha1", "TriggerAuthentication"): (
        crd_sample("triggerauthentication"),
        [
            ("an unknown podIdentity field", lambda o: o["spec"]["podIdentity"].update(roleARN="x")),
            ("a wrong provider", lambda o: o["spec"]["podIdentity"].update(provider="azure")),
            ("no provider", lambda o: o["spec"]["podIdentity"].pop("provider")),
            ("a wrong identityOwner", lambda o: o["spec"]["podIdentity"].update(identityOwner="me")),
            ("an unknown spec field", lambda o: o["spec"].update(podIdentities=[])),
            ("podIdentity externalID (Rust types only, not in KEDA v2.19.0)",
             lambda o: o["spec"]["podIdentity"].update(externalID="x")),
        ],
    ),
    ("autoscaling.k8s.io/v1", "VerticalPodAutoscaler"): (
        crd_sample("verticalpodautoscaler"),
        [
            ("a wrong updateMode", lambda o: o["spec"]["updatePolicy"].update(updateMode="Sometimes")),
            ("a targetRef without its name", lambda o: o["spec"]["targetRef"].pop("name")),
            ("no targetRef", lambda o: o["spec"].pop("targetRef")),
            ("a quantity that is not one", lambda o: container_policy(o)["minAllowed"].update(cpu="lots")),
            ("a wrong controlledValues", lambda o: container_policy(o).update(controlledValues="Limits")),
            ("an unknown container policy field", lambda o: container_policy(o).update(name="web")),
            ("an unknown targetRef field", lambda o: o["spec"]["targetRef"].update(namespace="x")),
            ("updateMode InPlace (Rust types only, not in VPA 1.6.0)",
             lambda o: o["spec"]["updatePolicy"].update(updateMode="InPlace")),
        ],
    ),
    ("projectcontour.io/v1", "HTTPProxy"): (
        crd_sample("httpproxy"),
        [
            ("a service port that is a string", lambda o: route(o)["services"][0].update(port="3000")),
            ("a service without its port", lambda o: route(o)["services"][0].pop("port")),
            ("a wrong service protocol", lambda o: route(o)["services"][0].update(protocol="https")),
            ("a wrong rate limit unit", lambda o: route(o)["rateLimitPolicy"]["local"].update(unit="week")),
            ("a virtualhost without its fqdn", lambda o: o["spec"]["virtualhost"].pop("fqdn")),
            ("a wrong ipAllowPolicy source",
             lambda o: o["spec"]["virtualhost"]["ipAllowPolicy"][0].update(source="Client")),
            ("an unknown tls field", lambda o: o["spec"]["virtualhost"]["tls"].update(secret="x")),
            ("an unknown route field", lambda o: route(o).update(enableWebsocket=True)),
            ("a wrong type", lambda o: route(o).update(permitInsecure="false")),
        ],
    ),
}

# A made-up CRD exercising what the rack's CRDs use or may use: int-or-string,
# preserve-unknown-fields, nullable, set and map lists, embedded resources.
SYNTHETIC_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.self-test.convox-k8s.invalid"},
    "spec": {
        "group": "self-test.convox-k8s.invalid",
        "names": {"kind": "Widget", "plural": "widgets"},
        "scope": "Namespaced",
        "versions": [
            {"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "metadata": {"type": "object"},
                    "spec": {
                        "type": "object",
                        "required": ["port"],
                        "properties": {
                            "port": {"x-kubernetes-int-or-string": True,
                                     "anyOf": [{"type": "integer"}, {"type": "string"}]},
                            "targetPort": {"x-kubernetes-int-or-string": True},
                            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                            "maybe": {"type": "string", "nullable": True},
                            "tags": {"type": "array", "items": {"type": "string"},
                                     "x-kubernetes-list-type": "set"},
                            "ports": {"type": "array", "x-kubernetes-list-type": "map",
                                      "x-kubernetes-list-map-keys": ["name"],
                                      "items": {"type": "object", "required": ["name"], "properties": {
                                          "name": {"type": "string"}, "port": {"type": "integer"}}}},
                            "template": {"type": "object", "x-kubernetes-embedded-resource": True,
                                         "x-kubernetes-preserve-unknown-fields": True},
                            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                        },
                    },
                },
            }}},
        ],
    },
}

SYNTHETIC_SAMPLE = (
    {
        "apiVersion": "self-test.convox-k8s.invalid/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {
            "port": "http",
            "targetPort": 8080,
            "free": {"anything": {"goes": [1, "two"]}},
            "maybe": None,
            "tags": ["a", "b"],
            "ports": [{"name": "web", "port": 80}, {"name": "admin", "port": 81}],
            "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {}},
            "counts": {"a": 1},
        },
    },
    [
        ("an int-or-string that is neither", lambda o: o["spec"].update(port=True)),
        ("an int-or-string that is a list", lambda o: o["spec"].update(targetPort=[80])),
        ("a duplicate in a set list", lambda o: o["spec"].update(tags=["a", "a"])),
        ("a duplicate key in a map list", lambda o: o["spec"]["ports"].append({"name": "web"})),
        ("a null where not nullable", lambda o: o["spec"].update(tags=None)),
        ("a wrong map value type", lambda o: o["spec"].update(counts={"a": "1"})),
        ("an unknown field beside preserved ones", lambda o: o["spec"].update(extra=1)),
        ("no kind", lambda o: o.pop("kind")),
    ],
)

BUILTIN_SAMPLE = (
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": META, "data": {"a": "b"}},
    [
        ("an unknown field", lambda o: o.update(datum={"a": "b"})),
        ("an unknown kind", lambda o: o.update(apiVersion="example.com/v1", kind="Gadget")),
    ],
)


def self_test():
    meta = object_meta_validator()
    crds = load_crds(meta)
    vendored = len(crds)
    add_crd(crds, SYNTHETIC_CRD, "self-test synthetic CRD", meta)
    validator = Validator(crds, meta)
    passed = failed = 0
    cases = []  # (label, object, should it be accepted): judged together (one node call)

    def run(name, good, bads):
        cases.append((f"{name}: valid", good, True))
        for what, spoil in bads:
            bad = copy.deepcopy(good)
            spoil(bad)
            cases.append((f"{name}: {what}", bad, False))

    for api_version, kind in RACK_CRD_KINDS:
        name = f"{api_version} {kind}"
        samples = CRD_SAMPLES if (api_version, kind) in crds else NODE_SAMPLES
        if (api_version, kind) not in samples:
            failed += 1
            print(f"FAIL {name}: the self-test has no samples for it")
            continue
        run(name, *samples[(api_version, kind)])
    # A kind of a rack CRD group that neither a CRD here nor validate-crds.mjs knows.
    cases.append(("keda.sh/v1alpha1 ScaledJob: refused, no schema for it",
                  {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledJob", "metadata": META,
                   "spec": {}}, False))
    run("synthetic Widget", *SYNTHETIC_SAMPLE)
    run("built-in ConfigMap", *BUILTIN_SAMPLE)

    for (label, _, ok), errors in zip(cases, validator.errors_all([obj for _, obj, _ in cases])):
        if bool(errors) != (not ok):
            failed += 1
            print(f"FAIL {label}: expected {'accepted' if ok else 'refused'}, got "
                  + ("; ".join(errors) if errors else "accepted"))
        else:
            passed += 1
            print(f"ok   {label}: {'accepted' if ok else 'refused (' + errors[0][:100] + ')'}")

    print(f"validate-k8s.py self-test ({vendored} CRD kinds from tests/crds, "
          f"{len(NODE_SAMPLES)} from scripts/validate-crds.mjs)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    sys.exit(validate_rendered(sys.argv[1]))
