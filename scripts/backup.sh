#!/bin/sh
# Back up SAKIP: the PostgreSQL database (pg_dump, custom format) and the uploads (MEDIA_ROOT), into
# one new dated folder with a manifest (the row count of every table) and SHA-256 sums.
#   sh scripts/backup.sh [BACKUP_DIR]   -> BACKUP_DIR/sakip-20261123T193000Z/ (default: ./backups)
#     database.dump  pg_dump -Fc of the database
#     media.tar      MEDIA_ROOT as it is on disk
#     MANIFEST.txt   when, what, versions; "table <name> <rows>" and "sequence <name> <last value>"
#     SHA256SUMS     of the three files above (sha256sum -c SHA256SUMS)
# The database: DATABASE_URL (postgres://user:password@host:5432/name), or libpq's PGDATABASE with
# PGHOST, PGPORT, PGUSER and ~/.pgpass. The uploads: DJANGO_MEDIA_ROOT (default: ./media).
# The row counts and the dump read one snapshot, so they agree even while the app keeps writing.
# A folder appears under its final name only once complete; a failed run leaves nothing behind.
set -eu

fail() { echo "backup: $*" >&2; exit 1; }

case "${1:-}" in
  -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
  -*) echo "usage: $0 [BACKUP_DIR]" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "usage: $0 [BACKUP_DIR]" >&2; exit 2; }

here=$(cd "$(dirname "$0")/.." && pwd)
backup_root=${1:-$here/backups}
media_root=${DJANGO_MEDIA_ROOT:-$here/media}
database=${DATABASE_URL:-${PGDATABASE:-}}

case "$database" in
  "") fail "set DATABASE_URL (postgres://user:password@host:5432/name) or PGDATABASE" ;;
  postgres://* | postgresql://*) ;;
  *://*) fail "DATABASE_URL is not PostgreSQL (${database%%://*}://...): only PostgreSQL is backed up" ;;
esac
for tool in pg_dump psql tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (Debian: apt-get install postgresql-client tar coreutils)"
done
[ -d "$media_root" ] || fail "DJANGO_MEDIA_ROOT $media_root is not a directory"

sql() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "$database" "$@"; }

server_num=$(sql -c "SHOW server_version_num") || fail "cannot connect to the database"
server_major=$((server_num / 10000))
client_major=$(pg_dump --version | sed -n 's/^pg_dump (PostgreSQL) \([0-9]*\).*/\1/p')
[ "${client_major:-0}" -ge "$server_major" ] \
  || fail "pg_dump $client_major is older than the server (PostgreSQL $server_major): install postgresql-client-$server_major"

now=$(date -u +%s)
stamp=$(date -u -d "@$now" +%Y%m%dT%H%M%SZ)
final=$backup_root/sakip-$stamp
work=$final.partial
[ ! -e "$final" ] || fail "$final already exists"
mkdir -p "$backup_root"
mkdir "$work" || fail "cannot create $work"

holder=""
cleanup() {
  status=$?
  if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ]; then rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# A session that holds a snapshot open (pg_export_snapshot) while the counts and the dump read it.
mkfifo "$work/.holder"
psql -X -q -tA -v ON_ERROR_STOP=1 -d "$database" <"$work/.holder" >"$work/.snapshot" &
holder=$!
exec 3>"$work/.holder"
echo "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot();" >&3
tries=0
until [ -s "$work/.snapshot" ]; do
  kill -0 "$holder" 2>/dev/null || fail "could not open a snapshot of the database"
  tries=$((tries + 1))
  [ "$tries" -le 300 ] || fail "no snapshot after 30 seconds"
  sleep 0.1
done
snapshot=$(head -n 1 "$work/.snapshot")

sql >"$work/.counts" <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SET TRANSACTION SNAPSHOT '$snapshot';
SELECT 'table ' || c.relname || ' ' || (xpath('/row/n/text()', query_to_xml(
         format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r'
 ORDER BY c.relname COLLATE "C";
SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value::text, '-')
  FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename COLLATE "C";
SELECT 'database ' || current_database() || ' ' || current_setting('server_version');
COMMIT;
SQL

echo "Dumping the database"
pg_dump -Fc --snapshot="$snapshot" -d "$database" -f "$work/database.dump"
echo "COMMIT;" >&3
exec 3>&-
wait "$holder" || fail "the snapshot session ended with an error"
holder=""

echo "Archiving $media_root"
# Health checks write and delete .sehat-* probes in MEDIA_ROOT; an upload that lands meanwhile makes
# GNU tar warn and exit 1 (the archive is still whole): only worse is a failure.
tar -C "$media_root" --exclude='./.sehat-*' -cf "$work/media.tar" . || {
  status=$?
  [ "$status" -eq 1 ] || fail "tar of $media_root failed ($status)"
  echo "backup: warning: files in $media_root changed while they were archived" >&2
}
media_files=$(tar -tf "$work/media.tar" | grep -cv '/$' || true)

tables=$(grep -c '^table ' "$work/.counts" || true)
rows=$(awk '$1 == "table" { total += $3 } END { print total + 0 }' "$work/.counts")
{
  echo "# SAKIP backup; restore with: sh scripts/restore.sh $final NEW_DATABASE"
  echo "created $(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)"
  grep '^database ' "$work/.counts"
  echo "pg_dump $(pg_dump --version | sed -n 's/^pg_dump (PostgreSQL) \([^ ]*\).*/\1/p')"
  echo "media_root $media_root"
  echo "media_files $media_files"
  echo "tables $tables"
  echo "rows $rows"
  grep -e '^table ' -e '^sequence ' "$work/.counts"
} >"$work/MANIFEST.txt"
rm -f "$work/.holder" "$work/.snapshot" "$work/.counts"
(cd "$work" && sha256sum database.dump media.tar MANIFEST.txt >SHA256SUMS)

mv "$work" "$final"
size=$(du -sk "$final" | cut -f 1)
echo "Backup written to $final ($size KiB): $tables tables, $rows rows, $media_files media files"
