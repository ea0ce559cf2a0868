import subprocess

import numpy as np
import pytest

from transcriber import audio
from transcriber.errors import AudioError

FORMATS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "64k"],
    "m4a": ["-c:a", "aac", "-b:a", "64k"],
    "ogg": ["-c:a", "libvorbis"],
    "opus": ["-c:a", "libopus"],
    "flac": ["-c:a", "flac"],
    "wav": ["-c:a", "pcm_s16le", "-ar", "44100", "-ac", "2"],
}


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", *map(str, args)], check=True)


@pytest.fixture(scope="module")
def clip(eval_dir):
    return eval_dir / "fr_fleurs_007.wav"


@pytest.fixture(scope="module")
def reference(clip):
    return audio.decode(clip)


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_decodes_every_audio_format_to_16k_mono(tmp_path, clip, reference, ext):
    out = tmp_path / f"clip.{ext}"
    ffmpeg("-i", clip, *FORMATS[ext], out)
    samples = audio.decode(out)
    assert samples.dtype == np.float32 and samples.ndim == 1
    # same duration within 80 ms (codec padding), and the same sound
    assert abs(samples.size - reference.size) < 0.08 * audio.SAMPLE_RATE
    n = min(samples.size, reference.size)
    rms = lambda x: float(np.sqrt(np.mean(x**2)))  # noqa: E731
    assert rms(samples[:n]) == pytest.approx(rms(reference[:n]), rel=0.15)


@pytest.mark.parametrize("ext", ["mp4", "webm"])
def test_decodes_the_audio_track_of_a_video(tmp_path, clip, reference, ext):
    out = tmp_path / f"video.{ext}"
    vcodec = ["-c:v", "libx264"] if ext == "mp4" else ["-c:v", "libvpx", "-c:a", "libopus"]
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:r=5", "-i", clip, "-shortest", *vcodec, out)
    samples = audio.decode(out)
    assert abs(samples.size - reference.size) < 0.25 * audio.SAMPLE_RATE
    info = audio.probe(out)
    assert info.duration_ms > 10_000


def test_probe_reads_the_header(clip):
    info = audio.probe(clip)
    assert info.sample_rate == 16000 and info.channels == 1
    assert info.duration_ms == pytest.approx(11640, abs=20)


def test_probe_gives_the_day_of_the_recording(tmp_path, clip):
    """The import dialog's date: the file's own date tag (RIFF ICRD, MP4 creation_time), else
    the day the file was last modified, never simply today."""
    import os
    from datetime import datetime

    tagged = tmp_path / "seance.wav"
    ffmpeg("-i", clip, "-t", "1", "-metadata", "date=2025-11-03", tagged)
    phone = tmp_path / "seance.m4a"
    ffmpeg("-i", clip, "-t", "1", "-c:a", "aac", "-metadata", "creation_time=2024-06-20T10:00:00Z", phone)
    plain = tmp_path / "plain.wav"
    ffmpeg("-i", clip, "-t", "1", "-map_metadata", "-1", "-fflags", "+bitexact", plain)
    stamp = datetime(2023, 1, 15, 20, 30).timestamp()
    os.utime(plain, (stamp, stamp))
    assert audio.probe(tagged).recorded == "2025-11-03"
    assert audio.probe(phone).recorded == "2024-06-20"
    assert audio.probe(plain).recorded == "2023-01-15"
    # a nonsense tag (a camera's factory date) falls back on the file's day
    assert audio.recording_date(plain, {"date": "1970-01-01"}) == "2023-01-15"
    assert audio.recording_date(plain, {"creation_time": "2026-02-30T10:00:00Z"}) == "2023-01-15"


def test_missing_file(tmp_path):
    with pytest.raises(AudioError, match="introuvable"):
        audio.decode(tmp_path / "absent.wav")


def test_zero_byte_file(tmp_path):
    p = tmp_path / "empty.mp3"
    p.write_bytes(b"")
    with pytest.raises(AudioError, match="vide"):
        audio.probe(p)


def test_text_file_renamed_mp3(tmp_path):
    p = tmp_path / "notes.mp3"
    p.write_text("Ordre du jour du conseil municipal\n" * 50, encoding="utf-8")
    with pytest.raises(AudioError, match="pas un fichier audio"):
        audio.decode(p)


def test_truncated_mp3(tmp_path, eval_dir):
    full = tmp_path / "full.mp3"
    ffmpeg("-i", eval_dir / "fr_fleurs_001.wav", "-c:a", "libmp3lame", "-b:a", "64k", full)
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    with pytest.raises(AudioError, match="tronqué"):
        audio.decode(cut)


def test_video_without_sound(tmp_path):
    p = tmp_path / "mute.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=2", "-c:v", "libx264", p)
    with pytest.raises(AudioError, match="aucune piste audio"):
        audio.probe(p)


def test_silence_is_detected(tmp_path):
    p = tmp_path / "silence.wav"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "60", p)
    samples = audio.decode(p)
    assert samples.size == 60 * 16000
    assert audio.is_silent(samples)


def test_progress_and_cancel(eval_dir):
    from transcriber.errors import CancelledError
    from transcriber.jobs import CancelToken

    seen = []
    audio.decode(eval_dir / "fr_edf_phonecall_2spk.wav", progress=seen.append)
    assert seen[-1].fraction == 1.0 and len(seen) >= 3
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        audio.decode(eval_dir / "fr_edf_phonecall_2spk.wav", cancel=token)
