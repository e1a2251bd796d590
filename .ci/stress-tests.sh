#!/usr/bin/env bash
# The whole `dotnet test`, RUNS times back to back (default 10), while busy loops keep every core
# at 100 %: a test that only passes on a quiet machine fails here. Each failing run's TRX stays in
# TestResults/stress/ with the failed tests listed below. Exit 0 only when every run passed.
#   bash .ci/stress-tests.sh [RUNS] [-- extra dotnet test arguments, e.g. --filter ...]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
shift || true
[ "${1:-}" = "--" ] && shift
results="$(pwd)/TestResults/stress"
rm -rf "$results"
mkdir -p "$results"

dotnet build -v quiet -nologo >/dev/null

# The load: stress-ng where it is installed (Debian's stress-ng), else one shell busy loop per core.
load=()
cores=$(nproc)
if command -v stress-ng >/dev/null; then
  stress-ng --cpu "$cores" --quiet &
  load+=($!)
else
  for _ in $(seq 1 "$cores"); do
    (while :; do :; done) &
    load+=($!)
  done
fi
trap 'kill "${load[@]}" 2>/dev/null || true' EXIT
echo "stress: $runs runs of dotnet test with $cores cores kept busy (pids ${load[*]})"

passed_runs=0
for run in $(seq 1 "$runs"); do
  trx="run-$run.trx"
  start=$(date +%s)
  dotnet test --no-build --logger "trx;LogFileName=$trx" --results-directory "$results" "$@" >"$results/run-$run.log" 2>&1 && ok=1 || ok=0
  counters=$(grep -o '<Counters [^>]*>' "$results/$trx" 2>/dev/null || echo 'passed="0" failed="?"')
  passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  failed=$(sed -E 's/.* failed="([0-9?]+)".*/\1/' <<<"$counters")
  printf 'run %2d: %s passed, %s failed, %s s\n' "$run" "$passed" "$failed" $(($(date +%s) - start))
  if [ "$ok" = 1 ]; then
    passed_runs=$((passed_runs + 1))
    rm -f "$results/run-$run.log"
  else
    grep -oE '<UnitTestResult [^>]*testName="[^"]*"[^>]*outcome="Failed"' "$results/$trx" 2>/dev/null \
      | sed -E 's/.*testName="([^"]*)".*/    failed: \1/' || true
    echo "    log: $results/run-$run.log"
  fi
done

echo "stress: $passed_runs of $runs runs passed"
[ "$passed_runs" -eq "$runs" ]
