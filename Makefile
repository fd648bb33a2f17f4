# The README's two commands: `make demo` and `make test`. Both set up first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
TOUR_DIR ?= tour

.PHONY: setup demo tours test lint clean

setup:
	@scripts/bootstrap.sh

# With a display: the full-screen kiosk on simulated devices and the embedded
# platform simulator. Without one: the scripted tour, saving a PNG per screen.
demo: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BIN)/kiosk demo; \
	else \
	  QT_QPA_PLATFORM=offscreen $(BIN)/kiosk demo --tour $(TOUR_DIR) && \
	  echo "No display here: the tour's screenshots are in $(TOUR_DIR)/"; \
	fi

# Every journey's tour (kiosk demo --journey NAME), offscreen, screenshots in
# $(TOUR_DIR)/<journey>/: too slow for `make test`; for a nightly job and before a release.
tours: setup
	@set -e; for j in $$($(BIN)/python -c "from kiosk.demo.journeys import JOURNEYS; print(*JOURNEYS)"); do \
	  echo "tour: $$j"; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/kiosk demo --tour $(TOUR_DIR)/$$j --journey $$j; \
	done; echo "every journey ran: screenshots in $(TOUR_DIR)/"

test: setup lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(TOUR_DIR) .mypy_cache .ruff_cache .pytest_cache
