#!/usr/bin/env bash
# Regenerates, for every valid/CASE, what the real Ansible (ansible-core from PyPI) prints for it, the
# reference for what an inventory means (see README.md):
#   expected-list.json   ansible-inventory --list
#   expected-graph.txt   ansible-inventory --graph
#   expected-hosts.txt   ansible PATTERN --list-hosts [--limit LIMIT], for each line of `patterns`
#                        (PATTERN, or PATTERN<TAB>LIMIT), each block headed by `# PATTERN<TAB>LIMIT`
#   expected-host-variables.txt  ansible-inventory --host NAME, for each line of `host-variables`, each
#                        block headed by `# NAME` (the implicit localhost's too, which --list leaves out)
set -euo pipefail
ANSIBLE_BIN=${ANSIBLE_BIN:-/tmp/ansible-venv/bin}
cd "$(dirname "$0")/valid"
export ANSIBLE_HOME=${ANSIBLE_HOME:-/tmp/ansible-home} ANSIBLE_NOCOLOR=1 ANSIBLE_INVENTORY_UNPARSED_FAILED=1
for case in */; do
    case=${case%/}
    args=()
    if [[ -f $case/sources ]]; then
        while IFS= read -r source; do [[ -n $source ]] && args+=(-i "$source"); done < "$case/sources"
    else
        for candidate in inventory.ini inventory.yml inventory.yaml inventory.json inventory.toml inventory.sh \
                         inventory; do
            if [[ -e $case/$candidate ]]; then args+=(-i "$candidate"); break; fi
        done
    fi
    (
        cd "$case"
        fail() { echo "ansible failed for $case:"; cat ansible-stderr.txt; rm -f ansible-stderr.txt; exit 1; }
        "$ANSIBLE_BIN/ansible-inventory" "${args[@]}" --list > expected-list.json 2> ansible-stderr.txt || fail
        "$ANSIBLE_BIN/ansible-inventory" "${args[@]}" --graph > expected-graph.txt 2> ansible-stderr.txt || fail
        rm -f expected-hosts.txt
        if [[ -f patterns ]]; then
            while IFS=$'\t' read -r pattern limit; do
                [[ -n $pattern ]] || continue
                limit_args=()
                [[ -n ${limit:-} ]] && limit_args=(--limit "$limit")
                printf '# %s\t%s\n' "$pattern" "${limit:-}" >> expected-hosts.txt
                # ansible exits 1 when --limit leaves no host: that is "hosts (0)".
                "$ANSIBLE_BIN/ansible" "$pattern" "${args[@]}" "${limit_args[@]}" --list-hosts \
                    >> expected-hosts.txt 2> ansible-stderr.txt || echo '  hosts (0):' >> expected-hosts.txt
            done < patterns
        fi
        rm -f expected-host-variables.txt
        if [[ -f host-variables ]]; then
            while IFS= read -r host; do
                [[ -n $host ]] || continue
                printf '# %s\n' "$host" >> expected-host-variables.txt
                "$ANSIBLE_BIN/ansible-inventory" "${args[@]}" --host "$host" \
                    >> expected-host-variables.txt 2> ansible-stderr.txt || fail
            done < host-variables
        fi
        rm -f ansible-stderr.txt
    )
    echo "$case"
done
