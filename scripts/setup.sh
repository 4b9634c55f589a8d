#!/usr/bin/env bash
# Installs everything skydive needs on Debian 12 with Node 20: the system packages listed in
# scripts/system-packages.txt (apt-get), the npm packages (npm ci) and the build (tsc).
# Idempotent and quick when nothing is missing, so `npm test` can run it every time.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

mapfile -t wanted < <(grep -vE '^\s*(#|$)' scripts/system-packages.txt)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "system packages present"
fi

# npm ci only when the installed tree does not match the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
else
  say "npm packages present"
fi

say "building"
npm run --silent build
