#!/usr/bin/env bash
# Builds a local Node base image (default vaultplane/node-base:test) for compose/Dockerfile's
# BASE_IMAGE, from this machine's own node and npm. No registry is reachable here, so
# node:20-bookworm-slim cannot be pulled; this image has the same layout where it matters
# (node and npm in /usr/local, /bin/sh, glibc) and is made with `docker import` of a rootfs:
#   - node and npm as installed on this machine, at /usr/local/bin and /usr/local/lib/node_modules
#   - every shared library ldd lists for node and for native addons in ./node_modules
#     (LanceDB's addon also needs librt)
#   - static busybox for /bin/sh and the coreutils a Dockerfile RUN uses
#   - this machine's CA bundle, which node is told to trust (NODE_EXTRA_CA_CERTS), so npm inside
#     `docker build` trusts what npm on the host trusts
# Idempotent: exits at once when the image exists; --rebuild replaces it.
#
# Usage: scripts/make-node-base-image.sh [--rebuild]
# Env:   NODE_BASE_IMAGE (default vaultplane/node-base:test), BUSYBOX (default /bin/busybox),
#        CA_BUNDLE (default /etc/ssl/certs/ca-certificates.crt)
set -euo pipefail

SCRIPT_NAME=make-node-base-image
source "$(dirname "$0")/lib/import-rootfs.sh"

image="${NODE_BASE_IMAGE:-vaultplane/node-base:test}"
busybox="${BUSYBOX:-/bin/busybox}"
ca_bundle="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
rootfs_parse_args 16 "$@"
rootfs_require_docker
rootfs_skip_if_present "$image"

node_bin="$(command -v node)" || rootfs_fail "node is not installed"
node_bin="$(readlink -f "$node_bin")"
npm_root="$(npm root -g 2>/dev/null)/npm"
[[ -f "$npm_root/bin/npm-cli.js" ]] || rootfs_fail "npm not found at $npm_root (from 'npm root -g')"
rootfs_require_static_busybox "$busybox"
[[ -f "$ca_bundle" ]] || rootfs_fail "CA bundle $ca_bundle not found; install ca-certificates or set CA_BUNDLE"

previous="$(rootfs_image_id "$image")"
rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,usr/local/lib/node_modules,etc/ssl/certs,root,tmp,proc,sys,dev,home}
chmod 1777 "$rootfs/tmp"
rootfs_add_busybox "$rootfs" "$busybox"

install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
cp -a "$npm_root" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# Libraries at the paths the loader looks for them (ldd prints "name => /path (addr)" or "/path (addr)").
objects=("$node_bin")
while IFS= read -r addon; do objects+=("$addon"); done < <(find "$(dirname "$0")/../node_modules" -name '*.node' -path '*lancedb*' 2>/dev/null || true)
libraries=()
for object in "${objects[@]}"; do
  while IFS= read -r library; do libraries+=("$library"); done < <(ldd "$object" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }')
done
librt="$(ldconfig -p | awk '/librt\.so\.1 .*x86-64/ { print $NF; exit }')"
[[ -n "$librt" ]] && libraries+=("$librt")
for library in $(printf '%s\n' "${libraries[@]}" | sort -u); do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

install -m 0644 "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
rootfs_write_users "$rootfs"
echo 'hosts: files dns' >"$rootfs/etc/nsswitch.conf"

version="$("$node_bin" --version)"
rootfs_import "$rootfs" "$image" "vaultplane test base: node $version, npm, busybox, glibc from this machine" \
  'CMD ["node"]' \
  'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  "LABEL org.opencontainers.image.title=vaultplane-test-node-base org.opencontainers.image.version=$version"

docker run --rm --network none "$image" node -e 'process.stdout.write(process.version)' >/dev/null ||
  rootfs_fail "$image was built but node does not run in it; a shared library may be missing (see ldd $node_bin)"
docker run --rm --network none "$image" npm --version >/dev/null || rootfs_fail "$image was built but npm does not run in it"

rootfs_remove_replaced "$image" "$previous"

echo "make-node-base-image: built $image (node $version, npm $(docker run --rm --network none "$image" npm --version 2>/dev/null))"
