#!/bin/sh
# Prepare and serve an OSRM road service for metropolitan France, for
# `medibus plan --osrm http://localhost:5000` (travel.provider osrm).
#
#   scripts/osrm/france.sh /srv/osrm     # download, preprocess (once), then serve
#
# Resources, from OSRM's wiki "Disk and Memory Requirements" (v5.26, car profile:
# the planet's 61 GiB .pbf needs 415 GiB of RAM to extract, 220 GiB to partition,
# 174 GiB to customize, about 123 GiB to serve, "sizes scale roughly linear with input
# data size"): Geofabrik's France extract (about 4.5 GB of .pbf, 7 % of the planet)
# needs about 31 GiB to extract, 16 GiB to partition, 13 GiB to customize and 9 GiB
# to serve, and some 25 GB of disk. The wiki states no preprocessing time. A data
# point: osrm-extract of Turkey's 290 MB extract took "a few minutes (maybe 5)" on a
# 2-core, 16 GB laptop (Project-OSRM/osrm-backend#5705); scaled by the size of the
# input, France's extract takes of the order of an hour or two on 2 cores, partition
# and customize each about as long again: plan on 2 to 5 hours for the whole
# preprocessing on a small server with the memory above (an estimate, not measured
# here: this machine has neither Docker nor the extract). Swap makes it far slower.
# OSRM's data and this extract are © OpenStreetMap contributors, ODbL 1.0.
set -eu
dir=${1:-./osrm-data}
image=ghcr.io/project-osrm/osrm-backend:v5.27.1
extract=france-latest
mkdir -p "$dir"
cd "$dir"
if [ ! -f "$extract.osm.pbf" ]; then
	curl -fL -o "$extract.osm.pbf.part" "https://download.geofabrik.de/europe/$extract.osm.pbf"
	mv "$extract.osm.pbf.part" "$extract.osm.pbf"
fi
run() { docker run --rm -t -v "$PWD:/data" "$image" "$@"; }
if [ ! -f "$extract.osrm.mldgr" ]; then
	run osrm-extract -p /opt/car.lua "/data/$extract.osm.pbf"
	run osrm-partition "/data/$extract.osrm"
	run osrm-customize "/data/$extract.osrm"
fi
# routing/osrm sends at most 100 coordinates a request (osrm.Options
# MaxPointsPerRequest), OSRM's default --max-table-size.
exec docker run --rm -p 5000:5000 -v "$PWD:/data" "$image" \
	osrm-routed --algorithm mld --max-table-size 100 "/data/$extract.osrm"
