#!/bin/sh
if [ "$1" = "--list" ]; then
  echo '{"web": {"hosts": ["web1", "web9"], "vars": {"origin": "dynamic"}}, "_meta": {"hostvars": {"web9": {"new": true}}}}'
else
  echo '{}'
fi
