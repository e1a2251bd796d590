#!/usr/bin/env bash
# CI: the `dotnet new` template. Packs it, installs the package into a throwaway hive, generates
# Acme.Orders in every variant (defaults; --no-sample; --auth none; --no-sample --auth none, each
# on its own port) and, in each, runs what its own README promises: a locked restore, its OpenAPI
# snapshot, then the scaffold with every field type and a reference (.ci/scaffold-check.sh), and
# dotnet test against a real PostgreSQL, db check and the format gate of its own .ci/run on that.
#
# A variant other than the defaults has files of its own that the template renames into place: its
# OpenAPI snapshot (tests/Starter.Api.Tests/Api/Docs/openapi.v1.<variant>.json) and, without auth,
# the lock files (packages.lock.no-auth.json beside each project's packages.lock.json: the Identity,
# data-protection and JwtBearer packages are left out). VARIANT_FILES_UPDATE=1 rewrites them from
# the generated projects, after a contract change or a package change (NO_SAMPLE_SNAPSHOT_UPDATE=1,
# its older name, does the same).
set -euo pipefail
cd "$(dirname "$0")/.."

export CI=true DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No step reads standard input (a runner's open one has hung dotnet test), and no MSBuild node
# outlives its build holding the log's pipe open.
exec </dev/null
export MSBUILDDISABLENODEREUSE=1
started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hive="$work/hive"
variant="pack"
update="${VARIANT_FILES_UPDATE:-${NO_SAMPLE_SNAPSHOT_UPDATE:-}}"
summary=()

fail() { echo "  FAILED ($variant): $*" >&2; exit 1; }
# Unbuffered, so the log shows how far a step got.
indent() { sed -u '/^ *$/d; s/^/    /'; }
source .ci/within.sh
# A generated file written back into the template, under the template's own names.
unrename() { sed 's/Acme\.Orders/Starter/g; s/acme\.orders/starter/g' "$1" > "$2"; echo "  wrote $2"; }

# Markdown markers stand on lines of their own: an inline one, false in a variant, cuts off the rest
# of its file there.
inline=$(grep -rn --include='*.md' --exclude-dir={node_modules,bin,obj,TestResults,bench,template} -e '<!--#' -e '#endif -->' . \
  | grep -v -E '^[^:]+:[0-9]+: *(<!--#(if \([^)]*\)|endif) -->|<!--#else|#endif -->)$' | grep -v '^./docs/contributing.md:' || true)
[ -z "$inline" ] || { echo "$inline"; fail "a Markdown template marker shares its line with text"; }

dotnet pack template/Starter.Templates.csproj -o "$work/packages" -nologo -v quiet | indent || fail "dotnet pack"
nupkg=$(ls "$work"/packages/Starter.Templates.*.nupkg)
dotnet new install "$nupkg" --debug:custom-hive "$hive" >/dev/null || fail "dotnet new install"
echo "  installed $(basename "$nupkg") into a throwaway hive"

# generate <variant> <port> [options…]: generates into $dir and checks it.
generate() {
  variant=$1
  local port=$2
  shift 2
  local began=$SECONDS
  dir="$work/$variant/Acme.Orders"
  src="$dir/src/Acme.Orders.Api"
  tests="$dir/tests/Acme.Orders.Api.Tests"
  echo "  -- $variant: dotnet new starter-api -n Acme.Orders $*"
  dotnet new starter-api -n Acme.Orders -o "$dir" --debug:custom-hive "$hive" "$@" >/dev/null || fail "dotnet new"

  if [ "$update" = 1 ] && [ "$variant" != defaults ]; then
    if [ "$variant" = no-auth ]; then
      # The lock files as a plain restore of this variant writes them (--no-sample --auth none checks them).
      (cd "$dir" && dotnet restore --force-evaluate -p:RestoreLockedMode=false -v quiet) | indent || fail "lock file update"
      unrename "$src/packages.lock.json" src/Starter.Api/packages.lock.no-auth.json
      unrename "$tests/packages.lock.json" tests/Starter.Api.Tests/packages.lock.no-auth.json
    fi
    # The served OpenAPI document as this variant's snapshot.
    (cd "$dir" && OPENAPI_SNAPSHOT_UPDATE=1 CI= dotnet test --filter "FullyQualifiedName~OpenApiSnapshot" >/dev/null) || fail "snapshot update"
    unrename "$tests/Api/Docs/openapi.v1.json" "tests/Starter.Api.Tests/Api/Docs/openapi.v1.$variant.json"
  fi

  # The generated project carries its own lock files; they must match as they are.
  (cd "$dir" && dotnet restore --locked-mode -v quiet) | indent \
    || fail "locked restore (after a package change, VARIANT_FILES_UPDATE=1 bash .ci/template-test.sh rewrites packages.lock.no-auth.json)"
  # The variant's own contract, before the scaffold adds to it.
  (cd "$dir" && within 600 dotnet test --no-restore --filter "FullyQualifiedName~OpenApiSnapshot" -v quiet) | indent \
    || fail "the OpenAPI snapshot (VARIANT_FILES_UPDATE=1 bash .ci/template-test.sh rewrites it)"
  grep -q 'Acme\.Orders' "$dir/README.md" || fail "the README does not name Acme.Orders"
  ! grep -nw 'Starter' "$dir/README.md" || fail "the README still says Starter"
  ! grep -rlw --exclude-dir={bin,obj,TestResults} 'Starter' "$dir" || fail "files still say Starter"
  ! grep -rl --exclude-dir={bin,obj,TestResults,node_modules} -e '#if (' -e '#endif' -e '<!--#' "$dir" \
    || fail "files kept their template lines"
  # The project is the user's service: nothing in it speaks of the template it came from.
  ! grep -rnwi --exclude-dir={bin,obj,TestResults,node_modules} -e 'dotnet new' -e 'the template' -e 'template-test' \
    -e 'TemplateRepo' -e 'template variants\?' -e 'this starter' "$dir" \
    || fail "files speak of the template"
  # A short front page; the rest is in docs/, whose links and anchors must resolve.
  [ "$(wc -l <"$dir/README.md")" -le 200 ] || fail "the README has $(wc -l <"$dir/README.md") lines (200 at most)"
  (cd "$dir" && bash .ci/docs/check.sh) | indent || fail "the guides' links and anchors"
  grep -q "\"http://127.0.0.1:$port\"" "$src/Properties/launchSettings.json" || fail "launchSettings.json is not on port $port"
  grep -q "http://127.0.0.1:$port/docs" "$dir/README.md" || fail "the README's URLs are not on port $port"
  grep -q "http://127.0.0.1:$port" "$src/Acme.Orders.Api.http" || fail "the .http file is not on port $port"
  began_at=$began
}

# scaffold_and_test: a user's next resource in the variant generated last: the scaffold, with every
# field type and a reference, then the whole suite (the variant's own tests and the new resource's),
# db check and its own CI's format gate. Its own test run and output: .ci/run's summary line reads
# only the main run's TRX file.
scaffold_and_test() {
  (cd "$dir" && within 1200 bash .ci/scaffold-check.sh --no-restore --logger "trx;LogFileName=tests.trx" \
    --results-directory "$dir/TestResults" --blame-hang-timeout 5m --blame-hang-dump-type none) | indent \
    || fail "scaffold check"
  local counters
  counters=$(grep -o '<Counters [^>]*>' "$dir/TestResults/tests.trx")
  summary+=("$variant: $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters") tests passed (with a scaffolded resource), $((SECONDS - began_at))s")
}

# migrations_are <name…>: Db/Migrations/ holds exactly these migrations (and the model snapshot).
migrations_are() {
  local want have
  want=$(printf '%s\n' AppDbContextModelSnapshot.cs "${@/%/.cs}" "${@/%/.Designer.cs}" | LC_ALL=C sort | tr '\n' ' ')
  have=$(ls "$src/Db/Migrations" | sed -E 's/^[0-9]{14}_//' | LC_ALL=C sort | tr '\n' ' ')
  [ "$have" = "$want" ] || fail "Db/Migrations/ holds $have, not $want"
}

# The sample: its files and its requests.
has_sample() {
  [ -f "$src/Services/ItemService.cs" ] || fail "the sample is missing"
  grep -q '/api/v1/items' "$src/Acme.Orders.Api.http" || fail "the .http file lacks the items requests"
}
no_sample() {
  ! grep -q '/api/v1/items' "$src/Acme.Orders.Api.http" || fail "the .http file still has the items requests"
  ! grep -rl --exclude-dir={bin,obj,TestResults} -e 'ItemService' -e 'MapItems' -e 'Models.Item' -e 'ItemsClient' "$src" "$tests" \
    || fail "the sample is still there"
}
# Accounts: Identity's tables and endpoints, bearer tokens, items with an owner.
has_auth() {
  [ -f "$src/Auth/AuthRegistration.cs" ] || fail "Auth/ is missing"
  grep -q '/api/v1/auth/login' "$src/Acme.Orders.Api.http" || fail "the .http file lacks the auth requests"
  grep -q 'Microsoft.AspNetCore.Identity.EntityFrameworkCore' "$dir/Directory.Packages.props" || fail "the Identity package is missing"
  grep -q '"securitySchemes"' "$tests/Api/Docs/openapi.v1.json" || fail "the OpenAPI snapshot declares no security scheme"
}
no_auth() {
  [ ! -e "$src/Auth" ] && [ ! -e "$tests/Auth" ] || fail "Auth/ is still there"
  ! grep -q '/api/v1/auth' "$src/Acme.Orders.Api.http" || fail "the .http file still has the auth requests"
  ! grep -rl --exclude-dir={bin,obj,TestResults} -e 'Acme\.Orders\.Auth' -e 'AuthEndpoints' -e 'AspNetCore\.Identity' \
    -e 'IdentityUser' -e 'JwtBearer' -e 'DataProtection' -e 'BearerSecurityScheme' -e 'CreateUserClient' -e 'SignIn\.' \
    -e 'OwnerId' -e 'owner_id' -e '/api/v1/auth' -e 'AUTH_' "$src" "$tests" "$dir/Directory.Packages.props" "$dir/.env.example" \
    || fail "accounts are still there"
  ! grep -q '"securitySchemes"' "$tests/Api/Docs/openapi.v1.json" || fail "the OpenAPI snapshot still declares a security scheme"
}

generate defaults 8000
has_sample
has_auth
migrations_are CreateItems AddUsers AddItemOwners AddIdempotencyKeys AddRefreshTokenFamilies AddMailOutbox AddRoles
scaffold_and_test

generate no-sample 8080 --no-sample --http-port 8080
no_sample
has_auth
migrations_are AddUsers AddIdempotencyKeys AddRefreshTokenFamilies AddMailOutbox AddRoles
scaffold_and_test

generate no-auth 8000 --auth none
has_sample
no_auth
migrations_are CreateItems AddIdempotencyKeys
scaffold_and_test

generate no-sample.no-auth 8081 --no-sample --auth none --http-port 8081
no_sample
no_auth
# Only the table that makes a create safe to retry.
migrations_are AddIdempotencyKeys
scaffold_and_test

variant="summary"
printf '  %s\n' "${summary[@]}"
echo "  template: packed, generated ${#summary[@]} variants and tested them in $((SECONDS - started))s"
