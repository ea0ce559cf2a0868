"""A roll call without form: each answer « Présent » counts its speaker, and the chair who ends the
call with « et moi-même, présente » counts too (else every vote deduced from the votants is one short)."""

from __future__ import annotations

import pytest

from transcriber.minutes.engine import analyse
from transcriber.model import Meeting, Speaker

from .builders import make_segments

SPEAKERS = [Speaker("S0", "Anne Martin", True), Speaker("S1", "Paul Roux", True), Speaker("S2", "Claire Dupont", True),
            Speaker("S3", "Hugo Rey", True)]
TURNS = [("S0", 0, "Bonsoir. Je déclare la séance ouverte. Je procède à l'appel. M. Paul Roux ?"), ("S1", 8, "Présent."),
         ("S0", 10, "Mme Claire Dupont ?"), ("S2", 13, "Présente."), ("S0", 15, "M. Hugo Rey ?"), ("S3", 18, "Présent."),
         ("S0", 20, "M. Jean Fau ? Absent. Mme Lucie Bras a donné pouvoir à M. Paul Roux. Et moi-même, présente. "
                    "Le quorum est atteint."),
         ("S0", 40, "Point numéro un, les tarifs. Je mets aux voix. Adopté à l'unanimité.")]


@pytest.mark.parametrize("whisper", [False, True])
def test_the_chair_counts_herself(whisper):
    turns = [(s, t, text.lower().replace(".", "").replace(",", "").replace("?", "")) if whisper else (s, t, text)
             for s, t, text in TURNS]
    a = analyse(Meeting(title="Conseil", date="2026-03-12", kind="conseil", segments=make_segments(turns),
                        speakers=SPEAKERS))
    assert a.counts.present == 4 and "Anne Martin" in a.attendance.present
    (item,) = a.items
    assert (item.presence.present, item.presence.represented, item.presence.voters) == (4, 1, 5)
    assert item.votes[0].pour == 5
