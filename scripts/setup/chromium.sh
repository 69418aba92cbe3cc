#!/usr/bin/env bash
# Debian's Chromium: the browser playwright-core drives for test:vscode and test:e2e
# (Playwright's own browser downloads are not reachable here). Fonts so screenshots read.
source "$(dirname "$0")/common.sh"
apt_install chromium fonts-liberation fonts-dejavu-core
# (Debian's wrapper script prints a harmless shell warning on stderr; hide it.)
log "$(/usr/bin/chromium --version 2>/dev/null)"
