# shellcheck shell=bash
# LoveCard local connection settings.
#
# Source this file (". deploy/local/env.sh"); do not execute it. It only
# exports variables: it must not change the caller's shell options (callers may
# or may not use `set -euo pipefail`), so every expansion below has a default.
#
# The ASP.NET Core services read nested configuration keys from environment
# variables with "__" as the section separator, so ConnectionStrings__Postgres
# becomes ConnectionStrings:Postgres and Bus__Host becomes Bus:Host.
#
# The LOVECARD_* variables are the knobs; deploy/local/infra.sh sources this
# file too, so the servers it starts and the settings exported here always
# agree. Override a knob in the environment before sourcing, e.g.
#   LOVECARD_PG_PORT=5433 . deploy/local/env.sh

# --- knobs (environment wins over these defaults) -------------------------
export LOVECARD_PG_HOST="${LOVECARD_PG_HOST:-127.0.0.1}"
export LOVECARD_PG_PORT="${LOVECARD_PG_PORT:-5432}"
export LOVECARD_PG_USER="${LOVECARD_PG_USER:-lovecard}"
export LOVECARD_PG_PASSWORD="${LOVECARD_PG_PASSWORD:-lovecard-dev}"
export LOVECARD_PG_DATABASE="${LOVECARD_PG_DATABASE:-lovecard}"
export LOVECARD_PG_TEST_DATABASE="${LOVECARD_PG_TEST_DATABASE:-lovecard_test}"

export LOVECARD_RABBIT_HOST="${LOVECARD_RABBIT_HOST:-127.0.0.1}"
export LOVECARD_RABBIT_PORT="${LOVECARD_RABBIT_PORT:-5672}"
export LOVECARD_RABBIT_VHOST="${LOVECARD_RABBIT_VHOST:-lovecard}"
export LOVECARD_RABBIT_USER="${LOVECARD_RABBIT_USER:-lovecard}"
export LOVECARD_RABBIT_PASSWORD="${LOVECARD_RABBIT_PASSWORD:-lovecard-dev}"

# --- what the .NET services read -------------------------------------------
export ConnectionStrings__Postgres="Host=${LOVECARD_PG_HOST};Port=${LOVECARD_PG_PORT};Username=${LOVECARD_PG_USER};Password=${LOVECARD_PG_PASSWORD};Database=${LOVECARD_PG_DATABASE}"

export Bus__Host="${LOVECARD_RABBIT_HOST}"
export Bus__Port="${LOVECARD_RABBIT_PORT}"
export Bus__VirtualHost="${LOVECARD_RABBIT_VHOST}"
export Bus__Username="${LOVECARD_RABBIT_USER}"
export Bus__Password="${LOVECARD_RABBIT_PASSWORD}"

# Convenience for test harnesses: the same server, the test database. Tests
# that want it set ConnectionStrings__Postgres from this themselves; it is not
# a key the services read.
export LOVECARD_PG_TEST_CONNECTION_STRING="Host=${LOVECARD_PG_HOST};Port=${LOVECARD_PG_PORT};Username=${LOVECARD_PG_USER};Password=${LOVECARD_PG_PASSWORD};Database=${LOVECARD_PG_TEST_DATABASE}"
