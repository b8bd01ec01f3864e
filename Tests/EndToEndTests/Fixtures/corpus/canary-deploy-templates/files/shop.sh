#!/bin/sh
# The shop "service": it keeps its state in files instead of running a daemon.
set -eu
root=$(cd -P "$(dirname "$0")/../.." && pwd)
case "${1:-}" in
    status) test -f "$root/etc/shop.conf" && echo "shop $(cat "$root/VERSION" 2>/dev/null || echo new) up" ;;
    restart) echo "restarted $(sed -n 's/^release = //p' "$root/etc/shop.conf")" > "$root/restarted"; echo restarted ;;
    *) echo "usage: shop.sh status|restart" >&2; exit 2 ;;
esac
