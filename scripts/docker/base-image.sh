#!/usr/bin/env bash
# Creates, on a machine that reaches no image registry, the Node base image that
# Dockerfile.backend and Dockerfile.gateway start FROM: a debootstrap of Debian
# bookworm from the machine's configured apt source, plus the machine's own Node
# 20, npm and CA bundle (scripts/docker/node-base.Dockerfile), tagged with the
# Dockerfiles' FROM. Skips every step whose result exists: the base image, the
# imported root file system, the cached debootstrap tarball.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

suite=bookworm
cache_dir=${DOCKER_BASE_CACHE_DIR:-/var/cache/llm-inference-platform}
rootfs_tar="$cache_dir/debootstrap-$suite-minbase.tar"
rootfs_image="llm-inference-platform/debootstrap-$suite:local"

say() { echo "base-image: $*" >&2; }

# The FROM of both Dockerfiles: one pinned tag, so the two cannot drift apart.
dockerfiles_base() {
  local tags
  tags=$(awk 'toupper($1) == "FROM" { print $2 }' "$repo/Dockerfile.backend" "$repo/Dockerfile.gateway" | sort -u)
  if [ "$(echo "$tags" | wc -l)" != 1 ] || [ -z "$tags" ]; then
    say "Dockerfile.backend and Dockerfile.gateway must start FROM one image; found: $tags"
    return 1
  fi
  echo "$tags"
}

# The first `deb` source for $suite in the machine's apt configuration, in either
# the one-line (.list) or the deb822 (.sources) format.
apt_mirror() {
  local lists=() sources=() file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] && lists+=("$file")
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && sources+=("$file")
  done
  {
    if [ "${#lists[@]}" -gt 0 ]; then
      sed -E 's/\[[^]]*\]//' "${lists[@]}" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2 }'
    fi
    if [ "${#sources[@]}" -gt 0 ]; then
      awk -v suite="$suite" '
        BEGIN { RS = ""; FS = "\n" }
        {
          types = ""; uris = ""; suites = ""; enabled = "yes"
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^#/) continue
            value = $i; sub(/^[^:]*:[ \t]*/, "", value)
            if ($i ~ /^Types:/) types = " " value " "
            else if ($i ~ /^URIs:/) uris = value
            else if ($i ~ /^Suites:/) suites = " " value " "
            else if ($i ~ /^Enabled:/) enabled = value
          }
          if (types ~ / deb / && suites ~ (" " suite " ") && enabled != "no") { split(uris, u, " "); print u[1] }
        }' "${sources[@]}"
    fi
  } | head -n 1
}

create_rootfs_tar() {
  local mirror work
  mirror=$(apt_mirror)
  if [ -z "$mirror" ]; then
    say "no 'deb' source for $suite in /etc/apt/sources.list*: cannot debootstrap"
    return 1
  fi
  "$repo/scripts/install-debian-packages.sh" debootstrap
  mkdir -p "$cache_dir"
  work=$(mktemp -d "$cache_dir/rootfs.XXXXXX")
  say "debootstrap --variant=minbase $suite from the machine's apt source (a few minutes)"
  debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    rm -rf "$work"
    return 1
  }
  # Like the official slim image: no package cache, index lists, docs or man pages.
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
    "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/*
  tar --numeric-owner -C "$work/rootfs" -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$rootfs_tar"
  rm -rf "$work"
  say "cached $rootfs_tar"
}

create_base_image() {
  local tag=$1 node_version work
  node_version=$(node --version)
  node_version=${node_version#v}
  if [[ "$tag" != *":${node_version%%.*}."* ]]; then
    say "this machine's Node $node_version is not the major version of $tag"
    return 1
  fi
  if [[ "$tag" != *":$node_version-"* ]]; then
    say "WARNING: $tag is pinned, but this machine has Node $node_version: the local stand-in carries $node_version"
  fi
  if ! docker image inspect "$rootfs_image" >/dev/null 2>&1; then
    [ -f "$rootfs_tar" ] || create_rootfs_tar
    say "importing $rootfs_tar as $rootfs_image"
    docker import "$rootfs_tar" "$rootfs_image" >/dev/null
  fi
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: the local does not exist at exit
  trap "rm -rf '$work'" EXIT
  mkdir "$work/context"
  cp "$(readlink -f "$(command -v node)")" "$work/context/node"
  cp -a "$(npm root -g)/npm" "$work/context/npm"
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$work/context/ca-certificates.crt"
  say "building $tag from $rootfs_image with this machine's Node $node_version"
  if ! docker build --network none -t "$tag" -f "$repo/scripts/docker/node-base.Dockerfile" \
    --build-arg "ROOTFS_IMAGE=$rootfs_image" --build-arg "NODE_VERSION=$node_version" "$work/context" \
    >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    return 1
  fi
}

main() {
  local tag
  tag=$(dockerfiles_base)
  if docker image inspect "$tag" >/dev/null 2>&1; then
    say "$tag is present"
    return 0
  fi
  create_base_image "$tag"
  say "$tag is ready after $SECONDS s"
}

main "$@"
