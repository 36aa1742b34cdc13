#!/usr/bin/env node
// Validates custom resources whose CRD is not vendored in tests/crds (no package registry ships
// those CRD files) against the validators the npm packages @kubernetes-models/keda, /autoscaler
// and /contour compile from the upstream API schemas (versions: tests/crds/README.md).
//
// Reads a JSON array of objects on stdin; writes a JSON array with, for each object, the list of
// its errors ("path: message", [] when valid). Exit 0 whenever it could judge every object.
// scripts/validate-k8s.py calls it once for all such objects.
//
// Strict, like validate-k8s.py's CRD check: besides the packages' own checks (types, required
// fields, enums, formats such as quantities and CIDRs), a field the schema does not declare is
// an error. The packages' compiled validators accept unknown fields, so this script watches which
// fields a validator reads (a Proxy over the object): a validator reads every property its schema
// declares, and enumerates the keys of a map; an own field of an object it inspected that it
// never read is one the schema does not declare. An object the validator never looks into at all
// (a free-form object in the schema) is left as it is, as the API server would keep it.
//
// Usage: node scripts/validate-crds.mjs < objects.json
//        node scripts/validate-crds.mjs --kinds   (prints the apiVersion/kind pairs it knows)
import { readFileSync } from "node:fs";

import { VerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1";
import { HTTPProxy } from "@kubernetes-models/contour/projectcontour.io/v1";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";

const MODELS = new Map(
  [ScaledObject, TriggerAuthentication, VerticalPodAutoscaler, HTTPProxy].map((model) => [
    `${model.apiVersion} ${model.kind}`,
    model,
  ]),
);

const isObject = (value) => value !== null && typeof value === "object";

/** A Proxy over `value` (and, lazily, everything under it) recording, per object, which keys
 * were read (`get`, `has`, property descriptors) and whether its keys were enumerated. */
function watch(value, reads) {
  if (!isObject(value)) return value;
  const proxies = new WeakMap();
  const wrap = (target) => {
    if (!isObject(target)) return target;
    if (!proxies.has(target)) {
      const record = { keys: new Set(), enumerated: false };
      reads.set(target, record);
      const note = (key) => {
        if (typeof key === "string") record.keys.add(key);
      };
      proxies.set(
        target,
        new Proxy(target, {
          get(t, key, receiver) {
            note(key);
            return wrap(Reflect.get(t, key, receiver));
          },
          has(t, key) {
            note(key);
            return Reflect.has(t, key);
          },
          getOwnPropertyDescriptor(t, key) {
            note(key);
            return Reflect.getOwnPropertyDescriptor(t, key);
          },
          ownKeys(t) {
            record.enumerated = true;
            return Reflect.ownKeys(t);
          },
        }),
      );
    }
    return proxies.get(target);
  };
  return wrap(value);
}

const join = (path, key) => (path ? `${path}.${key}` : String(key));

/** The fields under `value` that its validator inspected the object of but never read. */
function unread(value, reads, path, errors) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => unread(item, reads, join(path, i), errors));
    return;
  }
  if (!isObject(value)) return;
  const record = reads.get(value);
  if (record === undefined || (record.keys.size === 0 && !record.enumerated)) return; // free-form
  for (const [key, child] of Object.entries(value)) {
    if (record.enumerated || record.keys.has(key)) {
      unread(child, reads, join(path, key), errors);
    } else {
      errors.push(`${join(path, key)}: not in the schema`);
    }
  }
}

function describe(error) {
  const path = error.instancePath.slice(1).split("/").join(".") || "(root)";
  let message = error.message ?? error.keyword;
  if (error.keyword === "enum") message += ` ${JSON.stringify(error.params.allowedValues)}`;
  return `${path}: ${message}`;
}

/** The reasons `object` would not be accepted; [] when it would. */
function errorsOf(object) {
  if (!isObject(object) || Array.isArray(object)) return ["(root): not an object"];
  const model = MODELS.get(`${object.apiVersion} ${object.kind}`);
  if (model === undefined) {
    return [`no schema for ${object.apiVersion} ${object.kind} (scripts/validate-crds.mjs knows: ${[...MODELS.keys()].join(", ")})`];
  }
  const reads = new Map();
  const errors = [];
  try {
    // The model's validate() runs the package's compiled validator over `this`: here the
    // watched object itself (a model instance would be a copy).
    model.prototype.validate.call(watch(object, reads));
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    errors.push(...error.errors.map(describe));
  }
  unread(object, reads, "", errors);
  return errors;
}

if (process.argv[2] === "--kinds") {
  console.log([...MODELS.keys()].join("\n"));
} else if (process.argv.length > 2) {
  console.error("usage: node scripts/validate-crds.mjs < objects.json   (or --kinds)");
  process.exit(2);
} else {
  const objects = JSON.parse(readFileSync(0, "utf8"));
  if (!Array.isArray(objects)) {
    console.error("validate-crds.mjs: expected a JSON array of objects on stdin");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(objects.map(errorsOf)) + "\n");
}
