#!/usr/bin/env bash
# Builds the local test image vaultplane/busybox:test from Debian's static busybox.
# No registry is reachable in CI, so the image is made with `docker import` of a tiny rootfs.
# Idempotent: exits at once when the image exists; --rebuild replaces it.
#
# Usage: scripts/make-test-image.sh [--rebuild]
# Env:   TEST_IMAGE (default vaultplane/busybox:test), BUSYBOX (default /bin/busybox)
set -euo pipefail

image="${TEST_IMAGE:-vaultplane/busybox:test}"
busybox="${BUSYBOX:-/bin/busybox}"
rebuild=false

for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "make-test-image: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if ! docker info >/dev/null 2>&1; then
  echo "make-test-image: the Docker engine does not answer; start dockerd (or run 'bash .ci/run') and retry" >&2
  exit 1
fi

if [[ "$rebuild" == false ]] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "make-test-image: $image already exists (use --rebuild to replace it)"
  exit 0
fi

if [[ ! -x "$busybox" ]]; then
  echo "make-test-image: $busybox not found; install it with 'apt-get install busybox-static'" >&2
  exit 1
fi
# A dynamic busybox (Debian's plain `busybox` package) would not run in an empty rootfs.
if ldd "$busybox" >/dev/null 2>&1; then
  echo "make-test-image: $busybox is dynamically linked; install 'busybox-static' instead of 'busybox'" >&2
  exit 1
fi

previous="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,home}
chmod 1777 "$rootfs/tmp"
install -m 0755 "$busybox" "$rootfs/bin/busybox"

# Link every applet at the path busybox itself lists (bin/ls, usr/bin/env, sbin/ip, ...).
applets=0
while IFS= read -r applet; do
  [[ -z "$applet" || -e "$rootfs/$applet" ]] && continue
  mkdir -p "$rootfs/$(dirname "$applet")"
  ln -s /bin/busybox "$rootfs/$applet"
  applets=$((applets + 1))
done < <("$busybox" --list-full)

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF

banner="$("$busybox" 2>&1 || true)"
version="$(awk 'NR == 1 { print $2 }' <<<"$banner")"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf - . |
  docker import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.opencontainers.image.title=vaultplane-test-busybox org.opencontainers.image.version=$version" \
    --message "vaultplane test image: static busybox $version with $applets applets" \
    - "$image" >/dev/null

# A rebuild would otherwise leave the old image behind untagged; keep it if a container still uses it.
if [[ -n "$previous" && "$previous" != "$(docker image inspect --format '{{.Id}}' "$image")" ]]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi

echo "make-test-image: built $image (busybox $version, $applets applets)"
