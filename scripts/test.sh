#!/usr/bin/env bash
# `pnpm test`: the whole suite (unit, integration on the real Postgres and Redis, end-to-end,
# browser). Extra arguments go to vitest; NEWSLINE_TEST_REPORT=FILE also writes vitest's JSON report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
report=()
if [ -n "${NEWSLINE_TEST_REPORT:-}" ]; then
  report=(--reporter=default --reporter=json "--outputFile.json=${NEWSLINE_TEST_REPORT}")
fi
exec pnpm exec vitest run "${report[@]}" "$@"
