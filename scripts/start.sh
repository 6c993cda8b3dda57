#!/usr/bin/env bash
# Installs what is missing, builds, and starts Stockade: the agent as root, the web as the
# unprivileged user "stockade" that owns ./data. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/lib/output.sh

if [[ $EUID -ne 0 ]]; then
  say start "Run as root: the agent needs root to run jails (the web process drops to the user 'stockade')." >&2
  exit 1
fi
bash scripts/setup.sh

web_user=stockade
id -u "$web_user" >/dev/null 2>&1 || useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$web_user"
if ! runuser -u "$web_user" -- test -r package.json; then
  say start "The user '$web_user' cannot read $(pwd). Put the checkout where other users can read it (e.g. /opt/stockade)." >&2
  exit 1
fi

data_dir=${STOCKADE_DATA_DIR:-./data}
mkdir -p "$data_dir" .next/cache
# The database and the auth secret are the web user's alone (folder 0700, files 0600).
chown -R "$web_user:$web_user" "$data_dir"
chmod 0700 "$data_dir"
chown -R "$web_user:$web_user" .next/cache

# The agent's state, socket and log live where only root writes: a compromised web user
# must not be able to swap the files a root process trusts.
agent_state=${STOCKADE_AGENT_STATE_DIR:-/var/lib/stockade/agent}
socket_dir=/run/stockade
install -d -m 0700 -o root -g root "$agent_state" /var/log/stockade
install -d -m 0750 -o root -g "$web_user" "$socket_dir"
export STOCKADE_DATA_DIR=$data_dir STOCKADE_SOCKET_GROUP=$web_user NODE_ENV=production
export STOCKADE_AGENT_STATE_DIR=$agent_state STOCKADE_AGENT_SOCKET=${STOCKADE_AGENT_SOCKET:-$socket_dir/agent.sock}

if [[ ! -f .next/BUILD_ID ]] || [[ -n "$(find app server public -newer .next/BUILD_ID -print -quit)" ]]; then
  say start "Building the web app (about a minute on 2 cores)"
  build_started=$SECONDS
  npx next build 2>&1 | show_progress build
  say start "Built in $((SECONDS - build_started)) s"
fi

npm run --silent build:agent
node --enable-source-maps .build/agent.mjs >>/var/log/stockade/agent.log 2>&1 &
agent_pid=$!
trap 'kill "$agent_pid" 2>/dev/null || true' EXIT
say start "Agent started (pid $agent_pid, log /var/log/stockade/agent.log)"

runuser -u "$web_user" -- env PATH="$PATH" node --import tsx server-entry.ts
