# Séance: the two commands of the README.
#   make run   installs what the app needs and transcribes the bundled demo meeting
#   make test  installs the test tools and runs the whole test suite
VENV   := .venv
PY     := $(VENV)/bin/python
DEMO   := build/demo/conseil-demo.wav
export OMP_WAIT_POLICY := PASSIVE

.PHONY: run install test install-dev lint bench screenshots app package clean

# the demo meeting goes into the app's meetings folder (the settings'), where the home page lists it
run: install
	$(PY) scripts/make_demo.py $(DEMO)
	@meetings="$$($(PY) -c 'from transcriber.settings import Settings; print(Settings.load().meetings_path)')" && \
	demo="$$meetings/Conseil-municipal-demo.seance" && \
	rm -rf "$$demo" && \
	$(VENV)/bin/seance transcribe $(DEMO) --out "$$meetings" --title "Conseil municipal (démo)" \
		--kind conseil --date 2026-03-12 --vocabulary scripts/demo-vocabulary.txt --speakers 3 && \
	$(VENV)/bin/seance minutes "$$demo" --type pv \
		--form scripts/demo-form.toml --out "$$demo/exports/proces-verbal.docx" && \
	echo "Dossier de réunion : $$demo (« make app » l'affiche sur sa page d'accueil)"

install:
	bash scripts/install-system.sh
	bash scripts/install-venv.sh run
	$(VENV)/bin/seance models prepare

install-dev:
	bash scripts/install-system.sh
	bash scripts/install-venv.sh dev

test: install-dev
	$(VENV)/bin/lint-imports
	OMP_NUM_THREADS=1 $(PY) -m pytest -q

app: install
	$(VENV)/bin/seance-app

# PNGs of the app's main views (real pipeline on an eval clip, Qt offscreen on a 1366×768 screen
# and on a 1920×1080 one at 125 %) into docs/screenshots/1366x768/ and docs/screenshots/1920x1080/
screenshots: install
	OMP_NUM_THREADS=1 $(PY) scripts/screenshots.py

# The one-folder desktop bundle dist/Seance/ (PyInstaller, for the OS it runs on; see packaging/README.md)
package: install
	$(VENV)/bin/pip install -r requirements-packaging.txt
	$(VENV)/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/seance.spec
	@echo "Bundle: dist/Seance/ (test it: dist/Seance/Seance --smoke-test=FICHIER.wav)"

bench: install-dev
	$(PY) bench/asr.py $(DEMO)

clean:
	rm -rf build dist .pytest_cache
