#!/bin/sh
# check-libreoffice.sh OUTDIR FILE.csv... — open each ';' CSV file as LibreOffice Calc
# does with its import dialog's default options in a new profile, where the comma is
# ticked as a separator too (filter token 1: 59/44, ';' and ','; token 2: 34, '"'
# quotes text; token 3: 76, UTF-8; token 4: 1, from the first line), and write the
# cells it reads to OUTDIR/NAME.csv, one line per row, a tab between cells, text
# quoted: what a person would see in the sheet. The Go test
# (server/libreoffice_test.go) compares them with the cells written.
#
# Needs soffice (apt-get install libreoffice-calc-nogui); CI does not install it, and
# the Go test skips without it.
#
# LO_LANGUAGE=1036 (a Microsoft language id: 1036 is fr-FR) imports as a French
# installation does; by default, the installation's own language.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: [LO_LANGUAGE=1036] $0 OUTDIR FILE.csv..." >&2
	exit 2
fi
lcid=${LO_LANGUAGE:-}
out=$1
shift
command -v soffice >/dev/null || { echo "$0: soffice not found: apt-get install libreoffice-calc-nogui" >&2; exit 3; }
mkdir -p "$out"
# A profile of its own: the defaults of a new installation, and no lock shared with
# another soffice running.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless \
	--infilter="CSV:59/44,34,76,1,,$lcid" \
	--convert-to "csv:Text - txt - csv (StarCalc):9,34,76,1,,${lcid:-0},true,true,true" \
	--outdir "$out" "$@" >/dev/null
for f in "$@"; do
	[ -s "$out/$(basename "$f")" ] || { echo "$0: LibreOffice did not convert $f" >&2; exit 1; }
done
