#!/usr/bin/env bash
# Renders a fathom HTML report to PNG in headless Chromium, to look at what a reader will see.
#
#   deploy/local/render-report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]
#
# OUT defaults to REPORT with .png; WIDTH x HEIGHT (1300 x 2400) is the page area captured, from the
# top. Needs Chromium (Debian: apt-get install chromium; or set CHROMIUM to its binary). The report
# loads nothing from elsewhere, so the rendering runs offline.
set -euo pipefail

report=${1:?usage: render-report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]}
out=${2:-${report%.html}.png}
width=${3:-1300}
height=${4:-2400}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "render-report: no Chromium found (apt-get install chromium, or set CHROMIUM)" >&2; exit 3; }
[ -f "$report" ] || { echo "render-report: no report $report" >&2; exit 2; }

# a profile of its own, so that a running browser's is never touched; --no-sandbox for root in containers
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$(realpath -m "$out")" "file://$(realpath "$report")" \
  > "$profile/chromium.log" 2>&1 || { cat "$profile/chromium.log" >&2; exit 1; }
[ -s "$out" ] || { cat "$profile/chromium.log" >&2; echo "render-report: no picture written" >&2; exit 1; }
echo "$out"
