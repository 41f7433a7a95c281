#!/usr/bin/env bash
# `npm run k8s:smoke -- --namespace NS [--scale-backends N]`: smoke-tests a deployment
# through the gateway Service, over `kubectl port-forward` to loopback: /readyz turns 200
# and a chat completion gets an answer. With --scale-backends N it then scales the backend
# Deployment to N replicas, waits for the rollout and for the gateway's /readyz to list N
# backends (DNS discovery of the headless Service), and asks for one more completion.
#
# Options:
#   --namespace NS        the environment's namespace (llm-staging, llm-production)
#   --scale-backends N    also check that the gateway follows the backends to N replicas
#   --local-port PORT     loopback port of the port-forward (default 18000)
#   --timeout SECONDS     how long to wait for each condition (default 120)
# Exit codes: 0 passed, 1 a check failed, 2 bad usage, 3 no kubectl, curl or jq.
set -euo pipefail

usage() {
  sed -n '/^# Options/,/^# Exit codes/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

namespace=''
scale_to=''
local_port=18000
timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace=${2:-}; shift 2 || usage 2 ;;
    --scale-backends) scale_to=${2:-}; shift 2 || usage 2 ;;
    --local-port) local_port=${2:-}; shift 2 || usage 2 ;;
    --timeout) timeout=${2:-}; shift 2 || usage 2 ;;
    -h | --help) usage 0 ;;
    *) echo "k8s-smoke: unknown argument '$1'" >&2; usage 2 ;;
  esac
done
[ -n "$namespace" ] || { echo "k8s-smoke: --namespace is required" >&2; usage 2; }
for number in "$local_port" "$timeout" ${scale_to:+"$scale_to"}; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "k8s-smoke: '$number' is not a whole number" >&2; exit 2; }
done
for tool in kubectl curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "k8s-smoke: $tool is not installed" >&2; exit 3; }
done

say() { echo "k8s-smoke: $*"; }
url="http://127.0.0.1:$local_port"
forward_pid=''

start_forward() {
  kubectl --namespace "$namespace" port-forward --address 127.0.0.1 service/llm-gateway "$local_port:80" >/dev/null &
  forward_pid=$!
}
stop_forward() {
  if [ -n "$forward_pid" ]; then
    kill "$forward_pid" 2>/dev/null || true
    wait "$forward_pid" 2>/dev/null || true
    forward_pid=''
  fi
}
trap stop_forward EXIT

# until_true DESCRIPTION COMMAND...: retries COMMAND every second, up to the timeout.
until_true() {
  local description=$1
  shift
  for _ in $(seq 1 "$timeout"); do
    if "$@"; then return 0; fi
    # A port-forward dies with the pod it picked: start another one.
    if [ -n "$forward_pid" ] && ! kill -0 "$forward_pid" 2>/dev/null; then start_forward; fi
    sleep 1
  done
  echo "k8s-smoke: $description not within ${timeout}s" >&2
  return 1
}

gateway_ready() { curl --fail --silent --max-time 2 --output /dev/null "$url/readyz"; }
backend_count_is() { [ "$(curl --silent --max-time 2 "$url/readyz" | jq '.backends | length')" = "$1" ]; }

chat_answers() {
  local answer
  answer=$(curl --fail --silent --show-error --max-time 30 "$url/v1/chat/completions" \
    --header 'content-type: application/json' \
    --data '{"model":"mock-llm-v1","messages":[{"role":"user","content":"Say hello"}],"max_tokens":8}')
  jq --exit-status '.choices[0].message.content | length > 0' <<< "$answer" >/dev/null
}

start_forward
until_true "the gateway Service is ready" gateway_ready
say "ready: $(curl --silent "$url/readyz" | jq -c '{status, backends: [.backends[].url]}')"
chat_answers
say "chat completion answered through service/llm-gateway"

if [ -n "$scale_to" ]; then
  kubectl --namespace "$namespace" scale deployment/llm-backend --replicas "$scale_to"
  kubectl --namespace "$namespace" rollout status deployment/llm-backend --timeout "${timeout}s"
  until_true "the gateway lists $scale_to backends" backend_count_is "$scale_to"
  say "the gateway follows the backends: $(curl --silent "$url/readyz" | jq -c '[.backends[].url]')"
  chat_answers
fi
say "passed"
