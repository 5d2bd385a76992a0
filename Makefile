# zufolge — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint format eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/zufolge analyze --published 2024-10-17 examples/

test: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/pytest

format: $(VENV)/.installed
	$(BIN)/ruff check --fix src tests benchmarks examples
	$(BIN)/ruff format src tests benchmarks examples

eval: $(VENV)/.installed
	$(BIN)/zufolge eval html --gold $(SHARED)/data/html-extraction
	$(BIN)/zufolge eval specimen $(SHARED)/specimen/scraped-article-de.txt
	$(BIN)/zufolge eval quotes --gold $(SHARED)/data/de-news-quotes/dev.jsonl
	$(BIN)/zufolge eval quotes --gold $(SHARED)/data/en-news-polnear/dev.jsonl
	$(BIN)/zufolge eval ner --gold $(SHARED)/data/de-ner-germeval2014/dev.jsonl
	$(BIN)/zufolge eval ner --gold $(SHARED)/data/en-news-meantime/ner.jsonl
	$(BIN)/zufolge eval times --gold $(SHARED)/data/de-times-wikiwarsde/wikiwarsde.jsonl
	$(BIN)/zufolge eval times --gold $(SHARED)/data/en-times-tempeval3/train-tbaq.jsonl
	$(BIN)/zufolge eval times --gold $(SHARED)/data/en-news-meantime/timex.jsonl
	$(BIN)/zufolge eval times --gold tests/fixtures/times/dev.jsonl
	$(BIN)/zufolge eval certainty --gold tests/fixtures/certainty/dev.jsonl
	$(BIN)/zufolge eval factuality --gold $(SHARED)/data/en-news-meantime/factuality.jsonl

bench: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/run.py --data $(SHARED)/data
	$(BIN)/python benchmarks/stages.py --data $(SHARED)/data

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
