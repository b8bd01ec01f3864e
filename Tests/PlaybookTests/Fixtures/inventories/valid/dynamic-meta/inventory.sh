#!/bin/sh
if [ "$1" = "--list" ]; then
cat <<'EOF'
{
  "web": {"hosts": ["web1", "web2"], "vars": {"http_port": 80}},
  "db": ["db1"],
  "prod": {"children": ["web", "db"], "vars": {"env": "prod"}},
  "_meta": {"hostvars": {"web1": {"ansible_host": "10.0.0.1", "weight": 2.5}, "db1": {"tags": ["a", "b"]}}}
}
EOF
else
  echo '{}'
fi
