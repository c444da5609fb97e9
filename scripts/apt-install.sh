# shellcheck shell=bash
# Sourced by the scripts/ensure-*.sh scripts: installs Debian packages a test run needs when they are
# missing, the same way for each (as root, or through sudo without a password prompt).

# apt_install <caller> <what is missing> <what for> <package>...
#   Installs the packages non-interactively, running `apt-get update` first when apt knows no
#   candidate for the first package yet, or once more when the install fails (stale package lists
#   naming files the mirror no longer has). Messages start with "<caller>: ". Returns 1, saying how to
#   install them by hand, on a system without apt-get or without root (or passwordless sudo); an
#   apt-get failure returns that apt-get's status.
#   e.g. apt_install ensure-chromium "/usr/bin/chromium is missing" "the browser tests" chromium fonts-liberation
apt_install() {
  local caller=$1 missing=$2 purpose=$3
  shift 3
  local -a packages=("$@") as_root

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$caller: $missing and this system has no apt-get; install ${packages[*]} there by hand" >&2
    return 1
  fi

  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "$caller: $missing; install it with: sudo apt-get install -y ${packages[*]}" >&2
    return 1
  fi

  export DEBIAN_FRONTEND=noninteractive
  echo "$caller: installing Debian's ${packages[0]} for $purpose..."
  local candidate
  candidate=$(apt-cache policy "${packages[0]}" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ] ||
    ! ${as_root[@]+"${as_root[@]}"} apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
    ${as_root[@]+"${as_root[@]}"} apt-get update -qq >/dev/null || return
    ${as_root[@]+"${as_root[@]}"} apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null || return
  fi
}
