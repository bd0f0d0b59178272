#!/usr/bin/env bash
# Renders the pictures of the command line's report in docs/images/, as a colleague sees it who
# opens the .xlsx in LibreOffice Calc and prints it to PDF:
#   docs/images/cli-report-summary.png  the Summary's first page (the Summary is the first sheet)
#   docs/images/cli-report-chart.png    the first printed page that holds a chart
# from a default run of 500 trials (seed 1). The PNGs are committed; rerun this when the report's
# layout or its charts change:
#   npm run build:cli && scripts/render-report-image.sh
# Needs LibreOffice Calc (apt-get install -y libreoffice-calc-nogui) and poppler's pdftoppm and
# pdftotext (apt-get install -y poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: install them: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
[ -f lib/cli/main.js ] || { echo 'beekeeper is not built: run npm run build:cli first' >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node bin/beekeeper.js simulate --trials 500 --seed 1 --out "$work/report.xlsx" >/dev/null
# A profile of its own: a LibreOffice already open (or another run) does not take the conversion.
soffice -env:UserInstallation="file://$work/profile" --headless --norestore \
  --convert-to pdf --outdir "$work" "$work/report.xlsx" >/dev/null 2>&1

pages="$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')"
chart=""
for ((p = 1; p <= ${pages:-0}; p++)); do
  if pdftotext -f "$p" -l "$p" "$work/report.pdf" - | grep -q '^Chart: '; then chart="$p"; break; fi
done
[ -n "$chart" ] || { echo 'no printed page holds a chart' >&2; exit 1; }

# 110 dpi: a landscape page is 1,210 px wide, legible when the README shows it at 800 px.
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$work/report.pdf" docs/images/cli-report-summary
pdftoppm -f "$chart" -l "$chart" -r 110 -png -singlefile "$work/report.pdf" docs/images/cli-report-chart
echo "docs/images/cli-report-summary.png (page 1 of $pages), docs/images/cli-report-chart.png (page $chart)"
