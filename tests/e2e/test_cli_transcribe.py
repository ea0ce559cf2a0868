"""``seance transcribe`` end to end, in a child process, on real audio with the real model."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from wer import plain_faster_whisper, wer  # noqa: E402

FRENCH_CLIPS = ["fr_fleurs_001", "fr_fleurs_007", "fr_fleurs_009", "fr_tcof_separation_per_14_1spk",
                "fr_edf_phonecall_2spk"]


def only_folder(parent: Path) -> Path:
    folders = list(parent.glob("*.seance"))
    assert len(folders) == 1, folders
    return folders[0]


#: WER ceilings, about 3 points above what was measured (Whisper base int8, batched, 2 threads):
#: a real loss of quality on any clip fails, the spread between CPUs does not. Measured on the
#: 2-core dev machine 2026-12-03 (séance = plain on the short clips): fleurs_001 0.222,
#: fleurs_007 0.440, fleurs_009 0.229, tcof 0.226, phone call 0.517 (plain 0.560); earlier runs
#: (bench/RESULTS.md): 0.175-0.190, 0.440, 0.229-0.271, 0.161-0.258, 0.499-0.572.
WER_CEILING = {
    "fr_fleurs_001": 0.25,
    "fr_fleurs_007": 0.47,
    "fr_fleurs_009": 0.30,
    "fr_tcof_separation_per_14_1spk": 0.29,
    "fr_edf_phonecall_2spk": 0.60,
}
#: one window each, no temperature fallback: Séance decodes them as plain faster-whisper does,
#: so they must match on any CPU (the phone call is compared through the mean below)
DETERMINISTIC = [c for c in FRENCH_CLIPS if c != "fr_edf_phonecall_2spk"]


@pytest.fixture(scope="module")
def wer_runs(eval_dir, tmp_path_factory):
    """One ``seance transcribe`` over the five French clips (the model loads once), and plain
    faster-whisper on each: {clip: (séance WER, plain WER)}."""
    import os

    from transcriber.modelstore import assemble_bundled

    out = tmp_path_factory.mktemp("wer")
    run = subprocess.run([sys.executable, "-m", "transcriber.cli", "transcribe",
                          *[str(eval_dir / f"{c}.wav") for c in FRENCH_CLIPS],
                          "--out", str(out), "--no-diarize", "--threads", "2"],
                         cwd=ROOT, capture_output=True, text=True, env=dict(os.environ), timeout=1800)
    assert run.returncode == 0, run.stderr
    model = assemble_bundled()
    found = {}
    for clip in FRENCH_CLIPS:
        folder = out / f"{clip}.seance"
        meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
        assert (folder / "exports" / "transcription.srt").stat().st_size > 0
        ours_text = " ".join(" ".join(w["text"] for w in s["words"]) for s in meeting["segments"])
        reference = (eval_dir / f"{clip}.txt").read_text("utf-8")
        plain_text = plain_faster_whisper(eval_dir / f"{clip}.wav", model, threads=2)
        found[clip] = (wer(reference, ours_text), wer(reference, plain_text))
        print(f"\nWER {clip}: séance {found[clip][0]:.3f}  plain faster-whisper {found[clip][1]:.3f}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("clip", FRENCH_CLIPS)
def test_wer_under_its_ceiling(wer_runs, clip):
    ours, _ = wer_runs[clip]
    assert ours <= WER_CEILING[clip], f"{clip}: WER {ours:.3f} over {WER_CEILING[clip]}"


@pytest.mark.slow
@pytest.mark.parametrize("clip", DETERMINISTIC)
def test_wer_no_worse_than_plain_faster_whisper(wer_runs, clip):
    ours, plain = wer_runs[clip]
    assert ours <= plain + 0.01


@pytest.mark.slow
def test_mean_wer_no_worse_than_plain_faster_whisper(wer_runs):
    """Over the five clips, the phone call included: its WER moves with the CPU on both sides
    (0.49 vs 0.53 on one machine, 0.57 vs 0.53 on another), hence a mean with a tolerance of 1.5
    points (7.5 on the phone call alone) rather than a per-clip comparison."""
    ours = sum(o for o, _ in wer_runs.values()) / len(wer_runs)
    plain = sum(p for _, p in wer_runs.values()) / len(wer_runs)
    print(f"\nmean WER: séance {ours:.3f}  plain faster-whisper {plain:.3f}")
    assert ours <= plain + 0.015


@pytest.mark.slow
def test_folder_layout_and_all_exports(cli, seance_home, tmp_path, eval_dir):
    run = cli("transcribe", eval_dir / "fr_fleurs_007.wav", "--out", tmp_path, "--title",
              "Conseil du 12 mars", "--no-diarize")
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "Conseil-du-12-mars.seance"
    assert str(folder) in run.stdout
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["title"] == "Conseil du 12 mars" and meeting["audio"] == "audio/source.wav"
    assert meeting["steps"]["asr"]["model"] == "base" and meeting["steps"]["asr"]["language"] == "fr"
    assert (folder / "audio" / "source.wav").stat().st_size == (eval_dir / "fr_fleurs_007.wav").stat().st_size
    for ext in ("txt", "srt", "vtt", "json"):
        assert (folder / "exports" / f"transcription.{ext}").stat().st_size > 0
    # not a TTY: plain progress lines
    assert "Transcription : 100 %" in run.stderr


def _bad_inputs(tmp_path: Path, eval_dir: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.mp3"
    text.write_text("Ordre du jour\n" * 100, encoding="utf-8")
    empty = tmp_path / "vide.wav"
    empty.write_bytes(b"")
    full = tmp_path / "full.mp3"
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", eval_dir / "fr_fleurs_001.wav",
                    "-b:a", "64k", full], check=True)
    cut = tmp_path / "tronque.mp3"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    return {
        "missing": (tmp_path / "absent.m4a", "introuvable"),
        "text renamed mp3": (text, "pas un fichier audio"),
        "truncated mp3": (cut, "tronqué"),
        "zero bytes": (empty, "vide"),
    }


@pytest.mark.parametrize("case", ["missing", "text renamed mp3", "truncated mp3", "zero bytes"])
def test_bad_input_exit_2_with_one_line_and_nothing_left(cli, seance_home, tmp_path, eval_dir, case):
    path, message = _bad_inputs(tmp_path, eval_dir)[case]
    out = tmp_path / "out"
    run = cli("transcribe", path, "--out", out)
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("seance: erreur :") and message in lines[0]
    assert "Traceback" not in run.stderr
    assert not list(out.glob("*.seance")) if out.exists() else True


def test_silence_exits_0_with_a_warning_and_an_empty_transcript(cli, seance_home, tmp_path):
    wav = tmp_path / "silence.wav"
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono",
                    "-t", "60", wav], check=True)
    run = cli("transcribe", wav, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert "attention" in run.stderr and "Aucune parole" in run.stderr
    folder = only_folder(tmp_path / "out")
    assert json.loads((folder / "meeting.json").read_text("utf-8"))["segments"] == []


def test_user_mistakes_are_one_line(cli, seance_home, tmp_path, eval_dir):
    run = cli("transcribe", eval_dir / "fr_fleurs_007.wav", "--model", "inconnu", "--out", tmp_path)
    assert run.returncode == 2 and "Modèle inconnu" in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.seance"))
    run = cli("transcribe", eval_dir / "fr_fleurs_007.wav", "--vocabulary", tmp_path / "nope.txt")
    assert run.returncode == 2 and "vocabulaire" in run.stderr
    run = cli("transcribe", eval_dir / "fr_fleurs_007.wav", "--min-speakers", "5", "--max-speakers", "2")
    assert run.returncode == 2 and "minimal" in run.stderr


def test_models_command_lists_the_default_model(cli, seance_home):
    run = cli("models")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "base"
    from transcriber.device import choose

    assert choose("auto").reason in run.stdout  # e.g. "Calcul sur le processeur : aucune carte…"


@pytest.mark.slow
def test_an_interrupted_import_is_kept_and_resumed(seance_home, tmp_path, eval_dir):
    """The core's rule for a failed import, through the real CLI: Ctrl+C after the copy keeps the
    folder (bad input removes it: see the tests above), and ``seance transcribe FOLDER`` resumes."""
    import os
    import signal
    import time

    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-m", "transcriber.cli", "transcribe", str(eval_dir / "fr_fleurs_007.wav"),
         "--out", str(out), "--no-diarize", "--threads", "1"],
        cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("*.seance/meeting.json")) and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    folder = only_folder(out)
    assert "la réunion est gardée" in err and "seance transcribe" in err
    assert (folder / "audio" / "source.wav").is_file()
    assert json.loads((folder / "meeting.json").read_text("utf-8"))["segments"] == []

    resumed = subprocess.run([sys.executable, "-m", "transcriber.cli", "transcribe", str(folder), "--no-diarize"],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert only_folder(out) == folder  # resumed in place, no second folder
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["segments"] and meeting["steps"]["asr"]["model"] == "base"


@pytest.mark.slow
def test_several_files_load_the_model_once(cli, seance_home, tmp_path, eval_dir):
    files = [eval_dir / "fr_fleurs_007.wav", tmp_path / "absent.wav", eval_dir / "fr_fleurs_009.wav"]
    run = cli("-v", "transcribe", *files, "--out", tmp_path, "--no-diarize", "--threads", "2")
    assert run.returncode == 1  # one of the three failed, the others were done
    assert "absent.wav" in run.stderr and "introuvable" in run.stderr
    assert len(list(tmp_path.glob("*.seance"))) == 2
    assert run.stderr.count("loading the Whisper model") == 1
    assert run.stdout.count("par minute d'audio") == 2
