#!/usr/bin/env bash
# The scale-out check: brings the local stack up (deploy/local/up.sh), puts a steady load of reads
# and idempotent creates through nginx (deploy/local/LoadCheck), disrupts the stack in five phases,
# and checks each against PostgreSQL itself:
#   baseline   no disruption                                   0 failures
#   kill       one instance hangs 1 s mid-load, then SIGKILL;  0 failed reads, 0 lost or duplicated creates
#              start it again
#   rolling    SIGTERM, wait, start, wait ready: each in turn  0 failed requests, every instance exits 0
#   pg         PostgreSQL down ~4 s behind PgBouncer           only 503 problems (Retry-After) meanwhile;
#                                                              first 200 within 3 s of PostgreSQL being back;
#                                                              no instance restarted
#   pooler     PgBouncer itself cut off ~2 s, then restarted   the same, from PgBouncer being back
# In every phase each acknowledged create must be in PostgreSQL under its key (0 lost) and no key
# stored twice (0 duplicated). Prints a table of counts per phase and writes it to
# .data/deploy/check-latest.md, and a picture of the table beside it, scale-out-check.png (headless
# Chromium: CHROMIUM, else Debian's chromium, installed if missing as root; Node.js with npm);
# exits 1 when any expectation failed. Stops the stack at the end (deploy/local/down.sh), also when
# it was up before. A few minutes at most, publish included. DOCS_IMAGES_UPDATE=1 (never in CI)
# also copies the picture of a passing run to docs/images/, to be reviewed and committed.
set -euo pipefail
script=check
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$repo"
started=$(now_ms)
need jq jq

# The picture of the table: .ci/contract/table-image.mjs, with that folder's pinned playwright-core.
# Made ready now, so that a missing piece fails the run before the load, not after it.
contract=$repo/.ci/contract
image=$state/scale-out-check.png
update_image=""
if [ "${DOCS_IMAGES_UPDATE:-}" = 1 ]; then
  [ "${CI:-}" != true ] || die "DOCS_IMAGES_UPDATE=1 is refused in CI (CI=true): the pictures in docs/images/ are updated locally and reviewed"
  update_image=1
fi
need node nodejs
if [ ! -d "$contract/node_modules/playwright-core" ]; then
  need npm npm
  say "npm ci in .ci/contract (playwright-core, for the picture of the table)"
  mkdir -p "$logs"
  (cd "$contract" && npm ci --no-audit --no-fund --loglevel=error) >"$logs/npm-ci.log" 2>&1 \
    || { tail -n 30 "$logs/npm-ci.log" >&2; die "npm ci in .ci/contract"; }
fi
browser=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$browser" ]; then
  need chromium chromium
  browser=$(command -v chromium)
fi
[ -x "$browser" ] || die "no browser at '$browser' (CHROMIUM)"
rm -f "$image"

# The load: 12 workers sharing $rate requests/s, enough that a killed or restarted instance has
# requests in flight, light enough for a 2-core machine running everything. nginx's per-client limit
# is raised above it for the check (the load generator is one client); creates are retried up to 12
# times (~10 s, past the outage).
rate=${CHECK_RATE:-200}
export DEPLOY_RATE_LIMIT=${DEPLOY_RATE_LIMIT:-1000r/s} DEPLOY_RATE_BURST=${DEPLOY_RATE_BURST:-500}
load_args=(--readers 8 --creators 4 --rate "$rate" --attempts 12 --max-seconds 90)
# Phase timings, in seconds.
lead=3             # load before the disruption
tail_time=4        # load after it
baseline_time=10
frozen_time=1      # an instance hangs this long before it is killed
killed_time=3      # an instance stays dead this long
outage_time=4      # PostgreSQL stays down this long
pooler_down_time=2 # PgBouncer stays down this long
recovery_limit_ms=3000

checks=$state/check
loadcheck=$state/loadcheck
report=$state/check-latest.md
load_pid=""

cleanup() {
  local rc=$?
  if alive "$load_pid"; then stop_pid KILL "$load_pid" 5 || true; fi
  bash "$here/down.sh" || rc=1
  say "done in $((($(now_ms) - started) / 1000)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$here/up.sh"
say "building the load generator: dotnet build deploy/local/LoadCheck"
mkdir -p "$checks"
dotnet build "$here/LoadCheck" -c Release -o "$loadcheck" --nologo -v quiet >"$logs/loadcheck-build.log" 2>&1 \
  || { tail -n 30 "$logs/loadcheck-build.log" >&2; die "dotnet build deploy/local/LoadCheck"; }

# --- helpers for the phases ---------------------------------------------------------------------

problems=()
notes=()
problem() { problems+=("$phase: $*"); say "  PROBLEM: $*"; }
note() { notes+=("$phase: $*"); say "  $*"; }

instance_pids() {
  local n list=()
  for ((n = 1; n <= instances; n++)); do list+=("$(instance_pid "$n" || echo none)"); done
  echo "${list[*]}"
}

# Before each phase: everything runs and nginx answers ready, whatever the last phase left behind.
restore_stack() {
  local n
  pg_pid >/dev/null || { say "  PostgreSQL is down: starting it"; pg_start; }
  if ! bouncer_pid >/dev/null || ! nginx_pid >/dev/null; then die "PgBouncer or nginx is gone: see ${logs#"$repo"/}/"; fi
  for ((n = 1; n <= instances; n++)); do
    instance_pid "$n" >/dev/null || bash "$here/instance.sh" start "$n"
  done
  wait_200 "$base_url/api/v1/health" 20 || die "the stack is not ready: $base_url/api/v1/health"
}

# When PostgreSQL last said it accepts connections, in Unix ms (its log has millisecond UTC
# timestamps, deploy.conf); the time pg_ctl returned if the line cannot be read.
pg_ready_at() {
  local fallback=$1 line at
  line=$(grep 'ready to accept connections' "$(pg_home)/postgres.log" | tail -n 1 || true)
  at=$(date -d "$(cut -d' ' -f1-3 <<<"$line")" +%s%3N 2>/dev/null || echo 0)
  if ((at >= fallback - 5000 && at <= fallback)); then echo "$at"; else echo "$fallback"; fi
}

# --- the disruptions ----------------------------------------------------------------------------

disrupt_baseline() {
  sleep "$baseline_time"
}

disrupt_kill() {
  local n=2 p
  sleep "$lead"
  p=$(instance_pid "$n")
  # Frozen first (SIGSTOP), as a hung process is before its liveness probe has it killed: requests
  # nginx sends it meanwhile are in flight when it dies, creates among them possibly committed but
  # unanswered. Those are what a client retries with its Idempotency-Key.
  kill -STOP "$p"
  sleep "$frozen_time"
  bash "$here/instance.sh" kill "$n"
  note "instance $n (PID $p) frozen (SIGSTOP) for ${frozen_time} s mid-load, then killed with SIGKILL; down for ${killed_time} s"
  sleep "$killed_time"
  bash "$here/instance.sh" start "$n" || problem "instance $n did not come back"
  sleep "$tail_time"
}

disrupt_rolling() {
  local n t0 times=()
  sleep "$lead"
  for ((n = 1; n <= instances; n++)); do
    t0=$(now_ms)
    bash "$here/instance.sh" stop "$n" \
      || problem "instance $n exited with code $(cat "$pids/instance-$n.rc" 2>/dev/null || echo unknown) on SIGTERM, not 0"
    bash "$here/instance.sh" start "$n" || problem "instance $n did not come back"
    # Ready on its port is not yet back in nginx: that takes up to fail_timeout after its last
    # refused connection. Stopping the next one sooner could leave nginx no instance to use.
    sleep "$nginx_fail_timeout"
    times+=("$n: $(($(now_ms) - t0)) ms")
  done
  note "each instance stopped (SIGTERM), restarted and ready again in turn: ${times[*]}"
  sleep "$tail_time"
}

# outage NAME SECONDS STOP START READY_AT: the database side (NAME) goes away under load for
# SECONDS: STOP takes it down, START brings it back, READY_AT prints when it accepted connections
# again (Unix ms). Sets up_at and back for the recovery; no instance may restart meanwhile.
outage() {
  local name=$1 seconds=$2 stop=$3 start=$4 ready_at=$5 before after down
  before=$(instance_pids)
  sleep "$lead"
  down=$(now_ms)
  "$stop" || { problem "$name did not stop"; return; }
  say "  $name stopped; starting it again in ${seconds} s"
  sleep "$seconds"
  "$start" || { problem "$name did not start again"; return; }
  up_at=$("$ready_at") back=$name
  sleep "$tail_time"
  after=$(instance_pids)
  [ "$before" = "$after" ] || problem "instances restarted while $name was away: PIDs $before before, $after after"
  note "$name away for $((up_at - down)) ms; instance PIDs unchanged ($after)"
}

pg_stop_fast() { pg_ctl_ -m fast -w stop >/dev/null; }
pg_ready() { pg_ready_at "$(now_ms)"; }
# Immediate shutdown: every client and server connection is cut, transactions in flight with them.
bouncer_kill() { stop_pid TERM "$(bouncer_pid)" 5; }

disrupt_pg() { outage PostgreSQL "$outage_time" pg_stop_fast pg_start pg_ready; }
disrupt_pooler() { outage PgBouncer "$pooler_down_time" bouncer_kill bouncer_start now_ms; }

# --- one phase ----------------------------------------------------------------------------------

# The recovery from the events LoadCheck wrote: the first 200 on a read through nginx at or after
# the database side ($back, PostgreSQL or PgBouncer) was ready again at $up_at, and the last 503 (ms,
# relative to that moment).
recovery() {
  local events=$1 recovery_ms last_503_ms
  recovery_ms=$(awk -v up="$up_at" '$2 == "read" && $3 == "200" && $1 >= up { d = $1 - up; if (m == "" || d < m) m = d } END { print m }' "$events")
  last_503_ms=$(awk -v up="$up_at" '$3 == "503" { d = $1 - up; if (m == "" || d > m) m = d } END { print m }' "$events")
  if [ -z "$recovery_ms" ]; then
    problem "no read answered 200 after $back was back"
  elif ((recovery_ms > recovery_limit_ms)); then
    problem "recovery took $recovery_ms ms: the first 200 on a read came more than $recovery_limit_ms ms after $back was ready"
  fi
  local last="no 503 at all"
  if [ -n "$last_503_ms" ]; then
    last="the last 503 came ${last_503_ms#-} ms $( ((last_503_ms < 0)) && echo before || echo after) it"
  fi
  note "recovery: the first 200 on a read came ${recovery_ms:-never} ms after $back accepted connections again; $last"
}

# Every acknowledged create in PostgreSQL with its key as title (lost otherwise); no key stored more
# than once (duplicated); keys of creates that were never acknowledged but are stored anyway.
verify_db() {
  local acks=$1
  app_psql "$pg_port" -At -F ' ' \
    -c 'CREATE TEMP TABLE acks (key text PRIMARY KEY, id bigint)' \
    -c '\copy acks FROM pstdin' \
    -c "SELECT count(*) FILTER (WHERE a.id IS NOT NULL AND NOT EXISTS (SELECT FROM items i WHERE i.id = a.id AND i.title = a.key)),
               (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM items i JOIN acks k ON i.title = k.key
                                                    GROUP BY i.title HAVING count(*) > 1) AS twice),
               count(*) FILTER (WHERE a.id IS NULL AND EXISTS (SELECT FROM items i WHERE i.title = a.key))
        FROM acks a" <"$acks"
}

rows=()
# phase NAME DESCRIPTION [LoadCheck options...]: runs the load, calls disrupt_NAME meanwhile, then
# checks the counts and the database; adds a row to the table.
run_phase() {
  phase=$1
  local description=$2 dir=$checks/$1 rc=0 i db lost dup orphans counts result
  shift 2
  say "phase $phase: $description"
  up_at=0
  restore_stack
  rm -rf "$dir"
  mkdir -p "$dir"
  dotnet "$loadcheck/LoadCheck.dll" --url "$base_url" --phase "$phase" --acks "$dir/acks.tsv" --events "$dir/events.tsv" \
    --ready "$dir/ready" "${load_args[@]}" "$@" >"$dir/result.json" 2>"$dir/loadcheck.log" &
  load_pid=$!
  for ((i = 0; i < 300; i++)); do
    [ -f "$dir/ready" ] && break
    alive "$load_pid" || break
    sleep 0.1
  done
  if [ ! -f "$dir/ready" ]; then
    cat "$dir/loadcheck.log" >&2
    die "phase $phase: the load generator did not start"
  fi
  "disrupt_$phase"
  kill -TERM "$load_pid"
  wait "$load_pid" || rc=$?
  load_pid=""
  if ! jq -e .phase "$dir/result.json" >/dev/null 2>&1; then
    cat "$dir/loadcheck.log" >&2
    die "phase $phase: LoadCheck exited with $rc and no result"
  fi
  case $rc in
    0) ;;
    1) problem "the load's expectation did not hold: $(jq -r '.problems | join("; ")' "$dir/result.json")" ;;
    *) cat "$dir/loadcheck.log" >&2; problem "LoadCheck exited with $rc" ;;
  esac
  if [ "$up_at" != 0 ]; then recovery "$dir/events.tsv"; fi
  db=$(verify_db "$dir/acks.tsv") || die "phase $phase: psql could not check the creates"
  read -r lost dup orphans <<<"$db"
  ((lost == 0)) || problem "$lost acknowledged creates are not in PostgreSQL (lost)"
  ((dup == 0)) || problem "$dup creates were stored twice (duplicated)"
  ((orphans == 0)) || note "$orphans creates the client gave up on are stored all the same"
  counts=$(jq -r '[.reads.ok, .reads.failed, .reads.outage503, .creates.acknowledged, .creates.retries, .creates.failed]
    | map(tostring) | join(" | ")' "$dir/result.json")
  result=pass
  grep -q "^$phase: " < <(printf '%s\n' "${problems[@]}") && result=FAIL
  rows+=("| $phase | $description | $counts | $lost | $dup | $(jq -r '.statuses | to_entries | map("\(.key): \(.value)") | join(", ")' "$dir/result.json") | $result |")
  say "phase $phase: $result ($(jq -c '{reads, creates: (.creates | {acknowledged, retries, failed, failedBy})}' "$dir/result.json"); lost $lost, duplicated $dup)"
}

up_at=0
back=""
run_phase baseline "steady load, no disruption"
run_phase kill "instance 2 hangs 1 s (SIGSTOP) mid-load, then SIGKILL; started again"
run_phase rolling "rolling restart: SIGTERM, exit, start, ready, one instance at a time"
run_phase pg "PostgreSQL stopped ${outage_time} s behind PgBouncer (fast shutdown), then started" --allow-503
run_phase pooler "PgBouncer killed (immediate shutdown), ${pooler_down_time} s away, then started" --allow-503

# --- the report ---------------------------------------------------------------------------------

total=$((($(now_ms) - started) / 1000))
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit+=" with uncommitted changes"
{
  echo "# Scale-out check (deploy/local/check.sh)"
  echo
  echo "$(date -u '+%F %H:%M UTC'), commit $commit; $(nproc) CPUs; PostgreSQL $("$(pg_bindir)/postgres" --version | awk '{print $3}'),"\
    "PgBouncer $(pgbouncer --version | awk 'NR == 1 {print $2}'), nginx $(nginx -v 2>&1 | sed 's|.*/||'); $instances instances."
  echo "Load through nginx: 8 readers and 4 creators sharing $rate requests/s; each create carries a fresh"
  echo "Idempotency-Key (also its title) and is retried with it on 502, 504, 409, 503 and connection errors."
  echo
  echo "| Phase | Disruption | Reads ok | Reads failed | Reads 503 (outage) | Creates acknowledged | Create retries | Creates failed | Lost | Duplicated | Statuses seen | Result |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  printf -- '- %s\n' "${notes[@]}"
  if ((${#problems[@]})); then
    echo
    echo "Problems:"
    echo
    printf -- '- %s\n' "${problems[@]}"
  fi
  echo
  echo "Total: $total s, publish and start included. Per phase: .data/deploy/check/<phase>/ (result.json, acks.tsv, events.tsv)."
} >"$report"
echo
cat "$report"
echo
CHROMIUM="$browser" node "$contract/table-image.mjs" "$report" "$image" >/dev/null \
  || die "the picture of the table (.ci/contract/table-image.mjs) could not be drawn"
say "the table as a picture: ${image#"$repo"/}"
if ((${#problems[@]})); then
  [ -z "$update_image" ] || say "docs/images/scale-out-check.png left as it was: this run failed"
  say "FAILED: ${#problems[@]} expectation(s) did not hold (${report#"$repo"/})"
  exit 1
fi
if [ -n "$update_image" ]; then
  mkdir -p docs/images
  cp "$image" docs/images/scale-out-check.png
  say "DOCS_IMAGES_UPDATE=1: docs/images/scale-out-check.png ($(($(stat -c %s "$image") / 1024)) KB; review, then commit)"
fi
say "every expectation held (${report#"$repo"/})"
