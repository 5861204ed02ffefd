#!/bin/bash
# Installs a real llama.cpp `llama-server` for the test suite, without root-owned system changes.
#
#   scripts/install-llama-server.sh [DIR]        (default: .cache/llama-server under the repo)
#   then: DIR/bin/llama-server --version
#
# Debian 12 (bookworm) has no llama.cpp package, and the one in Debian unstable (sid) needs sid's
# glibc and libstdc++. So everything goes into DIR and nothing into the system:
#   1. a private apt configuration (its own sources list, lists, cache and empty dpkg status) that
#      points at the machine's own Debian mirror, unstable suite; the system's apt state is not read
#      or written (no `apt-get update` of the system, no dpkg database change);
#   2. `apt-get download` of llama-server and the shared libraries it needs, including sid's
#      glibc, libstdc++ and patchelf;
#   3. `dpkg -x` (plain extraction, no maintainer scripts) into DIR/root;
#   4. patchelf (sid's, run through sid's own dynamic loader) so that DIR/bin/llama-server uses
#      sid's loader and finds every library in DIR/root; the ggml CPU backends are copied next to
#      the binary because ggml looks for them in the executable's directory.
# About 12 MB downloaded, 66 MB on disk, 5 to 10 seconds.
#
# Needs: Debian 12 or newer on amd64 (arm64 mapped below, untested); apt-get, dpkg and flock (all in
# a minimal Debian); the debian-archive-keyring package with the key that signs unstable (bookworm's
# current keyring has it); HTTP access to the Debian mirror configured in /etc/apt. Works as root
# (then apt must not drop to the `_apt` user, which could not write into DIR) or as any user who
# can write DIR. Environment overrides: LLAMA_SERVER_DEBIAN_MIRROR (a Debian mirror URL),
# LLAMA_SERVER_DEBIAN_SUITE (default `sid`).
#
# Idempotent: when DIR holds a finished install whose binary still runs, it only prints the
# version. Concurrent runs (two test workers) serialise on a lock file in DIR.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$repo/.cache/llama-server}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd) # absolute: it is written into the binary as interpreter and rpath

# The recorded version of a finished install; fails if there is none, if it was made for another
# directory (a copied install still points at the original's libraries) or if the binary cannot run.
installed_version() {
  [ -f "$dir/.installed" ] && [ -x "$dir/bin/llama-server" ] || return 1
  grep -qxF "dir: $dir" "$dir/.installed" || return 1
  timeout 30 "$dir/bin/llama-server" --version >/dev/null 2>&1 || return 1
  head -1 "$dir/.installed"
}

# One install at a time; waiters find the finished install and return at once.
exec 9>"$dir/.lock"
flock -w 900 9 || { echo "install-llama-server: timed out waiting for $dir/.lock" >&2; exit 1; }

if v=$(installed_version); then
  echo "llama-server already installed in $dir ($v)"
  exit 0
fi

case "$(dpkg --print-architecture)" in
  amd64) triplet=x86_64-linux-gnu; loader=ld-linux-x86-64.so.2 ;;
  arm64) triplet=aarch64-linux-gnu; loader=ld-linux-aarch64.so.1 ;;
  *) echo "install-llama-server: unsupported architecture $(dpkg --print-architecture)" >&2; exit 1 ;;
esac

# The machine's own Debian mirror (deb822 .sources first, then one-line sources.list), skipping the
# security archive, which has no unstable suite.
mirror=${LLAMA_SERVER_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v -- '-security' | head -1 | awk '{print $2}' || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | grep -v -- '-security' \
    | head -1 | sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}' || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
suite=${LLAMA_SERVER_DEBIAN_SUITE:-sid}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { echo "install-llama-server: $keyring missing (package debian-archive-keyring)" >&2; exit 1; }

echo "installing llama-server from $mirror $suite into $dir"
start=$(date +%s)

# Start clean: a failed earlier run may have left half an install.
rm -rf "$dir/apt" "$dir/debs" "$dir/root" "$dir/bin" "$dir/.installed"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs" "$dir/root" "$dir/bin"
echo "deb [signed-by=$keyring] $mirror $suite main" >"$dir/apt/sources.list"
: >"$dir/apt/status"

# Every path apt would use is redirected into DIR; preferences and extra sources are ignored.
apt_opts=(
  -o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::State::status=$dir/apt/status"
  -o "Dir::Cache=$dir/apt/cache" -o APT::Sandbox::User=root
  -o Acquire::Retries=3 -o Acquire::http::Timeout=30 -o Acquire::Languages=none
)
timeout 300 apt-get "${apt_opts[@]}" -qq update

# llama-server's package, its libraries, and their runtime libraries from sid (the dependency closure
# without debconf/wget, which only serve the packaged web UI's download step). A new dependency in sid
# shows up as a "not found" library in the check at the end.
packages=(llama.cpp-tools libllama0 libggml0 libc6 libstdc++6 libgcc-s1 libgomp1 libssl3t64 libzstd1 zlib1g patchelf)
(cd "$dir/debs" && timeout 300 apt-get "${apt_opts[@]}" -qq download "${packages[@]}")
for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done

lib=$dir/root/usr/lib/$triplet
patchelf() { "$lib/$loader" --library-path "$lib" "$dir/root/usr/bin/patchelf" "$@"; }

# The executable gets sid's loader and a DT_RPATH (--force-rpath), which, unlike DT_RUNPATH, also
# applies to the libraries it loads indirectly. Libraries that carry their own DT_RUNPATH (pointing
# at /usr/lib/<triplet>/llama, absent here) get that replaced too.
cp "$dir/root/usr/bin/llama-server" "$dir/bin/"
patchelf --set-interpreter "$lib/$loader" --force-rpath --set-rpath "$lib:$lib/llama" "$dir/bin/llama-server"
for so in "$lib"/llama/*.so "$lib"/libllama*.so.* "$lib"/libmtmd.so.* "$lib"/libggml*.so.*; do
  [ -L "$so" ] && continue
  if [ -n "$(patchelf --print-rpath "$so")" ]; then patchelf --set-rpath "$lib:$lib/llama" "$so"; fi
done
# ggml picks the best CPU backend variant for this CPU from the executable's directory.
cp "$lib"/ggml/backends0/libggml-cpu-*.so "$dir/bin/"

# Every shared library must resolve inside DIR; list what does not.
missing=$("$lib/$loader" --list "$dir/bin/llama-server" 2>&1 | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "install-llama-server: libraries not found (sid's dependencies changed?):" >&2
  echo "$missing" >&2
  exit 1
fi

# Keep the extracted tree (the binary links to it), drop the downloads.
pkg_version=$(dpkg-deb -f "$dir"/debs/llama.cpp-tools_*.deb Version)
rm -rf "$dir/debs" "$dir/apt/cache" "$dir/apt/lists"
v=$(timeout 30 "$dir/bin/llama-server" --version 2>&1 | grep -m1 -i '^version') || {
  echo "install-llama-server: the installed binary does not run:" >&2
  "$dir/bin/llama-server" --version >&2 || true
  exit 1
}
v="$v; Debian llama.cpp-tools $pkg_version"
printf '%s\ndir: %s\n' "$v" "$dir" >"$dir/.installed"
echo "llama-server installed in $dir in $(($(date +%s) - start))s ($v)"
