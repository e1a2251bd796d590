#!/usr/bin/env bash
# One app instance of the local stack (deploy/local/up.sh):
#   instance.sh start N    start it on its own port; wait until it is live and ready there
#   instance.sh stop N     SIGTERM; wait for it to exit (its drain, then in-flight requests); print its exit code
#   instance.sh kill N     SIGKILL, as a crash would
#   instance.sh status N
# Instance N listens on 127.0.0.1:(DEPLOY_APP_PORT + N - 1), logs to .data/deploy/logs/instance-N.log
# and its PID is in .data/deploy/pids/instance-N.pid. up.sh, down.sh and check.sh all go through here.
set -euo pipefail
script=instance
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

# On SIGTERM an instance answers readiness with 503 at once but goes on serving for this long, then
# stops accepting and finishes what is in flight. nginx does not poll readiness, so the drain does
# not steer traffic away: it only covers requests nginx has already routed or is routing over a kept
# connection. Short, as it delays every restart.
drain_seconds=${DEPLOY_SHUTDOWN_DRAIN_SECONDS:-2}
# In-flight requests are short (one query each); 10 s is plenty, and bounds stop below.
shutdown_timeout=${DEPLOY_SHUTDOWN_TIMEOUT_SECONDS:-10}
# Each instance's Npgsql pool, in connections to PgBouncer: 3 x 20 = 60, under PgBouncer's
# max_client_conn (100), which multiplexes them onto at most 20 PostgreSQL connections
# (deploy/local/pgbouncer.ini has the arithmetic).
pool_size=${DEPLOY_DATABASE_POOL_SIZE:-20}
start_limit=${DEPLOY_START_TIMEOUT_SECONDS:-60}

usage() { echo "usage: $0 start|stop|kill|status N (1..$instances)" >&2; exit 2; }

verb=${1:-}
n=${2:-}
if ! [[ $n =~ ^[1-9][0-9]*$ ]] || ((n > instances)); then usage; fi
port=$(app_port "$n")
url=http://127.0.0.1:$port
pid_file=$(instance_pid_file "$n")
rc_file=$pids/instance-$n.rc
log=$logs/instance-$n.log

start() {
  local p i
  mkdir -p "$pids" "$logs"
  if p=$(instance_pid "$n"); then
    say "instance $n already runs (PID $p)"
  else
    [ "$(http_status "$url/api/v1/health/live" 1)" = 000 ] \
      || die "something else answers on 127.0.0.1:$port (set DEPLOY_APP_PORT)"
    [ -f "$app/Starter.Api.dll" ] || die "no published app in ${app#"$repo"/}: run deploy/local/up.sh"
    rm -f "$pid_file" "$rc_file"
    say "instance $n: starting on $url (log ${log#"$repo"/})"
    # A watcher shell runs the app as its child: it reaps it (PID 1 of a container may not) and
    # keeps its exit code for `stop`; signals go to the app's own PID, which it records. setsid:
    # a Ctrl-C in the terminal that ran up.sh does not reach the stack.
    (
      cd "$app"
      # Production as shipped, through PgBouncer, behind nginx. No app-side rate limit: nginx
      # limits per client for all instances (deploy/local/nginx.conf). The sign-in limit stays as
      # shipped: the check logs in once per phase.
      export ASPNETCORE_ENVIRONMENT=Production DATABASE_BEHIND_POOLER=true DATABASE_POOL_SIZE=$pool_size \
        SHUTDOWN_DRAIN_SECONDS=$drain_seconds SHUTDOWN_TIMEOUT_SECONDS=$shutdown_timeout \
        TRUSTED_PROXIES=127.0.0.1 RATE_LIMIT_PER_MINUTE=0
      DATABASE_URL=$(pooled_url)
      export DATABASE_URL
      # shellcheck disable=SC2016 # expanded by the watcher
      setsid bash -c 'pid_file=$1 rc_file=$2; shift 2; "$@" </dev/null & echo $! >"$pid_file"; wait $!; echo $? >"$rc_file"' \
        watcher "$pid_file" "$rc_file" dotnet Starter.Api.dll --urls "$url" >>"$log" 2>&1 &
    )
    for ((i = 0; i < 50; i++)); do [ -s "$pid_file" ] && break; sleep 0.1; done
    p=$(pid_in "$pid_file")
    [ -n "$p" ] || die "instance $n: no PID recorded"
  fi
  # Live first (the process serves), then ready (it reaches the database and has warmed up).
  local t0 probe
  t0=$(now_ms)
  for probe in live ready; do
    local path=/api/v1/health
    [ "$probe" = live ] && path=/api/v1/health/live
    for ((i = 0; i < start_limit * 10; i++)); do
      [ "$(http_status "$url$path")" = 200 ] && break
      if ! alive "$p"; then
        tail -n 20 "$log" >&2
        die "instance $n exited at start (exit code $(cat "$rc_file" 2>/dev/null || echo unknown))"
      fi
      sleep 0.1
    done
    [ "$(http_status "$url$path")" = 200 ] || die "instance $n: $path not 200 within ${start_limit}s"
  done
  say "instance $n: PID $p live and ready on $url after $(($(now_ms) - t0)) ms"
}

# Prints the exit code once the watcher has written it; returns non-zero for any but 0.
report_exit() {
  local i rc
  for ((i = 0; i < 30; i++)); do [ -s "$rc_file" ] && break; sleep 0.1; done
  rc=$(cat "$rc_file" 2>/dev/null || echo unknown)
  say "instance $n: exited with code $rc after $(($(now_ms) - $1)) ms"
  [ "$rc" = 0 ]
}

stop() {
  local p t0
  p=$(instance_pid "$n") || { say "instance $n is not running"; return 0; }
  say "instance $n: SIGTERM to PID $p; waiting for it to drain (${drain_seconds}s) and exit"
  t0=$(now_ms)
  stop_pid TERM "$p" $((drain_seconds + shutdown_timeout + 5)) || die "instance $n: PID $p would not go"
  report_exit "$t0"
}

kill9() {
  local p t0
  p=$(instance_pid "$n") || { say "instance $n is not running"; return 0; }
  say "instance $n: SIGKILL to PID $p"
  t0=$(now_ms)
  stop_pid KILL "$p" 5 || die "instance $n: PID $p would not go"
  report_exit "$t0" || true
}

status() {
  local p
  if p=$(instance_pid "$n"); then
    echo "instance $n: PID $p on $url, live $(http_status "$url/api/v1/health/live"), ready $(http_status "$url/api/v1/health")"
  else
    echo "instance $n: not running"
    return 1
  fi
}

case $verb in
  start) start ;;
  stop) stop ;;
  kill) kill9 ;;
  status) status ;;
  *) usage ;;
esac
