#!/usr/bin/env bash
# The scaffold (tools/Scaffold), checked on this project as a user would run it: it refuses an
# unknown type, an unknown referenced resource, a reserved column, a misplaced option and a name
# clash, writing nothing; then it writes a resource with every field type and a reference (after a
# resource to refer to, where the project has none), its migration and the OpenAPI snapshot, and
# the project passes dotnet test, db check and the format gate with no further edit. Changes the
# project: run it on a copy. Extra arguments go to
# dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

api=$(ls -d src/*.Api | head -1)
scaffold() { dotnet run --project tools/Scaffold --no-launch-profile -- resource "$@"; }
fingerprint() { find src tests -path '*/bin' -prune -o -path '*/obj' -prune -o -path '*/TestResults' -prune -o -type f -print0 | sort -z | xargs -0 md5sum | md5sum; }
fail() { echo "  scaffold check FAILED: $*" >&2; exit 1; }

dotnet build tools/Scaffold -v quiet -nologo >/dev/null
# refuses <expected words> <arguments…>: exit 1, the words on stderr, no file changed.
refuses() {
  local expected=$1 before out
  shift
  before=$(fingerprint)
  if out=$(scaffold "$@" 2>&1); then fail "resource $* was not refused"; fi
  grep -q "$expected" <<<"$out" || fail "resource $* said: $out"
  [ "$(fingerprint)" = "$before" ] || fail "resource $* was refused but changed files"
  echo "  refused as it should: resource $* ($expected)"
}
refuses "unknown type 'huge'" Widget 'size:huge'
refuses "names no resource" Widget 'gadget:references'
refuses "is a column every resource has already" Widget 'ownerId:guid'
refuses "only a reference takes :cascade" Widget 'title:string(10):cascade'

if [ -f "$api/Models/Item.cs" ]; then
  parent=item
else
  scaffold Project 'name:string(100):unique' 'description:text?'
  parent=project
fi
refuses "clashes with what the project has" "${parent^}" 'title:string(10)'
scaffold Comment 'body:text' 'slug:string(100):unique' "$parent:references" 'count:int' 'size:long?' 'price:decimal' \
  'done:bool' 'due:date?' 'at:datetime' 'token:guid' 'note:string?'

dotnet test "$@" || fail "dotnet test"
dotnet run --project "$api" --no-build -- db check || fail "db check"
dotnet format "$(ls *.slnx | head -1)" --verify-no-changes --no-restore || fail "dotnet format"
echo "  scaffold check: passed"
