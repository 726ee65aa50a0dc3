#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the shared-ledger tests and benchmark: initdb in a directory,
# listening on a Unix socket in that directory only (no TCP), trust authentication for its one
# user "kiosk". Run as root, the server runs as the unprivileged user nobody.
#
#   bash scripts/postgresql-cluster.sh start DIR   # prints the conninfo to use
#   bash scripts/postgresql-cluster.sh stop DIR
#   bash scripts/postgresql-cluster.sh restart DIR
set -euo pipefail
action=${1:?usage: postgresql-cluster.sh start|stop|restart DIR}
dir=${2:?usage: postgresql-cluster.sh start|stop|restart DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgresql-cluster: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups --); fi
pg_ctl() { "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w "$@"; }
case "$action" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
      "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U kiosk --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    pg_ctl -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200" start >/dev/null
    echo "host=$dir user=kiosk dbname=postgres"
    ;;
  stop) pg_ctl -m fast stop >/dev/null ;;
  restart) pg_ctl -m fast -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200" restart >/dev/null ;;
  *) echo "postgresql-cluster: unknown action $action" >&2; exit 2 ;;
esac
