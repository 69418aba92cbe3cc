#!/usr/bin/env bash
# One-time (and cheap when repeated) machine setup for the whole test suite:
#   lavapipe (software Vulkan, so WebGPU has an adapter), Chromium, Node 24 + code-server,
#   and Debian's PyTorch for the exported scripts' test.
# Heavy things go to ${BACKPROP_CACHE:-$HOME/.cache/backprop}; a second run only checks them.
# Usage: bash scripts/setup.sh [STEP…]   (then: npm ci && npm test)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/setup/common.sh"
start="$(now)"

step() { local t; t="$(now)"; bash "$here/setup/$1.sh"; log "$1 ok ($(( $(now) - t ))s)"; }

# With arguments, only those steps (e.g. `bash scripts/setup.sh lavapipe` to train on WebGPU).
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(lavapipe chromium code-server python)
for s in "${steps[@]}"; do
  [ -f "$here/setup/$s.sh" ] || { log "unknown step $s (lavapipe, chromium, code-server, python)"; exit 2; }
  step "$s"
done

# Where the test runners (test/vscode, test/e2e) find what was installed.
cat > "$BACKPROP_CACHE/env.json" <<JSON
{
  "node24": "$NODE24_DIR/bin/node",
  "codeServer": "$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js",
  "chromium": "/usr/bin/chromium"
}
JSON
log "done in $(( $(now) - start ))s; paths in $BACKPROP_CACHE/env.json"
