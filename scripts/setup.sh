#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for Stockade, then the npm packages.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/output.sh

node_ok() {
  command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  say setup "Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none))."
  exit 1
fi

# command → Debian package that provides it
declare -A wanted=(
  [lxc-create]=lxc
  [busybox]=busybox-static
  [debootstrap]=debootstrap
  [chromium]=chromium
  [/usr/lib/postgresql/15/bin/initdb]=postgresql
  [/usr/bin/redis-server]=redis-server
  [ip]=iproute2
  [/usr/sbin/sshd]=openssh-server
)
missing=()
for command in "${!wanted[@]}"; do
  if [[ "$command" == /* ]]; then [[ -x "$command" ]] || missing+=("${wanted[$command]}")
  else command -v "$command" >/dev/null || missing+=("${wanted[$command]}"); fi
done

if ((${#missing[@]})); then
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
    say setup "Missing packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]}) and run this again."
    exit 1
  fi
  say setup "Installing ${missing[*]} from the Debian repositories"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# LXC's own dnsmasq bridge is not needed: the agent owns its bridge.
if [[ $EUID -eq 0 && -f /etc/default/lxc-net ]] && ! grep -q '^USE_LXC_BRIDGE="false"' /etc/default/lxc-net; then
  sed -i 's/^USE_LXC_BRIDGE=.*/USE_LXC_BRIDGE="false"/' /etc/default/lxc-net
fi

export NEXT_TELEMETRY_DISABLED=1
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  say setup "Installing npm packages (npm ci)"
  # Its postinstall generates the Prisma clients offline.
  npm ci --include=dev --no-audit --no-fund 2>&1 | show_progress npm
fi
say setup "Ready."
