#!/usr/bin/env bash
# Checks that every committed copy of the Wasm bundle (policies/bundle-copies) is what
# policies/build.sh makes from the Rego today, with the copy's revision: each bundle's files
# (policy.wasm, data.json, .manifest and the Rego) are compared one by one.
# Exit 0: all up to date; 1: one or more stale (rebuild with policies/build.sh and commit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
stale=0
while read -r copy revision; do
  case "$copy" in '' | '#'*) continue ;; esac
  committed="$root/$copy"
  if [ ! -f "$committed" ]; then
    echo "MISSING: $copy; run policies/build.sh and commit the bundle" >&2
    stale=1
    continue
  fi
  rm -rf "$tmp/fresh" "$tmp/committed" && mkdir "$tmp/fresh" "$tmp/committed"
  # shellcheck disable=SC2086 # no revision: build.sh's default
  "$root/policies/build.sh" "$tmp/fresh.tar.gz" $revision > /dev/null
  tar -xzf "$tmp/fresh.tar.gz" -C "$tmp/fresh" 2>/dev/null  # opa writes member names with a leading /
  tar -xzf "$committed" -C "$tmp/committed" 2>/dev/null  # (the same notice)
  if diff -r "$tmp/committed" "$tmp/fresh" > "$tmp/diff" 2>&1; then
    echo "bundle up to date: $copy"
  else
    head -20 "$tmp/diff"
    echo "STALE: $copy differs from the Rego in policies/; run policies/build.sh and commit the bundle" >&2
    stale=1
  fi
done < "$root/policies/bundle-copies"
exit "$stale"
