# shellcheck shell=bash
# Sourced by scripts that define say and die (deploy/local/lib.sh).
# need TOOL PACKAGE: a missing tool is installed with apt-get when we are root, else named.
need() {
  command -v "$1" >/dev/null || install_package "$2"
}

install_package() {
  local package=$1
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $package (apt-get)"
    # A fresh machine's package lists may be missing or stale: update once, then try again.
    apt-get install -y -qq "$package" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq "$package" >/dev/null; } \
      || die "apt-get install $package failed"
  else
    die "$package is missing: install it (Debian/Ubuntu: sudo apt-get install $package; macOS: brew install $package)"
  fi
}
