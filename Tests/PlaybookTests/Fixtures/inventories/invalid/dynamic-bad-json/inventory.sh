#!/bin/sh
echo '{"web": ["a",]}'
