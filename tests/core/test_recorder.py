"""The recorder driven by replayed and generated sources: exact audio, markers, pause cuts, clean
stop, errors, disk space, devices."""

from __future__ import annotations

import errno
import json
import threading
import time
import wave

import numpy as np
import pytest

from transcriber import recording as rec_mod
from transcriber.errors import InputError, RecordingError
from transcriber.recording import (
    AUDIO_FILE,
    LOCK_FILE,
    FolderLock,
    NO_MIC_MESSAGE,
    STATE_FILE,
    InputDevice,
    Recorder,
    SoundDeviceSource,
    ToneSource,
    WavReplaySource,
    find_interrupted,
    list_input_devices,
    low_disk_message,
    minutes_left,
    recover,
    repair_wav,
    start_recording,
    wav_header,
)
from transcriber.store import MeetingFolder

try:
    from .recording_helpers import eval_wav, read_wav
except ImportError:
    from recording_helpers import eval_wav, read_wav


def _wait_position(recorder: Recorder, ms: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while recorder.position_ms() < ms:
        assert time.monotonic() < deadline, "the replay did not advance"
        time.sleep(0.005)


# --- 1. real replay: exact audio, markers and pause round-trip ------------------------------


def test_replay_is_recorded_sample_for_sample_with_markers(tmp_path):
    src = eval_wav()
    rate, source = read_wav(src)
    recorder = start_recording(tmp_path, "Conseil du 12 mars", WavReplaySource(src, speed=None))
    a1 = recorder.next_agenda_item()
    note = recorder.add_note("Arrivée de Mme Dupont")
    a2 = recorder.next_agenda_item("Budget primitif")
    vote = recorder.add_vote()
    assert recorder.wait(30), "the replay never finished"
    meeting = recorder.stop()

    got_rate, recorded = read_wav(recorder.audio_path)
    assert got_rate == rate
    assert np.array_equal(recorded, source)
    assert meeting.duration_ms == len(source) * 1000 // rate

    assert [a1.label, a2.label, note.label, vote.label] == [
        "Point 1", "Point 2 : Budget primitif", "Arrivée de Mme Dupont", "Vote"]
    loaded = MeetingFolder(recorder.folder.path).load()
    assert loaded.title == "Conseil du 12 mars"
    assert loaded.audio == AUDIO_FILE
    assert loaded.duration_ms == meeting.duration_ms
    assert [(m.kind, m.label) for m in loaded.markers] == [
        ("agenda", "Point 1"), ("note", "Arrivée de Mme Dupont"),
        ("agenda", "Point 2 : Budget primitif"), ("vote", "Vote")]
    times = [m.time_ms for m in loaded.markers]
    assert times == sorted(times) and all(0 <= t <= loaded.duration_ms for t in times)


def test_pause_cuts_the_file_and_markers_sit_at_the_cut(tmp_path):
    src = eval_wav()
    rate, source = read_wav(src)
    block = rate // 10  # WavReplaySource's 100 ms blocks
    recorder = start_recording(tmp_path, "Pause", WavReplaySource(src, speed=10))
    _wait_position(recorder, 4000)
    recorder.next_agenda_item()
    recorder.pause()
    assert recorder.status().state == "paused"
    assert recorder.level()[0] == rec_mod.SILENCE_DBFS
    time.sleep(0.3)  # about 3 s of the file go by, unrecorded
    recorder.add_note("Suspension de séance")
    recorder.resume()
    _wait_position(recorder, recorder.position_ms() + 1000)
    recorder.add_vote("Vote du budget")
    assert recorder.wait(30)
    recorder.stop()

    markers = MeetingFolder(recorder.folder.path).load().markers
    by_kind = {m.kind: m for m in markers}
    assert set(by_kind) == {"agenda", "pause", "note", "resume", "vote"}
    pause, resume = by_kind["pause"], by_kind["resume"]
    assert pause.time_ms == resume.time_ms, "a pause and its resume mark the same cut"
    assert pause.label.startswith("Pause à ") and resume.label.startswith("Reprise à ")
    assert "pause de" in resume.label
    assert by_kind["agenda"].time_ms <= pause.time_ms < by_kind["vote"].time_ms
    assert pause.time_ms - 100 <= by_kind["note"].time_ms <= pause.time_ms

    _, recorded = read_wav(recorder.audio_path)
    cut = pause.time_ms * rate // 1000
    gap = len(source) - len(recorded)
    assert gap % block == 0 and 1 * rate <= gap <= 15 * rate, gap
    assert np.array_equal(recorded[:cut], source[:cut])
    assert np.array_equal(recorded[cut:], source[cut + gap:]), "the file is the source minus the pause"


# --- clean stop ---------------------------------------------------------------------------


def test_stop_joins_the_writer_and_leaves_a_final_file(tmp_path):
    recorder = start_recording(tmp_path, "Arrêt", ToneSource(600, speed=20))
    _wait_position(recorder, 2000)
    assert recorder.status().state == "recording"
    assert (recorder.folder.path / LOCK_FILE).exists()
    assert find_interrupted(tmp_path) == [], "a live recording is not 'interrupted'"
    with pytest.raises(RecordingError, match="toujours en cours"):
        recover(recorder.folder)

    meeting = recorder.stop()
    assert not recorder._writer.is_alive()
    assert recorder._wav.closed
    assert recorder.source.ended
    assert recorder.stop() is meeting  # idempotent
    with wave.open(str(recorder.audio_path)) as w:
        frames = w.getnframes()
    size = recorder.audio_path.stat().st_size
    assert size == 44 + 2 * frames, "the header describes every byte of the file"
    assert meeting.duration_ms == frames * 1000 // 16000 >= 2000
    state = json.loads((recorder.folder.path / STATE_FILE).read_text("utf-8"))
    assert state["state"] == "stopped"
    after = FolderLock(recorder.folder.path / LOCK_FILE)
    assert after.acquire(), "a clean stop frees the folder's lock"
    after.release()
    assert find_interrupted(tmp_path) == []
    assert recorder.status().state == "stopped"
    with pytest.raises(RecordingError):
        recorder.next_agenda_item()


def test_duration_limit_gives_an_exact_file(tmp_path):
    recorder = start_recording(tmp_path, "Limite", ToneSource(60, speed=None), max_duration_s=2.5)
    assert recorder.wait(30)
    meeting = recorder.stop()
    rate, samples = read_wav(recorder.audio_path)
    assert len(samples) == int(2.5 * rate)
    assert meeting.duration_ms == 2500


def test_stereo_source_is_downmixed_to_mono(tmp_path):
    recorder = start_recording(tmp_path, "Stéréo", ToneSource(3, channels=2, speed=None))
    assert recorder.wait(30)
    recorder.stop()
    with wave.open(str(recorder.audio_path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (1, 16000, 48000)
    _, mono = read_wav(recorder.audio_path)
    n = np.arange(48000)
    expected = (np.sin(2 * np.pi * 440 * n / 16000) * 32767 * 0.25).astype(np.int16)
    assert np.max(np.abs(mono.astype(int) - expected)) <= 1


def test_level_follows_the_signal(tmp_path):
    recorder = start_recording(tmp_path, "Niveau", ToneSource(30, amplitude=0.5, speed=4))
    _wait_position(recorder, 1500)
    time.sleep(0.1)
    rms, peak = recorder.level()
    recorder.stop()
    assert -7.0 < peak < -5.0, peak  # 0.5 full scale = -6 dBFS
    assert -10.0 < rms < -8.0, rms  # a sine's RMS is 3 dB under its peak


# --- crash repair (in-process parts) --------------------------------------------------------


def test_repair_wav_recomputes_the_header_from_the_file_size(tmp_path):
    path = tmp_path / "x.wav"
    samples = (np.arange(1001) % 200 - 100).astype("<i2")
    path.write_bytes(wav_header(16000, 1, 0) + samples.tobytes() + b"\x01")  # stale + half a sample
    assert repair_wav(path) == 1001
    with wave.open(str(path)) as w:
        assert w.getnframes() == 1001
        assert np.array_equal(np.frombuffer(w.readframes(1001), "<i2"), samples)

    broken = tmp_path / "y.wav"
    broken.write_bytes(b"\0" * 44 + samples.tobytes())
    with pytest.raises(RecordingError, match="endommagé"):
        repair_wav(broken)
    assert repair_wav(broken, samplerate=22050) == 1001
    with wave.open(str(broken)) as w:
        assert w.getframerate() == 22050


def test_recover_after_a_simulated_crash_in_process(tmp_path):
    recorder = start_recording(tmp_path, "Crash", ToneSource(600, speed=20))
    _wait_position(recorder, 3000)
    recorder.next_agenda_item()
    _wait_position(recorder, 5000)
    # simulate the death of the process: the source and the writer vanish, the lock is freed
    recorder.source.stop()
    recorder._stopping.set()
    recorder._writer.join()
    recorder._folder_lock.release()
    written = recorder._written
    # the header on disk says less than the file holds until the next sync: make it stale
    with open(recorder.audio_path, "r+b") as f:
        f.write(wav_header(16000, 1, 0))

    found = find_interrupted(tmp_path)
    assert [f.folder.path for f in found] == [recorder.folder.path]
    assert found[0].title == "Crash" and found[0].markers == 1
    meeting = recover(found[0].folder)
    assert meeting.duration_ms == written * 1000 // 16000
    assert [m.kind for m in meeting.markers] == ["agenda"]
    assert meeting.steps["record"]["recovered"]
    with wave.open(str(recorder.audio_path)) as w:
        assert w.getnframes() == written
    assert find_interrupted(tmp_path) == []
    with pytest.raises(RecordingError, match="n'a pas été interrompu"):
        recover(recorder.folder)


# --- 6. errors, disk space ------------------------------------------------------------------


def test_disk_space_minutes_and_warning(tmp_path):
    assert minutes_left(16000 * 2 * 60 * 25, 16000) == pytest.approx(25.0)
    assert minutes_left(48000 * 2 * 60, 48000) == pytest.approx(1.0)
    assert "9 min" in low_disk_message(9.7)

    warnings: list[str] = []
    free = {"bytes": 16000 * 2 * 60 * 500}  # 500 minutes
    recorder = Recorder(
        MeetingFolder.create(tmp_path, "Disque"), ToneSource(3600, speed=2),
        on_warning=warnings.append, free_bytes=lambda path: free["bytes"],
    )
    recorder.start()
    try:
        st = recorder.status()
        assert st.disk_minutes_left == pytest.approx(500.0) and not st.low_disk
        assert warnings == []
        free["bytes"] = 16000 * 2 * 60 * 7  # 7 minutes left
        recorder._check_disk()
        recorder._check_disk()
        st = recorder.status()
        assert st.low_disk and st.disk_minutes_left == pytest.approx(7.0)
        assert len(warnings) == 1, "warned once, not at every check"
        assert "il reste environ 7 min" in warnings[0]
    finally:
        recorder.stop()


def test_disk_full_stops_the_recording_and_keeps_the_audio(tmp_path, monkeypatch):
    calls = {"n": 0}
    real_append = rec_mod.WavAppender.append

    def append(self, frames):
        calls["n"] += 1
        if calls["n"] > 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_append(self, frames)

    monkeypatch.setattr(rec_mod.WavAppender, "append", append)
    errors = []
    recorder = start_recording(tmp_path, "Plein", ToneSource(60, speed=None), on_error=errors.append)
    assert recorder.wait(30)
    meeting = recorder.stop()
    assert "Le disque est plein" in recorder.status().error
    assert errors and errors[0] is recorder.error
    assert meeting.duration_ms == 2000  # four 500 ms blocks reached the disk
    assert meeting.steps["record"]["error"].startswith("Le disque est plein")
    with wave.open(str(recorder.audio_path)) as w:
        assert w.getnframes() == 32000


class _BrokenSource:
    samplerate, blocksize, name = 16000, 1600, "cassé"
    ended = False
    error = None

    def start(self, callback, backlog):
        raise RecordingError("Impossible d'ouvrir le micro « cassé ».")

    def stop(self):
        pass


def test_a_stream_that_cannot_start_leaves_nothing_behind(tmp_path):
    with pytest.raises(RecordingError, match="Impossible d'ouvrir le micro"):
        start_recording(tmp_path, "Échec", _BrokenSource())
    assert list(tmp_path.iterdir()) == []


class _DyingSource(ToneSource):
    """Delivers a second of audio, then fails like an unplugged microphone."""

    def _blocks(self):
        yield from list(super()._blocks())[:2]
        self._error = RecordingError("Le micro « test » a cessé de fonctionner (débranché ?).")


def test_a_stream_failure_is_reported_and_the_audio_kept(tmp_path):
    recorder = start_recording(tmp_path, "Débranché", _DyingSource(10, speed=None))
    assert recorder.wait(30)
    st = recorder.status()
    assert st.finished and "a cessé de fonctionner" in st.error
    meeting = recorder.stop()
    assert meeting.duration_ms == 1000
    assert "a cessé de fonctionner" in meeting.steps["record"]["error"]


def test_no_device_gives_a_french_error(monkeypatch):
    sd = pytest.importorskip("sounddevice")
    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: sd.DeviceList())
    with pytest.raises(RecordingError) as exc:
        SoundDeviceSource()
    assert str(exc.value) == NO_MIC_MESSAGE and str(exc.value).startswith("Aucun micro détecté")


def test_missing_portaudio_gives_a_french_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(RecordingError, match="PortAudio est introuvable"):
        list_input_devices()


def test_markers_and_replay_inputs_are_checked(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        WavReplaySource(tmp_path / "absent.wav")
    with pytest.raises(InputError, match="positive"):
        ToneSource(1, speed=0)
    recorder = start_recording(tmp_path, "Saisie", ToneSource(60, speed=1))
    try:
        with pytest.raises(InputError, match="note est vide"):
            recorder.add_note("  ")
        with pytest.raises(InputError):
            recorder.add_marker("pause")  # pauses come from pause()/resume() only
        assert recorder.markers == []
    finally:
        recorder.stop()


# --- 4. sounddevice in CI -------------------------------------------------------------------


def test_sounddevice_imports_and_lists_inputs_without_crashing():
    sd = pytest.importorskip("sounddevice", reason="sounddevice is a runtime dependency")
    assert sd.get_portaudio_version()[0] > 0
    devices = list_input_devices()
    assert isinstance(devices, list)
    assert all(isinstance(d, InputDevice) and d.channels > 0 for d in devices)
    raw_inputs = [d for d in sd.query_devices() if d["max_input_channels"] > 0]
    assert len(devices) <= len(raw_inputs)
    if not raw_inputs:  # the CI machine without a sound card
        assert devices == []
        with pytest.raises(RecordingError, match="Aucun micro détecté"):
            SoundDeviceSource()


def test_cli_devices_and_recover_messages(tmp_path, capsys, monkeypatch):
    import argparse

    from transcriber.cli import record as cli_record

    monkeypatch.setattr(cli_record, "list_input_devices", lambda: [])
    with pytest.raises(RecordingError, match="Aucun micro détecté"):
        cli_record.cmd_devices(argparse.Namespace())
    monkeypatch.setattr(cli_record, "list_input_devices",
                        lambda: [InputDevice(3, "USB Mic", "ALSA", 1, 48000, True)])
    assert cli_record.cmd_devices(argparse.Namespace()) == 0
    assert "*   3  USB Mic (ALSA, 1 canaux, 48000 Hz)" in capsys.readouterr().out

    assert cli_record.cmd_recover(argparse.Namespace(dir=tmp_path)) == 0
    assert "Aucun enregistrement interrompu" in capsys.readouterr().out
    with pytest.raises(InputError, match="introuvable"):
        cli_record.cmd_recover(argparse.Namespace(dir=tmp_path / "absent"))


def test_cli_record_replays_and_takes_keyboard_markers(tmp_path):
    import argparse
    import io

    from transcriber.cli import record as cli_record

    src = eval_wav()
    keys = io.StringIO("\nn Ouverture de la séance\nv\nPoint imaginaire\n")
    out = io.StringIO()
    args = argparse.Namespace(title="Conseil du 12 mars", out=tmp_path, device=None,
                              duration=3.0, replay=src, speed=2.0)
    assert cli_record.cmd_record(args, stdin=keys, out=out) == 0
    text = out.getvalue()
    assert "Enregistrement terminé : 3 s, 3 repère(s)." in text
    assert "Commande inconnue « Point imaginaire »" in text
    (folder,) = tmp_path.glob("*.seance")
    meeting = MeetingFolder(folder).load()
    assert meeting.duration_ms == 3000
    assert [(m.kind, m.label) for m in meeting.markers] == [
        ("agenda", "Point 1"), ("note", "Ouverture de la séance"), ("vote", "Vote")]
    with pytest.raises(InputError, match="positif"):
        cli_record.cmd_record(argparse.Namespace(title="x", out=tmp_path, device=None,
                                                 duration=-1, replay=src, speed=1.0))


def test_writer_keeps_up_with_concurrent_markers(tmp_path):
    """Markers added from another thread while the writer runs are all persisted."""
    recorder = start_recording(tmp_path, "Concurrence", ToneSource(120, speed=30))

    def add_many():
        for _ in range(20):
            recorder.add_vote()
            time.sleep(0.01)

    t = threading.Thread(target=add_many)
    t.start()
    recorder.pause()
    recorder.resume()
    t.join()
    state = json.loads((recorder.folder.path / STATE_FILE).read_text("utf-8"))
    meeting = recorder.stop()
    assert sum(1 for m in state["markers"] if m["kind"] == "vote") == 20
    assert sum(1 for m in meeting.markers if m.kind == "vote") == 20


def test_recording_into_an_existing_meeting_keeps_its_form(tmp_path):
    from transcriber.model import Meeting

    folder = MeetingFolder.create(tmp_path, "Codir")
    folder.save(Meeting(title="Codir du lundi", kind="codir", form={"president": "M. Martin"}))
    recorder = Recorder(folder, ToneSource(2, speed=None))
    recorder.start()
    assert recorder.wait(30)
    meeting = recorder.stop()
    loaded = folder.load()
    assert (loaded.title, loaded.kind, loaded.form) == ("Codir du lundi", "codir", {"president": "M. Martin"})
    assert loaded.audio == AUDIO_FILE and loaded.duration_ms == meeting.duration_ms == 2000

    again = Recorder(folder, ToneSource(2, speed=None))
    with pytest.raises(RecordingError, match="déjà un enregistrement"):
        again.start()
    assert folder.load().duration_ms == 2000, "the first recording is untouched"

    imported = MeetingFolder.create(tmp_path, "Importée")
    imported.save(Meeting(title="Importée", audio="audio/source.mp3"))
    with pytest.raises(RecordingError, match="a déjà un fichier audio"):
        Recorder(imported, ToneSource(2, speed=None)).start()


def test_a_non_16_bit_file_is_decoded_then_replayed(tmp_path):
    pytest.importorskip("av")
    n = np.arange(16000 * 2)
    sine = np.sin(2 * np.pi * 440 * n / 16000) * 0.5
    pcm24 = (sine * (2**23 - 1)).astype("<i4")
    raw = np.frombuffer(pcm24.tobytes(), np.uint8).reshape(-1, 4)[:, :3].tobytes()
    path = tmp_path / "vingt-quatre.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(3)
        w.setframerate(16000)
        w.writeframes(raw)
    source = WavReplaySource(path, speed=None)
    assert (source.samplerate, source.channels) == (16000, 1)
    recorder = start_recording(tmp_path / "out", "24 bits", source)
    assert recorder.wait(30)
    recorder.stop()
    _, got = read_wav(recorder.audio_path)
    assert abs(len(got) - len(n)) <= 160
    k = min(len(got), len(n))
    expected = (sine[:k] * 32767).astype(np.int16)
    assert np.max(np.abs(got[:k].astype(int) - expected)) < 200
