#!/usr/bin/env bash
# Regenerates expected-list.json: what the real Ansible (ansible-core from PyPI) makes of an inventory
# whose folder and whose playbook's folder both hold group_vars/ and host_vars/.
set -euo pipefail
ANSIBLE_BIN=${ANSIBLE_BIN:-/tmp/ansible-venv/bin}
cd "$(dirname "$0")"
export ANSIBLE_HOME=${ANSIBLE_HOME:-/tmp/ansible-home} ANSIBLE_NOCOLOR=1
"$ANSIBLE_BIN/ansible-inventory" -i inventory/hosts.ini --playbook-dir playbooks --list 2>/dev/null \
    > expected-list.json
