#!/bin/sh
# Starts a DocVault server process from the release directory this script lies in (deploy/deploy.sh
# copies it there): the main class given, by default the one-process server, e.g.
#   docvault-server.sh io.docvault.server.CommandSideApplication
# With app/docvault.jsa (deploy/cds-archive.sh) it starts from the extracted jars with that class
# data sharing archive, in about a third of the time; without it from the release's docvault-server.jar.
# The JVM gets the release's jvm.options (deploy/jvm.options), then JAVA_OPTS, split at spaces (not
# expanded as file names); further arguments go to the application.
set -euf
release=$(CDPATH='' cd -- "$(dirname -- "$(readlink -f -- "$0")")" && pwd -P)
main=io.docvault.server.DocVaultApplication
if [ $# -gt 0 ]; then
  main=$1
  shift
fi
# A release deployed before jvm.options existed starts without it.
if [ -f "$release/jvm.options" ]; then
  # shellcheck disable=SC2086
  java_with_options() { exec java "@$release/jvm.options" ${JAVA_OPTS:-} "$@"; }
else
  # shellcheck disable=SC2086
  java_with_options() { exec java ${JAVA_OPTS:-} "$@"; }
fi
if [ -f "$release/app/docvault.jsa" ]; then
  java_with_options -XX:SharedArchiveFile="$release/app/docvault.jsa" \
    -cp "$release/app/docvault-server.jar" "$main" "$@"
fi
java_with_options -Dloader.main="$main" -jar "$release/docvault-server.jar" "$@"
