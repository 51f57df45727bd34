#!/usr/bin/env bash
# Prepares a faster-starting form of the server jar: the jar extracted into plain jars
# (DIR/docvault-server.jar and DIR/lib/), and a class data sharing archive (DIR/docvault.jsa) of
# the classes a start loads, recorded with deploy/jvm.options. Start it with the same options:
#   java @deploy/jvm.options -XX:SharedArchiveFile=DIR/docvault.jsa -jar DIR/docvault-server.jar
# or, for another main class, -cp DIR/docvault-server.jar io.docvault.server.CommandSideApplication.
# The archive belongs to the JVM that made it: a different java binary ignores it (with a warning)
# and starts as without it.
#
# Usage: deploy/cds-archive.sh JAR DIR [OPTIONS_FILE]
#   OPTIONS_FILE  the JVM options the archive will be started with (a java @file; "-" for none);
#                 default deploy/jvm.options beside this script
#
# The training run starts the server once, on an embedded PostgreSQL in a temporary directory (so it
# never touches a real database), waits until it serves, and stops it; the JVM writes the archive as
# it exits. Environment: CDS_TRAINING_TIMEOUT seconds to wait for the start (default 180).
set -euo pipefail
# The units run as another user than the one deploying: everything written here must be readable.
umask 022

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
jar=$1
dir=$2
options_file=${3:-$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)/jvm.options}
timeout=${CDS_TRAINING_TIMEOUT:-180}
[ -f "$jar" ] || { echo "cds-archive.sh: $jar not found" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir"
# The archive records the jars' paths as the training run names them, and a start that names them
# otherwise does not use it: name them by their real path, as deploy/docvault-server.sh does.
dir=$(cd "$dir" && pwd -P)
java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # The embedded PostgreSQL is its own process: stop it (fast shutdown) if the server could not.
  local postmaster
  if [ -f "$work/pgdata/postmaster.pid" ]; then
    postmaster=$(head -n 1 "$work/pgdata/postmaster.pid")
    kill -INT "$postmaster" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$postmaster" 2>/dev/null || break
      sleep 0.2
    done
  fi
  rm -rf "$work" || true
}
trap cleanup EXIT

# The training run uses the JVM options the archive will start with (the garbage collector among them).
options=()
if [ "$options_file" != "-" ]; then
  [ -f "$options_file" ] || { echo "cds-archive.sh: $options_file not found" >&2; exit 1; }
  options=("@$(CDPATH='' cd -- "$(dirname -- "$options_file")" && pwd -P)/$(basename -- "$options_file")")
fi
# Port 0: the training run takes any free port and serves nobody.
env -u DOCVAULT_DB_URL -u DOCVAULT_REDIS_URL \
  DOCVAULT_DB_EMBEDDED_DATA_DIR="$work/pgdata" DOCVAULT_GRPC_PORT=0 DOCVAULT_METRICS_ENABLED=false \
  java ${options[@]+"${options[@]}"} -XX:ArchiveClassesAtExit="$dir/docvault.jsa" -jar "$dir/docvault-server.jar" >"$work/training.log" 2>&1 &
pid=$!
deadline=$((SECONDS + timeout))
until grep -qs 'Started DocVaultApplication' "$work/training.log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "cds-archive.sh: the training run did not start; its log:" >&2
    tail -n 40 "$work/training.log" >&2
    exit 1
  fi
  sleep 0.2
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
# A JVM stopped by SIGTERM exits 143 after its shutdown hooks; the archive is written on the way out.
if [ ! -s "$dir/docvault.jsa" ]; then
  echo "cds-archive.sh: no archive written (training run exited $status); its log:" >&2
  tail -n 40 "$work/training.log" >&2
  exit 1
fi
echo "cds-archive.sh: $dir/docvault-server.jar with $dir/docvault.jsa ($(du -h "$dir/docvault.jsa" | cut -f1))"
