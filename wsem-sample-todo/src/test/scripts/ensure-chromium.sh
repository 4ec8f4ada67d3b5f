#!/usr/bin/env bash
# Makes sure the browser tests of wsem-sample-todo can run: they drive Debian's chromium
# through chromium-driver. Installs both with apt-get when they are missing and this runs
# as root; otherwise fails and says what to install. It never lets the tests be skipped.
set -euo pipefail

CHROMIUM=${WSEM_CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${WSEM_CHROMEDRIVER:-/usr/bin/chromedriver}

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
  exit 0
fi

missing=()
[[ -x "$CHROMIUM" ]] || missing+=("$CHROMIUM (package chromium)")
[[ -x "$CHROMEDRIVER" ]] || missing+=("$CHROMEDRIVER (package chromium-driver)")

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "wsem-sample-todo: installing chromium and chromium-driver for the browser tests (missing: ${missing[*]})"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
    exit 0
  fi
  echo "wsem-sample-todo: apt-get installed chromium and chromium-driver, but $CHROMIUM or $CHROMEDRIVER is still missing." >&2
  exit 1
fi

cat >&2 <<MESSAGE
wsem-sample-todo: the browser tests need Chromium and its WebDriver, and they are missing:
  ${missing[*]}
Install them, then run the build again. On Debian or Ubuntu:
  sudo apt-get update && sudo apt-get install -y chromium chromium-driver
(Run the build as root on Debian and it installs them itself. The tests expect
$CHROMIUM and $CHROMEDRIVER.)
MESSAGE
exit 1
