# Miftah: two commands. `make run` serves the demo outlet; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MIFTAH_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install demo serve clean test-postgres

$(BIN)/miftah: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/miftah

run: install
	$(BIN)/miftah migrate --noinput -v 0
	@if [ ! -f "$(MIFTAH_DATA_DIR)/demo-loaded" ]; then $(BIN)/miftah demo && touch "$(MIFTAH_DATA_DIR)/demo-loaded"; fi
	@echo ""
	@echo "  الموقع / Site:      http://127.0.0.1:$(PORT)/"
	@echo "  الإدارة / Admin:    http://127.0.0.1:$(PORT)/admin/"
	@echo "  الدخول / Log in:    see $(MIFTAH_DATA_DIR)/demo-credentials.txt"
	@sed -n 's/^\([a-z]*\): \(.*\)$$/                       \1  \/  \2/p' "$(MIFTAH_DATA_DIR)/demo-credentials.txt"
	@echo ""
	PORT=$(PORT) $(BIN)/miftah run --no-migrate

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var *.egg-info

# The scale-out harness (issue #13, docs/deploy.md): Varnish, two app servers, workers, moto's S3 server and a Redis
# of its own on loopback, over PostgreSQL at 127.0.0.1:5432; prints its figures.
.PHONY: test-scaleout
test-scaleout: install
	$(BIN)/python -m pytest scaleout -q -s -rs $(PYTEST_ARGS)

# The translatable interface (docs/i18n.md): extract every marked string into the English catalogue (new ones come
# in untranslated, changed ones fuzzy), then compile it once translated. Needs GNU gettext.
.PHONY: messages
MESSAGES_IGNORE := --ignore tests --ignore "*/tests/*" --ignore "*/migrations/*" --ignore "arabic/*" --ignore "*/demo/*"
messages: install
	cd miftah && $(CURDIR)/$(BIN)/miftah makemessages -l en $(MESSAGES_IGNORE) --add-location file --no-wrap --no-obsolete
	msgfmt --check -o miftah/locale/en/LC_MESSAGES/django.mo miftah/locale/en/LC_MESSAGES/django.po
