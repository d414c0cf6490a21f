#!/usr/bin/env bash
# Run the browser tests (tests/browser, marker `browser`): chromium driven by Playwright
# against a live server, axe-core (WCAG 2.1 A and AA) on every page visited. They are not part
# of scripts/test.sh. Installs Debian's chromium when it is missing and apt-get is available
# (Playwright's own browser download is not used). Screenshots and HTML of failures go to
# browser-artifacts/. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing chromium (Debian package) …"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)." >&2
    exit 1
  fi
fi
rm -rf browser-artifacts
exec .venv/bin/python -m pytest -m browser tests/browser -p no:randomly "$@"
