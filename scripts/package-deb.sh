#!/usr/bin/env bash
# Builds a Debian package of Agented from binaries already built by `make build`.
#
# Usage: scripts/package-deb.sh DESKTOP_BIN HEADLESS_BIN VERSION OUT_DIR [webkit41]
#   DESKTOP_BIN   the Wails build (links GTK 3 and WebKitGTK 4.0, or 4.1 with -tags webkit2_41)
#   HEADLESS_BIN  the cgo-free build that `agented serve` hands over to (installed beside it)
#   VERSION       the version stamped into the binaries (v0.2.0, 0.2.0, or a git describe)
#   OUT_DIR       where the .deb goes; its path is printed on the last line
#   webkit41      names the file for the WebKitGTK 4.1 variant (Debian 13, Ubuntu 24.04 and later)
#
# The package's Depends come from dpkg-shlibdeps on the desktop binary, so they name the runtime
# libraries (libgtk-3-0, libwebkit2gtk-4.x-…), never the -dev packages the build needed.
set -euo pipefail

DESKTOP=${1:?usage: $0 DESKTOP_BIN HEADLESS_BIN VERSION OUT_DIR [webkit41]}
HEADLESS=${2:?headless binary}
VERSION=${3:?version}
OUT=${4:?output directory}
VARIANT=${5:-}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG=$ROOT/packaging/linux

for f in "$DESKTOP" "$HEADLESS"; do
  [ -x "$f" ] || { echo "package-deb: $f is not an executable (run make build first)" >&2; exit 1; }
done
case "$VARIANT" in "" | webkit41) ;; *) echo "package-deb: unknown variant $VARIANT (only webkit41)" >&2; exit 2 ;; esac

# Debian versions must start with a digit and use '-' only before a Debian revision:
# v0.2.0 → 0.2.0; v0.2.0-3-gabc1234 → 0.2.0+3.gabc1234; abc1234-dirty → 0.0.0~gitabc1234.dirty.
debver=${VERSION#v}
if [[ $debver =~ ^[0-9]+\.[0-9] ]]; then
  [[ $debver == *-* ]] && debver="${debver%%-*}+$(echo "${debver#*-}" | tr -- - .)"
else
  debver="0.0.0~git$(echo "$debver" | tr -- - .)"
fi
debver=$(echo "$debver" | tr -c 'A-Za-z0-9.+~\n' .)
arch=$(dpkg --print-architecture)

WORK=$(mktemp -d /tmp/agented-deb-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
R=$WORK/root
install -d "$R/DEBIAN" "$R/usr/bin" "$R/usr/share/applications" "$R/usr/share/doc/agented" \
  "$R/usr/lib/systemd/user" "$R/usr/lib/systemd/system" "$R/usr/share/icons/hicolor/scalable/apps"
install -m 0755 "$DESKTOP" "$R/usr/bin/agented"
install -m 0755 "$HEADLESS" "$R/usr/bin/agented-headless"
install -m 0644 "$PKG/agented.desktop" "$R/usr/share/applications/agented.desktop"
install -m 0644 "$PKG/agented.service" "$R/usr/lib/systemd/user/agented.service"
install -m 0644 "$PKG/agented@.service" "$R/usr/lib/systemd/system/agented@.service"
install -m 0644 "$PKG/copyright" "$R/usr/share/doc/agented/copyright"
install -m 0644 "$ROOT/build/appicon.svg" "$R/usr/share/icons/hicolor/scalable/apps/agented.svg"
for s in 16 24 32 48 64 128 256 512; do
  d="$R/usr/share/icons/hicolor/${s}x${s}/apps"
  install -d "$d"
  convert "$ROOT/build/appicon.png" -resize "${s}x${s}" -strip "PNG32:$d/agented.png"
done

# dpkg-shlibdeps reads debian/control from the directory it runs in.
mkdir -p "$WORK/src/debian"
printf 'Source: agented\n\nPackage: agented\nArchitecture: any\n' >"$WORK/src/debian/control"
depends=$(cd "$WORK/src" && dpkg-shlibdeps -O -e "$R/usr/bin/agented" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies for $DESKTOP" >&2; exit 1; }
case "$VARIANT" in
  webkit41) grep -q 'libwebkit2gtk-4.1' <<<"$depends" || { echo "package-deb: $DESKTOP does not link WebKitGTK 4.1 (build it with -tags webkit2_41)" >&2; exit 1; } ;;
  "") grep -q 'libwebkit2gtk-4.0' <<<"$depends" || { echo "package-deb: $DESKTOP does not link WebKitGTK 4.0 (for a 4.1 build pass webkit41)" >&2; exit 1; } ;;
esac

cat >"$R/DEBIAN/control" <<CONTROL
Package: agented
Version: $debver
Architecture: $arch
Maintainer: Agented <agented@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$R" | cut -f1)
Depends: $depends
Recommends: git, gnome-keyring | kwalletmanager
Section: devel
Priority: optional
Homepage: https://github.com/agented/agented
Description: agentic development platform for AI coding CLIs
 Agented runs Claude Code, Codex, Gemini CLI and opencode as bots ("triggers") against your
 repositories: by hand, on a schedule, from a JSON webhook or from GitHub pull requests.
 Runs are watched live and kept with their history; secrets stay in the keyring.
 .
 The desktop app is /usr/bin/agented; "agented serve" runs the same backend headless (through
 /usr/bin/agented-headless, which maps no GTK or WebKit). systemd units for it are installed
 disabled: "systemctl --user enable --now agented", or "systemctl enable --now agented@USER".
CONTROL
(cd "$R" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$R/DEBIAN/md5sums"

mkdir -p "$OUT"
name="agented_${debver}_${arch}.deb"
[ "$VARIANT" = webkit41 ] && name="agented-webkit41_${debver}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$R" "$OUT/$name" >/dev/null
echo "$OUT/$name"
