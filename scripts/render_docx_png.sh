#!/usr/bin/env bash
# Remake docs/bulletin-docx.png: the first page of the June 2023 bulletin as a GB/T 9704 公文
# (`liuzhang report -f docx`), rendered by LibreOffice and pdftoppm at 80 dpi, from the shipped
# examples ingested into a temporary store. Extra arguments go to `report` (e.g. --font body=…).
# Usage: scripts/render_docx_png.sh [OUT.png] [report options…]
# Install once: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
png=$(realpath -m "${1:-$root/docs/bulletin-docx.png}")
[ $# -gt 0 ] && shift
liuzhang=$root/.venv/bin/liuzhang
[ -x "$liuzhang" ] || liuzhang=$(command -v liuzhang) || { echo "liuzhang not found: pip install -e ." >&2; exit 1; }
soffice=$(command -v soffice || command -v libreoffice || true)
[ -n "$soffice" ] || { echo "soffice not found: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LIUZHANG_LANG LIUZHANG_DB LIUZHANG_DATA LIUZHANG_PLAN
"$liuzhang" ingest "$root"/examples/2023-0*/* --db "$tmp/store.sqlite" --data "$root/data" >/dev/null
"$liuzhang" report --month 2023-06 -f docx --date 2023-07-10 --db "$tmp/store.sqlite" \
  --data "$root/data" --out "$tmp/out" "$@" >/dev/null
docx=$(ls "$tmp"/out/*.docx)
"$soffice" "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf \
  --outdir "$tmp/out" "$docx" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "${docx%.docx}.pdf" "${png%.png}"
echo "$png"
