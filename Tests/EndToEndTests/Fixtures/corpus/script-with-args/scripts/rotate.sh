#!/bin/sh
# rotate.sh DIR "keep N": keeps the N newest logs of DIR.
set -eu
dir=$1
keep=${2#keep }
ls -1 "$dir"/*.log | sort | head -n -"$keep" | xargs -r rm -f
echo "kept $(ls -1 "$dir" | wc -l) in $dir" | tee "$dir/../rotated"
