#!/usr/bin/env bash
# CI: the API contract. The committed OpenAPI snapshot (OpenApiSnapshotTests keeps it equal to the
# served document) must lint clean with Redocly and Spectral, a TypeScript client generated from it
# must type every field, and /docs and /redoc must load in headless Chromium from the app alone.
# Needs Node.js with npm, the .NET SDK (a built solution) and Chromium (installed if missing, as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
snapshot="$root/tests/Starter.Api.Tests/Api/Docs/openapi.v1.json"
out="${1:-$root/TestResults}"
mkdir -p "$out"
cd "$here"

npm ci --no-audit --no-fund --loglevel=error

echo "-- redocly lint (recommended, warnings are errors)"
npx --no-install redocly lint --config redocly.yaml --format=summary "$snapshot" 2>&1 | grep -v '^\s*$' | grep -v '║\|╔\|╚'
echo "-- spectral lint (spectral:oas, warnings are errors)"
npx --no-install spectral lint -r .spectral.yaml --fail-severity=warn "$snapshot"

echo "-- openapi-typescript: every field typed"
npx --no-install openapi-typescript "$snapshot" -o "$out/api.d.ts" >/dev/null
# Not fields: the generator's open index for response headers ("[name: string]: unknown") and its
# empty top-level types for webhooks and $defs.
fields() { grep -v -e '\[name: string\]: unknown;' -e '^export type' "$out/api.d.ts"; }
untyped=$(fields | grep -cE '\bunknown\b|Record<string, never>|: object;' || true)
typed=$(sed -n '/^export interface components {/,/^}/p' "$out/api.d.ts" | grep -cE '^ +"?[A-Za-z]+"?\??: ')
echo "   $typed typed fields in components, $untyped untyped"
[ "$untyped" -eq 0 ] || { fields | grep -E '\bunknown\b|Record<string, never>|: object;'; exit 1; }

echo "-- /docs and /redoc in headless Chromium"
# CHROMIUM names the browser (CI images with Chrome set it); else Debian's chromium, installed if missing (as root).
browser="${CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$browser" ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium)
fi
[ -x "$browser" ] || { echo "No browser at '$browser' (CHROMIUM)"; exit 1; }
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# Production settings; the docs need no database, so the URL names a port nothing listens on.
# Its own process group (setsid), so the stop below ends dotnet run and the app it starts.
ASPNETCORE_ENVIRONMENT=Production DATABASE_URL="postgresql://docs@127.0.0.1:9/docs" \
  setsid dotnet run --project "$root/src/Starter.Api" --no-build -- --urls "http://127.0.0.1:$port" >"$out/docs-app.log" 2>&1 &
app=$!
trap 'kill -- -$app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/openapi/v1.json" >/dev/null 2>&1 && break
  kill -0 $app 2>/dev/null || { cat "$out/docs-app.log"; exit 1; }
  sleep 1
done
CHROMIUM="$browser" node docs-pages.mjs "http://127.0.0.1:$port" "$snapshot" "$out"
