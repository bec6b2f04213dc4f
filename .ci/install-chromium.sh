#!/bin/sh
# Installs Debian's chromium for the browser tests (test/support/chromium.ts
# launches /usr/bin/chromium; Playwright never downloads a browser here).
# Idempotent: does nothing when /usr/bin/chromium is already there.
# Needs root (or sudo) on a Debian or Ubuntu image.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

export DEBIAN_FRONTEND=noninteractive
echo "installing chromium with apt-get..."
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "apt-get installed chromium, but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
