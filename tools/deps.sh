#!/bin/bash
# deps.sh check|install PKG...: install the Debian packages rewind needs.
# `check` installs only when something is missing, so `make check` and
# `make demo` work on a fresh machine and stay quiet on a prepared one.
mode=$1; shift
missing=()
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ "$mode" = check ]; then exit 0; fi
if [ ${#missing[@]} -eq 0 ]; then echo "deps: all packages present"; exit 0; fi
echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
