#!/bin/sh
echo setup "$@"
