#!/usr/bin/env bash
# A throwaway PgBouncer in transaction pooling mode in front of a throwaway PostgreSQL cluster
# (scripts/postgresql-cluster.sh): the shared ledger's tests and benchmark run through it as a city
# of hundreds of kiosks would. It listens on a Unix socket in DIR only (no TCP), trusts its one
# user "kiosk", and keeps at most POOL (default 20) server connections. A kiosk waits at most 5 s
# for a server connection (query_wait_timeout), then its request is refused as unreachable instead
# of hanging; after a failed login to the server PgBouncer tries again in 1 s (server_login_retry,
# 15 s by default), so kiosks are back soon after a server restart. Run as root, it runs as the
# unprivileged user nobody.
#
#   bash scripts/pgbouncer.sh start DIR CLUSTER_DIR [POOL]   # prints the conninfo to use
#   bash scripts/pgbouncer.sh stop DIR
set -euo pipefail
action=${1:?usage: pgbouncer.sh start DIR CLUSTER_DIR [POOL] | stop DIR}
dir=${2:?usage: pgbouncer.sh start DIR CLUSTER_DIR [POOL] | stop DIR}
command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || { echo "pgbouncer.sh: no pgbouncer (apt-get install pgbouncer)" >&2; exit 1; }
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups --); fi
case "$action" in
  start)
    cluster=${3:?usage: pgbouncer.sh start DIR CLUSTER_DIR [POOL]}
    pool=${4:-20}
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
    printf '"kiosk" ""\n' >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$cluster user=kiosk
[pgbouncer]
listen_addr =
listen_port = 6432
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = $pool
max_client_conn = 2000
max_db_connections = $pool
server_login_retry = 1
query_wait_timeout = 5
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"/*
    "${as_owner[@]}" /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini"
    for _ in $(seq 1 50); do [ -S "$dir/.s.PGSQL.6432" ] && break; sleep 0.1; done
    [ -S "$dir/.s.PGSQL.6432" ] || { echo "pgbouncer.sh: pgbouncer did not start (see $dir/pgbouncer.log)" >&2; exit 1; }
    echo "host=$dir port=6432 user=kiosk dbname=postgres"
    ;;
  stop)
    if [ -f "$dir/pgbouncer.pid" ]; then
      pid=$(cat "$dir/pgbouncer.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    ;;
  *) echo "pgbouncer.sh: unknown action $action" >&2; exit 2 ;;
esac
