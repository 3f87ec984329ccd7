#!/usr/bin/env bash
# Builds the local test image vaultplane/busybox:test from Debian's static busybox.
# No registry is reachable in CI, so the image is made with `docker import` of a tiny rootfs.
# Idempotent: exits at once when the image exists; --rebuild replaces it.
#
# Usage: scripts/make-test-image.sh [--rebuild]
# Env:   TEST_IMAGE (default vaultplane/busybox:test), BUSYBOX (default /bin/busybox)
set -euo pipefail

SCRIPT_NAME=make-test-image
source "$(dirname "$0")/lib/import-rootfs.sh"

image="${TEST_IMAGE:-vaultplane/busybox:test}"
busybox="${BUSYBOX:-/bin/busybox}"
rootfs_parse_args 7 "$@"
rootfs_require_docker
rootfs_skip_if_present "$image"
rootfs_require_static_busybox "$busybox"

previous="$(rootfs_image_id "$image")"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,home}
chmod 1777 "$rootfs/tmp"
rootfs_add_busybox "$rootfs" "$busybox"
applets=$APPLETS
rootfs_write_users "$rootfs"

banner="$("$busybox" 2>&1 || true)"
version="$(awk 'NR == 1 { print $2 }' <<<"$banner")"
rootfs_import "$rootfs" "$image" "vaultplane test image: static busybox $version with $applets applets" \
  'CMD ["/bin/sh"]' \
  "LABEL org.opencontainers.image.title=vaultplane-test-busybox org.opencontainers.image.version=$version"

rootfs_remove_replaced "$image" "$previous"

echo "make-test-image: built $image (busybox $version, $applets applets)"
