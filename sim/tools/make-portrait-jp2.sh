#!/bin/sh
# Remakes vectors/cards/portrait.jp2, the JPEG 2000 portrait of the virtual card's
# "photo_format": "jpeg2000" profile (profile-j2k.json), from the JPEG portrait.
# Needs ImageMagick (convert) and openjpeg's opj_compress (Debian: libopenjp2-tools).
# Rate 40 keeps the file under 30 KB, the size of a real card's DG2.
set -eu
cards=$(dirname "$0")/../../vectors/cards
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
convert "$cards/portrait.jpg" "$tmp/portrait.ppm"
opj_compress -i "$tmp/portrait.ppm" -o "$tmp/portrait.jp2" -r 40 >/dev/null
cp "$tmp/portrait.jp2" "$cards/portrait.jp2"
