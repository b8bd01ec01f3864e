#!/bin/sh
case "$1" in
  --list) echo '{"app": {"hosts": ["app1", "app2"]}, "solo": {"hosts": ["solo1"], "vars": {"v": null}}}' ;;
  --host)
    case "$2" in
      app1) echo '{"ansible_host": "10.9.0.1", "nested": {"a": [1, true]}}' ;;
      app2) echo '{}' ;;
      *) echo '{"default": 1}' ;;
    esac ;;
  *) exit 2 ;;
esac
