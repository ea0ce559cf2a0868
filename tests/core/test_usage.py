"""Step costs: CPU seconds of every thread, per-step peak memory, the French summary line."""

import threading

import numpy as np
import pytest

from transcriber.usage import Meter, Usage, cost_fr, meeting_usage, summary_fr, total


def _burn(seconds: float) -> None:
    import time

    end = time.process_time() + seconds
    x = 0
    while time.process_time() < end:
        x += 1


def test_meter_counts_cpu_of_other_threads():
    with Meter(audio_s=60) as m:
        worker = threading.Thread(target=_burn, args=(0.3,))
        worker.start()
        worker.join()
    assert m.usage.cpu_s >= 0.25
    assert m.usage.wall_s > 0
    assert m.usage.cpu_s_per_audio_min == pytest.approx(m.usage.cpu_s, rel=1e-6)


def test_peak_memory_is_per_step():
    with Meter() as big:
        block = np.ones(100_000_000 // 8)  # 100 MB touched
        del block
    with Meter() as small:
        pass
    assert big.usage.peak_rss_mb - small.usage.peak_rss_mb > 80


def test_total_and_summary():
    usages = [Usage(10, 30, 500, 600), Usage(20, 90, 900, 600)]
    t = total(usages)
    assert (t.wall_s, t.cpu_s, t.peak_rss_mb, t.audio_s) == (30, 120, 900, 600)
    line = summary_fr(t)
    assert line.startswith("Calcul : 2 min 00 s de processeur pour 10 min 00 s d'audio")
    assert "soit 12 s de processeur par minute d'audio" in line
    assert summary_fr(Usage()) == ""
    assert Usage.from_dict(t.to_dict()) == t


def test_meeting_cost_line_from_saved_steps():
    steps = {
        "decode": {"usage": Usage(1.0, 0.5, 100, 600).to_dict()},
        "asr": {"usage": Usage(300.0, 240.0, 700, 600).to_dict()},
        "diarize": {"usage": Usage(100.0, 69.5, 1300, 600).to_dict()},
        "align": {"done": True},  # a step saved before costs were recorded counts for nothing
        "minutes": {"usage": Usage(5.0, 5.0, 1300, 600).to_dict()},  # not part of the job
    }
    u = meeting_usage(steps)
    assert (u.cpu_s, u.audio_s, u.peak_rss_mb) == (310.0, 600.0, 1300)
    assert cost_fr(u) == "Temps de calcul : 31 s de processeur par minute d'audio"
    assert cost_fr(meeting_usage({})) == "" and cost_fr(Usage(audio_s=60)) == ""
