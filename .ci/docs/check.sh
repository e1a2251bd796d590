#!/usr/bin/env bash
# CI: the guides. Every relative link and heading anchor in the README, docs/ and every other
# Markdown file of the project resolves: remark with remark-validate-links (pinned in
# package.json here), offline, warnings counted as failures. The guides' "Try it" blocks and their
# settings are checked by tests (tests/…/Guides/). Needs Node.js 20+ with npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

npm ci --no-audit --no-fund --loglevel=error

mapfile -t pages < <(cd "$root" && find . -name '*.md' \
  -not -path '*/node_modules/*' -not -path '*/bin/*' -not -path '*/obj/*' \
  -not -path './TestResults/*' -not -path './.data/*' -not -path './.git/*' | LC_ALL=C sort)
echo "-- links and anchors in ${#pages[@]} Markdown files"
npx --no-install remark --frail --quiet --no-stdout --no-color --rc-path .remarkrc.json "${pages[@]/#./$root}"
echo "   every relative link and anchor resolves"
