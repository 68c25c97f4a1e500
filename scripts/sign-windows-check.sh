#!/usr/bin/env bash
# Checks the signing hook with a throwaway self-signed code-signing certificate: a copy of the
# Windows build signed by scripts/sign-windows.sh verifies against that certificate, the unsigned
# one does not, and without a certificate the hook leaves the file untouched.
#
# Usage: scripts/sign-windows-check.sh build/bin/agented.exe
set -euo pipefail
EXE=${1:?usage: $0 FILE.exe}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W=$(mktemp -d /tmp/agented-sign-XXXXXX)
trap 'rm -rf "$W"' EXIT
fail() { echo "SIGN FAIL: $*"; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Agented test signing" \
  -addext extendedKeyUsage=codeSigning -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$W/key.pem" -in "$W/cert.pem" -passout pass:test -out "$W/cert.p12"

cp "$EXE" "$W/unsigned.exe"
cp "$EXE" "$W/signed.exe"
WINDOWS_SIGN_PKCS12="" "$HERE/sign-windows.sh" "$W/unsigned.exe" >/dev/null
cmp -s "$EXE" "$W/unsigned.exe" || fail "without a certificate the hook changed the file"
WINDOWS_SIGN_PKCS12="$W/cert.p12" WINDOWS_SIGN_PASSWORD=test "$HERE/sign-windows.sh" "$W/signed.exe" >/dev/null
osslsigncode verify -CAfile "$W/cert.pem" -in "$W/signed.exe" >"$W/verify.log" 2>&1 ||
  fail "the signed file does not verify: $(tail -3 "$W/verify.log")"
if osslsigncode verify -CAfile "$W/cert.pem" -in "$W/unsigned.exe" >/dev/null 2>&1; then
  fail "the unsigned file verifies, so the check proves nothing"
fi
WINDOWS_SIGN_PKCS12="$W/cert.p12" WINDOWS_SIGN_PASSWORD=wrong "$HERE/sign-windows.sh" "$W/unsigned.exe" >/dev/null 2>&1 &&
  fail "a wrong certificate password did not fail the hook"
echo "SIGN PASS: $(basename "$EXE") signed with a test certificate verifies (Authenticode SHA-256); unsigned does not; a wrong password fails"
