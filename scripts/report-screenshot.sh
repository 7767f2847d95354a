#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium (Debian's chromium) and saves a PNG screenshot.
#   scripts/report-screenshot.sh RUN_DIR/report.html [OUT.png] [WIDTHxHEIGHT]
set -euo pipefail
report="$(realpath "$1")"
out="$(realpath -m "${2:-${report%.html}.png}")"
size="${3:-1280,4000}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "no chromium found (apt-get install chromium)" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${size/x/,}" --screenshot="$out" "file://$report" >/dev/null 2>&1
[ -s "$out" ] || { echo "chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
