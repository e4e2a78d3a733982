# Entry points. The work is done by .ci/scripts/*.sh so CI and humans run the same
# steps; see each script's header for the why.
#
# `make` alone lists the targets (the `##` comments below).

.DEFAULT_GOAL := help
.PHONY: help run test e2e dev bench size soak fmt lint clean

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z0-9-]*:.*## / { printf "  make %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: ## Build the release site and serve it on 127.0.0.1:3000 (data in data/)
	.ci/scripts/setup.sh
	.ci/scripts/build-site.sh release
	.ci/scripts/run.sh

test: ## Everything CI runs: fmt, clippy, unit, SQLite, PostgreSQL and browser tests
	.ci/scripts/test.sh

e2e: ## Browser tests only (builds the release site first)
	.ci/scripts/setup.sh --e2e
	.ci/scripts/build-site.sh release
	.ci/scripts/e2e.sh

dev: ## Live-reloading dev server (installs cargo-leptos once, ~22 min)
	.ci/scripts/setup.sh --cargo-leptos
	PATH="$(CURDIR)/end2end/node_modules/.bin:$$PATH" cargo leptos watch --split

bench: ## Customers-grid benchmark at 1,000,000 customers on SQLite and PostgreSQL (BENCH.md figures)
	.ci/scripts/bench.sh

size: ## Bytes of the release site's wasm and JS, raw and gzip (run after make run or make e2e)
	.ci/scripts/size.sh

soak: ## Load-and-fault run (200 clients, kill -9, two processes, slow readers) on SQLite and PostgreSQL
	.ci/scripts/soak.sh

fmt: ## Format all Rust code
	cargo fmt --all

lint: ## rustfmt check and clippy with warnings as errors
	cargo fmt --all -- --check
	.ci/scripts/lint.sh

clean: ## Remove build output (never data/)
	cargo clean
	rm -rf target/site target/site-debug
