#!/usr/bin/env bash
# Restore drill (docs/operations.md, Backups): a database with demo data and issued letters
# is backed up with pg_dump, restored into a new database with pg_restore, and the restored
# copy is compared with the original: row counts of every table, the audit history, and
# every stored letter's SHA-256 (manage.py backup_manifest). Uses the commands the operator
# guide gives. Needs PostgreSQL; PGHOST/PGPORT/PGUSER as for psql (default 127.0.0.1:5432,
# postgres). Everything it creates is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
source_db="licensing_drill_$$"
restored_db="licensing_drill_restored_$$"
work=$(mktemp -d)
cleanup() {
  dropdb --if-exists "$source_db" 2>/dev/null || true
  dropdb --if-exists "$restored_db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
url() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1"; }
manage() { DEBUG=1 DATABASE_URL="$(url "$1")" timeout 600 .venv/bin/python manage.py "${@:2}"; }

echo "1. A database with demo data and issued letters ($source_db)"
createdb "$source_db"
manage "$source_db" migrate --no-input >/dev/null
manage "$source_db" createcachetable >/dev/null
manage "$source_db" seed_demo >/dev/null
manage "$source_db" issue_letters --user saksbehandler >/dev/null 2>&1
manage "$source_db" backup_manifest > "$work/manifest.json"

echo "2. Back up (as in docs/operations.md)"
pg_dump --format=custom --file="$work/licensing.dump" "$source_db"

echo "3. Restore into a new database ($restored_db)"
createdb "$restored_db"
pg_restore --no-owner --exit-on-error --dbname="$restored_db" "$work/licensing.dump"

echo "4. Verify the restored copy"
manage "$restored_db" backup_manifest --verify "$work/manifest.json"
letters=$(.venv/bin/python -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["letters_sha256"]))' "$work/manifest.json")
if [ "$letters" -lt 1 ]; then
  echo "The drill database has no issued letters: nothing to verify." >&2
  exit 1
fi
echo "Restore drill passed ($letters letters)."
