#!/usr/bin/env python3
"""Validates every object convox-k8s renders against the real Kubernetes 1.33 schemas.

For every tests/fixtures/*/convox.yml and every ../shared/convox-testdata/*.yml it runs
`convox-k8s map --format json`, and checks each object:

- a built-in kind with `kubernetes-validate --strict` (its Python API, so one process
  validates all);
- a custom resource (a kind some CRD under tests/crds/ defines, or any kind of an API group
  the rack's CRDs own: keda.sh, autoscaling.k8s.io, projectcontour.io, cert-manager.io)
  against the `openAPIV3Schema` of the CRD version it names, with `jsonschema`, strictly:
  a field the schema does not declare is an error unless the schema says
  `x-kubernetes-preserve-unknown-fields: true` (the API server would prune it), as are a
  wrong type, a missing required field, a duplicate in a `set` or `map` list, or an
  int-or-string that is neither; `metadata` is checked against the Kubernetes 1.33
  ObjectMeta schema. A custom kind with no CRD in tests/crds is a failure, never a pass.
  Not checked (the API server would): `format`s and CEL `x-kubernetes-validations` rules.

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

# The custom resources a Convox rack renders (apiVersion, kind). Each is validated against its
# CRD in tests/crds; one whose CRD is not there is refused, not passed.
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
        if isinstance(obj.get("metadata"), dict):
            found += [
                f"metadata.{'.'.join(str(p) for p in e.absolute_path)}: {e.message}".replace(
                    "metadata.: ", "metadata: "
                )
                for e in self.meta_validator.iter_errors(obj["metadata"])
            ]
        return found


def load_crds(directory=CRD_DIR):
    """(apiVersion, kind) -> CrdSchema for every served version of every CRD under directory."""
    meta = object_meta_validator()
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


class Validator:
    def __init__(self, crds):
        self.crds = crds
        self.crd_groups = {group_of(av) for av, _ in RACK_CRD_KINDS} | {
            group_of(av) for av, _ in crds
        }

    def errors(self, obj):
        """The reasons `obj` would not be accepted as rendered; [] when it would."""
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if not isinstance(api_version, str) or not isinstance(kind, str):
            return ["apiVersion and kind must be strings"]
        if (api_version, kind) in self.crds:
            return self.crds[(api_version, kind)].errors(obj)
        if group_of(api_version) in self.crd_groups:
            return [f"no CRD schema under tests/crds for {api_version} {kind}"]
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
            return []
        except Exception as e:  # ValidationError, SchemaNotFoundError: both a failure here
            return [str(getattr(e, "message", e))]


def env_args(path):
    """The fixture's release env (`env`) and rack profile (`rack`: provider=… and rack params)."""
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
            else:
                args += ["--rack-param", line]
    return args


def validate_rendered(binary):
    inputs = sorted(root.glob("tests/fixtures/*/convox.yml")) + sorted(
        (root.parent / "shared" / "convox-testdata").glob("*.yml")
    )
    validator = Validator(load_crds())
    passed = failed = 0
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
            what = f"{path.relative_to(root.parent)}: {obj['kind']} {obj['metadata'].get('name')}"
            errors = validator.errors(obj)
            if errors:
                print(f"FAIL {what}: " + "; ".join(errors))
                failed += 1
            else:
                passed += 1
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

    print(
        f"kubernetes-validate --strict (k8s {KUBERNETES_VERSION}) and the CRD schemas in "
        f"tests/crds over {len(inputs)} manifests"
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
    crds = load_crds()
    meta = object_meta_validator()
    add_crd(crds, SYNTHETIC_CRD, "self-test synthetic CRD", meta)
    validator = Validator(crds)
    passed = failed = 0

    def expect(label, obj, ok):
        nonlocal passed, failed
        errors = validator.errors(obj)
        if bool(errors) != (not ok):
            failed += 1
            print(f"FAIL {label}: expected {'accepted' if ok else 'refused'}, got "
                  + ("; ".join(errors) if errors else "accepted"))
        else:
            passed += 1
            print(f"ok   {label}: {'accepted' if ok else 'refused (' + errors[0][:100] + ')'}")

    def run(name, good, bads):
        expect(f"{name}: valid", good, True)
        for what, spoil in bads:
            bad = copy.deepcopy(good)
            spoil(bad)
            expect(f"{name}: {what}", bad, False)

    for api_version, kind in RACK_CRD_KINDS:
        name = f"{api_version} {kind}"
        if (api_version, kind) not in crds:
            # No CRD vendored for this kind yet: its objects must be refused, never passed.
            print(f"NOTE {name}: no CRD under tests/crds, so its objects are refused")
            expect(f"{name}: refused without a CRD", {
                "apiVersion": api_version, "kind": kind, "metadata": META, "spec": {}}, False)
            continue
        if (api_version, kind) not in CRD_SAMPLES:
            failed += 1
            print(f"FAIL {name}: a CRD is vendored but the self-test has no samples for it")
            continue
        run(name, *CRD_SAMPLES[(api_version, kind)])
    run("synthetic Widget", *SYNTHETIC_SAMPLE)
    run("built-in ConfigMap", *BUILTIN_SAMPLE)

    print(f"validate-k8s.py self-test ({len(crds) - 1} CRD kinds from tests/crds)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    sys.exit(validate_rendered(sys.argv[1]))
