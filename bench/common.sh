# Sourced by the bench scripts after `cd` to the repository root: a scratch directory
# ($work, named after $1) removed on exit with the server ($server_pid) and PostgreSQL cluster
# ($work/pg) a script may start, free_port, and start_server / stop_server.
work=$(mktemp -d "/tmp/keel-$1-bench.XXXXXX")
chmod 755 "$work"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The first port from $1 on that nothing listens on.
free_port() {
  for p in $(seq "$1" $(( $1 + 50 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# Starts `$bin serve` on database $1 at port $2 (further arguments go to serve), logging to
# $work/serve.log; waits until it answers, logs in the bench user and sets server_pid, base
# and token.
start_server() {
  local url=$1 port=$2
  shift 2
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" "$@" >>"$work/serve.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  token=$(curl -fs -H 'content-type: application/json' \
    -d '{"email":"bench@keel.example","password":"bench-password-1"}' "$base/api/v1/auth/login" |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}
