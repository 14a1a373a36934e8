#!/bin/sh
# First step of `npm test`: the browser tests drive Debian's chromium through playwright-core (never a downloaded
# browser). When it is missing, install it as root with apt-get; anyone else gets the command to run, at once.
# The optional argument is the path to check (default /usr/bin/chromium; a test passes another to reach the
# missing-browser branches).
set -eu
chromium="${1:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
install='apt-get update && apt-get install -y chromium'
if [ "$(id -u)" != 0 ]; then
  echo "npm test: $chromium is missing; install Debian's chromium as root, then run npm test again: $install" >&2
  exit 1
fi
echo "npm test: $chromium is missing; installing Debian's chromium: $install" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
if [ ! -x "$chromium" ]; then
  echo "npm test: apt-get installed chromium, but $chromium is still missing" >&2
  exit 1
fi
