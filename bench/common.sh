# Sourced by the bench scripts after `cd` to the repository root: a scratch directory
# ($work, named after $1) removed on exit with the server ($server_pid) and PostgreSQL cluster
# ($work/pg) a script may start, and free_port.
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
