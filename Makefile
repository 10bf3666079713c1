# Set-up is part of every target: a fresh clone needs nothing but python3 (>= 3.11) and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck unit setup site power-loss

$(BIN)/newscli: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/newscli

## The main job on the shipped sample: what readers now see as outdated, and the reference article.
demo: setup
	$(BIN)/newscli list --stale
	$(BIN)/newscli show boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble

## The reader's site from the shipped sample, into site/public/ (needs hugo >= 0.111; no browser).
## One moment for newscli and Hugo's --clock: NEWSCLI_NOW when set, else the clock read once.
site: setup
	NEWSCLI=$(abspath $(BIN))/newscli site/build.sh

## Everything CI checks: lint, types, tests.
test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check newscli tests benchmarks powerloss
	$(BIN)/ruff format --check newscli tests benchmarks powerloss

typecheck: setup
	$(BIN)/mypy

## The tests on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in this one process.
## Compiled modules are kept under .venv/pycache even where PYTHONDONTWRITEBYTECODE is set (never in
## the checkout): the suite starts newscli a few hundred times, and compiling it anew each time
## was a third of every start.
PYTEST_WORKERS ?= auto
unit: setup
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache \
		$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadgroup

## Every crash state a power cut may leave in the recorded runs of the commands (needs strace).
power-loss: setup
	@command -v strace >/dev/null || { echo "power-loss needs strace: apt-get install -y strace" >&2; exit 2; }
	$(BIN)/python -m powerloss
