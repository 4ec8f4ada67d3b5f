#!/usr/bin/env bash
# Makes sure the cluster tests can run: they start Debian's redis-server on a free port.
# Installs it with apt-get when it is missing and this runs as root; otherwise fails and
# says what to install. It never lets the tests be skipped.
set -euo pipefail

REDIS_SERVER=${WSEM_REDIS_SERVER:-/usr/bin/redis-server}

if [[ -x "$REDIS_SERVER" ]]; then
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "wsem-spring-boot-autoconfigure: installing redis-server for the cluster tests"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server
  if [[ -x "$REDIS_SERVER" ]]; then
    exit 0
  fi
  echo "wsem-spring-boot-autoconfigure: apt-get installed redis-server, but $REDIS_SERVER is still missing." >&2
  exit 1
fi

cat >&2 <<MESSAGE
wsem-spring-boot-autoconfigure: the cluster tests need a Redis server and $REDIS_SERVER is missing.
Install it, then run the build again. On Debian or Ubuntu:
  sudo apt-get update && sudo apt-get install -y redis-server
(Run the build as root on Debian and it installs it itself, or point WSEM_REDIS_SERVER at a redis-server binary.)
MESSAGE
exit 1
