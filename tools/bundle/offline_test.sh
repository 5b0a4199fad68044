#!/bin/sh
# Unpacks a bundle's tar.gz into a fresh folder and runs offline_steps.sh there inside a network
# namespace of its own (unshare -n, root): what a data office does on an intranet with no network.
# Usage: offline_test.sh BUNDLE.tar.gz WORKDIR PYTHON3.12
set -eu
tarball=$1
work=$2
python=$3
name=$(basename "$tarball" .tar.gz)
mkdir "$work"
(cd "$(dirname "$tarball")" && sha256sum --quiet --strict -c "$name.tar.gz.sha256")
tar xzf "$tarball" -C "$work"
exec unshare --net sh "$(dirname "$0")/offline_steps.sh" "$work/$name" "$work/xiansuo" "$work/out" "$python"
