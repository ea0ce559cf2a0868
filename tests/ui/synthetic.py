"""Long meetings made up for the UI's size and speed tests: a 3-hour séance has tens of
thousands of words, which no eval clip has. The words are French council phrases drawn at
random (seeded); times follow a speaking rate of about 2.7 words a second. The audio is as
long, and silent (a 1 kHz 8-bit WAV, 11 MB for 3 hours): Qt's player plays and seeks in it as
in a real one, which is what the editor follows."""

from __future__ import annotations

import random
import wave
from pathlib import Path

from transcriber.model import Marker, Meeting, Segment, Speaker, Word
from transcriber.store import MeetingFolder

PHRASES = (
    "mes chers collègues la séance est ouverte",
    "nous passons au point suivant de l'ordre du jour",
    "la commission des finances a examiné le budget primitif",
    "je mets aux voix la délibération qui vous est proposée",
    "qui est contre qui s'abstient le point est adopté à l'unanimité",
    "les travaux de voirie de la rue des Tilleuls commenceront au printemps",
    "le syndicat intercommunal nous a transmis son rapport d'activité",
    "monsieur le maire je voudrais revenir sur la question de la cantine scolaire",
    "le montant de la subvention s'élève à douze mille cinq cents euros",
    "nous avons reçu trois offres pour le marché de restauration",
    "il convient d'autoriser le maire à signer la convention",
    "la parole est à madame l'adjointe chargée des affaires scolaires",
)


def words_for(rng: random.Random, start_ms: int, count: int) -> tuple[list[Word], int]:
    words: list[Word] = []
    t = start_ms
    pool = " ".join(rng.choice(PHRASES) for _ in range(count // 5 + 2)).split()
    for i in range(count):
        length = rng.randint(220, 520)
        text = pool[i]
        if i == count - 1:
            text += "."
        words.append(Word(t, t + length - 40, text, round(rng.uniform(0.3, 1.0), 3)))
        t += length
    return words, t


def make_meeting(parent: Path, hours: float = 3.0, speakers: int = 8, seed: int = 12,
                 words: tuple[int, int] = (3, 30)) -> Path:
    """A meeting folder of ``hours`` of speech under ``parent``; returns its path."""
    rng = random.Random(seed)
    people = [Speaker(f"SPEAKER_{i:02d}", color="") for i in range(speakers)]
    segments: list[Segment] = []
    t, end = 2000, int(hours * 3_600_000)
    while t < end:
        ws, stop = words_for(rng, t, rng.randint(*words))
        segments.append(Segment(t, stop, ws, rng.choice(people).id, rng.random() < 0.03))
        t = stop + rng.randint(200, 2500)
    markers = [Marker(ms, "agenda", f"Point {n + 1}") for n, ms in enumerate(range(60_000, end, 20 * 60_000))]
    markers += [Marker(end // 2, "pause", "Pause à 21:02:10"),
                Marker(end // 2, "resume", "Reprise à 21:12:40 (pause de 10 min 30 s)")]
    meeting = Meeting(title="Conseil municipal (trois heures)", kind="conseil", date="2026-03-12",
                      duration_ms=t, segments=segments, speakers=people, markers=markers,
                      audio="audio/silence.wav")
    from transcriber.edit import SPEAKER_COLOURS

    for i, sp in enumerate(people):
        sp.color = SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)]
    folder = MeetingFolder.create(parent, meeting.title)
    with wave.open(str(folder.path / meeting.audio), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(1000)
        w.writeframes(b"\x80" * (t + 1000))
    folder.save(meeting)
    return folder.path
