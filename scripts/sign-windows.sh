#!/usr/bin/env bash
# Signs Windows executables in place with osslsigncode (Authenticode, SHA-256), when a certificate
# is given; otherwise says that they stay unsigned and succeeds.
#
# Usage: scripts/sign-windows.sh FILE.exe...
# Environment:
#   WINDOWS_SIGN_PKCS12         the certificate and key, a PKCS#12 (.p12/.pfx) file
#   WINDOWS_SIGN_PASSWORD       its password (may be empty)
#   WINDOWS_SIGN_TIMESTAMP_URL  an RFC 3161 timestamp server (optional; needs the network)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 FILE.exe..." >&2; exit 2; }
if [ -z "${WINDOWS_SIGN_PKCS12:-}" ]; then
  echo "sign-windows: WINDOWS_SIGN_PKCS12 is not set; $* left unsigned"
  exit 0
fi
[ -r "$WINDOWS_SIGN_PKCS12" ] || { echo "sign-windows: cannot read the certificate $WINDOWS_SIGN_PKCS12" >&2; exit 1; }
command -v osslsigncode >/dev/null || { echo "sign-windows: osslsigncode is not installed (apt-get install osslsigncode)" >&2; exit 1; }
ts=()
[ -n "${WINDOWS_SIGN_TIMESTAMP_URL:-}" ] && ts=(-ts "$WINDOWS_SIGN_TIMESTAMP_URL")
for f in "$@"; do
  osslsigncode sign -pkcs12 "$WINDOWS_SIGN_PKCS12" -pass "${WINDOWS_SIGN_PASSWORD:-}" -h sha256 \
    -n Agented -i https://github.com/agented/agented "${ts[@]}" -in "$f" -out "$f.signed" >/dev/null
  mv "$f.signed" "$f"
  echo "sign-windows: signed $f"
done
