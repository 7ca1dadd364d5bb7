#!/bin/sh
# Make the test database reachable: postgres://sakip:sakip@127.0.0.1:5432/sakip.
# Works on a machine where PostgreSQL runs with trust auth, where it is installed but stopped, and
# where it is not installed at all. The role gets CREATEDB so pytest-django can create test_sakip.
set -eu

HOST=127.0.0.1
PORT=5432

if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; then
  echo "Installing PostgreSQL"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

if ! pg_isready -q -h "$HOST" -p "$PORT"; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$HOST" -p "$PORT" && break; sleep 1; done
  pg_isready -q -h "$HOST" -p "$PORT"
fi

# Administer as the postgres superuser: over TCP where trust auth allows it, else through the socket.
admin_sql() {
  if psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    psql -h "$HOST" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
  else
    runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
  fi
}

admin_sql "SELECT 1 FROM pg_roles WHERE rolname = 'sakip'" | grep -q 1 \
  || admin_sql "CREATE ROLE sakip LOGIN PASSWORD 'sakip' CREATEDB"
admin_sql "SELECT 1 FROM pg_database WHERE datname = 'sakip'" | grep -q 1 \
  || admin_sql "CREATE DATABASE sakip OWNER sakip"
