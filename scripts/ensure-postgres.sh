#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres) are on this machine for
# the tests that run Flowgate on PostgreSQL: each test run starts its own throwaway cluster on a
# loopback port in a temporary directory (test/support/postgres-server.ts), never a system service.
# Does nothing when they are there; otherwise installs the `postgresql` package non-interactively (as
# root, or through sudo), running `apt-get update` first when apt knows no candidate for it yet.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL's server binaries are missing and this system has no apt-get; install PostgreSQL there by hand" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-postgres: PostgreSQL is missing; install it with: sudo apt-get install -y postgresql" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-postgres: installing Debian's postgresql for the PostgreSQL tests..."
install() {
  ${as_root[@]+"${as_root[@]}"} apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}
candidate=$(apt-cache policy postgresql 2>/dev/null | awk '/Candidate:/ { print $2 }')
if [ -z "$candidate" ] || [ "$candidate" = "(none)" ] || ! install; then
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq >/dev/null
  install
fi

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "ensure-postgres: apt-get finished but no /usr/lib/postgresql/*/bin/initdb" >&2
  exit 1
fi
echo "ensure-postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
