#!/usr/bin/env bash
# The starter against a raw-Npgsql baseline (bench/Baseline), under the same wrk load, on the same
# seeded database, one app at a time, interleaved. Writes bench/results/latest.json, prints a
# Markdown table and puts it into bench/README.md. The item scenarios carry one bearer token the
# starter issued at its login endpoint; both apps validate it. Usage and the reasons for each choice:
# bench/README.md. Linux only; needs the .NET SDK, PostgreSQL server binaries, wrk, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)

rounds=${BENCH_ROUNDS:-5}
duration=${BENCH_DURATION:-3}
warmup=${BENCH_WARMUP:-4}
warmup_connections=${BENCH_WARMUP_CONNECTIONS:-4}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-16}
# Start to full speed (issue 27): full load on item by id from the first 200 of a fresh process, in
# back-to-back wrk runs of these lengths (seconds): thirty of 1 s, then three of 5 s; steady state
# is the median of the last BENCH_WARMUP_LOAD_STEADY of them.
warmup_load_connections=${BENCH_WARMUP_LOAD_CONNECTIONS:-32}
read -r -a warmup_load_windows <<<"${BENCH_WARMUP_LOAD_WINDOWS:-$(printf '1 %.0s' {1..30})5 5 5}"
warmup_load_steady=${BENCH_WARMUP_LOAD_STEADY:-3}
base_port=${BENCH_PORT:-18080}
# wrk's own default (2 s) turns a slow answer into a socket error; a stall that long happens on a
# machine this busy, and belongs in the latencies. Past 10 s an answer counts as lost.
timeout=${BENCH_TIMEOUT:-10s}
read -r -a scenarios <<<"${BENCH_SCENARIOS:-root health item page deep_page create}"
# NAME=value settings for every start of the starter (a runtime knob to try, say DOTNET_TieredPGO=0).
read -r -a starter_env <<<"${BENCH_STARTER_ENV:-}"
# Outside the checkout on purpose: the starter reads a .env in any folder up to the repository root.
work=${BENCH_WORK:-${TMPDIR:-/tmp}/starter-bench}
results=$repo/bench/results

say() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- tools --------------------------------------------------------------------------------------

# shellcheck source=deploy/local/need.sh
source deploy/local/need.sh
need wrk wrk
need curl curl
need jq jq
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is missing"

# --- clean-up of everything this script starts, by PID ------------------------------------------

declare -A pid=([baseline]="" [starter]="") port=([baseline]=$base_port [starter]=$((base_port + 1)))
seeder_pid=""
stop_pid() { # pid seconds: SIGTERM, wait, SIGKILL if it will not go
  local p=$1 limit=$2 i
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill -CONT "$p" 2>/dev/null || true # a frozen process would hold the SIGTERM until thawed
  kill -TERM "$p" 2>/dev/null || true
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null || true
}
cleanup() {
  stop_pid "${pid[baseline]}" 20
  stop_pid "${pid[starter]}" 20
  # The seeder stops the PostgreSQL server and deletes its cluster on SIGTERM.
  stop_pid "$seeder_pid" 60
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build --------------------------------------------------------------------------------------

rm -rf "$work"
mkdir -p "$work/logs" "$results"
# Before this script adds its own: the run queue of whatever else the machine is doing.
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Both apps as the Dockerfile ships the starter: for a runtime (this machine's), so compiled ahead
# (ReadyToRun, which their projects turn on whenever a runtime is given).
say "publishing the starter and the baseline (Release, for this machine's runtime: ReadyToRun) and the seeder into $work"
for project in src/Starter.Api bench/Baseline bench/Seeder; do
  name=$(basename "$project")
  runtime=()
  [ "$name" = Seeder ] || runtime=(--use-current-runtime)
  dotnet publish "$project" -c Release "${runtime[@]}" -o "$work/$name" --nologo -v quiet >"$work/logs/publish-$name.log" 2>&1 \
    || { tail -n 30 "$work/logs/publish-$name.log" >&2; die "dotnet publish $project"; }
done

# --- database -----------------------------------------------------------------------------------

say "provisioning PostgreSQL and seeding it (bench/Seeder, the starter's LocalPostgresProvisioner and migrations)"
dotnet "$work/Seeder/Seeder.dll" "$work/db.env" >"$work/logs/seeder.log" 2>&1 &
seeder_pid=$!
for ((i = 0; i < 1800; i++)); do
  [ -f "$work/db.env" ] && break
  kill -0 "$seeder_pid" 2>/dev/null || { cat "$work/logs/seeder.log" >&2; die "the seeder exited"; }
  sleep 0.1
done
[ -f "$work/db.env" ] || die "the database was not ready within 180 s"
# shellcheck source=/dev/null
source "$work/db.env"
export BENCH_SEEDED_ITEMS BENCH_DEEP_CURSOR
sed 's/^/  /' "$work/logs/seeder.log" >&2

# --- one app, alone -----------------------------------------------------------------------------

app_dir() { [ "$1" = baseline ] && echo "$work/Baseline" || echo "$work/Starter.Api"; }
app_dll() { [ "$1" = baseline ] && echo Baseline.dll || echo Starter.Api.dll; }
app_url() { echo "http://127.0.0.1:${port[$1]}"; }
app_log() { echo "$work/logs/$1.log"; }
clk_tck=$(getconf CLK_TCK)
# utime + stime: fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends the name.
cpu_ticks() { sed "s/.*) //" "/proc/$1/stat" | awk '{print $12 + $13}'; }

# Starts the app, waits for the first 200 from /api/v1/health, sets cold_ms. Any further arguments
# are NAME=value settings for this start only.
start_app() {
  local app=$1 url t0 code i
  shift
  [ "$app" = starter ] && set -- "${starter_env[@]}" "$@"
  url=$(app_url "$app")
  curl -s -o /dev/null -m 1 "$url/" && die "something already listens on $url (set BENCH_PORT)"
  t0=$(date +%s%N)
  # Production settings as shipped, but for the per-client rate limit: wrk is one client at
  # thousands of requests per second. Request logging stays on (JSON lines), as in production.
  (cd "$(app_dir "$app")" && ASPNETCORE_ENVIRONMENT=Production DATABASE_URL=$BENCH_DATABASE_URL \
    RATE_LIMIT_PER_MINUTE=0 exec env "$@" dotnet "$(app_dll "$app")" --urls "$url") >>"$(app_log "$app")" 2>&1 &
  pid[$app]=$!
  for ((i = 0; i < 2400; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$url/api/v1/health" || true)
    [ "$code" = 200 ] && break
    kill -0 "${pid[$app]}" 2>/dev/null || { tail -n 30 "$(app_log "$app")" >&2; die "$app exited at start"; }
    # Each poll spawns curl; a longer pause would blur the figure, a shorter one steal the app's CPU.
    sleep 0.025
  done
  [ "$code" = 200 ] || die "$app: /api/v1/health never answered 200"
  cold_ms=$((($(date +%s%N) - t0) / 1000000))
}

# Runs wrk for one scenario; prints its JSON line. Any bad response or socket error fails the run.
# Also counts the CPU the app's process used meanwhile (user + system, from /proc/<pid>/stat).
load() {
  local app=$1 scenario=$2 seconds=$3 t=${4:-$threads} c=${5:-$connections} out line ticks0 ticks1
  ticks0=$(cpu_ticks "${pid[$app]}")
  out=$(BENCH_SCENARIO=$scenario wrk -t"$t" -c"$c" -d"${seconds}s" --timeout "$timeout" -s bench/wrk/scenario.lua "$(app_url "$app")") \
    || die "wrk failed on $app/$scenario: $out"
  ticks1=$(cpu_ticks "${pid[$app]}")
  line=$(sed -n 's/^BENCH //p' <<<"$out" | jq -c --argjson ms $(((ticks1 - ticks0) * 1000 / clk_tck)) '. + {app_cpu_ms: $ms}')
  [ -n "$line" ] || die "wrk printed no result for $app/$scenario: $out"
  if [ "$(jq '.bad_responses + .socket_errors' <<<"$line")" != 0 ]; then
    tail -n 20 "$(app_log "$app")" >&2
    die "$app/$scenario: $(jq -r '"\(.bad_responses) bad responses, \(.socket_errors) socket errors (\(.socket_error_kinds)); first bad response: \(.first_error)"' <<<"$line")"
  fi
  echo "$line"
}

# A B in odd slots, B A in even ones: drift on a shared machine falls on both apps alike.
order() { if (($1 % 2)); then echo baseline starter; else echo starter baseline; fi; }

# GET of a path with the bearer token (read from stdin, so it is never on a command line); prints
# the body, fails the run on any status but 200.
get_authorized() {
  local app=$1 path=$2 out
  out=$(printf 'Authorization: Bearer %s\n' "$BENCH_TOKEN" \
    | curl -sS -m 10 -H @- -w '\n%{http_code}' "$(app_url "$app")$path") || die "$app: GET $path failed"
  [ "${out##*$'\n'}" = 200 ] || die "$app: GET $path with the token answered ${out##*$'\n'}: ${out%$'\n'*}"
  echo "${out%$'\n'*}"
}
# The item routes must refuse a request without a token, and one with the token altered in one
# character, in both apps: the token is checked, not just looked for.
check_refused() {
  local app=$1 code c tampered
  code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$(app_url "$app")/api/v1/items/1" || true)
  [ "$code" = 401 ] || die "$app: GET /api/v1/items/1 without a token answered $code, not 401"
  c=${BENCH_TOKEN:40:1}
  tampered=${BENCH_TOKEN:0:40}$([ "$c" = A ] && echo B || echo A)${BENCH_TOKEN:41}
  code=$(printf 'Authorization: Bearer %s\n' "$tampered" \
    | curl -s -o /dev/null -m 10 -H @- -w '%{http_code}' "$(app_url "$app")/api/v1/items/1" || true)
  [ "$code" = 401 ] || die "$app: GET /api/v1/items/1 with an altered token answered $code, not 401"
}

# --- the bearer token ---------------------------------------------------------------------------

# Every item route needs one. The starter issues it once, at its own POST /api/v1/auth/login, to the
# account the seeder made (which owns every seeded item); every item request of both apps then
# carries it, and each app validates it per request: Identity's bearer handler unprotects it with
# the Data Protection key ring the starter keeps in data_protection_keys (the baseline reads that
# table). One login, so the sign-in rate limit (AUTH_RATE_LIMIT_PER_MINUTE) stays as shipped. The
# token's lifetime is raised for this start only, so that a long run (BENCH_ROUNDS) never outlives it.
say "signing in: POST /api/v1/auth/login on the starter, then checking that both apps accept the token"
start_app starter ACCESS_TOKEN_TTL_MINUTES=1440
# The password goes through jq's environment and curl's stdin, never onto a command line.
login=$(BENCH_USER_EMAIL=$BENCH_USER_EMAIL BENCH_USER_PASSWORD=$BENCH_USER_PASSWORD \
  jq -nc '{email: env.BENCH_USER_EMAIL, password: env.BENCH_USER_PASSWORD}' \
  | curl -sS -m 30 -H 'Content-Type: application/json' --data-binary @- -w '\n%{http_code}' "$(app_url starter)/api/v1/auth/login") \
  || die "starter: POST /api/v1/auth/login failed"
[ "${login##*$'\n'}" = 200 ] || die "starter: POST /api/v1/auth/login answered ${login##*$'\n'}: ${login%$'\n'*}"
BENCH_TOKEN=$(jq -r '.accessToken // empty' <<<"${login%$'\n'*}")
[ -n "$BENCH_TOKEN" ] || die "starter: the login answer has no accessToken"
export BENCH_TOKEN
unset login
check_refused starter
# Item 1 and the first page, as each app answers them for the token.
seen() { get_authorized "$1" /api/v1/items/1 | jq -S . && get_authorized "$1" '/api/v1/items?limit=20' | jq -S .; }
seen_starter=$(seen starter)
stop_pid "${pid[starter]}" 20
pid[starter]=""
start_app baseline
check_refused baseline
seen_baseline=$(seen baseline)
stop_pid "${pid[baseline]}" 20
pid[baseline]=""
[ "$seen_starter" = "$seen_baseline" ] \
  || die "the two apps answer item 1 and the first page differently for the same token"
say "  both apps accept the token, refuse a request without it or with it altered, and return the same item and page"

say "cold starts: $rounds per app, alternating"
: >"$work/runs.jsonl"
: >"$work/sessions.jsonl"
for ((round = 1; round <= rounds; round++)); do
  for app in $(order "$round"); do
    start_app "$app"
    stop_pid "${pid[$app]}" 20
    pid[$app]=""
    jq -nc --arg app "$app" --argjson r "$round" --argjson cold "$cold_ms" \
      '{app: $app, round: $r, cold_start_ms: $cold}' >>"$work/sessions.jsonl"
    say "  $app: first 200 from /api/v1/health after $cold_ms ms"
  done
done

# Start to full speed: a fresh process, and from its first 200 on /api/v1/health the full load on
# item by id at once, as a deploy or a new autoscaled instance meets it. Back-to-back wrk runs give
# the windows; report.jq finds steady state and the first window at 90 % of it, and counts from the
# exec (the cold start, cold_ms, included). One app at a time, the other not running.
: >"$work/warmup_load.jsonl"
say "start to full speed: item by id, wrk -t$threads -c$warmup_load_connections, windows of ${warmup_load_windows[*]} s per app"
for app in baseline starter; do
  start_app "$app"
  first=$(date +%s%N)
  for w in "${!warmup_load_windows[@]}"; do
    at_ms=$((($(date +%s%N) - first) / 1000000))
    line=$(load "$app" item "${warmup_load_windows[$w]}" "$threads" "$warmup_load_connections")
    jq -c --arg app "$app" --argjson w "$w" --argjson at "$at_ms" --argjson cold "$cold_ms" \
      '{app: $app, window: $w, start_ms: $at, cold_start_ms: $cold} + .' <<<"$line" >>"$work/warmup_load.jsonl"
    say "  $app from $((at_ms / 1000)).$(printf %03d $((at_ms % 1000))) s: $(jq -r '"\(.rps | floor) req/s, p99 \(.p99_us / 1000) ms"' <<<"$line")"
  done
  stop_pid "${pid[$app]}" 20
  pid[$app]=""
done

# From here both apps live, but only the one under load runs: the other is frozen (SIGSTOP), so it
# takes no CPU at all, and each pair of measurements can run back to back.
# Gently: at full load the JIT's background thread, which recompiles hot code at tier 1, gets so
# little CPU that the starter (EF Core has far more hot code) needed some 20 s per scenario to reach
# its steady state. With 4 connections it gets there within the warm-up (see bench/README.md).
say "warming up: every scenario ${warmup}s per app, wrk -t1 -c$warmup_connections"
for app in baseline starter; do
  start_app "$app"
  for scenario in "${scenarios[@]}"; do
    load "$app" "$scenario" "$warmup" 1 "$warmup_connections" >/dev/null
  done
  kill -STOP "${pid[$app]}"
done

say "measuring: ${#scenarios[@]} scenarios x $rounds rounds x 2 apps, wrk -t$threads -c$connections, ${duration}s each"
# Round 0 runs at full load like the others and is thrown away: the first seconds at 16 connections
# still recompile code (new paths, such as opening 12 more database connections): JIT 24% of the
# starter's CPU in its first full-load window on item, under 0.5% from the second on.
for ((round = 0; round <= rounds; round++)); do
  for i in "${!scenarios[@]}"; do
    scenario=${scenarios[$i]}
    for app in $(order $((round + i))); do
      kill -CONT "${pid[$app]}"
      line=$(load "$app" "$scenario" "$duration")
      kill -STOP "${pid[$app]}"
      if ((round == 0)); then
        say "  warm-up at full load, $scenario $app: $(jq -r '"\(.rps | floor) req/s"' <<<"$line")"
        continue
      fi
      jq -c --arg app "$app" --arg s "$scenario" --argjson r "$round" '{app: $app, round: $r, scenario: $s} + .' \
        <<<"$line" >>"$work/runs.jsonl"
      say "  round $round $scenario $app: $(jq -r '"\(.rps | floor) req/s, p50 \(.p50_us / 1000) ms, p99 \(.p99_us / 1000) ms"' <<<"$line")"
    done
  done
done

for app in baseline starter; do
  rss=$(awk '/^VmHWM:/ {print $2}' "/proc/${pid[$app]}/status")
  jq -nc --arg app "$app" --argjson rss "$rss" '{app: $app, peak_rss_kib: $rss}' >>"$work/sessions.jsonl"
  say "  $app: peak RSS $((rss / 1024)) MiB"
  stop_pid "${pid[$app]}" 20
  pid[$app]=""
done
wall=$(($(date +%s) - started))

# --- results ------------------------------------------------------------------------------------

dotnet_runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" {v = $2} END {print v}')
jq -n \
  --slurpfile runs "$work/runs.jsonl" \
  --slurpfile sessions "$work/sessions.jsonl" \
  --slurpfile warmup_load "$work/warmup_load.jsonl" \
  --argjson warmup_load_connections "$warmup_load_connections" \
  --argjson warmup_load_steady "$warmup_load_steady" \
  --arg generated "$(date -u +%FT%TZ)" \
  --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --argjson nproc "$(nproc)" \
  --arg cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
  --argjson mem_kib "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)" \
  --arg kernel "$(uname -r)" \
  --arg loadavg "$loadavg_before" \
  --arg sdk "$(dotnet --version)" \
  --arg runtime "$dotnet_runtime" \
  --arg postgres "$BENCH_POSTGRES_VERSION" \
  --arg wrk "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')" \
  --argjson rounds "$rounds" --argjson duration "$duration" --argjson warmup "$warmup" \
  --argjson warmup_connections "$warmup_connections" \
  --argjson threads "$threads" --argjson connections "$connections" \
  --argjson seeded "$BENCH_SEEDED_ITEMS" --argjson wall "$wall" \
  --arg scenario_list "${scenarios[*]}" \
  --arg authenticated_list "item page deep_page create" \
  -f bench/report.jq >"$results/latest.json"

table=$(jq -r -f bench/table.jq "$results/latest.json")
# Keep the newest table in bench/README.md, between its markers.
awk -v table="$table" '
  /<!-- results:start -->/ {print; print table; skip = 1; next}
  /<!-- results:end -->/ {skip = 0}
  !skip {print}
' bench/README.md >"$work/README.md" && cat "$work/README.md" >bench/README.md

echo "$table"
say "done in ${wall}s: bench/results/latest.json, table in bench/README.md; logs in $work/logs"
