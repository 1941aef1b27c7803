#!/usr/bin/env bash
# Set up a fresh machine for STC Guide: a virtual environment in .venv with the pinned Python
# packages, the pinned Pyodide runtime from package-lock.json (npm ci), and, for the tests,
# Debian's browsers (Chromium; Firefox ESR, driven by puppeteer-core from the npm lock; WebKitGTK's
# WebKitWebDriver, driven by Selenium under xvfb-run) and a Java runtime (the Nu Html Checker).
# Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=${1:-}
# The host Python must be the CPython minor version inside the pinned Pyodide (0.29.5: 3.13):
# the build compiles the browser's bytecode with it (build_tools/wheel.py, PYODIDE_PYTHON).
want_python=3.13

is_wanted() { # is_wanted CMD: does CMD run Python $want_python?
  [ -n "$1" ] && "$1" -c "import sys; sys.exit(sys.version_info[:2] != (${want_python/./, }))" >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" "python$want_python" python3; do
    if is_wanted "$candidate"; then command -v "$candidate"; return 0; fi
  done
  # pyenv's shim for python3.13 fails unless 3.13 is selected; its interpreter works directly.
  local root
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for candidate in "$root"/versions/"$want_python"*/bin/python"$want_python"; do
    if is_wanted "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! is_wanted .venv/bin/python; then
  if ! python=$(find_python); then
    echo "STC Guide needs Python $want_python (the version inside its Pyodide runtime), with venv." >&2
    echo "Install it (Debian: apt-get install python$want_python python$want_python-venv; or pyenv install $want_python)" >&2
    echo "or point PYTHON at it: PYTHON=/path/to/python$want_python make setup" >&2
    exit 1
  fi
  if [ -e .venv ]; then
    echo "Recreating .venv with Python $want_python ($python)" >&2
    rm -rf .venv
  fi
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
