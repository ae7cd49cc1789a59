# Shared by build.sh and scripts/postgres.sh (sourced, never run): messages, root checks, apt.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this one
# A short, stable id for this checkout, so two clones never share a lock or a /tmp fallback dir.
REPO_ID="$(printf '%s' "$REPO" | sha1sum | cut -c1-10)"

# Status messages go to stderr so that `conn=$(./build.sh db-start)` captures only the connection string.
LOG_TAG=build   # scripts/postgres.sh run on its own says "postgres"
log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

is_root() { [[ $EUID -eq 0 ]]; }

apt_install() {
  is_root || return 1
  log "installing Debian package(s): $*"
  export DEBIAN_FRONTEND=noninteractive
  # A failed update (e.g. one unreachable source) should not stop us if the lists are usable.
  apt-get update -q >&2 || log "apt-get update reported errors; trying the install anyway"
  apt-get install -y -q "$@" >&2
}
