#!/bin/sh
# GC proof for `nodeflow start`: see bench/gc-proof.ts for what is measured.
# Usage: bench/gc-proof.sh [--seconds 10] [--warmup 12] [--switches 16] [--macs 100000] [--trivial] [--keep-trace FILE]
# Run from the repository root after `npm run build`.
set -e
cd "$(dirname "$0")/.."
[ -f dist/bench/gc-proof.js ] || { echo "gc-proof: build first (npm run build)" >&2; exit 1; }
exec node dist/bench/gc-proof.js "$@"
