#!/usr/bin/env bash
# HAI quickstart: fetches the default local model (once), builds the examples and runs QuickStart:
# clinical calls to a model running in this process, through the whole governed pipeline (versioned
# prompt, in-process policy, cost and budget, kill switches, audit trail). Needs a JDK 17+ and python3.
#
# Extra Maven options can be passed in MAVEN_ARGS, for example MAVEN_ARGS=-o to build offline.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/fetch-model.sh

echo "building the examples ..." >&2
# A build plugin prints SLF4J's "no providers" notice about Maven's own logging; drop only that.
# shellcheck disable=SC2086  # MAVEN_ARGS is a list of options
./mvnw -q -B ${MAVEN_ARGS:-} -DskipTests -pl examples -am package </dev/null 2>&1 | { grep -v '^SLF4J(W)' || true; }

exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.hai.examples.QuickStart
