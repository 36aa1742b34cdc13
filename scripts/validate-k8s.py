#!/usr/bin/env python3
"""Validates every object convox-k8s renders against the real Kubernetes 1.33 schemas.

For every tests/fixtures/*/convox.yml and every tests/corpus/convox/*.yml (the rack's own
test files) it runs
`convox-k8s map --format json`, and checks each object with `kubernetes-validate --strict`
(its Python API, so one process validates all). When the manifest has no errors it also reads
the `--format yaml` stream with PyYAML — a YAML 1.1 reader, as kubectl's go-yaml is — and
checks it means exactly the JSON objects (no `on`/`yes`/`0755` that kubectl would retype).

Usage: validate-k8s.py BINARY
"""
import json
import pathlib
import subprocess
import sys

import kubernetes_validate
import yaml

KUBERNETES_VERSION = "1.33.0"

root = pathlib.Path(__file__).resolve().parent.parent
binary = sys.argv[1]
inputs = sorted(root.glob("tests/fixtures/*/convox.yml")) + sorted(root.glob("tests/corpus/convox/*.yml"))


def env_args(path):
    env = path.parent / "env"
    return ["--env-file", str(env)] if path.name == "convox.yml" and env.exists() else []


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
        what = f"{path.relative_to(root)}: {obj['kind']} {obj['metadata'].get('name')}"
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
            passed += 1
        except Exception as e:  # ValidationError, SchemaNotFoundError: both a failure here
            print(f"FAIL {what}: {e}")
            failed += 1
    if result.returncode == 0:
        stream = subprocess.run([*args, "--format", "yaml"], capture_output=True, text=True, check=True)
        docs = [d for d in yaml.safe_load_all(stream.stdout) if d is not None]
        if docs != objects:
            print(f"FAIL {path}: the YAML stream does not read back (YAML 1.1) as the JSON objects")
            failed += 1
        else:
            passed += 1

print(f"kubernetes-validate --strict (k8s {KUBERNETES_VERSION}) over {len(inputs)} manifests")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
