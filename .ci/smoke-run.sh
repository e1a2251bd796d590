#!/usr/bin/env bash
# Starts the API exactly as the README's first command does (Development, no DATABASE_URL), waits
# for /api/v1/health to answer 200, then stops it with SIGTERM and checks it exited cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
# Port 0: Kestrel picks a free port and logs it.
env -u DATABASE_URL dotnet run --project src/Starter.Api -- --urls "http://127.0.0.1:0" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

status="" url=""
for _ in $(seq 1 240); do
  url=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$log" | head -n1 | sed 's/.*: //' || true)
  if [ -n "$url" ]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$url/api/v1/health" || true)
    [ "$status" = "200" ] && break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done

kill -TERM "$pid"
wait "$pid" && code=0 || code=$?
trap - EXIT
if [ "$status" != "200" ] || [ "$code" -ne 0 ]; then
  echo "health answered '$status', exit code $code; the app's log:"
  cat "$log"
  exit 1
fi
grep -E "PostgreSQL cluster|Dev database|Swagger UI" "$log" | sed 's/^ */  /'
echo "  health 200 at $url; stopped cleanly"
rm -f "$log"
