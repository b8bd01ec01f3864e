#!/usr/bin/env bash
# Regenerates valid/*/expected-list.json with the real `ansible-inventory --list` (ansible-core from
# PyPI), the reference for what an inventory means. See README.md.
set -euo pipefail
ANSIBLE_INVENTORY=${ANSIBLE_INVENTORY:-/tmp/ansible-venv/bin/ansible-inventory}
cd "$(dirname "$0")/valid"
export ANSIBLE_HOME=${ANSIBLE_HOME:-/tmp/ansible-home} ANSIBLE_NOCOLOR=1 ANSIBLE_INVENTORY_UNPARSED_FAILED=1
for case in */; do
    case=${case%/}
    args=()
    if [[ -f $case/sources ]]; then
        while IFS= read -r source; do [[ -n $source ]] && args+=(-i "$source"); done < "$case/sources"
    else
        for candidate in inventory.ini inventory.yml inventory.yaml inventory.json inventory.sh inventory; do
            if [[ -e $case/$candidate ]]; then args+=(-i "$candidate"); break; fi
        done
    fi
    (cd "$case" && "$ANSIBLE_INVENTORY" "${args[@]}" --list > expected-list.json 2> ansible-stderr.txt) \
        || { echo "ansible-inventory failed for $case:"; cat "$case/ansible-stderr.txt"; exit 1; }
    rm -f "$case/ansible-stderr.txt"
    echo "$case"
done
