#!/usr/bin/env bash
# The nightly publication, from a git clone of the news repository:
# pull, archive --commit, push, export and build, publish.
#
#   site/nightly.sh WEBROOT
#
# WEBROOT is the symbolic link the web server serves (e.g. /srv/nyheter/www; it must be a link, or
# not exist yet). Each night's site is built into a new folder beside it, WEBROOT.builds/<time>, and
# the link is switched to it with one rename, only when every step before succeeded. Any failure (a
# pull that conflicts, a refused or failed archive, a rejected push, an export or build error) stops
# here with a non-zero exit, and readers keep the last published site. The last seven builds are kept.
# Silent when all went well (cron mails only problems).
# NEWSCLI: the program (default: newscli on PATH). See docs/site.md.
set -euo pipefail
webroot=${1:?usage: site/nightly.sh WEBROOT}
webroot=${webroot%/}
cd "$(dirname "$0")/.."
newscli=${NEWSCLI:-newscli}
builds=$webroot.builds
say() { echo "nightly: $*" >&2; }

if ! git pull --rebase --quiet; then
    git rebase --abort >/dev/null 2>&1 || true
    say "git pull failed (a conflict with the remote?); nothing archived, nothing published"
    exit 1
fi
if ! "$newscli" archive --commit --quiet --wait 600; then
    say "newscli archive --commit failed (see above); nothing pushed, nothing published"
    exit 1
fi
if ! git push --quiet; then
    say "git push failed (the remote moved on?); the archive commit stays local and goes with the next run; nothing published"
    exit 1
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if ! NEWSCLI=$newscli site/build.sh "$builds/$stamp"; then
    say "the site build failed (see above); readers keep the last published site"
    exit 1
fi
ln -sfn "$builds/$stamp" "$webroot.next"
mv -T "$webroot.next" "$webroot"
find "$builds" -mindepth 1 -maxdepth 1 -type d | sort | head -n -7 | xargs -r rm -rf --
