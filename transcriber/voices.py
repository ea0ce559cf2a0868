"""Voice profiles: recognise the recurring speakers of a collectivité from one meeting to the next.

A profile is a named voice print (CAM++ speaker embeddings, the model of the diarisation) that
the user chose to keep: ``enrol`` takes a speaker of a meeting, keeps the turns where they speak
alone, and stores their embedding under a name. In a later meeting, ``identify`` compares each
detected speaker with the profiles and proposes the closest name when the similarity (cosine,
0-1, shown as the confidence) reaches ``THRESHOLD``; each profile names at most one speaker.
Nothing is matched without profiles the user created.

Privacy (RGPD: a voice print is personal data). Profiles live only on this computer, one JSON
file per person in the collectivité's folder of the settings (``voices_dir``), holding the name,
the embeddings (192 numbers per enrolment, from which the voice cannot be played back), and for
each enrolment the meeting title, the speaker id and the seconds used — never audio. Deleting a
person deletes their file. ``storage_notice`` says this in French for the app and the CLI.

Files carry ``FORMAT`` and the embedding model's identity (``MODEL_ID``): a file that is not
valid JSON, has another format, or comes from another model is refused and named
(``VoiceProfileError``), never silently used. Names are unique per collectivité (case and
accents ignored): enrolling a voice under an existing name completes that profile (that is how
confirmed turns refine it).
"""

from __future__ import annotations

import json
import logging
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, StoreError, VoiceProfileError
from .model import Meeting, Speaker, Turn
from .phonetic import fold

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FORMAT = 1
#: the embedding model and the way embeddings are computed here; any change makes old
#: profiles unusable (refused with a message), so it is part of every file
MODEL_ID = "campplus_cn_en_common/92f29b94e694/clean-turns-10s-v1"
DIMENSION = 192
FOLDER = "voix"

#: cosine similarity from which a name is proposed; with MIN_PURITY and MARGIN, chosen on the
#: tuning group of ``bench/voices.py --oracle`` (figures in bench/RESULTS.md)
THRESHOLD = 0.7
#: seconds of clean speech (alone, in turns of at least ``MIN_PIECE_S``) needed to enrol a voice
MIN_ENROL_S = 4.0
#: … and to propose a name for a speaker of a meeting
MIN_IDENTIFY_S = 2.0
MIN_PIECE_S = 1.0
#: at most this much speech (longest clean turns first) is embedded per speaker
MAX_SPEECH_S = 120.0
#: clean turns are embedded in chunks of at most this many seconds
CHUNK_S = 4.0
#: two chunks whose embeddings are at least this similar (cosine) are taken as one voice
SAME_VOICE = 0.5
#: a speaker is named only when this share of their time sounds like the person
MIN_PURITY = 0.6
#: … and when the best profile beats the second best by this much (cosine)
MARGIN = 0.05
#: enrolments kept per profile (the oldest go first)
MAX_ENROLMENTS = 20


# --- files -----------------------------------------------------------------------------------


def voices_dir(collectivite: str) -> Path:
    from .settings import collectivite_dir

    return collectivite_dir(collectivite) / FOLDER


def storage_notice(collectivite: str) -> str:
    """What is stored and where, in plain French (shown by the app and ``seance voices list``)."""
    return (
        f"Les empreintes vocales de « {collectivite} » sont enregistrées uniquement sur cet "
        f"ordinateur, dans {voices_dir(collectivite)} : un fichier par personne, avec son nom, "
        "des nombres calculés à partir de sa voix (pas d'enregistrement sonore) et, pour chaque "
        "réunion qui a servi, son titre et la durée de parole utilisée. Une empreinte vocale est "
        "une donnée personnelle : supprimer une personne efface son fichier."
    )


@dataclass
class Enrolment:
    meeting: str
    speaker: str
    seconds: float
    embedding: list[float]
    added: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))


@dataclass
class VoiceProfile:
    id: str
    name: str
    enrolments: list[Enrolment] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    updated: str = ""
    path: Path | None = None

    @property
    def seconds(self) -> float:
        return sum(e.seconds for e in self.enrolments)

    def centroid(self) -> np.ndarray:
        """The unit mean of the enrolments' embeddings, weighted by their speech time."""
        vecs = np.array([e.embedding for e in self.enrolments], dtype=np.float64)
        weights = np.array([min(e.seconds, MAX_SPEECH_S) for e in self.enrolments])
        return _unit((vecs * weights[:, None]).sum(axis=0))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "model": MODEL_ID,
            "id": self.id,
            "name": self.name,
            "created": self.created,
            "updated": self.updated,
            "enrolments": [
                {"meeting": e.meeting, "speaker": e.speaker, "seconds": round(e.seconds, 1),
                 "added": e.added, "embedding": [round(float(x), 6) for x in e.embedding]}
                for e in self.enrolments
            ],
        }

    @classmethod
    def from_json(cls, data: Any, path: Path) -> "VoiceProfile":
        """Check and read a profile file's content; ``VoiceProfileError`` names what is wrong."""
        where = f"L'empreinte vocale {path.name}"
        if not isinstance(data, dict):
            raise VoiceProfileError(f"{where} est endommagée (contenu inattendu) : supprimez-la.")
        if data.get("format") != FORMAT or data.get("model") != MODEL_ID:
            raise VoiceProfileError(
                f"{where} ({data.get('name', '?')}) a été faite par une autre version du modèle "
                f"de reconnaissance des voix ({data.get('model', 'inconnu')}) : elle ne peut pas "
                "servir. Supprimez-la puis enregistrez de nouveau la voix."
            )
        try:
            enrolments = [
                Enrolment(str(e["meeting"]), str(e["speaker"]), float(e["seconds"]),
                          [float(x) for x in e["embedding"]], str(e.get("added", "")))
                for e in data["enrolments"]
            ]
            profile = cls(str(data["id"]), str(data["name"]).strip(), enrolments,
                          str(data.get("created", "")), str(data.get("updated", "")), path)
        except (KeyError, TypeError, ValueError) as exc:
            raise VoiceProfileError(f"{where} est endommagée ({exc}) : supprimez-la.") from exc
        ok = profile.name and enrolments and all(
            len(e.embedding) == DIMENSION and all(math.isfinite(x) for x in e.embedding)
            and e.seconds > 0 for e in enrolments)
        if not ok:
            raise VoiceProfileError(f"{where} est endommagée (données incomplètes) : supprimez-la.")
        return profile


@dataclass
class ProfileSet:
    """The readable profiles of a collectivité, and the files refused (path, reason)."""

    collectivite: str
    profiles: list[VoiceProfile]
    refused: list[tuple[Path, str]]

    def find(self, name_or_id: str) -> VoiceProfile:
        """The profile with this name (case and accents ignored) or id; ``InputError`` if none
        or if two profiles share the name (say which ids)."""
        wanted = _name_key(name_or_id)
        by_id = [p for p in self.profiles if p.id == name_or_id.strip()]
        found = by_id or [p for p in self.profiles if _name_key(p.name) == wanted]
        if len(found) == 1:
            return found[0]
        if not found:
            known = ", ".join(p.name for p in self.profiles) or "aucune"
            raise InputError(f"Aucune empreinte vocale « {name_or_id} » pour « {self.collectivite} » "
                             f"(enregistrées : {known}).")
        ids = ", ".join(p.id for p in found)
        raise InputError(f"Plusieurs empreintes portent le nom « {name_or_id} » ({ids}) : "
                         "désignez-en une par son identifiant.")


def _name_key(name: str) -> str:
    return " ".join(fold(name).split())


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def load_profiles(collectivite: str) -> ProfileSet:
    """Every profile file of ``collectivite``; unusable files are listed in ``refused``."""
    folder = voices_dir(collectivite)
    profiles, refused = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            refused.append((path, f"L'empreinte vocale {path.name} est illisible ou endommagée "
                                  f"({type(exc).__name__}) : supprimez-la."))
            continue
        try:
            profiles.append(VoiceProfile.from_json(data, path))
        except VoiceProfileError as exc:
            refused.append((path, str(exc)))
    for path, why in refused:
        log.warning("voice profile refused: %s", path.name)
    profiles.sort(key=lambda p: _name_key(p.name))
    return ProfileSet(collectivite, profiles, refused)


def save_profile(collectivite: str, profile: VoiceProfile) -> Path:
    from .settings import register_collectivite
    from .store import write_atomic

    folder = register_collectivite(collectivite) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{profile.id}.json"
    profile.updated = datetime.now().isoformat(timespec="seconds")
    write_atomic(path, json.dumps(profile.to_json(), ensure_ascii=False).encode("utf-8"))
    profile.path = path
    return path


def rename_profile(collectivite: str, old: str, new: str) -> VoiceProfile:
    profiles = load_profiles(collectivite)
    profile = profiles.find(old)
    new = " ".join(new.split())
    if not new:
        raise InputError("Le nouveau nom est vide.")
    for other in profiles.profiles:
        if other is not profile and _name_key(other.name) == _name_key(new):
            raise InputError(f"Une empreinte vocale porte déjà le nom « {other.name} ».")
    profile.name = new
    save_profile(collectivite, profile)
    return profile


def delete_profile(collectivite: str, name_or_id: str) -> Path:
    """Delete a person's voice data (their file); returns the path removed."""
    profile = load_profiles(collectivite).find(name_or_id)
    assert profile.path is not None
    try:
        profile.path.unlink()
    except OSError as exc:
        raise StoreError(f"Impossible de supprimer {profile.path} : {exc.strerror}.") from exc
    log.info("voice profile deleted: %s", profile.path.name)
    return profile.path


# --- embeddings --------------------------------------------------------------------------------


def clean_pieces(turns: list[Turn], speaker: str) -> list[tuple[int, int]]:
    """(start ms, end ms) where ``speaker`` speaks and nobody else does, at least
    ``MIN_PIECE_S`` long, longest first, up to ``MAX_SPEECH_S`` in all."""
    others = sorted((t.start_ms, t.end_ms) for t in turns if t.speaker != speaker)
    pieces: list[tuple[int, int]] = []
    for t in sorted((t for t in turns if t.speaker == speaker), key=lambda t: t.start_ms):
        cur = [(t.start_ms, t.end_ms)]
        for o0, o1 in others:
            if o0 >= t.end_ms:
                break
            nxt = []
            for a, b in cur:
                if o1 <= a or o0 >= b:
                    nxt.append((a, b))
                    continue
                if o0 > a:
                    nxt.append((a, o0))
                if o1 < b:
                    nxt.append((o1, b))
            cur = nxt
        pieces += [(a, b) for a, b in cur if b - a >= MIN_PIECE_S * 1000]
    pieces.sort(key=lambda p: p[0] - p[1])
    kept, total = [], 0
    for a, b in pieces:
        if total >= MAX_SPEECH_S * 1000:
            break
        b = min(b, a + int(MAX_SPEECH_S * 1000) - total)
        kept.append((a, b))
        total += b - a
    return kept


_model = None


def _embedding_model():
    global _model
    if _model is None:
        from .diarize import load_speaker_embedding

        _model = load_speaker_embedding()
    return _model


@dataclass
class Voice:
    """The voice of one speaker in one recording: unit embeddings of its chunks of clean speech."""

    chunks: np.ndarray  # (N, DIMENSION), unit rows
    seconds: np.ndarray  # (N,) duration of each chunk

    @property
    def total_seconds(self) -> float:
        return float(self.seconds.sum())

    def mean(self, keep: np.ndarray | None = None) -> np.ndarray:
        w = self.seconds if keep is None else self.seconds * keep
        return _unit((self.chunks * w[:, None]).sum(axis=0))

    def dominant(self) -> tuple[np.ndarray, float]:
        """The embedding of the voice that holds most of the chunks, and its share of the time.

        A detected speaker may mix two voices (a diarisation error): starting from the chunk
        closest to all others, chunks far from the current mean are left out, twice over, so a
        profile learns one voice, not a blend.
        """
        if len(self.chunks) < 3:
            return self.mean(), 1.0
        sims = self.chunks @ self.chunks.T
        centre = self.chunks[int(np.argmax((sims * self.seconds[None, :]).sum(axis=1)))]
        keep = np.ones(len(self.chunks))
        for _ in range(2):
            keep = (self.chunks @ centre >= SAME_VOICE).astype(float)
            if not keep.any():
                return self.mean(), 1.0
            centre = self.mean(keep)
        return centre, float((self.seconds * keep).sum() / self.seconds.sum())

    def purity(self, centroids: np.ndarray, j: int) -> float:
        """Share of the time whose chunks sound like profile ``j`` of ``centroids``: at least
        ``SAME_VOICE`` alike, and closer to it than to any other profile."""
        sims = self.chunks @ centroids.T  # (chunks, profiles)
        same = (sims[:, j] >= SAME_VOICE) & (sims.argmax(axis=1) == j)
        return float(self.seconds[same].sum() / self.seconds.sum())


def embed(samples: np.ndarray, pieces: list[tuple[int, int]]) -> Voice:
    """The CAM++ embeddings of the speech in ``pieces`` (ms) of ``samples``, in chunks of at
    most ``CHUNK_S`` (remainders under ``MIN_PIECE_S`` are left out)."""
    import torch

    from .diarize import torch_threads

    step = int(CHUNK_S * SAMPLE_RATE)
    chunks = []
    for a, b in pieces:
        s0, s1 = a * SAMPLE_RATE // 1000, min(samples.size, b * SAMPLE_RATE // 1000)
        for c0 in range(s0, s1, step):
            c1 = min(s1, c0 + step)
            if c1 - c0 >= MIN_PIECE_S * SAMPLE_RATE:
                chunks.append(samples[c0:c1])
    vecs, secs = [], []
    if chunks:
        model = _embedding_model()
        previous = torch.get_num_threads()
        torch.set_num_threads(torch_threads())
        try:
            with torch.inference_mode():
                for chunk in chunks:
                    wave = torch.from_numpy(np.ascontiguousarray(chunk, dtype=np.float32))[None, None]
                    vec = model(wave)[0].double().numpy()
                    if np.all(np.isfinite(vec)) and np.linalg.norm(vec) > 0:
                        vecs.append(_unit(vec))
                        secs.append(chunk.size / SAMPLE_RATE)
        finally:
            torch.set_num_threads(previous)
    return Voice(np.array(vecs).reshape(-1, DIMENSION), np.array(secs, dtype=np.float64))


def speaker_voices(meeting: Meeting, samples: np.ndarray,
                   min_seconds: float = MIN_IDENTIFY_S) -> dict[str, Voice]:
    """{speaker id: voice} for the speakers of ``meeting`` with enough clean speech."""
    out = {}
    for sid in sorted({t.speaker for t in meeting.turns}):
        pieces = clean_pieces(meeting.turns, sid)
        if sum(b - a for a, b in pieces) < min_seconds * 1000:
            continue
        voice = embed(samples, pieces)
        if voice.total_seconds >= min_seconds:
            out[sid] = voice
    return out


# --- enrolment and identification -----------------------------------------------------------


def enrol(meeting: Meeting, samples: np.ndarray, speaker_id: str, name: str,
          collectivite: str) -> tuple[VoiceProfile, bool]:
    """Keep the voice of ``speaker_id`` under ``name``; returns (profile, created).

    An existing profile of that name is completed (refined); enrolling the same speaker of the
    same meeting again replaces that enrolment. ``InputError`` when the speaker is unknown or has
    too little clean speech.
    """
    name = " ".join(name.split())
    if not name:
        raise InputError("Donnez le nom de la personne dont la voix est enregistrée.")
    if not any(t.speaker == speaker_id for t in meeting.turns):
        raise InputError(f"L'intervenant {speaker_id} ne parle pas dans cette réunion "
                         "(lancez d'abord la reconnaissance des intervenants).")
    pieces = clean_pieces(meeting.turns, speaker_id)
    clean_s = sum(b - a for a, b in pieces) / 1000
    if clean_s < MIN_ENROL_S:
        raise InputError(
            f"{meeting.speaker_label(speaker_id)} parle seul(e) pendant {clean_s:.0f} s seulement "
            f"dans cette réunion : il en faut au moins {MIN_ENROL_S:.0f} pour enregistrer sa voix."
        )
    voice = embed(samples, pieces)
    if voice.total_seconds <= 0:
        raise InputError(f"Aucune parole exploitable pour {meeting.speaker_label(speaker_id)}.")
    vec, share = voice.dominant()
    if share < 0.7:
        log.warning("enrolment: the speaker's turns hold more than one voice; %.0f %% kept", 100 * share)
    enrolment = Enrolment(meeting.title, speaker_id, voice.total_seconds * share, vec.tolist())
    profiles = load_profiles(collectivite)
    existing = [p for p in profiles.profiles if _name_key(p.name) == _name_key(name)]
    if len(existing) > 1:
        profiles.find(name)  # raises: which one?
    if existing:
        profile, created = existing[0], False
        profile.enrolments = [e for e in profile.enrolments
                              if (e.meeting, e.speaker) != (meeting.title, speaker_id)]
        profile.enrolments = (profile.enrolments + [enrolment])[-MAX_ENROLMENTS:]
    else:
        slug = "-".join(fold(name).split())[:40] or "voix"
        profile = VoiceProfile(f"{slug}-{secrets.token_hex(3)}", name, [enrolment])
        created = True
    save_profile(collectivite, profile)
    return profile, created


@dataclass(frozen=True)
class Match:
    speaker: str
    profile: str  # profile id
    name: str
    confidence: float  # cosine similarity of the speaker's voice and the profile, 0-1
    #: share of the speaker's time that sounds like the profile (a mixed speaker scores low)
    purity: float = 1.0


def match(voices: dict[str, Voice], profiles: list[VoiceProfile], threshold: float = THRESHOLD,
          min_purity: float = MIN_PURITY, margin: float = MARGIN) -> list[Match]:
    """One name per speaker and one speaker per profile, best similarities first. A name only
    when the similarity reaches ``threshold``, beats every other profile by ``margin`` (two
    people who sound alike through one telephone or microphone are not guessed between) and
    ``min_purity`` of the speaker's time sounds like that person (a detected speaker that mixes
    voices is left unnamed)."""
    if not voices or not profiles:
        return []
    centroids = np.stack([p.centroid() for p in profiles])
    pairs = []
    for sid, voice in voices.items():
        scores = centroids @ voice.mean()
        order = np.argsort(-scores)
        runner_up = float(scores[order[1]]) if len(order) > 1 else -1.0
        best = int(order[0])
        if scores[best] >= threshold and scores[best] - runner_up >= margin:
            pairs.append((float(scores[best]), sid, best))
    pairs.sort(reverse=True)
    used_s, used_p, out = set(), set(), []
    for score, sid, j in pairs:
        if sid in used_s or j in used_p:
            continue
        purity = voices[sid].purity(centroids, j)
        if purity < min_purity:
            continue
        used_s.add(sid)
        used_p.add(j)
        out.append(Match(sid, profiles[j].id, profiles[j].name, round(min(1.0, score), 3),
                         round(purity, 3)))
    return sorted(out, key=lambda m: m.speaker)


def identify(meeting: Meeting, samples: np.ndarray, collectivite: str,
             threshold: float = THRESHOLD) -> tuple[list[Match], ProfileSet]:
    """Match the speakers of ``meeting`` against the profiles of ``collectivite``."""
    profiles = load_profiles(collectivite)
    if not profiles.profiles:
        return [], profiles
    return match(speaker_voices(meeting, samples), profiles.profiles, threshold), profiles


def propose(meeting: Meeting, matches: list[Match]) -> None:
    """Store the matches as proposals on the speakers not named yet (the user confirms)."""
    by_speaker = {m.speaker: m for m in matches}
    for speaker in meeting.speakers:
        m = by_speaker.get(speaker.id)
        speaker.proposal = ({"profile": m.profile, "name": m.name, "confidence": m.confidence}
                            if m and not speaker.name else {})


def apply_names(meeting: Meeting, matches: list[Match]) -> list[Speaker]:
    """Name the unnamed speakers matched (``seance speakers … identify``); returns them."""
    named = []
    taken = {_name_key(s.name) for s in meeting.speakers if s.name}
    for m in matches:
        speaker = meeting.speaker(m.speaker)
        if speaker is None or speaker.name or _name_key(m.name) in taken:
            continue
        speaker.name = m.name
        speaker.proposal = {}
        taken.add(_name_key(m.name))
        named.append(speaker)
    return named


def collectivite_of(meeting: Meeting, given: str | None = None) -> str:
    """The collectivité whose profiles apply: ``given``, the meeting's, the minutes form's, or
    the only one known; ``InputError`` otherwise."""
    from .settings import list_collectivites

    for candidate in (given, meeting.collectivite,
                      meeting.form.get("collectivite") if isinstance(meeting.form, dict) else None):
        if candidate and str(candidate).strip():
            return str(candidate).strip()
    known = list_collectivites()
    if len(known) == 1:
        return known[0]
    hint = f" (connues : {', '.join(known)})" if known else ""
    raise InputError(f"Précisez la collectivité avec --collectivite{hint}.")


def job_enrol(audio_path: str, title: str, turns: list[tuple[int, int, str]], speaker_id: str,
              name: str, collectivite: str, progress=None) -> dict[str, Any]:
    """Entry point for ``jobs.IsolatedJob`` (the app's « Mémoriser la voix »): decode the
    meeting's audio and enrol ``speaker_id`` from ``turns`` (as the app holds them, unsaved
    edits included). Returns what to tell the user: name, created, seconds, path."""
    from . import audio

    samples = audio.decode(audio_path)
    meeting = Meeting(title=title, turns=[Turn(int(a), int(b), str(s)) for a, b, s in turns],
                      speakers=[Speaker(speaker_id, name)])
    profile, created = enrol(meeting, samples, speaker_id, name, collectivite)
    return {"name": profile.name, "created": created, "seconds": round(profile.enrolments[-1].seconds),
            "meetings": len(profile.enrolments), "path": str(profile.path)}
