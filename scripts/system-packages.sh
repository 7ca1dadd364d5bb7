#!/bin/sh
# Install the Debian packages SAKIP needs, only those missing, so a second run is instant.
#   sh scripts/system-packages.sh run   -> what the app needs (venv support, WeasyPrint's Pango, fonts)
#   sh scripts/system-packages.sh test  -> also Chromium for browser tests, poppler-utils, pg_dump
#   sh scripts/system-packages.sh bench -> also wrk, the HTTP load generator of `make bench`
set -eu

RUN_PACKAGES="python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig"
TEST_PACKAGES="$RUN_PACKAGES chromium poppler-utils postgresql-client"
BENCH_PACKAGES="$TEST_PACKAGES wrk"

case "${1:-run}" in
  run) wanted=$RUN_PACKAGES ;;
  test) wanted=$TEST_PACKAGES ;;
  bench) wanted=$BENCH_PACKAGES ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  # python3-venv matters only when this python3 cannot already make a virtualenv (pyenv builds can).
  if [ "$package" = python3-venv ] && python3 -c "import ensurepip, venv" 2>/dev/null; then
    continue
  fi
  # pg_dump/pg_restore for the backup test; a PostgreSQL server package brings its own (postgresql-client-15).
  if [ "$package" = postgresql-client ] && command -v pg_dump >/dev/null 2>&1; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Missing Debian packages:$missing (run as root, or install them)" >&2; exit 1
fi
echo "Installing Debian packages:$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
