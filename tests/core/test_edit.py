"""transcriber.edit: every edit rule of the transcript and the speakers, without Qt."""

from __future__ import annotations

import pytest

from transcriber import edit
from transcriber.align import align
from transcriber.errors import InputError
from transcriber.model import Meeting, Segment, Speaker, Turn, Word

A, B = "SPEAKER_00", "SPEAKER_01"


def words(*spec: tuple[int, int, str]) -> list[Word]:
    return [Word(s, e, t) for s, e, t in spec]


def meeting() -> Meeting:
    m = Meeting("Conseil")
    m.speakers = [Speaker(A, "Mme la Maire", color="#111111")]
    m.segments = [
        Segment(0, 600, words((0, 100, "Avant")), A),
        Segment(1000, 3000, words((1000, 1400, "Le"), (1500, 1900, "vote"), (2000, 2400, "est"),
                                  (2500, 2900, "ouvert.")), A, overlap=True),
    ]
    m.turns = [Turn(0, 3000, A)]
    return m


def spans(pieces: list[Segment]) -> list[tuple[int, int, str]]:
    return [(p.start_ms, p.end_ms, p.text) for p in pieces]


# --- the one boundary rule -------------------------------------------------------------------------

def test_split_segment_keeps_outer_bounds_and_cuts_at_words():
    seg = meeting().segments[1]
    assert spans(edit.split_segment(seg, 2)) == [(1000, 1900, "Le vote"), (2000, 3000, "est ouvert.")]
    assert spans(edit.split_segment(seg, [1, 3])) == [
        (1000, 1400, "Le"), (1500, 2400, "vote est"), (2500, 3000, "ouvert.")]
    pieces = edit.split_segment(seg, 1)
    assert all(p.speaker == A and p.overlap for p in pieces)
    assert pieces[0].words[0] is seg.words[0]  # words are shared, never copied or changed
    assert spans(edit.split_segment(seg, [0, 4, 9])) == [(1000, 3000, "Le vote est ouvert.")]


def test_split_segment_never_makes_pieces_overlap():
    # ASR word times overlap: "vote" ends after "est" starts
    seg = Segment(1000, 3000, words((1000, 1400, "Le"), (1500, 2100, "vote"), (2000, 2400, "est")))
    first, second = edit.split_segment(seg, 2)
    assert first.end_ms == second.start_ms == 2000
    # a word that ends before it starts (a zero-length piece) never gives end < start
    odd = Segment(1000, 1000, words((1000, 1000, "euh"), (1000, 1000, "bon")))
    assert all(p.end_ms >= p.start_ms for p in edit.split_segment(odd, 1))


def test_alignment_uses_the_same_boundary_rule():
    seg = Segment(1000, 3000, words((1000, 1400, "Le"), (1500, 2100, "vote"), (2000, 2400, "est"),
                                   (2500, 2900, "ouvert.")))
    aligned = align([seg], [Turn(1000, 2050, A), Turn(2050, 3000, B)])
    assert spans(aligned) == spans(edit.split_segment(seg, 2))
    assert [p.speaker for p in aligned] == [A, B]


def test_reassign_segment_cuts_around_the_word_range():
    seg = meeting().segments[1]
    assert [(p.speaker, p.text) for p in edit.reassign_segment(seg, B, 1, 2)] == [
        (A, "Le"), (B, "vote est"), (A, "ouvert.")]
    head = edit.reassign_segment(seg, B, 0, 1)
    assert [(p.speaker, p.text) for p in head] == [(B, "Le vote"), (A, "est ouvert.")]
    tail = edit.reassign_segment(seg, B, 2)
    assert [(p.speaker, p.text) for p in tail] == [(A, "Le vote"), (B, "est ouvert.")]
    whole = edit.reassign_segment(seg, B)
    assert [(p.speaker, p.text, p.start_ms, p.end_ms) for p in whole] == [(B, "Le vote est ouvert.", 1000, 3000)]
    assert seg.speaker == A  # pure: the segment itself is unchanged
    with pytest.raises(InputError, match="hors du segment"):
        edit.reassign_segment(seg, B, 1, 7)
    with pytest.raises(InputError, match="inversée"):
        edit.reassign_segment(seg, B, 2, 1)


def test_merge_segments():
    a, b = meeting().segments
    merged = edit.merge_segments(a, b)
    assert (merged.start_ms, merged.end_ms, merged.text, merged.speaker, merged.overlap) == (
        0, 3000, "Avant Le vote est ouvert.", A, True)
    assert edit.merge_segments(Segment(0, 10), Segment(5, 8, speaker=B)).speaker == B
    assert edit.merge_segments(Segment(0, 10), Segment(5, 8)).end_ms == 10


def test_retext_keeps_timing_of_unchanged_words():
    seg = Segment(0, 3000, [Word(0, 1000, "Bonjour", 0.9), Word(1000, 2000, "madame", 0.4),
                            Word(2000, 3000, "Durant", 0.3)])
    new = edit.retext(seg, "Bonjour madame Durand")
    assert [w.text for w in new] == ["Bonjour", "madame", "Durand"]
    assert new[0] == Word(0, 1000, "Bonjour", 0.9)
    assert (new[2].start_ms, new[2].end_ms, new[2].probability) == (2000, 3000, 1.0)
    more = edit.retext(Segment(0, 3000, new), "Bonjour à vous madame Durand")
    assert [w.text for w in more] == ["Bonjour", "à", "vous", "madame", "Durand"]
    assert [w.start_ms for w in more] == sorted(w.start_ms for w in more)
    assert [w.text for w in edit.retext(seg, "Durand")] == ["Durand"]
    assert seg.words[2].text == "Durant"  # pure


# --- applied to a meeting (what the CLI calls) -------------------------------------------------------

def test_split_and_merge_in_a_meeting():
    m = meeting()
    first, second = edit.split(m, 1, 2)
    assert [s.text for s in m.segments] == ["Avant", "Le vote", "est ouvert."]
    assert edit.merge(m, 1).text == "Le vote est ouvert." and len(m.segments) == 2
    with pytest.raises(InputError, match="scinder le segment 2 avant le mot 1"):
        edit.split(m, 1, 0)
    with pytest.raises(InputError, match="Segment 5 inexistant"):
        edit.split(m, 4, 1)
    with pytest.raises(InputError, match="dernier"):
        edit.merge(m, 1)


def test_reassign_in_a_meeting_needs_a_known_speaker():
    m = meeting()
    with pytest.raises(InputError, match="inconnu"):
        edit.reassign(m, 1, B, 1, 2)
    sp = edit.add_speaker(m, "M. Paul Durand")
    assert edit.reassign(m, 1, sp.id, 1, 2) == [1, 2, 3]
    assert [(s.speaker, s.text, s.start_ms, s.end_ms) for s in m.segments[1:]] == [
        (A, "Le", 1000, 1400), (sp.id, "vote est", 1500, 2400), (A, "ouvert.", 2500, 3000)]


def test_edit_text_in_a_meeting():
    m = meeting()
    assert edit.edit_text(m, 0, "Avant tout").text == "Avant tout"
    assert m.segments[0].words[0] == Word(0, 100, "Avant")


# --- speakers -------------------------------------------------------------------------------------------

def test_new_speaker_gets_a_free_id_and_the_next_colour():
    m = meeting()
    m.turns.append(Turn(4000, 5000, B))  # B is still used by a turn: not free
    sp = edit.new_speaker(m, "  M.  Paul Durand ")
    assert (sp.id, sp.name, sp.color) == ("SPEAKER_02", "M. Paul Durand", edit.SPEAKER_COLOURS[1])
    assert m.speaker(sp.id) is None  # not added
    assert edit.add_speaker(m).id == "SPEAKER_02" and len(m.speakers) == 2
    assert edit.free_speaker_id(["SPEAKER_00", "SPEAKER_02"]) == "SPEAKER_01"


def test_no_two_speakers_with_the_same_name():
    m = meeting()
    other = edit.add_speaker(m)
    with pytest.raises(InputError, match="déjà porté par SPEAKER_00"):
        edit.rename_speaker(m, other.id, "mme la MAIRE")
    with pytest.raises(InputError, match="déjà porté"):
        edit.new_speaker(m, "Mme la Maire")
    with pytest.raises(InputError, match="déjà porté"):  # a label counts too
        edit.rename_speaker(m, A, "Intervenant 2")
    assert edit.rename_speaker(m, A, "Mme la Maire").name == "Mme la Maire"  # its own name
    assert edit.rename_speaker(m, other.id, " M.  Petit ").name == "M. Petit"
    assert edit.rename_speaker(m, other.id, "").label == "Intervenant 2"  # "" clears the name
    with pytest.raises(InputError, match="inconnu"):
        edit.rename_speaker(m, "SPEAKER_09", "X")


def test_merge_speakers_moves_segments_and_turns():
    m = meeting()
    other = edit.add_speaker(m, "M. Petit")
    edit.reassign(m, 0, other.id)
    m.turns.append(Turn(3000, 4000, other.id))
    assert edit.merge_speakers(m, other.id, A) == 1
    assert {s.speaker for s in m.segments} == {A} and {t.speaker for t in m.turns} == {A}
    assert [s.id for s in m.speakers] == [A]
    with pytest.raises(InputError, match="lui-même"):
        edit.merge_speakers(m, A, A)
    with pytest.raises(InputError, match="inconnu"):
        edit.merge_speakers(m, "SPEAKER_07", A)


def test_speaker_colour_and_find_speaker():
    m = meeting()
    other = edit.add_speaker(m, "M. Petit")
    other.color = ""
    assert edit.speaker_colour(m, A) == "#111111"
    assert edit.speaker_colour(m, other.id) == edit.SPEAKER_COLOURS[1]
    assert edit.speaker_colour(m, None) == "#606060"
    assert edit.find_speaker(m, "speaker_00").id == A
    assert edit.find_speaker(m, "m. petit") is other
    with pytest.raises(InputError, match="Intervenant inconnu"):
        edit.find_speaker(m, "Personne")
