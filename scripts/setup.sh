#!/usr/bin/env bash
# Set up a fresh machine for STC Guide: a virtual environment in .venv with the pinned Python
# packages, the pinned Pyodide runtime from package-lock.json (npm ci), and, for the tests,
# Debian's browsers (Chromium; Firefox ESR, driven by puppeteer-core from the npm lock; WebKitGTK's
# WebKitWebDriver, driven by Selenium under xvfb-run) and a Java runtime (the Nu Html Checker).
# Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=${1:-}
python=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.stc-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi

if [ ! -f node_modules/pyodide/pyodide.asm.wasm ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "$want_browser" = "--with-test-tools" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
  command -v xauth >/dev/null 2>&1 || missing+=(xauth)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
      echo "Please install with your package manager: ${missing[*]}" >&2
      exit 1
    fi
  fi
fi
