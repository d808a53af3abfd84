#!/usr/bin/env bash
# The Triton model's own logic (pooling, request checks), run by the triton module's Maven build.
# It needs python3 with numpy (Debian: apt-get install python3-numpy); without it, it says so and passes.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
  echo "SKIPPED deploy/triton/tests: $PYTHON has no numpy (apt-get install python3-numpy)"
  exit 0
fi
exec "$PYTHON" -m unittest discover -s . -v
