#!/usr/bin/env bash
# Reference system 004's failure script, on our node: starts `local --topology seed004` (5 proposers, 5 acceptors,
# 2 learners, 3 stores as 15 processes on loopback) and runs each failure scenario against it, one verdict line each:
#
#   proposer leader killed | 2 acceptors killed | 3 acceptors killed | learner killed | store killed idle |
#   killed store restarted | store killed with a request pending | store killed between prepare and commit
#
# Every scenario writes before and after the failure and reads every acknowledged key back; a write that was not
# acknowledged is never counted. Exit status: 0 when every verdict passed, 1 when one failed, 2 on bad usage or when
# the cluster never became ready. The cluster and its data folder are removed on exit (also on Ctrl-C), unless --keep.
#
# usage: scripts/test_failures.sh [--base-port P (28000)] [--data DIR (a fresh temp folder)] [--keep]
#                                 [--ready-timeout SECONDS (240)] [--no-build]
set -uo pipefail
cd "$(dirname "$0")/.."

base_port=28000
data=""
keep=0
ready_timeout=240
build=1
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --base-port) base_port="${2:?--base-port needs a port}"; shift 2 ;;
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --ready-timeout) ready_timeout="${2:?--ready-timeout needs seconds}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage ;;
    *) echo "test_failures: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$base_port" in ''|*[!0-9]*) echo "test_failures: --base-port must be a number" >&2; exit 2 ;; esac
case "$ready_timeout" in ''|*[!0-9]*) echo "test_failures: --ready-timeout must be a number of seconds" >&2; exit 2 ;; esac
[ -n "$data" ] || data="$(mktemp -d "${TMPDIR:-/tmp}/paxos-failures-XXXXXX")"
mkdir -p "$data"
log="$data/cluster.log"

proposers=(1 2 3 4 5); acceptors=(6 7 8 9 10); learners=(11 12); stores=(13 14 15)
# The store that holds its vote on `fault-` keys (the pending-request scenario); only that key is ever delayed.
pending_store=14
dll="src/PaxosAkka.Node/bin/Debug/net10.0/PaxosAkka.Node.dll"
launcher_pid=""
failed=0
declare -A acked=()      # key -> value of every acknowledged write
declare -A restarted=()  # node id -> pid of a node this script restarted itself

say() { printf '%s\n' "$*"; }
http_port() { echo $((base_port + $1)); }
url() { echo "http://127.0.0.1:$(http_port "$1")"; }
node_pid() { pgrep -f -- "--config $data/node-$1/node.hocon" | head -n 1; }

cleanup() {
  trap - EXIT INT TERM
  for pid in "${restarted[@]}"; do kill -9 "$pid" 2>/dev/null; done
  if [ -n "$launcher_pid" ]; then
    kill -TERM "$launcher_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$launcher_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$launcher_pid" 2>/dev/null
  fi
  pkill -9 -f -- "--config $data/node-" 2>/dev/null
  if [ "$keep" = 1 ]; then say "test_failures: kept $data (cluster log: $log)"; else rm -rf "$data"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- cluster control ------------------------------------------------------------------------------------------
kill_node() { local pid; pid="$(node_pid "$1")"; [ -n "$pid" ] && kill -9 "$pid"; unset "restarted[$1]"; }

# Starts node $1 again over its own data folder (the launcher does not restart nodes); extra env assignments follow.
# It does not wait: what needs the node back waits for what it needs (a quorum to write, a store to be in sync).
restart_node() {
  local id="$1"; shift
  env "$@" dotnet "$dll" --config "$data/node-$id/node.hocon" >>"$data/node-$id.restart.log" 2>&1 &
  restarted[$id]=$!
  disown "$!"  # killed later on purpose: no "Killed" job report from bash
}

leader_seen_by() { curl -s -m 2 "$(url "$1")/healthz" | sed -n 's/.*"leader":\([0-9][0-9]*\).*/\1/p'; }
wait_until() { local deadline=$((SECONDS + $1)); shift; until "$@"; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.5; done; }

# The leader the live proposers agree on, or nothing.
agreed_leader() {
  local seen="" l
  for p in "${proposers[@]}"; do
    [ -n "$(node_pid "$p")" ] || continue
    l="$(leader_seen_by "$p")"; [ -n "$l" ] || return 1
    if [ -z "$seen" ]; then seen="$l"; elif [ "$seen" != "$l" ]; then return 1; fi
  done
  [ -n "$seen" ] && echo "$seen"
}
new_leader_other_than() { local l; l="$(agreed_leader)" && [ "$l" != "$1" ] && [ -n "$(node_pid "$l")" ]; }

# --- client ---------------------------------------------------------------------------------------------------
# put NODE KEY VALUE [TRIES]: one Idempotency-Key per write, retried on 503/timeouts (the outcome may be unknown, so
# a retry must be the same request). Acknowledged writes are remembered; prints the last HTTP status.
put() {
  local node="$1" key="$2" value="$3" tries="${4:-10}" code="" idem
  idem="failures-$key-$RANDOM$RANDOM"
  for _ in $(seq 1 "$tries"); do
    code="$(curl -s -m 12 -o /dev/null -w '%{http_code}' -X PUT -H "Idempotency-Key: $idem" --data-binary "$value" "$(url "$node")/kv/$key")"
    if [ "$code" = 200 ]; then acked[$key]="$value"; echo 200; return 0; fi
    sleep 1
  done
  echo "${code:-000}"; return 1
}

# writes TAG COUNT NODE...: COUNT acknowledged writes through the given nodes in turn; fails on the first that is not.
writes() {
  local tag="$1" count="$2"; shift 2; local nodes=("$@") i node
  for i in $(seq 1 "$count"); do
    node="${nodes[$(((i - 1) % ${#nodes[@]}))]}"
    put "$node" "$tag-$i" "$tag-value-$i" >/dev/null || { say "  PUT $tag-$i through node-$node was never acknowledged"; return 1; }
  done
}

# read_all NODE: every acknowledged key reads back its value through NODE (503s retried for a while).
read_all() {
  local node="$1" key body bad=0
  for key in "${!acked[@]}"; do
    body=""
    for _ in $(seq 1 20); do
      body="$(curl -s -m 12 -w '\n%{http_code}' "$(url "$node")/kv/$key")"
      [ "$(tail -n 1 <<<"$body")" = 200 ] && break
      sleep 0.5
    done
    if [ "$(tail -n 1 <<<"$body")" != 200 ] || [ "$(sed '$d' <<<"$body")" != "${acked[$key]}" ]; then
      say "  node-$node read $key as '$(sed '$d' <<<"$body" | head -c 80)' (HTTP $(tail -n 1 <<<"$body")), expected '${acked[$key]}'"
      bad=1
    fi
  done
  return $bad
}

scenario_start=$SECONDS
verdict() { # verdict NAME OK(0/1) DETAIL; then the next scenario's clock starts
  local took="($((SECONDS - scenario_start)) s)"
  if [ "$2" = 0 ]; then say "PASS  $1: $3 $took"; else say "FAIL  $1: $3 $took"; failed=1; fi
  scenario_start=$SECONDS
}

stores_in_sync() { # the coordinating learner reports every store in sync
  local l body
  for l in "${learners[@]}"; do
    [ -n "$(node_pid "$l")" ] || continue
    body="$(curl -s -m 2 "$(url "$l")/paxos")"
    grep -q '"storesInSync":\[' <<<"$body" || continue
    for s in "$@"; do grep -Eq "\"storesInSync\":\[[^]]*\b$s\b" <<<"$body" || return 1; done
    return 0
  done
  return 1
}

# --- start ----------------------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
  say "test_failures: building the node"
  dotnet build src/PaxosAkka.Node -v q -nologo >"$data/build.log" 2>&1 || { cat "$data/build.log" >&2; exit 2; }
fi
say "test_failures: starting local --topology seed004 (HTTP ports $((base_port + 1))-$((base_port + 15)), data $data)"
PAXOS_FAULT_STORE_IDS="$pending_store" PAXOS_FAULT_STORE_VOTE_DELAY_MS=4000 \
  dotnet "$dll" local --topology seed004 --base-port "$base_port" --data "$data" --ready-timeout "$ready_timeout" >"$log" 2>&1 &
launcher_pid=$!
start=$SECONDS
until grep -q '^READY' "$log"; do
  if ! kill -0 "$launcher_pid" 2>/dev/null; then say "test_failures: the cluster stopped before it was ready:"; grep '^\[launcher\]' "$log" | tail -n 5; exit 2; fi
  if [ $((SECONDS - start)) -gt $((ready_timeout + 10)) ]; then say "test_failures: no READY within ${ready_timeout} s"; exit 2; fi
  sleep 1
done
say "test_failures: $(grep '^READY' "$log" | head -n 1 | cut -c1-80)"
writes warmup 3 13 1 || { say "test_failures: the ready cluster took no write"; exit 2; }
scenario_start=$SECONDS

# 1. The proposer leader dies: the proposers elect another, which keeps every acknowledged write.
old="$(agreed_leader)"
writes leader-before 5 1 2 13; ok=$?
kill_node "$old"
wait_until 60 new_leader_other_than "$old"; ok=$((ok + $?))
new="$(agreed_leader)"
clients=(); for p in "${proposers[@]}"; do [ "$p" != "$old" ] && clients+=("$p"); done
writes leader-after 5 "${clients[@]}"; ok=$((ok + $?))
read_all 13; ok=$((ok + $?))
verdict "proposer leader killed" $((ok > 0)) "leader node-$old killed, node-${new:-?} leads; 5 writes before and 5 after acknowledged; ${#acked[@]} keys read back through node-13"
restart_node "$old"

# 2. Two of five acceptors die: a quorum (3) is left, writes go on.
kill_node 9; kill_node 10
writes two-acceptors-down 5 1 13; ok=$?
read_all 13; ok=$((ok + $?))
verdict "2 acceptors killed" $((ok > 0)) "nodes 9 and 10 killed; 5 writes acknowledged by the 3 left; ${#acked[@]} keys read back"
restart_node 9; restart_node 10

# 3. Three die: no quorum, so no write may be acknowledged; once they are back, writes go on and nothing is lost.
kill_node 8; kill_node 9; kill_node 10
refused=0
for i in 1 2 3; do
  code="$(put 13 "three-down-$i" "must-not-be-acknowledged-$i" 1)"
  [ "$code" != 200 ] && refused=$((refused + 1))
done
restart_node 8; restart_node 9; restart_node 10
writes three-acceptors-back 3 1 13; ok=$?
read_all 13; ok=$((ok + $?))
[ $refused = 3 ] || ok=$((ok + 1))
verdict "3 acceptors killed" $((ok > 0)) "nodes 8-10 killed: $refused of 3 writes refused (503, none acknowledged); restarted, 3 writes acknowledged; ${#acked[@]} keys read back"

# 4. The coordinating learner (the lowest live one) dies: the other takes over two-phase commit.
kill_node 11
writes learner-down 5 2 13; ok=$?
read_all 14; ok=$((ok + $?))
verdict "learner killed" $((ok > 0)) "learner node-11 killed, node-12 coordinates; 5 writes acknowledged; ${#acked[@]} keys read back through node-14"
restart_node 11

# 5. A store dies with nothing pending: it is dropped from the write set and writes go on.
kill_node 15
writes store-idle-down 5 1 13; ok=$?
read_all 13; ok=$((ok + $?))
verdict "store killed idle" $((ok > 0)) "store node-15 killed; 5 writes acknowledged by the 2 left; ${#acked[@]} keys read back"

# 6. The killed store comes back: it installs a peer's snapshot, replays the log after it and serves reads again.
# It restarts with a commit delay on `fault-` keys, for scenario 8.
restart_node 15 PAXOS_FAULT_STORE_IDS=15 PAXOS_FAULT_STORE_COMMIT_DELAY_MS=4000
wait_until 120 stores_in_sync 13 14 15; ok=$?
read_all 15; ok=$((ok + $?))
verdict "killed store restarted" $((ok > 0)) "store node-15 restarted, back in sync with 13 and 14; ${#acked[@]} keys read back through node-15"

# 7. A store dies holding its vote on a request (node 14 delays its vote on fault- keys): the transaction aborts
# and is retried on the stores left, so the client's write still succeeds.
pending_out="$data/pending.out"
( put 1 fault-pending pending-value 3 >"$pending_out" ) &
pending_pid=$!
sleep 1.5
kill_node "$pending_store"
wait "$pending_pid"; code="$(cat "$pending_out")"
ok=0; [ "$code" = 200 ] || ok=1
[ "$code" = 200 ] && acked[fault-pending]=pending-value
read_all 13; ok=$((ok + $?))
verdict "store killed with a request pending" $((ok > 0)) "node-$pending_store killed while holding its vote; the pending write answered $code; ${#acked[@]} keys read back"

# 8. A store dies between prepare and commit (node 15 delays applying fault- commits): nothing is half-applied, the
# write is acknowledged by the others, and the store catches up once restarted.
( put 2 fault-commit commit-value 3 >"$pending_out" ) &
pending_pid=$!
sleep 1.5
kill_node 15
wait "$pending_pid"; code="$(cat "$pending_out")"
ok=0; [ "$code" = 200 ] || ok=1
[ "$code" = 200 ] && acked[fault-commit]=commit-value
restart_node 15
wait_until 120 stores_in_sync 13 15; ok=$((ok + $?))
read_all 15; ok=$((ok + $?))
verdict "store killed between prepare and commit" $((ok > 0)) "node-15 killed before applying a commit; the write answered $code; restarted, caught up, ${#acked[@]} keys read back through node-15"

if [ $failed = 0 ]; then say "test_failures: every scenario passed"; else say "test_failures: some scenarios FAILED (cluster log: $log; rerun with --keep to inspect)"; fi
exit $failed
