#!/usr/bin/env bash
# A production-shaped stack on 127.0.0.1, in one command: the published app (Release, for this
# machine's runtime), PostgreSQL, the migrations as a deploy step, PgBouncer in transaction mode,
# three instances, and nginx in front. State under .data/deploy/ (logs/, pids/); stop it with
# deploy/local/down.sh. Run again while it is up, it says so; half up, it stops what runs and
# starts afresh. Linux; as root it installs what is missing with apt-get and runs PostgreSQL and
# PgBouncer as the postgres user.
#
# Ports (env): DEPLOY_HTTP_PORT (nginx, 28080), DEPLOY_APP_PORT (first instance, 28081; the others
# follow), DEPLOY_PGBOUNCER_PORT (26432), DEPLOY_PG_PORT (25432). DEPLOY_INSTANCES (3). They are
# kept in .data/deploy/settings.env for the other scripts and the next up.sh, until down.sh --purge.
# nginx's per-client limit: DEPLOY_RATE_LIMIT (50r/s), DEPLOY_RATE_BURST (100).
set -euo pipefail
script=up
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$repo"

# --- tools --------------------------------------------------------------------------------------

need curl curl
need pgbouncer pgbouncer
need nginx nginx-light
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is missing"
if ! pg_bindir >/dev/null; then
  install_package postgresql
  pg_bindir >/dev/null || die "no PostgreSQL server binaries (initdb) found after installing postgresql: set PG_BINDIR"
fi
bindir=$(pg_bindir)

# --- already up? --------------------------------------------------------------------------------

parts_running() {
  local n count=0
  pg_pid >/dev/null && count=$((count + 1))
  bouncer_pid >/dev/null && count=$((count + 1))
  for ((n = 1; n <= instances; n++)); do instance_pid "$n" >/dev/null && count=$((count + 1)); done
  nginx_pid >/dev/null && count=$((count + 1))
  echo "$count"
}

print_urls() {
  say "the stack:"
  cat >&2 <<EOF
  API, through nginx   $base_url   (readiness $base_url/api/v1/health, docs $base_url/docs)
  instances            $(for ((n = 1; n <= instances; n++)); do printf 'http://127.0.0.1:%s ' "$(app_port "$n")"; done)
  PgBouncer            postgresql://$db_user@127.0.0.1:$bouncer_port/$db_name (password in ${state#"$repo"/}/secrets.env)
  PostgreSQL           postgresql://$db_user@127.0.0.1:$pg_port/$db_name
  logs, PIDs           ${logs#"$repo"/}/  ${pids#"$repo"/}/
  stop                 deploy/local/down.sh   (--purge also deletes the database)
EOF
}

running=$(parts_running)
if [ "$running" = $((instances + 3)) ] && [ "$(http_status "$base_url/api/v1/health")" = 200 ]; then
  say "already up: every process runs and $base_url/api/v1/health answers 200"
  print_urls
  exit 0
fi
if [ "$running" != 0 ]; then
  say "partly up ($running of $((instances + 3)) processes): stopping them, then starting afresh"
  bash "$here/down.sh"
fi

on_exit() {
  local rc=$?
  [ "$rc" = 0 ] || say "up.sh failed (exit $rc); what it started still runs, for a look: deploy/local/down.sh stops it"
}
trap on_exit EXIT
mkdir -p "$logs" "$pids"
cat >"$state/settings.env" <<EOF
DEPLOY_PG_PORT=$pg_port
DEPLOY_PGBOUNCER_PORT=$bouncer_port
DEPLOY_HTTP_PORT=$http_port
DEPLOY_APP_PORT=$first_app_port
DEPLOY_INSTANCES=$instances
EOF

# --- the app ------------------------------------------------------------------------------------

# As the Dockerfile and CI publish it: for this machine's runtime, so compiled ahead (ReadyToRun).
# Skipped when nothing it is built from changed since the last publish.
publish() {
  local stamp=$state/app.published changed
  changed=$(find src Directory.Build.props Directory.Packages.props global.json \
    \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit 2>/dev/null || echo "no stamp")
  if [ -f "$app/Starter.Api.dll" ] && [ -f "$stamp" ] && [ -z "$changed" ]; then
    say "app: the published copy in ${app#"$repo"/} is up to date"
    return
  fi
  say "app: dotnet publish src/Starter.Api -c Release --use-current-runtime -o ${app#"$repo"/}"
  dotnet publish src/Starter.Api -c Release --use-current-runtime -o "$app" --nologo -v quiet >"$logs/publish.log" 2>&1 \
    || { tail -n 30 "$logs/publish.log" >&2; die "dotnet publish (log: ${logs#"$repo"/}/publish.log)"; }
  # The app reads the nearest .env up to the repository root: this one, empty, keeps a developer's
  # .env out of the production-shaped instances. Their settings come from the environment alone.
  echo "# deploy/local: the instances take their settings from the environment only." >"$app/.env"
  touch "$stamp"
}

# --- PostgreSQL ---------------------------------------------------------------------------------

start_postgres() {
  local home data
  home=$(pg_home)
  data=$home/data
  own "$home/run"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "PostgreSQL: initdb $data (as $os_user; $("$bindir/postgres" --version))"
    as_pg "$bindir/initdb" -D "$data" -U "$os_user" -E UTF8 --no-locale \
      --auth-local=peer --auth-host=scram-sha-256 >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log" >&2; die "initdb"; }
  fi
  # Rewritten each time, so a changed port applies; postgresql.conf includes it once.
  cat >"$data/deploy.conf" <<EOF
# Written by deploy/local/up.sh.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$home/run'
# PgBouncer holds at most 20 server connections (deploy/local/pgbouncer.ini); the rest is for the
# migration step, psql, and the 3 superuser_reserved_connections.
max_connections = 40
password_encryption = scram-sha-256
# Millisecond timestamps in UTC: check.sh reads when the server was ready again.
log_line_prefix = '%m [%p] '
log_timezone = 'UTC'
EOF
  grep -q "^include 'deploy.conf'" "$data/postgresql.conf" || echo "include 'deploy.conf'" >>"$data/postgresql.conf"
  own "$data/deploy.conf"
  touch "$home/postgres.log"
  own "$home/postgres.log"
  ln -sfn "$home/postgres.log" "$logs/postgres.log"
  say "PostgreSQL: starting on 127.0.0.1:$pg_port"
  pg_start || die "pg_ctl start"
  say "PostgreSQL: role and database '$db_name' (password auth, scram-sha-256)"
  # The password goes in on stdin, not on a command line.
  as_pg "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$home/run" -p "$pg_port" -U "$os_user" -d postgres >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$db_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user')\gexec
ALTER ROLE $db_user PASSWORD '$(db_password)';
SELECT format('CREATE DATABASE %I OWNER %I', '$db_name', '$db_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db_name')\gexec
SQL
}

# A deploy step, once, before any instance starts: straight to PostgreSQL, not through PgBouncer. In
# transaction mode what a session sets up (SET, locks, temporary tables) does not outlive its
# transaction, and a migration may count on it; the pooler is for the instances' short transactions.
migrate() {
  say "migrations: dotnet Starter.Api.dll db upgrade, straight to PostgreSQL"
  if ! (cd "$app" && ASPNETCORE_ENVIRONMENT=Production DATABASE_URL=$(direct_url) dotnet Starter.Api.dll db upgrade) 2>&1 \
    | sed 's/^/  /' >&2; then
    die "db upgrade"
  fi
}

# --- PgBouncer ----------------------------------------------------------------------------------

start_pgbouncer() {
  local home
  home=$(pg_home)
  say "PgBouncer: transaction mode on 127.0.0.1:$bouncer_port (config from deploy/local/pgbouncer.ini)"
  render "$here/pgbouncer.ini" "$home/pgbouncer.ini" DB="$db_name" PG_PORT="$pg_port" LISTEN_PORT="$bouncer_port" HOME="$home"
  (umask 077 && printf '"%s" "%s"\n' "$db_user" "$(db_password)" >"$home/userlist.txt")
  own "$home/pgbouncer.ini" "$home/userlist.txt"
  rm -f "$home/pgbouncer.pid"
  touch "$home/pgbouncer.log"
  own "$home/pgbouncer.log"
  ln -sfn "$home/pgbouncer.log" "$logs/pgbouncer.log"
  bouncer_start || die "pgbouncer did not start"
  # The app's login through it, as the instances will do it.
  app_psql "$bouncer_port" -c 'SELECT 1' >/dev/null || die "cannot log in through PgBouncer"
}

# --- nginx --------------------------------------------------------------------------------------

start_nginx() {
  local prefix=$state/nginx servers="" user_line n i
  mkdir -p "$prefix/tmp"
  for ((n = 1; n <= instances; n++)); do
    servers+="        server 127.0.0.1:$(app_port "$n") max_fails=1 fail_timeout=${nginx_fail_timeout}s;"$'\n'
  done
  user_line="# (not root: the workers run as the user who started nginx)"
  [ "$(id -u)" = 0 ] && user_line="user nobody $(id -gn nobody);"
  say "nginx: on 127.0.0.1:$http_port, in front of $instances instances (config from deploy/local/nginx.conf)"
  render "$here/nginx.conf" "$prefix/nginx.conf" USER_LINE="$user_line" PID_FILE="$pids/nginx.pid" LOGS="$logs" \
    PREFIX="$prefix" HTTP_PORT="$http_port" UPSTREAM_SERVERS="${servers%$'\n'}" INSTANCES="$instances" \
    RATE="${DEPLOY_RATE_LIMIT:-50r/s}" BURST="${DEPLOY_RATE_BURST:-100}"
  # -e: the error log before the configuration is read, too (else /var/log/nginx).
  local args=(-p "$prefix" -e "$logs/nginx-error.log" -c "$prefix/nginx.conf")
  nginx -t -q "${args[@]}" || die "nginx -t: the rendered $prefix/nginx.conf is not valid"
  rm -f "$pids/nginx.pid"
  nginx "${args[@]}" || die "nginx did not start (log: ${logs#"$repo"/}/nginx-error.log)"
  for ((i = 0; i < 50; i++)); do nginx_pid >/dev/null && break; sleep 0.1; done
  nginx_pid >/dev/null || die "nginx wrote no PID"
}

started=$(now_ms)
publish
start_postgres
migrate
start_pgbouncer
for ((n = 1; n <= instances; n++)); do bash "$here/instance.sh" start "$n"; done
start_nginx
wait_200 "$base_url/api/v1/health" 30 || die "$base_url/api/v1/health did not answer 200 within 30 s"
say "up in $((($(now_ms) - started) / 1000)) s: $base_url/api/v1/health answers 200 through nginx, PgBouncer and PostgreSQL"
print_urls
