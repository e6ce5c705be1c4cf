#!/usr/bin/env bash
# Embedded store candidates on a run's write path (see EmbeddedStoreBench.java).
#   bench/store/embedded_store_bench.sh [ROWS]   (default 1000000)
# Needs the drivers in the local Maven repository: DuckDB (the build has it) and H2, which the
# build no longer uses (mvn dependency:get -Dartifact=com.h2database:h2:2.3.232).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
M2="${M2:-$HOME/.m2/repository}"
CP="$M2/org/duckdb/duckdb_jdbc/${DUCKDB_VERSION:-1.5.6.0}/duckdb_jdbc-${DUCKDB_VERSION:-1.5.6.0}.jar:$M2/com/h2database/h2/2.3.232/h2-2.3.232.jar"
java -Xmx2g -cp "$CP" "$here/EmbeddedStoreBench.java" "${1:-1000000}"
