#!/usr/bin/env bash
# Render the site with Quarto, or say clearly what is ready and how to get Quarto.
# Quarto is found on PATH, or pip-installed into .venv (PyPI's quarto-cli downloads the Quarto
# binary while installing, so that only works with internet access). A failed install attempt
# is remembered for a day so rebuilds stay fast offline; QUARTO_RETRY=1 tries again at once.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
stamp=.venv/.quarto-install-failed  # in .venv so `make clean` keeps it

find_quarto() {
  if command -v quarto >/dev/null 2>&1; then command -v quarto; return 0; fi
  if [ -x .venv/bin/quarto ]; then echo .venv/bin/quarto; return 0; fi
  return 1
}

if ! QUARTO=$(find_quarto); then
  if [ "${QUARTO_RETRY:-0}" = 1 ] || [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    echo "quarto not found; trying: pip install quarto-cli==1.7.32 (needs internet)..."
    if timeout 180 "$PY" -m pip install --quiet --timeout 20 --retries 0 "quarto-cli==1.7.32" >.venv/quarto-install.log 2>&1 \
       && QUARTO=$(find_quarto); then
      rm -f "$stamp"
    else
      touch "$stamp"
    fi
  fi
fi

if [ -z "${QUARTO:-}" ]; then
  cat <<MSG

==================================================================================
 SITE NOT RENDERED: Quarto is not installed on this machine.
 Everything up to the render is ready:
   - executed notebooks      build/notebooks/<race>/*.ipynb
   - charts, facts, tables   build/races/<race>/
   - generated page sources  races/<race>/index.qmd, races/index.qmd
 To finish: install Quarto 1.4 or newer (https://quarto.org/docs/get-started/, or
 'pip install quarto-cli' where there is internet), then run 'make site' again.
 (An install attempt's log, if one ran: .venv/quarto-install.log)
==================================================================================
MSG
  exit 0
fi

echo "rendering with $("$QUARTO" --version 2>/dev/null | head -1) ($QUARTO)"
"$QUARTO" render --no-execute || exit 1
# Fix what Quarto's own markup gets wrong (navbar toggler role, unused icon font, scrolling
# outputs and tables that a keyboard cannot reach), then the static checks: seconds, not
# minutes. The browser checks (axe, chart text, scroll) run in `make check-site`.
"$PY" -m helpers.site.site_post _site || exit 1
"$PY" scripts/check_site.py _site --static || exit 1
echo "site ready: _site/index.html (browser and accessibility checks: make check-site)"
