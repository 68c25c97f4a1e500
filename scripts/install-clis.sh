#!/usr/bin/env bash
# Installs the four agent CLIs the contract tests run (backend/execution/contract_test.go) at the
# versions reference/agent-clis.md measured, into a cache outside the repo (~1.1 GB, ~25 s once).
# Idempotent: when the stamp matches it only prints the bin dir. Prints the bin dir (the only
# line on stdout); progress and errors go to stderr.
#
#   AGENTED_CLI_CACHE   install prefix (default $HOME/.cache/agented/clis)
#
# Exit status: 0 installed (or already there), 3 npm missing or its registry unreachable (the
# contract tests skip, loudly, on 3 only), 1 anything else.
set -euo pipefail

PKGS=(
  @anthropic-ai/claude-code@2.1.197
  @openai/codex@0.169.0
  @google/gemini-cli@0.61.0
  opencode-ai@1.18.33
)
BINS=(claude codex gemini opencode)

cache="${AGENTED_CLI_CACHE:-$HOME/.cache/agented/clis}"
bindir="$cache/node_modules/.bin"
stamp="$cache/.agented-stamp"
want="${PKGS[*]}"

installed() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] || return 1
  local b
  for b in "${BINS[@]}"; do [ -x "$bindir/$b" ] || return 1; done
}

if installed; then
  echo "$bindir"
  exit 0
fi

# die CODE MESSAGE...
die() {
  local code=$1
  shift
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!!! install-clis.sh: %s\n' "$@" >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
  exit "$code"
}

command -v npm >/dev/null || die 3 "npm is not installed: cannot install the agent CLIs (${want})"
mkdir -p "$cache"

# Two test binaries may call this at once; the second waits and then finds the stamp.
if command -v flock >/dev/null && [ -z "${AGENTED_CLI_LOCKED:-}" ]; then
  export AGENTED_CLI_LOCKED=1
  exec flock "$cache/.lock" bash "$0" "$@"
fi
if installed; then
  echo "$bindir"
  exit 0
fi

registry="$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)"
# One quick probe, few retries: an offline machine should hear about it in seconds, not minutes.
if ! probe="$(timeout 60 npm view --fetch-retries=1 --fetch-retry-mintimeout=1000 --fetch-timeout=20000 \
    "${PKGS[0]}" version 2>&1)"; then
  die 3 "the npm registry ($registry) is unreachable: cannot install the agent CLIs (${want})" \
    "npm said: $(grep -m1 -iE 'error (code|FetchError|network)|ECONN|ENOTFOUND|ETIMEDOUT' <<<"$probe" || tail -1 <<<"$probe")"
fi

echo "installing ${want} into $cache (about 1.1 GB, ~25 s)" >&2
start=$SECONDS
rm -f "$stamp"
# A private package.json pins exact versions; a stale tree from other versions is replaced.
cat >"$cache/package.json" <<'EOF'
{ "name": "agented-clis", "private": true, "description": "agent CLIs for Agented's contract tests" }
EOF
rm -rf "$cache/node_modules" "$cache/package-lock.json"
if ! (cd "$cache" && npm install --no-audit --no-fund --save-exact --loglevel=error "${PKGS[@]}" >&2); then
  die 1 "npm install ${want} failed (see above)"
fi
for b in "${BINS[@]}"; do
  [ -x "$bindir/$b" ] || die 1 "npm install finished but $bindir/$b is missing"
done
# The native binaries come from optional platform packages; make sure each one starts.
for b in "${BINS[@]}"; do
  v="$(timeout 30 "$bindir/$b" --version </dev/null 2>&1 | head -1)" || die 1 "$b --version failed: $v"
  echo "  $b $v" >&2
done
echo "$want" >"$stamp"
echo "installed in $((SECONDS - start)) s" >&2
echo "$bindir"
