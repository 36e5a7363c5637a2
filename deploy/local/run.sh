#!/usr/bin/env bash
# Runs the whole LoveCard system on this machine: PostgreSQL and RabbitMQ (installed and started if
# missing), a Release build, the five services in the background (each migrates its schema at
# start), the web console once identity is up, a demo county and its accounts seeded through the
# services' own APIs, then the console's address, the demo accounts and the URLs to try.
# The services run as they are deployed (ADR 0058): published for linux-x64 with ReadyToRun code into
# .run/publish/<service>, so a restarted service does not spend its first minutes in the JIT compiler.
# LOVECARD_JIT=1 runs them from the plain Release build instead (quicker to build, slower to warm up).
#
#   deploy/local/run.sh           start everything (again: restarts the services)
#   deploy/local/run.sh stop      stop the services and the console (the servers keep running; infra.sh down stops them)
#   deploy/local/run.sh status    which services answer /health/ready
#   deploy/local/run.sh --no-seed start without seeding the demo county
#   deploy/local/run.sh --fresh   start from empty databases: the demo county and accounts are made anew
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
run_dir="$root/.run"
log_dir="$run_dir/logs"
services=(cards:5101 eligibility:5102 whitelist:5103 settlement:5104 identity:5105)
# The console signs people in through identity, so it starts once identity is ready.
console=console:5100
everything=("${services[@]}" "$console")

say() { printf '[run] %s\n' "$*"; }

project_of() {
  case "$1" in
    cards) echo Cards ;; eligibility) echo Eligibility ;; whitelist) echo Whitelist ;; settlement) echo Settlement ;;
    identity) echo Identity ;; console) echo Console ;;
  esac
}

stop_services() {
  for entry in "${everything[@]}"; do
    local name="${entry%%:*}" pid_file="$run_dir/${entry%%:*}.pid"
    if [[ -f "$pid_file" ]]; then
      local pid
      pid="$(cat "$pid_file")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        # Give it its graceful-shutdown window, then make sure.
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
        say "stopped $name (pid $pid)"
      fi
      rm -f "$pid_file"
    fi
  done
}

status_services() {
  local all_ready=0 entries=("$@")
  ((${#entries[@]})) || entries=("${everything[@]}")
  for entry in "${entries[@]}"; do
    local name="${entry%%:*}" port="${entry##*:}"
    if curl -fsS -m 3 "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
      printf '%-12s ready      http://127.0.0.1:%s\n' "$name" "$port"
    else
      printf '%-12s NOT READY  http://127.0.0.1:%s (log: %s)\n' "$name" "$port" "$log_dir/$name.log"
      all_ready=1
    fi
  done
  return $all_ready
}

case "${1:-}" in
  stop) stop_services; exit 0 ;;
  status) status_services; exit $? ;;
esac

seed=1 fresh=0
case "${1:-}" in
  --no-seed) seed=0 ;;
  --fresh) fresh=1 ;;
esac

command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }

bash deploy/local/infra.sh up
if [[ $fresh -eq 1 ]]; then
  stop_services
  bash deploy/local/infra.sh reset-run-data
  # The demo's accounts and terminal keys belong to the data just dropped.
  rm -rf "$run_dir/demo-accounts.json" "$run_dir/terminals"
fi
# shellcheck source=deploy/local/env.sh
source deploy/local/env.sh
# The local run uses the public development keys, which the services accept only in Development.
export ASPNETCORE_ENVIRONMENT=Development
export Cards__BaseUrl="http://127.0.0.1:5101"
# People's tokens come from identity (discovery + JWKS); in Development the shared HMAC key still
# works beside it (lovecard-ops token, the demo's own calls).
export Auth__Authority="http://127.0.0.1:5105"
# Identity, Development only: the first province admin (no forced change, so the printed password
# works) and the demo's and operator tool's machine clients (client credentials, acting as the province).
export Identity__Bootstrap__UserName="province-admin"
export Identity__Bootstrap__Password="Demo-Province-330900!"
export Identity__Bootstrap__MustChangePassword="false"
export Identity__MachineClients__0__ClientId="lovecard-demo"
export Identity__MachineClients__0__ClientSecret="lovecard-demo-development-secret"
export Identity__MachineClients__0__Role="province"
export Identity__MachineClients__1__ClientId="lovecard-ops"
export Identity__MachineClients__1__ClientSecret="lovecard-ops-development-secret"
export Identity__MachineClients__1__Role="province"
export Identity__SignIn__SmsOutboxFile="$run_dir/sms.log"

say "building (Release)..."
dotnet build LoveCard.sln -c Release -nologo -clp:ErrorsOnly -v:q
ready_to_run=1
[[ "${LOVECARD_JIT:-0}" == 1 ]] && ready_to_run=0
if ((ready_to_run)); then
  for entry in "${services[@]}"; do
    name="${entry%%:*}"
    say "publishing $name (ReadyToRun, linux-x64)..."
    dotnet publish "src/LoveCard.$(project_of "$name")" -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o "$run_dir/publish/$name" -nologo -clp:ErrorsOnly -v:q
  done
fi

start() {
  local name="${1%%:*}" port="${1##*:}" project dll
  project="$(project_of "$name")"
  dll="$root/src/LoveCard.$project/bin/Release/net10.0/LoveCard.$project.dll"
  # The console is not published: it runs in Development, where its static web assets are served from the build.
  if ((ready_to_run)) && [[ "$name" != console ]]; then
    dll="$run_dir/publish/$name/LoveCard.$project.dll"
  fi
  # setsid: the services outlive this script and are not tied to its terminal.
  setsid nohup dotnet "$dll" --urls "http://127.0.0.1:$port" --contentRoot "$root/src/LoveCard.$project" \
    >"$log_dir/$name.log" 2>&1 < /dev/null &
  echo $! >"$run_dir/$name.pid"
  say "started $name on :$port (pid $!, log $log_dir/$name.log)"
}

wait_ready() {
  local deadline=$((SECONDS + 180))
  until status_services "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      status_services "$@" || true
      say "not every service became ready within 180 s; see the logs above"
      exit 1
    fi
    sleep 1
  done
}

mkdir -p "$log_dir"
stop_services
for entry in "${services[@]}"; do start "$entry"; done
say "waiting for readiness..."
wait_ready "${services[@]}"
start "$console"
wait_ready "$console"
status_services

accounts=""
if [[ $seed -eq 1 && -d "$root/src/LoveCard.Demo" ]]; then
  say "seeding the demo county and its accounts through the APIs (log $log_dir/demo.log)..."
  if ! dotnet run --project src/LoveCard.Demo -c Release --no-build -- seed --identity http://127.0.0.1:5105 \
    >"$log_dir/demo.log" 2>&1; then
    tail -n 30 "$log_dir/demo.log"
    say "the demo seed failed; see $log_dir/demo.log"
    exit 1
  fi
  # The seed's own list of the demo accounts (user name, role, Development-only password, TOTP secret).
  accounts="$(sed -n '/^Demo accounts at/,/^$/p' "$log_dir/demo.log")"
  # The demo's home visit (protocol 1.1): its verdict and the purchase that named it.
  visit="$(grep -h -e 'home visit by' -e 'after a proven visit' "$log_dir/demo.log" | sed 's/^\[demo\] /  /' || true)"
  if [[ -n "$visit" ]]; then
    visit="  A home visit proven at the home-care handheld (入户服务核验, docs/terminal-sandbox.md):
$visit
"
  fi
fi

cat <<TEXT

LoveCard is running.

  The console (网页控制台)   http://127.0.0.1:5100
  Sign in with a demo account below. Clerks (bureau_clerk, bureau_admin) also give a TOTP code:
  add the secret to an authenticator app, or print the current code with
  dotnet run --project src/LoveCard.Demo -c Release --no-build -- totp clerk-maker-330903
${accounts:+
$accounts}
${visit:-}
  cards        http://127.0.0.1:5101/docs
  eligibility  http://127.0.0.1:5102/docs
  whitelist    http://127.0.0.1:5103/docs
  settlement   http://127.0.0.1:5104/docs     (terminals: http://127.0.0.1:5104/terminal/v1)
  identity     http://127.0.0.1:5105/account/login   (OpenID Connect: http://127.0.0.1:5105/.well-known/openid-configuration)
  metrics      http://127.0.0.1:510{1..5}/metrics
  a token      dotnet run --project src/LoveCard.Ops -- token --role bureau --county 330903   (Development; or sign in at identity)
  SMS codes    $run_dir/sms.log   (the Development SMS sender)
  logs         $log_dir/<service>.log
  stop         deploy/local/run.sh stop      (servers: deploy/local/infra.sh down)
TEXT
