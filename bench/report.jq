# Turns bench/run.sh's raw measurements ($runs: one per app, round and scenario; $sessions: one per
# app and round) into bench/results/latest.json. Every figure is the median over the rounds.
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): (. * pow(10; n) | round) / pow(10; n);
def requests: {
  root: "GET /",
  health: "GET /api/v1/health",
  item: "GET /api/v1/items/{random id 1..\($seeded)}",
  page: "GET /api/v1/items?limit=20",
  deep_page: "GET /api/v1/items?limit=20&cursor=(after id 90000)",
  create: "POST /api/v1/items"
};
def app_stats($app; $scenario):
  [$runs[] | select(.app == $app and .scenario == $scenario)] as $m
  | {
      rps: ([$m[].rps] | median | r(0)),
      p50_ms: ([$m[].p50_us] | median / 1000 | r(2)),
      p99_ms: ([$m[].p99_us] | median / 1000 | r(2)),
      # The app's own CPU (user + system) per request: unlike req/s, barely moved by other work.
      cpu_us_per_request: ([$m[] | .app_cpu_ms * 1000 / .requests] | median | r(0)),
      errors: ([$m[] | .bad_responses + .socket_errors] | add),
      requests: ([$m[].requests] | add),
      rps_by_round: [$m[] | .rps | r(0)]
    };
# Issue 15's targets: the least starter ÷ baseline req/s per scenario, and the most starter ÷
# baseline for cold start and peak RSS.
def ratio_targets: {root: 0.80, health: 0.90, item: 0.90, page: 0.90, deep_page: 0.90, create: 0.85};
def start_targets: {cold_start: 1.10, peak_rss: 1.30};
def cold_start($app):
  [$sessions[] | select(.app == $app and has("cold_start_ms")) | .cold_start_ms] as $v
  | {median: ($v | median | r(0)), by_round: $v};
# Start to full speed (issue 27): a fresh process, then from its first 200 the full load on item by
# id in back-to-back wrk windows. Steady state is the median req/s of the last $warmup_load_steady
# windows; the app is at full speed in the first window with >= 90 % of that. The figure runs from
# the exec of the process (the cold start included) to the end of that window. Target: within 5 s.
def full_speed($app):
  [$warmup_load[] | select(.app == $app)] | sort_by(.window) as $w
  | ([$w[-$warmup_load_steady:][].rps] | median) as $rps
  | ($w[0].cold_start_ms) as $cold
  | [$w[] | {
      from_s: ((.start_ms + $cold) / 1000 | r(2)), seconds: (.duration_us / 1e6 | r(2)),
      rps: (.rps | r(0)), p99_ms: (.p99_us / 1000 | r(2)), requests,
      full_speed: (.rps >= 0.9 * $rps),
      end_s: ((.start_ms + $cold + .duration_us / 1000) / 1000 | r(1))
    }] as $windows
  | ([$windows[] | select(.full_speed)][0].end_s) as $t
  | ([$runs[] | select(.app == $app and .scenario == "item") | .rps] | median) as $main
  | {
      cold_start_ms: $cold,
      steady_rps: ($rps | r(0)),
      first_second_of_steady: ($windows[0].rps / $rps | r(2)),
      # The same scenario in the main measurement (wrk -c$connections, warm): a check that the last
      # windows were steady indeed.
      main_measurement_item_rps: (if $main then $main | r(0) else null end),
      steady_rps_of_main: (if $main then $rps / $main | r(2) else null end),
      start_to_full_speed_s: $t,
      target_met: ($t != null and $t <= 5),
      windows: [$windows[] | del(.end_s)]
    };
def peak_rss_mib($app): [$sessions[] | select(.app == $app and has("peak_rss_kib")) | .peak_rss_kib / 1024 | r(0)][0];

{
  generated_at: $generated,
  commit: $commit,
  wall_time_s: $wall,
  machine: {
    nproc: $nproc, cpu: $cpu, memory_gib: ($mem_kib / 1048576 | r(1)), kernel: $kernel,
    load_average_before_run: $loadavg, dotnet_sdk: $sdk, aspnetcore_runtime: $runtime,
    postgresql: $postgres, wrk: $wrk
  },
  settings: {
    rounds: $rounds, warmup_s: $warmup, warmup_wrk: "-t1 -c\($warmup_connections)", duration_s: $duration, wrk_threads: $threads,
    wrk_connections: $connections, seeded_items: $seeded,
    token: "one access token from the starter's POST /api/v1/auth/login, sent as Authorization: Bearer on the authenticated scenarios; both apps validate it on every request (Identity's bearer handler, the same Data Protection key ring)",
    order: "per scenario and round, baseline and starter back to back, which first alternating; the app not under load is frozen (SIGSTOP)"
  },
  scenarios: [
    $scenario_list | split(" ")[] as $s
    | app_stats("baseline"; $s) as $b | app_stats("starter"; $s) as $st
    # A round's two measurements ran back to back, so their ratio is the least exposed to the
    # machine's drift: the median of those ratios is the result.
    | [range(0; $b.rps_by_round | length) as $i | $st.rps_by_round[$i] / $b.rps_by_round[$i] | r(2)] as $ratios
    | {
        name: $s, request: requests[$s], authenticated: ($authenticated_list | split(" ") | any(. == $s)),
        ratio_rps: ($ratios | median | r(2)), ratio_rps_by_round: $ratios,
        target_ratio_rps: ratio_targets[$s], target_met: (($ratios | median | r(2)) >= ratio_targets[$s]),
        ratio_of_median_rps: ($st.rps / $b.rps | r(2)),
        ratio_cpu_per_request: ($st.cpu_us_per_request / $b.cpu_us_per_request | r(2)),
        baseline: $b, starter: $st
      }
  ],
  cold_start_ms: ({baseline: cold_start("baseline"), starter: cold_start("starter")}
    | . + {ratio: (.starter.median / .baseline.median | r(2)), target_ratio: start_targets.cold_start}
    | . + {target_met: (.ratio <= .target_ratio)}),
  peak_rss_mib: ({baseline: peak_rss_mib("baseline"), starter: peak_rss_mib("starter")}
    | . + {ratio: (.starter / .baseline | r(2)), target_ratio: start_targets.peak_rss}
    | . + {target_met: (.ratio <= .target_ratio)}),
  start_to_full_speed: {
    request: requests.item, authenticated: true,
    wrk: "-t\($threads) -c\($warmup_load_connections), back-to-back runs from the first 200 of /api/v1/health of a fresh process",
    steady_state: "median req/s of the last \($warmup_load_steady) windows",
    reached_when: "the end of the first window with req/s >= 90% of steady state, counted from the exec of the process",
    target: "<= 5 s (issue 27)",
    baseline: full_speed("baseline"), starter: full_speed("starter")
  }
}
