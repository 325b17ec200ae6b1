#!/usr/bin/env bash
# Render an HTML bulletin to a PNG with headless Chromium (Debian's `chromium` package), so a
# person can look at it without a browser. Usage: scripts/screenshot_report.sh REPORT.html [OUT.png] [HEIGHT]
# Install once: apt-get install chromium fonts-noto-cjk
set -euo pipefail
html=${1:?usage: $0 REPORT.html [OUT.png] [HEIGHT]}
png=${2:-${html%.html}.png}
height=${3:-2400}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install chromium fonts-noto-cjk" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1240,"$height" \
  --screenshot="$(realpath -m "$png")" "file://$(realpath "$html")" 2>/dev/null
echo "$png"
