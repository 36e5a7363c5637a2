#!/bin/bash
# Point-in-time restore: a base backup (base-backup.sh) plus the archived WAL (archive-wal.sh),
# replayed into a NEW data directory up to a time, then promoted. The old cluster is not touched.
#
#   deploy/backup/restore.sh --backup /var/backups/lovecard/base-20261202T181500000Z \
#       --archive /var/lib/lovecard/wal-archive --data /var/lib/postgresql/15/restored \
#       --target-time '2026-12-02 10:41:00+08' --port 5433 --start
#
# Without --target-time it replays all archived WAL (the latest state the archive holds). With
# --start it starts the restored server on --port (127.0.0.1 only) and waits until recovery ended
# and it is promoted, printing how long the replay took. Archiving is OFF on the restored server
# (archive_mode = off in postgresql.auto.conf): check it, then turn archiving on and take a new
# base backup before it serves (docs/runbook.md, "Backup and restore").
set -euo pipefail
backup="" archive="" data="" target="" port="" start=""
while [ $# -gt 0 ]; do
    case "$1" in
        --backup) backup="$2"; shift 2 ;;
        --archive) archive="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --target-time) target="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --start) start=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$backup" ] && [ -n "$archive" ] && [ -n "$data" ] || {
    echo "usage: restore.sh --backup <base-dir> --archive <wal-dir> --data <new-data-dir> [--target-time T] [--port N] [--start]" >&2
    exit 2
}
[ -f "$backup/base.tar.gz" ] || { echo "restore: $backup/base.tar.gz not found" >&2; exit 1; }
if [ -e "$data" ] && [ -n "$(ls -A "$data")" ]; then
    echo "restore: $data is not empty; restore into a new directory" >&2
    exit 1
fi
bin="${LOVECARD_PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$bin/pg_ctl" ] || bin="$(dirname "$(command -v pg_ctl)")"
t0="$(date +%s%N)"
mkdir -p "$data"
tar -xzf "$backup/base.tar.gz" -C "$data"
mkdir -p "$data/pg_wal"
[ -f "$backup/pg_wal.tar.gz" ] && tar -xzf "$backup/pg_wal.tar.gz" -C "$data/pg_wal"
# A Debian cluster keeps its configuration in /etc, outside the data directory: give the restored
# server a minimal one of its own.
[ -f "$data/postgresql.conf" ] || echo "listen_addresses = '127.0.0.1'" > "$data/postgresql.conf"
[ -f "$data/pg_hba.conf" ] || printf 'local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n' > "$data/pg_hba.conf"
{
    echo "# restore.sh $(date -u +%Y-%m-%dT%H:%M:%SZ) from $backup"
    echo "restore_command = 'cp \"$archive/%f\" \"%p\"'"
    [ -n "$target" ] && echo "recovery_target_time = '$target'"
    echo "recovery_target_action = 'promote'"
    echo "archive_mode = off"
    [ -n "$port" ] && echo "port = $port"
    echo "listen_addresses = '127.0.0.1'"
} >> "$data/postgresql.auto.conf"
touch "$data/recovery.signal"
chmod 700 "$data"
as=()
if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$data"
    as=(runuser -u postgres --)
fi
t1="$(date +%s%N)"
echo "restore: unpacked in $(( (t1 - t0) / 1000000 )) ms into $data"
[ -n "$start" ] || exit 0

"${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/restore.log" -o "-k $data" -w -t 3600 start >/dev/null
until [ "$("${as[@]}" "$bin/psql" -h "$data" -p "${port:-5432}" -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = "f" ]; do
    sleep 0.2
done
t2="$(date +%s%N)"
echo "restore: replayed and promoted in $(( (t2 - t1) / 1000000 )) ms (total $(( (t2 - t0) / 1000000 )) ms)"
