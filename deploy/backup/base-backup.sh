#!/bin/bash
# A base backup for point-in-time restore: pg_basebackup (tar, gzip, the WAL it needs included),
# into <backup-root>/base-<UTC time>/, with lovecard-backup.json saying when it ran, how long it
# took, its size and the first WAL segment it needs. The server's connection comes from the
# standard PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD); the role needs REPLICATION.
#
#   deploy/backup/base-backup.sh /var/backups/lovecard [--archive /var/lib/lovecard/wal-archive --keep 7]
#
# With --archive and --keep N, the backups beyond the newest N are deleted, and the archived WAL
# older than the oldest kept backup needs with them (pg_archivecleanup): a restore can then reach
# any time since the oldest kept backup.
set -euo pipefail
root="${1:?usage: base-backup.sh <backup-root> [--archive <dir> --keep N]}"
shift
archive=""
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --archive) archive="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
bin="${LOVECARD_PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$bin/pg_basebackup" ] || bin="$(dirname "$(command -v pg_basebackup)")"
stamp="$(date -u +%Y%m%dT%H%M%S%3NZ)"
dir="$root/base-$stamp"
mkdir -p "$root"
started="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
t0="$(date +%s%N)"
"$bin/pg_basebackup" -D "$dir.part" --format=tar --gzip --wal-method=fetch --checkpoint=fast \
    --label="lovecard-$stamp" --no-password
t1="$(date +%s%N)"
start_wal="$(tar -xzOf "$dir.part/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .*(file \(.*\))$/\1/p')"
bytes="$(du -sb "$dir.part" | cut -f1)"
cat > "$dir.part/lovecard-backup.json" <<JSON
{"started":"$started","seconds":$(( (t1 - t0) / 1000000 ))e-3,"bytes":$bytes,"startWal":"$start_wal"}
JSON
mv "$dir.part" "$dir"
echo "$dir"

if [ -n "$keep" ]; then
    mapfile -t all < <(ls -1d "$root"/base-* 2>/dev/null | grep -v '\.part$' | sort)
    drop=$(( ${#all[@]} - keep ))
    for (( i = 0; i < drop; i++ )); do
        rm -rf "${all[$i]}"
    done
    if [ -n "$archive" ] && [ "$drop" -gt 0 ]; then
        oldest="${all[$drop]}"
        oldest_wal="$(sed -n 's/.*"startWal":"\([0-9A-F]*\)".*/\1/p' "$oldest/lovecard-backup.json")"
        [ -n "$oldest_wal" ] && "$bin/pg_archivecleanup" "$archive" "$oldest_wal"
    fi
fi
