# Two commands do everything on a fresh machine (Python 3.11, pip, Pango):
#   make report   builds the sample report of the latest year into out/<year>/
#   make test     runs the test suite (ruff, mypy, every test)
#   make quick    the fast loop: ruff and the tests not marked slow (no report rendered)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | cksum | cut -d' ' -f1)

.PHONY: report test quick bench sample clean font-subsetter test-tools
# apt-get install, as root only (CI and these machines run as root)
APT    := sh -c '[ "$$(id -u)" = 0 ] && echo "installing $$*" && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$$@" >/dev/null' apt-install

report: $(STAMP) font-subsetter
	$(PY) build_report.py build

# One test worker per core (pytest-xdist); a module's tests stay on one worker, in the order
# collected; the shared builds are made once (tests/conftest.py). WORKERS=0: one process.
WORKERS ?= auto
XDIST   := -n $(WORKERS) --dist loadscope --no-loadscope-reorder

test: $(STAMP) font-subsetter test-tools
	$(PY) -m ruff check report tests bench build_report.py inputs/make_sample.py
	$(PY) -m mypy
	$(PY) -m pytest $(XDIST)

quick: $(STAMP) font-subsetter test-tools
	$(PY) -m ruff check report tests bench build_report.py inputs/make_sample.py
	$(PY) -m pytest $(XDIST) -m "not slow"

bench: $(STAMP)
	$(PY) bench/run.py

sample: $(STAMP)
	$(PY) inputs/make_sample.py

$(STAMP): requirements.lock requirements-dev.lock
	@$(PYTHON) -c "import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library('pango-1.0') else 1)" \
	  || { echo "Pango is missing (WeasyPrint needs it): apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

# WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is there (fontTools is the
# slower fallback, and future WeasyPrint versions require the library).
font-subsetter:
	@$(PYTHON) -c "import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library('harfbuzz-subset') else 1)" \
	  || $(APT) libharfbuzz-subset0 || echo "note: libharfbuzz-subset0 not installed; fonts are subset by the slower fontTools"

# The tests read PDFs with poppler (pdftotext, pdffonts, pdftoppm) and qpdf, preflight the
# print edition with Ghostscript, and check its fallback output intent, Ghostscript's
# generic CMYK profile (libgs-common). They print and save the workbooks with LibreOffice
# Calc (headless), which draws Calibri with Carlito (the same widths) and Arabic with
# DejaVu Sans; without its recommended packages (gstreamer, Java, other faces). The web
# edition's browser test opens the site in Debian's chromium, driven by playwright-core
# with axe-core (npm ci: the versions package-lock.json pins, from the npm registry; no
# browser is downloaded).
GS_CMYK := /usr/share/color/icc/ghostscript/default_cmyk.icc
CARLITO := /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf
DEJAVU  := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
test-tools:
	@command -v pdftotext >/dev/null && command -v qpdf >/dev/null && command -v gs >/dev/null \
	  && test -f $(GS_CMYK) \
	  || $(APT) poppler-utils qpdf ghostscript libgs-common \
	  || { echo "the tests need poppler-utils, qpdf, ghostscript and libgs-common: apt-get install poppler-utils qpdf ghostscript libgs-common"; exit 1; }
	@command -v soffice >/dev/null && test -f $(CARLITO) && test -f $(DEJAVU) \
	  || $(APT) --no-install-recommends libreoffice-calc fonts-crosextra-carlito fonts-dejavu-core \
	  || { echo "the tests need LibreOffice Calc and two faces: apt-get install --no-install-recommends libreoffice-calc fonts-crosextra-carlito fonts-dejavu-core"; exit 1; }
	@test -x /usr/bin/chromium || $(APT) chromium \
	  || { echo "the browser test needs chromium: apt-get install chromium"; exit 1; }
	@command -v npm >/dev/null || $(APT) nodejs npm \
	  || { echo "the browser test needs Node.js and npm: apt-get install nodejs npm"; exit 1; }
	@test node_modules/.package-lock.json -nt package-lock.json \
	  || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

clean:
	rm -rf out
