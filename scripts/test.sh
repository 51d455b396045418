#!/usr/bin/env bash
# `pnpm test`: the whole suite (unit, integration on the real Postgres and Redis, end-to-end,
# browser). Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
exec pnpm exec vitest run "$@"
