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

# shellcheck source=scripts/apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install ensure-postgres "PostgreSQL's server binaries are missing" "the PostgreSQL tests" postgresql

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "ensure-postgres: apt-get finished but no /usr/lib/postgresql/*/bin/initdb" >&2
  exit 1
fi
echo "ensure-postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
