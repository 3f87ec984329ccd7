# Shared by the scripts that build local images with `docker import` of a hand-made rootfs
# (no registry is reachable in CI). Source it after setting SCRIPT_NAME.

rootfs_fail() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }

# Handles --rebuild and --help (printing lines 2..$1 of the calling script); sets REBUILD.
rootfs_parse_args() {
  local help_end="$1"; shift
  REBUILD=false
  for arg in "$@"; do
    case "$arg" in
      --rebuild) REBUILD=true ;;
      -h|--help) sed -n "2,${help_end}p" "$0"; exit 0 ;;
      *) echo "$SCRIPT_NAME: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
  done
}

rootfs_require_docker() {
  docker info >/dev/null 2>&1 || rootfs_fail "the Docker engine does not answer; start dockerd (or run 'bash .ci/run') and retry"
}

# Exits 0 when the image exists and no rebuild was asked for.
rootfs_skip_if_present() {
  if [[ "$REBUILD" == false ]] && docker image inspect "$1" >/dev/null 2>&1; then
    echo "$SCRIPT_NAME: $1 already exists (use --rebuild to replace it)"
    exit 0
  fi
}

rootfs_require_static_busybox() {
  [[ -x "$1" ]] || rootfs_fail "$1 not found; install it with 'apt-get install busybox-static'"
  # A dynamic busybox (Debian's plain `busybox` package) would not run in an empty rootfs.
  if ldd "$1" >/dev/null 2>&1; then rootfs_fail "$1 is dynamically linked; install 'busybox-static' instead of 'busybox'"; fi
}

# Installs busybox at /bin/busybox and links every applet at the path busybox itself lists
# (bin/ls, usr/bin/env, sbin/ip, ...); sets APPLETS to how many it linked.
rootfs_add_busybox() {
  local rootfs="$1" busybox="$2" applet
  install -m 0755 "$busybox" "$rootfs/bin/busybox"
  APPLETS=0
  while IFS= read -r applet; do
    [[ -z "$applet" || -e "$rootfs/$applet" ]] && continue
    mkdir -p "$rootfs/$(dirname "$applet")"
    ln -s /bin/busybox "$rootfs/$applet"
    APPLETS=$((APPLETS + 1))
  done < <("$busybox" --list-full)
}

rootfs_write_users() {
  cat >"$1/etc/passwd" <<'USERS'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
USERS
  cat >"$1/etc/group" <<'GROUPS'
root:x:0:
nogroup:x:65534:
GROUPS
}

# The image's ID, or nothing when it does not exist.
rootfs_image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# Imports the rootfs as the image, with the usual PATH and each further argument as a --change.
rootfs_import() {
  local rootfs="$1" image="$2" message="$3" change; shift 3
  local changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  for change in "$@"; do changes+=(--change "$change"); done
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf - . |
    docker import "${changes[@]}" --message "$message" - "$image" >/dev/null
}

# A rebuild would otherwise leave the old image behind untagged; keep it if a container still uses it.
rootfs_remove_replaced() {
  local image="$1" previous="$2"
  if [[ -n "$previous" && "$previous" != "$(rootfs_image_id "$image")" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}
