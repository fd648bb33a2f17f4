#!/usr/bin/env bash
# Set up everything the kiosk needs on a fresh Debian 12 machine with Python 3.11:
# system packages (apt, retried while another dpkg holds the lock) and a local
# virtualenv with the project and its dev tools. Idempotent: a second run only
# checks stamps and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-noto-cjk            # Chinese glyphs for the UI and receipt previews
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0   # Qt's xcb platform on a real X display
  xvfb                      # a virtual display for window screenshots
  systemd cage              # systemd-analyze verify of install/systemd units; the kiosk's Wayland compositor
  pcscd libpcsclite-dev swig vsmartcard-vpcd   # PC/SC staff-card readers; pyscard builds against pcsclite; vpcd for tests
  espeak-ng                 # offline voice prompts (Mandarin cmn and English), played in a subprocess
  cups cups-client cups-filters   # the A4 printer (打印证照): lp/lpstat to its queue; cupsd + the Generic PDF driver are the tests' and demo's private printer
  chromium                  # the clerks' help-desk page in a real browser (the video call's test, headless, driven by Playwright)
  postgresql                # the platform's second store: the tests start a throwaway cluster with its initdb/postgres (not the Debian service)
)
VENV=.venv
PY=${PYTHON:-python3}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_retry() {
  # dpkg's lock may be held by unattended-upgrades on a fresh machine: wait, don't fail.
  local i
  for i in $(seq 1 30); do
    if as_root env DEBIAN_FRONTEND=noninteractive "$@"; then return 0; fi
    echo "apt busy or failed (try $i/30); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}

. scripts/missing_packages.sh
mapfile -t missing < <(missing_packages "${APT_PACKAGES[@]}")
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt_retry apt-get update -qq
  apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

stamp=$VENV/.installed
if [ ! -x $VENV/bin/python ]; then
  "$PY" -m venv $VENV
fi
if [ ! -f $stamp ] || [ pyproject.toml -nt $stamp ]; then
  $VENV/bin/python -m pip install -q --upgrade pip
  $VENV/bin/python -m pip install -q -e '.[dev]'
  touch $stamp
fi
