#!/bin/sh
# The steps of the offline test, run by offline_test.sh inside a network namespace with no interface
# but a loopback that is down. Each step must succeed.
# Usage: offline_steps.sh BUNDLE_DIR INSTALL_DIR OUT_DIR PYTHON3.12
set -eu
bundle=$1
prefix=$2
out=$3
python=$4
mkdir -p "$out"

interfaces=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev | tr '\n' ' ')
[ "$interfaces" = "lo " ] || { echo "offline test: network interfaces present: $interfaces" >&2; exit 1; }
if "$python" -c 'import socket; socket.create_connection(("1.1.1.1", 443), timeout=3)' 2>/dev/null; then
    echo "offline test: the network is reachable" >&2; exit 1
fi

echo "== install.sh"
sh "$bundle/install.sh" --python "$python" "$prefix"
"$prefix/bin/python" -m pip freeze --all > "$out/installed.txt"

echo "== xiansuo --version"
"$prefix/bin/xiansuo" --version | tee "$out/version.txt"

echo "== xiansuo demo"
"$prefix/bin/xiansuo" demo --out "$out/demo"

echo "== xiansuo rules check --fail-on-issues"
"$prefix/bin/xiansuo" rules check --fail-on-issues

echo "== xiansuo query"
"$prefix/bin/xiansuo" query --out "$out/demo" --format json \
    'MATCH (p:Person) RETURN count(p) AS persons' | tee "$out/query.json"
grep -q '"persons"' "$out/query.json"

echo "== xiansuo explore --no-browser"
# The loopback comes up (still no route out): the explorer listens on 127.0.0.1 only.
ip link set lo up
"$prefix/bin/xiansuo" explore --out "$out/demo" --no-browser --port 0 > "$out/explore.log" 2>&1 &
explorer=$!
status=0
"$prefix/bin/python" "$(dirname "$0")/explore_probe.py" "$out/explore.log" || status=$?
kill "$explorer"
wait "$explorer" || true
[ "$status" -eq 0 ] || { cat "$out/explore.log" >&2; exit "$status"; }

echo "offline test: all steps passed"
