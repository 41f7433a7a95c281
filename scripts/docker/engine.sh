#!/usr/bin/env bash
# Makes a Docker engine usable on a machine that has none running, and stops it
# again. Machines of this project's kind run no service manager and no image
# registry is reachable, so the engine is Debian's docker.io started by hand
# without iptables rules or a bridge: containers then use `--network host`.
#
#   engine.sh start   prints `running` (an engine already answered: leave it) or
#                     `started` (this call started dockerd: call `stop` later);
#                     exits 1 with the reason on stderr when none can be had
#   engine.sh stop    stops the dockerd that `start` started, if any
set -euo pipefail

state_dir=${DOCKER_ENGINE_STATE_DIR:-/run/llm-inference-platform-dockerd}
pid_file="$state_dir/dockerd.pid"
log_file="$state_dir/dockerd.log"

say() { echo "docker-engine: $*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

install_docker_io() {
  command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 && return 0
  "$(dirname "${BASH_SOURCE[0]}")/../install-debian-packages.sh" docker.io
}

start_engine() {
  if engine_answers; then
    echo running
    return 0
  fi
  install_docker_io
  if [ "$(id -u)" != 0 ]; then
    say "no Docker engine answers and starting dockerd needs root"
    return 1
  fi
  mkdir -p "$state_dir"
  # A dockerd that was killed (as at the end of a session) leaves its pid file
  # behind, and a new one refuses to start while it exists.
  if [ -f "$pid_file" ]; then
    local old_pid
    old_pid=$(cat "$pid_file")
    if kill -0 "$old_pid" 2>/dev/null; then
      say "dockerd (pid $old_pid) from an earlier start is running but does not answer"
      return 1
    fi
    rm -f "$pid_file"
  fi
  say "starting dockerd (--iptables=false --bridge=none; log: $log_file)"
  # setsid: a Ctrl-C in the calling terminal must not reach the engine.
  setsid dockerd --iptables=false --bridge=none --pidfile "$pid_file" >"$log_file" 2>&1 </dev/null &
  local pid=$!
  for _ in $(seq 1 120); do
    if engine_answers; then
      echo "$pid" >"$pid_file.started"
      say "dockerd is up (pid $pid)"
      echo started
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "dockerd exited at start; last lines of its log:"
      tail -n 15 "$log_file" >&2
      return 1
    fi
    sleep 0.5
  done
  say "dockerd did not answer within 60 s; stopping it"
  kill "$pid" 2>/dev/null || true
  return 1
}

stop_engine() {
  local started="$pid_file.started"
  [ -f "$started" ] || return 0
  local pid
  pid=$(cat "$started")
  rm -f "$started"
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  say "dockerd (pid $pid) ignored SIGTERM for 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start_engine ;;
  stop) stop_engine ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
