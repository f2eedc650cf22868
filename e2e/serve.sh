#!/usr/bin/env bash
# Started by playwright.config.ts (webServer): builds the server and runs it on
# a fresh database with the demo data. IMAGESHARE_ADMIN_PASSWORD and E2E_ADDR
# come from the config.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf e2e/.data
mkdir -p e2e/.data bin
go build -o bin/imageshare ./cmd/imageshare
# Many specs sign in from 127.0.0.1, some on purpose with wrong passwords: the
# per-address limit is raised so they cannot lock each other out; the
# per-username limit (5) stays, and the rate-limit spec uses its own username.
exec bin/imageshare --addr "${E2E_ADDR:?}" --db e2e/.data/e2e.db --demo --login-ip-limit 10000 --job-tick 400ms --log-format text
