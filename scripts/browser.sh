#!/usr/bin/env bash
# Make sure a headless Chromium is here for tests/test_browser.py: Debian's chromium package,
# installed with apt-get when it is missing and this runs as root on a system that has apt-get.
# Prints the browser's path; exits 1, saying why, when none can be had. Safe to run again.
set -euo pipefail

find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }

browser="$(find_browser)"
if [ -z "$browser" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "browser: Chromium not found; installing Debian's chromium package with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    browser="$(find_browser)"
fi
if [ -z "$browser" ]; then
    echo "browser: no Chromium on this machine, and it cannot be installed here (needs apt-get and root)." >&2
    echo "Install it (Debian/Ubuntu: apt-get install chromium), then run the browser test again." >&2
    exit 1
fi
echo "$browser"
