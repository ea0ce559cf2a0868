"""Architecture rules that a review could miss: the core stays free of Qt, nothing phones home."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NETWORK_CALLS = ("hf_hub_download", "snapshot_download", "urlopen", "requests.", "http.client",
                 "huggingface.co", "use_auth_token")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_qt_or_the_ui():
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & {"PySide6", "shiboken6", "ui", "PyQt6"})
                 for p in (ROOT / "transcriber").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_import_linter_contract_holds():
    lint = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 kept, 0 broken" in run.stdout
    for contract in ("The core never imports Qt or the UI", "Minutes documents never import the engines",
                     "The model and the edits never import storage or engines",
                     "Only the command line imports the command line", "No import cycle in the core or the app"):
        assert contract in run.stdout


def test_no_code_reaches_a_network_or_a_hub():
    hits = []
    for p in [*(ROOT / "transcriber").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        text = p.read_text("utf-8")
        hits += [f"{p.relative_to(ROOT)}: {c}" for c in NETWORK_CALLS if c in text]
    assert hits == []


def test_offline_switches_are_set_by_the_core():
    code = ("import os, transcriber; print(os.environ['HF_HUB_OFFLINE'], "
            "os.environ['PYANNOTE_METRICS_ENABLED'], os.environ['HF_HUB_DISABLE_TELEMETRY'], "
            "os.environ['ORT_DISABLE_TELEMETRY'])")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "0", "ORT_DISABLE_TELEMETRY": "0"})
    assert run.stdout.split() == ["1", "0", "1", "1"]


def test_the_ui_never_builds_segments_or_words():
    """Every edit of the transcript is computed by ``transcriber.edit``: the app only applies it."""
    built = []
    for p in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("Segment", "Word"):
                    built.append(f"{p.relative_to(ROOT)}:{node.lineno}")
    assert built == []
