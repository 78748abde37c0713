#!/usr/bin/env bash
# Runs the serving benchmark (HAI vs a direct client, see benchmarks/README.md) against a real
# model server started here, and stops the server at the end. Results go to $OUT (default
# ./serving-bench-out): serving-bench.json, serving-bench.json.txt, the server's log, and in GPU
# mode gpu.txt and gpu-util.csv (nvidia-smi samples every second during the run).
#
# GPU mode (default): for a machine with an NVIDIA GPU, CUDA, PyTorch and transformers, and no
# network or Java. Needs benchmarks/gpu/pack.sh's carry/ beside this script (or this script inside
# it). Serves with `transformers serve --continuous-batching` a model built here with random
# weights from carry/model-spec (the default model's architecture: the weights do not fit the
# carry; speed per token is the same), or --model-dir with a model already on the machine.
# transformers serve's own dependencies (openai, pydantic, fastapi, starlette, uvicorn, rich,
# accelerate) are installed from carry/wheels, when missing or too old, into a virtual environment
# that sees the machine's packages (nothing is installed into the system's Python).
# The driver needs answers with their token usage: a transformers whose serve leaves it out of
# non-streaming answers (the 4.5x series' continuous batching) is replaced, in that environment,
# by the one packed with pack.sh --with-transformers, or the run stops and says so.
#
# CPU mode (--cpu): against llama-cpp-python's server (python3 -m llama_cpp.server, as .ci/run
# installs it) with the default GGUF model (scripts/fetch-model.sh; $HAI_MODEL): how the kit is
# proven on a machine without a GPU. Uses carry/jre.tar.gz when present, else java on PATH.
#
# --url URL --model NAME: start no server, measure the one at URL (vLLM, TGI, NIM, ...).
#
# Usage: run-on-device.sh [--cpu | --url URL --model NAME] [--model-dir DIR]
#          [--concurrency 1,8,32] [--duration S] [--rounds N] [--max-tokens N]
#          [--mix CLASS:WORKERS,...] [--capacity N] [--saturation-duration S] [--port P]
# Options after '--' go to the driver as they are (see: java -jar serving-bench.jar --help).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if [[ -f "$here/serving-bench.jar" ]]; then carry="$here"; else carry="$here/carry"; fi
out="${OUT:-$PWD/serving-bench-out}"
mode=gpu
url=""
model_name=""
model_dir=""
port=18080
concurrency=""
duration=""
rounds=""
max_tokens=""
mix=""
capacity=""
saturation=""
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) mode=cpu ;;
    --url) mode=external; url="$2"; shift ;;
    --model) model_name="$2"; shift ;;
    --model-dir) model_dir="$2"; shift ;;
    --port) port="$2"; shift ;;
    --concurrency) concurrency="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --max-tokens) max_tokens="$2"; shift ;;
    --mix) mix="$2"; shift ;;
    --capacity) capacity="$2"; shift ;;
    --saturation-duration) saturation="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
  shift
done

# Defaults per mode: a GPU serves many requests at once; llama-cpp-python serves one at a time.
if [[ $mode == cpu ]]; then
  : "${concurrency:=1,2}" "${duration:=20}" "${rounds:=2}" "${max_tokens:=64}"
  : "${mix:=emergency:1,documentation:2,administrative:3}" "${capacity:=1}" "${saturation:=60}"
else
  : "${concurrency:=1,8,32}" "${duration:=20}" "${rounds:=2}" "${max_tokens:=256}"
  : "${mix:=emergency:4,documentation:12,administrative:16}" "${capacity:=8}" "${saturation:=40}"
fi

mkdir -p "$out"
work="$(mktemp -d)"
server_pid=""
smi_pid=""
cleanup() {
  if [[ -n "$smi_pid" ]]; then kill "$smi_pid" 2>/dev/null || true; fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    echo "stopping the server (pid $server_pid)"
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

java="java"
if [[ -f "$carry/jre.tar.gz" ]]; then
  tar -xzf "$carry/jre.tar.gz" -C "$work"
  java="$work/jre/bin/java"
fi
jar="$carry/serving-bench.jar"
if [[ ! -f "$jar" ]]; then
  jar="$here/../target/serving-bench.jar"
fi
[[ -f "$jar" ]] || { echo "error: no serving-bench.jar in $carry or benchmarks/target: run benchmarks/gpu/pack.sh" >&2; exit 1; }
"$java" -version 2>&1 | head -1

# Sends one small chat completion: status 0 when answered with usage.completion_tokens, 3 when
# answered without it, 1 when not answered (yet).
probe() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null
import json, sys, urllib.request
base, name = sys.argv[1], sys.argv[2]
body = json.dumps({"model": name, "messages": [{"role": "user", "content": "ready?"}],
                   "max_tokens": 4, "temperature": 0.0}).encode()
req = urllib.request.Request(base + "/chat/completions", body, {"content-type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=120) as r:
        answer = json.load(r)
except Exception:
    sys.exit(1)
if isinstance(answer, str):  # some versions send the JSON as a JSON string
    answer = json.loads(answer)
if not answer.get("choices"):
    sys.exit(1)
sys.exit(0 if isinstance((answer.get("usage") or {}).get("completion_tokens"), int) else 3)
PY
}

# Waits until the server answers a chat completion (a model may load on the first request);
# returns probe's status (0 or 3).
await_ready() {
  local base="$1" name="$2" limit="$3" start status
  start=$(date +%s)
  while true; do
    if [[ -n "$server_pid" ]] && ! kill -0 "$server_pid" 2>/dev/null; then
      echo "error: the server exited; the end of its log:" >&2
      tail -40 "$out/server.log" >&2
      exit 1
    fi
    status=0
    probe "$base" "$name" || status=$?
    if [[ $status -ne 1 ]]; then
      echo "server answered after $(( $(date +%s) - start )) s"
      return "$status"
    fi
    if (( $(date +%s) - start > limit )); then
      echo "error: the server did not answer within $limit s; the end of its log:" >&2
      tail -40 "$out/server.log" >&2
      exit 1
    fi
    sleep 2
  done
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Installs "$@" (pip requirement specifiers) from carry/wheels into a virtual environment that
# sees the machine's packages (torch, numpy, transformers, ...): pip adds only what is missing or
# too old there, and the system's Python is left as it is. The environment's bin goes first on
# PATH, so python3 and transformers below are its own from then on.
install_carried() {
  [[ -d "$carry/wheels" ]] || { echo "error: $* needed and there is no $carry/wheels (pack.sh)" >&2; exit 1; }
  if [[ ! -x "$work/venv/bin/python" ]]; then
    python3 -m venv --system-site-packages --without-pip "$work/venv" \
      || { echo "error: python3 -m venv failed; install these by hand: $*" >&2; exit 1; }
    export PATH="$work/venv/bin:$PATH"
  fi
  log "installing from carried wheels: $*"
  python3 -m pip install --quiet --disable-pip-version-check --no-input --no-index \
    --find-links "$carry/wheels" "$@"
  echo "installed from carried wheels: $*" >> "$out/gpu.txt"
}

# Installs the carried transformers (pack.sh --with-transformers).
install_carried_transformers() {
  local wheel
  wheel="$(basename "$(ls "$carry"/wheels/transformers-*.whl | head -1)")"
  install_carried "$(echo "$wheel" | sed 's/-py3-none-any.whl//; s/-/==/')"
}

# transformers' command line, run by the python3 first on PATH (the console script's own first
# line may name the system's Python, which would not see the environment's packages).
transformers_cli() {
  python3 "$(command -v transformers)" "$@"
}

# Starts transformers serve on $model_dir, choosing the flags its --help shows.
start_transformers_serve() {
  command -v transformers >/dev/null || { echo "error: no 'transformers' command on PATH" >&2; exit 1; }
  transformers_cli serve --help > "$out/serve-help.txt" 2>&1 \
    || { echo "error: this transformers has no 'serve' command; its answer:" >&2; cat "$out/serve-help.txt" >&2; exit 1; }
  # The model is a positional argument in transformers 5, --force-model before; --model-timeout
  # (unload when idle) matters only before.
  local args=(serve --continuous-batching --host 127.0.0.1 --port "$port" --log-level warning)
  if grep -q -- '--force-model' "$out/serve-help.txt"; then
    args+=(--force-model "$model_dir")
    if grep -q -- '--model-timeout' "$out/serve-help.txt"; then args+=(--model-timeout 86400); fi
  else
    args+=("$model_dir")
  fi
  log "starting: transformers ${args[*]} ($(python3 -c 'import transformers; print(transformers.__version__)'))"
  transformers_cli "${args[@]}" >> "$out/server.log" 2>&1 &
  server_pid=$!
}

label=""
case "$mode" in
  cpu)
    model_file="${HAI_MODEL:-$HOME/.cache/hai/models/SmolLM2-135M-Instruct.Q4_1.gguf}"
    [[ -f "$model_file" ]] || { echo "error: no model at $model_file: run scripts/fetch-model.sh" >&2; exit 1; }
    python3 -c 'import llama_cpp.server' 2>/dev/null \
      || { echo "error: llama-cpp-python[server] is not installed (.ci/run installs it)" >&2; exit 1; }
    threads="$(nproc)"
    log "starting llama-cpp-python's server on 127.0.0.1:$port ($threads threads)"
    python3 -m llama_cpp.server --model "$model_file" --model_alias smollm2 --host 127.0.0.1 --port "$port" \
      --n_ctx 2048 --n_threads "$threads" --interrupt_requests False --verbose False > "$out/server.log" 2>&1 &
    server_pid=$!
    url="http://127.0.0.1:$port/v1"
    model_name=smollm2
    await_ready "$url" "$model_name" 120 || { echo "error: the server's answer has no usage.completion_tokens" >&2; exit 1; }
    label="CPU smoke: llama-cpp-python $(python3 -c 'import llama_cpp; print(llama_cpp.__version__)') server,"
    label+=" SmolLM2-135M-Instruct Q4_1, $(nproc) CPU threads, $(uname -m)"
    ;;
  external)
    [[ -n "$model_name" ]] || { echo "error: --url needs --model NAME" >&2; exit 1; }
    await_ready "$url" "$model_name" 60 || { echo "error: the server's answer has no usage.completion_tokens" >&2; exit 1; }
    label="external server $url, model $model_name"
    ;;
  gpu)
    command -v nvidia-smi >/dev/null || { echo "error: no nvidia-smi: not a GPU machine (use --cpu here)" >&2; exit 1; }
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
    python3 - <<'PY' | tee -a "$out/gpu.txt"
import torch, transformers
print(f"torch {torch.__version__} (CUDA {torch.version.cuda}, available: {torch.cuda.is_available()}), transformers {transformers.__version__}")
assert torch.cuda.is_available(), "torch sees no CUDA device"
PY
    # transformers serve's dependencies: install the missing or too old ones from carry/wheels.
    missing="$(python3 - <<'PY'
import importlib, importlib.metadata as md
need = {"openai": ((1, 98), "openai>=1.98,<2"), "pydantic": ((2, 0), "pydantic>=2"), "fastapi": ((0, 0), "fastapi"),
        "starlette": ((0, 0), "starlette"), "uvicorn": ((0, 0), "uvicorn"), "rich": ((0, 0), "rich"),
        "accelerate": ((1, 1), "accelerate>=1.1")}
missing = []
for name, (least, spec) in need.items():
    try:
        importlib.import_module(name)
        if tuple(int(p) for p in md.version(name).split(".")[:2] if p.isdigit()) < least:
            missing.append(spec)
    except Exception:
        missing.append(spec)
print(" ".join(missing))
PY
)"
    if [[ -n "$missing" ]]; then
      # shellcheck disable=SC2086
      install_carried $missing
    else
      echo "transformers serve's dependencies: all present" | tee -a "$out/gpu.txt"
    fi
    if [[ -z "$model_dir" ]]; then
      [[ -d "$carry/model-spec" ]] || { echo "error: no $carry/model-spec: run benchmarks/gpu/pack.sh" >&2; exit 1; }
      cp -r "$carry/model-spec" "$work/spec"
      if [[ -f "$work/spec/tokenizer.json.gz" ]]; then gunzip "$work/spec/tokenizer.json.gz"; fi
      log "building the model (spec's architecture, random weights)"
      python3 "$carry/make_model.py" "$work/spec" "$work/model" | tee -a "$out/gpu.txt"
      model_dir="$work/model"
      label_model="SmolLM2-135M architecture with random weights (bf16)"
    else
      label_model="$(basename "$model_dir")"
    fi
    url="http://127.0.0.1:$port/v1"
    model_name="$model_dir"
    start_transformers_serve
    ready=0
    await_ready "$url" "$model_name" 600 || ready=$?
    if [[ $ready -eq 3 ]]; then
      echo "transformers $(python3 -c 'import transformers; print(transformers.__version__)') serve answers without token usage" \
        | tee -a "$out/gpu.txt"
      if ! ls "$carry"/wheels/transformers-*.whl >/dev/null 2>&1; then
        echo "error: the driver needs usage.completion_tokens; pack with pack.sh --with-transformers" >&2
        exit 1
      fi
      stop_server
      install_carried_transformers
      start_transformers_serve
      ready=0
      await_ready "$url" "$model_name" 600 || ready=$?
      [[ $ready -eq 0 ]] || { echo "error: the carried transformers answers without usage too" >&2; exit 1; }
    fi
    nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 1 > "$out/gpu-util.csv" 2>/dev/null &
    smi_pid=$!
    label="GPU: $(nvidia-smi --query-gpu=name --format=csv,noheader | head -1), transformers"
    label+=" $(python3 -c 'import transformers; print(transformers.__version__)') serve --continuous-batching, $label_model"
    ;;
esac

log "driver: concurrency $concurrency, $rounds round(s) of $duration s per side, max_tokens $max_tokens"
status=0
"$java" -jar "$jar" --url "$url" --model "$model_name" --concurrency "$concurrency" --rounds "$rounds" \
  --duration "$duration" --max-tokens "$max_tokens" --mix "$mix" --scheduling fifo,priority --capacity "$capacity" \
  --saturation-duration "$saturation" --label "$label" --out "$out/serving-bench.json" ${extra[@]+"${extra[@]}"} \
  || status=$?
log "done (driver exit status $status); results in $out"
exit "$status"
