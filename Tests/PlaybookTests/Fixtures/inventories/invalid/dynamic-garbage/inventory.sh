#!/bin/sh
printf "\377\376{ not json"
