#!/usr/bin/env bash
# CI: the Kubernetes manifests in deploy/k8s, checked offline (see validate.mjs for what it checks).
# Installs the pinned tools with npm ci when node_modules is missing or was installed from another
# package.json or package-lock.json, then runs the checks. Needs Node.js 20+ with npm; no cluster.
#   bash deploy/k8s/check/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v node >/dev/null || { echo "run.sh: node is not installed (Node.js 20 or later)" >&2; exit 2; }

# What node_modules was installed from, kept beside it: another lock file means another install.
stamp=node_modules/.installed-from
wanted="$(cat package.json package-lock.json)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s' "$wanted" > "$stamp"
fi

node validate.mjs
