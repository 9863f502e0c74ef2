#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, for CI and for developers.
#
#   .ci/postgres.sh start DIR   install PostgreSQL (+ PostGIS) from Debian's packages when missing, create a cluster
#                               in DIR listening on 127.0.0.1 only (a free port), a user and a database, and print
#                               its postgres:// URL on standard output (everything else goes to standard error)
#   .ci/postgres.sh stop DIR    stop that cluster and remove DIR
#
# Works as root (the cluster runs as the postgres user, which Debian's package creates) and as an ordinary user
# who already has PostgreSQL installed. It never touches the system's own clusters.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "not root: cannot install $*"; return 1; fi
  if [ "$apt_updated" = 0 ]; then apt-get update >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2
}

ensure_installed() {
  if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
    log "installing PostgreSQL"
    apt_install postgresql postgresql-contrib
  fi
  local version
  version="$(basename "$(dirname "$(bindir)")")"
  if [ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
    log "installing PostGIS"
    # Optional: without it the store falls back to plain latitude/longitude comparisons.
    apt_install "postgresql-$version-postgis-3" "postgresql-$version-postgis-3-scripts" || log "PostGIS is not available; going on without it"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local dir="$1"
  ensure_installed
  local bin port
  bin="$(bindir)"
  port="$(free_port)"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 >&2
  # Durability is not what a test cluster is for: fsync off makes it much faster.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
  local psql=("$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
  as_owner "${psql[@]}" -d postgres -c "CREATE ROLE sitrep LOGIN PASSWORD 'sitrep'" >&2
  as_owner "${psql[@]}" -d postgres -c "CREATE DATABASE sitrep_test OWNER sitrep" >&2
  # PostGIS is not a trusted extension, so the superuser creates it for the store; unaccent is trusted.
  if as_owner "${psql[@]}" -d sitrep_test -c "CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public" >&2; then
    log "PostGIS enabled"
  else
    log "PostGIS could not be created; the store will use latitude/longitude comparisons"
  fi
  echo "postgres://sitrep:sitrep@127.0.0.1:$port/sitrep_test"
}

stop() {
  local dir="$1"
  local bin
  bin="$(bindir)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "could not stop the cluster in $dir"
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?usage: postgres.sh start DIR}" ;;
  stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
  *) echo "usage: .ci/postgres.sh start|stop DIR" >&2; exit 64 ;;
esac
