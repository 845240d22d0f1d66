#!/usr/bin/env bash
# factory-proxy benchmark: the same upstream reached directly, through nginx, and through
# factory-proxy, side by side, all on loopback. See bench/README.md.
#
#   bench/run.sh            full run (about 20 minutes)
#   bench/run.sh --quick    short durations, 2,000 idle streams (a few minutes)
#   bench/run.sh --smoke    every scenario for a moment, to prove the harness runs (about a
#                           minute after the build; figures meaningless, written to bench/work)
#
# Options: --no-install (fail instead of apt-get), --no-build (reuse the jars), --profile (two
# extra runs of the proxy, not counted: CPU by thread, then JFR; written next to the results),
# --report-only (rewrite the report and chart from the last run's bench/work/state.sh).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK="$BENCH/work"
RESULTS="$BENCH/results"

MODE=full INSTALL=1 BUILD=1 PROFILE=0 REPORT_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick ;;
    --smoke) MODE=smoke ;;
    --full) MODE=full ;;
    --no-install) INSTALL=0 ;;
    --no-build) BUILD=0 ;;
    --profile) PROFILE=1 ;;
    --report-only) REPORT_ONLY=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# Every throughput/latency figure is taken ROUNDS times, the targets interleaved, and the round
# least disturbed by other processes on the machine is kept (all rounds are listed).
if [[ $MODE == smoke ]]; then
  PROXY_WARMUP=2 ROUNDS=1 DUR=1 SSE_ROUNDS=1 SSE_WARMUP=1 SSE_DUR=2 IDLE_STREAMS=200 IDLE_HOLD=2 BIG_DUR=1 COLD_RUNS=1
  OTHER_WARMUP=1 SSE_WARMUP_STREAMS=0
  RESULTS="$WORK/results"
elif [[ $MODE == quick ]]; then
  PROXY_WARMUP=10 ROUNDS=2 DUR=5 SSE_ROUNDS=1 SSE_WARMUP=3 SSE_DUR=8 IDLE_STREAMS=2000 IDLE_HOLD=12 BIG_DUR=5 COLD_RUNS=3
else
  PROXY_WARMUP=20 ROUNDS=3 DUR=10 SSE_ROUNDS=2 SSE_WARMUP=5 SSE_DUR=20 IDLE_STREAMS=10000 IDLE_HOLD=20 BIG_DUR=8 COLD_RUNS=5
fi
OTHER_WARMUP=${OTHER_WARMUP:-2} SSE_WARMUP_STREAMS=${SSE_WARMUP_STREAMS:-200}
# The proxy's warm-up lasts PROXY_WARMUP seconds at least, then goes on in WARM_SLICE-second
# slices until its JIT has settled (see warm_proxy), WARM_MAX seconds at most.
WARM_SLICE=5 WARM_JIT_PCT=2
case $MODE in smoke) WARM_MAX=$PROXY_WARMUP ;; quick) WARM_MAX=90 ;; *) WARM_MAX=150 ;; esac
SSE_STREAMS=1000
[[ $MODE == smoke ]] && SSE_STREAMS=100
SSE_RATE=20 IDLE_RATE=1 BIG_MIB=10 BIG_CONNS=4
# Scenario 4c: as many new streams as there are old ones, their starts spread over 100 ms.
BURST_STREAMS=$SSE_STREAMS BURST_SPREAD_MS=100
# The proxy runs as a user runs it: bin/factory-proxy, with the JVM flags that script passes by
# default (the report reads them back from the JVM). The launcher's inputs from the caller's
# environment would change what is measured, so they go; scenario 8 sets JAVA_OPTS= itself.
PROXY_LAUNCHER="$ROOT/bin/factory-proxy"
unset JAVA_OPTS JDK_JAVA_OPTIONS FACTORY_PROXY_JAR

# Loopback ports.
P_STATIC=18081       # nginx: static upstream (return 200)
P_STREAM=18100       # Java: streaming upstream
P_NGX_STATIC=18082   # nginx reverse proxy -> static upstream
P_NGX_STREAM=18083   # nginx reverse proxy -> streaming upstream
P_PROXY=18090        # factory-proxy (first against the static, then the streaming upstream)
P_COLD_PROXY=18091   # cold start runs
P_COLD_NGX=18092
P_PROXY_NOLOG=18093  # factory-proxy with its access log off (scenario 1, for reference only)
P_FLOOR=18094        # the least a Vert.x proxy can do (bench/loadgen floor; scenario 1, reference only)
ROUTE=/v1/chat/completions
UPSTREAM_PATH=/o/v1/chat/completions
# Scenario 4b: a model Factory serves over Anthropic Messages (in the shipped catalog), asked
# through the three client APIs; the proxy sends it to a/v1/messages, where the streaming
# upstream answers in Messages events.
CLAUDE_MODEL=claude-sonnet-4-5-20250929
MESSAGES_UPSTREAM_PATH=/a/v1/messages
T4B=(direct pass chat resp) # direct to the upstream; through the proxy: passthrough, Chat, Responses

CLK_TCK=$(getconf CLK_TCK 2> /dev/null || echo 100)
log() { printf '\033[1m[bench %s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup: no process left behind
PIDS=()   # every process we started and have not stopped yet
OURS=()   # our long-running servers, whose CPU is not "other processes'"
OLD_PORT_RANGE=""
POLICY_RC=""
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n $OLD_PORT_RANGE ]]; then
    echo "$OLD_PORT_RANGE" > /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  fi
  if [[ -n $POLICY_RC ]]; then
    rm -f "$POLICY_RC"
  fi
  # The proxy's access logs grow by the hundred megabytes: keep their tails only.
  local f
  for f in "$WORK"/proxy-*.log; do
    [[ -f $f ]] || continue
    tail -n 200 "$f" > "$f.tail" 2>/dev/null || true
    rm -f "$f"
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_gone() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  return 1
}

start_bg() { # name cmd... ; sets LAST_PID, output in $WORK/name.log
  local name=$1
  shift
  "$@" > "$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

forget_pid() {
  local keep=() pid
  for pid in "${PIDS[@]}"; do
    if [[ $pid != "$1" ]]; then keep+=("$pid"); fi
  done
  PIDS=("${keep[@]}")
}

stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  wait_gone "$1" 15 || kill -KILL "$1" 2>/dev/null || true
  forget_pid "$1"
  local keep=() pid
  for pid in "${OURS[@]}"; do
    if [[ $pid != "$1" ]]; then keep+=("$pid"); fi
  done
  OURS=("${keep[@]}")
}

run_fg() { # cmd... : run in the background and wait, so that the EXIT trap can end it too
  local pid rc=0
  "$@" &
  pid=$!
  PIDS+=("$pid")
  wait "$pid" || rc=$?
  forget_pid "$pid"
  return "$rc"
}

# ---------------------------------------------------------------- small helpers
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
ratio() { # a b -> a/b with 2 decimals, "n/a" when b is 0 or missing
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}
us_to_ms() { awk -v v="${1:-}" 'BEGIN { if (v == "") print "n/a"; else printf "%.3f", v / 1000 }'; }

declare -A R=()
load_kv() { # prefix file: key=value lines into R[prefix.key]
  local k v
  while IFS='=' read -r k v; do
    [[ $k =~ ^[a-z0-9_]+$ ]] && R["$1.$k"]=$v
  done < "$2"
}
r() { echo "${R[$1]:-}"; }

http_status() { # METHOD port path [body] -> prints the status code (empty when unreachable)
  local method=$1 port=$2 path=$3 body=${4:-} line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$method" "$path" "$port" "${#body}" "$body" >&3 2>/dev/null || true
  IFS= read -r -t 5 line <&3 || true
  exec 3<&- 3>&-
  line=${line%$'\r'}
  line=${line#HTTP/1.? }
  echo "${line%% *}"
}

stream_probe() { # port path body -> 0 when the answer is a 200 whose events carry a text stamp (t=<digits>)
  # Scenario 4b's guard: a proxy that does not translate sends a Claude model's chat or Responses
  # request to the chat path, where the upstream streams chat chunks stamped "t": instead.
  local port=$1 path=$2 body=$3 line="" status="" i
  PROBE_STATUS="" # unreachable: no status at all
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nanthropic-version: 2023-06-01\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$path" "$port" "${#body}" "$body" >&3 2>/dev/null || true
  IFS= read -r -t 5 status <&3 || true
  PROBE_STATUS=${status#HTTP/1.? }
  PROBE_STATUS=${PROBE_STATUS%% *}
  for ((i = 0; i < 60; i++)); do # headers, then the opening events and the first ticks
    IFS= read -r -t 5 line <&3 || break
    if [[ $line =~ t=[0-9]+ ]]; then
      exec 3<&- 3>&-
      [[ $PROBE_STATUS == 200 ]]
      return
    fi
  done
  exec 3<&- 3>&-
  return 1
}

wait_http() { # name port path seconds
  local i
  for ((i = 0; i < $4 * 20; i++)); do
    [[ $(http_status GET "$2" "$3") == 200 ]] && return 0
    sleep 0.05
  done
  die "$1 did not answer 200 on :$2$3 within $4 s (see $WORK/$1.log)"
}

port_free() { ! { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || { exec 3<&- 3>&-; return 1; }; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
children() { # pid -> its direct children (no procps needed)
  local stat line fields
  for stat in /proc/[0-9]*/stat; do
    { read -r line < "$stat"; } 2> /dev/null || continue
    read -ra fields <<< "${line##*) }"
    if [[ ${fields[1]} == "$1" ]]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done
}
tree() { echo "$1"; children "$1"; }
sum_rss() { local t=0 p; for p in "$@"; do t=$((t + $(rss_kib "$p"))); done; echo "$t"; }
sum_hwm() { local t=0 p; for p in "$@"; do t=$((t + $(hwm_kib "$p"))); done; echo "$t"; }
reset_hwm() { local p; for p in "$@"; do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }
heap_used_kib() { # pid: used heap after a full GC, KiB
  jcmd "$1" GC.run > /dev/null
  sleep 0.5
  # Every generation's "total NK, used NK" line (G1 prints one for the whole heap, Parallel one
  # per generation); Metaspace lines have no "total" and are left out.
  jcmd "$1" GC.heap_info | awk 'match($0, /total [0-9]+K, used [0-9]+K/) {
      line = substr($0, RSTART, RLENGTH); sub(/.*used /, "", line); sub(/K/, "", line); sum += line }
    END { print sum + 0 }'
}
thread_ticks() { # pid -> "thread-name user-ticks system-ticks" summed by name
  local t line f
  for t in /proc/"$1"/task/*; do
    { read -r line < "$t/stat"; } 2> /dev/null || continue
    read -ra f <<< "${line##*) }"
    line=${line#*(}
    line=${line%%)*}
    echo "${line// /_} ${f[11]} ${f[12]}"
  done | awk '{ u[$1] += $2; s[$1] += $3 } END { for (k in u) print k, u[k], s[k] }' | sort
}
fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
jvm_facts() { # pid key: the arguments the JVM was started with, its collector and heap ceiling, into R[key.*]
  local flags
  flags=$(jcmd "$1" VM.flags 2> /dev/null | tail -n +2 | tr ' ' '\n' || true)
  R[$2.jvm_args]=$(jcmd "$1" VM.command_line 2> /dev/null | sed -n 's/^jvm_args: //p' | sed 's/ *$//' || true)
  R[$2.gc]=$(grep -E '^-XX:\+Use[A-Za-z0-9]*GC$' <<< "$flags" | sed 's/^-XX:+Use//' | head -n 1 || true)
  R[$2.max_heap_mib]=$(awk -F= '$1 == "-XX:MaxHeapSize" { printf "%d", $2 / 1048576 }' <<< "$flags")
  R[$2.ergonomics]=$(grep -E '^-XX:\+Use[A-Za-z0-9]*GC$|MaxHeapSize|InitialHeapSize' <<< "$flags" | tr '\n' ' ' || true)
}

if ((REPORT_ONLY)); then
  [[ -f $WORK/state.sh ]] || die "no $WORK/state.sh: run the benchmark first"
  # shellcheck source=/dev/null
  source "$WORK/state.sh"
  [[ $MODE == smoke ]] && RESULTS="$WORK/results"
  if [[ -z ${SHA:-} ]]; then # a state saved before the run kept its code's name
    SHA=$(git -C "$ROOT" log -1 --format=%h -- src pom.xml conf 2> /dev/null || echo nogit)
    HEAD_SHA=$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo nogit)
    DIRTY="" RUN_DATE=$(date -u +%Y-%m-%d)
  fi
  PATH=$PATH:/usr/sbin
else
# ---------------------------------------------------------------- 0. tools
install_tools() {
  local need=()
  command -v nginx > /dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
  command -v wrk > /dev/null || need+=(wrk)
  command -v gnuplot > /dev/null || need+=(gnuplot-nox)
  ((${#need[@]})) || return 0
  ((INSTALL)) || die "missing: ${need[*]} (run without --no-install, or apt-get install them)"
  local sudo=()
  [[ $EUID == 0 ]] || sudo=(sudo)
  log "installing ${need[*]} (apt-get)"
  # Installing nginx must not start a system nginx on port 80: policy-rc.d denies service starts.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    POLICY_RC=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$POLICY_RC" > /dev/null
    "${sudo[@]}" chmod +x "$POLICY_RC"
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q > "$WORK/apt.log" 2>&1 \
    || die "apt-get update failed (see $WORK/apt.log)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" \
    >> "$WORK/apt.log" 2>&1 || die "apt-get install ${need[*]} failed (see $WORK/apt.log)"
  if [[ -n $POLICY_RC ]]; then
    "${sudo[@]}" rm -f "$POLICY_RC"
    POLICY_RC=""
  fi
}

mkdir -p "$WORK"
rm -rf "${WORK:?}"/*
mkdir -p "$RESULTS"
install_tools
PATH=$PATH:/usr/sbin
for tool in java mvn jcmd nginx wrk gnuplot awk; do
  command -v "$tool" > /dev/null || die "$tool not found"
done

NPROC=$(nproc)

# Sockets: 10k streams through a proxy are 20k descriptors in that one process.
ulimit -Hn 1048576 2> /dev/null || ulimit -Hn 65536 2> /dev/null || true
ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)
if [[ -w /proc/sys/net/ipv4/ip_local_port_range ]]; then
  OLD_PORT_RANGE=$(tr -s '\t ' ' ' < /proc/sys/net/ipv4/ip_local_port_range)
  # Wider, and above the ports the servers listen on (181xx), so no client socket takes one.
  echo "20000 65000" > /proc/sys/net/ipv4/ip_local_port_range 2> /dev/null || OLD_PORT_RANGE=""
fi
IDLE_WANTED=$IDLE_STREAMS
if ((IDLE_STREAMS * 2 + 512 > NOFILE)); then
  IDLE_STREAMS=$(((NOFILE - 512) / 2))
  log "open-file limit is $NOFILE and cannot be raised here: idle streams capped at $IDLE_STREAMS (wanted $IDLE_WANTED)"
fi

if (((SSE_STREAMS + BURST_STREAMS) * 2 + 512 > NOFILE)); then
  BURST_STREAMS=$(((NOFILE - 512) / 2 - SSE_STREAMS))
  ((BURST_STREAMS > 0)) || die "open-file limit $NOFILE: too low for $SSE_STREAMS streams through a proxy"
  log "open-file limit is $NOFILE and cannot be raised here: the burst of scenario 4c capped at $BURST_STREAMS new streams"
fi

for p in $P_STATIC $P_STREAM $P_NGX_STATIC $P_NGX_STREAM $P_PROXY $P_COLD_PROXY $P_COLD_NGX; do
  port_free "$p" || die "port $p is in use on 127.0.0.1"
done

# ---------------------------------------------------------------- 1. build
PROXY_JAR="$ROOT/target/factory-proxy.jar"
LOADGEN_JAR="$BENCH/loadgen/target/loadgen.jar"
if ((BUILD)); then
  log "building factory-proxy (mvn -B -q package -DskipTests)"
  (cd "$ROOT" && mvn -B -q package -DskipTests) > "$WORK/build-proxy.log" 2>&1 || die "build failed (see $WORK/build-proxy.log)"
  log "building the load tools (bench/loadgen)"
  (cd "$BENCH/loadgen" && mvn -B -q package) > "$WORK/build-loadgen.log" 2>&1 || die "build failed (see $WORK/build-loadgen.log)"
fi
[[ -f $PROXY_JAR && -f $LOADGEN_JAR ]] || die "jars missing: run without --no-build"

# ---------------------------------------------------------------- 2. servers
CHAT_RESPONSE='{"id":"chatcmpl-bench","object":"chat.completion","created":1764086400,"model":"accounts/fireworks/models/glm-4p6","choices":[{"index":0,"message":{"role":"assistant","content":"The sky looks blue because the molecules of the air scatter the short blue wavelengths of sunlight far more than the long red ones. That scattered blue light reaches the eye from every direction of the sky."},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"completion_tokens":41,"total_tokens":72}}'
SMALL_REQUEST='{"model":"glm-4.6","stream":false,"max_tokens":512,"temperature":0.7,"messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Explain in two sentences why the sky is blue."}]}'
USER_LINE=""
[[ $EUID == 0 ]] && USER_LINE="user root root;"

nginx_common() { # prefix
  mkdir -p "$1/tmp"
  cat << EOF
$USER_LINE
pid $1/nginx.pid;
error_log $1/error.log warn;
worker_rlimit_nofile $NOFILE;
EOF
}
nginx_http_common() { # prefix
  cat << EOF
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
  keepalive_timeout 300s;
  keepalive_requests 1000000;
  client_max_body_size 64m;
EOF
}

# (a) the static upstream: one worker, no logging, answers the chat path at once.
mkdir -p "$WORK/nginx-static"
{
  nginx_common "$WORK/nginx-static"
  cat << EOF
worker_processes 1;
events { worker_connections $((NOFILE - 64)); }
http {
$(nginx_http_common "$WORK/nginx-static")
  access_log off;
  server {
    listen 127.0.0.1:$P_STATIC backlog=4096;
    location = $UPSTREAM_PATH {
      default_type application/json;
      return 200 '$CHAT_RESPONSE';
    }
    location = /health { return 200 'ok'; }
  }
}
EOF
} > "$WORK/nginx-static/nginx.conf"

# (c) nginx as the reverse proxy under comparison: one worker per core, streaming-friendly,
# the same headers the proxy adds, its access log on as shipped.
mkdir -p "$WORK/nginx-proxy"
{
  nginx_common "$WORK/nginx-proxy"
  cat << EOF
worker_processes $NPROC;
events { worker_connections $((NOFILE - 64)); }
http {
$(nginx_http_common "$WORK/nginx-proxy")
  access_log $WORK/nginx-proxy/access.log;
  client_body_buffer_size 16m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Authorization "Bearer bench";
  proxy_set_header x-api-provider fireworks;
  proxy_buffering off;
  proxy_read_timeout 600s;
  upstream static_up { server 127.0.0.1:$P_STATIC; keepalive 1024; keepalive_requests 1000000; keepalive_timeout 300s; }
  upstream stream_up { server 127.0.0.1:$P_STREAM; keepalive 1024; keepalive_requests 1000000; keepalive_timeout 300s; }
  server {
    listen 127.0.0.1:$P_NGX_STATIC reuseport backlog=4096;
    location = $ROUTE { proxy_pass http://static_up$UPSTREAM_PATH; }
    location = /health { return 200 'ok'; }
  }
  server {
    listen 127.0.0.1:$P_NGX_STREAM reuseport backlog=4096;
    location = $ROUTE { proxy_pass http://stream_up$UPSTREAM_PATH; }
    location = /health { return 200 'ok'; }
  }
}
EOF
} > "$WORK/nginx-proxy/nginx.conf"

# nginx for the cold start comparison: nothing but /health.
mkdir -p "$WORK/nginx-cold"
{
  nginx_common "$WORK/nginx-cold"
  cat << EOF
worker_processes $NPROC;
events { worker_connections 1024; }
http {
$(nginx_http_common "$WORK/nginx-cold")
  access_log off;
  server { listen 127.0.0.1:$P_COLD_NGX; location = /health { return 200 'ok'; } }
}
EOF
} > "$WORK/nginx-cold/nginx.conf"

for n in nginx-static nginx-proxy nginx-cold; do
  nginx -t -q -c "$WORK/$n/nginx.conf" -p "$WORK/$n" -g 'daemon off;' > "$WORK/$n/test.log" 2>&1 \
    || die "nginx config $n: $(cat "$WORK/$n/test.log")"
done

start_nginx() { # name
  start_bg "$1" nginx -c "$WORK/$1/nginx.conf" -p "$WORK/$1" -g 'daemon off;'
}

start_proxy() { # name upstream-port [port [VAR=value...: more environment, e.g. JAVA_OPTS=]] ; sets PROXY_PID
  local name=$1 upstream=$2 port=${3:-$P_PROXY}
  shift 3 2> /dev/null || shift $#
  mkdir -p "$WORK/$name.d" # empty working directory: no .env, the packaged conf/config.json
  # The launcher execs java: PROXY_PID is the JVM's, for jcmd and /proc.
  start_bg "$name" env -C "$WORK/$name.d" FACTORY_AI_TOKEN=bench FACTORY_BASE_URL="http://127.0.0.1:$upstream" \
    HOST=127.0.0.1 PORT="$port" UPSTREAM_POOL_SIZE=20000 "$@" "$PROXY_LAUNCHER"
  PROXY_PID=$LAST_PID
  OURS+=("$PROXY_PID")
  wait_http "$name" "$port" /health 60
}

# The same proxy with the access logger off, to show what the access log costs.
cat > "$WORK/logback-noaccess.xml" << 'EOF'
<configuration>
  <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <logger name="dev.factoryproxy.access" level="OFF"/>
  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
</configuration>
EOF

# ---------------------------------------------------------------- 3. load runners
# CPU used during a run by processes that are not ours (other tenants of the machine, steal):
# the machine's busy ticks minus the ticks of our servers and of the load tool.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
pid_ticks() {
  local t=0 p line f
  for p in "$@"; do
    { read -r line < "/proc/$p/stat"; } 2> /dev/null || continue
    read -ra f <<< "${line##*) }"
    t=$((t + f[11] + f[12]))
  done
  echo "$t"
}
times_ticks() { # the CPU of this shell's reaped children (the load tools) from a `times` dump, in ticks
  awk -v hz="$CLK_TCK" 'NR == 2 { t = 0; for (i = 1; i <= NF; i++) { split($i, b, /[ms]/); t += b[1] * 60 + b[2] } printf "%d", t * hz }' "$WORK/.times"
}
SUBJECT=()
meter_start() { # [subject pids...]: the process(es) whose CPU is charged to the target
  SUBJECT=("$@")
  times > "$WORK/.times" # in this shell, not in a $( ): only here are the children visible
  M_CHILD=$(times_ticks)
  M_MACHINE=$(machine_ticks) M_OURS=$(pid_ticks "${OURS[@]}") M_SUBJECT=$(pid_ticks "${SUBJECT[@]}") M_T0=$(date +%s%N)
}
meter_stop() { # key
  local machine ours child subject secs
  machine=$(($(machine_ticks) - M_MACHINE))
  ours=$(($(pid_ticks "${OURS[@]}") - M_OURS))
  subject=$(($(pid_ticks "${SUBJECT[@]}") - M_SUBJECT))
  times > "$WORK/.times"
  child=$(($(times_ticks) - M_CHILD))
  secs=$(calc "($(date +%s%N) - $M_T0) / 1e9" 3)
  R[$1.busy_cores]=$(calc "$machine / $CLK_TCK / $secs")
  R[$1.subject_cpu_s]=$(calc "$subject / $CLK_TCK" 2)
  R[$1.subject_cores]=$(calc "$subject / $CLK_TCK / $secs")
  R[$1.foreign_cores]=$(awk -v f="$((machine - ours - child))" -v hz="$CLK_TCK" -v s="$secs" \
    'BEGIN { f = f / hz / s; printf "%.2f", (f < 0.005 ? 0 : f) }')
}
declare -A SUBJECT_OF=()
subject_pids() { # target -> the pids that do its work
  case $1 in
    direct) echo "${SUBJECT_OF[direct]}" ;;
    nginx) tree "$NGX_PROXY_PID" ;;
    proxy) echo "$PROXY_PID" ;;
    proxy_nolog) echo "$NOLOG_PID" ;;
    vertx_floor) echo "$FLOOR_PID" ;;
  esac
}
per_unit() { # key unit-count-key out-key: CPU microseconds of the subject per unit
  local n; n=$(r "$1.$2")
  if [[ -n $n && $n != 0 ]]; then R[$1.$3]=$(calc "$(r "$1.subject_cpu_s") * 1000000 / $n" 1); fi
}

wrk_run() { # key url conns seconds [body MiB] [subject pids...]
  local key=$1 url=$2 conns=$3 secs=$4 mib=${5:-0}
  shift 5 2> /dev/null || shift $#
  meter_start "$@"
  run_fg env BODY_MIB="$mib" WRK_OUT="$WORK/$key.kv" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s \
    -s "$BENCH/lua/chat.lua" "$url" > "$WORK/$key.wrk.txt" 2>&1 || die "wrk failed: $(tail -3 "$WORK/$key.wrk.txt")"
  meter_stop "$key"
  load_kv "$key" "$WORK/$key.kv"
  per_unit "$key" requests cpu_us_per_req
}

sse_client() { # key url streams rate warmup seconds [ready-file] : starts the client, sets LAST_PID
  # The client's API and model come from SSE_API and SSE_MODEL (a chat request for glm-4.6 unless set).
  local key=$1 url="$2?rate=$4" ready=${7:-}
  # With SSE_BURST=N, after the warm-up N new streams start over BURST_SPREAD_MS (scenario 4c); the
  # client ends one second after the last of them has its first event, and ignores the duration.
  local args=(--url "$url" --streams "$3" --warmup "$5" --duration "$6" --out "$WORK/$key.kv" --label "$key"
    --api "${SSE_API:-chat}" --model "${SSE_MODEL:-glm-4.6}")
  if [[ -n $ready ]]; then args+=(--ready-file "$ready"); fi
  if [[ -n ${SSE_BURST:-} ]]; then args+=(--burst "$SSE_BURST" --burst-window-ms "$BURST_SPREAD_MS"); fi
  start_bg "$key.sse" java -Xmx1g -jar "$LOADGEN_JAR" sse "${args[@]}"
}

await_ready() { # ready-file pid: until the client has written its ready file or died, 180 s at most
  local i
  for ((i = 0; i < 1800; i++)); do
    [[ -f $1 ]] && break
    kill -0 "$2" 2> /dev/null || break
    sleep 0.1
  done
}

sse_wait() { # key pid
  local rc=0
  wait "$2" || rc=$?
  forget_pid "$2"
  ((rc == 0)) || die "sse client $1 failed: $(tail -5 "$WORK/$1.sse.log")"
  load_kv "$1" "$WORK/$1.kv"
}

sse_run() { # key url streams rate warmup seconds [subject pids...]: CPU metered over the measured window
  local key=$1 client
  local ready="$WORK/$key.ready"
  rm -f "$ready"
  sse_client "$1" "$2" "$3" "$4" "$5" "$6" "$ready"
  client=$LAST_PID
  await_ready "$ready" "$client"
  sleep "$5"
  shift 6
  meter_start "$@"
  sse_wait "$key" "$client"
  meter_stop "$key"
  per_unit "$key" events cpu_us_per_event
  local pid
  for pid in "$@"; do # a target that died mid-run would only show as errors
    kill -0 "$pid" 2> /dev/null || die "the target's process $pid exited during $key (see the logs in $WORK)"
  done
}

# The JIT of a program the proxy's size keeps compiling for 30-60 s under load on 2 cores, and
# until it is done it takes a core's share from the event loops: a figure taken earlier is partly
# the compiler's. A proxy that serves for hours runs compiled, so each warm-up goes on, in slices,
# until the compiler threads used under WARM_JIT_PCT % of a core over a slice. How long that took
# goes into the report.
jit_ticks() { # pid -> CPU ticks of its JIT compiler threads
  local t=0 d line f
  for d in /proc/"$1"/task/*; do
    { read -r line < "$d/stat"; } 2> /dev/null || continue
    [[ $line == *"(C1 CompilerThre)"* || $line == *"(C2 CompilerThre)"* ]] || continue
    read -ra f <<< "${line##*) }"
    t=$((t + f[11] + f[12]))
  done
  echo "$t"
}
warm_proxy() { # key pid kind(wrk|sse) url [conns|streams] : PROXY_WARMUP s, then slices until the JIT settled
  local key=$1 pid=$2 kind=$3 url=$4 n=$5 secs=0 slice=0 before ticks=0 requests=0 settled=no
  while :; do
    local len=$WARM_SLICE
    if ((secs == 0)); then len=$PROXY_WARMUP; fi
    before=$(jit_ticks "$pid")
    if [[ $kind == wrk ]]; then
      wrk_run "$key.w$slice" "$url" "$n" "$len"
      requests=$((requests + $(r "$key.w$slice.requests")))
    else
      sse_run "$key.w$slice" "$url" "$n" "$SSE_RATE" 0 "$len"
    fi
    ticks=$(($(jit_ticks "$pid") - before))
    secs=$((secs + len))
    slice=$((slice + 1))
    if awk -v t="$ticks" -v l="$len" -v hz="$CLK_TCK" -v p="$WARM_JIT_PCT" 'BEGIN { exit !(t * 100 / hz / l < p) }'; then
      settled=yes
      break
    fi
    ((secs + WARM_SLICE <= WARM_MAX)) || break
  done
  R[$key.requests]=$requests
  R[$key.warm_s]=$secs
  R[$key.jit_settled]=$settled
  R[$key.jit_last_pct]=$(calc "$ticks * 100 / $CLK_TCK / $len" 1)
  log "  warm-up $key: ${secs}s, JIT ${R[$key.jit_last_pct]} % of a core in the last slice (settled: $settled)"
}

pick_round() { # prefix rounds: keep the round least disturbed by other processes as prefix.*
  local prefix=$1 n=$2 i best=1 k all=""
  for ((i = 1; i <= n; i++)); do
    all+="${all:+ / }$(r "$prefix.r$i.${3:-rps}")"
    if awk -v a="$(r "$prefix.r$i.foreign_cores")" -v b="$(r "$prefix.r$best.foreign_cores")" 'BEGIN { exit !(a < b) }'; then
      best=$i
    fi
  done
  for k in "${!R[@]}"; do
    if [[ $k == "$prefix.r$best."* ]]; then R[$prefix.${k#"$prefix.r$best."}]=${R[$k]}; fi
  done
  R[$prefix.round]=$best
  R[$prefix.rounds]=$all
}

wrk_scenario() { # scenario conns seconds url-array [body MiB [extra targets...]] : ROUNDS interleaved rounds
  local s=$1 conns=$2 secs=$3 mib=${5:-0} i t
  local -n urls=$4
  shift 5 2> /dev/null || shift $#
  local targets=("${TARGETS[@]}" "$@")
  for ((i = 1; i <= ROUNDS; i++)); do
    for t in "${targets[@]}"; do
      wrk_run "$s.$t.r$i" "${urls[$t]}" "$conns" "$secs" "$mib" $(subject_pids "$t")
    done
  done
  for t in "${targets[@]}"; do
    pick_round "$s.$t" "$ROUNDS"
    log "  $t: $(r "$s.$t.rps") req/s (rounds: $(r "$s.$t.rounds")), p50 $(r "$s.$t.lat_p50_us") us, p99 $(r "$s.$t.lat_p99_us") us, errors $(r "$s.$t.errors"), $(r "$s.$t.cpu_us_per_req") CPU-us/req, other CPU $(r "$s.$t.foreign_cores") cores"
  done
}

declare -A URL_STATIC=(
  [direct]="http://127.0.0.1:$P_STATIC$UPSTREAM_PATH"
  [nginx]="http://127.0.0.1:$P_NGX_STATIC$ROUTE"
  [proxy]="http://127.0.0.1:$P_PROXY$ROUTE"
  [proxy_nolog]="http://127.0.0.1:$P_PROXY_NOLOG$ROUTE"
  [vertx_floor]="http://127.0.0.1:$P_FLOOR$ROUTE"
)
declare -A URL_STREAM=(
  [direct]="http://127.0.0.1:$P_STREAM$UPSTREAM_PATH"
  [nginx]="http://127.0.0.1:$P_NGX_STREAM$ROUTE"
  [proxy]="http://127.0.0.1:$P_PROXY$ROUTE"
)
declare -A URL_XLATE=( # scenario 4b
  [direct]="http://127.0.0.1:$P_STREAM$MESSAGES_UPSTREAM_PATH"
  [pass]="http://127.0.0.1:$P_PROXY/v1/messages"
  [chat]="http://127.0.0.1:$P_PROXY/v1/chat/completions"
  [resp]="http://127.0.0.1:$P_PROXY/v1/responses"
)
declare -A API_XLATE=([direct]=messages [pass]=messages [chat]=chat [resp]=responses)
# What each client asks, for the probe before scenario 4b (the SSE client builds the same itself).
declare -A PROBE_XLATE=(
  [pass]='{"model":"'"$CLAUDE_MODEL"'","stream":true,"max_tokens":512,"messages":[{"role":"user","content":"Hi"}]}'
  [chat]='{"model":"'"$CLAUDE_MODEL"'","stream":true,"max_tokens":512,"messages":[{"role":"user","content":"Hi"}]}'
  [resp]='{"model":"'"$CLAUDE_MODEL"'","stream":true,"max_output_tokens":512,"input":[{"role":"user","content":"Hi"}]}'
)
declare -A URL_JSON=(
  [direct]="${URL_STREAM[direct]}?mode=json"
  [nginx]="${URL_STREAM[nginx]}?mode=json"
  [proxy]="${URL_STREAM[proxy]}?mode=json"
)
TARGETS=(direct nginx proxy)
START=$(date +%s)

# ---------------------------------------------------------------- 4. non-streaming scenarios
log "mode=$MODE nproc=$NPROC nofile=$NOFILE load=$(cut -d' ' -f1-3 /proc/loadavg); starting nginx and factory-proxy"
start_nginx nginx-static
NGX_STATIC_PID=$LAST_PID
start_nginx nginx-proxy
NGX_PROXY_PID=$LAST_PID
wait_http nginx-static "$P_STATIC" /health 10
wait_http nginx-proxy "$P_NGX_STATIC" /health 10
OURS+=($(tree "$NGX_STATIC_PID") $(tree "$NGX_PROXY_PID"))
SUBJECT_OF[direct]=$(tree "$NGX_STATIC_PID")
# JDK_JAVA_OPTIONS adds the logback file to the launcher's flags (JAVA_OPTS would replace them).
start_proxy proxy-nolog "$P_STATIC" "$P_PROXY_NOLOG" JDK_JAVA_OPTIONS=-Dlogback.configurationFile="$WORK/logback-noaccess.xml"
NOLOG_PID=$PROXY_PID
# The floor runs through the same launcher (FACTORY_PROXY_JAR names its jar): the same JVM flags
# as the proxy by construction.
start_bg vertx-floor env FACTORY_PROXY_JAR="$LOADGEN_JAR" "$PROXY_LAUNCHER" floor --port "$P_FLOOR" \
  --upstream "http://127.0.0.1:$P_STATIC$UPSTREAM_PATH"
FLOOR_PID=$LAST_PID
wait_http vertx-floor "$P_FLOOR" "$ROUTE" 30
start_proxy proxy-static "$P_STATIC"
for t in "${TARGETS[@]}" proxy_nolog vertx_floor; do
  hostpath=${URL_STATIC[$t]#http://127.0.0.1:}
  status=$(http_status POST "${hostpath%%/*}" "/${hostpath#*/}" "$SMALL_REQUEST")
  [[ $status == 200 ]] || die "smoke POST to $t (${URL_STATIC[$t]}) answered '$status'"
done
jvm_facts "$PROXY_PID" jvm.launcher
PROXY_JVM_FLAGS=$(r jvm.launcher.ergonomics)
R[proxy.transport]=$(grep -o '[a-z_]* transport' "$WORK/proxy-static.log" | head -1)
PROXY_REQUESTS=0
count_proxy() { PROXY_REQUESTS=$((PROXY_REQUESTS + $(r "$1.requests"))); }

log "warm-up: proxy at least ${PROXY_WARMUP}s, until its JIT settles (at most ${WARM_MAX}s; also the reference proxy with its access log off and the Vert.x floor), nginx and direct ${OTHER_WARMUP}s"
wrk_run warm.direct "${URL_STATIC[direct]}" 32 "$OTHER_WARMUP"
wrk_run warm.nginx "${URL_STATIC[nginx]}" 32 "$OTHER_WARMUP"
warm_proxy warm.proxy "$PROXY_PID" wrk "${URL_STATIC[proxy]}" 32
count_proxy warm.proxy
wrk_run warm2.proxy "${URL_STATIC[proxy]}" 256 $((OTHER_WARMUP + 1))
count_proxy warm2.proxy
warm_proxy warm.proxy_nolog "$NOLOG_PID" wrk "${URL_STATIC[proxy_nolog]}" 32
warm_proxy warm.vertx_floor "$FLOOR_PID" wrk "${URL_STATIC[vertx_floor]}" 32

log "scenario 1: small JSON POST, 32 connections, $ROUNDS x ${DUR}s per target"
wrk_scenario s1 32 "$DUR" URL_STATIC 0 proxy_nolog vertx_floor
stop_pid "$NOLOG_PID"
stop_pid "$FLOOR_PID"
log "scenario 2: small JSON POST, 1 connection, $ROUNDS x ${DUR}s per target"
wrk_scenario s2 1 "$DUR" URL_STATIC
log "scenario 3: small JSON POST, 256 connections, $ROUNDS x ${DUR}s per target"
wrk_scenario s3 256 "$DUR" URL_STATIC
for s in s1 s2 s3; do
  for ((i = 1; i <= ROUNDS; i++)); do count_proxy "$s.proxy.r$i"; done
done

if ((PROFILE)); then
  log "profile: two extra ${DUR}s runs of the proxy at 32 connections, CPU by thread, then JFR (not counted)"
  # First without JFR (starting a recording makes the JIT recompile): CPU by thread.
  thread_ticks "$PROXY_PID" > "$WORK/threads.before"
  wrk_run prof0.proxy "${URL_STATIC[proxy]}" 32 "$DUR" 0 "$PROXY_PID"
  thread_ticks "$PROXY_PID" > "$WORK/threads.after"
  count_proxy prof0.proxy
  jcmd "$PROXY_PID" JFR.start name=bench settings=profile filename="$WORK/proxy.jfr" > /dev/null
  wrk_run prof.proxy "${URL_STATIC[proxy]}" 32 "$DUR" 0 "$PROXY_PID"
  jcmd "$PROXY_PID" JFR.stop name=bench > /dev/null
  count_proxy prof.proxy
fi

stop_pid "$PROXY_PID"
ACCESS_LINES=$(grep -c " path=$ROUTE " "$WORK/proxy-static.log" || true)
log "access log: $ACCESS_LINES lines for $PROXY_REQUESTS completed requests"

# Scenario 8, first half, while the static upstream runs: the same proxy on the JVM's own
# defaults (JAVA_OPTS= : no flags at all), the same warm-up, one round of scenario 1.
log "scenario 8: the proxy on the JVM's defaults (JAVA_OPTS=), warm-up as above, then 32 connections for ${DUR}s"
start_proxy proxy-defaults-static "$P_STATIC" "$P_PROXY" JAVA_OPTS=
jvm_facts "$PROXY_PID" jvm.defaults
warm_proxy warm8.proxy "$PROXY_PID" wrk "${URL_STATIC[proxy]}" 32
wrk_run warm8b.proxy "${URL_STATIC[proxy]}" 256 $((OTHER_WARMUP + 1))
wrk_run s8.defaults "${URL_STATIC[proxy]}" 32 "$DUR" 0 "$PROXY_PID"
log "  JVM defaults ($(r jvm.defaults.gc), max heap $(r jvm.defaults.max_heap_mib) MiB): $(r s8.defaults.rps) req/s, $(r s8.defaults.cpu_us_per_req) CPU-us/req; launcher ($(r jvm.launcher.gc), $(r jvm.launcher.max_heap_mib) MiB): $(r s1.proxy.rps) req/s, $(r s1.proxy.cpu_us_per_req) CPU-us/req"
stop_pid "$PROXY_PID"
stop_pid "$NGX_STATIC_PID"

# ---------------------------------------------------------------- 5. streaming and large-body scenarios
log "starting the streaming upstream and factory-proxy in front of it"
start_bg stream-upstream java -Xmx1g -jar "$LOADGEN_JAR" upstream --port "$P_STREAM"
STREAM_PID=$LAST_PID
wait_http stream-upstream "$P_STREAM" /health 30
OURS+=("$STREAM_PID")
SUBJECT_OF[direct]=$STREAM_PID
start_proxy proxy-stream "$P_STREAM"

if ((SSE_WARMUP_STREAMS > 0)); then
  log "warm-up: $SSE_WARMUP_STREAMS streams, proxy until its JIT settles, nginx and direct 3s"
  sse_run warmsse.direct "${URL_STREAM[direct]}" "$SSE_WARMUP_STREAMS" "$SSE_RATE" 0 3
  sse_run warmsse.nginx "${URL_STREAM[nginx]}" "$SSE_WARMUP_STREAMS" "$SSE_RATE" 0 3
  warm_proxy warmsse.proxy "$PROXY_PID" sse "${URL_STREAM[proxy]}" "$SSE_WARMUP_STREAMS"
fi

log "scenario 4: $SSE_STREAMS streams x $SSE_RATE events/s, $SSE_ROUNDS x ${SSE_DUR}s measured per target"
for ((i = 1; i <= SSE_ROUNDS; i++)); do
  for t in "${TARGETS[@]}"; do
    sse_run "s4.$t.r$i" "${URL_STREAM[$t]}" "$SSE_STREAMS" "$SSE_RATE" "$SSE_WARMUP" "$SSE_DUR" $(subject_pids "$t")
  done
done
for t in "${TARGETS[@]}"; do
  pick_round "s4.$t" "$SSE_ROUNDS" lat_p99_us
  log "  $t: event p50 $(r s4.$t.lat_p50_us) us, p99 $(r s4.$t.lat_p99_us) us (rounds: $(r s4.$t.rounds)), max $(r s4.$t.lat_max_us) us, errors $(r s4.$t.errors), $(r s4.$t.cpu_us_per_event) CPU-us/event, other CPU $(r s4.$t.foreign_cores) cores"
done

# 4c: a burst of new streams while the old ones stream. The client ends on its own one second
# after the last new stream's first event; CPU is metered from the burst's start.
log "scenario 4c: $SSE_STREAMS streams x $SSE_RATE events/s, after ${SSE_WARMUP}s $BURST_STREAMS new ones over ${BURST_SPREAD_MS} ms, $SSE_ROUNDS round(s) per target"
for ((i = 1; i <= SSE_ROUNDS; i++)); do
  for t in "${TARGETS[@]}"; do
    SSE_BURST=$BURST_STREAMS sse_run "s4c.$t.r$i" "${URL_STREAM[$t]}" "$SSE_STREAMS" "$SSE_RATE" "$SSE_WARMUP" 0 $(subject_pids "$t")
  done
done
for t in "${TARGETS[@]}"; do
  pick_round "s4c.$t" "$SSE_ROUNDS" burst_ttfb_p50_us
  log "  $t: new streams TTFB p50 $(r "s4c.$t.burst_ttfb_p50_us") us (rounds: $(r "s4c.$t.rounds")), p99 $(r "s4c.$t.burst_ttfb_p99_us") us, $(r "s4c.$t.burst_established")/$BURST_STREAMS in $(r "s4c.$t.burst_open_ms") ms, errors $(r "s4c.$t.burst_errors"); old streams p99 $(r "s4c.$t.before_old_lat_p99_us") us before -> $(r "s4c.$t.burst_old_lat_p99_us") us during; other CPU $(r "s4c.$t.foreign_cores") cores"
done

# 4b: the same load through translation. The proxy answers a Claude model on /v1/messages by
# relaying the upstream's Messages events, and on /v1/chat/completions and /v1/responses by
# translating each event. nginx does not translate: it has no column here.
for t in pass chat resp; do
  stream_probe "$P_PROXY" "${URL_XLATE[$t]#http://127.0.0.1:$P_PROXY}?events=2" "${PROBE_XLATE[$t]}" \
    || die "scenario 4b: a streaming $CLAUDE_MODEL request to ${URL_XLATE[$t]} answered '$PROBE_STATUS' without a translated text stamp; is translation on this proxy? (see $WORK/proxy-stream.log)"
done
if ((SSE_WARMUP_STREAMS > 0)); then
  log "warm-up 4b: $SSE_WARMUP_STREAMS streams, translated until the JIT settles, passthrough and direct 3s"
  for t in "${T4B[@]}"; do
    if [[ $t == chat || $t == resp ]]; then
      SSE_API=${API_XLATE[$t]} SSE_MODEL=$CLAUDE_MODEL warm_proxy "warmsse4b.$t" "$PROXY_PID" sse "${URL_XLATE[$t]}" "$SSE_WARMUP_STREAMS"
    else
      SSE_API=${API_XLATE[$t]} SSE_MODEL=$CLAUDE_MODEL sse_run "warmsse4b.$t" "${URL_XLATE[$t]}" "$SSE_WARMUP_STREAMS" "$SSE_RATE" 0 3
    fi
  done
fi
log "scenario 4b: through translation, $CLAUDE_MODEL, $SSE_STREAMS streams x $SSE_RATE events/s, $SSE_ROUNDS x ${SSE_DUR}s measured per target"
for ((i = 1; i <= SSE_ROUNDS; i++)); do
  for t in "${T4B[@]}"; do
    who=proxy
    [[ $t == direct ]] && who=direct
    SSE_API=${API_XLATE[$t]} SSE_MODEL=$CLAUDE_MODEL sse_run "s4b.$t.r$i" "${URL_XLATE[$t]}" "$SSE_STREAMS" "$SSE_RATE" \
      "$SSE_WARMUP" "$SSE_DUR" $(subject_pids "$who")
  done
done
for t in "${T4B[@]}"; do
  pick_round "s4b.$t" "$SSE_ROUNDS" lat_p99_us
  log "  $t: event p50 $(r s4b.$t.lat_p50_us) us, p99 $(r s4b.$t.lat_p99_us) us (rounds: $(r s4b.$t.rounds)), $(r s4b.$t.events_per_s) events/s, errors $(r s4b.$t.errors), $(r s4b.$t.cpu_us_per_event) CPU-us/event, other CPU $(r s4b.$t.foreign_cores) cores"
  if [[ $(r s4b.$t.events) == 0 ]]; then log "  $t: no stamped event received (does the translation keep the delta text?)"; fi
done

log "scenario 5: $IDLE_STREAMS streams x $IDLE_RATE event/s, memory held (nginx, proxy)"
for t in nginx proxy; do
  case $t in
    nginx) pids=($(tree "$NGX_PROXY_PID")) ;;
    proxy) pids=("$PROXY_PID") ;;
  esac
  if [[ $t == proxy ]]; then R[s5.$t.heap_before_kib]=$(heap_used_kib "$PROXY_PID"); fi
  R[s5.$t.rss_before_kib]=$(sum_rss "${pids[@]}")
  ready="$WORK/s5.$t.ready"
  rm -f "$ready"
  sse_client "s5.$t" "${URL_STREAM[$t]}" "$IDLE_STREAMS" "$IDLE_RATE" 0 "$IDLE_HOLD" "$ready"
  client=$LAST_PID
  await_ready "$ready" "$client"
  [[ -f $ready ]] || die "scenario 5 ($t): the streams never all opened (see $WORK/s5.$t.sse.log)"
  sleep 3
  if [[ $t == proxy ]]; then R[s5.$t.heap_kib]=$(heap_used_kib "$PROXY_PID"); fi
  R[s5.$t.rss_kib]=$(sum_rss "${pids[@]}")
  sse_wait "s5.$t" "$client"
  n=$(r s5.$t.established)
  ((n > 0)) || n=1
  R[s5.$t.rss_per_stream_kib]=$(calc "($(r s5.$t.rss_kib) - $(r s5.$t.rss_before_kib)) / $n" 1)
  if [[ $t == proxy ]]; then
    R[s5.$t.heap_per_stream_kib]=$(calc "($(r s5.$t.heap_kib) - $(r s5.$t.heap_before_kib)) / $n" 1)
  fi
  log "  $t: $(r s5.$t.established) open, errors $(r s5.$t.errors), RSS $(r s5.$t.rss_before_kib) -> $(r s5.$t.rss_kib) KiB ($(r s5.$t.rss_per_stream_kib) KiB/stream)${R[s5.$t.heap_per_stream_kib]:+, heap $(r s5.$t.heap_per_stream_kib) KiB/stream}"
done

log "scenario 6: ${BIG_MIB} MiB JSON bodies, $BIG_CONNS connections, $ROUNDS x ${BIG_DUR}s per target (upstream reads the whole body)"
for ((i = 1; i <= ROUNDS; i++)); do
  for t in "${TARGETS[@]}"; do
    case $t in
      direct) pids=("$STREAM_PID") ;;
      nginx) pids=($(tree "$NGX_PROXY_PID")) ;;
      proxy) pids=("$PROXY_PID") ;;
    esac
    key=s6.$t.r$i
    before=$(sum_rss "${pids[@]}")
    reset_hwm "${pids[@]}"
    wrk_run "$key" "${URL_JSON[$t]}" "$BIG_CONNS" "$BIG_DUR" "$BIG_MIB" "${pids[@]}"
    R[$key.rss_before_kib]=$before
    R[$key.rss_peak_kib]=$(sum_hwm "${pids[@]}")
    R[$key.rss_growth_kib]=$(($(r "$key.rss_peak_kib") - before))
    R[$key.mib_per_s]=$(calc "$(r "$key.rps") * $(r "$key.body_bytes") / 1048576" 1)
  done
done
for t in "${TARGETS[@]}"; do
  pick_round "s6.$t" "$ROUNDS"
  log "  $t: $(r s6.$t.rps) req/s ($(r s6.$t.mib_per_s) MiB/s; rounds: $(r s6.$t.rounds)), RSS +$(r s6.$t.rss_growth_kib) KiB, errors $(r s6.$t.errors)"
done

stop_pid "$PROXY_PID"

# Scenario 8, second half: the JVM's defaults again, in front of the streaming upstream, the
# same SSE warm-up as the launcher's instance had, then one round of scenario 4c.
log "scenario 8: the proxy on the JVM's defaults, in front of the streaming upstream, one round of scenario 4c"
start_proxy proxy-defaults-stream "$P_STREAM" "$P_PROXY" JAVA_OPTS=
if ((SSE_WARMUP_STREAMS > 0)); then
  warm_proxy warmsse8.proxy "$PROXY_PID" sse "${URL_STREAM[proxy]}" "$SSE_WARMUP_STREAMS"
fi
SSE_BURST=$BURST_STREAMS sse_run s8b.defaults "${URL_STREAM[proxy]}" "$SSE_STREAMS" "$SSE_RATE" "$SSE_WARMUP" 0 "$PROXY_PID"
log "  JVM defaults: new streams TTFB p50 $(r s8b.defaults.burst_ttfb_p50_us) us, old p99 during $(r s8b.defaults.burst_old_lat_p99_us) us, errors $(r s8b.defaults.burst_errors); launcher: $(r s4c.proxy.burst_ttfb_p50_us) us, $(r s4c.proxy.burst_old_lat_p99_us) us"
stop_pid "$PROXY_PID"
stop_pid "$STREAM_PID"
stop_pid "$NGX_PROXY_PID"
OURS=()

# ---------------------------------------------------------------- 6. cold start
log "scenario 7: cold start to the first 200 on /health, $COLD_RUNS runs each"
mkdir -p "$WORK/cold.d"
run_fg env -C "$WORK/cold.d" FACTORY_AI_TOKEN=bench FACTORY_BASE_URL="http://127.0.0.1:$P_STATIC" HOST=127.0.0.1 PORT="$P_COLD_PROXY" \
  java -jar "$LOADGEN_JAR" coldstart --url "http://127.0.0.1:$P_COLD_PROXY/health" --runs "$COLD_RUNS" \
  --log "$WORK/cold-proxy.log" --label proxy -- "$PROXY_LAUNCHER" \
  > "$WORK/s7.proxy.kv" 2> "$WORK/s7.proxy.txt" || die "cold start (proxy) failed: $(tail -3 "$WORK/s7.proxy.txt")"
run_fg java -jar "$LOADGEN_JAR" coldstart --url "http://127.0.0.1:$P_COLD_NGX/health" --runs "$COLD_RUNS" \
  --log "$WORK/cold-nginx.log" --label nginx -- nginx -c "$WORK/nginx-cold/nginx.conf" -p "$WORK/nginx-cold" -g 'daemon off;' \
  > "$WORK/s7.nginx.kv" 2> "$WORK/s7.nginx.txt" || die "cold start (nginx) failed: $(tail -3 "$WORK/s7.nginx.txt")"
load_kv s7.proxy "$WORK/s7.proxy.kv"
load_kv s7.nginx "$WORK/s7.nginx.kv"
log "  proxy: median $(r s7.proxy.median_ms) ms ($(r s7.proxy.all_ms)); nginx: median $(r s7.nginx.median_ms) ms"

ELAPSED=$(($(date +%s) - START))
# The report is named after the proxy's code as measured (kept in the state, so --report-only
# names it the same): the last commit that touched src/, pom.xml or conf/; a commit that
# changes only bench/ does not make a new result file.
SHA=$(git -C "$ROOT" log -1 --format=%h -- src pom.xml conf 2> /dev/null || true)
SHA=${SHA:-nogit}
HEAD_SHA=$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo nogit)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no -- src pom.xml 2> /dev/null | grep -q . && echo " (uncommitted changes in src/)" || true)
RUN_DATE=$(date -u +%Y-%m-%d)
declare -p R MODE NPROC NOFILE IDLE_STREAMS IDLE_WANTED ACCESS_LINES PROXY_REQUESTS PROXY_JVM_FLAGS ELAPSED \
  ROUNDS SSE_ROUNDS DUR SSE_DUR BIG_DUR PROXY_WARMUP SSE_STREAMS SSE_RATE SSE_WARMUP IDLE_RATE IDLE_HOLD \
  BIG_MIB BIG_CONNS COLD_RUNS CHAT_RESPONSE PROFILE SHA HEAD_SHA DIRTY RUN_DATE BURST_STREAMS BURST_SPREAD_MS \
  > "$WORK/state.sh"
fi # measure

# ---------------------------------------------------------------- 7. report
STEM="$RUN_DATE-$SHA"
[[ $MODE != full ]] && STEM="$STEM-$MODE"
MD="$RESULTS/$STEM.md"
PNG="$STEM-latency.png"

added() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "") print ""; else print a - b }'; }
for p in p50 p99; do
  R[s2.nginx.added_$p]=$(added "$(r s2.nginx.lat_${p}_us)" "$(r s2.direct.lat_${p}_us)")
  R[s2.proxy.added_$p]=$(added "$(r s2.proxy.lat_${p}_us)" "$(r s2.direct.lat_${p}_us)")
done
for p in p50 p99 p999 max; do
  R[s4.nginx.added_$p]=$(added "$(r s4.nginx.lat_${p}_us)" "$(r s4.direct.lat_${p}_us)")
  R[s4.proxy.added_$p]=$(added "$(r s4.proxy.lat_${p}_us)" "$(r s4.direct.lat_${p}_us)")
  for t in pass chat resp; do
    R[s4b.$t.added_$p]=$(added "$(r s4b.$t.lat_${p}_us)" "$(r s4b.direct.lat_${p}_us)")
  done
done

verdict() { # condition-as-awk-expression -> pass/FAIL/n/a
  awk "BEGIN { exit !($1) }" 2> /dev/null && echo "pass" || echo "**FAIL**"
}
num_or_na() { [[ -n ${1:-} && $1 != n/a ]]; }

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2> /dev/null || echo unknown)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | sed -n '2p')
NGINX_VERSION=$(nginx -v 2>&1 | sed 's/^nginx version: //')
WRK_VERSION=$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $2 }')

row() { # scenario metric direct nginx proxy ratio target verdict
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"
}
ms() { us_to_ms "$1"; }
cpu_row() { # scenario label key: CPU microseconds the target's own processes spent per unit
  row "${1#s}" "$2" "$(r "$1.direct.$3")" "$(r "$1.nginx.$3")" "$(r "$1.proxy.$3")" \
    "$(ratio "$(r "$1.proxy.$3")" "$(r "$1.nginx.$3")")" "" ""
}
noise_rows() { # scenario label what-the-rounds-list-shows
  row "${1#s}" "$2: $3, every round" "$(r "$1.direct.rounds")" "$(r "$1.nginx.rounds")" "$(r "$1.proxy.rounds")" "" "" ""
  row "${1#s}" "$2: other processes' CPU in the kept round (cores)" "$(r "$1.direct.foreign_cores")" \
    "$(r "$1.nginx.foreign_cores")" "$(r "$1.proxy.foreign_cores")" "" "" ""
}

# Scenario 4b's own table: the columns are the proxy's three ways of serving one model, not nginx.
row4b() { # metric direct pass chat resp target verdict
  printf '| 4b | %s | %s | %s | %s | %s | %s | %s |\n' "$@"
}
xlate_verdicts() { # lat|cpu -> the verdict for each translated target, "chat pass, responses pass"
  local t v out=()
  for t in chat resp; do
    if [[ $(r s4b.$t.events) == 0 || -z $(r s4b.$t.events) || -z $(r s4b.pass.events) ]]; then
      v=n/a # nothing timed: the errors row says why
    elif [[ $1 == lat ]]; then
      v=$(verdict "$(r s4b.$t.lat_p99_us) <= $(r s4b.pass.lat_p99_us) + 1000")
    else
      v=$(ratio "$(r s4b.$t.cpu_us_per_event)" "$(r s4b.pass.cpu_us_per_event)")
      num_or_na "$v" && v=$(verdict "$v <= 2")
    fi
    out+=("$([[ $t == chat ]] && echo chat || echo responses) $v")
  done
  echo "${out[0]}, ${out[1]}"
}
translation_table() {
  local p
  echo "### 4b. SSE through translation"
  echo
  echo "The streaming upstream answers \`$MESSAGES_UPSTREAM_PATH\` in Anthropic Messages events (the stamp is the text of each"
  echo "\`text_delta\`, \`t=<nanoTime> \`). The same load as scenario 4 ($SSE_STREAMS streams x ${SSE_RATE}/s, ${SSE_WARMUP}s + ${SSE_DUR}s"
  echo "measured, $SSE_ROUNDS round(s)) asks for \`$CLAUDE_MODEL\`: directly, through the proxy's \`/v1/messages\`"
  echo "(passthrough, bytes relayed), and through \`/v1/chat/completions\` and \`/v1/responses\`, where the proxy"
  echo "translates every event (Messages -> chat.completion.chunk, Messages -> Responses events). nginx does not"
  echo "translate, so it has no column here. CPU is the proxy JVM's (the upstream's for direct), over the stamped"
  echo "events the client received."
  echo
  echo "| # | metric | direct | passthrough: Messages client | translated: Chat client | translated: Responses client | target | verdict |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"
  for p in p50 p99 p999 max; do
    row4b "event latency $p" "$(ms "$(r s4b.direct.lat_${p}_us)")" "$(ms "$(r s4b.pass.lat_${p}_us)")" \
      "$(ms "$(r s4b.chat.lat_${p}_us)")" "$(ms "$(r s4b.resp.lat_${p}_us)")" "" ""
  done
  row4b "added event latency p50 (vs direct)" "" "$(ms "$(r s4b.pass.added_p50)")" "$(ms "$(r s4b.chat.added_p50)")" \
    "$(ms "$(r s4b.resp.added_p50)")" "" ""
  row4b "added event latency p99 (vs direct)" "" "$(ms "$(r s4b.pass.added_p99)")" "$(ms "$(r s4b.chat.added_p99)")" \
    "$(ms "$(r s4b.resp.added_p99)")" "translated p99 <= passthrough p99 + 1 ms" "$(xlate_verdicts lat)"
  row4b "time to first event p50" "$(ms "$(r s4b.direct.ttfb_p50_us)")" "$(ms "$(r s4b.pass.ttfb_p50_us)")" \
    "$(ms "$(r s4b.chat.ttfb_p50_us)")" "$(ms "$(r s4b.resp.ttfb_p50_us)")" "" ""
  row4b "time to first event p99" "$(ms "$(r s4b.direct.ttfb_p99_us)")" "$(ms "$(r s4b.pass.ttfb_p99_us)")" \
    "$(ms "$(r s4b.chat.ttfb_p99_us)")" "$(ms "$(r s4b.resp.ttfb_p99_us)")" "" ""
  row4b "events received/s" "$(r s4b.direct.events_per_s)" "$(r s4b.pass.events_per_s)" "$(r s4b.chat.events_per_s)" \
    "$(r s4b.resp.events_per_s)" "" ""
  row4b "errors" "$(r s4b.direct.errors)" "$(r s4b.pass.errors)" "$(r s4b.chat.errors)" "$(r s4b.resp.errors)" "0" \
    "$(verdict "$(r s4b.pass.errors) + $(r s4b.chat.errors) + $(r s4b.resp.errors) == 0")"
  row4b "CPU-us per event (target process)" "$(r s4b.direct.cpu_us_per_event)" "$(r s4b.pass.cpu_us_per_event)" \
    "$(r s4b.chat.cpu_us_per_event)" "$(r s4b.resp.cpu_us_per_event)" "" ""
  row4b "CPU per event / passthrough" "" "1.00" "$(ratio "$(r s4b.chat.cpu_us_per_event)" "$(r s4b.pass.cpu_us_per_event)")" \
    "$(ratio "$(r s4b.resp.cpu_us_per_event)" "$(r s4b.pass.cpu_us_per_event)")" "translated <= 2.00" "$(xlate_verdicts cpu)"
  row4b "event latency p99 (us), every round" "$(r s4b.direct.rounds)" "$(r s4b.pass.rounds)" "$(r s4b.chat.rounds)" \
    "$(r s4b.resp.rounds)" "" ""
  row4b "other processes' CPU in the kept round (cores)" "$(r s4b.direct.foreign_cores)" "$(r s4b.pass.foreign_cores)" \
    "$(r s4b.chat.foreign_cores)" "$(r s4b.resp.foreign_cores)" "" ""
  echo
}

jvm_args_of() { # key: the JVM's arguments as jvm_facts read them
  local a; a=$(r "$1.jvm_args")
  if [[ -n $a ]]; then echo "$a"; elif [[ -n $(r "$1.gc") ]]; then echo "none: the JVM's defaults"; else echo "?"; fi
}
burst_row() { # label key [target verdict] : one 4c figure for the three targets, in ms
  row 4c "burst: $1" "$(ms "$(r "s4c.direct.$2")")" "$(ms "$(r "s4c.nginx.$2")")" "$(ms "$(r "s4c.proxy.$2")")" \
    "$(ratio "$(r "s4c.proxy.$2")" "$(r "s4c.nginx.$2")")" "${3:-}" "${4:-}"
}
burst_rows() { # scenario 4c, in the main table
  burst_row "new streams TTFB p50" burst_ttfb_p50_us "<= 1.2x nginx" \
    "$(num_or_na "$S4C_RATIO_TTFB" && verdict "$S4C_RATIO_TTFB <= 1.2" || echo n/a)"
  burst_row "new streams TTFB p99" burst_ttfb_p99_us
  burst_row "old streams per-event p99 during burst" burst_old_lat_p99_us "<= 2x nginx" \
    "$(num_or_na "$S4C_RATIO_OLD" && verdict "$S4C_RATIO_OLD <= 2" || echo n/a)"
  local p
  for p in p50 p999 max; do
    burst_row "old streams per-event ${p/p999/p99.9} during burst" "burst_old_lat_${p}_us"
  done
  burst_row "old streams per-event p99 just before the burst (baseline, as long)" before_old_lat_p99_us
  row 4c "burst: new streams established" "$(r s4c.direct.burst_established)" "$(r s4c.nginx.burst_established)" \
    "$(r s4c.proxy.burst_established)" "" "all" "$(verdict "$(r s4c.proxy.burst_established) == $(r s4c.proxy.burst_streams)")"
  row 4c "burst: errors (new streams: failed, non-200, no first event)" "$(r s4c.direct.burst_errors)" \
    "$(r s4c.nginx.burst_errors)" "$(r s4c.proxy.burst_errors)" "" "0" "$(verdict "$(r s4c.proxy.burst_errors) == 0")"
  row 4c "burst: errors (old streams)" "$(r s4c.direct.errors)" "$(r s4c.nginx.errors)" "$(r s4c.proxy.errors)" "" "0" \
    "$(verdict "$(r s4c.proxy.errors) == 0")"
  row 4c "burst: last new stream's first event after the burst's start (ms)" "$(r s4c.direct.burst_open_ms)" \
    "$(r s4c.nginx.burst_open_ms)" "$(r s4c.proxy.burst_open_ms)" \
    "$(ratio "$(r s4c.proxy.burst_open_ms)" "$(r s4c.nginx.burst_open_ms)")" "" ""
  row 4c "burst: windows read (ms), during / before" "$(r s4c.direct.burst_measure_ms) / $(r s4c.direct.before_measure_ms)" \
    "$(r s4c.nginx.burst_measure_ms) / $(r s4c.nginx.before_measure_ms)" \
    "$(r s4c.proxy.burst_measure_ms) / $(r s4c.proxy.before_measure_ms)" "" "" ""
  row 4c "burst: load client's latest start (ms late)" "$(ms "$(r s4c.direct.burst_lag_max_us)")" \
    "$(ms "$(r s4c.nginx.burst_lag_max_us)")" "$(ms "$(r s4c.proxy.burst_lag_max_us)")" "" "" ""
  noise_rows s4c "burst" "new streams TTFB p50 (us)"
}
jvm_row() { # metric launcher-value defaults-value [ratio]
  printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "${4:-}"
}
jvm_table() { # scenario 8
  local l=s4c.proxy d=s8b.defaults
  echo "### 8. JVM defaults vs the launcher"
  echo
  echo "The same proxy jar, started twice more: once as \`bin/factory-proxy\` starts it (its default flags), once"
  echo "with \`JAVA_OPTS=\` (no flags: the JVM picks the collector and a heap ceiling of a quarter of the RAM). The"
  echo "launcher's figures are those of scenarios 1 and 4c above (the round kept of $ROUNDS and of $SSE_ROUNDS); the defaults' come"
  echo "from one round of each, after the same warm-up, against the same upstreams."
  echo
  echo "| metric | launcher (\`bin/factory-proxy\`) | JVM defaults (\`JAVA_OPTS=\`) | defaults / launcher |"
  echo "| --- | ---: | ---: | ---: |"
  jvm_row "JVM arguments (jcmd VM.command_line)" "\`$(jvm_args_of jvm.launcher)\`" "\`$(jvm_args_of jvm.defaults)\`"
  jvm_row "collector (jcmd VM.flags)" "$(r jvm.launcher.gc)" "$(r jvm.defaults.gc)"
  jvm_row "max heap (MiB)" "$(r jvm.launcher.max_heap_mib)" "$(r jvm.defaults.max_heap_mib)" \
    "$(ratio "$(r jvm.defaults.max_heap_mib)" "$(r jvm.launcher.max_heap_mib)")"
  jvm_row "small POST, c32: req/s" "$(r s1.proxy.rps)" "$(r s8.defaults.rps)" "$(ratio "$(r s8.defaults.rps)" "$(r s1.proxy.rps)")"
  jvm_row "small POST, c32: CPU-us per request" "$(r s1.proxy.cpu_us_per_req)" "$(r s8.defaults.cpu_us_per_req)" \
    "$(ratio "$(r s8.defaults.cpu_us_per_req)" "$(r s1.proxy.cpu_us_per_req)")"
  jvm_row "small POST, c32: p99 (ms)" "$(ms "$(r s1.proxy.lat_p99_us)")" "$(ms "$(r s8.defaults.lat_p99_us)")" \
    "$(ratio "$(r s8.defaults.lat_p99_us)" "$(r s1.proxy.lat_p99_us)")"
  jvm_row "small POST, c32: errors" "$(r s1.proxy.errors)" "$(r s8.defaults.errors)"
  jvm_row "burst: new streams TTFB p50 (ms)" "$(ms "$(r "$l.burst_ttfb_p50_us")")" "$(ms "$(r "$d.burst_ttfb_p50_us")")" \
    "$(ratio "$(r "$d.burst_ttfb_p50_us")" "$(r "$l.burst_ttfb_p50_us")")"
  jvm_row "burst: new streams TTFB p99 (ms)" "$(ms "$(r "$l.burst_ttfb_p99_us")")" "$(ms "$(r "$d.burst_ttfb_p99_us")")" \
    "$(ratio "$(r "$d.burst_ttfb_p99_us")" "$(r "$l.burst_ttfb_p99_us")")"
  jvm_row "burst: old streams per-event p99 during burst (ms)" "$(ms "$(r "$l.burst_old_lat_p99_us")")" \
    "$(ms "$(r "$d.burst_old_lat_p99_us")")" "$(ratio "$(r "$d.burst_old_lat_p99_us")" "$(r "$l.burst_old_lat_p99_us")")"
  jvm_row "burst: old streams per-event p99 before it (ms)" "$(ms "$(r "$l.before_old_lat_p99_us")")" \
    "$(ms "$(r "$d.before_old_lat_p99_us")")" "$(ratio "$(r "$d.before_old_lat_p99_us")" "$(r "$l.before_old_lat_p99_us")")"
  jvm_row "burst: errors (new streams / old streams)" "$(r "$l.burst_errors") / $(r "$l.errors")" "$(r "$d.burst_errors") / $(r "$d.errors")"
  jvm_row "other processes' CPU (cores): small POST / burst" "$(r s1.proxy.foreign_cores) / $(r "$l.foreign_cores")" \
    "$(r s8.defaults.foreign_cores) / $(r "$d.foreign_cores")"
  echo
}

S1_RATIO=$(ratio "$(r s1.proxy.rps)" "$(r s1.nginx.rps)")
S1_FLOOR_RATIO=$(ratio "$(r s1.proxy.rps)" "$(r s1.vertx_floor.rps)")
S4_RATIO_P99=$(ratio "$(r s4.proxy.lat_p99_us)" "$(r s4.nginx.lat_p99_us)")
S4C_RATIO_TTFB=$(ratio "$(r s4c.proxy.burst_ttfb_p50_us)" "$(r s4c.nginx.burst_ttfb_p50_us)")
S4C_RATIO_OLD=$(ratio "$(r s4c.proxy.burst_old_lat_p99_us)" "$(r s4c.nginx.burst_old_lat_p99_us)")
S2_RATIO_P50=$(ratio "$(r s2.proxy.added_p50)" "$(r s2.nginx.added_p50)")
S2_RATIO_P99=$(ratio "$(r s2.proxy.added_p99)" "$(r s2.nginx.added_p99)")
S3_RATIO=$(ratio "$(r s3.proxy.rps)" "$(r s3.nginx.rps)")
S5_HEAP=$(r s5.proxy.heap_per_stream_kib)
{
  echo "# factory-proxy benchmark, $STEM"
  echo
  echo "Command: \`bench/run.sh$([[ $MODE != full ]] && echo " --$MODE")\` ($MODE mode, ${ELAPSED}s). Proxy code at \`$SHA\`$DIRTY, bench at \`$HEAD_SHA\`."
  echo "All processes on one machine over loopback; the proxy and nginx share its cores with the load tools and the"
  echo "upstream, so compare the ratios rather than the absolute figures. Latencies in ms unless marked. Each figure"
  echo "was taken $ROUNDS times ($SSE_ROUNDS for SSE), targets interleaved; the round with the least CPU used by other"
  echo "processes on the machine is shown, every round's headline value is listed under each scenario."
  echo
  echo "| machine | |"
  echo "| --- | --- |"
  echo "| cores (nproc) | $NPROC ($CPU) |"
  echo "| memory | $MEM |"
  echo "| kernel | $(uname -r) |"
  echo "| JVM | $JAVA_VERSION |"
  if [[ -n $(r jvm.launcher.gc) ]]; then
    echo "| proxy JVM flags | started as \`bin/factory-proxy\`, which passed \`$(jvm_args_of jvm.launcher)\` (jcmd VM.command_line); ergonomics: \`${PROXY_JVM_FLAGS% }\` |"
  else # a state saved before the proxy ran through its launcher
    echo "| proxy JVM flags | ergonomics: \`${PROXY_JVM_FLAGS% }\` |"
  fi
  echo "| proxy settings | INSTANCES=$NPROC (default), UPSTREAM_POOL_SIZE=20000, access log on (stdout to a file), $(r proxy.transport) (TRANSPORT unset: the default) |"
  echo "| nginx | $NGINX_VERSION, worker_processes $NPROC, proxy_buffering off, HTTP/1.1 keepalive pool, access_log on |"
  echo "| static upstream | nginx, 1 worker, \`return 200\` with a ${#CHAT_RESPONSE}-byte chat.completion |"
  echo "| streaming upstream | Vert.x 5.0.7 (bench/loadgen), $NPROC event loops; also the upstream of scenario 6 (reads the whole body, then a small chat.completion) |"
  echo "| load | wrk $WRK_VERSION (-t1), bench/loadgen SSE client (Vert.x + HdrHistogram) |"
  echo "| open files | $NOFILE |"
  echo
  echo "| # | scenario / metric | direct | nginx | factory-proxy | proxy / nginx | target | verdict |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"
  row 1 "small POST, c32: req/s" "$(r s1.direct.rps)" "$(r s1.nginx.rps)" "$(r s1.proxy.rps)" "$S1_RATIO" ">= 0.8x nginx" \
    "$(num_or_na "$S1_RATIO" && verdict "$S1_RATIO >= 0.8" || echo n/a)"
  row 1 "small POST, c32: req/s against the Vert.x floor (\`loadgen floor\`; ratio column: proxy / floor)" "" \
    "floor: $(r s1.vertx_floor.rps)" "$(r s1.proxy.rps)" "$S1_FLOOR_RATIO" ">= 0.9x the Vert.x floor" \
    "$(num_or_na "$S1_FLOOR_RATIO" && verdict "$S1_FLOOR_RATIO >= 0.9" || echo n/a)"
  row 1 "small POST, c32: p99" "$(ms "$(r s1.direct.lat_p99_us)")" "$(ms "$(r s1.nginx.lat_p99_us)")" "$(ms "$(r s1.proxy.lat_p99_us)")" \
    "$(ratio "$(r s1.proxy.lat_p99_us)" "$(r s1.nginx.lat_p99_us)")" "" ""
  row 1 "small POST, c32: errors" "$(r s1.direct.errors)" "$(r s1.nginx.errors)" "$(r s1.proxy.errors)" "" "0" \
    "$(verdict "$(r s1.proxy.errors) == 0")"
  cpu_row s1 "small POST, c32: CPU-us per request (target process)" cpu_us_per_req
  noise_rows s1 "small POST, c32" "req/s"
  row 2 "small POST, c1: req/s" "$(r s2.direct.rps)" "$(r s2.nginx.rps)" "$(r s2.proxy.rps)" "$(ratio "$(r s2.proxy.rps)" "$(r s2.nginx.rps)")" "" ""
  row 2 "small POST, c1: p50" "$(ms "$(r s2.direct.lat_p50_us)")" "$(ms "$(r s2.nginx.lat_p50_us)")" "$(ms "$(r s2.proxy.lat_p50_us)")" \
    "$(ratio "$(r s2.proxy.lat_p50_us)" "$(r s2.nginx.lat_p50_us)")" "" ""
  row 2 "small POST, c1: p99" "$(ms "$(r s2.direct.lat_p99_us)")" "$(ms "$(r s2.nginx.lat_p99_us)")" "$(ms "$(r s2.proxy.lat_p99_us)")" \
    "$(ratio "$(r s2.proxy.lat_p99_us)" "$(r s2.nginx.lat_p99_us)")" "" ""
  row 2 "small POST, c1: added p50 (vs direct)" "" "$(ms "$(r s2.nginx.added_p50)")" "$(ms "$(r s2.proxy.added_p50)")" "$S2_RATIO_P50" "<= 1.5" \
    "$(num_or_na "$S2_RATIO_P50" && verdict "$S2_RATIO_P50 <= 1.5" || echo n/a)"
  row 2 "small POST, c1: added p99 (vs direct)" "" "$(ms "$(r s2.nginx.added_p99)")" "$(ms "$(r s2.proxy.added_p99)")" "$S2_RATIO_P99" "<= 1.5" \
    "$(num_or_na "$S2_RATIO_P99" && verdict "$S2_RATIO_P99 <= 1.5" || echo n/a)"
  cpu_row s2 "small POST, c1: CPU-us per request (target process)" cpu_us_per_req
  noise_rows s2 "small POST, c1" "req/s"
  row 3 "small POST, c256: req/s" "$(r s3.direct.rps)" "$(r s3.nginx.rps)" "$(r s3.proxy.rps)" "$S3_RATIO" ">= 0.90" \
    "$(num_or_na "$S3_RATIO" && verdict "$S3_RATIO >= 0.9" || echo n/a)"
  row 3 "small POST, c256: p99" "$(ms "$(r s3.direct.lat_p99_us)")" "$(ms "$(r s3.nginx.lat_p99_us)")" "$(ms "$(r s3.proxy.lat_p99_us)")" \
    "$(ratio "$(r s3.proxy.lat_p99_us)" "$(r s3.nginx.lat_p99_us)")" "" ""
  row 3 "small POST, c256: errors" "$(r s3.direct.errors)" "$(r s3.nginx.errors)" "$(r s3.proxy.errors)" "" "0" \
    "$(verdict "$(r s3.proxy.errors) == 0")"
  cpu_row s3 "small POST, c256: CPU-us per request (target process)" cpu_us_per_req
  noise_rows s3 "small POST, c256" "req/s"
  for p in p50 p99 p999 max; do
    target="" v=""
    if [[ $p == p99 ]]; then
      target="<= 1.5x nginx"
      v=$(num_or_na "$S4_RATIO_P99" && verdict "$S4_RATIO_P99 <= 1.5" || echo n/a)
    fi
    row 4 "SSE $SSE_STREAMS x ${SSE_RATE}/s: event latency $p" "$(ms "$(r s4.direct.lat_${p}_us)")" "$(ms "$(r s4.nginx.lat_${p}_us)")" \
      "$(ms "$(r s4.proxy.lat_${p}_us)")" "$(ratio "$(r s4.proxy.lat_${p}_us)" "$(r s4.nginx.lat_${p}_us)")" "$target" "$v"
  done
  for p in p50 p99 p999; do # not max: a single worst event, of direct too, makes a meaningless difference
    target="" v=""
    if [[ $p == p99 ]]; then target="<= 2 ms"; v=$(verdict "$(r s4.proxy.added_p99) <= 2000"); fi
    row 4 "SSE: added event latency $p (vs direct)" "" "$(ms "$(r s4.nginx.added_$p)")" "$(ms "$(r s4.proxy.added_$p)")" \
      "$(ratio "$(r s4.proxy.added_$p)" "$(r s4.nginx.added_$p)")" "$target" "$v"
  done
  row 4 "SSE: time to first event p50" "$(ms "$(r s4.direct.ttfb_p50_us)")" "$(ms "$(r s4.nginx.ttfb_p50_us)")" "$(ms "$(r s4.proxy.ttfb_p50_us)")" \
    "$(ratio "$(r s4.proxy.ttfb_p50_us)" "$(r s4.nginx.ttfb_p50_us)")" "" ""
  row 4 "SSE: time to first event p99" "$(ms "$(r s4.direct.ttfb_p99_us)")" "$(ms "$(r s4.nginx.ttfb_p99_us)")" "$(ms "$(r s4.proxy.ttfb_p99_us)")" \
    "$(ratio "$(r s4.proxy.ttfb_p99_us)" "$(r s4.nginx.ttfb_p99_us)")" "" ""
  row 4 "SSE: events received/s" "$(r s4.direct.events_per_s)" "$(r s4.nginx.events_per_s)" "$(r s4.proxy.events_per_s)" \
    "$(ratio "$(r s4.proxy.events_per_s)" "$(r s4.nginx.events_per_s)")" "" ""
  row 4 "SSE: errors" "$(r s4.direct.errors)" "$(r s4.nginx.errors)" "$(r s4.proxy.errors)" "" "0" "$(verdict "$(r s4.proxy.errors) == 0")"
  cpu_row s4 "SSE: CPU-us per event (target process)" cpu_us_per_event
  noise_rows s4 "SSE" "event latency p99 (us)"
  [[ -n $(r s4c.proxy.burst_streams) ]] && burst_rows
  row 5 "$IDLE_STREAMS idle streams (${IDLE_RATE}/s): open" "" "$(r s5.nginx.established)" "$(r s5.proxy.established)" "" "all" \
    "$(verdict "$(r s5.proxy.established) == $IDLE_STREAMS")"
  row 5 "idle streams: errors" "" "$(r s5.nginx.errors)" "$(r s5.proxy.errors)" "" "0" "$(verdict "$(r s5.proxy.errors) == 0")"
  row 5 "idle streams: RSS before -> held (MiB)" "" "$(calc "$(r s5.nginx.rss_before_kib) / 1024" 0) -> $(calc "$(r s5.nginx.rss_kib) / 1024" 0)" \
    "$(calc "$(r s5.proxy.rss_before_kib) / 1024" 0) -> $(calc "$(r s5.proxy.rss_kib) / 1024" 0)" \
    "$(ratio "$(r s5.proxy.rss_kib)" "$(r s5.nginx.rss_kib)")" "" ""
  row 5 "idle streams: RSS per stream (KiB)" "" "$(r s5.nginx.rss_per_stream_kib)" "$(r s5.proxy.rss_per_stream_kib)" \
    "$(ratio "$(r s5.proxy.rss_per_stream_kib)" "$(r s5.nginx.rss_per_stream_kib)")" "" ""
  row 5 "idle streams: heap after GC, before -> held (MiB)" "" "" \
    "$(calc "$(r s5.proxy.heap_before_kib) / 1024" 1) -> $(calc "$(r s5.proxy.heap_kib) / 1024" 1)" "" "" ""
  row 5 "idle streams: heap per stream (KiB)" "" "" "$S5_HEAP" "" "<= 32" "$(verdict "$S5_HEAP <= 32")"
  row 5 "idle streams: event latency p99 / max (the proxy's includes the full GC of the heap reading)" "" "$(ms "$(r s5.nginx.lat_p99_us)") / $(ms "$(r s5.nginx.lat_max_us)")" \
    "$(ms "$(r s5.proxy.lat_p99_us)") / $(ms "$(r s5.proxy.lat_max_us)")" "" "" ""
  row 6 "${BIG_MIB} MiB POST, c$BIG_CONNS: req/s" "$(r s6.direct.rps)" "$(r s6.nginx.rps)" "$(r s6.proxy.rps)" \
    "$(ratio "$(r s6.proxy.rps)" "$(r s6.nginx.rps)")" "" ""
  row 6 "${BIG_MIB} MiB POST: MiB/s" "$(r s6.direct.mib_per_s)" "$(r s6.nginx.mib_per_s)" "$(r s6.proxy.mib_per_s)" \
    "$(ratio "$(r s6.proxy.mib_per_s)" "$(r s6.nginx.mib_per_s)")" "" ""
  row 6 "${BIG_MIB} MiB POST: p99" "$(ms "$(r s6.direct.lat_p99_us)")" "$(ms "$(r s6.nginx.lat_p99_us)")" "$(ms "$(r s6.proxy.lat_p99_us)")" \
    "$(ratio "$(r s6.proxy.lat_p99_us)" "$(r s6.nginx.lat_p99_us)")" "" ""
  row 6 "${BIG_MIB} MiB POST: peak RSS growth (MiB)" "$(calc "$(r s6.direct.rss_growth_kib) / 1024" 1)" \
    "$(calc "$(r s6.nginx.rss_growth_kib) / 1024" 1)" "$(calc "$(r s6.proxy.rss_growth_kib) / 1024" 1)" \
    "$(ratio "$(r s6.proxy.rss_growth_kib)" "$(r s6.nginx.rss_growth_kib)")" "" ""
  row 6 "${BIG_MIB} MiB POST: errors" "$(r s6.direct.errors)" "$(r s6.nginx.errors)" "$(r s6.proxy.errors)" "" "0" \
    "$(verdict "$(r s6.proxy.errors) == 0")"
  cpu_row s6 "${BIG_MIB} MiB POST: CPU-us per request (target process)" cpu_us_per_req
  noise_rows s6 "${BIG_MIB} MiB POST" "req/s"
  row 7 "cold start to first 200 on /health: median" "" "$(r s7.nginx.median_ms)" "$(r s7.proxy.median_ms)" \
    "$(ratio "$(r s7.proxy.median_ms)" "$(r s7.nginx.median_ms)")" "" ""
  row 7 "cold start: all runs" "" "$(r s7.nginx.all_ms)" "$(r s7.proxy.all_ms)" "" "" ""
  echo
  [[ -n $(r s4b.direct.events) ]] && translation_table
  [[ -n $(r s8.defaults.rps) ]] && jvm_table
  echo "Access log: on for every factory-proxy figure above. In scenarios 1-3 (warm-up included) the proxy wrote"
  echo "$ACCESS_LINES lines for the $PROXY_REQUESTS requests wrk completed against it (a few more lines than completed requests:"
  echo "wrk does not count the requests in flight when it stops), so the log dropped no line at this rate."
  echo "Reference, not a target: the same proxy with the access logger off (logback level OFF) did $(r s1.proxy_nolog.rps) req/s"
  echo "at 32 connections ($(ratio "$(r s1.proxy_nolog.rps)" "$(r s1.nginx.rps)") x nginx; rounds $(r s1.proxy_nolog.rounds)) at $(r s1.proxy_nolog.cpu_us_per_req) CPU-us per request"
  echo "($(ratio "$(r s1.proxy_nolog.cpu_us_per_req)" "$(r s1.nginx.cpu_us_per_req)") x nginx), against $(r s1.proxy.cpu_us_per_req) with it on."
  echo "Reference, not a target: the least a Vert.x proxy can do (\`loadgen floor\`: no Router, auth, JSON check, header"
  echo "policy, timeouts or log; same Vert.x, transport and JVM flags) did $(r s1.vertx_floor.rps) req/s at 32 connections"
  echo "($(ratio "$(r s1.vertx_floor.rps)" "$(r s1.nginx.rps)") x nginx; rounds $(r s1.vertx_floor.rounds)) at $(r s1.vertx_floor.cpu_us_per_req) CPU-us per request: the rest of the gap to nginx is Vert.x's HTTP stack."
  [[ $IDLE_STREAMS != "$IDLE_WANTED" ]] && echo "Scenario 5 used $IDLE_STREAMS streams instead of $IDLE_WANTED: the open-file limit here is $NOFILE and cannot be raised (a proxy holds two descriptors per stream)."
  echo
  echo "Durations: warm-up ${PROXY_WARMUP}s for the proxy (JIT), scenarios 1-3 ${DUR}s per round, SSE ${SSE_WARMUP}s + ${SSE_DUR}s"
  echo "measured, idle streams held ${IDLE_HOLD}s, large bodies ${BIG_DUR}s per round, cold start $COLD_RUNS runs."
  if [[ -n $(r s4c.proxy.burst_streams) ]]; then
    echo "Scenario 4c: $SSE_STREAMS old streams x ${SSE_RATE}/s, after ${SSE_WARMUP}s $(r s4c.proxy.burst_streams) new streams started evenly over"
    echo "$(r s4c.proxy.burst_spread_ms) ms (a timer each, no connect cap); TTFB = request start to the first complete event. The burst window runs"
    echo "from the burst's start until every new stream has its first event (or failed), plus 1 s; the baseline is as"
    echo "long and ends where the burst starts (shorter when the old streams had been open for less; the row of windows says)."
  fi
  echo
  echo "CPU-us per request/event = CPU time (user + system, /proc/<pid>/stat) of the target's own processes during"
  echo "the run divided by the requests or events served: the factory-proxy JVM, the nginx reverse proxy's master +"
  echo "workers, or for direct the upstream itself. It does not depend on how busy the machine was, so its ratio is"
  echo "the steadiest comparison here. Other processes' CPU = the machine's busy time minus ours (servers + load tool)."
  echo
  echo "Added latency = the target's percentile minus the direct percentile at the same load. Scenario 5 per-stream"
  echo "figures = (held - before) / open streams; nginx figures are master + workers. Scenario 6 RSS growth = peak"
  echo "RSS during the run (VmHWM after a reset) minus RSS before it."
  echo
  echo "![latency percentiles]($PNG)"
} > "$MD"

# ---------------------------------------------------------------- 8. chart
for scenario in s2 s4; do
  {
    echo "# percentile direct nginx proxy (ms)"
    for p in p50 p90 p99 p999 max; do
      label=${p/p999/p99.9}
      printf '"%s" %s %s %s\n' "$label" \
        "$(ms "$(r "$scenario.direct.lat_${p}_us")")" "$(ms "$(r "$scenario.nginx.lat_${p}_us")")" "$(ms "$(r "$scenario.proxy.lat_${p}_us")")"
    done
  } > "$WORK/chart-$scenario.dat"
done
gnuplot << EOF > "$WORK/gnuplot.log" 2>&1 || log "chart failed (see $WORK/gnuplot.log)"
set terminal pngcairo size 1200,480 font "sans,10"
set output "$RESULTS/$PNG"
set multiplot layout 1,2 title "factory-proxy vs nginx vs direct, latency percentiles ($STEM, $NPROC cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [0.001:*]
set grid ytics
set key top left
set ylabel "latency (ms, log scale)"
set title "Small JSON POST, 1 connection (wrk)"
plot "$WORK/chart-s2.dat" using 2:xtic(1) title "direct" lc rgb "#7f7f7f", \
     "" using 3 title "nginx" lc rgb "#2ca02c", \
     "" using 4 title "factory-proxy" lc rgb "#1f77b4"
set title "SSE per-event latency, $SSE_STREAMS streams x $SSE_RATE events/s"
plot "$WORK/chart-s4.dat" using 2:xtic(1) title "direct" lc rgb "#7f7f7f", \
     "" using 3 title "nginx" lc rgb "#2ca02c", \
     "" using 4 title "factory-proxy" lc rgb "#1f77b4"
unset multiplot
EOF
# The README shows the latest full run (a quick run only until there is one).
if [[ -f $RESULTS/$PNG ]] && [[ $MODE == full || ! -f $RESULTS/latest-latency.png ]]; then
  cp "$RESULTS/$PNG" "$RESULTS/latest-latency.png"
fi

# ---------------------------------------------------------------- 9. profile summary
if ((PROFILE)) && [[ -f $WORK/proxy.jfr ]]; then
  PROF="$RESULTS/$STEM-profile.txt"
  {
    echo "factory-proxy, small POST at 32 connections, ${DUR}s: $(r prof0.proxy.rps) req/s, $(r prof0.proxy.cpu_us_per_req) CPU-us per request."
    echo
    echo "CPU by thread (name as the kernel shows it, 15 characters): microseconds per request, user / system"
    join "$WORK/threads.before" "$WORK/threads.after" | awk -v n="$(r prof0.proxy.requests)" -v hz="$CLK_TCK" \
      '{ u = ($4 - $2) * 1e6 / hz / n; s = ($5 - $3) * 1e6 / hz / n; if (u + s > 0.05) printf "  %-18s %6.1f / %6.1f\n", $1, u, s }' \
      | sort -k2 -rn
    echo
    echo "JFR execution samples of a second run ($(r prof.proxy.rps) req/s under JFR). Java frames only: time in"
    echo "system calls is not sampled."
    echo
    echo "Top frames (self time):"
    jfr print --events jdk.ExecutionSample "$WORK/proxy.jfr" \
      | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); n[$0]++; t++ }
             END { for (f in n) printf "%6.2f%%  %s\n", 100 * n[f] / t, f }' | sort -rn | awk 'NR <= 25'
    echo
    echo "Frames of dev.factoryproxy / io.vertx / logback on the stack (inclusive):"
    jfr print --events jdk.ExecutionSample "$WORK/proxy.jfr" \
      | awk '/stackTrace = \[/ { inside = 1; t++; delete seen; next }
             inside && /^[ \t]*\]/ { inside = 0; next }
             inside { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f);
                      if (f ~ /^(dev\.factoryproxy|io\.vertx|ch\.qos\.logback)/ && !(f in seen)) { seen[f] = 1; n[f]++ } }
             END { for (f in n) printf "%6.2f%%  %s\n", 100 * n[f] / t, f }' | sort -rn | awk 'NR <= 40'
  } > "$PROF"
  log "profile: $PROF"
fi

echo
cat "$MD"
echo
log "results: $MD and $RESULTS/$PNG (logs in $WORK) in ${ELAPSED}s"
