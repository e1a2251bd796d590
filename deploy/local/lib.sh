# shellcheck shell=bash disable=SC2034
# Sourced by up.sh, down.sh, instance.sh and check.sh: the stack's settings, where its state lives,
# and the helpers they share. Set `script` (the name printed on each line) before sourcing. (SC2034:
# the settings are for the scripts that source this.)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/deploy/local
state=$repo/.data/deploy
logs=$state/logs
pids=$state/pids
app=$state/app

# The settings up.sh last used (it writes them here), so that instance.sh, down.sh and check.sh agree
# with the running stack without being given the same environment. The environment wins.
if [ -f "$state/settings.env" ]; then
  while IFS="=" read -r setting value; do
    if [[ $setting =~ ^DEPLOY_[A-Z_]+$ ]] && [ -z "${!setting:-}" ]; then printf -v "$setting" "%s" "$value"; fi
  done <"$state/settings.env"
fi
# Ports, all on 127.0.0.1. Instance N listens on DEPLOY_APP_PORT + N - 1.
# Below 32768, outside the kernel's ephemeral range (32768-60999), which a busy machine hands to outgoing
# connections and port-0 listeners, and nginx once found 58080 taken that way.
pg_port=${DEPLOY_PG_PORT:-25432}
bouncer_port=${DEPLOY_PGBOUNCER_PORT:-26432}
http_port=${DEPLOY_HTTP_PORT:-28080}
first_app_port=${DEPLOY_APP_PORT:-28081}
instances=${DEPLOY_INSTANCES:-3}
# Neutral names: the project's name may hold dots, and a dotted database name would need quoting.
db_name=app
db_user=app
# PostgreSQL and PgBouncer refuse to run as root: as root they run as this user; otherwise as you.
if [ "$(id -u)" = 0 ]; then
  os_user=${DEPLOY_PG_OS_USER:-postgres}
else
  os_user=$(id -un)
fi
base_url=http://127.0.0.1:$http_port
# After a failed connection nginx sends an instance nothing for this long (then one request to
# probe it). Short: nginx has no readiness probe, so it cannot take an instance back any sooner,
# and a rolling restart must wait this long after each instance is ready before stopping the next,
# or all of them may be marked down at once ("no live upstreams", a 502).
nginx_fail_timeout=1

say() { printf '[%s %s] %s\n' "${script:-deploy}" "$(date +%T)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
now_ms() { date +%s%3N; }

# shellcheck source=deploy/local/need.sh
source "$here/need.sh"

# PostgreSQL's server binaries: PG_BINDIR (the app's own setting), else pg_config's, else the newest
# Debian layout; PATH wins for none of them, as psql there may be a wrapper of another version.
pg_bindir() {
  local dir
  for dir in "${PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null || true)" \
    "$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"; do
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  return 1
}

# Runs a command as the database user (runuser as root, directly otherwise).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$os_user" -- "$@"; else "$@"; fi
}

# Hands files and folders (made if missing) to the database user.
own() {
  local path
  for path in "$@"; do [ -e "$path" ] || mkdir -p "$path"; done
  if [ "$(id -u)" = 0 ]; then chown "$os_user:" "$@"; fi
}

# The folder that user owns: .data/deploy/postgres, or, when it cannot reach the checkout (one under
# /root), a folder in the temp directory tied to this checkout's path. up.sh decides and records it.
pg_home() {
  [ -f "$state/pg-home" ] && cat "$state/pg-home" && return
  local home=$state/postgres
  own "$home"
  if ! as_pg test -w "$home"; then
    home=${TMPDIR:-/tmp}/starter-deploy-$(printf '%s' "$repo" | sha256sum | cut -c1-12)
    own "$home"
  fi
  chmod 700 "$home"
  echo "$home" | tee "$state/pg-home"
}

# --- processes, by recorded PID ------------------------------------------------------------------

pid_in() { if [ -f "$1" ]; then head -n 1 "$1" | tr -dc 0-9; fi; }
# Alive and not a zombie (PID 1 of a container may never reap what it inherits).
alive() {
  local p=$1 st
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 1
  st=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$st" ] && [ "$st" != Z ]
}
# The PID in FILE, if that process runs and its command line holds PATTERN (a PID file can outlive
# its process, and the PID be reused).
running() {
  local p
  p=$(pid_in "$1")
  alive "$p" && tr '\0' ' ' <"/proc/$p/cmdline" | grep -q -- "$2" && echo "$p"
}
# signal pid seconds: sends the signal, waits up to that long for the process to go, then SIGKILL.
stop_pid() {
  local sig=$1 p=$2 limit=$3 i
  alive "$p" || return 0
  kill -CONT "$p" 2>/dev/null || true
  kill "-$sig" "$p" 2>/dev/null || true
  for ((i = 0; i < limit * 10; i++)); do
    alive "$p" || return 0
    sleep 0.1
  done
  say "  PID $p still running after ${limit}s: SIGKILL"
  kill -KILL "$p" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do alive "$p" || return 0; sleep 0.1; done
  return 1
}

# --- the pieces --------------------------------------------------------------------------------

app_port() { echo $((first_app_port + $1 - 1)); }
instance_pid_file() { echo "$pids/instance-$1.pid"; }
instance_pid() { running "$(instance_pid_file "$1")" Starter.Api.dll; }
nginx_pid() { running "$pids/nginx.pid" nginx; }
# The database side exists once up.sh has chosen its folder; until then nothing of it runs.
have_pg_home() { [ -f "$state/pg-home" ]; }
bouncer_pid() { have_pg_home && running "$(pg_home)/pgbouncer.pid" pgbouncer; }
pg_data() { echo "$(pg_home)/data"; }
pg_pid() { have_pg_home && running "$(pg_data)/postmaster.pid" postgres; }
pg_ctl_() { as_pg "$(pg_bindir)/pg_ctl" -D "$(pg_data)" "$@"; }

# Start the servers of a stack up.sh has set up (it writes their configuration first); both print
# the end of their log and fail when they do not come up.
pg_start() {
  pg_ctl_ -l "$(pg_home)/postgres.log" -w -t 60 start >/dev/null || { tail -n 20 "$(pg_home)/postgres.log" >&2; return 1; }
}
bouncer_start() {
  local i
  as_pg pgbouncer -d -q "$(pg_home)/pgbouncer.ini" || { tail -n 20 "$(pg_home)/pgbouncer.log" >&2; return 1; }
  for ((i = 0; i < 50; i++)); do bouncer_pid >/dev/null && return 0; sleep 0.1; done
  tail -n 20 "$(pg_home)/pgbouncer.log" >&2
  return 1
}

# HTTP status of a GET (000 when nothing answered).
http_status() { curl -s -o /dev/null -m "${2:-2}" -w '%{http_code}' "$1" || true; }
# url seconds: waits for a 200, bounded.
wait_200() {
  local url=$1 limit=$2 i
  for ((i = 0; i < limit * 10; i++)); do
    [ "$(http_status "$url")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# The app's database password, made once and kept (root-only) beside the state.
db_password() {
  local file=$state/secrets.env
  if [ ! -s "$file" ]; then
    (umask 077 && printf 'DB_PASSWORD=%s\n' "$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$file")
  fi
  sed -n 's/^DB_PASSWORD=//p' "$file"
}
# URLs the app reads as DATABASE_URL: straight to PostgreSQL (migrations, the check's psql) and
# through PgBouncer (the instances).
direct_url() { echo "postgresql://$db_user:$(db_password)@127.0.0.1:$pg_port/$db_name"; }
pooled_url() { echo "postgresql://$db_user:$(db_password)@127.0.0.1:$bouncer_port/$db_name"; }

# psql as the app's role, straight to PostgreSQL (port $pg_port) or through PgBouncer; the password
# goes through the environment, never onto a command line.
app_psql() {
  local port=$1
  shift
  PGPASSWORD=$(db_password) PGCONNECT_TIMEOUT=5 "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$port" -U "$db_user" -d "$db_name" "$@"
}

# template out NAME=value...: copies a committed template, replacing each @NAME@ (values go through
# the environment: awk -v would eat the backslashes); fails if a placeholder is left.
render() {
  local template=$1 out=$2 pair names=() values=()
  shift 2
  for pair in "$@"; do
    names+=("${pair%%=*}")
    values+=("R_$pair")
  done
  env "${values[@]}" awk -v names="${names[*]}" '
    BEGIN { n = split(names, key, " ") }
    { for (i = 1; i <= n; i++) gsub("@" key[i] "@", ENVIRON["R_" key[i]]); print }
  ' "$template" >"$out"
  if grep -n '@[A-Z][A-Z_]*@' "$out" >&2; then die "$out: a placeholder of $template is left"; fi
}
