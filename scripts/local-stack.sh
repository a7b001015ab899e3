#!/usr/bin/env bash
# Local Kafka (KRaft, single node) and Apicurio Registry without Docker.
#
#   scripts/local-stack.sh start|stop|status|reset|fetch [kafka|registry]   (default: both)
#
# Kafka's jars and the Apicurio Registry app come from Maven Central through Maven (cached in
# ~/.m2) and run on the machine's Java 17+. Everything lives under $STACK_DIR (gitignored).
#
# Kafka listeners, all on 127.0.0.1:
#   PLAINTEXT       $KAFKA_PORT        no authentication (principal User:ANONYMOUS, a super user):
#                                      local tools, the demo and inter-broker traffic
#   SASL_PLAINTEXT  $KAFKA_SASL_PORT   SCRAM-SHA-512, StandardAuthorizer, default deny;
#                                      super user admin / $KAFKA_ADMIN_PASSWORD
#   CONTROLLER      $KAFKA_CONTROLLER_PORT
# Apicurio Registry: http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 (Confluent API),
# management interface on 127.0.0.1:$REGISTRY_MANAGEMENT_PORT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

KAFKA_VERSION=4.1.2
APICURIO_VERSION=3.0.9
STACK_DIR="${STACK_DIR:-$LOCAL_DIR/stack}"
DIST_DIR="$LOCAL_DIR/dist"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_SASL_PORT="${KAFKA_SASL_PORT:-9094}"
KAFKA_ADMIN_PASSWORD="${KAFKA_ADMIN_PASSWORD:-admin-secret}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-9011}"
KAFKA_HEAP="${KAFKA_HEAP:-768m}"
REGISTRY_HEAP="${REGISTRY_HEAP:-512m}"

KAFKA_HOME="$DIST_DIR/kafka-$KAFKA_VERSION"
REGISTRY_HOME="$DIST_DIR/apicurio-registry-$APICURIO_VERSION"

log() { printf '\033[1m[local-stack]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[local-stack] %s\033[0m\n' "$*" >&2; exit 1; }

require_tools() {
  command -v java >/dev/null || die "java not found: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
  [[ "${major%%.*}" -ge 17 ]] || die "Java 17 or newer is required (found $major)"
  command -v mvn >/dev/null || die "mvn not found: install Maven 3.8+ (Debian: apt-get install maven); it fetches Kafka and Apicurio from Maven Central"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() { # pid of a service we started, if it is still running
  local f="$STACK_DIR/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

fetch_kafka() {
  [[ -f "$KAFKA_HOME/.complete" ]] && return
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$KAFKA_HOME" && mkdir -p "$KAFKA_HOME/libs"
  mvn -q -B -f "$ROOT/scripts/local-stack/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs" \
    || die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (is Maven Central reachable?)"
  touch "$KAFKA_HOME/.complete"
}

fetch_registry() {
  [[ -f "$REGISTRY_HOME/.complete" ]] && return
  log "fetching Apicurio Registry $APICURIO_VERSION from Maven Central"
  rm -rf "$REGISTRY_HOME" && mkdir -p "$REGISTRY_HOME"
  local tmp; tmp=$(mktemp -d)
  mvn -q -B dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$tmp" \
    || die "Maven could not fetch io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all"
  tar -xzf "$tmp"/*.tar.gz -C "$REGISTRY_HOME"
  rm -rf "$tmp"
  registry_jar >/dev/null || die "the Apicurio archive has no runnable jar (quarkus-run.jar or *-runner.jar)"
  touch "$REGISTRY_HOME/.complete"
}

kafka_java() { java -Xms256m -Xmx"$KAFKA_HEAP" -Dlog4j2.configurationFile="$STACK_DIR/kafka/log4j2.properties" -cp "$KAFKA_HOME/libs/*" "$@"; }

write_kafka_config() {
  local dir="$STACK_DIR/kafka"
  mkdir -p "$dir/data" "$dir/logs"
  cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
  cat > "$dir/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=$dir/logs/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
logger.kafka.name=kafka
logger.kafka.level=INFO
logger.state.name=state.change.logger
logger.state.level=WARN
EOF
}

start_kafka() {
  if pid=$(pid_of kafka); then log "Kafka already running (pid $pid)"; return; fi
  for p in "$KAFKA_PORT" "$KAFKA_SASL_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_in_use "$p" && die "port $p is taken by another process: stop it, or choose other ports with KAFKA_PORT, KAFKA_SASL_PORT, KAFKA_CONTROLLER_PORT"
  done
  fetch_kafka
  write_kafka_config
  local dir="$STACK_DIR/kafka"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    log "formatting KRaft storage (SCRAM-SHA-512 super user: admin)"
    kafka_java kafka.tools.StorageTool format --config "$dir/server.properties" \
      --cluster-id "$(kafka_java kafka.tools.StorageTool random-uuid)" \
      --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]" > "$dir/logs/format.log" 2>&1 \
      || die "formatting Kafka storage failed: see $dir/logs/format.log"
  fi
  log "starting Kafka $KAFKA_VERSION (PLAINTEXT 127.0.0.1:$KAFKA_PORT, SASL_PLAINTEXT 127.0.0.1:$KAFKA_SASL_PORT)"
  setsid java -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$KAFKA_HOME/libs/*" \
    kafka.Kafka "$dir/server.properties" > "$dir/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/kafka.pid"
  wait_until "Kafka" 90 "$dir/logs/server.log" kafka_ready
}

kafka_ready() { port_in_use "$KAFKA_PORT" && port_in_use "$KAFKA_SASL_PORT" && grep -q 'Kafka Server started' "$STACK_DIR/kafka/logs/server.log" 2>/dev/null; }

start_registry() {
  if pid=$(pid_of registry); then log "Apicurio Registry already running (pid $pid)"; return; fi
  for p in "$REGISTRY_PORT" "$REGISTRY_MANAGEMENT_PORT"; do
    port_in_use "$p" && die "port $p is taken by another process: stop it, or choose other ports with REGISTRY_PORT, REGISTRY_MANAGEMENT_PORT"
  done
  fetch_registry
  local dir="$STACK_DIR/registry"
  mkdir -p "$dir/data" "$dir/logs"
  log "starting Apicurio Registry $APICURIO_VERSION (http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7)"
  (cd "$dir" && exec setsid java -Xms128m -Xmx"$REGISTRY_HEAP" -Djava.awt.headless=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.datasource.url="jdbc:h2:file:$dir/data/registry;DB_CLOSE_ON_EXIT=FALSE" \
    -Dapicurio.rest.deletion.artifact.enabled=true -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -Dapicurio.rest.deletion.group.enabled=true \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.apicurio\".level=INFO \
    -jar "$(registry_jar)") > "$dir/logs/registry.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/registry.pid"
  wait_until "Apicurio Registry" 120 "$dir/logs/registry.log" registry_ready
}

# 3.0.x ships a runner jar beside lib/, 3.1+ the fast-jar layout (quarkus-run.jar; those need Java 21).
registry_jar() {
  local jar
  for jar in "$REGISTRY_HOME"/quarkus-run.jar "$REGISTRY_HOME"/*-runner.jar; do
    [[ -f "$jar" ]] && { echo "$jar"; return 0; }
  done
  return 1
}

registry_ready() { curl -sf "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects" >/dev/null; }

# wait_until NAME SECONDS LOGFILE CHECK: poll CHECK; fail with the log's tail if the process dies.
wait_until() {
  local name=$1 secs=$2 logfile=$3 check=$4 svc
  svc=$([[ $name == Kafka ]] && echo kafka || echo registry)
  for ((i = 0; i < secs * 2; i++)); do
    if $check; then log "$name is ready"; return; fi
    if ! pid_of "$svc" >/dev/null; then
      tail -n 30 "$logfile" "$STACK_DIR/$svc/logs/stdout.log" 2>/dev/null >&2 || true
      die "$name exited during start-up: see $logfile"
    fi
    sleep 0.5
  done
  die "$name did not become ready within ${secs}s: see $logfile"
}

stop_service() {
  local svc=$1 pid
  if pid=$(pid_of "$svc"); then
    log "stopping $svc (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "$svc did not stop in 30s, killing it"; kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; }
  fi
  rm -f "$STACK_DIR/$svc.pid"
}

status_service() {
  local svc=$1 pid
  if pid=$(pid_of "$svc"); then
    case $svc in
      kafka) kafka_ready && echo "kafka: running (pid $pid), PLAINTEXT 127.0.0.1:$KAFKA_PORT, SASL_PLAINTEXT 127.0.0.1:$KAFKA_SASL_PORT" || echo "kafka: starting (pid $pid)";;
      registry) registry_ready && echo "registry: running (pid $pid), http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" || echo "registry: starting (pid $pid)";;
    esac
  else
    echo "$svc: stopped"; return 1
  fi
}

cmd="${1:-}"; which="${2:-all}"
case "$which" in all) services=(kafka registry);; kafka|registry) services=("$which");; *) die "unknown service '$which' (kafka, registry)";; esac
mkdir -p "$STACK_DIR"
case "$cmd" in
  start) require_tools; for s in "${services[@]}"; do "start_$s"; done;;
  stop) for s in "${services[@]}"; do stop_service "$s"; done;;
  status) rc=0; for s in "${services[@]}"; do status_service "$s" || rc=3; done; exit $rc;;
  reset) for s in "${services[@]}"; do stop_service "$s"; rm -rf "${STACK_DIR:?}/$s"; done; log "data removed from $STACK_DIR";;
  fetch) require_tools; for s in "${services[@]}"; do "fetch_$s"; done; echo "$KAFKA_HOME";;
  *) echo "usage: $0 start|stop|status|reset|fetch [kafka|registry]" >&2; exit 2;;
esac
