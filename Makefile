# The two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
STAMP  := $(VENV)/.installed-stamp
# `make run PORT=5050` where 5000 is taken (macOS AirPlay); emails link to this port.
PORT   ?= 5000
export PORT
MO     := $(patsubst %.po,%.mo,$(wildcard mentorship/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test setup db translations worker lint format messages bench bench-web clean

run: setup db
	$(FLASK) themes ensure
	$(FLASK) demo seed --if-empty
	@echo "Jobs run on the embedded queue (instance/jobs.db); emails land in instance/outbox/."
	@$(BIN)/huey_consumer mentorship.worker.huey -k thread -w 2 -q & \
	  trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The suite on every core (pytest-xdist; each worker has its own database).
test: setup
	$(BIN)/pytest -q -n auto --dist worksteal

setup: $(STAMP) translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

translations: $(MO)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

db: setup
	mkdir -p instance
	$(FLASK) db upgrade

worker: setup
	$(BIN)/huey_consumer mentorship.worker.huey -k thread -w 2

messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --ignore-dirs ".*" -F babel.cfg -k _l -k lazy_gettext -o mentorship/translations/messages.pot .
	$(BIN)/pybabel update -i mentorship/translations/messages.pot -d mentorship/translations --no-fuzzy-matching

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python -m matching.bench --sizes 5000x2500,20000x10000,100000x50000 \
	  --dense-max 20000 --exact-max 5000 --seed 0 --out benchmarks/results/bench-2cores.json

# Pages under load beside a bare Flask page (needs wrk and PostgreSQL; see benchmarks/WEB.md).
bench-web: setup
	$(BIN)/python -m benchmarks.web --label $(or $(LABEL),run)

clean:
	rm -rf $(VENV) instance .pytest_cache $(MO)

# Registration when a popular session opens: 200 people, 100 seats (needs PostgreSQL).
.PHONY: bench-events
bench-events: setup
	$(BIN)/python -m benchmarks.events_registration --db $(or $(DB),postgresql+psycopg://postgres@127.0.0.1:5432/bench)
