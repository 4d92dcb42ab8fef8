#!/usr/bin/env bash
# The naive baseline of `make bench`: what a first script would do, one tool run after another.
# For each language: the site (sphinx-build -b html), the print HTML (sphinx-build -b singlehtml with the
# project's print theme, same conf.py), the PDF (weasyprint CLI, same PDF variant as the pipeline).
# Usage: naive.sh BIN_DIR DOCS_DIR OUT_DIR LANG...
set -euo pipefail
bin=$1 docs=$2 out=$3
shift 3
mkdir -p "$out/pdf"
for lang in "$@"; do
  "$bin/sphinx-build" -q -b html -D language="$lang" "$docs" "$out/html/$lang"
  "$bin/sphinx-build" -q -b singlehtml -D language="$lang" -D html_theme=booklet-print "$docs" "$out/print/$lang"
  "$bin/weasyprint" --pdf-variant pdf/a-3a --pdf-tags "$out/print/$lang/index.html" "$out/pdf/$lang.pdf"
done
