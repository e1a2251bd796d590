# Sourced by the CI scripts. within <seconds> <command…> runs the command in a process group of its
# own, with no standard input. Past <seconds> it prints every process on the machine (the tree shows
# what the step waits on), stops every process under the step and fails with 124: a step that hangs
# then fails in minutes with its cause in the log, instead of running out CI's clock with nothing
# said. A run stopped by TERM, INT or HUP stops its step too.
within() {
  local limit=$1
  shift
  setsid --wait "$@" </dev/null &
  local pid=$! began=$SECONDS
  # setsid took the step out of this script's group: stopped itself (CI cancelled), this stops it too.
  trap 'kill -TERM -- "-$pid" $(processes_under "$pid") 2>/dev/null; exit 143' TERM INT HUP
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - began >= limit)); then
      echo "TIMED OUT after ${limit}s: $*" >&2
      echo "the processes at that moment:" >&2
      ps -eo pid,ppid,etime,stat,args --forest | cut -c1-400 >&2 || true
      # The group, and what left it (a nested within, setsid): every process under the step.
      local stragglers
      stragglers=$(processes_under "$pid")
      kill -TERM -- "-$pid" $stragglers 2>/dev/null || true
      sleep 5
      kill -KILL -- "-$pid" $stragglers 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      trap - TERM INT HUP
      return 124
    fi
    sleep 1
  done
  trap - TERM INT HUP
  wait "$pid"
}

# processes_under <pid>: the process and every one below it.
processes_under() {
  local child
  for child in $(ps -o pid= --ppid "$1"); do
    processes_under "$child"
  done
  echo "$1"
}
