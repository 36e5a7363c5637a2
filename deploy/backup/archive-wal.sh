#!/bin/sh
# PostgreSQL's archive_command: copies one finished WAL segment into the archive, atomically.
#   archive_mode = on
#   archive_command = '/opt/lovecard/deploy/backup/archive-wal.sh %p %f /var/lib/lovecard/wal-archive'
#   archive_timeout = 60          # at most a minute of writes is only in pg_wal (docs/runbook.md)
# Exit 0 only once the segment is durably in the archive: PostgreSQL keeps the segment and retries
# until then. A segment already archived with the same content (a retry after a crash) is success;
# with other content it is an error, never overwritten.
set -eu
src="$1"
name="$2"
archive="${3:-${LOVECARD_WAL_ARCHIVE:?give the archive directory as the third argument}}"
target="$archive/$name"
if [ -f "$target" ]; then
    if cmp -s "$src" "$target"; then
        exit 0
    fi
    echo "archive-wal: $target exists with other content; refusing to overwrite" >&2
    exit 1
fi
cp "$src" "$target.part"
sync "$target.part"
mv "$target.part" "$target"
sync "$archive"
