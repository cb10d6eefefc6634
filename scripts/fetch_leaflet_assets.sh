#!/usr/bin/env bash
# Copy the Leaflet and jQuery files the offline map needs into static/leaflet/.
# Usage (from anywhere): bash scripts/fetch_leaflet_assets.sh
# Needs npm (registry access) and openssl; checks the npm integrity of both tarballs.
set -euo pipefail

LEAFLET_VERSION=1.9.3   # BSD-2-Clause
JQUERY_VERSION=3.7.1    # MIT
LEAFLET_INTEGRITY='sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=='
JQUERY_INTEGRITY='sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg=='

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/leaflet"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

check() {  # check FILE INTEGRITY
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  if [[ "$got" != "$2" ]]; then
    echo "integrity mismatch for $1: $got" >&2
    exit 1
  fi
}

cd "$TMP"
npm pack "leaflet@$LEAFLET_VERSION" "jquery@$JQUERY_VERSION" --silent >/dev/null
check "leaflet-$LEAFLET_VERSION.tgz" "$LEAFLET_INTEGRITY"
check "jquery-$JQUERY_VERSION.tgz" "$JQUERY_INTEGRITY"
mkdir leaflet jquery
tar xzf "leaflet-$LEAFLET_VERSION.tgz" -C leaflet
tar xzf "jquery-$JQUERY_VERSION.tgz" -C jquery

mkdir -p "$DEST/images"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$DEST/"
cp leaflet/package/dist/images/{marker-icon.png,marker-icon-2x.png,marker-shadow.png,layers.png,layers-2x.png} \
  "$DEST/images/"
cp leaflet/package/LICENSE "$DEST/LICENSE-leaflet.txt"
cp jquery/package/dist/jquery.min.js "$DEST/"
cp jquery/package/LICENSE.txt "$DEST/LICENSE-jquery.txt"

# Files are copied byte for byte (leaflet.js still names leaflet.js.map, which is not shipped:
# only browser developer tools ask for it).

echo "copied into $DEST:"
(cd "$DEST" && find . -type f | sort | xargs ls -l)
