#!/usr/bin/env bash
# Builds the starter policy into an OPA Wasm bundle, as HAI's in-process engine loads it:
#   policies/build.sh [OUT]      (default: hai-governance/src/test/resources/bundles/starter.tar.gz)
# The revision is "starter-" + the first 12 hex digits of the SHA-256 of the Rego sources (tests
# excluded), so a changed policy always gets a new revision and the same policy the same one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/hai-governance/src/test/resources/bundles/starter.tar.gz}"
cd "$root/policies"
sources=$(find hai -name '*.rego' ! -name '*_test.rego' | LC_ALL=C sort)
revision="starter-$(cat $sources | sha256sum | cut -c1-12)"
mkdir -p "$(dirname "$out")"
opa build -t wasm -e hai/authz/decision --ignore '*_test.rego' --revision "$revision" -o "$out" hai
echo "$out revision $revision"
