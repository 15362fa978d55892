#!/usr/bin/env bash
# The benchmark of docs/performance.md: Keycloak + the extension on a PostgreSQL server of its own (Debian's
# initdb/pg_ctl, with pg_stat_statements), measured against plain Keycloak in the same run. About 45 minutes on 2
# cores (-Dbench.only=tokens: the single-client comparisons, about 15; -Dbench.only=keys: the public-key comparison
# alone, about 6; -Dbench.only=spread: thousands of clients a side, the SQL per token, admin calls, about 25).
# Options, e.g.:
#   ./bench.sh -Dbench.rounds=5 -Dbench.round-seconds=10 -Dbench.concurrency=16 -Dbench.spread=3000,20000
#   ./bench.sh -Dbench.only=spread "-Dbench.keycloak-options=--cache-embedded-realms-max-count=200000"
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -q -Pbench -DskipTests package -pl benchmark -am "$@"
