#!/usr/bin/env bash
# Make sure a Docker engine answers on /var/run/docker.sock: install Debian's docker.io when
# the daemon is missing, start dockerd in the background when it is not running, wait for it.
set -euo pipefail
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  say "Installing the Docker engine (docker.io) from the OS packages"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq docker.io >/dev/null
fi
say "Starting dockerd in the background (log: /var/log/dockerd.log)"
mkdir -p /var/log
nohup dockerd >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    say "Docker engine is ready"
    exit 0
  fi
  sleep 1
done
echo "dockerd did not become ready within 60 s; see /var/log/dockerd.log" >&2
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
