# Sourced by scripts/bootstrap.sh (the developer's machine) and install/install.sh (the
# kiosk PC): which of the Debian packages named are not installed yet, one per line.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
