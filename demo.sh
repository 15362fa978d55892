#!/usr/bin/env bash
# Starts Keycloak 26.7.3 with the extension on its embedded H2 database and a ready realm "demo".
# Keycloak itself comes from the Maven repository, like the tests. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -q -Pdemo -DskipTests package -pl demo -am "$@"
