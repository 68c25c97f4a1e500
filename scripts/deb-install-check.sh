#!/usr/bin/env bash
# Installs the Agented .deb on this machine the way a user would (dpkg -i, then apt-get -f install
# for anything its Depends still miss), checks what it installed (binaries, version, desktop entry,
# icons, systemd units left disabled), starts the installed app in a real window under Xvfb (the
# desktop smoke test, screenshot checked), checks that the installed `agented serve` hands over to
# the headless build, then purges the package and checks that none of its files remain.
#
# Usage: scripts/deb-install-check.sh build/dist/agented_X_amd64.deb VERSION   (make test-package)
# Needs root (or password-less sudo). Refuses to run when a package named agented is installed.
set -euo pipefail

DEB=${1:?usage: $0 DEB VERSION}
VERSION=${2:?the version stamped into the binaries}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || { echo "DEB FAIL: installing a package needs root or password-less sudo"; exit 1; }
  SUDO="sudo -n"
fi
ART=${E2E_ARTIFACTS:-/tmp/agented-e2e}/deb
mkdir -p "$ART"

fail() { echo "DEB FAIL: $*"; exit 1; }
installed() { dpkg-query -W -f='${Status}' agented 2>/dev/null | grep -q "install ok installed"; }

if dpkg-query -W -f='${Status}' agented 2>/dev/null | grep -q installed; then
  fail "a package named agented is already installed here; this check installs and purges its own, so it will not touch that one"
fi
FILES=""
purge() {
  $SUDO dpkg --purge agented >/dev/null 2>&1 || true
}
trap purge EXIT

if ! $SUDO dpkg -i "$DEB" >"$ART/dpkg-i.log" 2>&1; then
  # Missing Depends leave the package unconfigured; apt installs them and finishes the job.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -f install -y -qq >>"$ART/dpkg-i.log" 2>&1 ||
    fail "apt-get -f install could not complete the installation; see $ART/dpkg-i.log"
fi
installed || fail "agented is not installed after dpkg -i; see $ART/dpkg-i.log"
FILES=$(dpkg -L agented | while read -r f; do [ -f "$f" ] && echo "$f"; done)

for f in /usr/bin/agented /usr/bin/agented-headless /usr/share/applications/agented.desktop \
  /usr/lib/systemd/user/agented.service /usr/lib/systemd/system/agented@.service \
  /usr/share/icons/hicolor/256x256/apps/agented.png /usr/share/icons/hicolor/scalable/apps/agented.svg; do
  grep -qx "$f" <<<"$FILES" || fail "the package does not install $f"
done
got=$(/usr/bin/agented --version)
[[ $got == "agented $VERSION (commit "* ]] || fail "/usr/bin/agented --version says \"$got\", want \"agented $VERSION (commit …, built …)\""
desktop-file-validate /usr/share/applications/agented.desktop || fail "the desktop entry does not validate"
# Installed disabled: nothing links the units into a .wants directory.
if find /etc/systemd -name 'agented*.service' 2>/dev/null | grep -q .; then
  fail "a systemd unit of agented is enabled after installation: $(find /etc/systemd -name 'agented*.service')"
fi
dpkg-query -W -f='${Depends}\n' agented | grep -q -- '-dev' && fail "the package depends on a -dev package: $(dpkg-query -W -f='${Depends}' agented)"

E2E_ARTIFACTS=$ART "$ROOT/scripts/desktop-smoke.sh" /usr/bin/agented || fail "the installed app failed the desktop smoke test; see $ART"
"$ROOT/scripts/serve-lean-check.sh" /usr/bin/agented || fail "the installed agented serve did not hand over to agented-headless"

$SUDO dpkg --purge agented >"$ART/dpkg-purge.log" 2>&1 || fail "dpkg --purge failed; see $ART/dpkg-purge.log"
trap - EXIT
left=""
while read -r f; do
  [ -e "$f" ] && left+=" $f"
done <<<"$FILES"
[ -z "$left" ] || fail "files left after purge:$left"
echo "DEB PASS: $(basename "$DEB") installed ($(wc -l <<<"$FILES") files, Depends: $(dpkg-deb -f "$DEB" Depends)), started in a window (screenshot $ART/desktop.png), served headless through agented-headless, purged without leftovers"
