# bench/results/latest.json as the Markdown that bench/run.sh prints and keeps in bench/README.md.
def ms: if . >= 100 then (. | round | tostring) else tostring end;
def f2: (. * 100 | round | tostring) as $c | ($c | length) as $l
  | if $l < 3 then "0." + ("00" + $c)[-2:] else $c[:-2] + "." + $c[-2:] end;
def n: tostring | if test("^[0-9]{4,}$") then .[:-3] + "," + .[-3:] else . end;
.machine as $m | .settings as $s |
"Run of \(.generated_at) at commit `\(.commit)`, \(.wall_time_s) s in all. Machine: \($m.nproc) × \($m.cpu), "
+ "\($m.memory_gib) GiB, Linux \($m.kernel); .NET SDK \($m.dotnet_sdk) (ASP.NET Core \($m.aspnetcore_runtime)); "
+ "PostgreSQL \($m.postgresql); wrk \($m.wrk). Load average before the run (other work): \($m.load_average_before_run). "
+ "Medians of \($s.rounds) rounds, `wrk -t\($s.wrk_threads) -c\($s.wrk_connections)`, "
+ "\($s.warmup_s) s warm-up (`wrk \($s.warmup_wrk)`) + \($s.duration_s) s per measurement, \($s.seeded_items) seeded items. "
+ "The ratio is the median of the rounds' ratios, each from two measurements run back to back. "
+ "\"+ bearer token\": the request carries the access token the starter issued at login, and both apps validate it.\n\n"
+ "| Scenario | Baseline req/s | Starter req/s | Starter ÷ baseline (req/s) | Baseline p50 / p99 ms | Starter p50 / p99 ms | App CPU µs per request, baseline / starter | Errors |\n"
+ "|---|---:|---:|---:|---:|---:|---:|---:|\n"
+ ([.scenarios[] |
    "| `\(.request)`\(if .authenticated then " + bearer token" else "" end) | \(.baseline.rps | n) | \(.starter.rps | n) | **\(.ratio_rps | f2)** "
    + "| \(.baseline.p50_ms | ms) / \(.baseline.p99_ms | ms) | \(.starter.p50_ms | ms) / \(.starter.p99_ms | ms) "
    + "| \(.baseline.cpu_us_per_request) / \(.starter.cpu_us_per_request) (×\(.ratio_cpu_per_request | f2)) "
    + "| \(.baseline.errors + .starter.errors) |"] | join("\n"))
+ "\n\n| Start-up and memory | Baseline | Starter | Starter ÷ baseline |\n|---|---:|---:|---:|\n"
+ "| Cold start: process start to first 200 from `/api/v1/health` (ms) | \(.cold_start_ms.baseline.median) "
+ "| \(.cold_start_ms.starter.median) | \(.cold_start_ms.starter.median / .cold_start_ms.baseline.median | f2) |\n"
+ "| Peak RSS after every scenario's warm-up and load (VmHWM, MiB) | \(.peak_rss_mib.baseline) "
+ "| \(.peak_rss_mib.starter) | \(.peak_rss_mib.starter / .peak_rss_mib.baseline | f2) |"
