# bench/results/latest.json as the Markdown that bench/run.sh prints and keeps in bench/README.md.
def ms: if . >= 100 then (. | round | tostring) else tostring end;
def f2: (. * 100 | round | tostring) as $c | ($c | length) as $l
  | if $l < 3 then "0." + ("00" + $c)[-2:] else $c[:-2] + "." + $c[-2:] end;
def d1: (. * 10 | round) as $t | "\($t / 10 | floor).\($t % 10)";
def met: if .target_met then "met" else "**not met**" end;
def n: tostring | if test("^[0-9]{4,}$") then .[:-3] + "," + .[-3:] else . end;
.machine as $m | .settings as $s |
"Run of \(.generated_at) at commit `\(.commit)`, \(.wall_time_s) s in all. Machine: \($m.nproc) × \($m.cpu), "
+ "\($m.memory_gib) GiB, Linux \($m.kernel); .NET SDK \($m.dotnet_sdk) (ASP.NET Core \($m.aspnetcore_runtime)); "
+ "PostgreSQL \($m.postgresql); wrk \($m.wrk). Load average before the run (other work): \($m.load_average_before_run). "
+ "Medians of \($s.rounds) rounds, `wrk -t\($s.wrk_threads) -c\($s.wrk_connections)`, "
+ "\($s.warmup_s) s warm-up (`wrk \($s.warmup_wrk)`) + \($s.duration_s) s per measurement, \($s.seeded_items) seeded items. "
+ "The ratio is the median of the rounds' ratios, each from two measurements run back to back. "
+ "\"+ bearer token\": the request carries the access token the starter issued at login, and both apps validate it.\n\n"
+ "| Scenario | Baseline req/s | Starter req/s | Starter ÷ baseline (req/s) | Target (issue 15) | Baseline p50 / p99 ms | Starter p50 / p99 ms | App CPU µs per request, baseline / starter | Errors |\n"
+ "|---|---:|---:|---:|---|---:|---:|---:|---:|\n"
+ ([.scenarios[] |
    "| `\(.request)`\(if .authenticated then " + bearer token" else "" end) | \(.baseline.rps | n) | \(.starter.rps | n) | **\(.ratio_rps | f2)** | ≥ \(.target_ratio_rps | f2): \(met) "
    + "| \(.baseline.p50_ms | ms) / \(.baseline.p99_ms | ms) | \(.starter.p50_ms | ms) / \(.starter.p99_ms | ms) "
    + "| \(.baseline.cpu_us_per_request) / \(.starter.cpu_us_per_request) (×\(.ratio_cpu_per_request | f2)) "
    + "| \(.baseline.errors + .starter.errors) |"] | join("\n"))
+ "\n\n| Start-up and memory | Baseline | Starter | Starter ÷ baseline | Target (issue 15) |\n|---|---:|---:|---:|---|\n"
+ "| Cold start: process start to first 200 from `/api/v1/health` (ms) | \(.cold_start_ms.baseline.median) "
+ "| \(.cold_start_ms.starter.median) | \(.cold_start_ms.ratio | f2) | ≤ \(.cold_start_ms.target_ratio | f2): \(.cold_start_ms | met) |\n"
+ "| Peak RSS after every scenario's warm-up and load (VmHWM, MiB) | \(.peak_rss_mib.baseline) "
+ "| \(.peak_rss_mib.starter) | \(.peak_rss_mib.ratio | f2) | ≤ \(.peak_rss_mib.target_ratio | f2): \(.peak_rss_mib | met) |"
+ (.start_to_full_speed as $u | if $u == null then "" else
  "\n\nStart to full speed: a fresh process, then from its first 200 on `/api/v1/health` at once `wrk \($u.wrk | split(",")[0])` "
  + "on `\($u.request)` + bearer token, in back-to-back windows. Steady state: \($u.steady_state). "
  + "Full speed (✓): a window with ≥ 90 % of steady req/s. Time runs from the exec of the process; target (issue 27): full speed within 5 s.\n\n"
  + "| Window (s from exec: baseline / starter) | Baseline req/s | Baseline p99 ms | Starter req/s | Starter p99 ms |\n|---|---:|---:|---:|---:|\n"
  + ([range(0; [$u.baseline.windows, $u.starter.windows | length] | max) as $i
      | $u.baseline.windows[$i] as $b | $u.starter.windows[$i] as $st
      | "| \(if $b then "\($b.from_s | d1)–\($b.from_s + $b.seconds | d1)" else "" end) / \(if $st then "\($st.from_s | d1)–\($st.from_s + $st.seconds | d1)" else "" end) "
        + "| \(if $b then ($b.rps | n) else "" end)\(if $b.full_speed then " ✓" else "" end) | \(if $b then ($b.p99_ms | ms) else "" end) "
        + "| \(if $st then ($st.rps | n) else "" end)\(if $st.full_speed then " ✓" else "" end) | \(if $st then ($st.p99_ms | ms) else "" end) |"]
    | join("\n"))
  + "\n| **Cold start of this process** (ms) | \($u.baseline.cold_start_ms | n) | | \($u.starter.cold_start_ms | n) | |"
  + "\n| **Steady state** (req/s) | \($u.baseline.steady_rps | n) | | \($u.starter.steady_rps | n) | |"
  + "\n| First window ÷ steady | \($u.baseline.first_second_of_steady | f2) | | \($u.starter.first_second_of_steady | f2) | |"
  + "\n| **Start to full speed** (s from exec) | \($u.baseline.start_to_full_speed_s // "not reached") | | \($u.starter.start_to_full_speed_s // "not reached") | |"
  + "\n| **Target ≤ 5 s** | \($u.baseline | met) | | \($u.starter | met) | |"
  + "\n| Steady req/s ÷ the main measurement's item by id (`-c16`, warm) | \($u.baseline.steady_rps_of_main // "–") | | \($u.starter.steady_rps_of_main // "–") | |"
  end)
