#!/usr/bin/env bash
# Build the reader's site: newscli's decisions and Hugo's pages, both at one moment.
#
#   site/build.sh [DESTINATION]        default: site/public
#
# NEWSCLI (default: newscli on PATH) is the program; NEWSCLI_NOW, when set, is the moment (as for
# every newscli command), else the system clock, read once: `newscli export` writes it into
# site/data/newscli.json, to the second, and Hugo gets the same one as --clock.
# Hugo builds into a new folder beside DESTINATION, which replaces DESTINATION only once the build
# succeeded: a failure exits non-zero and leaves the last good site as it was. Needs Hugo 0.111+.
set -euo pipefail
site=$(cd "$(dirname "$0")" && pwd)
newscli=${NEWSCLI:-newscli}
destination=${1:-$site/public}
destination=${destination%/}
data=$site/data/newscli.json

cd "$site/.."  # the project: newscli.toml is found from here
"$newscli" export --quiet --output "$data"
clock=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["now"])' "$data")

mkdir -p "$(dirname "$destination")"
building=$(mktemp -d "$destination.building.XXXXXX")
trap 'rm -rf "$building" "$building.old" "$building.log"' EXIT
# Hugo 0.111 prints its errors on stdout, among its statistics: shown only when the build fails.
if ! hugo --source "$site" --destination "$building" --clock "$clock" >"$building.log" 2>&1; then
    cat "$building.log" >&2
    echo "site/build.sh: the Hugo build failed; $destination is left as it was" >&2
    exit 1
fi
chmod 755 "$building"  # mktemp made it private; the web server reads it
if [ -e "$destination" ]; then
    mv -T "$destination" "$building.old"
fi
mv -T "$building" "$destination"
