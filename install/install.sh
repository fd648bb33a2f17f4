#!/usr/bin/env bash
# Install or upgrade the 24-hour self-service kiosk on a Debian 12 kiosk PC.
#
#   sudo install/install.sh                 # on the kiosk PC, from a checkout or release tree
#   sudo install/install.sh --wheelhouse W  # offline: wheels for the app and its dependencies
#   install/install.sh --root /tmp/r --no-venv --no-apt   # into a staging root (tests, images)
#
# What it sets up (paths below are inside --root, "/" by default):
#   /opt/zizhu-kiosk/venv             the app in its own virtualenv (upgraded in place)
#   /opt/zizhu-kiosk/bin/             kiosk-session (started by cage), kiosk-xsession
#   /opt/zizhu-kiosk/install/         these files and the technicians' README
#   /etc/zizhu-kiosk/site.toml        the site config      } kept when re-run; the shipped
#   /etc/zizhu-kiosk/kiosk.env        service environment  } version lands beside as .dist
#   /etc/udev/rules.d/70-zizhu-kiosk.rules  stable device names (site-edited, kept)
#   /var/lib/zizhu-kiosk              outbox, ledger, catalogue cache, audit (never touched)
#   /usr/local/lib/systemd/system/    zizhu-kiosk.service, zizhu-kiosk-restart.{timer,service}
#   /usr/local/lib/sysusers.d, tmpfiles.d   the kiosk user (in dialout, video) and directories
#   logs: journald (journalctl -u zizhu-kiosk)
set -euo pipefail

ROOT=${DESTDIR:-/}
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
WHEELHOUSE=""
DO_VENV=1
DO_APT=1
DO_SYSTEMCTL=1
PYTHON=${PYTHON:-python3}
# espeak-ng speaks the voice prompts, alsa-utils' aplay plays recorded clips (kiosk/voice.py)
APT_PACKAGES=(cage pcscd python3-venv fonts-noto-cjk libegl1 libgl1 libxkbcommon0
  libfontconfig1 libdbus-1-3 qtwayland5 xwayland espeak-ng alsa-utils)

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --root DIR, --prefix DIR   install below DIR (DESTDIR-style; default /)
  --source DIR               the project tree to install (default: this script's ../)
  --wheelhouse DIR           install wheels from DIR only (no index), for offline sites
  --no-venv                  skip the virtualenv and pip (files, user, units only)
  --no-apt                   skip Debian packages
  --no-systemctl             do not reload/enable/restart units (implied when not on /)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --root | --prefix) ROOT=$2; shift 2 ;;
    --source) SOURCE=$(cd "$2" && pwd); shift 2 ;;
    --wheelhouse) WHEELHOUSE=$(cd "$2" && pwd); shift 2 ;;
    --no-venv) DO_VENV=0; shift ;;
    --no-apt) DO_APT=0; shift ;;
    --no-systemctl) DO_SYSTEMCTL=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(mkdir -p "$ROOT" && cd "$ROOT" && pwd)
R=${ROOT%/}   # "" for the real system
ON_LIVE_SYSTEM=0
[ -z "$R" ] && ON_LIVE_SYSTEM=1
if [ $ON_LIVE_SYSTEM = 0 ]; then DO_APT=0; DO_SYSTEMCTL=0; fi
[ -d /run/systemd/system ] || DO_SYSTEMCTL=0   # systemd is not PID 1 (container, chroot)

OPT=$R/opt/zizhu-kiosk
UNITS=$R/usr/local/lib/systemd/system
HERE=$SOURCE/install

say() { echo "install: $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (it creates a system user and owns files for it)" >&2
  exit 1
fi

# ------------------------------------------------------------------ Debian packages
if [ $DO_APT = 1 ]; then
  . /etc/os-release
  [ "${VERSION_ID:-}" = 12 ] || say "warning: made for Debian 12, this is ${PRETTY_NAME:-unknown}"
  . "$SOURCE/scripts/missing_packages.sh"
  mapfile -t missing < <(missing_packages "${APT_PACKAGES[@]}")
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

# ------------------------------------------------------------------ user and directories
install -d -m 0755 "$R/usr/local/lib/sysusers.d" "$R/usr/local/lib/tmpfiles.d" "$R/etc"
install -m 0644 "$HERE/etc/sysusers.conf" "$R/usr/local/lib/sysusers.d/zizhu-kiosk.conf"
install -m 0644 "$HERE/etc/tmpfiles.conf" "$R/usr/local/lib/tmpfiles.d/zizhu-kiosk.conf"
if command -v systemd-sysusers >/dev/null; then
  systemd-sysusers --root="$ROOT" "$R/usr/local/lib/sysusers.d/zizhu-kiosk.conf"
elif [ $ON_LIVE_SYSTEM = 1 ]; then
  getent passwd kiosk >/dev/null || useradd --system --home-dir /var/lib/zizhu-kiosk \
    --shell /usr/sbin/nologin --comment "24-hour self-service kiosk" kiosk
  usermod -a -G dialout,video kiosk
else
  echo "install.sh: systemd-sysusers is needed to create the user inside --root" >&2
  exit 1
fi
if command -v systemd-tmpfiles >/dev/null; then
  systemd-tmpfiles --create --root="$ROOT" "$R/usr/local/lib/tmpfiles.d/zizhu-kiosk.conf"
fi
# the same, for systems without systemd-tmpfiles; never touches existing data
uid=$(awk -F: '$1 == "kiosk" {print $3}' "$R/etc/passwd")
gid=$(awk -F: '$1 == "kiosk" {print $3}' "$R/etc/group")
install -d -m 0750 -o "$uid" -g "$gid" "$R/var/lib/zizhu-kiosk"
install -d -m 0750 -o 0 -g "$gid" "$R/etc/zizhu-kiosk"

# ------------------------------------------------------------------ configuration (kept)
# keep SRC DEST MODE: install when absent; when the site changed it, keep theirs and put
# the shipped version beside it as DEST.dist for the technician to compare.
keep() {
  local src=$1 dest=$2 mode=$3
  if [ ! -e "$dest" ]; then
    install -m "$mode" -o 0 -g "$gid" "$src" "$dest"
    say "installed $dest"
  elif ! cmp -s "$src" "$dest"; then
    install -m "$mode" -o 0 -g "$gid" "$src" "$dest.dist"
    say "kept $dest (the shipped version is $dest.dist)"
  fi
}
keep "$HERE/etc/site.toml" "$R/etc/zizhu-kiosk/site.toml" 0640   # holds the terminal token
keep "$HERE/etc/kiosk.env" "$R/etc/zizhu-kiosk/kiosk.env" 0640
# The outbox's AES key: root-only, outside the data directory (and its backups), made
# once and kept on upgrade. systemd hands it to the service as the credential
# "outbox-key" (LoadCredential= in the unit), so the kiosk user never reads this file.
if [ ! -e "$R/etc/zizhu-kiosk/outbox.key" ]; then
  (umask 077 && head -c 32 /dev/urandom >"$R/etc/zizhu-kiosk/outbox.key")
  chown 0:0 "$R/etc/zizhu-kiosk/outbox.key"
  say "made the outbox key $R/etc/zizhu-kiosk/outbox.key"
fi
install -d -m 0755 "$R/etc/udev/rules.d"
keep "$HERE/udev/70-zizhu-kiosk.rules" "$R/etc/udev/rules.d/70-zizhu-kiosk.rules" 0644

# ------------------------------------------------------------------ the app
install -d -m 0755 "$OPT" "$OPT/bin" "$OPT/install"
install -m 0755 "$HERE/session/kiosk-session" "$HERE/session/kiosk-xsession" "$OPT/bin/"
cp -R "$HERE/." "$OPT/install/"
chown -R 0:0 "$OPT/install"
if [ $DO_VENV = 1 ]; then
  venv=$OPT/venv
  want=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  have=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    [ -n "$have" ] && say "python $have -> $want: rebuilding the venv"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
  fi
  pip=("$venv/bin/python" -m pip install -q --upgrade)
  if [ -n "$WHEELHOUSE" ]; then
    pip+=(--no-index --find-links "$WHEELHOUSE")
  fi
  "${pip[@]}" "$SOURCE"
  # assets (styles, sample data) are looked up beside the installed packages
  assets=$("$venv/bin/python" -c 'from kiosk.paths import ASSETS; print(ASSETS)')
  rm -rf "$assets" && cp -R "$SOURCE/assets" "$assets"
  "$venv/bin/kiosk" config check "$R/etc/zizhu-kiosk/site.toml" ||
    say "warning: the site config needs the technician's attention"
fi
version=$(cd "$SOURCE" && git describe --always --dirty 2>/dev/null || echo unknown)
echo "$version $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$OPT/VERSION"

# ------------------------------------------------------------------ systemd units
install -d -m 0755 "$UNITS"
for unit in zizhu-kiosk.service zizhu-kiosk-restart.service zizhu-kiosk-restart.timer; do
  install -m 0644 "$HERE/systemd/$unit" "$UNITS/$unit"
done
# console blanking off at boot (cage itself never blanks the screen)
if [ -d "$R/etc/default" ] || [ $ON_LIVE_SYSTEM = 0 ]; then
  install -d -m 0755 "$R/etc/default/grub.d"
  echo 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT consoleblank=0"' \
    >"$R/etc/default/grub.d/zizhu-kiosk.cfg"
fi

if [ $DO_SYSTEMCTL = 1 ]; then
  command -v update-grub >/dev/null && update-grub -q 2>/dev/null || true
  udevadm control --reload && udevadm trigger --subsystem-match=tty --subsystem-match=video4linux \
    --subsystem-match=usbmisc --subsystem-match=usb
  systemctl daemon-reload
  systemctl set-default graphical.target
  systemctl enable zizhu-kiosk.service zizhu-kiosk-restart.timer
  if systemctl is-active -q zizhu-kiosk.service; then
    say "restarting the running kiosk on the new version"
    systemctl restart zizhu-kiosk.service
  else
    systemctl start zizhu-kiosk.service zizhu-kiosk-restart.timer
  fi
else
  say "units installed; on the kiosk: systemctl daemon-reload && systemctl enable --now zizhu-kiosk.service zizhu-kiosk-restart.timer"
fi
say "done ($version) in ${ROOT}"
