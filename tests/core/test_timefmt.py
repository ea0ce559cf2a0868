"""French times, durations and dates: the one home of the formatters, and the step labels."""

from datetime import date

import pytest

from transcriber import timefmt
from transcriber.steps import step_label, step_text


def test_times_within_a_recording():
    assert timefmt.subtitle_time(3_723_456) == "01:02:03,456"
    assert timefmt.subtitle_time(5, ".") == "00:00:00.005"
    assert timefmt.hms(3_723_456) == "01:02:03"
    assert timefmt.hms(-40) == "00:00:00"
    assert timefmt.clock(12_345) == "0:12"
    assert timefmt.clock(3_723_000) == "1:02:03"
    assert timefmt.clock(12_345, always_hours=True) == "0:00:12"
    assert timefmt.clock(12_999.7) == "0:12"  # a float from a player or a meter


@pytest.mark.parametrize("seconds,text", [(7, "7 s"), (723.9, "12 min 03 s"), (3725, "1 h 02 min 05 s"),
                                          (0, "0 s")])
def test_durations_in_a_sentence(seconds, text):
    assert timefmt.duration(seconds) == text


def test_talk_time_keeps_minutes():
    assert timefmt.minutes_seconds(185_000) == "3 min 05 s"
    assert timefmt.minutes_seconds(7_500_000) == "125 min 00 s"


@pytest.mark.parametrize("seconds,text", [
    (-1, "temps restant en cours d'estimation"), (12, "environ 15 s restantes"),
    (50, "moins d'une minute restante"), (61, "environ 1 min restante"), (600, "environ 10 min restantes"),
    (3 * 3600 + 5 * 60, "environ 3 h 05 restantes"),
])
def test_time_left(seconds, text):
    assert timefmt.time_left(seconds) == text


def test_dates():
    assert timefmt.parse_date("2026-03-12") == date(2026, 3, 12)
    assert timefmt.parse_date("12/03/2026") == date(2026, 3, 12)
    assert timefmt.parse_date("31/02/2026") is None and timefmt.parse_date("demain") is None
    assert timefmt.french_date("2026-03-12") == "jeudi 12 mars 2026"
    assert timefmt.french_date(date(2026, 4, 1)) == "mercredi 1er avril 2026"
    assert timefmt.french_date("") == ""
    assert timefmt.short_date("2026-03-12") == "12/03/2026"
    assert timefmt.short_date("2026-03-12T20:30:00") == "12/03/2026"
    assert timefmt.short_date("bientôt") == "bientôt"


def test_hours_of_the_day():
    assert timefmt.parse_clock("20h30") == "20:30" and timefmt.parse_clock("9 heures") == "09:00"
    assert timefmt.parse_clock("25:00") is None
    assert timefmt.french_clock("20:30") == "20 h 30" and timefmt.french_clock("20:00") == "20 h"
    assert timefmt.french_clock("") == ""


def test_step_labels_shared_by_cli_and_app():
    assert step_label("asr") == "Transcription" and step_label("inconnu") == "inconnu"
    assert step_text("diarize") == "Étape 3/4 : Intervenants"
    assert step_text("copy") == "Copie du fichier"


def test_time_of_day():
    from datetime import datetime

    assert timefmt.time_of_day(datetime(2026, 3, 12, 14, 32, 5).timestamp()) == "14:32:05"


def test_one_bar_for_the_whole_job():
    """A job's plan turns each step's progress into the share of the whole job: it only grows,
    a resumed job starts after its finished steps, the bar never says 100 % before "done", and
    the steps are numbered among the job's own steps."""
    from transcriber.jobs import Progress
    from transcriber.steps import JobPlan

    full = JobPlan(("decode", "asr", "diarize", "align"))
    reports = [("start", 0), ("decode", 0), ("decode", 1), ("asr", 0), ("asr", 0.5), ("asr", 1),
               ("diarize", 0), ("diarize", 1), ("align", 0), ("align", 1)]
    shares = [full.overall(s, f) for s, f in reports]
    assert shares == sorted(shares) and shares[0] == 0
    assert max(shares) < 1 and full.overall("done", 1) == 1
    assert 0.5 < full.overall("asr", 1) < 0.75  # ASR is most of the work, diarisation a third
    resumed = JobPlan(("decode", "asr", "diarize", "align"), frozenset({"asr"}))
    assert resumed.overall("decode", 0) == full.overall("asr", 1) - full.overall("decode", 1)
    assert resumed.overall("diarize", 0.5) > 0.6  # « Reprendre » does not start from 0 %
    alone = JobPlan(("decode", "asr"))
    assert alone.overall("asr", 0.5) > 0.45 and alone.overall("asr", 1) == 0.99
    assert step_text("asr", alone.steps) == "Étape 2/2 : Transcription"
    assert step_text("align", full.steps) == "Étape 4/4 : Alignement"
    seen = []
    full.wrap(seen.append)(Progress("asr", 30, 60))
    assert seen[0].overall == full.overall("asr", 0.5) and seen[0].steps == full.steps


def test_time_left_is_of_the_whole_job(monkeypatch):
    """The estimate spans the steps: no new "en cours d'estimation" when a step starts."""
    from transcriber import jobs
    from transcriber.jobs import Progress, ProgressTimer
    from transcriber.steps import JobPlan

    now = [100.0]
    monkeypatch.setattr(jobs.time, "monotonic", lambda: now[0])
    plan = JobPlan(("decode", "asr", "diarize", "align"))
    timer = ProgressTimer()
    report = plan.wrap(lambda p: seen.append(timer.eta_seconds(p)))
    seen: list = []
    report(Progress("decode", 0, 10))
    now[0] += 10  # 10 s to do the first half of ASR
    report(Progress("asr", 5, 10))
    half = plan.overall("asr", 0.5)
    assert seen[0] is None and abs(seen[1] - 10 * (1 - half) / half) < 1e-6
    now[0] += 10
    report(Progress("diarize", 0, 10))  # a new step: the estimate goes on
    assert seen[2] is not None and seen[2] < seen[1]
