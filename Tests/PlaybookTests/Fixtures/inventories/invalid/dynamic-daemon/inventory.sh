#!/bin/sh
# Leaves a child behind that holds standard output open, as a script that starts a daemon does.
sleep 60 &
echo '{"web": ["w1"]}'
