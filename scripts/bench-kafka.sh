#!/usr/bin/env bash
# A throwaway Kafka (KRaft, PLAINTEXT only, one or more brokers) for benchmarks with tens of
# thousands of topics, kept apart from the dev stack's data. Measured here: a broker holding
# 10,000 one-partition topics had about 2,400 open files and 4,900 memory maps; this machine
# allows a process 20,000 open files and 65,530 maps, so 50,000 topics are spread over brokers
# (default 2). Data under .local/bench-kafka (BENCH_KAFKA_DIR), removed by `stop`; BENCH_KAFKA_PORT
# and BENCH_KAFKA_CONTROLLER_PORT move the ports, so two benches can run side by side.
#
#   scripts/bench-kafka.sh start [BROKERS]   (default 2; node 1 is also the KRaft controller)
#   scripts/bench-kafka.sh stop
#   scripts/bench-kafka.sh brokers           prints the bootstrap list
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

DIR="${BENCH_KAFKA_DIR:-$LOCAL_DIR/bench-kafka}"
BASE_PORT="${BENCH_KAFKA_PORT:-39092}"
CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-39091}"
HEAP="${BENCH_KAFKA_HEAP:-1g}"

log() { printf '\033[1m[bench-kafka]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[bench-kafka] %s\033[0m\n' "$*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_of() { echo $((BASE_PORT + ($1 - 1) * 10)); }

start() {
  local brokers=${1:-2} kafka_home cluster_id
  [[ -d "$DIR" ]] && die "$DIR exists: run '$0 stop' first"
  kafka_home=$(scripts/local-stack.sh fetch kafka | tail -1)
  mkdir -p "$DIR"
  echo "$brokers" > "$DIR/brokers"
  cluster_id=$(java -cp "$kafka_home/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)
  for ((n = 1; n <= brokers; n++)); do
    local node="$DIR/node-$n" port roles listeners
    port=$(port_of "$n")
    port_in_use "$port" && die "port $port is taken (BENCH_KAFKA_PORT moves the range)"
    mkdir -p "$node/data" "$node/logs"
    if ((n == 1)); then
      roles=broker,controller
      listeners="PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$CONTROLLER_PORT"
    else
      roles=broker
      listeners="PLAINTEXT://127.0.0.1:$port"
    fi
    cat > "$node/server.properties" <<PROPS
process.roles=$roles
node.id=$n
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=$listeners
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$node/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
PROPS
    cat > "$node/log4j2.properties" <<PROPS
appender.file.type=File
appender.file.name=file
appender.file.fileName=$node/logs/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
logger.started.name=kafka.server.BrokerServer
logger.started.level=INFO
PROPS
    java -cp "$kafka_home/libs/*" kafka.tools.StorageTool format --config "$node/server.properties" \
      --cluster-id "$cluster_id" > "$node/logs/format.log" 2>&1 || die "format failed: $node/logs/format.log"
    (ulimit -n "$(ulimit -Hn)"; exec setsid java -Xms256m -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$node/log4j2.properties" -cp "$kafka_home/libs/*" \
      kafka.Kafka "$node/server.properties") > "$node/logs/stdout.log" 2>&1 < /dev/null &
    echo $! > "$node/pid"
  done
  for ((i = 0; i < 180; i++)); do
    local up=0
    for ((n = 1; n <= brokers; n++)); do port_in_use "$(port_of "$n")" && up=$((up + 1)); done
    if ((up == brokers)); then log "$brokers brokers up: $(list)"; return; fi
    sleep 1
  done
  die "the brokers did not start in 180 s: see $DIR/node-*/logs"
}

list() {
  local brokers; brokers=$(cat "$DIR/brokers")
  for ((n = 1; n <= brokers; n++)); do printf '%s127.0.0.1:%s' "$([[ $n -gt 1 ]] && echo ,)" "$(port_of "$n")"; done
  echo
}

stop() {
  for pidfile in "$DIR"/node-*/pid; do
    [[ -f "$pidfile" ]] || continue
    kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$DIR"/node-*/pid; do
    [[ -f "$pidfile" ]] || continue
    for ((i = 0; i < 60; i++)); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$DIR"
  log "stopped, data removed"
}

case "${1:-}" in
  start) start "${2:-2}";;
  stop) stop;;
  brokers) list;;
  *) echo "usage: $0 start [BROKERS] | stop | brokers" >&2; exit 2;;
esac
