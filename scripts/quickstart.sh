#!/usr/bin/env bash
# HAI quickstart: fetches the default local model (once), builds the examples and runs QuickStart:
# clinical calls to a model running in this process, through the whole governed pipeline (versioned
# prompt, in-process policy, cost and budget, kill switches, audit trail). Needs a JDK 17+ and python3.
#
# HAI_MODEL=/path/to/model.gguf runs it on that GGUF file instead of the default model (an existing
# file is used as it is). Extra Maven options can be passed in MAVEN_ARGS, for example MAVEN_ARGS=-o
# to build offline.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -n "${HAI_MODEL:-}" && -f "$HAI_MODEL" ]]; then
  echo "using the model at HAI_MODEL=$HAI_MODEL" >&2   # the user's own file: not fetched, not replaced
else
  scripts/fetch-model.sh
fi

echo "building the examples ..." >&2
# A build plugin prints SLF4J's "no providers" notice about Maven's own logging; drop only that.
# shellcheck disable=SC2086  # MAVEN_ARGS is a list of options
./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -pl examples -am package </dev/null 2>&1 | { grep -v '^SLF4J(W)' || true; }

exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.hai.examples.QuickStart
