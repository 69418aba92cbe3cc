#!/usr/bin/env bash
# Installs Mesa 25 lavapipe (a software Vulkan driver) from bookworm-backports so that Dawn
# finds a WebGPU adapter on machines without a GPU. Debian 12's own Mesa 22.3 lavapipe is
# rejected by Dawn (shaderUniform*ArrayDynamicIndexing), hence backports. Idempotent.
set -euo pipefail

APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
SOURCES=/etc/apt/sources.list.d/debian.sources
BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.sources

# Fast path: a Mesa >= 25 lavapipe is already there.
installed_major() {
  dpkg-query -W -f='${Status} ${Version}\n' mesa-vulkan-drivers 2>/dev/null \
    | awk '/install ok installed/ { split($4, v, "."); print v[1]; exit }'
}
major="$(installed_major || true)"
if [[ -n "${major}" && "${major}" -ge 25 ]] && dpkg-query -W libvulkan1 >/dev/null 2>&1; then
  echo "lavapipe: mesa-vulkan-drivers ${major}.x already installed"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "lavapipe: needs root (apt-get); run as root or with sudo" >&2
  exit 1
fi

# Same mirror as the existing Debian source, so machines without general internet work.
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  uri="$(awk '/^URIs:/ { print $2; exit }' "${SOURCES}" 2>/dev/null || true)"
  uri="${uri:-http://deb.debian.org/debian}"
  cat > "${BACKPORTS}" <<SRC
Types: deb
URIs: ${uri}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  echo "lavapipe: added bookworm-backports from ${uri}"
fi

export DEBIAN_FRONTEND=noninteractive
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends -t bookworm-backports \
  mesa-vulkan-drivers libvulkan1
echo "lavapipe: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
