#!/usr/bin/env bash
# Builds the starter policy into an OPA Wasm bundle, as HAI's in-process engine loads it:
#   policies/build.sh [OUT [REVISION]]   (default: every committed copy listed in policies/bundle-copies)
# The revision is "starter-" + the first 12 hex digits of the SHA-256 of the Rego sources (tests
# excluded), so a changed policy always gets a new revision and the same policy the same one. A
# line of bundle-copies (or REVISION) may name another revision: a test bundle that must differ
# from the starter only in its revision.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/policies"
sources=$(find hai -name '*.rego' ! -name '*_test.rego' | LC_ALL=C sort)
default_revision="starter-$(cat $sources | sha256sum | cut -c1-12)"

build() { # OUT REVISION
  mkdir -p "$(dirname "$1")"
  opa build -t wasm -e hai/authz/decision --ignore '*_test.rego' --revision "$2" -o "$1" hai
  echo "$1 revision $2"
}

if [ $# -gt 0 ]; then
  build "$1" "${2:-$default_revision}"
  exit 0
fi
while read -r copy revision; do
  case "$copy" in '' | '#'*) continue ;; esac
  build "$root/$copy" "${revision:-$default_revision}"
done < "$root/policies/bundle-copies"
