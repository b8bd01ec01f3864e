#!/bin/sh
if [ "$1" = "--list" ]; then
  echo '{"listed": ["h1", "h2"], "shorthand": {"var_only": "yes"}, "all": {"vars": {"g": 1}}, "_meta": {"hostvars": {}}}'
else
  echo '{}'
fi
