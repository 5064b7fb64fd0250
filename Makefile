# Two commands do all set-up on a fresh machine: `make chat` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Re-install only when the project's declared dependencies change.
STAMP := $(VENV)/.installed

.PHONY: chat test test-quick bot bench install corpus clean

chat: $(STAMP)
	@$(VENV)/bin/guidebot chat

test: $(STAMP)
	$(PY) -m mypy bot corpus retrieval bench
	$(PY) -m pytest $(PYTEST_ARGS)

# The quick tier while editing: engine, corpus, retrieval and unit tests, in seconds; no real
# process and no Discord client (make test runs those too).
test-quick: $(STAMP)
	$(PY) -m pytest -m "not process and not discord" $(PYTEST_ARGS)

# The Discord bot: needs DISCORD_TOKEN; CONFIG=config.yaml to pass a config file.
bot: $(STAMP)
	@$(PY) -m bot $(if $(CONFIG),--config $(CONFIG))

# Speed and memory, measured side by side in one run (several minutes; the README says so too).
bench: $(STAMP)
	$(PY) -m bench $(if $(JSON),--json $(JSON))

install: $(STAMP)

# Rebuild the bundled corpus after editing the guide text.
corpus: $(STAMP)
	$(VENV)/bin/guidebot corpus build corpus/guides/machine-learning-engineer.txt \
		-o corpus/guides/machine-learning-engineer.yaml

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# Byte-compile as a non-editable install would: the CLI starts faster from the first run,
	@# even where PYTHONDONTWRITEBYTECODE is set.
	$(PY) -m compileall -q bot corpus retrieval
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
