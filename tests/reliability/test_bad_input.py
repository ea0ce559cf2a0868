"""Bad input, the matrix of issue 10: each case gives a clear French message, and what the user
already had is left exactly as it was.

Cases covered elsewhere, not repeated here: a missing file, a zero-byte file, a truncated MP3 and
a text file named .mp3 through ``seance transcribe`` (tests/e2e/test_cli_transcribe.py, with the
same rules: exit 2, one line, nothing left), the same files at the decoder (tests/core/test_audio.py),
a full disk under the app's editor (test_unsaved_close.py).

Disks that fail are real (diskfaults.py): a 1 MB tmpfs filled to the last byte, ``chattr +i``;
CI runs as root, which ignores permission bits, so nothing here relies on them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from diskfaults import fill, free, immutable, is_mounted, small_disk
from transcriber import audio
from transcriber.model import SCHEMA_VERSION, Meeting, Segment, Speaker, Word
from transcriber.store import BACKUP_FILE, DAMAGED_FILE, MeetingFolder

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Le conseil municipal approuve le budget de la commune pour l'année prochaine."


def ffmpeg(*args) -> None:
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", *map(str, args)], check=True)


def cli_run(*args, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "transcriber.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=dict(os.environ))


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def needs_real_mount(disk: Path) -> None:
    # a child process cannot be given the in-process ENOSPC fallback of diskfaults.py
    assert is_mounted(disk), "this test needs a real tmpfs (mount: CAP_SYS_ADMIN, as root in CI)"


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> Path:
    """A French sentence read by espeak-ng (4 s, 22 kHz mono)."""
    out = tmp_path_factory.mktemp("voix") / "phrase.wav"
    subprocess.run(["espeak-ng", "-v", "fr", "-s", "150", "-w", str(out), SENTENCE], check=True)
    return out


def small_meeting(parent: Path, title: str = "Conseil") -> MeetingFolder:
    folder = MeetingFolder.create(parent, title)
    words = [Word(i * 300, i * 300 + 250, w) for i, w in enumerate("La séance est ouverte .".split())]
    folder.save(Meeting(title=title, segments=[Segment(0, 1500, words, "S0")], speakers=[Speaker("S0")]))
    return folder


# --- 1. odd but good recordings: transcribed like any other -------------------------------------

ODD = {
    # a phone call: 8 kHz, the telephone band only
    "telephone 8 kHz": ("appel.wav", ["-af", "highpass=f=300,lowpass=f=3400", "-ar", "8000", "-ac", "1"]),
    # a multitrack recorder: 5.1 at 48 kHz, the speech on the front pair only
    "6 channels": ("multipiste.wav", ["-af", "pan=5.1|FL=c0|FR=c0|FC=0*c0|LFE=0*c0|BL=0*c0|BR=0*c0",
                                       "-ar", "48000"]),
    # a studio recorder: 96 kHz, 24-bit
    "96 kHz 24-bit": ("studio.wav", ["-ar", "96000", "-c:a", "pcm_s24le"]),
    # a name as a secretary types it
    "accents and spaces": ("Séance du 3 décembre – Réunion n°2.wav", []),
}


@pytest.fixture(scope="module")
def odd_run(speech, tmp_path_factory):
    """All the odd recordings through one ``seance transcribe`` (the model loads once)."""
    base = tmp_path_factory.mktemp("formats")
    files = {}
    for case, (name, args) in ODD.items():
        files[case] = base / name
        ffmpeg("-i", speech, *args, files[case])
    before = {case: path.read_bytes() for case, path in files.items()}
    out = base / "réunions"
    run = cli_run("transcribe", *files.values(), "--out", out, "--no-diarize", "--threads", "2")
    return run, files, before, out


@pytest.mark.slow
@pytest.mark.parametrize("case", list(ODD))
def test_odd_recordings_are_transcribed(odd_run, case):
    run, files, before, out = odd_run
    assert run.returncode == 0, run.stderr
    source = files[case]
    info = audio.probe(source)
    folder = out / f"{audio_slug(source)}.seance"
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["title"] == source.stem  # accents and spaces kept in the title
    text = " ".join(w["text"] for s in meeting["segments"] for w in s["words"]).lower()
    assert "commune" in text and "prochaine" in text, text
    assert abs(meeting["duration_ms"] - info.duration_ms) < 100 and 4000 < meeting["duration_ms"] < 4500
    copied = folder / meeting["audio"]
    assert copied.read_bytes() == before[case] == source.read_bytes()  # copied whole, source untouched
    assert (folder / "exports" / "transcription.txt").read_text("utf-8").strip()


def audio_slug(source: Path) -> str:
    from transcriber.store import slugify

    return slugify(source.stem)


def test_accented_name_gives_a_readable_folder_name():
    from transcriber.store import slugify

    assert slugify("Séance du 3 décembre – Réunion n°2") == "Seance-du-3-decembre-Reunion-n2"


# --- 2. files that are no recording ---------------------------------------------------------------

def test_video_without_sound_is_one_french_line_and_leaves_nothing(seance_home, tmp_path):
    video = tmp_path / "captation.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=2", "-c:v", "libx264", video)
    out = tmp_path / "out"
    run = cli_run("transcribe", video, "--out", out)
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines == ["seance: erreur : Le fichier captation.mp4 ne contient aucune piste audio."]
    assert not out.exists() or not list(out.iterdir())


def test_ten_hour_file_is_probed_from_its_header_and_its_decoding_can_be_stopped(tmp_path):
    """A 10-hour recording (a sparse WAV: 1.15 GB announced, no room taken): its length is read
    at once, the decoding's progress is measured against the ten hours and stops when asked."""
    from transcriber.errors import CancelledError
    from transcriber.jobs import CancelToken
    from transcriber.recording.wavfile import wav_header

    hours = 10
    data_bytes = hours * 3600 * 16000 * 2
    path = tmp_path / "conseil-10h.wav"
    with open(path, "wb") as f:
        f.write(wav_header(16000, 1, data_bytes))
        f.truncate(44 + data_bytes)
    started = time.monotonic()
    info = audio.probe(path)
    assert time.monotonic() - started < 2
    assert info.duration_ms == hours * 3600 * 1000 and info.channels == 1

    token, fractions = CancelToken(), []

    def progress(p) -> None:
        fractions.append(p.fraction)
        if p.fraction > 0.002:  # about 70 s of the ten hours
            token.cancel()

    started = time.monotonic()
    with pytest.raises(CancelledError):
        audio.decode(path, progress, token)
    assert time.monotonic() - started < 30
    assert fractions and 0 < max(fractions) < 0.02  # the bar counts the ten hours, not a guess


# --- 3. folders that cannot be written ---------------------------------------------------------------

def test_read_only_output_folder_is_refused_in_french(seance_home, tmp_path, speech):
    out = tmp_path / "archives"
    out.mkdir()
    (out / "ancien.txt").write_text("à garder", "utf-8")
    with immutable(out):  # even root cannot create a file in it
        run = cli_run("transcribe", speech, "--out", out, "--no-diarize")
        assert run.returncode != 0
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and "Écriture refusée dans" in lines[0] and str(out) in lines[0], run.stderr
        assert "Traceback" not in run.stderr
        assert sorted(p.name for p in out.iterdir()) == ["ancien.txt"]
    assert (out / "ancien.txt").read_text("utf-8") == "à garder"


def test_a_file_where_the_output_folder_should_be(seance_home, tmp_path, speech):
    blocker = tmp_path / "réunions"
    blocker.write_text("pas un dossier", "utf-8")
    for out in (blocker, blocker / "2026"):
        run = cli_run("transcribe", speech, "--out", out, "--no-diarize")
        assert run.returncode != 0
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and f"{blocker} : c'est un fichier, pas un dossier" in lines[0], run.stderr
    assert blocker.read_text("utf-8") == "pas un dossier"


# --- 4. a full disk ------------------------------------------------------------------------------------

def test_full_disk_during_a_save_keeps_meeting_and_backup_whole(tmp_path):
    """A save on a full disk fails in French and leaves both files as they were: the backup is
    written atomically too, never cut by the failing save."""
    from transcriber.errors import StoreError

    with small_disk(tmp_path) as disk:
        folder = small_meeting(disk)
        folder.save(Meeting(title="Conseil, version 2"))
        before = snapshot_tree(folder.path)
        filler = fill(disk)
        with pytest.raises(StoreError, match="Le disque est plein"):
            folder.save(Meeting(title="Conseil, version 3"))
        assert snapshot_tree(folder.path) == before  # no temp file, no cut backup
        free(filler)
        folder.save(Meeting(title="Conseil, version 3"))
        assert folder.load().title == "Conseil, version 3"
        assert json.loads(folder.backup_file.read_text("utf-8"))["title"] == "Conseil, version 2"


@pytest.mark.slow
def test_full_disk_during_a_transcription_keeps_the_meeting_and_it_resumes(seance_home, tmp_path, speech):
    """The disk fills while ``seance transcribe`` works: it stops with the French reason, the
    meeting folder is kept whole (copied audio, last good meeting.json), and once room is made
    ``seance transcribe FOLDER`` finishes it."""
    with small_disk(tmp_path) as disk:
        needs_real_mount(disk)
        child = subprocess.Popen(
            [sys.executable, "-m", "transcriber.cli", "transcribe", str(speech), "--out", str(disk),
             "--no-diarize", "--threads", "1"],
            cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not list(disk.glob("*.seance/meeting.json")) and time.monotonic() < deadline:
            time.sleep(0.01)
        filler = fill(disk)  # the model is still loading: the next save finds the disk full
        _, err = child.communicate(timeout=300)
        assert child.returncode != 0, err
        assert "Le disque est plein" in err and "la réunion est gardée" in err, err
        assert "Traceback" not in err
        (folder,) = disk.glob("*.seance")
        meeting = json.loads((folder / "meeting.json").read_text("utf-8"))  # whole, readable
        assert meeting["segments"] == [] and "asr" not in meeting.get("steps", {})
        assert (folder / meeting["audio"]).read_bytes() == speech.read_bytes()
        assert not list(folder.rglob(".*.tmp"))

        free(filler)
        resumed = cli_run("transcribe", folder, "--no-diarize", "--threads", "2")
        assert resumed.returncode == 0, resumed.stderr
        meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
        assert "commune" in " ".join(w["text"] for s in meeting["segments"] for w in s["words"])


def test_full_disk_during_a_recording_keeps_the_audio_and_saves_the_meeting(tmp_path):
    """The recording fills a real disk: it stops in French, the audio up to that point is a
    readable WAV, and the meeting is saved with that length (the recorder sets room aside for
    this last save and gives it back when the disk is full)."""
    from transcriber.recording import ToneSource, start_recording
    from transcriber.recording.state import RESERVE_FILE

    with small_disk(tmp_path) as disk:
        needs_real_mount(disk)  # the WAV is written with os.write, which the fallback cannot fail
        errors: list = []
        recorder = start_recording(disk, "Conseil", ToneSource(120, speed=None), on_error=errors.append)
        assert recorder.wait(60)
        meeting = recorder.stop()  # before the fix: StoreError, nothing saved
        assert errors and str(errors[0]).startswith("Le disque est plein : l'enregistrement s'est arrêté à")
        assert "Ce qui a été enregistré est conservé" in str(errors[0])
        with wave.open(str(recorder.audio_path)) as w:
            frames = w.getnframes()
        assert frames > 10 * 16000  # most of the megabyte holds audio
        assert meeting.duration_ms == frames * 1000 // 16000
        saved = MeetingFolder(recorder.folder.path).load()
        assert saved.duration_ms == meeting.duration_ms and saved.audio == "audio/recording.wav"
        assert saved.steps["record"]["error"].startswith("Le disque est plein")
        assert not (recorder.folder.path / RESERVE_FILE).exists()


# --- 5. meeting.json damaged, or from a newer Séance ------------------------------------------------

def test_corrupt_meeting_json_falls_back_on_the_backup_and_says_so(seance_home, tmp_path):
    folder = small_meeting(tmp_path)
    folder.save(Meeting(title="Conseil", segments=[Segment(0, 500, [Word(0, 500, "Bonsoir.")], "S0")]))
    good = folder.backup_file.read_bytes()  # the first version
    torn = folder.meeting_file.read_bytes()[:37]
    folder.meeting_file.write_bytes(torn)

    run = cli_run("export", folder.path, "--format", "txt")
    assert run.returncode == 0, run.stderr
    warning = run.stderr.strip().splitlines()[0]
    assert warning.startswith("seance: attention : Le fichier de la réunion « Conseil » était illisible")
    assert "dernière sauvegarde" in warning and DAMAGED_FILE in warning
    assert folder.meeting_file.read_bytes() == good  # the backup is the meeting again
    assert folder.backup_file.read_bytes() == good  # never replaced by the damaged file
    assert (folder.path / DAMAGED_FILE).read_bytes() == torn  # nothing deleted
    assert "La séance est ouverte" in (folder.exports_dir / "transcription.txt").read_text("utf-8")

    again = cli_run("export", folder.path, "--format", "txt")  # said once, not at every opening
    assert again.returncode == 0 and "attention" not in again.stderr


def test_corrupt_meeting_json_is_said_in_the_app(qtbot, window, tmp_path):
    from rel_helpers import open_meeting

    folder = small_meeting(tmp_path)
    folder.save(Meeting(title="Conseil", segments=[Segment(0, 500, [Word(0, 500, "Bonsoir.")], "S0")]))
    folder.meeting_file.write_text('{"title": "Conseil", "segm', "utf-8")
    doc = open_meeting(qtbot, window, folder.path)
    assert doc.meeting.segments[0].text.startswith("La séance est ouverte")
    banner = window.meeting_view.banner
    assert banner.isVisible() and "était illisible" in banner.label.text()


def newer_meeting(parent: Path) -> tuple[MeetingFolder, dict[str, bytes]]:
    """A meeting whose meeting.json a newer Séance wrote, with an older backup beside it."""
    folder = small_meeting(parent)
    folder.save(Meeting(title="Conseil"))
    data = json.loads(folder.meeting_file.read_text("utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    data["nouveau_champ"] = {"inconnu": True}
    folder.meeting_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder, snapshot_tree(folder.path)


@pytest.mark.parametrize("command", [["export", "--format", "txt"], ["transcribe", "--no-diarize"]])
def test_meeting_from_a_newer_seance_is_refused_untouched(seance_home, tmp_path, command):
    """Never opened through its older backup, never rewritten: before the fix, the older backup
    was silently taken and saved over the newer file."""
    folder, before = newer_meeting(tmp_path)
    run = cli_run(command[0], folder.path, *command[1:])
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "version plus récente de Séance" in lines[0], run.stderr
    assert "mettez Séance à jour" in lines[0] and "n'a pas été modifié" in lines[0]
    assert snapshot_tree(folder.path) == before


def test_meeting_from_a_newer_seance_is_refused_untouched_in_the_app(qtbot, window, tmp_path):
    folder, before = newer_meeting(tmp_path)
    window.open_meeting(folder.path)
    qtbot.waitUntil(lambda: bool(window.messages), timeout=10_000)
    assert "version plus récente de Séance" in window.messages[-1]
    assert window.meeting_view.doc is None
    assert snapshot_tree(folder.path) == before
    assert BACKUP_FILE in before


def test_read_only_meetings_folder_fails_the_app_import_in_french(qtbot, window, tmp_path, speech):
    """The app's import job into a folder nothing can be created in: the job fails with the
    French reason naming the folder, and nothing is created there."""
    from transcriber.pipeline import PipelineOptions

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from ui_helpers import wait_job_state

    out = tmp_path / "partage"
    out.mkdir()
    with immutable(out):
        window.jobs.enqueue_import(speech, out, "Conseil", PipelineOptions(diarize=False))
        job = wait_job_state(qtbot, window, ("done", "failed"), timeout=60_000)
        assert job.state == "failed"
        assert "Écriture refusée dans" in job.message and str(out) in job.message, job.message
        assert not list(out.iterdir())
