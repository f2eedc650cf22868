#!/usr/bin/env bash
# Started by playwright.config.ts (webServer): builds the server and runs it on
# a fresh database with the demo data. IMAGESHARE_ADMIN_PASSWORD, E2E_ADDR and
# E2E_API_ADDR (the API listener, for the SDK specs) come from the config.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each port has its own database, so two suites (E2E_PORT) can run side by side.
DATA="e2e/.data/${E2E_PORT:-8181}"
rm -rf "$DATA"
mkdir -p "$DATA" bin
go build -o bin/imageshare ./cmd/imageshare
# Many specs sign in from 127.0.0.1, some on purpose with wrong passwords: the
# per-address limit is raised so they cannot lock each other out; the
# per-username limit (5) stays, and the rate-limit spec uses its own username.
# One log line per request (or API call) would drown the test report: only
# other lines (start-up, errors, shutdown) reach Playwright's output.
exec bin/imageshare --addr "${E2E_ADDR:?}" --db "$DATA/e2e.db" --storage "file://$DATA/images" --demo --login-ip-limit 10000 --job-tick 400ms --api-addr "${E2E_API_ADDR:?}" \
  --log-format text 2> >(grep --line-buffered -v -e ' msg=request ' -e ' msg="api call" ' >&2)
