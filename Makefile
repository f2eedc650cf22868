# Build, generate and test the Imageshare console. `make help` lists the targets.
#
# Needs Go (see go.mod) with cgo and gcc (SQLite), Node 20+ with npm, and for
# the browser tests Debian's chromium (Playwright's browser downloads are not used).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Browser for Playwright; playwright.config.ts reads the same variable.
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH
# Never let npm download Playwright's own browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# The Tailwind CLI nags about browserslist data age; the data is pinned by package-lock.json.
export BROWSERSLIST_IGNORE_OLD_DATA := 1

# Files that `make generate` writes and that are committed.
GENERATED := '*_templ.go' static/app.css static/htmx.min.js

# Go sources to gofmt-check, generated ones included (templ's output is gofmt'd).
GO_FILES = $(shell find . \( -path ./node_modules -o -path ./.git -o -path ./e2e/.data \) -prune -o -name '*.go' -print)

.PHONY: help
help: ## List the targets.
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

.PHONY: run
run: ## Build bin/imageshare and run it with the demo accounts on 127.0.0.1:8080 (alice, bob, carol; password imageshare).
	@echo "building bin/imageshare (the first build compiles SQLite and takes about a minute)..."
	@go build -o bin/imageshare ./cmd/imageshare
	@echo "starting; stop with Ctrl-C"
	@# The server stops cleanly on Ctrl-C; make, interrupted too, must not
	@# report that as an error.
	@trap 'exit 0' INT TERM; bin/imageshare --demo; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 130 ] || exit $$status

.PHONY: build
build: ## Build the server binary into bin/imageshare.
	go build -o bin/imageshare ./cmd/imageshare

.PHONY: generate
generate: node_modules ## Regenerate templ code, static/app.css and static/htmx.min.js.
	go tool templ generate
	npx --no-install tailwindcss -c tailwind.config.js -i static/src/app.css -o static/app.css --minify
	cp node_modules/htmx.org/dist/htmx.min.js static/htmx.min.js

# node_modules is rebuilt from the lock file whenever the lock file is newer.
node_modules: package-lock.json package.json ## Install the pinned npm packages (npm ci) when the lock file changed.
	npm ci --no-audit --no-fund
	@touch node_modules

.PHONY: chromium
chromium: ## Make sure Debian's chromium is installed (installs it when run as root).
	@if [ -x "$(CHROMIUM_PATH)" ]; then exit 0; fi; \
	if [ "$(CHROMIUM_PATH)" = /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		echo "chromium is missing: installing it with apt-get"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "error: no browser at $(CHROMIUM_PATH)." >&2; \
		echo "Install Debian's chromium as root (apt-get install -y chromium)," >&2; \
		echo "or point CHROMIUM_PATH at a Chromium binary: make test CHROMIUM_PATH=/path/to/chromium" >&2; \
		exit 1; \
	fi

.PHONY: test
test: node_modules chromium ## Everything: go vet, gofmt check, Go tests, 100 inputs of each fuzz target, then the Playwright suite.
	go vet ./...
	@unformatted="$$(gofmt -l $(GO_FILES) </dev/null)"; \
	if [ -n "$$unformatted" ]; then \
		echo "error: these files need gofmt (run: gofmt -w <file>):" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	go test -count=1 ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=100x
	npx --no-install playwright test

# How long `make fuzz` runs each target: a duration, or a number of inputs
# such as 100x. `make test` gives each 100 inputs after their seed corpora
# ran in `go test`: a count, not a time, because on a loaded machine a short
# time can end before the fuzzer's first pass over its corpus, which Go then
# reports as a failure.
FUZZTIME ?= 30s

.PHONY: screenshots
screenshots: node_modules chromium ## Screenshots of every console page at 390x844 and 1440x900 into screenshots/ (not committed).
	SCREENSHOTS=1 npx --no-install playwright test e2e/screenshots.spec.ts

.PHONY: fuzz
fuzz: ## Run every Go fuzz target (func FuzzXxx in a _test.go file) for FUZZTIME each (default 30s, or a count such as 100x).
	@for file in $$(grep -rl --include='*_test.go' --exclude-dir=node_modules --exclude-dir=.git '^func Fuzz' .); do \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$file"); do \
			echo "fuzz $$target in $$(dirname "$$file") for $(FUZZTIME)"; \
			out="$$(go test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) "$$(dirname "$$file")" 2>&1)" || \
				{ echo "$$out" >&2; echo "error: fuzz target $$target failed (a failing input is kept under testdata/fuzz/$$target)" >&2; exit 1; }; \
		done; \
	done

.PHONY: check-generated
check-generated: generate ## Fail if the committed generated files differ from a fresh `make generate`.
	@changed="$$(git status --porcelain -- $(GENERATED))"; \
	if [ -n "$$changed" ]; then \
		echo "error: generated files are out of date or not committed:" >&2; echo "$$changed" >&2; \
		echo "Run 'make generate' and commit the result." >&2; \
		git --no-pager diff --stat -- $(GENERATED) >&2; \
		exit 1; \
	fi

.PHONY: clean
clean: ## Remove build and test output (bin/, e2e/.data/, test-results/, playwright-report/).
	rm -rf bin e2e/.data test-results playwright-report

.PHONY: bench
bench: ## SPEC 9 benchmarks on the full data set (10,000 accounts, 100,000 images, 500,000 shares), and the API's signed calls.
	go test -run '^$$' -bench 'BenchmarkSPEC9|BenchmarkAPI' -benchtime 3s -benchmem ./handlers/

.PHONY: load
load: ## SPEC 9 load check with the real binary: cold start, 32 clients per page (hey), server time, memory.
	./.ci/load
