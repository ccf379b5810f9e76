#!/usr/bin/env python3
"""Offline checks of `helm template` output (no cluster, no kubeconform): structure, naming, the restricted pod
security context, probes, RBAC scope and the observability objects of each option set in ci/*-values.yaml.

usage: validate-rendered.py RENDERED.yaml OPTION_SET CRD_DIR
"""
import json
import os
import re
import sys

import yaml

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
CLUSTER_SCOPED = {"ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}
KNOWN_KINDS = {
    ("v1", "ServiceAccount"), ("v1", "Service"), ("v1", "ConfigMap"), ("apps/v1", "Deployment"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"), ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"), ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"), ("policy/v1", "PodDisruptionBudget"),
}
# Replicas of each option set (ci/<set>-values.yaml); every other set keeps the default 1.
REPLICAS = {"replicas": 2, "pdb": 3}
OPERATOR_RESOURCES = {"dynamobackupplans", "dynamobackups", "dynamorestores"}

errors = []


def check(condition, message):
    if not condition:
        errors.append(message)
    return condition


def main(rendered_path, option_set, crd_dir):
    with open(rendered_path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    check(docs, "nothing rendered")
    by_kind = {}
    seen = set()
    for d in docs:
        kind, api = d.get("kind"), d.get("apiVersion")
        meta = d.get("metadata") or {}
        name = meta.get("name")
        where = f"{kind}/{name}"
        check(api and kind and name, f"document without apiVersion/kind/metadata.name: {str(d)[:120]}")
        check((api, kind) in KNOWN_KINDS, f"{where}: unexpected apiVersion/kind {api} {kind}")
        check(isinstance(name, str) and len(name) <= 253 and DNS_SUBDOMAIN.match(name or ""),
              f"{where}: name is not a DNS subdomain")
        if kind in ("Service", "Deployment"):
            check(len(name) <= 63 and DNS_LABEL.match(name), f"{where}: name is not a DNS label")
        if kind not in CLUSTER_SCOPED:
            check(meta.get("namespace"), f"{where}: namespaced object without metadata.namespace")
        key = (kind, meta.get("namespace"), name)
        check(key not in seen, f"{where}: rendered twice in namespace {meta.get('namespace')}")
        seen.add(key)
        for label, value in (meta.get("labels") or {}).items():
            check(isinstance(value, str) and len(value) <= 63, f"{where}: label {label} value {value!r} is invalid")
        by_kind.setdefault(kind, []).append(d)

    check_crds(by_kind.get("CustomResourceDefinition", []), option_set, crd_dir)

    deployments = by_kind.get("Deployment", [])
    if check(len(deployments) == 1, "exactly one Deployment"):
        check_deployment(deployments[0], option_set)
        check_disruption_budget(by_kind.get("PodDisruptionBudget", []), deployments[0], option_set)
    check_rbac(by_kind, option_set, deployments[0] if deployments else None)
    check_service_account(by_kind, option_set)
    check_metrics(by_kind, option_set)
    check_iam_policies(by_kind, option_set)


def check_crds(crds, option_set, crd_dir):
    """The chart renders the generated CRDs unchanged (only metadata added), kept on uninstall, unless turned off."""
    if option_set in ("no-crds", "shard"):
        check(not crds, "crds.enabled=false renders no CRDs")
        return
    expected = {}
    for f in sorted(os.listdir(crd_dir)):
        if f.endswith(".yaml"):
            with open(os.path.join(crd_dir, f)) as stream:
                expected[f[: -len(".yaml")]] = yaml.safe_load(stream)
    check(sorted(c["metadata"]["name"] for c in crds) == sorted(expected), f"CRDs {sorted(expected)} are not all rendered")
    for crd in crds:
        name = crd["metadata"]["name"]
        if name in expected:
            check({k: v for k, v in crd.items() if k != "metadata"}
                  == {k: v for k, v in expected[name].items() if k != "metadata"}, f"CRD {name} differs from {crd_dir}")
        check((crd["metadata"].get("annotations") or {}).get("helm.sh/resource-policy") == "keep",
              f"CRD {name}: helm.sh/resource-policy keep")
        check(crd["metadata"].get("labels", {}).get("app.kubernetes.io/managed-by") == "Helm", f"CRD {name}: chart labels")


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def check_deployment(deployment, option_set):
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    check(spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(),
          "Deployment selector does not match its pod labels")
    check(spec["replicas"] == REPLICAS.get(option_set, 1), f"replicas {spec['replicas']}")
    psc = pod.get("securityContext", {})
    check(psc.get("runAsNonRoot") is True, "pod securityContext.runAsNonRoot")
    check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "pod seccompProfile RuntimeDefault")
    [container] = pod["containers"]
    sc = container.get("securityContext", {})
    check(sc.get("runAsNonRoot") is True, "container runAsNonRoot")
    check(sc.get("runAsUser") == 65532, "container runAsUser 65532")
    check(sc.get("readOnlyRootFilesystem") is True, "container readOnlyRootFilesystem")
    check(sc.get("allowPrivilegeEscalation") is False, "container allowPrivilegeEscalation false")
    check(sc.get("capabilities", {}).get("drop") == ["ALL"], "container capabilities drop ALL")
    check(sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "container seccompProfile RuntimeDefault")
    check(container.get("resources", {}).get("requests"), "container resources.requests")
    check(container.get("resources", {}).get("limits", {}).get("memory"), "container memory limit")
    tmp_volumes = [v["name"] for v in pod.get("volumes", []) if "emptyDir" in v]
    check(any(m["mountPath"] == "/tmp" and m["name"] in tmp_volumes for m in container.get("volumeMounts", [])),
          "an emptyDir mounted at /tmp")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    env = env_of(container)
    check("metrics" in ports, "container port named metrics")
    check(env.get("DYNAMOBACKUP_METRICS_PORT") == str(ports.get("metrics")), "DYNAMOBACKUP_METRICS_PORT = metrics port")
    check(container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}, "liveness /healthz")
    check(container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}, "readiness /readyz")
    check(env.get("DYNAMOBACKUP_LEADER_ELECTION") == "true", "leader election always on")
    check(env.get("DYNAMOBACKUP_LEADER_ELECTION_NAMESPACE") == deployment["metadata"]["namespace"],
          "Lease in the release namespace")
    for name in env:
        check(re.match(r"^DYNAMOBACKUP_[A-Z_]+$", name) or not name.startswith("DYNAMOBACKUP"), f"env {name}")
    if option_set == "watch-namespaces":
        check(env.get("DYNAMOBACKUP_WATCH_NAMESPACES") == "team-payments,team-orders", "watchNamespaces env")
        check(env.get("DYNAMOBACKUP_AWS_DEFAULT_REGION") == "eu-west-1", "aws.region env")
        check(env.get("DYNAMOBACKUP_LOG_FORMAT") == "json", "logFormat env")
        check(env.get("DYNAMOBACKUP_POLL_INITIAL_INTERVAL") == "PT30S", "poll env")
        check(env.get("DYNAMOBACKUP_ERROR_RETRY_MAX_INTERVAL") == "PT15M", "errorRetry env")
    else:
        check(env.get("DYNAMOBACKUP_WATCH_NAMESPACES") == "", "all namespaces by default")
    if option_set == "serviceaccount":
        check(env.get("DYNAMOBACKUP_AWS_ENDPOINT") == "https://backup.eu-west-1.amazonaws.com", "aws.endpoint env")
        check(pod.get("imagePullSecrets") == [{"name": "regcred"}], "imagePullSecrets")
        check(pod.get("tolerations") and pod.get("nodeSelector"), "tolerations and nodeSelector")
    if option_set == "replicas":
        check(pod.get("affinity", {}).get("podAntiAffinity"), "podAntiAffinity")
    if option_set == "shard":
        check(env.get("DYNAMOBACKUP_WATCH_LABEL_SELECTOR") == "shard=a", "watchLabelSelector env")
        check(env.get("DYNAMOBACKUP_LEADER_ELECTION_LEASE_NAME") == "dynamo-backup-shard-a", "the shard's own Lease")
        check(env.get("DYNAMOBACKUP_RATE_LIMIT_START_BACKUP_JOB") == "5", "rateLimits.startBackupJob env")
        check(env.get("DYNAMOBACKUP_RATE_LIMIT_RESTORE_TABLE_FROM_BACKUP") == "5", "rateLimits env names")
        check(env.get("DYNAMOBACKUP_RATE_LIMIT_CONCURRENT_RESTORES") == "25", "rateLimits.concurrentRestores env")
        check(env.get("DYNAMOBACKUP_RATE_LIMIT_MAX_WAIT") == "PT3S", "rateLimits.maxWait env")
        check(env.get("DYNAMOBACKUP_DRIFT_CHECK_INTERVAL") == "PT24H", "drift.checkInterval env")
        check(env.get("DYNAMOBACKUP_POLL_RESTORE_INITIAL_INTERVAL") == "PT2S", "poll.restoreInitialInterval env")
    else:
        check(env.get("DYNAMOBACKUP_LEADER_ELECTION_LEASE_NAME") == deployment["metadata"]["name"],
              "the Lease is named after the release")


def check_disruption_budget(budgets, deployment, option_set):
    """A PodDisruptionBudget for the operator pods when there is more than one, never for a single pod."""
    if deployment["spec"]["replicas"] <= 1:
        check(not budgets, "no PodDisruptionBudget for a single replica (it would block every node drain)")
        return
    if not check(len(budgets) == 1, "one PodDisruptionBudget when replicaCount > 1"):
        return
    spec = budgets[0]["spec"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    check(budgets[0]["metadata"]["namespace"] == deployment["metadata"]["namespace"], "budget in the release namespace")
    check(spec["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
          and spec["selector"]["matchLabels"].items() <= pod_labels.items(), "budget selects the operator pods")
    check(("minAvailable" in spec) != ("maxUnavailable" in spec), f"exactly one of minAvailable, maxUnavailable: {spec}")
    expected = {"pdb": {"minAvailable": "50%", "unhealthyPodEvictionPolicy": "IfHealthyBudget"}}.get(
        option_set, {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"})
    check({k: v for k, v in spec.items() if k != "selector"} == expected, f"budget {spec}, expected {expected}")


def is_aggregated(role):
    labels = role["metadata"].get("labels") or {}
    return any(k.startswith("rbac.authorization.k8s.io/aggregate-to-") for k in labels)


def check_rbac(by_kind, option_set, deployment):
    """Scope and safety of the operator's RBAC; RbacTest checks the exact verbs against the code."""
    namespace = deployment["metadata"]["namespace"] if deployment else None
    cluster_roles = [c for c in by_kind.get("ClusterRole", []) if not is_aggregated(c)]
    aggregated = [c for c in by_kind.get("ClusterRole", []) if is_aggregated(c)]
    roles = by_kind.get("Role", [])
    lease_roles = [r for r in roles if any("leases" in rule.get("resources", []) for rule in r["rules"])]
    check(len(lease_roles) == 1 and lease_roles[0]["metadata"]["namespace"] == namespace,
          "one Lease Role, in the release namespace")
    lease = env_of(deployment["spec"]["template"]["spec"]["containers"][0]).get(
        "DYNAMOBACKUP_LEADER_ELECTION_LEASE_NAME") if deployment else None
    for r in lease_roles:
        for rule in r["rules"]:
            check(rule["resources"] == ["leases"] and rule["apiGroups"] == ["coordination.k8s.io"],
                  f"the Lease Role grants leases only: {rule}")
            check(rule["verbs"] == ["create"] or rule.get("resourceNames") == [lease],
                  f"Lease verbs other than create are limited to the operator's Lease {lease}: {rule}")
    operator_roles = [r for r in roles if r not in lease_roles]
    if option_set == "watch-namespaces":
        check(not cluster_roles and not by_kind.get("ClusterRoleBinding"), "no cluster-wide RBAC when namespaced")
        check(sorted(r["metadata"]["namespace"] for r in operator_roles) == ["team-orders", "team-payments"],
              "a Role in each watched namespace")
        rules_sets = [r["rules"] for r in operator_roles]
    else:
        check(len(cluster_roles) == 1 and len(by_kind.get("ClusterRoleBinding", [])) == 1, "ClusterRole + binding")
        check(not operator_roles, "no namespaced operator Roles when cluster-wide")
        rules_sets = [c["rules"] for c in cluster_roles]
    for rules in rules_sets:
        for rule in rules:
            check("*" not in rule.get("verbs", []) and "*" not in rule.get("resources", [])
                  and "*" not in rule.get("apiGroups", []), f"no wildcards in RBAC: {rule}")
            check(not {"secrets", "pods", "nodes", "leases"} & set(rule.get("resources", [])), f"no access to {rule}")
        grants = {(g, r, v) for rule in rules for g in rule["apiGroups"] for r in rule["resources"] for v in rule["verbs"]}
        for verb in ("create", "delete"):
            check(("dynamobackup.io", "dynamobackups", verb) in grants, f"{verb} dynamobackups (plan children)")
            check(("dynamobackup.io", "dynamorestores", verb) in grants, f"{verb} dynamorestores (restore drills)")
            check(("dynamobackup.io", "dynamobackupplans", verb) not in grants, f"no {verb} on plans")
        configmap_verbs = {v for (g, r, v) in grants if r == "configmaps"}
        check(configmap_verbs == {"get", "create", "update"},
              f"configmaps: get/create/update only (never list, watch or delete): {sorted(configmap_verbs)}")
    check_aggregated(aggregated, option_set)
    sa_names = {s["metadata"]["name"] for s in by_kind.get("ServiceAccount", [])}
    for binding in by_kind.get("ClusterRoleBinding", []) + by_kind.get("RoleBinding", []):
        for subject in binding["subjects"]:
            check(subject["name"] in sa_names and subject["namespace"] == namespace, f"binding subject {subject}")


def check_aggregated(aggregated, option_set):
    """Users' view/edit ClusterRoles for the three kinds, aggregated into Kubernetes' view, edit and admin."""
    by_label = {}
    for role in aggregated:
        for label in role["metadata"]["labels"]:
            if label.startswith("rbac.authorization.k8s.io/aggregate-to-"):
                by_label.setdefault(label.rsplit("-", 1)[-1], []).append(role)
    if option_set == "no-user-roles":
        check(not aggregated, "rbac.aggregateToDefaultRoles false: no aggregated ClusterRoles")
        return
    check(sorted(by_label) == ["admin", "edit", "view"], f"aggregated to view, edit and admin: {sorted(by_label)}")
    for role in aggregated:
        grants = {(g, r, v) for rule in role["rules"] for g in rule["apiGroups"] for r in rule["resources"]
                  for v in rule["verbs"]}
        check({g for (g, r, v) in grants} == {"dynamobackup.io"}, f"{role['metadata']['name']}: dynamobackup.io only")
        check(not any(r.endswith("/status") or r.endswith("/finalizers") for (g, r, v) in grants),
              f"{role['metadata']['name']}: no status or finalizers (the operator's to write)")
        for resource in OPERATOR_RESOURCES:
            for verb in ("get", "list", "watch"):
                check(("dynamobackup.io", resource, verb) in grants, f"{role['metadata']['name']}: {verb} {resource}")
    for role in by_label.get("view", []):
        verbs = {rule_verb for rule in role["rules"] for rule_verb in rule["verbs"]}
        check(verbs == {"get", "list", "watch"}, f"view role is read-only: {sorted(verbs)}")
    for role in by_label.get("edit", []):
        verbs = {rule_verb for rule in role["rules"] for rule_verb in rule["verbs"]}
        check({"create", "update", "patch", "delete", "deletecollection"} <= verbs, f"edit role verbs {sorted(verbs)}")


def check_iam_policies(by_kind, option_set):
    """The IAM policy documents: valid JSON, within IAM's managed policy size, no Resource "*" but the read-only list
    and statements a condition scopes."""
    maps = [c for c in by_kind.get("ConfigMap", []) if c["metadata"]["name"].endswith("-iam-policies")]
    if not check(len(maps) == 1, "one ConfigMap <release>-iam-policies"):
        return
    data = maps[0].get("data") or {}
    expected = {"read-only.json", "backup.json", "restore.json", "delete.json"}
    if option_set in ("tenancy", "iam-scoped"):
        expected.add("assume-tenant-roles.json")
    check(set(data) == expected, f"IAM policy documents {sorted(data)}, expected {sorted(expected)}")
    for key, text in data.items():
        try:
            policy = json.loads(text)
        except ValueError as e:
            check(False, f"{key} is not JSON: {e}")
            continue
        check(policy.get("Version") == "2012-10-17", f"{key}: Version 2012-10-17")
        # IAM counts a managed policy's size without whitespace; the limit is 6,144 characters.
        size = len(re.sub(r"\s", "", text))
        check(size <= 6144, f"{key}: {size} characters, more than an IAM managed policy may have (6,144)")
        for statement in policy["Statement"]:
            if statement.get("Resource") == "*":
                # Outside the read-only list, "*" only with a condition that scopes it (lambda:FunctionArn).
                check(key == "read-only.json" or "Condition" in statement, f"{key}: Resource * in {statement.get('Sid')}")
            if option_set == "iam-scoped" and statement.get("Resource") != "*":
                resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                for arn in resources:
                    check(":*:" not in arn and ":::" not in arn or "aws-service-role" in arn,
                          f"{key}: {arn} is not scoped to an account and Region")


def check_service_account(by_kind, option_set):
    [sa] = by_kind.get("ServiceAccount", [None])
    if not check(sa is not None, "ServiceAccount"):
        return
    deployment = by_kind["Deployment"][0]
    check(deployment["spec"]["template"]["spec"]["serviceAccountName"] == sa["metadata"]["name"], "pod uses the SA")
    annotations = sa["metadata"].get("annotations") or {}
    if option_set == "serviceaccount":
        check(sa["metadata"]["name"] == "dynamo-backup", "serviceAccount.name")
        check(annotations.get("eks.amazonaws.com/role-arn") == "arn:aws:iam::111122223333:role/dynamo-backup-operator",
              "IRSA role annotation")
    else:
        check(not annotations, "no ServiceAccount annotations by default")


def check_metrics(by_kind, option_set):
    services = [s for s in by_kind.get("Service", [])]
    check(len(services) == 1 and services[0]["spec"]["ports"][0]["targetPort"] == "metrics", "metrics Service")
    monitors = by_kind.get("ServiceMonitor", [])
    rules = by_kind.get("PrometheusRule", [])
    dashboards = [c for c in by_kind.get("ConfigMap", []) if (c["metadata"].get("labels") or {}).get("grafana_dashboard")]
    if option_set != "metrics":
        check(not monitors and not rules and not dashboards, "monitoring objects are off by default")
        return
    if check(len(monitors) == 1, "ServiceMonitor"):
        selector = monitors[0]["spec"]["selector"]["matchLabels"]
        check(selector.items() <= services[0]["metadata"]["labels"].items(), "ServiceMonitor selects the Service")
        check(monitors[0]["spec"]["endpoints"][0]["port"] == "metrics", "ServiceMonitor scrapes port metrics")
        check(monitors[0]["metadata"]["labels"].get("release") == "kube-prometheus-stack", "ServiceMonitor labels")
    if check(len(rules) == 1, "PrometheusRule"):
        alerts = {r["alert"]: r for g in rules[0]["spec"]["groups"] for r in g["rules"]}
        expected = {
            "DynamoBackupFailed": 'increase(dynamobackup_backups_total{result=~"Failed|Expired"}[1h]) > 0',
            "DynamoBackupOverdue": "dynamobackup_plan_backup_overdue == 1",
            "DynamoRestoreFailed": 'increase(dynamobackup_restores_total{result="Failed"}[1h]) > 0',
            "DynamoRestoreDrillFailed": 'increase(dynamobackup_restore_drills_total{result="Failed"}[1d]) > 0',
            "DynamoBackupAwsThrottling": 'sum(rate(dynamobackup_aws_calls_total{outcome="throttled"}[10m])) > 0.1',
        }
        for alert, expr in expected.items():
            if check(alert in alerts, f"alert {alert}"):
                check(expr in alerts[alert]["expr"], f"alert {alert} expression contains {expr}")
                check(alerts[alert]["labels"].get("severity"), f"alert {alert} severity")
                check(alerts[alert]["annotations"].get("summary") and alerts[alert]["annotations"].get("description"),
                      f"alert {alert} summary and description")
                check(alerts[alert]["expr"].count("(") == alerts[alert]["expr"].count(")"), f"{alert} parentheses")
        check(alerts.get("DynamoBackupAwsThrottling", {}).get("for") == "15m", "throttling alert for 15m")
    if check(len(dashboards) == 1, "Grafana dashboard ConfigMap"):
        d = dashboards[0]
        check(d["metadata"]["labels"]["grafana_dashboard"] == "1", 'grafana_dashboard: "1"')
        check(d["metadata"]["namespace"] == "monitoring", "dashboard namespace")
        [(key, text)] = d["data"].items()
        dashboard = json.loads(text)
        exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
        for metric in ("dynamobackup_backups_total", "dynamobackup_backup_job_duration_seconds_bucket",
                       "dynamobackup_recovery_point_size_bytes", "dynamobackup_aws_calls_total"):
            check(metric in exprs, f"dashboard panel for {metric}")
        check('outcome="throttled"' in exprs, "dashboard throttle panel")
        check("histogram_quantile(0.95" in exprs and "histogram_quantile(0.50" in exprs, "p50/p95 panel")


if __name__ == "__main__":
    main(*sys.argv[1:4])
    if errors:
        print(f"{sys.argv[1]} ({sys.argv[2]}):", *("  - " + e for e in errors), sep="\n", file=sys.stderr)
        sys.exit(1)
    print(f"ok   {sys.argv[2]}: rendered manifests pass the offline checks")
