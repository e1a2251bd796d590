#!/usr/bin/env bash
# CI: the API contract. The committed OpenAPI snapshot (OpenApiSnapshotTests keeps it equal to the
# served document) must lint clean with Redocly and Spectral, a TypeScript client generated from it
# must type every field, /docs and /redoc must load in headless Chromium from the app alone, and
# Swagger UI's "Authorize" must make a protected call from /docs succeed. On the way it takes the
# pictures the guides show (swagger-ui.png, swagger-authorize.png, redoc.png, in the output folder);
# DOCS_IMAGES_UPDATE=1 (never in CI) also copies them to docs/images/, to be reviewed and committed:
#   DOCS_IMAGES_UPDATE=1 bash .ci/contract/check.sh
# Needs Node.js with npm, the .NET SDK (a built solution), Chromium (installed if missing, as root)
# and what `dotnet run` needs for its local PostgreSQL (server binaries or Docker).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
snapshot="$root/tests/Starter.Api.Tests/Api/Docs/openapi.v1.json"
out="${1:-$root/TestResults}"
images=(swagger-ui.png swagger-authorize.png redoc.png)
update_images=""
if [ "${DOCS_IMAGES_UPDATE:-}" = 1 ]; then
  [ "${CI:-}" != true ] || { echo "DOCS_IMAGES_UPDATE=1 is refused in CI (CI=true): the pictures in docs/images/ are updated locally and reviewed"; exit 1; }
  update_images=1
fi
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

echo "-- /docs and /redoc in headless Chromium, and Swagger UI's Authorize"
# CHROMIUM names the browser (CI images with Chrome set it); else Debian's chromium, installed if missing (as root).
browser="${CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$browser" ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium)
fi
[ -x "$browser" ] || { echo "No browser at '$browser' (CHROMIUM)"; exit 1; }
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# Command one's settings: Development with its own local PostgreSQL under .data/ (provisioned and
# migrated at start), as the Authorize check registers an account and calls protected operations.
# DATABASE_URL is set empty so that a DATABASE_URL in .env (the environment wins) is not used.
# Its own process group (setsid), so the stop below ends dotnet run and the app it starts.
ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="" \
  setsid dotnet run --project "$root/src/Starter.Api" --no-build --no-launch-profile -- --urls "http://127.0.0.1:$port" >"$out/docs-app.log" 2>&1 &
app=$!
trap 'kill -- -$app 2>/dev/null || true' EXIT
ready=""
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$port/api/v1/health" || true)" = 200 ] && { ready=1; break; }
  kill -0 $app 2>/dev/null || break
  sleep 1
done
[ -n "$ready" ] || { echo "The app did not answer 200 on /api/v1/health within 180 s; its log:"; cat "$out/docs-app.log"; exit 1; }
for image in "${images[@]}" swagger-authorize-failed.png; do rm -f "$out/$image"; done
CHROMIUM="$browser" node docs-pages.mjs "http://127.0.0.1:$port" "$snapshot" "$out"

if [ -n "$update_images" ]; then
  echo "-- DOCS_IMAGES_UPDATE=1: the pictures to docs/images/ (review, then commit)"
  mkdir -p "$root/docs/images"
  for image in "${images[@]}"; do
    if [ -f "$out/$image" ]; then
      cp "$out/$image" "$root/docs/images/$image"
      echo "   docs/images/$image ($(($(stat -c %s "$out/$image") / 1024)) KB)"
    else
      # swagger-authorize.png: the served document declares no bearer scheme (no accounts).
      echo "   docs/images/$image left as it was: this run took no such picture"
    fi
  done
fi
