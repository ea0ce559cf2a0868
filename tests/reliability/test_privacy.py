"""Nothing leaves the machine, checked at the operating-system level.

The whole flow (import, ASR, diarisation, Word documents, exports) runs twice under
``strace -f`` with a fresh HOME and a fresh TMPDIR: once through the ``seance`` command, once
through the desktop app's real job path (the job queue spawns the pipeline's child process, which
strace follows). Neither may open an internet socket or query a name resolver; afterwards no file
may be left outside the meeting folder and Séance's own folders (temporary files removed); the
log files may not hold the transcript's text.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from oswatch import Trace, run_traced

ROOT = Path(__file__).resolve().parents[2]
CLIP = "fr_fleurs_007.wav"
#: the form of the CLI flow (the demo's: elected members, agenda)
FORM = ROOT / "scripts" / "demo-form.toml"


def fresh_env(base: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """An environment as on a new user's machine: empty HOME and TMPDIR, no Séance variable, no
    cache location chosen; the assembled default model is linked into the new Séance data folder
    (assembling it is not what is checked here, and takes a while)."""
    home, tmp, runtime = base / "home", base / "tmp", base / "run"
    tmp.mkdir(parents=True)
    runtime.mkdir(mode=0o700)
    seance = {
        "config": home / ".config" / "Seance",
        "data": home / ".local" / "share" / "Seance",
        "documents": home / "Documents" / "Séance",
    }
    seance["data"].mkdir(parents=True)
    from transcriber import modelstore

    models = modelstore.assemble_bundled(modelstore.DEFAULT_MODEL).parent
    (seance["data"] / "models").symlink_to(models, target_is_directory=True)
    keep = ("PATH", "LANG", "LC_ALL", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY", "QT_QPA_PLATFORM")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update({"HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
                "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)})
    return env, {"home": home, "tmp": tmp, "runtime": runtime, **seance}


def _run(tmp_path_factory, name: str, commands) -> dict:
    base = tmp_path_factory.mktemp(name)
    env, dirs = fresh_env(base)
    traces = []
    for i, argv in enumerate(commands(dirs)):
        trace = run_traced(argv, env, cwd=dirs["home"], out=base / f"strace-{i}.txt")
        assert trace.returncode == 0, f"{argv[2:4]} failed:\n{trace.stdout}\n{trace.stderr[-3000:]}"
        traces.append(trace)
    return {"traces": traces, "dirs": dirs}


@pytest.fixture(scope="module")
def cli_flow(tmp_path_factory, eval_dir) -> dict:
    """``seance transcribe`` (import, ASR, diarisation, exports), ``seance minutes`` (a PV),
    ``seance export --pseudonymise``: three processes, each under strace."""

    def commands(dirs):
        out = dirs["documents"]
        folder = out / "Conseil-municipal.seance"
        seance = [sys.executable, "-m", "transcriber.cli"]
        return [
            [*seance, "transcribe", str(eval_dir / CLIP), "--out", str(out), "--title", "Conseil municipal",
             "--kind", "conseil", "--threads", "2"],
            [*seance, "minutes", str(folder), "--type", "pv", "--form", str(FORM),
             "--out", str(folder / "exports" / "pv.docx")],
            [*seance, "export", str(folder), "--pseudonymise"],
        ]

    run = _run(tmp_path_factory, "cli", commands)
    run["folder"] = run["dirs"]["documents"] / "Conseil-municipal.seance"
    return run


@pytest.fixture(scope="module")
def app_flow(tmp_path_factory, eval_dir) -> dict:
    """The desktop app: import through the job queue (ASR and diarisation in a spawned child),
    open the meeting, every document and export from the « Exporter » menu, close."""

    def commands(dirs):
        return [[sys.executable, str(ROOT / "tests" / "reliability" / "app_flow.py"), str(eval_dir / CLIP),
                 "Conseil municipal"]]

    run = _run(tmp_path_factory, "app", commands)
    line = run["traces"][0].stdout.strip().splitlines()[-1]
    assert line.startswith("APP FLOW OK"), line
    run["folder"] = Path(line.split(" ", 3)[3])
    return run


FLOWS = ["cli_flow", "app_flow"]


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS)
def test_no_internet_socket_and_no_dns_query(flow, request):
    run = request.getfixturevalue(flow)
    traces: list[Trace] = run["traces"]
    # the watch really saw the child processes: the pipeline's child loads the models
    pids = {line.split()[0] for t in traces for line in t.lines}
    assert len(pids) >= 2
    attempts = [a for t in traces for a in t.network()]
    assert attempts == [], "network attempts:\n" + "\n".join(attempts[:10])


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS)
def test_no_file_left_outside_the_meeting_and_seances_folders(flow, request):
    run = request.getfixturevalue(flow)
    dirs, folder = run["dirs"], run["folder"]
    assert (folder / "meeting.json").exists() and folder.is_relative_to(dirs["documents"])
    allowed = [dirs["config"], dirs["data"], dirs["documents"]]
    # under the fresh HOME: only Séance's folders
    home_files = [p for p in dirs["home"].rglob("*") if p.is_file() or p.is_symlink()]
    outside = [p for p in home_files if not any(p.is_relative_to(a) for a in allowed)]
    assert outside == [], f"files left in HOME outside Séance's folders: {outside}"
    # temporary files removed
    left_in_tmp = sorted(dirs["tmp"].rglob("*"))
    assert left_in_tmp == [], f"temporary files left behind: {left_in_tmp}"
    # anywhere on the machine (strace saw every file created); the login session's runtime folder
    # (a tmpfs emptied at logout) holds the sound server's client socket folder
    outside = [p for t in run["traces"] for p in t.left_outside([*allowed, dirs["runtime"]])]
    assert outside == [], f"files created outside Séance's folders: {outside}"
    # the exports and documents are in the meeting folder
    exports = {p.name for p in (folder / "exports").iterdir()}
    assert {"transcription.txt", "transcription.json"} <= exports and any(n.endswith(".docx") for n in exports)


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS)
def test_logs_hold_no_transcript_text(flow, request):
    run = request.getfixturevalue(flow)
    logs = list(run["dirs"]["data"].glob("logs/*.log*"))
    assert logs, "the run wrote its log file"
    text = "\n".join(p.read_text("utf-8", "replace") for p in logs).lower()
    assert "transcri" in text or "job" in text  # the log is not empty: it says what happened
    meeting = json.loads((run["folder"] / "meeting.json").read_text("utf-8"))
    words = [re.sub(r"[^\w'-]", "", w["text"].lower()) for s in meeting["segments"] for w in s["words"]]
    words = [w for w in words if w]
    assert len(words) >= 10
    # any four consecutive words of the transcript would be a leak
    leaks = [" ".join(words[i:i + 4]) for i in range(len(words) - 3)
             if " ".join(words[i:i + 4]) in re.sub(r"[^\w' -]", "", text)]
    assert leaks == [], f"transcript text in the logs: {leaks[:3]}"
