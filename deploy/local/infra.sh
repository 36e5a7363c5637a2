#!/usr/bin/env bash
# LoveCard local infrastructure: PostgreSQL + RabbitMQ on loopback, no Docker,
# no systemd. Daemons are started directly because developer machines and CI
# are containers where nothing supervises services for us.
#
# Usage: deploy/local/infra.sh <command> [args]   (run as root)
#   up | down | status
#   reset-test-vhost NAME | reset-test-vhosts NAME... | drop-test-vhosts NAME...
#   start-postgres | stop-postgres
#   start-rabbit | stop-rabbit | kill-rabbit
# See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Ports, user names and passwords come from env.sh so that what we start and
# what the services are told to connect to can never drift apart.
# shellcheck source=./env.sh
. "${SCRIPT_DIR}/env.sh"

# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------
readonly PG_PORT="${LOVECARD_PG_PORT}"
readonly PG_LISTEN="127.0.0.1"
# Services and benchmarks use connection pools; 100 (the default) runs out.
readonly PG_MAX_CONNECTIONS="${LOVECARD_PG_MAX_CONNECTIONS:-300}"
readonly PG_CLUSTER="main"
readonly PG_START_TIMEOUT="${LOVECARD_PG_START_TIMEOUT:-60}"
readonly PG_SOCKET_DIR="/var/run/postgresql"

readonly RABBIT_PORT="${LOVECARD_RABBIT_PORT}"
readonly RABBIT_LISTEN="127.0.0.1"
# A fixed node name that does not depend on the machine's host name: the
# Mnesia directory is named after the node, and container host names change
# between machines, which would otherwise orphan the broker's data.
readonly RABBIT_NODE="rabbit@localhost"
readonly RABBIT_START_TIMEOUT="${LOVECARD_RABBIT_START_TIMEOUT:-90}"
readonly RABBIT_STOP_TIMEOUT="${LOVECARD_RABBIT_STOP_TIMEOUT:-60}"
readonly RABBIT_HUNG_AFTER="${LOVECARD_RABBIT_HUNG_AFTER:-60}"
readonly RABBIT_ETC="/etc/rabbitmq"
readonly RABBIT_BASE="/var/lib/rabbitmq"
readonly RABBIT_LOG_DIR="/var/log/rabbitmq"
readonly RABBIT_PID_FILE="${RABBIT_BASE}/mnesia/${RABBIT_NODE}.pid"
readonly RABBIT_NODE_LOG="${RABBIT_LOG_DIR}/${RABBIT_NODE}.log"
# stdout/stderr of the server VM (boot failures that never reach the node log).
readonly RABBIT_LAUNCH_LOG="${RABBIT_LOG_DIR}/lovecard-launch.log"

# Serialises concurrent invocations (e.g. parallel fault tests) so two of them
# never start or stop the same daemon at once.
readonly LOCK_FILE="/run/lovecard-infra.lock"

# pg_ctlcluster hands start/stop to systemctl when systemd runs; we never want
# that (this is a container-style setup), so tell it not to.
export _SYSTEMCTL_SKIP_REDIRECT=1
export DEBIAN_FRONTEND=noninteractive
# rabbitmqctl & co. read the node name from rabbitmq-env.conf, but exporting it
# too makes every CLI call target our node even if that file is edited.
export RABBITMQ_NODENAME="${RABBIT_NODE}"

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

require_root() {
    # Starting daemons as their own users and writing /etc needs root.
    [[ "$(id -u)" == 0 ]] || die "run as root (needs to manage system daemons and /etc config)"
}

# The lock is fd 9: every daemon launch below closes it (9>&-), or the
# long-lived daemon would inherit it and hold the lock forever.
take_lock() {
    exec 9>"${LOCK_FILE}"
    flock -w 300 9 || die "another infra.sh is still running (lock ${LOCK_FILE} held > 300 s)"
}

# True if PID names a live, non-zombie process. Uses /proc directly so we do
# not depend on procps being installed on a minimal image.
proc_alive() {
    local pid="${1:-}"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/${pid}/status" ]] || return 1
    ! grep -q '^State:[[:space:]]*Z' "/proc/${pid}/status" 2>/dev/null
}

# 2>/dev/null comes first: the process may exit between listing and reading.
proc_cmdline() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" || true; }

# Prints the local addresses listening on TCP port $1 (IPv4 and IPv6, hex
# decoded), one per line. Reads /proc/net/tcp* so it needs no iproute2.
listen_addrs() {
    local port_hex
    port_hex="$(printf '%04X' "$1")"
    local f
    for f in /proc/net/tcp /proc/net/tcp6; do
        [[ -r "$f" ]] || continue
        # Field 2 is ADDR:PORT, field 4 is the state (0A = LISTEN).
        awk -v p="${port_hex}" 'NR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == p) print a[1] }' "$f"
    done | while read -r hex; do
        case "${hex}" in
            0100007F) echo "127.0.0.1" ;;
            00000000) echo "0.0.0.0" ;;
            00000000000000000000000001000000) echo "::1" ;;
            00000000000000000000000000000000) echo "::" ;;
            *) echo "${hex}" ;;  # other address: shown raw, still "not loopback"
        esac
    done | sort -u
}

# True if something listens on port $1 on an address other than loopback.
listens_beyond_loopback() {
    listen_addrs "$1" | grep -qvE '^(127\.0\.0\.1|::1)$'
}

# Wait up to $1 seconds for command "$2..." to succeed. Bounded on purpose:
# every wait in this script must end so CI fails instead of hanging.
wait_for() {
    local timeout="$1"; shift
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

# Replace file $1 with stdin if the content differs. Returns 0 if it changed,
# 1 if it was already up to date (so callers know whether to restart).
write_if_changed() {
    local path="$1" owner="${2:-root:root}" tmp
    tmp="$(mktemp)"
    cat >"${tmp}"
    if [[ -f "${path}" ]] && cmp -s "${tmp}" "${path}"; then
        rm -f "${tmp}"
        return 1
    fi
    install -D -m 0644 -o "${owner%%:*}" -g "${owner##*:}" "${tmp}" "${path}"
    rm -f "${tmp}"
    return 0
}

# ---------------------------------------------------------------------------
# Package installation (fresh machines / CI)
# ---------------------------------------------------------------------------
pg_installed_version() {
    # Highest PostgreSQL major with a server binary; LOVECARD_PG_VERSION pins one.
    if [[ -n "${LOVECARD_PG_VERSION:-}" ]]; then
        [[ -x "/usr/lib/postgresql/${LOVECARD_PG_VERSION}/bin/postgres" ]] && echo "${LOVECARD_PG_VERSION}"
        return 0
    fi
    local d
    for d in /usr/lib/postgresql/*/bin/postgres; do
        [[ -x "$d" ]] && basename "$(dirname "$(dirname "$d")")"
    done | sort -n | tail -n 1
}

ensure_packages() {
    local missing=()
    if [[ -z "$(pg_installed_version)" ]] || ! command -v pg_ctlcluster >/dev/null; then
        # "postgresql" is the distro's default major (15 on Debian 12); a
        # pinned LOVECARD_PG_VERSION needs its own server package.
        missing+=("postgresql${LOVECARD_PG_VERSION:+-${LOVECARD_PG_VERSION}}")
    fi
    command -v rabbitmqctl >/dev/null && [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] \
        || missing+=(rabbitmq-server)
    command -v flock >/dev/null || missing+=(util-linux)
    ((${#missing[@]} == 0)) && return 0

    log "installing missing packages: ${missing[*]}"
    # Package post-install scripts would otherwise try to start the daemons
    # with the distro defaults (listening on all interfaces, host-named node)
    # before our config exists. A policy-rc.d that says "no" (exit 101) stops
    # that; we only add it if the machine has none and remove it afterwards.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e "${policy}" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"${policy}"
        chmod 0755 "${policy}"
        added_policy=1
    fi
    local rc=0
    # Lock::Timeout waits for a concurrently running apt/dpkg instead of failing.
    apt-get -o DPkg::Lock::Timeout=600 update -q || rc=$?
    if ((rc == 0)); then
        apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold \
            install -y -q "${missing[@]}" </dev/null || rc=$?
    fi
    ((added_policy)) && rm -f "${policy}"
    ((rc == 0)) || die "apt-get failed (exit ${rc}) installing: ${missing[*]}"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
PG_VERSION=""
PG_BIN=""
PG_CONF_DIR=""
PG_DATA=""
PG_LOG=""

pg_init_vars() {
    PG_VERSION="$(pg_installed_version)"
    [[ -n "${PG_VERSION}" ]] \
        || die "no PostgreSQL server${LOVECARD_PG_VERSION:+ ${LOVECARD_PG_VERSION}} installed under /usr/lib/postgresql (run: $0 up)"
    PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
    PG_CONF_DIR="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}"
    PG_DATA="/var/lib/postgresql/${PG_VERSION}/${PG_CLUSTER}"
    PG_LOG="/var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log"
    if [[ -f "${PG_CONF_DIR}/postgresql.conf" ]]; then
        # Honour a non-default data_directory if the cluster was made with one.
        local dd
        dd="$(sed -nE "s/^[[:space:]]*data_directory[[:space:]]*=[[:space:]]*'([^']*)'.*/\1/p" \
            "${PG_CONF_DIR}/postgresql.conf" | tail -n 1)"
        [[ -n "${dd}" ]] && PG_DATA="${dd}"
    fi
}

pg_ensure_cluster() {
    # The Debian package normally creates <ver>/main; a machine where it was
    # dropped (or the package was installed with createcluster disabled)
    # gets one here.
    if [[ ! -f "${PG_CONF_DIR}/postgresql.conf" || ! -f "${PG_DATA}/PG_VERSION" ]]; then
        log "creating PostgreSQL cluster ${PG_VERSION}/${PG_CLUSTER}"
        pg_createcluster "${PG_VERSION}" "${PG_CLUSTER}" >/dev/null \
            || die "pg_createcluster ${PG_VERSION} ${PG_CLUSTER} failed"
        pg_init_vars
    fi
}

# Our settings go into a conf.d drop-in (Debian's postgresql.conf includes
# conf.d last, so these win) instead of editing the packaged file.
# Returns 0 if the file changed (a restart is needed).
pg_write_config() {
    write_if_changed "${PG_CONF_DIR}/conf.d/lovecard.conf" postgres:postgres <<EOF
# Managed by LoveCard deploy/local/infra.sh; rewritten by every 'up'.
# Loopback only: this is a development/CI database with a well-known password.
listen_addresses = '${PG_LISTEN}'
port = ${PG_PORT}
# Connection pools of four services plus benchmarks exceed the default 100.
max_connections = ${PG_MAX_CONNECTIONS}
EOF
}

# PID of the live postmaster of our cluster, or nothing. postmaster.pid can be
# stale after a crash or a container restart, and its PID may since have been
# reused by an unrelated process, so check that the PID really is a postgres
# process running from our data directory.
pg_pid() {
    local pidfile="${PG_DATA}/postmaster.pid" pid
    [[ -r "${pidfile}" ]] || return 0
    pid="$(head -n 1 "${pidfile}" 2>/dev/null || true)"
    proc_alive "${pid}" || return 0
    case "$(proc_cmdline "${pid}")" in
        *postgres*) ;;
        *) return 0 ;;
    esac
    local cwd
    cwd="$(readlink "/proc/${pid}/cwd" 2>/dev/null || true)"
    if [[ -n "${cwd}" && "${cwd}" != "${PG_DATA}" ]]; then
        return 0
    fi
    echo "${pid}"
}

# Accepting connections over TCP on loopback (what the services use).
pg_ready() {
    "${PG_BIN}/pg_isready" -q -h "${PG_LISTEN}" -p "${PG_PORT}" -t 2
}

# psql as the postgres superuser over the Unix socket (peer auth, no password).
pg_admin_sql() {
    runuser -u postgres -- "${PG_BIN}/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
        -h "${PG_SOCKET_DIR}" -p "${PG_PORT}" -d postgres "$@" </dev/null
}

pg_log_tail() {
    if [[ -r "${PG_LOG}" ]]; then
        log "last lines of ${PG_LOG}:"
        tail -n 30 "${PG_LOG}" >&2 || true
    fi
}

# Remove leftovers of a server that is no longer running: pg_ctlcluster only
# removes postmaster.pid when the PID is dead or not "postgres"-looking, and
# the socket lock files are checked by postgres the same way.
pg_clean_stale() {
    [[ -n "$(pg_pid)" ]] && return 0
    if [[ -e "${PG_DATA}/postmaster.pid" ]]; then
        log "removing stale ${PG_DATA}/postmaster.pid"
        rm -f "${PG_DATA}/postmaster.pid"
    fi
    rm -f "${PG_SOCKET_DIR}/.s.PGSQL.${PG_PORT}.lock"
}

pg_start() {
    pg_init_vars
    pg_ensure_cluster
    local changed=0
    pg_write_config && changed=1

    local pid
    pid="$(pg_pid)"
    if [[ -n "${pid}" ]] && ((changed)); then
        # listen_addresses/port/max_connections only apply at server start.
        log "PostgreSQL config changed; restarting"
        pg_stop
        pid=""
    fi
    if [[ -n "${pid}" ]]; then
        # Running (maybe still starting up or recovering): give it time.
        if wait_for "${PG_START_TIMEOUT}" pg_ready; then
            return 0
        fi
        log "PostgreSQL (pid ${pid}) is running but not accepting connections on ${PG_LISTEN}:${PG_PORT}; restarting it"
        pg_stop
    fi

    # The socket directory lives on /run, which is empty after a reboot.
    install -d -o postgres -g postgres -m 2775 "${PG_SOCKET_DIR}"
    pg_clean_stale

    # Two attempts: after a hard crash, orphaned backends can still hold the
    # old shared memory for a moment and the first start is refused.
    local attempt
    for attempt in 1 2; do
        log "starting PostgreSQL ${PG_VERSION}/${PG_CLUSTER} on ${PG_LISTEN}:${PG_PORT}"
        if pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" start </dev/null >&2 9>&- \
            && wait_for "${PG_START_TIMEOUT}" pg_ready; then
            return 0
        fi
        ((attempt == 1)) && { log "PostgreSQL did not start; retrying in 3 s"; sleep 3; pg_clean_stale; }
    done
    pg_log_tail
    die "PostgreSQL failed to start on ${PG_LISTEN}:${PG_PORT} (log: ${PG_LOG})"
}

pg_stop() {
    [[ -n "${PG_VERSION}" ]] || pg_init_vars
    if [[ -z "$(pg_pid)" ]]; then
        pg_clean_stale
        return 0
    fi
    log "stopping PostgreSQL ${PG_VERSION}/${PG_CLUSTER}"
    # --force: fast shutdown, then immediate if fast does not finish.
    pg_ctlcluster --force "${PG_VERSION}" "${PG_CLUSTER}" stop </dev/null >&2 || true
    if ! wait_for 30 pg_stopped; then
        # Last resort so 'down' never leaves a server behind.
        local pid
        pid="$(pg_pid)"
        [[ -n "${pid}" ]] && { log "PostgreSQL ignored shutdown; killing pid ${pid}"; kill -9 "${pid}" 2>/dev/null || true; }
        wait_for 10 pg_stopped || die "could not stop PostgreSQL"
    fi
}

pg_stopped() { [[ -z "$(pg_pid)" ]]; }

pg_is_up() {
    pg_init_vars 2>/dev/null || return 1
    [[ -n "$(pg_pid)" ]] && pg_ready
}

# Role and databases, idempotently. CREATE DATABASE cannot run inside a DO
# block, so the databases are checked first and created one statement each.
pg_provision() {
    # Identifiers/literals come from env.sh; quote them the SQL way.
    local user="${LOVECARD_PG_USER}" pass="${LOVECARD_PG_PASSWORD//\'/\'\'}"
    local sql
    sql="$(cat <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${user}') THEN
    EXECUTE format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '${user}', '${pass}');
  ELSE
    EXECUTE format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', '${user}', '${pass}');
  END IF;
END
\$\$;
SQL
)"
    pg_admin_sql -c "${sql}" >/dev/null
    local db owner
    for db in "${LOVECARD_PG_DATABASE}" "${LOVECARD_PG_TEST_DATABASE}"; do
        owner="$(pg_admin_sql -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${db}'")"
        if [[ -z "${owner}" ]]; then
            log "creating database ${db}"
            pg_admin_sql -c "CREATE DATABASE \"${db}\" OWNER \"${user}\"" >/dev/null
        elif [[ "${owner}" != "${user}" ]]; then
            pg_admin_sql -c "ALTER DATABASE \"${db}\" OWNER TO \"${user}\"" >/dev/null
        fi
    done
    # End-to-end check the way the services connect: TCP, password auth.
    PGPASSWORD="${LOVECARD_PG_PASSWORD}" PGCONNECT_TIMEOUT=5 "${PG_BIN}/psql" -X -q -A -t \
        -h "${PG_LISTEN}" -p "${PG_PORT}" -U "${user}" -d "${LOVECARD_PG_TEST_DATABASE}" \
        -c 'SELECT 1' </dev/null >/dev/null \
        || die "PostgreSQL is up but ${user} cannot log in over TCP (check pg_hba.conf in ${PG_CONF_DIR})"
}

# ---------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------
rabbit_ctl() { rabbitmqctl -q "$@" </dev/null; }

# Config goes into the standard files, not just our own environment, because
# every rabbitmqctl / rabbitmq-diagnostics call reads rabbitmq-env.conf too:
# they must agree with the server on node name and epmd address.
# Returns 0 if anything changed (a restart is needed).
rabbit_write_config() {
    local rc=1  # 1 = nothing changed (write_if_changed convention)
    write_if_changed "${RABBIT_ETC}/rabbitmq-env.conf" rabbitmq:rabbitmq <<EOF && rc=0
# Managed by LoveCard deploy/local/infra.sh; rewritten by every 'up'.
# Sourced by rabbitmq-server and the CLI tools (names without RABBITMQ_ prefix).
NODENAME=${RABBIT_NODE}
NODE_IP_ADDRESS=${RABBIT_LISTEN}
NODE_PORT=${RABBIT_PORT}
# epmd (port 4369) is started by the first Erlang node; bind it to loopback.
ERL_EPMD_ADDRESS=127.0.0.1
# Without these, idle Erlang schedulers busy-wait and keep a core spinning.
SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none"
# CLI tools open a short-lived distribution listener too; keep it on loopback.
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
    write_if_changed "${RABBIT_ETC}/rabbitmq.conf" rabbitmq:rabbitmq <<EOF && rc=0
# Managed by LoveCard deploy/local/infra.sh; rewritten by every 'up'.
# AMQP on loopback only: dev/CI broker with a well-known password.
listeners.tcp.default = ${RABBIT_LISTEN}:${RABBIT_PORT}
# Inter-node/CLI distribution port (default AMQP port + 20000) on loopback too.
distribution.listener.interface = 127.0.0.1
# The guest user may only ever connect from loopback (default, made explicit).
loopback_users.guest = true
log.file.level = info
log.console = false
EOF
    return "${rc}"
}

# PID of our broker's Erlang VM, or nothing. The pid file may be stale after a
# kill -9 (and its PID reused), so verify the process; fall back to scanning
# /proc in case the VM is alive but the pid file is gone (half-started or
# half-stopped node). RabbitMQ 3.10 names the node only after boot, so the VM
# is recognised by its boot arguments ("-s rabbit boot"), which the CLI tools'
# short-lived VMs do not have. One broker per machine is assumed.
rabbit_is_broker_pid() {
    proc_alive "$1" && [[ "$(proc_cmdline "$1")" == *beam*" -s rabbit boot "* ]]
}

rabbit_pid() {
    local pid=""
    [[ -r "${RABBIT_PID_FILE}" ]] && pid="$(head -n 1 "${RABBIT_PID_FILE}" 2>/dev/null || true)"
    if rabbit_is_broker_pid "${pid}"; then
        echo "${pid}"
        return 0
    fi
    local d
    for d in /proc/[0-9]*; do
        if rabbit_is_broker_pid "${d#/proc/}"; then
            echo "${d#/proc/}"
            return 0
        fi
    done
}

rabbit_stopped() { [[ -z "$(rabbit_pid)" ]]; }

# Fully booted (unlike `rabbitmq-diagnostics ping`, which answers as soon as
# the VM is reachable, before the broker application has started) and the
# AMQP port is open on loopback.
rabbit_ready() {
    # `timeout`: a hung (e.g. SIGSTOPped) node can stall the CLI past --timeout.
    # Generous, because on a loaded 2-core machine the CLI VM alone can take
    # seconds to boot, and a false "hung" verdict would restart a healthy node.
    timeout 20 rabbitmqctl -q await_startup --timeout 15 </dev/null >/dev/null 2>&1 \
        && listen_addrs "${RABBIT_PORT}" | grep -qx "${RABBIT_LISTEN}"
}

# Line count of the node log when we launched the broker, so a failure report
# shows the errors of this boot rather than of earlier ones.
RABBIT_LOG_MARK=0

rabbit_log_tail() {
    if [[ -s "${RABBIT_LAUNCH_LOG}" ]]; then
        # The VM's own last words ("Kernel pid terminated (...reason...)").
        log "last lines of rabbitmq-server output (${RABBIT_LAUNCH_LOG}):"
        grep -v '^[[:space:]]*$' "${RABBIT_LAUNCH_LOG}" | tail -n 8 | cut -c1-400 >&2 || true
    fi
    local lines=0
    [[ -f "${RABBIT_NODE_LOG}" ]] && lines="$(wc -l <"${RABBIT_NODE_LOG}")"
    if ((lines > RABBIT_LOG_MARK)); then
        # The root cause (e.g. eaddrinuse) comes first; the last lines are
        # mostly the shutdown that follows it.
        log "first errors of this boot in ${RABBIT_NODE_LOG}:"
        tail -n "+$((RABBIT_LOG_MARK + 1))" "${RABBIT_NODE_LOG}" \
            | grep -E '\[(error|critical)\]' | head -n 8 | cut -c1-400 >&2 || true
        log "last lines of ${RABBIT_NODE_LOG}:"
        tail -n 10 "${RABBIT_NODE_LOG}" | cut -c1-400 >&2 || true
    fi
}

# epmd outlives the broker. If one is already listening beyond loopback (e.g.
# started by some other Erlang program without ERL_EPMD_ADDRESS), restart it so
# ours binds to loopback; `epmd -kill` refuses while nodes are registered.
rabbit_fix_epmd() {
    if listens_beyond_loopback 4369; then
        log "epmd listens beyond loopback; restarting it on 127.0.0.1"
        epmd -kill >/dev/null 2>&1 || true
        sleep 1
    fi
    if ! listen_addrs 4369 | grep -qx 127.0.0.1; then
        # Start it ourselves, as the rabbitmq user, detached from our stdio.
        runuser -u rabbitmq -- env ERL_EPMD_ADDRESS=127.0.0.1 epmd -daemon </dev/null >/dev/null 2>&1 9>&- || true
        wait_for 10 bash -c "grep -q ':1111 ' /proc/net/tcp" || true
    fi
}

rabbit_kill() {
    local pid
    pid="$(rabbit_pid)"
    if [[ -z "${pid}" ]]; then
        log "RabbitMQ is not running; nothing to kill"
        return 0
    fi
    log "kill -9 RabbitMQ VM (pid ${pid})"
    kill -9 "${pid}" 2>/dev/null || true
    wait_for 10 rabbit_stopped || die "RabbitMQ VM (pid ${pid}) survived kill -9"
}

# Stop the broker. "graceful" (default) asks the node via rabbitmqctl first;
# "hard" is for a node that does not answer the CLI (hung or still booting),
# where rabbitmqctl would only burn its whole timeout.
rabbit_stop() {
    local mode="${1:-graceful}" pid
    pid="$(rabbit_pid)"
    if [[ -z "${pid}" ]]; then
        rm -f "${RABBIT_PID_FILE}"
        return 0
    fi
    log "stopping RabbitMQ (pid ${pid})"
    if [[ "${mode}" == graceful ]]; then
        # shutdown (unlike stop) returns only once the OS process has exited.
        timeout "${RABBIT_STOP_TIMEOUT}" rabbitmqctl -q shutdown --timeout "${RABBIT_STOP_TIMEOUT}" \
            </dev/null >/dev/null 2>&1 || true
    fi
    if ! wait_for 5 rabbit_stopped; then
        # TERM makes the VM shut down cleanly; kill -9 if it does not within
        # 20 s, so 'down' never leaves a broker behind.
        pid="$(rabbit_pid)"
        if [[ -n "${pid}" ]]; then
            log "sending TERM to RabbitMQ VM (pid ${pid})"
            kill -TERM "${pid}" 2>/dev/null || true
            wait_for 20 rabbit_stopped || rabbit_kill
        fi
    fi
    rm -f "${RABBIT_PID_FILE}"
}

rabbit_start() {
    local changed=0
    rabbit_write_config && changed=1

    local pid
    pid="$(rabbit_pid)"
    if [[ -n "${pid}" ]] && ((changed)); then
        log "RabbitMQ config changed; restarting"
        rabbit_stop
        pid=""
    fi
    if [[ -n "${pid}" ]]; then
        # Fast path for a healthy node. One that is still booting normally
        # finishes within seconds; after RABBIT_HUNG_AFTER s it is considered
        # hung and replaced (the fresh start then gets the full budget).
        if rabbit_ready || wait_for "${RABBIT_HUNG_AFTER}" rabbit_ready; then
            return 0
        fi
        log "RabbitMQ (pid ${pid}) is running but not ready after ${RABBIT_HUNG_AFTER} s; restarting it"
        rabbit_stop hard
    fi

    # Directories the broker writes to; a fresh or hand-cleaned machine may
    # lack them or have them owned by root.
    install -d -o rabbitmq -g rabbitmq -m 0755 "${RABBIT_BASE}" "${RABBIT_BASE}/mnesia" "${RABBIT_LOG_DIR}"
    rm -f "${RABBIT_PID_FILE}"  # stale after a crash/kill -9
    rabbit_fix_epmd

    # Fail fast with a clear message instead of a boot failure deep in the log.
    if listen_addrs "${RABBIT_PORT}" | grep -q .; then
        die "port ${RABBIT_PORT} is already in use by another program; cannot start RabbitMQ ($(ss -ltnpH "sport = :${RABBIT_PORT}" 2>/dev/null | head -n 1))"
    fi
    RABBIT_LOG_MARK=0
    [[ -f "${RABBIT_NODE_LOG}" ]] && RABBIT_LOG_MARK="$(wc -l <"${RABBIT_NODE_LOG}")"

    log "starting RabbitMQ on ${RABBIT_LISTEN}:${RABBIT_PORT} (node ${RABBIT_NODE})"
    : >"${RABBIT_LAUNCH_LOG}"
    chown rabbitmq:rabbitmq "${RABBIT_LAUNCH_LOG}"
    # Run the server in the foreground script mode, but in its own session
    # (setsid) with nohup, in the background: unlike `-detached`, this keeps
    # the VM's own stdout/stderr, where boot-time errors that never reach
    # the node log (e.g. "distribution port in use") are written, in
    # RABBIT_LAUNCH_LOG. The redirects also make sure it holds none of our
    # terminal/pipes (a caller piping our output would otherwise never see
    # EOF). The env vars repeat rabbitmq-env.conf on purpose, so this start
    # does not depend on that file alone.
    (
        cd "${RABBIT_BASE}"
        exec env HOME="${RABBIT_BASE}" \
            RABBITMQ_NODENAME="${RABBIT_NODE}" \
            RABBITMQ_NODE_IP_ADDRESS="${RABBIT_LISTEN}" \
            RABBITMQ_NODE_PORT="${RABBIT_PORT}" \
            ERL_EPMD_ADDRESS=127.0.0.1 \
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none" \
            setsid nohup runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server
    ) </dev/null >>"${RABBIT_LAUNCH_LOG}" 2>&1 9>&- &
    # runuser stays the VM's parent for its whole life, so its exit means
    # the server is gone.
    local launcher=$!

    # Bounded wait. Fail early if the VM died (bad config, port in use) rather
    # than sitting out the whole timeout.
    local deadline=$((SECONDS + RABBIT_START_TIMEOUT))
    while ! rabbit_ready; do
        if ! proc_alive "${launcher}"; then
            rabbit_log_tail
            die "RabbitMQ exited during startup"
        fi
        if ((SECONDS >= deadline)); then
            rabbit_log_tail
            die "RabbitMQ not ready after ${RABBIT_START_TIMEOUT} s on ${RABBIT_LISTEN}:${RABBIT_PORT}"
        fi
        sleep 1
    done
}

# vhost + user + permissions. Each rabbitmqctl call boots an Erlang VM (about
# 0.6 s), so the read-only checks run concurrently and a second `up` stays
# fast; changes are only made when a check says they are needed.
rabbit_provision() {
    local user="${LOVECARD_RABBIT_USER}" vhost="${LOVECARD_RABBIT_VHOST}"
    local tmp p_users p_auth p_vhosts p_perms
    tmp="$(mktemp -d)"
    rabbit_ctl list_users --silent >"${tmp}/users" 2>"${tmp}/err" & p_users=$!
    rabbit_ctl authenticate_user "${user}" "${LOVECARD_RABBIT_PASSWORD}" >/dev/null 2>&1 & p_auth=$!
    rabbit_ctl list_vhosts --silent >"${tmp}/vhosts" 2>/dev/null & p_vhosts=$!
    rabbit_ctl list_permissions -p "${vhost}" --silent >"${tmp}/perms" 2>/dev/null & p_perms=$!
    local users_ok=1 auth_ok=1
    wait "${p_users}" || users_ok=0
    wait "${p_auth}" || auth_ok=0
    wait "${p_vhosts}" || true
    wait "${p_perms}" || true
    local users vhosts perms
    users="$(awk '{print $1}' "${tmp}/users")"
    vhosts="$(cat "${tmp}/vhosts")"
    perms="$(cat "${tmp}/perms")"
    if ((!users_ok)); then
        cat "${tmp}/err" >&2
        rm -rf "${tmp}"
        die "rabbitmqctl list_users failed"
    fi
    rm -rf "${tmp}"

    if ! grep -qxF "${user}" <<<"${users}"; then
        log "creating RabbitMQ user ${user}"
        rabbit_ctl add_user "${user}" "${LOVECARD_RABBIT_PASSWORD}" >/dev/null
    elif ((!auth_ok)); then
        log "resetting password of RabbitMQ user ${user}"
        rabbit_ctl change_password "${user}" "${LOVECARD_RABBIT_PASSWORD}" >/dev/null
    fi
    # The services must not use guest: remove it so a misconfigured service
    # fails loudly instead of silently working with the default account.
    if grep -qx guest <<<"${users}" && [[ "${LOVECARD_RABBIT_KEEP_GUEST:-0}" != 1 ]]; then
        log "deleting RabbitMQ default user guest"
        rabbit_ctl delete_user guest >/dev/null
    fi
    if ! grep -qxF "${vhost}" <<<"${vhosts}"; then
        log "creating RabbitMQ vhost ${vhost}"
        rabbit_ctl add_vhost "${vhost}" >/dev/null
        perms=""
    fi
    if ! grep -qxP "\Q${user}\E\t\.\*\t\.\*\t\.\*" <<<"${perms}"; then
        rabbit_ctl set_permissions -p "${vhost}" "${user}" '.*' '.*' '.*' >/dev/null
    fi
}

# Each CLI call costs ~1 s, so no separate existence checks: delete_vhost
# simply fails when the vhost is absent, and if it failed for another reason
# add_vhost fails right after and reports it.
rabbit_reset_vhost() {
    local vhost="$1"
    rabbit_drop_vhost "${vhost}"
    rabbit_ctl add_vhost "${vhost}" >/dev/null || die "could not create vhost ${vhost}"
    rabbit_ctl set_permissions -p "${vhost}" "${LOVECARD_RABBIT_USER}" '.*' '.*' '.*' >/dev/null \
        || die "could not grant ${LOVECARD_RABBIT_USER} permissions on vhost ${vhost}"
    log "vhost ${vhost} ready (fresh); ${LOVECARD_RABBIT_USER} has full permissions"
}

# A finished run's vhost is dropped so that a broker restart (the disruptive tests make several)
# does not spend its time recovering queues nobody will read again.
rabbit_drop_vhost() {
    local vhost="$1"
    [[ -n "$(rabbit_pid)" ]] || die "RabbitMQ is not running (run: $0 up)"
    if rabbit_ctl delete_vhost "${vhost}" >/dev/null 2>&1; then
        log "deleted RabbitMQ vhost ${vhost}"
    fi
}

# Many vhosts in one CLI call (the test command makes about twenty per run): one Erlang VM boot instead
# of three per vhost, which on two cores was about a minute of the run. Same effect as the single commands:
# each vhost deleted if present (its queues with it), then, for a reset, created with full permissions.
rabbit_batch_vhosts() {
    local mode="$1" list="" name
    shift
    [[ -n "$(rabbit_pid)" ]] || die "RabbitMQ is not running (run: $0 up)"
    for name in "$@"; do
        [[ "${name}" =~ ^[A-Za-z0-9._-]+$ ]] || die "not a vhost name: ${name}"
        list+="${list:+, }<<\"${name}\">>"
    done
    local acting='<<"lovecard-infra">>' user="<<\"${LOVECARD_RABBIT_USER}\">>"
    local make='ok'
    if [[ "${mode}" == reset ]]; then
        make="ok = rabbit_vhost:add(V, ${acting}), ok = rabbit_auth_backend_internal:set_permissions("
        make+="${user}, V, <<\".*\">>, <<\".*\">>, <<\".*\">>, ${acting})"
    fi
    rabbit_ctl eval "[begin catch rabbit_vhost:delete(V, ${acting}), ${make} end || V <- [${list}]], ok." \
        >/dev/null || die "could not ${mode} the vhosts $*"
    log "${mode}: $# vhosts$([[ "${mode}" == reset ]] && echo " fresh; ${LOVECARD_RABBIT_USER} has full permissions")"
}

rabbit_version() {
    dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null | sed 's/-.*//' || true
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
summary() {
    printf 'lovecard infra: postgres %s on %s:%s (max_connections=%s, dbs %s,%s, role %s) | rabbitmq %s on %s:%s (vhost %s, user %s)\n' \
        "${PG_VERSION}" "${PG_LISTEN}" "${PG_PORT}" "${PG_MAX_CONNECTIONS}" \
        "${LOVECARD_PG_DATABASE}" "${LOVECARD_PG_TEST_DATABASE}" "${LOVECARD_PG_USER}" \
        "$(rabbit_version)" "${RABBIT_LISTEN}" "${RABBIT_PORT}" "${LOVECARD_RABBIT_VHOST}" "${LOVECARD_RABBIT_USER}"
}

cmd_up() {
    require_root
    take_lock
    ensure_packages
    pg_start
    pg_provision
    rabbit_start
    rabbit_provision
    summary
}

# The local run's database and vhost emptied (not the test ones): the demo then seeds from nothing.
cmd_reset_run_data() {
    require_root
    take_lock
    pg_is_up || die "PostgreSQL is not running (run: $0 up)"
    log "dropping database ${LOVECARD_PG_DATABASE} and vhost ${LOVECARD_RABBIT_VHOST}"
    pg_admin_sql -c "DROP DATABASE IF EXISTS \"${LOVECARD_PG_DATABASE}\" WITH (FORCE)" >/dev/null
    pg_provision
    rabbit_reset_vhost "${LOVECARD_RABBIT_VHOST}"
}

cmd_down() {
    require_root
    take_lock
    # Stop whatever is installed; a machine without a package has nothing to stop.
    if command -v rabbitmqctl >/dev/null; then
        rabbit_stop
        # epmd outlives the broker; stop it too so 'down' leaves no listener.
        # epmd refuses -kill while any Erlang node is still registered, so this
        # cannot break another node that happens to use it.
        if command -v epmd >/dev/null && listen_addrs 4369 | grep -q .; then
            epmd -kill >/dev/null 2>&1 || true
        fi
    fi
    if [[ -n "$(pg_installed_version)" ]]; then pg_stop; fi
    log "PostgreSQL and RabbitMQ are stopped"
}

cmd_status() {
    local rc=0
    if [[ -n "$(pg_installed_version)" ]] && pg_is_up; then
        echo "postgres: up   (${PG_VERSION}/${PG_CLUSTER}, pid $(pg_pid), ${PG_LISTEN}:${PG_PORT})"
    else
        echo "postgres: down"
        rc=1
    fi
    local pid=""
    if command -v rabbitmqctl >/dev/null; then pid="$(rabbit_pid)"; fi
    if [[ -n "${pid}" ]] && rabbit_ready; then
        echo "rabbitmq: up   (node ${RABBIT_NODE}, pid ${pid}, ${RABBIT_LISTEN}:${RABBIT_PORT})"
    elif [[ -n "${pid}" ]]; then
        echo "rabbitmq: starting/unresponsive (pid ${pid})"
        rc=1
    else
        echo "rabbitmq: down"
        rc=1
    fi
    return "${rc}"
}

usage() {
    cat >&2 <<EOF
usage: $0 <command>
  up                     install if missing, start PostgreSQL + RabbitMQ, create users/dbs/vhost
  down                   stop both
  status                 show state (exit 0 only if both are up)
  reset-test-vhost NAME  delete and re-create RabbitMQ vhost NAME for user ${LOVECARD_RABBIT_USER}
  drop-test-vhost NAME   delete RabbitMQ vhost NAME (no error when it is absent)
  reset-test-vhosts NAME...  reset-test-vhost for many vhosts in one call (the test command)
  drop-test-vhosts NAME...   drop-test-vhost for many vhosts in one call
  reset-run-data         empty the local run's database and vhost (run.sh --fresh)
  start-postgres | stop-postgres
  start-rabbit   | stop-rabbit | kill-rabbit (kill -9 the broker VM)
env: LOVECARD_PG_PORT (${PG_PORT}), LOVECARD_RABBIT_PORT (${RABBIT_PORT})
EOF
}

main() {
    local cmd="${1:-}"
    shift || true
    case "${cmd}" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        reset-test-vhost)
            [[ $# -eq 1 && -n "$1" ]] || { usage; die "reset-test-vhost needs exactly one vhost NAME"; }
            require_root; take_lock
            rabbit_reset_vhost "$1" ;;
        reset-run-data) cmd_reset_run_data ;;
        drop-test-vhost)
            [[ $# -eq 1 && -n "$1" ]] || { usage; die "drop-test-vhost needs exactly one vhost NAME"; }
            require_root; take_lock
            rabbit_drop_vhost "$1" ;;
        reset-test-vhosts|drop-test-vhosts)
            [[ $# -ge 1 ]] || { usage; die "${cmd} needs one vhost NAME or more"; }
            require_root; take_lock
            rabbit_batch_vhosts "${cmd%%-*}" "$@" ;;
        start-postgres)
            require_root; take_lock; ensure_packages
            pg_start; pg_provision
            log "PostgreSQL up on ${PG_LISTEN}:${PG_PORT}" ;;
        stop-postgres)
            require_root; take_lock
            pg_stop
            log "PostgreSQL stopped" ;;
        start-rabbit)
            require_root; take_lock; ensure_packages
            rabbit_start; rabbit_provision
            log "RabbitMQ up on ${RABBIT_LISTEN}:${RABBIT_PORT}" ;;
        stop-rabbit)
            require_root; take_lock
            rabbit_stop
            log "RabbitMQ stopped" ;;
        kill-rabbit)
            require_root; take_lock
            rabbit_kill ;;
        -h|--help|help) usage ;;
        *) usage; exit 2 ;;
    esac
}

main "$@"
