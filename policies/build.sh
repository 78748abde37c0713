#!/usr/bin/env bash
# Builds the starter policy into an OPA Wasm bundle, as HAI's in-process engine loads it:
#   policies/build.sh [OUT]      (default: every committed copy listed in policies/bundle-copies)
# The revision is "starter-" + the first 12 hex digits of the SHA-256 of the Rego sources (tests
# excluded), so a changed policy always gets a new revision and the same policy the same one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -gt 0 ]; then
  outs=("$1")
else
  mapfile -t outs < <(grep -v '^#' "$root/policies/bundle-copies" | grep -v '^$' | sed "s|^|$root/|")
fi
cd "$root/policies"
sources=$(find hai -name '*.rego' ! -name '*_test.rego' | LC_ALL=C sort)
revision="starter-$(cat $sources | sha256sum | cut -c1-12)"
mkdir -p "$(dirname "${outs[0]}")"
opa build -t wasm -e hai/authz/decision --ignore '*_test.rego' --revision "$revision" -o "${outs[0]}" hai
for out in "${outs[@]:1}"; do
  mkdir -p "$(dirname "$out")"
  cp "${outs[0]}" "$out"
done
for out in "${outs[@]}"; do
  echo "$out revision $revision"
done
