#!/usr/bin/env bash
# `npm run docker:smoke`: builds Dockerfile.backend and Dockerfile.gateway, runs
# the gateway image alone (embedded mock backend), the backend image, and a second
# gateway pointed at that backend; checks each one's answers over loopback
# (test/support/docker-smoke-probe.ts), that it runs as a non-root user, that
# Docker's HEALTHCHECK calls it healthy and that SIGTERM stops it; always removes
# its containers. The workflows run this same script.
#
# Options (flag or environment variable):
#   --network host|bridge  DOCKER_SMOKE_NETWORK    how the containers are reached (default host:
#                                                  servers bound to 127.0.0.1, works on every engine)
#   --port-base N          DOCKER_SMOKE_PORT_BASE  loopback ports N, N+1, N+2 (default 28000: below
#                                                  Linux's ephemeral range, 32768-60999, so no outgoing
#                                                  connection of another program can hold one)
#   --no-build             DOCKER_SMOKE_NO_BUILD=1 test llm-backend:local and llm-gateway:local as
#                                                  they are (built beforehand, e.g. with a layer cache)
# With no engine answering, it starts one (scripts/docker/engine.sh) and stops it
# at the end. An engine without a bridge network is one started by hand on a
# machine that reaches no image registry: there the builds use the host network
# and the Node base image is first created locally (scripts/docker/base-image.sh).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

network=${DOCKER_SMOKE_NETWORK:-host}
port_base=${DOCKER_SMOKE_PORT_BASE:-28000}
no_build=${DOCKER_SMOKE_NO_BUILD:-0}
backend_image=llm-backend:local
gateway_image=llm-gateway:local
run_id="llm-smoke-$$"
engine_state=running
containers=()

# usage EXIT_CODE: prints the options from the header above.
usage() {
  sed -n '/^# Options/,/^# and the Node/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --network) network=${2:-}; shift 2 || usage 2 ;;
    --port-base) port_base=${2:-}; shift 2 || usage 2 ;;
    --no-build) no_build=1; shift ;;
    -h | --help) usage 0 ;;
    *) echo "docker-smoke: unknown argument '$1'" >&2; usage 2 ;;
  esac
done
case "$network" in host | bridge) ;; *) echo "docker-smoke: --network must be host or bridge" >&2; exit 2 ;; esac
if ! [[ "$port_base" =~ ^[0-9]+$ ]] || [ "$port_base" -lt 1024 ] || [ "$port_base" -gt 65533 ]; then
  echo "docker-smoke: --port-base must be an integer from 1024 to 65533" >&2
  exit 2
fi

say() { echo "docker-smoke: $*"; }

cleanup() {
  local status=$?
  if [ "${#containers[@]}" -gt 0 ]; then
    docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
  fi
  docker network rm "$run_id" >/dev/null 2>&1 || true
  if [ "$engine_state" = started ]; then
    "$repo/scripts/docker/engine.sh" stop || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! docker info >/dev/null 2>&1; then
  engine_state=$("$repo/scripts/docker/engine.sh" start) || {
    echo "docker-smoke: no Docker engine can be used here (see above)" >&2
    exit 3
  }
fi
say "network mode: $network; loopback ports $port_base-$((port_base + 2))"

build_flags=(--build-arg "NPM_CONFIG_REGISTRY=$(npm config get registry)")
if ! docker network inspect bridge >/dev/null 2>&1; then
  build_flags+=(--network host)
  [ "$no_build" = 1 ] || "$repo/scripts/docker/base-image.sh"
fi
if [ "$network" = host ]; then
  for port in "$port_base" "$((port_base + 1))" "$((port_base + 2))"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "docker-smoke: port $port on 127.0.0.1 is in use: choose other ports with --port-base" >&2
      exit 1
    fi
  done
else
  docker network create "$run_id" >/dev/null
fi

# build_image DOCKERFILE TAG: the build's output is shown only when it fails.
build_image() {
  local log
  log=$(mktemp)
  say "building $2 from $1"
  if ! docker build "${build_flags[@]}" -f "$1" -t "$2" . >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    echo "docker-smoke: building $1 failed" >&2
    return 1
  fi
  rm -f "$log"
}

if [ "$no_build" = 1 ]; then
  docker image inspect "$backend_image" "$gateway_image" >/dev/null
  say "--no-build: testing $backend_image and $gateway_image as they are"
else
  started=$SECONDS
  build_image Dockerfile.backend "$backend_image"
  build_image Dockerfile.gateway "$gateway_image"
  say "both images built in $((SECONDS - started)) s"
fi

# run_container NAME IMAGE CONTAINER_PORT HOST_PORT [docker run options...]
run_container() {
  local name=$1 image=$2 container_port=$3 host_port=$4
  shift 4
  local where=(--network "$run_id" --network-alias "$name" -p "127.0.0.1:$host_port:$container_port")
  [ "$network" = host ] && where=(--network host -e HOST=127.0.0.1 -e "PORT=$host_port")
  containers+=("$run_id-$name")
  docker run -d --name "$run_id-$name" --label llm-inference-platform.smoke "${where[@]}" "$@" "$image" >/dev/null
}

# The URL at which the gateway container reaches the backend container.
backend_url() {
  if [ "$network" = host ]; then echo "http://127.0.0.1:$((port_base + 1))"; else echo "http://backend:8001"; fi
}

show_logs() {
  echo "--- last log lines of $1" >&2
  docker logs --tail 30 "$1" >&2 2>&1 || true
}

# wait_healthy CONTAINER: until Docker's HEALTHCHECK calls it healthy; fails at
# once when the container exits (a broken image crashes at start).
wait_healthy() {
  local container=$1 state
  for _ in $(seq 1 120); do
    state=$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$container")
    case "$state" in
      "running healthy") echo "  ok HEALTHCHECK: healthy"; return 0 ;;
      "running starting") sleep 0.5 ;;
      *)
        echo "  FAILED container state (status, health): $state" >&2
        return 1
        ;;
    esac
  done
  echo "  FAILED not healthy within 60 s" >&2
  return 1
}

# verify_container NAME PORT [--upstream URL]: healthy, answers, runs as a non-root user.
verify_container() {
  local container="$run_id-$1" port=$2
  shift 2
  say "checking $container (127.0.0.1:$port)"
  if ! wait_healthy "$container" \
    || ! "$repo/node_modules/.bin/tsx" test/support/docker-smoke-probe.ts --url "http://127.0.0.1:$port" "$@"; then
    show_logs "$container"
    return 1
  fi
  local uid user
  uid=$(docker exec "$container" id -u)
  user=$(docker exec "$container" id -un)
  if [ "$uid" = 0 ]; then
    echo "  FAILED runs as root" >&2
    return 1
  fi
  echo "  ok runs as $user (uid $uid)"
}

# stop_container NAME: SIGTERM must reach node (exec-form CMD), which then exits by itself.
stop_container() {
  local container="$run_id-$1" stop_started=$SECONDS code
  docker stop -t 10 "$container" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$container")
  if [ "$code" = 137 ]; then
    echo "  FAILED $container ignored SIGTERM and was killed after 10 s" >&2
    show_logs "$container"
    return 1
  fi
  echo "  ok $container stopped on SIGTERM in $((SECONDS - stop_started)) s (exit code $code)"
}

# Containers of a smoke run that was killed before its cleanup ran.
leftovers=$(docker ps -aq --filter label=llm-inference-platform.smoke --filter status=exited)
if [ -n "$leftovers" ]; then
  # shellcheck disable=SC2086 # one container id per word
  docker rm $leftovers >/dev/null
fi

started=$SECONDS
run_container gateway-alone "$gateway_image" 8000 "$port_base"
run_container backend "$backend_image" 8001 "$((port_base + 1))"
run_container gateway "$gateway_image" 8000 "$((port_base + 2))" -e "BACKEND_URLS=$(backend_url)"

say "1/3 the gateway image alone, serving from its embedded mock backend"
verify_container gateway-alone "$port_base"
say "2/3 the backend image"
verify_container backend "$((port_base + 1))"
say "3/3 a gateway pointed at the backend container"
verify_container gateway "$((port_base + 2))" --upstream "http://127.0.0.1:$((port_base + 1))"
say "stopping the containers"
for name in gateway gateway-alone backend; do
  stop_container "$name"
done
say "passed in $((SECONDS - started)) s after the build"
