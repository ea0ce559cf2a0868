"""The pipeline: decode → ASR → diarise → align → save, on a meeting folder.

Each finished step is saved with the options it ran with (``Meeting.steps``), so a re-run skips
what is already done: changing the speaker count re-runs diarisation and alignment only. The
audio is decoded once and shared by ASR and diarisation. Steps write only when done: a cancelled
or crashed run leaves the meeting folder as it was after the last finished step. Each step also
records what it cost (``steps[<step>]["usage"]``: wall time, CPU seconds, peak memory; see
``usage``), which is not part of its signature.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from . import audio, notices
from .asr import AsrOptions
from .edit import SPEAKER_COLOURS
from .errors import InputError, SeanceError
from .jobs import CancelToken, Progress, ProgressCallback, no_progress
from .model import Meeting, Speaker
from .steps import JobPlan
from .store import MeetingFolder
from .usage import Meter, Usage, total

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeakerCount:
    """What the user knows about the number of speakers: exact, or a range, or nothing."""

    exact: int | None = None
    minimum: int | None = None
    maximum: int | None = None

    #: the largest count a person may give (the app's spin boxes stop there too)
    MAX = 60

    def validate(self) -> "SpeakerCount":
        """The one rule for a speaker-count hint (CLI and app); ``InputError`` in French."""
        for value in (self.exact, self.minimum, self.maximum):
            if value is not None and value < 1:
                raise InputError("Le nombre d'intervenants doit être au moins 1.")
            if value is not None and value > self.MAX:
                raise InputError(f"Le nombre d'intervenants ne peut pas dépasser {self.MAX}.")
        if self.minimum and self.maximum and self.minimum > self.maximum:
            raise InputError("Le nombre minimal d'intervenants dépasse le nombre maximal.")
        if self.exact and (self.minimum or self.maximum):
            raise InputError("Donnez soit un nombre exact d'intervenants, soit un minimum et un maximum.")
        return self


@dataclass(frozen=True)
class PipelineOptions:
    """A snapshot of every option of a run, frozen when the job starts."""

    asr: AsrOptions = AsrOptions()
    diarize: bool = True
    speakers: SpeakerCount = SpeakerCount()
    #: export TXT/SRT/VTT/JSON into the folder's exports/ when done
    exports: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data, e.g. for a job queue that must survive a restart."""
        return {"asr": self.asr.to_dict(), "diarize": self.diarize,
                "speakers": asdict(self.speakers), "exports": self.exports}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PipelineOptions":
        asr = dict(data.get("asr", {}))
        asr["vocabulary"] = tuple(asr.get("vocabulary", ()))
        known = AsrOptions.__dataclass_fields__
        return cls(
            asr=AsrOptions(**{k: v for k, v in asr.items() if k in known}),
            diarize=bool(data.get("diarize", True)),
            speakers=SpeakerCount(**data.get("speakers", {})),
            exports=bool(data.get("exports", True)),
        )


@dataclass
class RunResult:
    folder: Path
    steps_run: list[str]
    warnings: list[str]
    #: what the steps of this run cost together (decode included); zero when nothing ran
    usage: Usage = field(default_factory=Usage)


# --- creating a meeting ----------------------------------------------------------------------------

def create_meeting(
    parent: str | os.PathLike[str],
    source: str | os.PathLike[str],
    title: str | None = None,
    kind: str = "autre",
    date: str = "",
    language: str = "fr",
    vocabulary: list[str] | None = None,
    collectivite: str = "",
) -> MeetingFolder:
    """Check ``source`` and make a meeting folder holding a copy of it.

    The file is probed before anything is written, so a bad file leaves nothing behind.
    """
    source = Path(source)
    info = audio.probe(source)  # raises AudioError
    folder = MeetingFolder.create(parent, title or source.stem)
    try:
        meeting = Meeting(
            title=title or source.stem,
            kind=kind,
            date=date,
            language=language,
            audio=folder.import_audio(source),
            duration_ms=info.duration_ms,
            vocabulary=list(vocabulary or []),
            collectivite=" ".join(collectivite.split()),
        )
        folder.save(meeting)
    except BaseException:
        folder.remove()
        raise
    return folder


# --- steps --------------------------------------------------------------------------------------

def _signature(meeting: Meeting, step: str) -> dict[str, Any] | None:
    """What a finished step ran with, without what it cost or the warnings it gave."""
    done = meeting.steps.get(step)
    if done is None:
        return None
    return {k: v for k, v in done.items() if k not in ("usage", "warnings")}


def _record_usage(meeting: Meeting, step: str, usage: Usage, overlapped: bool = False) -> None:
    """Keep ``usage`` with a step that ran (a step that left no record gets none). With
    ``overlapped``, the diarisation ran beside the ASR: its thread's CPU is counted with it (where
    the system has per-thread clocks; else with the ASR), its wall time is only its wait after."""
    if step == "decode":
        meeting.steps["decode"] = {}
    if step in meeting.steps:
        meeting.steps[step]["usage"] = {**usage.to_dict(), **({"overlapped": True} if overlapped else {})}


def _record_notices(meeting: Meeting, step: str, notes: list[str], warnings: list[str]) -> None:
    """Keep the user warnings a step gave (``notices.warn``) with it, and in the run's result."""
    if step in meeting.steps:
        if notes:
            meeting.steps[step]["warnings"] = list(notes)
        else:
            meeting.steps[step].pop("warnings", None)
    warnings.extend(n for n in notes if n not in warnings)


def _asr_signature(options: AsrOptions, meeting: Meeting) -> dict[str, Any]:
    sig = options.to_dict()
    # where and how fast it runs does not change what it says
    sig.pop("device"), sig.pop("threads"), sig.pop("batch_size")
    sig["vocabulary"] = sorted(set(sig["vocabulary"]) | set(meeting.vocabulary))
    return sig


def run_asr(meeting: Meeting, samples: np.ndarray, options: AsrOptions,
            progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> None:
    from .asr import transcribe

    vocabulary = tuple(dict.fromkeys([*options.vocabulary, *meeting.vocabulary]))
    opts = AsrOptions(**{**asdict(options), "vocabulary": vocabulary})
    segments = list(transcribe(samples, opts, progress, cancel))
    from .spelling import fix_spellings

    fix_spellings(segments, vocabulary)  # names of the vocabulary spelt as the user writes them
    meeting.segments = segments
    meeting.steps["asr"] = _asr_signature(options, meeting)
    # the words changed: an earlier alignment no longer holds
    meeting.steps.pop("align", None)


def _hints(count: SpeakerCount):
    from .diarize import SpeakerHints

    return SpeakerHints(num_speakers=count.exact, min_speakers=count.minimum, max_speakers=count.maximum)


def run_diarization(meeting: Meeting, samples: np.ndarray, count: SpeakerCount, device: str = "auto",
                    progress: ProgressCallback = no_progress, cancel: CancelToken | None = None,
                    turns: list | None = None) -> None:
    """Diarise ``samples`` (or take ``turns`` found already, e.g. beside the ASR) into the meeting."""
    from .diarize import diarize

    from .align import carry_over_ids

    if turns is None:
        turns = diarize(samples, _hints(count), progress=progress, cancel=cancel, device=device)
    # voices found again keep their ids, hence the names the user gave them
    meeting.turns = carry_over_ids(meeting.turns, turns, {s.id for s in meeting.speakers})
    meeting.steps["diarize"] = asdict(count)
    meeting.steps.pop("align", None)


def run_alignment(meeting: Meeting) -> None:
    """Give every word a speaker from the turns; keep the names of speakers already known."""
    from .align import align

    if not meeting.turns:
        return
    meeting.segments = align(meeting.segments, meeting.turns)
    sync_speakers(meeting)
    meeting.steps["align"] = {"turns": len(meeting.turns)}


def propose_names(meeting: Meeting, samples: np.ndarray) -> list[str]:
    """Propose names for the speakers from the voice profiles of the meeting's collectivité
    (``Speaker.proposal``, for a person to confirm). Nothing without a collectivité or profiles.
    Returns warnings (a refused profile file, a model that could not load): never fatal."""
    if not meeting.collectivite or not meeting.turns:
        return []
    from .errors import SeanceError
    from .voices import identify, propose

    try:
        matches, profiles = identify(meeting, samples, meeting.collectivite)
    except SeanceError as exc:
        log.warning("voice profiles not used: %s", exc)
        return [f"Les voix enregistrées n'ont pas pu servir : {exc}"]
    propose(meeting, matches)
    return [why for _path, why in profiles.refused]


def sync_speakers(meeting: Meeting) -> None:
    """Speakers of the meeting = ids used by turns and segments, plus every speaker the user
    named (a name is never dropped silently, even when its voice is no longer found)."""
    used = set(meeting.used_speaker_ids()) | {t.speaker for t in meeting.turns}
    known = {s.id: s for s in meeting.speakers}
    ids = sorted(used | {s.id for s in meeting.speakers if s.name})
    speakers: list[Speaker] = []
    for i, sid in enumerate(ids):
        speaker = known.get(sid) or Speaker(sid)
        if not speaker.color:
            speaker.color = SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)]
        speakers.append(speaker)
    meeting.speakers = speakers


def run(
    folder: MeetingFolder | str | os.PathLike[str],
    options: PipelineOptions = PipelineOptions(),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    force: bool = False,
) -> RunResult:
    """Bring the meeting in ``folder`` up to date with ``options``; save after each step."""
    folder = folder if isinstance(folder, MeetingFolder) else MeetingFolder(folder)
    meeting = folder.load()
    warnings: list[str] = []
    steps_run: list[str] = []

    need_asr = force or _signature(meeting, "asr") != _asr_signature(options.asr, meeting)
    need_diar = options.diarize and (force or need_asr and not meeting.turns
                                     or _signature(meeting, "diarize") != asdict(options.speakers))
    need_align = options.diarize and (need_asr or need_diar or "align" not in meeting.steps)
    if not (need_asr or need_diar or need_align):
        return RunResult(folder.path, steps_run, warnings)
    progress = _plan(options, need_asr, need_diar, need_align).wrap(progress)

    usages: list[Usage] = []
    with Meter() as meter, notices.collect() as notes:
        samples = audio.decode(folder.audio_path(meeting), progress, cancel)
    meeting.duration_ms = audio.duration_ms(samples)
    audio_s = meeting.duration_ms / 1000
    meter.usage.audio_s = audio_s
    _record_usage(meeting, "decode", meter.usage)
    _record_notices(meeting, "decode", notes, warnings)
    usages.append(meter.usage)
    silent = audio.is_silent(samples)

    background = None
    beside = 0.0  # CPU seconds of the diarisation beside the ASR, moved to its own step
    if need_asr:
        from . import overlap

        asr_options = options.asr
        if need_diar and not silent and meeting.duration_ms >= 1000 \
                and overlap.wanted(duration_s=meeting.duration_ms / 1000):
            background = overlap.BackgroundDiarization(samples, _hints(options.speakers), options.asr.device, cancel)
            asr_options = replace(asr_options, threads=overlap.asr_threads(asr_options.threads))
        try:
            with Meter(audio_s) as meter, notices.collect() as notes:
                if silent:
                    meeting.segments = []
                    meeting.steps["asr"] = _asr_signature(options.asr, meeting)
                else:
                    run_asr(meeting, samples, asr_options, progress, cancel)
        except BaseException:
            if background is not None:
                background.stop()
            raise
        # overlapped: the diarisation thread's CPU so far moves from the ASR's figure to its own
        beside = (background.cpu_s() if background is not None else None) or 0.0
        _record_usage(meeting, "asr", replace(meter.usage, cpu_s=max(0.0, meter.usage.cpu_s - beside)),
                      overlapped=background is not None)
        _record_notices(meeting, "asr", notes, warnings)
        usages.append(meter.usage)
        steps_run.append("asr")
        folder.save(meeting)
    if not meeting.segments:
        warnings.append(
            "Aucune parole n'a été détectée dans l'enregistrement (silence ou bruit) : "
            "la transcription est vide."
        )
    if background is not None and not meeting.segments:
        background.stop()  # nothing was said: no speakers to find
        background = None
    if options.diarize and meeting.segments and not silent:
        if need_diar:
            if meeting.duration_ms < 1000:
                warnings.append("Enregistrement trop court pour distinguer les intervenants.")
            else:
                with Meter(audio_s) as meter, notices.collect() as notes:
                    turns = background.result(progress) if background is not None else None
                    run_diarization(meeting, samples, options.speakers, options.asr.device,
                                    progress, cancel, turns=turns)
                _record_usage(meeting, "diarize", replace(meter.usage, cpu_s=meter.usage.cpu_s + beside),
                              overlapped=background is not None)
                _record_notices(meeting, "diarize", notes, warnings)
                usages.append(meter.usage)
                steps_run.append("diarize")
                folder.save(meeting)
        if need_align or need_diar:
            progress(Progress("align", 0, 1))
            with Meter(audio_s) as meter:
                run_alignment(meeting)
            _record_usage(meeting, "align", meter.usage)
            usages.append(meter.usage)
            warnings += propose_names(meeting, samples)
            steps_run.append("align")
            folder.save(meeting)
    del samples

    if options.exports:
        from .exports import export_all

        export_all(meeting, folder.exports_dir)
    progress(Progress("done", 1, 1))
    return RunResult(folder.path, steps_run, warnings, total(usages))


def _plan(options: PipelineOptions, need_asr: bool, need_diar: bool, need_align: bool) -> JobPlan:
    """The steps of a run and those it skips because they are done (one bar for the job)."""
    steps = ("decode", "asr", "diarize", "align") if options.diarize else ("decode", "asr")
    done = {"asr"} if not need_asr else set()
    if options.diarize:
        done |= {"diarize"} if not need_diar else set()
        done |= {"align"} if not (need_align or need_diar) else set()
    return JobPlan(steps, frozenset(done))


def rediarize(
    folder: MeetingFolder | str | os.PathLike[str],
    count: SpeakerCount = SpeakerCount(),
    device: str = "auto",
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> Meeting:
    """Re-run diarisation and alignment only (new speaker-count hints), keeping the transcript."""
    folder = folder if isinstance(folder, MeetingFolder) else MeetingFolder(folder)
    meeting = folder.load()
    if not meeting.segments:
        raise InputError("Cette réunion n'a pas encore de transcription : lancez d'abord la transcription.")
    samples = audio.decode(folder.audio_path(meeting), progress, cancel)
    with Meter(audio.duration_ms(samples) / 1000) as meter:
        run_diarization(meeting, samples, count.validate(), device, progress, cancel)
    _record_usage(meeting, "diarize", meter.usage)
    run_alignment(meeting)
    propose_names(meeting, samples)
    del samples
    folder.save(meeting)
    from .exports import export_all

    export_all(meeting, folder.exports_dir)
    progress(Progress("done", 1, 1))
    return meeting


def transcribe_file(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    options: PipelineOptions = PipelineOptions(),
    title: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    **meeting_fields: Any,
) -> RunResult:
    """Import ``source`` into a new meeting folder under ``out_dir`` and run the pipeline.

    If the run does not finish, :func:`settle_failed_import` decides whether the folder stays.
    """
    folder = create_meeting(out_dir, source, title=title, language=options.asr.language or "fr",
                            vocabulary=list(options.asr.vocabulary), **meeting_fields)
    try:
        return run(folder, options, progress, cancel)
    except BaseException as exc:
        settle_failed_import(folder, exc)
        raise


def settle_failed_import(folder: MeetingFolder, error: BaseException) -> bool:
    """The one rule for a new meeting whose first run did not finish; True if the folder stays.

    Bad input found before anything useful was saved (an ``InputError``, such as audio that
    cannot be decoded or an unknown model, while no step is done) removes the half-made folder:
    nothing of the user's is lost, and a corrected try makes a new one. A cancelled, interrupted
    or crashed run after the copy keeps it: the copied audio and any finished step are there,
    and a new run on the folder resumes from them. Used by the command line and the app.
    """
    bad_input = isinstance(error, SeanceError) and error.exit_code == InputError.exit_code
    if bad_input and not _has_finished_step(folder):
        log.info("removing %s: bad input before any step finished (%s)", folder.path, type(error).__name__)
        folder.remove()
        return False
    return True


def _has_finished_step(folder: MeetingFolder) -> bool:
    try:
        return bool(folder.load().steps)
    except SeanceError:
        return False


def job_transcribe_file(source: str, out_dir: str, options: PipelineOptions, title: str | None = None,
                        progress: ProgressCallback = no_progress, **meeting_fields: Any) -> RunResult:
    """Entry point for ``jobs.run_isolated``: module-level and picklable."""
    return transcribe_file(source, out_dir, options, title, progress, **meeting_fields)


def job_run(folder: str, options: PipelineOptions, force: bool = False,
            progress: ProgressCallback = no_progress) -> RunResult:
    """Entry point for ``jobs.IsolatedJob`` on an existing meeting folder."""
    return run(MeetingFolder(folder), options, progress, force=force)
