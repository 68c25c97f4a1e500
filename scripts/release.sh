#!/usr/bin/env bash
# Builds a release: stamps the version, builds every artifact that can be built on Linux, writes
# SHA-256 checksums and a changelog section from the commits since the last tag.
#
# Usage: scripts/release.sh 0.2.0        (make release VERSION=0.2.0)
# Output: build/release/v0.2.0/ with
#   agented_0.2.0_amd64.deb, agented-webkit41_0.2.0_amd64.deb   Linux desktop app + serve
#   agented-headless_0.2.0_linux_amd64                           `agented serve` alone, no GTK
#   agented_0.2.0_windows_amd64.exe, agented_0.2.0_windows_amd64_installer.exe
#   SHA256SUMS, CHANGELOG.md
# It also sets wails.json's productVersion (the Windows version resource and installer use it) and
# puts the changelog section at the top of CHANGELOG.md: commit both and tag the commit v0.2.0.
# macOS artifacts need a macOS host: see docs/release.md.
set -euo pipefail
V=${1:-}
V=${V#v}
[[ $V =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "release: VERSION must be MAJOR.MINOR.PATCH, e.g. make release VERSION=0.2.0 (got '${1:-}')" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TAG=v$V
OUT=build/release/$TAG

python3 - "$V" <<'PY'
import json, sys
with open("wails.json") as f:
    cfg = json.load(f)
cfg["info"]["productVersion"] = sys.argv[1]
with open("wails.json", "w") as f:
    json.dump(cfg, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY

make package-linux package-windows VERSION="$TAG"

rm -rf "$OUT"
mkdir -p "$OUT"
cp "build/dist/agented_${V}_amd64.deb" "build/dist/agented-webkit41_${V}_amd64.deb" "$OUT/"
cp build/bin/agented-headless "$OUT/agented-headless_${V}_linux_amd64"
cp build/bin/agented.exe "$OUT/agented_${V}_windows_amd64.exe"
cp build/bin/agented-amd64-installer.exe "$OUT/agented_${V}_windows_amd64_installer.exe"

# The changelog section: every commit since the last tag (all of them before the first tag).
last=$(git describe --tags --abbrev=0 2>/dev/null || true)
range=${last:+$last..}HEAD
{
  echo "## $TAG ($(date -u +%Y-%m-%d))"
  echo
  if [ -n "$last" ]; then echo "Changes since $last:"; else echo "Changes since the start of the project:"; fi
  echo
  git log --no-merges --reverse --format='- %s (%h)' "$range"
} >"$OUT/CHANGELOG.md"
if [ -f CHANGELOG.md ]; then
  { cat "$OUT/CHANGELOG.md"; echo; cat CHANGELOG.md; } >CHANGELOG.md.new
else
  { echo "# Changelog"; echo; cat "$OUT/CHANGELOG.md"; } >CHANGELOG.md.new
fi
mv CHANGELOG.md.new CHANGELOG.md

(cd "$OUT" && sha256sum -- * | grep -v ' SHA256SUMS$' >SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "release $TAG in $OUT:"
(cd "$OUT" && ls -l)
echo "next: git commit wails.json CHANGELOG.md -m 'release $TAG' && git tag $TAG"
