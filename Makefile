# Two commands do everything on a fresh machine (Python 3.11, pip, Pango):
#   make report   builds the sample report of the latest year into out/<year>/
#   make test     runs the test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | cksum | cut -d' ' -f1)

.PHONY: report test lint bench sample clean system-deps

report: $(STAMP)
	$(PY) build_report.py build

test: $(STAMP) system-deps
	$(PY) -m ruff check report tests bench build_report.py inputs/make_sample.py
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

sample: $(STAMP)
	$(PY) inputs/make_sample.py

$(STAMP): requirements.lock requirements-dev.lock
	@$(PYTHON) -c "import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library('pango-1.0') else 1)" \
	  || { echo "Pango is missing (WeasyPrint needs it): apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

# The tests read PDFs with poppler (pdftotext, pdffonts, pdftoppm) and qpdf.
system-deps:
	@command -v pdftotext >/dev/null && command -v qpdf >/dev/null || { \
	  echo "installing poppler-utils and qpdf (tests read PDFs with them)"; \
	  apt-get update -qq && apt-get install -y -qq poppler-utils qpdf >/dev/null; }

clean:
	rm -rf out
