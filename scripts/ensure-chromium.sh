#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests and the designer
# benchmark (Playwright drives it; it never downloads a browser of its own). Does nothing when it is
# already there; otherwise installs the `chromium` package non-interactively (as root, or through
# sudo), running `apt-get update` first when apt knows no candidate for it yet.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

# shellcheck source=scripts/apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install ensure-chromium "$CHROMIUM is missing" "the browser tests" chromium fonts-liberation

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM installed")"
