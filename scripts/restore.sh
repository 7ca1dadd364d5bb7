#!/bin/sh
# Restore a backup of scripts/backup.sh into a new (or empty) database and MEDIA_ROOT, then check
# that every table has exactly the rows the manifest counted.
#   sh scripts/restore.sh [--force] [--media-root DIR] BACKUP_FOLDER DATABASE_NAME
# The server and credentials: DATABASE_URL (its own database name is not touched) or libpq's PGHOST,
# PGPORT, PGUSER and ~/.pgpass; the database "postgres" is used to create DATABASE_NAME. Uploads go
# to DIR (default: DJANGO_MEDIA_ROOT, else ./media).
# A database or media folder that is not empty is refused; --force drops and recreates the database
# and unpacks the uploads over the folder (files added since the backup stay, unused).
# The dump is restored in one transaction (pg_restore --single-transaction --exit-on-error
# --no-owner): it lands whole or not at all, owned by the user restoring it.
set -eu

fail() { echo "restore: $*" >&2; exit 1; }
usage() { echo "usage: $0 [--force] [--media-root DIR] BACKUP_FOLDER DATABASE_NAME" >&2; exit 2; }

here=$(cd "$(dirname "$0")/.." && pwd)
force=no
media_root=${DJANGO_MEDIA_ROOT:-$here/media}
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=yes; shift ;;
    --media-root) [ $# -ge 2 ] || usage; media_root=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || usage
backup=$1
target=$2

case "$target" in
  "" | *[!A-Za-z0-9_]*) fail "database name '$target': use letters, digits and _ only" ;;
esac
server=${DATABASE_URL:-}
case "$server" in
  "" | postgres://* | postgresql://*) ;;
  *) fail "DATABASE_URL is not PostgreSQL (${server%%://*}://...)" ;;
esac
for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (Debian: apt-get install postgresql-client tar coreutils)"
done

# A connection to the named database on the server of DATABASE_URL (or of the PG* variables).
conninfo() {
  case "$server" in
    "") echo "dbname=$1" ;;
    *\?*) echo "$server&dbname=$1" ;;
    *) echo "$server?dbname=$1" ;;
  esac
}
sql() { db=$1; shift; psql -X -q -tA -v ON_ERROR_STOP=1 -d "$(conninfo "$db")" "$@"; }

# 1. The backup is whole.
for file in database.dump media.tar MANIFEST.txt SHA256SUMS; do
  [ -f "$backup/$file" ] || fail "$backup/$file is missing: not a folder written by scripts/backup.sh"
done
(cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) || fail "$backup is damaged: SHA-256 sums differ"
pg_restore --list "$backup/database.dump" >/dev/null || fail "pg_restore $(pg_restore --version) cannot read the dump"

# 2. The targets are new or empty (or --force).
exists=$(sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$target'") || fail "cannot connect to the server"
if [ "$exists" = 1 ]; then
  relations=$(sql "$target" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'")
  if [ "$relations" -gt 0 ] && [ "$force" = no ]; then
    fail "database $target is not empty ($relations tables, sequences and indexes): use --force to drop and recreate it"
  fi
fi
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ] && [ "$force" = no ]; then
  fail "$media_root is not empty: use --force to unpack the uploads over it, or --media-root DIR"
fi

# 3. The database.
if [ "$exists" = 1 ] && [ "$relations" -gt 0 ]; then
  echo "Dropping database $target (--force)"
  sql postgres -c "DROP DATABASE \"$target\" WITH (FORCE)"
  exists=""
fi
if [ "$exists" != 1 ]; then
  echo "Creating database $target"
  sql postgres -c "CREATE DATABASE \"$target\""
fi
echo "Restoring the database into $target"
pg_restore --no-owner --exit-on-error --single-transaction -d "$(conninfo "$target")" "$backup/database.dump"

# 4. The uploads.
echo "Unpacking the uploads into $media_root"
mkdir -p "$media_root"
tar -C "$media_root" -xf "$backup/media.tar"

# 5. Every table has the rows the manifest counted when the backup was made.
counts=$(sql "$target" -c "SELECT 'table ' || c.relname || ' ' || (xpath('/row/n/text()', query_to_xml(
           format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname COLLATE \"C\"") || fail "cannot count the rows of $target"
expected=$(grep '^table ' "$backup/MANIFEST.txt" || true)
if [ "$counts" != "$expected" ]; then
  manifest_counts=$(mktemp)
  echo "$expected" >"$manifest_counts"
  echo "$counts" | diff -u "$manifest_counts" - >&2 || true
  rm -f "$manifest_counts"
  fail "the row counts of $target differ from $backup/MANIFEST.txt (above: - manifest, + restored)"
fi
tables=$(echo "$counts" | grep -c '^table ' || true)
rows=$(echo "$counts" | awk '{ total += $3 } END { print total + 0 }')
echo "Restored $backup into database $target: $tables tables, $rows rows, as in the manifest; uploads in $media_root"
echo "Next: point DATABASE_URL at $target and run  python manage.py migrate  (nothing to do on the same release)"
