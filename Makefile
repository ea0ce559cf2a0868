# Séance: the two commands of the README.
#   make run   installs what the app needs and transcribes the bundled demo meeting
#   make test  installs the test tools and runs the whole test suite
VENV   := .venv
PY     := $(VENV)/bin/python
DEMO   := build/demo/conseil-demo.wav
export OMP_WAIT_POLICY := PASSIVE

.PHONY: run install test install-dev lint bench screenshots app package clean

run: install
	$(PY) scripts/make_demo.py $(DEMO)
	rm -rf build/demo/*.seance
	$(VENV)/bin/seance transcribe $(DEMO) --out build/demo --title "Conseil municipal (démo)" \
		--kind conseil --date 2026-03-12 --vocabulary scripts/demo-vocabulary.txt --speakers 3
	$(VENV)/bin/seance minutes build/demo/Conseil-municipal-demo.seance --type pv \
		--form scripts/demo-form.toml --out build/demo/Conseil-municipal-demo.seance/exports/proces-verbal.docx
	@echo "Dossier de réunion : build/demo/Conseil-municipal-demo.seance"

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

# PNGs of the app's main views (real pipeline on an eval clip, Qt offscreen) into docs/screenshots/
screenshots: install
	OMP_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

# The one-folder desktop bundle dist/Seance/ (PyInstaller, for the OS it runs on; see packaging/README.md)
package: install
	$(VENV)/bin/pip install -r requirements-packaging.txt
	$(VENV)/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/seance.spec
	@echo "Bundle: dist/Seance/ (test it: dist/Seance/Seance --smoke-test=FICHIER.wav)"

bench: install-dev
	$(PY) bench/asr.py $(DEMO)

clean:
	rm -rf build dist .pytest_cache
