#!/usr/bin/env bash
# The benchmark of docs/performance.md: Keycloak + the extension on PostgreSQL (127.0.0.1:5432), measured
# against plain Keycloak in the same run. About 25 minutes on 2 cores (-Dbench.only=tokens: about 13, with the
# public-key comparison; -Dbench.only=keys: that comparison alone, about 6). Options, e.g.:
#   ./bench.sh -Dbench.rounds=5 -Dbench.round-seconds=10 -Dbench.concurrency=16 -Dbench.large-organizations=2000
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -q -Pbench -DskipTests package -pl benchmark -am "$@"
