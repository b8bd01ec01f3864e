#!/bin/sh
# The demo "service" pbrun's example playbooks deploy and restart: it keeps its state in a file
# instead of running a daemon, so it works for any unprivileged user on any host.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=${APP_ROOT:-$HOME/pbrun-demo/app}
state=$root/shared/state
mkdir -p "$root/shared"
case "${1:-}" in
    --check)
        test -r "$here/app.conf" && grep -q '^version=' "$here/app.conf"
        echo "release in $here looks sound"
        ;;
    --restart)
        version=$(sed -n 's/^version=//p' "$here/app.conf")
        printf 'status=running\nversion=%s\nsince=%s\n' "$version" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$state.tmp"
        mv "$state.tmp" "$state"
        echo "restarted version $version"
        ;;
    --stop)
        printf 'status=stopped\n' > "$state"
        ;;
    --status)
        cat "$state"
        ;;
    *)
        echo "usage: app.sh --check|--restart|--stop|--status" >&2
        exit 2
        ;;
esac
