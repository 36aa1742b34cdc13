#!/usr/bin/env python3
"""Makes the cluster dumps of tests/drift/ from what convox-k8s renders, the way a Kubernetes 1.33
API server, its controllers, cert-manager, kubectl and the Convox rack would have changed those
objects after a deploy. See tests/drift/README.md for why (no API server can run here) and how.

This is deliberately NOT the Rust normaliser (src/output/drift/): it is a separate, small
implementation of the documented behaviour, written from the Kubernetes sources named in each
function, so that the drift tests check the normaliser against an independent account of what a
cluster stores.

Usage:
    cargo run -q -- map www/examples/complete.convox.yml --rack-param efs_csi_driver_enable=true \\
      | python3 tests/drift/make_dumps.py tests/drift
"""
import base64
import copy
import json
import sys
import uuid
from fractions import Fraction

import yaml

# The values the real rack has where convox-k8s prints stand-ins (the rendered stream's header
# lists them), and the release and build the cluster runs.
REAL = {
    "123456789012.dkr.ecr.us-east-1.amazonaws.com": "210987654321.dkr.ecr.eu-west-1.amazonaws.com",
    "0a1b2c3d4e5f.convox.cloud": "9f8e7d6c5b4a.convox.cloud",
    "0a1b2c3d4e5f.convox.site": "9f8e7d6c5b4a.convox.site",
    "172.20.0.10": "10.100.0.10",
    "RACK-API-PASSWORD": "pr0d-rack-s3cret",
    "00000000-0000-0000-0000-000000000000": "7c1d0f5e-2b3a-4c8d-9e6f-0a1b2c3d4e5f",
    "RABC1234DEF": "RKX7PQ2MN4B",
    "BABC1234DEF": "BJW3LV8TZ9C",
    "<rds-endpoint>": "analytics-db.c9xk2lq0abcd.eu-west-1.rds.amazonaws.com",
    "<rds-user>": "analytics",
    "<rds-password>": "rds-Pa55word",
    "<rds-database>": "analytics",
    "<elasticache-endpoint>": "sessions.abc123.0001.euw1.cache.amazonaws.com",
}
NAMESPACE = "my-rack-my-app"
CREATED = "2025-06-02T09:14:07Z"
# Kinds the rack creates through the API (no kubectl last-applied annotation).
API_MADE = {("PodDisruptionBudget", None), ("Secret", "docker-hub-authentication")}
# Kinds whose registry strategy sets metadata.generation (pkg/registry/*/strategy.go); custom
# resources always have one.
GENERATION = {"Deployment", "DaemonSet", "CronJob", "Ingress", "PodDisruptionBudget", "Certificate",
              "ScaledObject", "TriggerAuthentication", "VerticalPodAutoscaler", "HTTPProxy"}

_rv = [4000]


def rv():
    _rv[0] += 7
    return str(_rv[0])


def uid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(parts)))


def replace_real(v):
    """Stand-ins → the real rack's values, everywhere (Secret data decoded first)."""
    if isinstance(v, dict):
        return {k: replace_real(x) for k, x in v.items()}
    if isinstance(v, list):
        return [replace_real(x) for x in v]
    if isinstance(v, str):
        for old, new in REAL.items():
            v = v.replace(old, new)
    return v


def real_secret_data(obj):
    for field in ("data",):
        for k, b64 in list((obj.get(field) or {}).items()):
            text = base64.b64decode(b64).decode("utf-8", "replace")
            obj[field][k] = base64.b64encode(replace_real(text).encode()).decode()


# ---- quantities: k8s.io/apimachinery/pkg/api/resource, canonical form ----------------------
BIN = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
DEC = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


def canonical(q, milli=True):
    s = str(q)
    i = len(s)
    while i and not (s[i - 1].isdigit() or s[i - 1] == "."):
        i -= 1
    num, suffix = s[:i], s[i:]
    value = Fraction(num)
    binary = suffix in BIN
    if binary:
        value *= 1024 ** BIN[suffix]
    else:
        value *= Fraction(10) ** DEC[suffix]
    if milli:  # SetDefaults_ResourceList: RoundUp(-3)
        thousandths = value * 1000
        value = Fraction(-(-thousandths.numerator // thousandths.denominator), 1000)
    if value == 0:
        return "0"
    if binary and value.denominator == 1 and abs(value) >= 1024:
        n, e = int(value), 0
        while n % 1024 == 0 and e < 6:
            n //= 1024
            e += 1
        return f"{n}{['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][e]}"
    for exp in (18, 15, 12, 9, 6, 3, 0, -3, -6, -9):
        m = value / Fraction(10) ** exp
        if m.denominator == 1:
            return f"{m.numerator}{[k for k, e in DEC.items() if e == exp][0]}"
    raise ValueError(s)


# ---- pod templates: pkg/apis/core/v1/defaults.go, through SetObjectDefaults_<Kind> -----------
def pull_policy(image):
    # SetDefaults_Container; pkg/util/parsers ParseImageName: no tag and no digest means latest.
    name, digest = (image.split("@", 1)[0], True) if "@" in image else (image, False)
    last = name.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else None
    if tag == "latest" or (tag is None and not digest):
        return "Always"
    return "IfNotPresent"


def default_container(c):
    c.setdefault("imagePullPolicy", pull_policy(c["image"]))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("resources", {})
    for kind in ("limits", "requests"):
        for k, v in (c["resources"].get(kind) or {}).items():
            c["resources"][kind][k] = canonical(v)
    for p in c.get("ports", []):
        p.setdefault("protocol", "TCP")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        p = c.get(probe)
        if p is None:
            continue
        p.setdefault("timeoutSeconds", 1)
        p.setdefault("periodSeconds", 10)
        p.setdefault("successThreshold", 1)
        p.setdefault("failureThreshold", 3)
        if "httpGet" in p:
            p["httpGet"].setdefault("path", "/")
            p["httpGet"].setdefault("scheme", "HTTP")
    for e in c.get("env", []):
        ref = (e.get("valueFrom") or {}).get("fieldRef")
        if ref is not None:
            ref.setdefault("apiVersion", "v1")


def default_template(t):
    # k8s.io/apimachinery <= 0.33: a zero creationTimestamp prints as null.
    t.setdefault("metadata", {})["creationTimestamp"] = None
    s = t["spec"]
    s.setdefault("dnsPolicy", "ClusterFirst")
    s.setdefault("restartPolicy", "Always")
    s.setdefault("securityContext", {})
    s.setdefault("terminationGracePeriodSeconds", 30)
    s.setdefault("schedulerName", "default-scheduler")
    if "serviceAccountName" in s:
        s["serviceAccount"] = s["serviceAccountName"]  # conversion: DeprecatedServiceAccount
    for c in s.get("containers", []) + s.get("initContainers", []):
        default_container(c)
    for v in s.get("volumes", []):
        for src in ("configMap", "secret", "downwardAPI", "projected"):
            if src in v:
                v[src].setdefault("defaultMode", 420)
        if "hostPath" in v:
            v["hostPath"].setdefault("type", "")


# ---- per kind --------------------------------------------------------------------------------
def server(obj, replicas_now=None):
    """The object as the API server stores it and the controllers leave it."""
    kind = obj["kind"]
    meta = obj["metadata"]
    name = meta["name"]
    spec = obj.get("spec")
    if kind == "Deployment":  # pkg/apis/apps/v1/defaults.go SetDefaults_Deployment
        spec.setdefault("replicas", 1)
        st = spec.setdefault("strategy", {})
        st.setdefault("type", "RollingUpdate")
        if st["type"] == "RollingUpdate":
            ru = st.setdefault("rollingUpdate", {})
            ru.setdefault("maxSurge", "25%")
            ru.setdefault("maxUnavailable", "25%")
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        default_template(spec["template"])
        meta.setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "3"
        if replicas_now is not None:
            spec["replicas"] = replicas_now
        n = spec["replicas"]
        obj["status"] = {
            "availableReplicas": n, "observedGeneration": 3, "readyReplicas": n, "replicas": n, "updatedReplicas": n,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                 "lastTransitionTime": CREATED, "lastUpdateTime": CREATED,
                 "message": "Deployment has minimum availability."},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                 "lastTransitionTime": CREATED, "lastUpdateTime": CREATED,
                 "message": f'ReplicaSet "{name}-6d4cf56db6" has successfully progressed.'},
            ],
        } if n else {"observedGeneration": 3}
    elif kind == "DaemonSet":  # SetDefaults_DaemonSet; registry TemplateGeneration annotation
        us = spec.setdefault("updateStrategy", {})
        us.setdefault("type", "RollingUpdate")
        if us["type"] == "RollingUpdate":
            ru = us.setdefault("rollingUpdate", {})
            ru.setdefault("maxUnavailable", 1)
            ru.setdefault("maxSurge", 0)
        spec.setdefault("revisionHistoryLimit", 10)
        default_template(spec["template"])
        meta.setdefault("annotations", {})["deprecated.daemonset.template.generation"] = "1"
        obj["status"] = {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberAvailable": 3,
                         "numberMisscheduled": 0, "numberReady": 3, "observedGeneration": 1,
                         "updatedNumberScheduled": 3}
    elif kind == "CronJob":  # pkg/apis/batch/v1/defaults.go SetDefaults_CronJob; no Job defaults
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        spec["jobTemplate"].setdefault("metadata", {})["creationTimestamp"] = None
        default_template(spec["jobTemplate"]["spec"]["template"])
        obj["status"] = {"lastScheduleTime": "2025-06-02T10:00:00Z", "lastSuccessfulTime": "2025-06-02T10:00:41Z"}
    elif kind == "Service":  # SetDefaults_Service; registry alloc.go
        spec.setdefault("sessionAffinity", "None")
        spec.setdefault("type", "ClusterIP")
        t = spec["type"]
        for i, p in enumerate(spec.get("ports", [])):
            p.setdefault("protocol", "TCP")
            p.setdefault("targetPort", p["port"])
            if t in ("NodePort", "LoadBalancer"):
                p.setdefault("nodePort", 30000 + (sum(map(ord, name)) * 31 + i * 97) % 2700)
        if t in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if t == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
            meta.setdefault("finalizers", []).append("service.kubernetes.io/load-balancer-cleanup")
        spec.setdefault("internalTrafficPolicy", "Cluster")
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("ipFamilies", ["IPv4"])
        ip = f"172.20.{len(name) * 7 % 250}.{len(name) * 13 % 250}"
        spec.setdefault("clusterIP", ip)
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
        obj["status"] = {"loadBalancer": {"ingress": [{"hostname": f"a1b2c3-{name}.elb.eu-west-1.amazonaws.com"}]}} \
            if t == "LoadBalancer" else {"loadBalancer": {}}
    elif kind == "Ingress":  # no defaulting in networking/v1
        obj["status"] = {"loadBalancer": {"ingress": [{"hostname": "ingress.elb.eu-west-1.amazonaws.com"}]}}
    elif kind == "Secret":
        obj.setdefault("type", "Opaque")
    elif kind == "Namespace":
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = name  # SetDefaults_Namespace
        obj["spec"] = {"finalizers": ["kubernetes"]}  # namespace strategy PrepareForCreate
        obj["status"] = {"phase": "Active"}
        meta.setdefault("annotations", {}).update({  # the rack's atom controller
            "convox.com/app-status": "running", "convox.com/app-release": REAL["RABC1234DEF"],
            "convox.com/app-atom-cur-version": "6"})
    elif kind == "HorizontalPodAutoscaler":  # pkg/apis/autoscaling/v2/defaults.go
        spec.setdefault("minReplicas", 1)
        spec.setdefault("metrics", [{"type": "Resource", "resource": {
            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}])
        obj["status"] = {"currentReplicas": 3, "desiredReplicas": 3, "lastScaleTime": CREATED,
                         "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                             "averageUtilization": 74, "averageValue": "185m"}}}],
                         "conditions": [{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale",
                                         "lastTransitionTime": CREATED}]}
    elif kind == "PodDisruptionBudget":
        obj["status"] = {"currentHealthy": 2, "desiredHealthy": 1, "disruptionsAllowed": 1, "expectedPods": 2,
                         "observedGeneration": 1, "conditions": [{"type": "DisruptionAllowed", "status": "True",
                                                                  "reason": "SufficientPods",
                                                                  "lastTransitionTime": CREATED,
                                                                  "observedGeneration": 1, "message": ""}]}
    elif kind == "PersistentVolumeClaim":  # SetDefaults_PersistentVolumeClaimSpec, admission, binder
        spec.setdefault("volumeMode", "Filesystem")
        spec.setdefault("storageClassName", "gp2")  # DefaultStorageClass admission
        spec["volumeName"] = "pvc-" + uid("pv", name)
        for k, v in (spec.get("resources", {}).get("requests") or {}).items():
            spec["resources"]["requests"][k] = canonical(v)
        provisioner = "efs.csi.aws.com" if spec["storageClassName"] == "efs-sc" else "ebs.csi.aws.com"
        meta.setdefault("annotations", {}).update({
            "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
            "volume.beta.kubernetes.io/storage-provisioner": provisioner,
            "volume.kubernetes.io/storage-provisioner": provisioner})
        meta.setdefault("finalizers", []).append("kubernetes.io/pvc-protection")
        obj["status"] = {"phase": "Bound", "accessModes": spec["accessModes"],
                         "capacity": {"storage": spec["resources"]["requests"]["storage"]}}
    # Every object: FillObjectMetaSystemFields, storage, registry strategies.
    meta["uid"] = uid(kind, name)
    meta["resourceVersion"] = rv()
    meta["creationTimestamp"] = CREATED
    if kind in GENERATION:
        meta["generation"] = 3 if kind == "Deployment" else 1
    return obj


def last_applied(applied):
    """kubectl apply's annotation: the applied object as compact JSON with sorted keys,
    `"annotations":{}` when it had none (observed with kubectl 1.33, research drift.md §1)."""
    a = copy.deepcopy(applied)
    a["metadata"].setdefault("annotations", {})
    return json.dumps(a, separators=(",", ":"), sort_keys=True) + "\n"


def deploy(rendered, replicas_now):
    """The objects of the namespace after a deploy of `rendered`: applied with kubectl (or through
    the API), stored by the API server, worked on by controllers."""
    out = []
    for obj in rendered:
        kind, name = obj["kind"], obj["metadata"]["name"]
        if kind == "Namespace" and name != NAMESPACE:
            continue  # the rack namespace: terraform's, not in the app's dump
        applied = replace_real(copy.deepcopy(obj))
        if kind == "Secret":
            real_secret_data(applied)
        live = copy.deepcopy(applied)
        api_made = (kind, None) in API_MADE or (kind, name) in API_MADE or \
            (kind == "Secret" and applied["metadata"].get("labels", {}).get("type") == "config")
        if not api_made:
            live["metadata"].setdefault("annotations", {})[
                "kubectl.kubernetes.io/last-applied-configuration"] = last_applied(applied)
        out.append(server(live, replicas_now.get(name) if kind == "Deployment" else None))
    # What the cluster makes in every namespace, and cert-manager for the Ingress's TLS.
    out.append({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {
        "name": "default", "namespace": NAMESPACE, "uid": uid("sa", "default"), "resourceVersion": rv(),
        "creationTimestamp": CREATED}})
    out.append({"apiVersion": "v1", "kind": "ConfigMap", "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"},
                "metadata": {"name": "kube-root-ca.crt", "namespace": NAMESPACE, "uid": uid("cm", "root"),
                             "resourceVersion": rv(), "creationTimestamp": CREATED,
                             "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."}}})
    out.append({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                "data": {"tls.crt": base64.b64encode(b"-----BEGIN CERTIFICATE-----").decode(),
                         "tls.key": base64.b64encode(b"-----BEGIN PRIVATE KEY-----").decode()},
                "metadata": {"name": "cert-web", "namespace": NAMESPACE, "uid": uid("secret", "cert-web"),
                             "resourceVersion": rv(), "creationTimestamp": CREATED,
                             "labels": {"controller.cert-manager.io/fao": "true"},
                             "annotations": {"cert-manager.io/certificate-name": "cert-web",
                                             "cert-manager.io/issuer-kind": "ClusterIssuer",
                                             "cert-manager.io/issuer-name": "letsencrypt",
                                             "cert-manager.io/common-name": "web.my-app." + REAL["0a1b2c3d4e5f.convox.cloud"]}}})
    return out


def certificate():
    """The Certificate cert-manager's ingress-shim makes for Ingress web (owned by it)."""
    host = "web.my-app." + REAL["0a1b2c3d4e5f.convox.cloud"]
    return {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {
        "name": "cert-web", "namespace": NAMESPACE, "uid": uid("cert", "web"), "resourceVersion": rv(),
        "creationTimestamp": CREATED, "generation": 1,
        "ownerReferences": [{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "web",
                             "uid": uid("Ingress", "web"), "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"dnsNames": [host], "issuerRef": {"group": "cert-manager.io", "kind": "ClusterIssuer",
                                                   "name": "letsencrypt"}, "secretName": "cert-web",
                 "usages": ["digital signature", "key encipherment"], "duration": "2160h0m0s"},
        "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Ready",
                                   "lastTransitionTime": CREATED, "observedGeneration": 1,
                                   "message": "Certificate is up to date and has not expired"}],
                   "notAfter": "2025-08-31T08:14:07Z", "notBefore": "2025-06-02T08:14:07Z",
                   "renewalTime": "2025-08-01T08:14:07Z", "revision": 1}}


def find(objs, kind, name):
    return next(o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name)


def hand_edits(objs):
    """What people did with kubectl after the deploy (tests/drift/README.md lists them)."""
    # kubectl annotate ingress web --overwrite nginx.ingress.kubernetes.io/limit-rpm=500
    find(objs, "Ingress", "web")["metadata"]["annotations"]["nginx.ingress.kubernetes.io/limit-rpm"] = "500"
    # kubectl annotate ingress web example.com/owner=web-team
    find(objs, "Ingress", "web")["metadata"]["annotations"]["example.com/owner"] = "web-team"
    # kubectl scale deployment worker --replicas=5
    worker = find(objs, "Deployment", "worker")
    worker["spec"]["replicas"] = 5
    for k in ("availableReplicas", "readyReplicas", "replicas", "updatedReplicas"):
        worker["status"][k] = 5
    # kubectl set env deployment/web -c my-app DEBUG=true
    web = find(objs, "Deployment", "web")
    web["spec"]["template"]["spec"]["containers"][0]["env"].append({"name": "DEBUG", "value": "true"})
    web["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "4"
    # kubectl edit secret env-worker (QUEUE_NAME: default -> urgent)
    find(objs, "Secret", "env-worker")["data"]["QUEUE_NAME"] = base64.b64encode(b"urgent").decode()
    # kubectl create configmap feature-flags --from-literal=NEW_CHECKOUT=on; kubectl label cm feature-flags team=ops
    objs.append({"apiVersion": "v1", "kind": "ConfigMap", "data": {"NEW_CHECKOUT": "on"}, "metadata": {
        "name": "feature-flags", "namespace": NAMESPACE, "labels": {"team": "ops"}, "uid": uid("cm", "ff"),
        "resourceVersion": rv(), "creationTimestamp": CREATED}})
    # A resource removed from convox.yml since an earlier deploy, whose ConfigMap the rack applied
    # then (atom label, last-applied annotation) and has not pruned yet.
    old = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"URL": "redis://resource-oldcache:6379"},
           "metadata": {"name": "resource-oldcache", "namespace": NAMESPACE, "labels": {
               "app": "my-app", "atom": "70225a94be57719257e051cb530351acc15a83c430ba4440688e579e593e",
               "provider": "k8s", "rack": "my-rack", "release": "RQ2W8ZK1PLD", "resource": "oldcache",
               "system": "convox", "type": "resource"}}}
    old["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": last_applied(old)}
    old["metadata"].update({"uid": uid("cm", "old"), "resourceVersion": rv(), "creationTimestamp": CREATED})
    objs.append(old)
    # Everything as `kubectl get --show-managed-fields` prints it.
    for o in objs:
        o["metadata"]["managedFields"] = [{"apiVersion": o["apiVersion"], "fieldsType": "FieldsV1",
                                           "fieldsV1": {"f:metadata": {}}, "manager": "kubectl-client-side-apply",
                                           "operation": "Update", "time": CREATED}]


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True  # kubectl never writes anchors: a shared Python object is written twice


def _str(dumper, s):
    # kubectl (sigs.k8s.io/yaml, go-yaml) writes multi-line strings as literal blocks.
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)


Dumper.add_representer(str, _str)


def as_list(items):
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def write_yaml(path, objs):
    """What the capture command writes (`convox-k8s drift --command`): one List of the built-in
    kinds; then per custom resource a List, or a comment when the cluster does not serve it; the
    Namespace; the PersistentVolumes."""
    core = [o for o in objs if o["kind"] not in ("Namespace", "Certificate")]
    ns = next(o for o in objs if o["kind"] == "Namespace")
    certs = [o for o in objs if o["kind"] == "Certificate"]
    docs = [yaml.dump(as_list(core), Dumper=Dumper, sort_keys=True, width=10000, default_flow_style=False)]
    for r in ("httpproxies.v1.projectcontour.io",):
        docs.append(f"# {r}: not served by this cluster\n")
    docs.append(yaml.dump(as_list(certs), Dumper=Dumper, sort_keys=True, width=10000))
    for r in ("scaledobjects.v1alpha1.keda.sh", "triggerauthentications.v1alpha1.keda.sh",
              "verticalpodautoscalers.v1.autoscaling.k8s.io"):
        docs.append(f"# {r}: not served by this cluster\n")
    docs.append(yaml.dump(ns, Dumper=Dumper, sort_keys=True, width=10000))
    docs.append(yaml.dump(as_list([]), Dumper=Dumper, sort_keys=True, width=10000))
    with open(path, "w") as f:
        f.write("---\n".join(docs))


def main():
    out = sys.argv[1]
    rendered = [d for d in yaml.safe_load_all(sys.stdin) if d]
    # The HorizontalPodAutoscaler of web has scaled it to 3 (convox.yml: count 2-10).
    clean = deploy(copy.deepcopy(rendered), {"web": 3}) + [certificate()]
    write_yaml(f"{out}/clean/dump.yaml", clean)
    with open(f"{out}/clean/dump.json", "w") as f:
        json.dump(as_list(clean), f, indent=4, sort_keys=True)
        f.write("\n")
    edited = deploy(copy.deepcopy(rendered), {"web": 3}) + [certificate()]
    hand_edits(edited)
    write_yaml(f"{out}/edited/dump.yaml", edited)


if __name__ == "__main__":
    main()
