"""The steps of diarisation after the neural networks: clustering and reconstruction.

Private helper of ``transcriber.diarize``. ``segment_and_embed`` runs the two networks through
pyannote's pipeline (segmentation-3.0 on sliding 10 s windows, then one CAM++ embedding per
local speaker of each window) and returns a ``Windows`` record; everything after that is plain
numpy here, so the bench can cache ``Windows`` and try clustering/reconstruction variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import _pyannote_offline
from .model import Turn


@dataclass
class Windows:
    """What the networks produce for one recording (enough to cluster and reconstruct)."""

    #: (chunks, frames, 3) binary local-speaker activity per window (powerset decoded)
    segmentations: Any  # pyannote.core.SlidingWindowFeature
    #: the segmentation model's output frames (pyannote.core.SlidingWindow)
    frames: Any
    #: (chunks, 3, 192) CAM++ embedding per window and local speaker (NaN when unusable)
    embeddings: np.ndarray
    #: audio duration in seconds
    duration: float
    #: (chunks, frames, 3) probability that each local speaker is active (powerset marginals)
    soft: np.ndarray | None = None


def segment_and_embed(pipeline, samples: np.ndarray, hook: Callable | None = None) -> Windows:
    """Run segmentation (keeping the powerset probabilities) then CAM++ on each local speaker."""
    _pyannote_offline.prepare_environment()
    import torch
    from pyannote.audio.utils.powerset import Powerset
    from pyannote.core import SlidingWindowFeature

    file = {"waveform": torch.from_numpy(samples).unsqueeze(0), "sample_rate": 16000,
            "uri": "meeting"}
    hook = pipeline.setup_hook(file, hook=hook)
    inference = pipeline._segmentation
    specs = inference.model.specifications
    conversion = inference.conversion
    inference.conversion = torch.nn.Identity()  # keep the log-probabilities of the classes
    try:
        logp = pipeline.get_segmentations(file, hook=hook)
    finally:
        inference.conversion = conversion
    powerset = Powerset(len(specs.classes), specs.powerset_max_classes)
    with torch.inference_mode():
        scores = torch.from_numpy(logp.data)
        hard = powerset.to_multilabel(scores, soft=False).numpy()
        soft = powerset.to_multilabel(scores, soft=True).numpy()
    segmentations = SlidingWindowFeature(hard, logp.sliding_window)
    hook("segmentation", segmentations)
    frames = inference.model.receptive_field
    num_chunks, _, local = hard.shape
    if hard.max(initial=0) <= 0:
        embeddings = np.full((num_chunks, local, 192), np.nan, dtype=np.float32)
    else:
        embeddings = pipeline.get_embeddings(
            file, segmentations, exclude_overlap=pipeline.embedding_exclude_overlap, hook=hook)
        hook("embeddings", embeddings)
    return Windows(segmentations, frames, embeddings, samples.size / 16000,
                   soft.astype(np.float16))


# --- clustering --------------------------------------------------------------------------------

#: a given number of speakers larger than this function of the voices found is not plausible
#: (e.g. 40 on a two-voice recording): it is then treated as a maximum, and a note says so
def plausible_count(found: int) -> int:
    return 2 * max(found, 1) + 2


@dataclass
class Clusters:
    """The result of clustering: a cluster per local speaker, and what the count hint became."""

    #: (chunks, 3) cluster of each local speaker (-2: silent in that window, or no embedding)
    hard: np.ndarray
    #: clusters the data support without a hint (threshold cut)
    estimated: int
    #: the number of clusters made
    count: int
    #: every cluster must keep some speech in the output (a count was asked for)
    keep_all: bool
    #: French notes for the user (e.g. a count hint that could not be honoured)
    notes: list[str]


def _voices(n: int) -> str:
    return "qu'une seule voix distincte" if n == 1 else f"qu'environ {n} voix distinctes"


def training_embeddings(windows: Windows, min_clean_ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """(chunk, local speaker) indices of the embeddings worth clustering: valid, and with at
    least ``min_clean_ratio`` of the window spoken by that speaker alone."""
    seg = windows.segmentations.data
    alone = np.sum(seg, axis=2, keepdims=True) == 1
    clean = np.sum(seg * alone, axis=1)
    valid = ~np.any(np.isnan(windows.embeddings), axis=2)
    return np.nonzero(valid & (clean >= min_clean_ratio * seg.shape[1]))


def _valid_by_speech(windows: Windows) -> tuple[np.ndarray, np.ndarray]:
    """Every valid embedding, those with the most speech of their own first."""
    seg = windows.segmentations.data
    alone = np.sum(seg, axis=2, keepdims=True) == 1
    clean = np.sum(seg * alone, axis=1) + 1e-3 * np.sum(seg, axis=1)
    valid = ~np.any(np.isnan(windows.embeddings), axis=2)
    ci, si = np.nonzero(valid)
    order = np.argsort(-clean[ci, si], kind="stable")
    return ci[order], si[order]


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def _centroids(X: np.ndarray, labels: np.ndarray, ks) -> np.ndarray:
    return np.stack([_unit(X[labels == k].mean(0)) for k in ks])


#: most voice prints the agglomerative clustering takes at once. scipy's linkage keeps two
#: condensed distance matrices (about 7.4 n² bytes: 740 MB for 10,000) and its time grows as
#: n². The 3-hour file of ``bench/make_long.py`` has about 7,100 voice prints (estimated from its
#: reference turns: 1.3 per 10 s window), 370 MB; beyond this number (a longer or denser
#: meeting) the clustering runs on this many voice prints spread evenly over the meeting and
#: every other one joins the nearest cluster (``_sampled_labels``): memory and time stop growing.
#: Every eval clip, and a meeting of up to about 4 hours, stays under it (the full clustering).
MAX_LINKAGE = 10_000


def _sampled_labels(X: np.ndarray, config, limit: int) -> np.ndarray:
    """Cluster labels of every row of ``X`` from a threshold cut of ``limit`` rows evenly
    spread over it (in time order): the others go to the nearest centroid (cosine)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    pick = np.unique(np.linspace(0, len(X) - 1, limit).round().astype(np.int64))
    dendrogram = linkage(X[pick], method=config.method, metric="euclidean")
    sub = fcluster(dendrogram, config.threshold, criterion="distance") - 1
    del dendrogram
    cents = _centroids(X[pick], sub, range(int(sub.max()) + 1))
    labels = np.empty(len(X), dtype=sub.dtype)
    labels[pick] = sub
    rest = np.setdiff1d(np.arange(len(X)), pick, assume_unique=True)
    labels[rest] = np.argmax(X[rest] @ cents.T, axis=1)
    return labels


def _threshold_cut(X: np.ndarray, config, limit: int | None = None) -> tuple[np.ndarray, list[int], list[int]]:
    """Agglomerative clustering cut at ``config.threshold``: labels, large and small clusters
    (small: fewer than ``min_cluster_size`` embeddings, scaled down on short recordings).
    More than ``limit`` (``MAX_LINKAGE``) voice prints: see ``MAX_LINKAGE``."""
    from scipy.cluster.hierarchy import fcluster, linkage

    limit = limit or MAX_LINKAGE
    if len(X) == 1:
        return np.zeros(1, dtype=int), [0], []
    if len(X) > limit:
        labels = _sampled_labels(X, config, limit)
    else:
        dendrogram = linkage(X, method=config.method, metric="euclidean")
        labels = fcluster(dendrogram, config.threshold, criterion="distance") - 1
    mcs = min(config.min_cluster_size, max(1, round(0.1 * len(X))))
    sizes = np.bincount(labels)
    large = [int(k) for k in np.flatnonzero(sizes >= mcs)]
    small = [int(k) for k in np.flatnonzero((sizes > 0) & (sizes < mcs))]
    return labels, large, small


def _absorb_small(X: np.ndarray, labels: np.ndarray, large: list[int]) -> np.ndarray:
    """Labels 0..len(large)-1; every other cluster joins the large one with the closest centroid."""
    cents = _centroids(X, labels, large)
    out = np.empty_like(labels)
    for i, k in enumerate(large):
        out[labels == k] = i
    for k in np.unique(labels[~np.isin(labels, large)]):
        out[labels == k] = int(np.argmax(cents @ _unit(X[labels == k].mean(0))))
    return out


def _merge_down(X: np.ndarray, labels: np.ndarray, target: int) -> np.ndarray:
    """Merge the two clusters with the closest centroids until ``target`` remain."""
    labels = labels.copy()
    while len(np.unique(labels)) > target:
        ks = np.unique(labels)
        cents = _centroids(X, labels, ks)
        sim = cents @ cents.T
        np.fill_diagonal(sim, -np.inf)
        i, j = np.unravel_index(np.argmax(sim), sim.shape)
        labels[labels == ks[j]] = ks[i]
    return np.unique(labels, return_inverse=True)[1]


def _split_up(X: np.ndarray, labels: np.ndarray, large: list[int], small: list[int],
              target: int) -> np.ndarray:
    """``target`` clusters from a cut that has fewer large ones, without splitting a voice when
    possible: the small clusters farthest from every large one become speakers of their own
    first (a voice heard in a few windows); only then is the most spread-out cluster cut in
    two, again and again."""
    large, small = list(large), list(small)
    while len(large) < target and small:
        cents = _centroids(X, labels, large)
        nearest = [float(np.max(cents @ _unit(X[labels == k].mean(0)))) for k in small]
        large.append(small.pop(int(np.argmin(nearest))))
    out = _absorb_small(X, labels, large)
    while len(np.unique(out)) < target:
        out = _bisect_widest(X, out)
        if out is None:
            break
    return out if out is not None else _absorb_small(X, labels, large)


def _bisect_widest(X: np.ndarray, labels: np.ndarray) -> np.ndarray | None:
    """Cut the cluster with the largest spread in two (2-means from its two farthest points)."""
    best, spread = None, -1.0
    for k in np.unique(labels):
        members = X[labels == k]
        if len(members) < 2:
            continue
        s = float(np.mean(np.linalg.norm(members - members.mean(0), axis=1)))
        if s > spread:
            best, spread = k, s
    if best is None:
        return None
    idx = np.flatnonzero(labels == best)
    members = X[idx]
    a = int(np.argmax(np.linalg.norm(members - members.mean(0), axis=1)))
    b = int(np.argmax(np.linalg.norm(members - members[a], axis=1)))
    seeds = members[[a, b]]
    for _ in range(10):
        side = np.argmax(members @ _unit(seeds).T, axis=1)
        if side.min() == side.max():
            side[b] = 1 - side[a]
        seeds = np.stack([members[side == j].mean(0) for j in (0, 1)])
    out = labels.copy()
    out[idx[side == 1]] = labels.max() + 1
    return out


def cluster(windows: Windows, hints, config) -> Clusters:
    """Group the local speakers of all windows into voices, honouring the count hints.

    Without hints the count is the threshold cut's. ``num_speakers=N`` gives exactly N voices
    (when the recording has N stretches of speech long enough for a voice print), unless N is
    beyond ``plausible_count`` of the voices found: N then acts as a maximum, and a note says
    so. ``min_speakers``/``max_speakers`` bound the count found.
    """
    emb = windows.embeddings
    seg = windows.segmentations.data
    chunks, local, _ = emb.shape
    inactive = np.sum(seg, axis=1) == 0
    ci, si = training_embeddings(windows, config.min_clean_ratio)
    if len(ci) == 0:  # nothing long enough: use every valid embedding
        ci, si = _valid_by_speech(windows)
    if len(ci) == 0:
        hard = np.full((chunks, local), -2, dtype=np.int16)
        return Clusters(hard, 0, 0, False, [])
    X = _unit(emb[ci, si].astype(np.float64))
    labels, large, small = _threshold_cut(X, config)
    estimated = max(len(large), 1)
    notes: list[str] = []
    lo, hi = hints.min_speakers or 1, hints.max_speakers or max(estimated, 1)
    if hints.num_speakers is not None:
        n = int(hints.num_speakers)
        if n > plausible_count(estimated):
            notes.append(
                f"{n} intervenants étaient indiqués, mais l'enregistrement ne fait entendre "
                f"{_voices(estimated)} : le nombre indiqué a été traité comme "
                "un maximum.")
            lo, hi = 1, n
        else:
            lo = hi = n
    hi = max(hi, lo)
    target = min(max(estimated, lo), hi)
    if not large:
        labels, large, small = np.zeros(len(X), dtype=int), [0], []
    if target == 1:
        final = np.zeros(len(X), dtype=int)
    elif target <= len(large):
        final = _merge_down(X, _absorb_small(X, labels, large), target)
    else:
        # voices heard too briefly for the threshold cut are candidates too, one per embedding
        ci2, si2 = training_embeddings(windows, config.min_clean_ratio_extra)
        extra = ~np.isin(ci2 * local + si2, ci * local + si)
        if target > len(X) + int(extra.sum()):  # even shorter speech, as a last resort
            ci2, si2 = _valid_by_speech(windows)
            extra = ~np.isin(ci2 * local + si2, ci * local + si)
        ci2, si2 = ci2[extra], si2[extra]
        base = labels.max() + 1
        labels = np.concatenate([labels, base + np.arange(len(ci2))])
        small = small + [int(base + i) for i in range(len(ci2))]
        ci, si = np.concatenate([ci, ci2]), np.concatenate([si, si2])
        X = _unit(emb[ci, si].astype(np.float64))
        final = _split_up(X, labels, large, small, min(target, len(X)))
    count = int(final.max()) + 1
    if hints.num_speakers is not None and not notes and count < hints.num_speakers:
        notes.append(
            f"{hints.num_speakers} intervenants étaient indiqués, mais seules {count} voix "
            "ont assez de parole pour être distinguées." if count > 1 else
            f"{hints.num_speakers} intervenants étaient indiqués, mais une seule voix a assez "
            "de parole pour être distinguée.")
    for _ in range(config.refine_steps):  # k-means steps on the sphere from the AHC start
        X = _unit(emb[ci, si].astype(np.float64))
        cents = _centroids(X, final, range(int(final.max()) + 1))
        new = np.argmax(X @ cents.T, axis=1)
        if len(np.unique(new)) < int(final.max()) + 1 or np.array_equal(new, final):
            break
        final = new
    hard = assign(windows, emb[ci, si], final, config.constrained_assignment)
    hard[inactive] = -2
    keep_all = bool(hints.num_speakers or hints.min_speakers or config.keep_clusters)
    return Clusters(hard, estimated, count, keep_all, notes)


def assign(windows: Windows, train: np.ndarray, labels: np.ndarray, constrained: bool) -> np.ndarray:
    """Every local speaker of every window to the cluster whose centroid is closest (cosine);
    with ``constrained``, two local speakers of one window never share a cluster.

    A local speaker without an embedding (under 0.2 s of speech in that window) is left out
    (-2): the frame count still says someone speaks there, and reconstruction gives those
    frames to the clusters the overlapping windows support.
    """
    from scipy.optimize import linear_sum_assignment

    emb = windows.embeddings
    chunks, local, dim = emb.shape
    k = int(labels.max()) + 1
    centroids = _centroids(_unit(train.astype(np.float64)), labels, range(k))
    flat = _unit(np.nan_to_num(emb.reshape(-1, dim).astype(np.float64)))
    sim = (flat @ centroids.T).reshape(chunks, local, k)
    missing = np.any(np.isnan(emb), axis=2)
    if not constrained or k == 1:
        hard = np.argmax(sim, axis=2).astype(np.int16)
    else:
        hard = np.full((chunks, local), -2, dtype=np.int16)
        for c in range(chunks):
            rows, cols = linear_sum_assignment(sim[c], maximize=True)
            hard[c, rows] = cols
    hard[missing] = -2
    return hard


# --- reconstruction ----------------------------------------------------------------------------


def _offsets(windows: Windows) -> np.ndarray:
    """First output frame of each window (pyannote's overlap-add frame grid)."""
    chunks = windows.segmentations.sliding_window
    n = windows.segmentations.data.shape[0]
    return np.rint(np.arange(n) * chunks.step / windows.frames.step).astype(np.int64)


def _grid(windows: Windows):
    from pyannote.core import SlidingWindow

    return SlidingWindow(start=windows.segmentations.sliding_window.start,
                         duration=windows.frames.duration, step=windows.frames.step)


def frame_count(windows: Windows, config) -> np.ndarray:
    """How many people speak at each frame: the mean over the windows covering it of their
    local count, rounded up from ``count_speech`` (first voice) and ``count_overlap`` (second
    and third voice)."""
    source = windows.soft if config.soft_reconstruction and windows.soft is not None \
        else windows.segmentations.data
    local = np.sum(source, axis=-1, dtype=np.float32)  # (chunks, frames)
    offsets = _offsets(windows)
    frames = local.shape[1]
    total = np.zeros(offsets[-1] + frames, dtype=np.float32)
    covered = np.zeros_like(total)
    for c, off in enumerate(offsets):
        total[off:off + frames] += local[c]
        covered[off:off + frames] += 1.0
    mean = total / np.maximum(covered, 1.0)
    count = (mean >= config.count_speech).astype(np.int8)
    for level in (2, 3):
        count += (mean >= level - 1 + config.count_overlap).astype(np.int8)
    return count


def reconstruct(windows: Windows, hard: np.ndarray, config, max_speakers: int | None = None,
                keep_every_cluster: bool = False):
    """Frame-level binary diarisation (SlidingWindowFeature: frames × clusters).

    Each frame gets the ``count`` clusters with the most support there (their activity summed
    over the windows that cover it), among the clusters that have any: a frame never gets a
    speaker whose windows are all silent at that moment. Memory: two (frames × clusters)
    arrays, about 50 MB each for two hours and 30 voices.
    """
    _pyannote_offline.prepare_environment()
    from pyannote.core import SlidingWindowFeature

    seg = windows.segmentations.data
    source = windows.soft if config.soft_reconstruction and windows.soft is not None else seg
    count = frame_count(windows, config)
    if max_speakers:
        count = np.minimum(count, max_speakers)
    offsets = _offsets(windows)
    frames = seg.shape[1]
    num_clusters = max(int(hard.max(initial=0)) + 1, 1)
    act = np.zeros((len(count), num_clusters), dtype=np.float32)
    for c, off in enumerate(offsets):
        for k in np.unique(hard[c]):
            if k >= 0:
                act[off:off + frames, k] += np.max(source[c][:, hard[c] == k], axis=1)
    binary = np.zeros_like(act)
    remaining = act.copy()
    rows = np.arange(len(act))
    for i in range(min(int(count.max(initial=0)), num_clusters)):
        best = np.argmax(remaining, axis=1)
        on = (count > i) & (remaining[rows, best] > 0)
        binary[rows[on], best[on]] = 1.0
        remaining[rows, best] = -1.0
    del remaining
    if keep_every_cluster:
        _restore_lost_clusters(windows, hard, binary, act, count)
    return SlidingWindowFeature(binary, _grid(windows))


def _restore_lost_clusters(windows: Windows, hard: np.ndarray, binary: np.ndarray,
                           act: np.ndarray, count: np.ndarray) -> None:
    """Give a cluster that the frame vote left without any frame its own speech back.

    Used when the number of speakers is given: a voice heard in a few windows only can lose
    every frame to the voices the other windows hear at the same time. It gets back the frames
    of its longest local speaker, replacing there the least supported of the others.
    """
    chunks = windows.segmentations.sliding_window
    step = windows.frames.step
    n = binary.shape[0]
    restored: list[int] = []
    for k in np.flatnonzero(binary.sum(axis=0) == 0):
        best, best_len = None, 0
        for c, s in zip(*np.nonzero(hard == k)):
            length = int(windows.segmentations.data[c, :, s].sum())
            if length > best_len:
                best, best_len = (c, s), length
        if best is None:
            continue
        c, s = best
        offset = int(round(c * chunks.step / step))
        active = np.flatnonzero(windows.segmentations.data[c, :, s] > 0) + offset
        active = active[active < n]
        if np.any(count[active] > 0):  # where the windows agree that someone speaks
            active = active[count[active] > 0]
        for t in active:
            others = [j for j in np.flatnonzero(binary[t]) if j not in restored]
            if others and int(binary[t].sum()) >= max(1, int(count[t])):
                binary[t, min(others, key=lambda j: act[t, j])] = 0.0
            binary[t, k] = 1.0
        restored.append(int(k))


def to_turns(binary, min_duration_off: float, duration: float) -> list[Turn]:
    _pyannote_offline.prepare_environment()
    from pyannote.audio.utils.signal import Binarize

    annotation = Binarize(onset=0.5, offset=0.5, min_duration_on=0.0,
                          min_duration_off=min_duration_off)(binary)
    return turns_from_annotation(annotation, int(duration * 1000))


def turns_from_annotation(annotation, duration_ms: int | None = None) -> list[Turn]:
    """pyannote ``Annotation`` → turns in ms, speakers renamed by first appearance.

    Turns are clipped to ``[0, duration_ms]`` (the zero-padded last window can reach past the
    end of the audio); turns left empty are dropped.
    """
    raw = sorted(
        (seg.start, seg.end, str(label)) for seg, _, label in annotation.itertracks(yield_label=True)
    )
    names: dict[str, str] = {}
    turns: list[Turn] = []
    for start, end, label in raw:
        start_ms, end_ms = max(0, int(round(start * 1000))), int(round(end * 1000))
        if duration_ms is not None:
            end_ms = min(end_ms, duration_ms)
        if end_ms <= start_ms:
            continue
        if label not in names:
            names[label] = f"SPEAKER_{len(names):02d}"
        turns.append(Turn(start_ms, end_ms, names[label]))
    return turns


def cluster_and_reconstruct(windows: Windows, hints, config,
                            notes: list[str] | None = None) -> list[Turn]:
    """Speaker turns from the networks' output; French notes for the user go to ``notes``."""
    if windows.segmentations.data.max(initial=0) <= 0:
        return []
    clusters = cluster(windows, hints, config)
    if notes is not None:
        notes.extend(clusters.notes)
    if clusters.count == 0:
        return []
    max_speakers = hints.num_speakers or hints.max_speakers
    binary = reconstruct(windows, clusters.hard, config, max_speakers,
                         keep_every_cluster=clusters.keep_all)
    return to_turns(binary, config.min_duration_off, windows.duration)


def oracle_turns(windows: Windows, reference: list[Turn], config) -> list[Turn]:
    """Turns when the reference decides every window's speakers (pyannote's OracleClustering)."""
    _pyannote_offline.prepare_environment()
    from pyannote.audio.pipelines.clustering import OracleClustering
    _pyannote_offline.prepare_environment()
    from pyannote.core import Annotation, Segment

    ann = Annotation(uri="clip")
    for i, t in enumerate(reference):
        ann[Segment(t.start_ms / 1000, t.end_ms / 1000), i] = t.speaker
    file = {"annotation": ann, "duration": windows.duration, "uri": "clip"}
    hard, _, _ = OracleClustering()(
        embeddings=None, segmentations=windows.segmentations, file=file, frames=windows.frames)
    hard = np.asarray(hard, dtype=np.int16)
    inactive = np.sum(windows.segmentations.data, axis=1) == 0
    hard[inactive] = -2
    binary = reconstruct(windows, hard, config, len(ann.labels()))
    return to_turns(binary, config.min_duration_off, windows.duration)

