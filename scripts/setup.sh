#!/usr/bin/env bash
# Set up relance on a fresh machine: the system libraries WeasyPrint needs, a virtual
# environment in .venv, and relance itself with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Shared libraries WeasyPrint loads at run time. libharfbuzz-subset is the one most images
# lack; without it WeasyPrint falls back to a subsetter that is 3x slower and gives other bytes.
LIBS=(libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1)
DEBIAN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig)

missing_libs() {
    # Read the linker cache once: piping it into grep -q under pipefail could report a
    # library as missing when grep stops reading early. ldconfig is in /sbin for most users.
    local lib cache
    cache="$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)"
    for lib in "${LIBS[@]}"; do
        grep -qF "$lib" <<<"$cache" || echo "$lib"
    done
}

if [ -n "$(missing_libs)" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "relance setup: installing ${DEBIAN_PACKAGES[*]} with apt-get" >&2
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
            "${DEBIAN_PACKAGES[@]}" >/dev/null
    fi
    if [ -n "$(missing_libs)" ]; then
        echo "relance setup: WeasyPrint needs these shared libraries, not found on this machine:" >&2
        missing_libs | sed 's/^/  /' >&2
        echo "Install Pango, HarfBuzz (with its subset library) and fontconfig with your system's" >&2
        echo "package manager (Debian/Ubuntu: apt-get install ${DEBIAN_PACKAGES[*]}), then run this again." >&2
        exit 1
    fi
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11, 4))' 2>/dev/null; then
    echo "relance setup: Python 3.11.4 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "relance setup: ready (.venv/bin/relance)" >&2
