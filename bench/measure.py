"""One side of ``python -m bench all``, run in its own fresh process (model loading included).

    python -m bench.measure seance|plain-whisper|plain-pyannote FILE --model NAME --threads N --out JSON

* ``seance``: the real pipeline (``pipeline.transcribe_file``: decode, ASR, diarisation,
  alignment, as the CLI and the app run it), its per-step figures read back from the
  ``meeting.json`` it wrote, then the minutes (a procès-verbal .docx).
* ``plain-whisper``: faster-whisper alone, the same model folder and decoding options
  (language, beam size, word timestamps, no conditioning on previous text), given the file path
  as its README shows.
* ``plain-pyannote``: pyannote.audio's ``SpeakerDiarization`` alone with the same weights and
  clustering settings but pyannote's own defaults otherwise (1 s window step, its batch sizes),
  fed the waveform decoded by PyAV (pyannote's own decoders do not load here).

Each stage: wall seconds, CPU seconds (all threads), peak RSS during the stage (Linux), audio
seconds. The JSON goes to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Séance's ASR decoding options that change the work done; plain faster-whisper gets the same.
ASR_OPTIONS = {"beam_size": 5, "word_timestamps": True, "condition_on_previous_text": False}


def _stage(usage, **extra: Any) -> dict[str, Any]:
    return {**usage.to_dict(), **extra}


def seance(file: Path, model: str, threads: int, language: str) -> dict[str, Any]:
    from transcriber import pipeline
    from transcriber.asr import AsrOptions
    from transcriber.minutes.documents import write_document
    from transcriber.store import MeetingFolder
    from transcriber.usage import Meter, Usage

    options = pipeline.PipelineOptions(asr=AsrOptions(model=model, threads=threads, language=language),
                                       exports=False)
    with tempfile.TemporaryDirectory(prefix="seance-bench-") as out:
        with Meter() as whole:
            result = pipeline.transcribe_file(file, out, options)
        meeting = MeetingFolder(result.folder).load()
        stages = {step: meeting.steps[step]["usage"] for step in ("decode", "asr", "diarize", "align")
                  if "usage" in meeting.steps.get(step, {})}
        audio_s = meeting.duration_ms / 1000
        with Meter(audio_s) as minutes:
            write_document(meeting, Path(out) / "pv.docx", "pv")
        stages["minutes"] = _stage(minutes.usage)
    pipeline_usage = Usage.from_dict({**result.usage.to_dict(), "audio_s": audio_s})
    return {
        "stages": stages,
        "pipeline": _stage(pipeline_usage, process_wall_s=round(whole.usage.wall_s, 2)),
        "words": sum(len(s.words) for s in meeting.segments),
        "speakers": len({t.speaker for t in meeting.turns}),
        "options": options.to_dict(),
    }


def plain_whisper(file: Path, model: str, threads: int, language: str) -> dict[str, Any]:
    import time

    # faster-whisper first: its OpenMP runtime reads the environment when it loads, and
    # ``import transcriber`` sets OMP_WAIT_POLICY, which a plain user would not have.
    wall0, cpu0 = time.perf_counter(), time.process_time()
    from faster_whisper import WhisperModel

    import_wall, import_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    from transcriber.modelstore import resolve_whisper
    from transcriber.usage import Meter

    folder = resolve_whisper(model)
    import av

    with av.open(os.fspath(file)) as container:
        audio_s = float(container.duration or 0) / 1_000_000
    with Meter(audio_s) as load:
        wm = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads)
    load.usage.wall_s += import_wall  # Séance's ASR step imports faster-whisper too
    load.usage.cpu_s += import_cpu
    with Meter(audio_s) as run:
        segments, info = wm.transcribe(os.fspath(file), language=language, **ASR_OPTIONS)
        words = sum(len(s.words or ()) for s in segments)
    return {
        "stages": {"load": _stage(load.usage), "transcribe": _stage(run.usage)},
        "words": words,
        "options": {"model": str(folder), "threads": threads, "language": language, **ASR_OPTIONS},
    }


def plain_pyannote(file: Path, model: str, threads: int, language: str) -> dict[str, Any]:
    from faster_whisper import decode_audio

    from transcriber import _pyannote_offline, diarize as dz
    from transcriber.usage import Meter

    with Meter() as dec:
        samples = decode_audio(os.fspath(file))
    audio_s = samples.size / 16000
    dec.usage.audio_s = audio_s
    root = dz.check_weights()
    with Meter(audio_s) as load:  # imports included, as in Séance's diarisation step
        _pyannote_offline.prepare_environment()
        import torch
        from pyannote.audio import Model
        from pyannote.audio.pipelines import SpeakerDiarization

        torch.set_num_threads(dz.torch_threads())
        pipe = SpeakerDiarization(
            segmentation=Model.from_pretrained(os.fspath(root / dz.WEIGHTS["segmentation"].relpath)),
            embedding=_pyannote_offline.load_embedding_model(root / dz.WEIGHTS["embedding"].relpath),
            plda=_pyannote_offline.placeholder_plda(),
            clustering="AgglomerativeClustering",
        )
        pipe.instantiate(dz.DEFAULT_CONFIG.params())
    with Meter(audio_s) as run:
        out = pipe({"waveform": torch.from_numpy(samples).unsqueeze(0), "sample_rate": 16000})
    return {
        "stages": {"decode": _stage(dec.usage), "load": _stage(load.usage), "diarize": _stage(run.usage)},
        "speakers": len(out.speaker_diarization.labels()),
        "options": {"torch_threads": torch.get_num_threads(), **dz.DEFAULT_CONFIG.params()},
    }


SIDES = {"seance": seance, "plain-whisper": plain_whisper, "plain-pyannote": plain_pyannote}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("side", choices=sorted(SIDES))
    ap.add_argument("file", type=Path)
    ap.add_argument("--model", default="base")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--language", default="fr")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    result = SIDES[args.side](args.file, args.model, args.threads, args.language)
    args.out.write_text(json.dumps(result, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
