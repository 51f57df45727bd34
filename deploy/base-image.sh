#!/usr/bin/env bash
# Builds a container base image with Debian 12 (bookworm) and the OpenJDK 17 JRE from Debian's package
# mirror, as an image tarball in the format `docker save` writes, for machines that reach a Debian
# mirror but no container registry. Jib takes it as base image through its tar:// prefix:
#
#   deploy/base-image.sh target/base-image/jre17.tar
#   ./mvnw -pl server -am package jib:buildTar -Djib.containerize=io.docvault:docvault-server \
#       -Djib.from.image=tar://$PWD/target/base-image/jre17.tar
#
# Needs root (debootstrap, chroot); installs debootstrap with apt-get when it is missing.
set -euo pipefail

out=${1:-target/base-image/jre17.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}

if [ "$(id -u)" -ne 0 ]; then
  echo "base-image.sh: needs root (debootstrap and chroot)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
fi

arch=$(dpkg --print-architecture)
work=$(mktemp -d)
cleanup() {
  for fs in proc sys dev/pts dev; do
    umount "$work/rootfs/$fs" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

rootfs=$work/rootfs
debootstrap --variant=minbase --arch="$arch" \
  --include=openjdk-17-jre-headless,ca-certificates,tzdata \
  "$suite" "$rootfs" "$mirror"

# What a runtime image does not need: package caches, documentation, manual pages.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*
java_home=$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java" | sed "s|^$rootfs||")")")
[ -n "$java_home" ] || { echo "base-image.sh: no java in the image" >&2; exit 1; }

image=$work/image
mkdir -p "$image"
tar --numeric-owner -C "$rootfs" -cf "$image/layer.tar" .
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
cat > "$image/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
cat > "$image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["docvault/base-jre17:$suite"],"Layers":["layer.tar"]}]
JSON

mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out" manifest.json config.json layer.tar
echo "base image $out ($(du -h "$out" | cut -f1), JAVA_HOME=$java_home)"
