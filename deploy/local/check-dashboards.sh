#!/usr/bin/env bash
# Proves every dashboard query against a real Prometheus: starts the local stack on its own ports and
# state directory, has Prometheus (Debian package prometheus) scrape every service every 2 s, runs the
# demo's three requests, then asks Prometheus each panel's query of helm/fathom/dashboards/*.json and
# prints how many series it returned. Exits 1 when a query returns none. Stops what it started.
#
#   deploy/local/check-dashboards.sh
#
# Environment: the stack's (see stack.sh; this script moves its ports to 3908x by default),
# FATHOM_PROMETHEUS_PORT (39090).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export FATHOM_HOME=${FATHOM_HOME:-$(mktemp -d)}
export FATHOM_KAFKA_PORT=${FATHOM_KAFKA_PORT:-39092} FATHOM_CONTROLLER_PORT=${FATHOM_CONTROLLER_PORT:-39093}
export FATHOM_INFERENCE_PORT=${FATHOM_INFERENCE_PORT:-39081} FATHOM_PROBE_PORT=${FATHOM_PROBE_PORT:-39082}
export FATHOM_SCORING_PORT=${FATHOM_SCORING_PORT:-39083} FATHOM_DATAMIX_PORT=${FATHOM_DATAMIX_PORT:-39084}
PROMETHEUS_PORT=${FATHOM_PROMETHEUS_PORT:-39090}
STACK="$ROOT/deploy/local/stack.sh"

command -v prometheus >/dev/null || { echo "needs prometheus on the PATH (apt-get install prometheus)" >&2; exit 2; }

prometheus_pid=
stop() {
  [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null || true
  "$STACK" down
}
trap stop EXIT

"$STACK" up
mkdir -p "$FATHOM_HOME/prometheus"
{
  echo "global: {scrape_interval: 2s, evaluation_interval: 2s}"
  echo "scrape_configs:"
  for service in inference:$FATHOM_INFERENCE_PORT probe:$FATHOM_PROBE_PORT scoring:$FATHOM_SCORING_PORT \
      datamix:$FATHOM_DATAMIX_PORT; do
    echo "  - {job_name: ${service%%:*}-service, metrics_path: /q/metrics, static_configs: [{targets: ['127.0.0.1:${service##*:}']}]}"
  done
} > "$FATHOM_HOME/prometheus/prometheus.yml"
prometheus --config.file="$FATHOM_HOME/prometheus/prometheus.yml" --storage.tsdb.path="$FATHOM_HOME/prometheus/data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" > "$FATHOM_HOME/logs/prometheus.log" 2>&1 &
prometheus_pid=$!

for request in probing-demo scoring-demo datamix-demo; do
  "$STACK" submit "$ROOT/samples/$request.json" > "$FATHOM_HOME/logs/$request.out"
  echo "[check] $request done"
done
sleep 10 # a few more scrapes after the last results

/usr/bin/python3 - "$PROMETHEUS_PORT" "$ROOT"/helm/fathom/dashboards/*.json <<'PY'
import json, sys, urllib.parse, urllib.request

port, files = sys.argv[1], sys.argv[2:]
empty = 0
for path in files:
    dashboard = json.load(open(path))
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": target["expr"]})
            answer = json.load(urllib.request.urlopen(url, timeout=30))
            series = len(answer["data"]["result"]) if answer["status"] == "success" else 0
            empty += series == 0
            print(f"{series:5d}  {dashboard['uid']}: {panel['title']}  [{target['refId']}]")
print(f"{empty} queries returned no series")
sys.exit(1 if empty else 0)
PY
