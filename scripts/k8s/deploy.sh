#!/usr/bin/env bash
# `npm run k8s:deploy -- --env ENV [--gateway-image REF] [--backend-image REF]`: renders
# one environment's manifests (k8s/ENV/) with the images given (npm run k8s:render),
# applies them with kubectl to the cluster of the current kubeconfig context and waits
# for both rollouts. Images must be pinned by digest (@sha256:...) or by a sha-<commit>
# tag; without one, the environment's pinned image is used.
#
# Options:
#   --env staging|production   the environment (folder under k8s/)
#   --gateway-image REF        gateway image, e.g. ghcr.io/OWNER/llm-gateway@sha256:...
#   --backend-image REF        backend image, e.g. ghcr.io/OWNER/llm-backend@sha256:...
#   --timeout DURATION         how long each rollout may take (default 300s)
# Exit codes: 0 deployed, 1 apply or rollout failed, 2 bad usage, 3 no kubectl.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

usage() {
  sed -n '/^# Options/,/^# Exit codes/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

render_args=()
timeout=300s
while [ $# -gt 0 ]; do
  case "$1" in
    --env | --gateway-image | --backend-image)
      [ $# -ge 2 ] || usage 2
      render_args+=("$1" "$2")
      shift 2
      ;;
    --timeout) timeout=${2:-}; shift 2 || usage 2 ;;
    -h | --help) usage 0 ;;
    *) echo "k8s-deploy: unknown argument '$1'" >&2; usage 2 ;;
  esac
done
if ! command -v kubectl >/dev/null 2>&1; then
  echo "k8s-deploy: kubectl is not installed" >&2
  exit 3
fi

# A directory, not `mktemp --suffix`: BSD mktemp (macOS) has no --suffix.
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
manifest="$work_dir/manifests.json"
node --import tsx projenrc/k8s/render.ts "${render_args[@]}" -o "$manifest"
namespace=$(node -p 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).items[0].metadata.name' "$manifest")

kubectl apply -f "$manifest"
for deployment in llm-backend llm-gateway; do
  if ! kubectl --namespace "$namespace" rollout status "deployment/$deployment" --timeout "$timeout"; then
    echo "k8s-deploy: deployment/$deployment did not roll out within $timeout" >&2
    kubectl --namespace "$namespace" get pods -o wide >&2 || true
    kubectl --namespace "$namespace" describe "deployment/$deployment" >&2 || true
    exit 1
  fi
done
echo "k8s-deploy: namespace $namespace rolled out"
