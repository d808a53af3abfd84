#!/usr/bin/env bash
# fathom's local stack without Docker: a KRaft Kafka broker resolved from Maven Central and the
# services' quarkus-run.jar, all on 127.0.0.1, stopped by the process ids this script started.
#
#   deploy/local/stack.sh up       build if needed, format Kafka storage once, start broker and services
#   deploy/local/stack.sh down     stop what 'up' started
#   deploy/local/stack.sh status   what is running
#   deploy/local/stack.sh demo     up, probe both embedded models on every built-in task, grade the shipped
#                                  illustrative answers (rubric, acceptability, PDR), mix the sample corpus at
#                                  five ratios, print the tables, write an HTML report per run, down
#   deploy/local/stack.sh submit F submit request file F to the running stack and follow it
#   deploy/local/stack.sh report R write run R's HTML report to $FATHOM_HOME/report-R.html
#
# Environment: FATHOM_HOME (state, default .fathom), FATHOM_KAFKA_PORT (9092),
# FATHOM_CONTROLLER_PORT (9093), FATHOM_INFERENCE_PORT (8081), FATHOM_PROBE_PORT (8082), FATHOM_SCORING_PORT (8083),
# FATHOM_DATAMIX_PORT (8084), FATHOM_REBUILD=1 to force a build. The services run in the project root and read
# datasets only under samples/ and $FATHOM_HOME/data; manifests go to $FATHOM_HOME/mixtures.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HOME_DIR=${FATHOM_HOME:-$ROOT/.fathom}
KAFKA_PORT=${FATHOM_KAFKA_PORT:-9092}
CONTROLLER_PORT=${FATHOM_CONTROLLER_PORT:-9093}
INFERENCE_PORT=${FATHOM_INFERENCE_PORT:-8081}
PROBE_PORT=${FATHOM_PROBE_PORT:-8082}
SCORING_PORT=${FATHOM_SCORING_PORT:-8083}
DATAMIX_PORT=${FATHOM_DATAMIX_PORT:-8084}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
PIDS=$HOME_DIR/pids
LOGS=$HOME_DIR/logs
KAFKA_DIR=$HOME_DIR/kafka
SERVICE_JARS=(inference-service/target/quarkus-app/quarkus-run.jar probe-service/target/quarkus-app/quarkus-run.jar
  scoring-service/target/quarkus-app/quarkus-run.jar datamix-service/target/quarkus-app/quarkus-run.jar
  cli/target/fathom-cli.jar)

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

build() {
  local missing=0
  for jar in "${SERVICE_JARS[@]}"; do [ -f "$ROOT/$jar" ] || missing=1; done
  if [ "$missing" = 1 ] || [ "${FATHOM_REBUILD:-0}" = 1 ]; then
    log "building fathom (./mvnw package, tests skipped)"
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "build failed"
  fi
  if [ ! -f "$KAFKA_DIR/lib/.resolved" ]; then
    log "resolving the Kafka broker from Maven Central"
    mkdir -p "$KAFKA_DIR/lib"
    (cd "$ROOT" && ./mvnw -q -B -f deploy/local/pom.xml dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_DIR/lib" -DincludeScope=runtime) || die "could not resolve Kafka"
    touch "$KAFKA_DIR/lib/.resolved"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name seconds command...
  local name=$1 seconds=$2; shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@"; then return 0; fi
    running "$name" || die "$name exited while starting; see $LOGS/$name.log"
    sleep 1
  done
  die "$name did not come up within ${seconds}s (logs in $LOGS)"
}

# logs are appended to, so that a restart keeps what the last run wrote; each start is marked
started_log() { mkdir -p "$LOGS"; printf '\n===== %s started %s =====\n' "$1" "$(date -u +%FT%TZ)" >> "$LOGS/$1.log"; }

running() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

start_kafka() {
  running kafka && { log "kafka already running (pid $(cat "$PIDS/kafka.pid"))"; return; }
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by something this script did not start"
  mkdir -p "$KAFKA_DIR/data" "$PIDS" "$LOGS"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
offsets.topic.num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# 'up' creates fathom's topics with their layout (docs/operations.md) before any service starts
auto.create.topics.enable=false
# hidden-state events of the largest supported model fit (docs/events.md)
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
PROPS
  local cp="$KAFKA_DIR/lib/*"
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    local cluster
    cluster=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    log "formatting KRaft storage (cluster $cluster)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster" -c "$KAFKA_DIR/server.properties" \
      > "$LOGS/kafka-format.log" 2>&1 || die "formatting failed, see $LOGS/kafka-format.log"
  fi
  log "starting kafka on $BOOTSTRAP"
  started_log kafka
  nohup java -Xms256m -Xmx1g -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties" >> "$LOGS/kafka.log" 2>&1 &
  echo $! > "$PIDS/kafka.pid"
  wait_for kafka 60 port_open "$KAFKA_PORT"
}

# GET /q/health/ready over bash's /dev/tcp, so that nothing beyond bash and a JDK is needed
ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
    && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
}

start_service() { # name port jar
  local name=$1 port=$2 jar=$3
  running "$name" && { log "$name already running (pid $(cat "$PIDS/$name.pid"))"; return; }
  port_open "$port" && die "port $port is taken by something this script did not start"
  log "starting $name on http://127.0.0.1:$port"
  started_log "$name"
  # from the project root, so that request files may name datasets relative to it (samples/...)
  # (a simple command in the background, so that $! is the JVM itself and 'down' stops it)
  (cd "$ROOT" || exit 1
    KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
      nohup java -Xmx2g --add-modules=jdk.incubator.vector -jar "$ROOT/$jar" >> "$LOGS/$name.log" 2>&1 &
    echo $! > "$PIDS/$name.pid")
  wait_for "$name" 120 ready "$port"
}

up() {
  build
  start_kafka
  log "creating fathom's topics where missing (partitions, sizes, retention: docs/operations.md)"
  java -jar "$ROOT/cli/target/fathom-cli.jar" topics --bootstrap "$BOOTSTRAP" | sed 's/^/[stack] /' \
    || die "could not create the topics"
  mkdir -p "$HOME_DIR/data"
  FATHOM_INFERENCE_DATASET_ROOTS="$ROOT/samples,$HOME_DIR/data" \
    start_service inference-service "$INFERENCE_PORT" inference-service/target/quarkus-app/quarkus-run.jar
  FATHOM_PROBE_DATA_DIR="$HOME_DIR/probe-data" \
    start_service probe-service "$PROBE_PORT" probe-service/target/quarkus-app/quarkus-run.jar
  start_service scoring-service "$SCORING_PORT" scoring-service/target/quarkus-app/quarkus-run.jar
  FATHOM_DATAMIX_DATA_DIR="$HOME_DIR/datamix-data" FATHOM_DATAMIX_SINK_DIR="$HOME_DIR/mixtures" \
    start_service datamix-service "$DATAMIX_PORT" datamix-service/target/quarkus-app/quarkus-run.jar
  log "up: bootstrap $BOOTSTRAP, inference-service http://127.0.0.1:$INFERENCE_PORT," \
    "probe-service http://127.0.0.1:$PROBE_PORT, scoring-service http://127.0.0.1:$SCORING_PORT," \
    "datamix-service http://127.0.0.1:$DATAMIX_PORT (metrics /q/metrics)"
}

down() {
  for name in datamix-service scoring-service probe-service inference-service kafka; do
    if running "$name"; then
      local pid
      pid=$(cat "$PIDS/$name.pid")
      log "stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDS/$name.pid"
  done
}

status() {
  for name in kafka inference-service probe-service scoring-service datamix-service; do
    if running "$name"; then echo "$name: running (pid $(cat "$PIDS/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

submit() {
  [ -f "$1" ] || die "no request file $1"
  java -jar "$ROOT/cli/target/fathom-cli.jar" submit "$1" --wait --bootstrap "$BOOTSTRAP" --timeout "${FATHOM_TIMEOUT:-900}"
}

report() { # runId: the run's HTML report, $FATHOM_HOME/report-<runId>.html
  java -jar "$ROOT/cli/target/fathom-cli.jar" report "$1" -o "$HOME_DIR/report-$1.html" --bootstrap "$BOOTSTRAP"
}

demo() {
  trap down EXIT
  up
  submit "$ROOT/samples/probing-demo.json"
  submit "$ROOT/samples/scoring-demo.json"
  submit "$ROOT/samples/datamix-demo.json"
  for run in demo-probing demo-scoring demo-datamix; do report "$run"; done
  log "reports (open in a browser, no network needed): $HOME_DIR/report-demo-{probing,scoring,datamix}.html"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  demo) demo ;;
  submit) shift; submit "${1:?request file}" ;;
  report) shift; report "${1:?run id}" ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
