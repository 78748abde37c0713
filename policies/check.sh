#!/usr/bin/env bash
# Checks that the committed Wasm bundle is what policies/build.sh makes from the Rego today: the
# bundle's files (policy.wasm, data.json, .manifest and the Rego) are compared one by one.
# Exit 0: up to date; 1: stale (rebuild with policies/build.sh and commit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
committed="$root/hai-governance/src/test/resources/bundles/starter.tar.gz"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/policies/build.sh" "$tmp/fresh.tar.gz" > /dev/null
mkdir "$tmp/a" "$tmp/b"
tar -xzf "$committed" -C "$tmp/a"
tar -xzf "$tmp/fresh.tar.gz" -C "$tmp/b"
if diff -r "$tmp/a" "$tmp/b" > "$tmp/diff" 2>&1; then
  echo "bundle up to date: $committed"
else
  cat "$tmp/diff" | head -20
  echo "STALE: $committed differs from the Rego in policies/; run policies/build.sh and commit the bundle" >&2
  exit 1
fi
