# The README's two commands: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test venv lint format bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,spark]"
	touch $(STAMP)

# Ingest the samples into demo.db (idempotent: a second run stores nothing new), then show what
# was found with the query commands; `tidings serve --db demo.db` browses it.
DEMO_DB := demo.db
TIDINGS := $(VENV)/bin/tidings

demo: venv
	$(TIDINGS) ingest samples --db $(DEMO_DB) --no-progress
	$(TIDINGS) stats --db $(DEMO_DB) --format table
	$(TIDINGS) actors --db $(DEMO_DB) --by code --top 8 --format table
	$(TIDINGS) events --db $(DEMO_DB) --limit 8 --format table
	$(TIDINGS) search "Russia" --db $(DEMO_DB) --limit 3 --format table
	$(TIDINGS) dyad USA RUS --db $(DEMO_DB) --by year --format table
	@echo "Browse it: $(TIDINGS) serve --db $(DEMO_DB)  ->  http://127.0.0.1:8000/ (API docs: /docs)"

test: venv
	$(PY) -m pytest -q

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools

format: venv
	$(VENV)/bin/ruff format src tests benchmarks tools
	$(VENV)/bin/ruff check --fix src tests benchmarks tools

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
