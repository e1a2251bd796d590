#!/usr/bin/env bash
# CI: the `dotnet new` template. Packs it, installs the package into a throwaway hive, generates
# Acme.Orders twice (defaults; --no-sample on another port) and, in each, runs what its own README
# promises: a locked restore, dotnet test against a real PostgreSQL, db check.
set -euo pipefail
cd "$(dirname "$0")/.."

export CI=true DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hive="$work/hive"
variant="pack"

fail() { echo "  FAILED ($variant): $*" >&2; exit 1; }
indent() { sed '/^ *$/d; s/^/    /'; }

dotnet pack template/Starter.Templates.csproj -o "$work/packages" -nologo -v quiet | indent || fail "dotnet pack"
nupkg=$(ls "$work"/packages/Starter.Templates.*.nupkg)
dotnet new install "$nupkg" --debug:custom-hive "$hive" >/dev/null || fail "dotnet new install"
echo "  installed $(basename "$nupkg") into a throwaway hive"

# generate <variant> <port> [options…]: generates into $dir and checks it.
generate() {
  variant=$1
  local port=$2
  shift 2
  dir="$work/$variant/Acme.Orders"
  echo "  -- $variant: dotnet new starter-api -n Acme.Orders $*"
  dotnet new starter-api -n Acme.Orders -o "$dir" --debug:custom-hive "$hive" "$@" >/dev/null || fail "dotnet new"

  # NO_SAMPLE_SNAPSHOT_UPDATE=1: take the no-sample variant's served OpenAPI document as its
  # snapshot (the template renames openapi.v1.no-sample.json into place for --no-sample).
  if [ "$variant" = no-sample ] && [ "${NO_SAMPLE_SNAPSHOT_UPDATE:-}" = 1 ]; then
    (cd "$dir" && OPENAPI_SNAPSHOT_UPDATE=1 CI= dotnet test --filter "FullyQualifiedName~OpenApiSnapshot" >/dev/null) || fail "snapshot update"
    sed 's/Acme\.Orders/Starter/g' "$dir/tests/Acme.Orders.Api.Tests/Api/Docs/openapi.v1.json" \
      > tests/Starter.Api.Tests/Api/Docs/openapi.v1.no-sample.json
    echo "  wrote tests/Starter.Api.Tests/Api/Docs/openapi.v1.no-sample.json"
  fi

  # The generated project carries its own lock files; they must match as they are.
  (cd "$dir" && dotnet restore --locked-mode -v quiet) | indent || fail "locked restore"
  # Its own test run and output: .ci/run's summary line reads only the main run's TRX file.
  (cd "$dir" && dotnet test --no-restore) | indent || fail "dotnet test"
  (cd "$dir" && dotnet run --project src/Acme.Orders.Api --no-build -- db check) | indent || fail "db check"

  grep -q 'Acme\.Orders' "$dir/README.md" || fail "the README does not name Acme.Orders"
  ! grep -nw 'Starter' "$dir/README.md" || fail "the README still says Starter"
  ! grep -rlw --exclude-dir={bin,obj} 'Starter' "$dir" || fail "files still say Starter"
  grep -q "\"http://127.0.0.1:$port\"" "$dir/src/Acme.Orders.Api/Properties/launchSettings.json" \
    || fail "launchSettings.json is not on port $port"
  grep -q "http://127.0.0.1:$port/docs" "$dir/README.md" || fail "the README's URLs are not on port $port"
}

generate defaults 8000
[ -f "$dir/src/Acme.Orders.Api/Services/ItemService.cs" ] || fail "the sample is missing"

! grep -q '#if\|#endif' "$dir/src/Acme.Orders.Api/Acme.Orders.Api.http" || fail "the .http file kept its template lines"
grep -q '/api/v1/items' "$dir/src/Acme.Orders.Api/Acme.Orders.Api.http" || fail "the .http file lacks the items requests"

generate no-sample 8080 --no-sample --http-port 8080
! grep -q '/api/v1/items' "$dir/src/Acme.Orders.Api/Acme.Orders.Api.http" || fail "the .http file still has the items requests"
grep -q 'http://127.0.0.1:8080' "$dir/src/Acme.Orders.Api/Acme.Orders.Api.http" || fail "the .http file is not on port 8080"
! grep -rl --exclude-dir={bin,obj} -e 'ItemService' -e 'MapItems' -e 'Models.Item' "$dir/src" "$dir/tests" \
  || fail "the sample is still there"
[ ! -e "$dir/src/Acme.Orders.Api/Db/Migrations" ] || fail "Db/Migrations/ is still there"

echo "  template: packed, generated twice and tested in $((SECONDS - started))s"
