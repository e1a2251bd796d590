#!/usr/bin/env bash
# Stops the local stack of deploy/local/up.sh by its recorded PIDs, front to back: nginx, the
# instances (SIGTERM: each drains and finishes in-flight requests), PgBouncer, PostgreSQL (pg_ctl
# stop). The database and the published app stay for the next up.sh; --purge deletes them too.
set -euo pipefail
script=down
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"

purge=false
case ${1:-} in
  --purge) purge=true ;;
  "") ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

stopped=0
if p=$(nginx_pid); then
  say "nginx: SIGQUIT to PID $p (finishes the requests it has, then exits)"
  stop_pid QUIT "$p" 15
  stopped=$((stopped + 1))
fi

# All at once: each waits for its own drain.
stops=()
for ((n = 1; n <= instances; n++)); do
  if instance_pid "$n" >/dev/null; then
    bash "$here/instance.sh" stop "$n" &
    stops+=($!)
    stopped=$((stopped + 1))
  fi
done
for p in "${stops[@]}"; do wait "$p" || true; done

if p=$(bouncer_pid); then
  say "PgBouncer: SIGTERM to PID $p"
  stop_pid TERM "$p" 10
  stopped=$((stopped + 1))
fi

if p=$(pg_pid); then
  say "PostgreSQL: pg_ctl stop -m fast (PID $p)"
  pg_ctl_ -m fast -w -t 60 stop >/dev/null
  stopped=$((stopped + 1))
fi

[ "$stopped" = 0 ] && say "nothing was running"

if $purge; then
  if have_pg_home; then
    home=$(pg_home)
    [ "$home" = "$state/postgres" ] || { say "deleting $home"; rm -rf "$home"; }
  fi
  say "deleting ${state#"$repo"/} (database, published app, logs)"
  rm -rf "$state"
fi
say "down"
