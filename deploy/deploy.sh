#!/usr/bin/env bash
# Deploys DocVault on this machine under systemd:
#   1. builds server/target/docvault-server.jar (or takes the jar given with --jar),
#   2. copies it into a new release directory $DOCVAULT_HOME/releases/<time>-<commit>, with the
#      launcher docvault-server.sh and the jar extracted with a class data sharing archive in app/
#      (deploy/cds-archive.sh: one training start on an embedded PostgreSQL, about 15 s),
#   3. switches the $DOCVAULT_HOME/current symlink to it (atomically),
#   4. restarts the unit(s); the application migrates its schema with Flyway at start-up,
#   5. polls gRPC health with the jar's own probe (io.docvault.server.HealthCheck) until SERVING,
#   6. on failure switches current back to the previous release, restarts, and exits non-zero.
#
# Usage: deploy/deploy.sh [--split] [--jar PATH] [--install-units]
#   --split          deploy the split processes (docvault-command, docvault-query) instead of docvault
#   --jar PATH       deploy this jar instead of building one
#   --install-units  copy deploy/systemd/*.service to /etc/systemd/system and enable them first
# Environment: DOCVAULT_HOME (default /opt/docvault), DEPLOY_HEALTH_TIMEOUT seconds per unit (120),
# DEPLOY_KEEP releases to keep (5), DOCVAULT_ENV_FILE (/etc/docvault/docvault.env).
#
# Rolling back runs the previous release against the schema the new one may have migrated: Flyway
# ignores migrations newer than a release knows, so this works as long as migrations only add
# (columns, tables, indexes) and the previous release does not depend on what they changed. Nor can a
# release read event revisions newer than it knows: once a release that introduced new revisions has
# stored events (e.g. the one with event_content, DocumentCreatedEvent 2 and DocumentUpdatedEvent 3),
# roll forward instead of back past it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
home=${DOCVAULT_HOME:-/opt/docvault}
env_file=${DOCVAULT_ENV_FILE:-/etc/docvault/docvault.env}
timeout=${DEPLOY_HEALTH_TIMEOUT:-120}
keep=${DEPLOY_KEEP:-5}
units=(docvault)
jar=
install_units=false

while [ $# -gt 0 ]; do
  case "$1" in
    --split) units=(docvault-command docvault-query) ;;
    --jar) jar=$2; shift ;;
    --install-units) install_units=true ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '== %s\n' "$*"; }

# The gRPC port a unit serves on: its per-process environment file, else the shared one (one-process
# unit only), else the application's default.
grpc_port() {
  local unit=$1 file value
  for file in "/etc/docvault/$unit.env" $([ "$unit" = docvault ] && echo "$env_file"); do
    if [ -r "$file" ]; then
      value=$(sed -n 's/^DOCVAULT_GRPC_PORT=//p' "$file" | tail -n 1)
      [ -n "$value" ] && { echo "$value"; return; }
    fi
  done
  case "$unit" in
    docvault-query) echo 50052 ;;
    *) echo 50051 ;;
  esac
}

healthy() {
  local unit=$1 port deadline
  port=$(grpc_port "$unit")
  deadline=$((SECONDS + timeout))
  while [ $SECONDS -lt $deadline ]; do
    if java -Dloader.main=io.docvault.server.HealthCheck -jar "$home/current/docvault-server.jar" \
        "127.0.0.1:$port" >/dev/null 2>&1; then
      log "$unit SERVING on port $port"
      return 0
    fi
    sleep 2
  done
  log "$unit not SERVING on port $port after ${timeout}s"
  systemctl status --no-pager --lines=20 "$unit" || true
  return 1
}

restart_and_check() {
  local unit
  systemctl restart "${units[@]}"
  for unit in "${units[@]}"; do
    healthy "$unit" || return 1
  done
}

# The launcher the units start, and the extracted jars with their archive (a release deployed before
# the launcher existed gets both too). The archive only makes the start faster: without it the
# launcher starts from the jar, so failing to make it fails nothing.
prepare_release() {
  local dir=$1
  install -m 0755 "$repo/deploy/docvault-server.sh" "$dir/docvault-server.sh"
  if [ ! -s "$dir/app/docvault.jsa" ]; then
    log "class data sharing archive for $dir"
    # Trained with the JVM options the release starts with (none for a release from before they existed).
    local options=-
    if [ -f "$dir/jvm.options" ]; then
      options=$dir/jvm.options
    fi
    if ! "$repo/deploy/cds-archive.sh" "$dir/docvault-server.jar" "$dir/app" "$options"; then
      rm -rf "$dir/app"
      log "no class data sharing archive for $dir: it starts from the jar"
    fi
  fi
}

switch_to() {
  ln -sfn "$1" "$home/current.next"
  mv -T "$home/current.next" "$home/current"
}

if [ -z "$jar" ]; then
  log "building the server jar"
  (cd "$repo" && ./mvnw -B -ntp -q -pl server -am package -DskipTests)
  jar=$repo/server/target/docvault-server.jar
fi
[ -f "$jar" ] || { echo "deploy.sh: no jar at $jar" >&2; exit 1; }

if $install_units; then
  # The units start the current release through its launcher: give one that predates it the launcher.
  if [ -d "$home/current" ]; then
    prepare_release "$(readlink -f "$home/current")"
  fi
  log "installing systemd units"
  install -m 0644 "$repo"/deploy/systemd/*.service /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable "${units[@]}"
fi

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
release=$home/releases/$(date -u +%Y%m%dT%H%M%SZ)-$commit
log "release $release"
install -d "$home/releases" "$release"
install -m 0644 "$jar" "$release/docvault-server.jar"
# A release keeps the JVM options it was deployed with: a rollback starts it with those.
install -m 0644 "$repo/deploy/jvm.options" "$release/jvm.options"
prepare_release "$release"

previous=$(readlink -f "$home/current" 2>/dev/null || true)
# Ready before the restart, so that a rollback to it restarts at once.
if [ -n "$previous" ] && [ -d "$previous" ] && [ "$previous" != "$release" ]; then
  prepare_release "$previous"
fi
switch_to "$release"
log "restarting ${units[*]}"
if restart_and_check; then
  log "deployed $release"
  # Keep the newest $keep releases (and whatever current points to).
  ls -1dt "$home"/releases/*/ | tail -n +$((keep + 1)) | while read -r old; do
    [ "$(readlink -f "$old")" = "$(readlink -f "$home/current")" ] || rm -rf "$old"
  done
  exit 0
fi

if [ -n "$previous" ] && [ -d "$previous" ] && [ "$previous" != "$release" ]; then
  log "rolling back to $previous"
  switch_to "$previous"
  if restart_and_check; then
    log "rolled back to $previous; $release is kept for inspection"
  else
    log "the previous release $previous is not healthy either"
  fi
else
  log "no previous release to roll back to"
fi
exit 1
