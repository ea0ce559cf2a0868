"""align(): the speaker of every word, segment splits, overlap flags."""

from __future__ import annotations

import copy


from transcriber.align import (
    align,
    carry_over_ids,
    is_overlapped,
    match_speakers,
    relabel,
    word_speakers,
)
from transcriber.model import Segment, Turn, Word


def words(*spec: tuple[int, int, str]) -> list[Word]:
    return [Word(s, e, t) for s, e, t in spec]


def seg(*spec: tuple[int, int, str], speaker=None) -> Segment:
    ws = words(*spec)
    return Segment(ws[0].start_ms, ws[-1].end_ms, ws, speaker)


A, B, C = "SPEAKER_00", "SPEAKER_01", "SPEAKER_02"


def test_word_across_turn_boundary_goes_to_the_turn_it_overlaps_most():
    # "bonjour" spans 900-1300: 100 ms in A's turn, 300 ms in B's -> B
    s = seg((0, 400, "Merci"), (450, 850, "madame."), (900, 1300, "Bonjour"), (1350, 1800, "à tous."))
    turns = [Turn(0, 1000, A), Turn(1000, 2000, B)]
    out = align([s], turns)
    assert [p.speaker for p in out] == [A, B]
    assert [w.text for w in out[0].words] == ["Merci", "madame."]
    assert [w.text for w in out[1].words] == ["Bonjour", "à tous."]
    # the mirror case: mostly in A's turn -> stays with A
    s2 = seg((0, 400, "Merci"), (700, 1100, "madame."))
    out2 = align([s2], turns)
    assert [p.speaker for p in out2] == [A]


def test_split_mid_segment_keeps_text_times_and_bounds():
    s = Segment(100, 4200, words((150, 500, "Le"), (550, 900, "budget"), (950, 1500, "est"),
                                 (2600, 3000, "Non,"), (3100, 4000, "attendez.")))
    turns = [Turn(0, 2000, A), Turn(2400, 4300, B)]
    out = align([s], turns)
    assert len(out) == 2
    first, second = out
    assert (first.speaker, first.start_ms, first.end_ms, first.text) == (A, 100, 1500, "Le budget est")
    assert (second.speaker, second.start_ms, second.end_ms, second.text) == (B, 2600, 4200, "Non, attendez.")
    # every word is kept exactly once, in order
    assert [w.text for p in out for w in p.words] == [w.text for w in s.words]


def test_speaker_who_says_one_word_gets_their_own_segment():
    s = seg((0, 500, "Nous"), (550, 900, "passons"), (950, 1200, "au"), (1250, 1700, "vote."),
            (1800, 2100, "Oui."), (2300, 2700, "Merci."))
    turns = [Turn(0, 1750, A), Turn(1780, 2150, B), Turn(2200, 3000, A)]
    out = align([s], turns)
    assert [(p.speaker, p.text) for p in out] == [
        (A, "Nous passons au vote."), (B, "Oui."), (A, "Merci.")
    ]


def test_overlap_keeps_dominant_speaker_and_sets_flag():
    # A speaks 0-6 s; B talks over A from 2 to 5 s (3 s of 6: half the segment)
    s = seg((0, 1000, "Je"), (1000, 2000, "vous"), (2000, 3000, "propose"), (3000, 4000, "de"),
            (4000, 5000, "voter"), (5000, 6000, "maintenant."))
    turns = [Turn(0, 6000, A), Turn(2000, 5000, B)]
    out = align([s], turns)
    assert len(out) == 1
    assert out[0].speaker == A
    assert out[0].overlap is True


def test_words_two_voices_cover_alike_follow_their_sentence():
    # A talks until 3 s, B from 1 s: "c'est revenu." lies in both turns (a tie); the rest of
    # the sentence is B's alone, so the whole sentence is B's (before: the tie went to A)
    s = seg((1200, 1600, "c'est"), (1700, 2400, "revenu."), (3200, 3600, "Je"), (3600, 4000, "suis"))
    turns = [Turn(0, 3000, A), Turn(1000, 5000, B)]
    out = align([s], turns)
    assert [(p.speaker, p.text) for p in out] == [(B, "c'est revenu. Je suis")]
    assert out[0].overlap is True
    assert word_speakers(s.words, turns) == [B, B, B, B]
    # a clear majority still decides: B covers "c'est" far less than A does -> A
    turns = [Turn(0, 3000, A), Turn(1500, 5000, B)]
    assert word_speakers(s.words, turns)[0] == A


def test_short_interjection_does_not_flag_overlap():
    s = seg((0, 3000, "Mesdames"), (3000, 10000, "messieurs"))
    turns = [Turn(0, 10000, A), Turn(4000, 4300, B)]  # 300 ms "hm" over 10 s
    out = align([s], turns)
    assert out[0].speaker == A and out[0].overlap is False
    assert is_overlapped(0, 10000, A, turns) is False
    assert is_overlapped(0, 10000, A, turns + [Turn(5000, 7500, C)]) is True  # 2.5 s more


def test_word_outside_every_turn_goes_to_the_nearest_turn():
    s1 = seg((0, 300, "Alors"))
    s2 = seg((5000, 5400, "Bien."))
    turns = [Turn(600, 2000, A), Turn(5600, 7000, B)]
    out = align([s1, s2], turns)
    assert [p.speaker for p in out] == [A, B]
    assert word_speakers(s1.words + s2.words, turns) == [A, B]


def test_no_turns_returns_unassigned_copies():
    s = seg((0, 500, "Bonjour"), speaker=A)
    s.overlap = True
    out = align([s], [])
    assert len(out) == 1
    assert out[0].speaker is None and out[0].overlap is False
    assert out[0].text == "Bonjour"
    assert out[0] is not s and out[0].words[0] is not s.words[0]
    assert s.speaker == A and s.overlap is True  # input untouched


def test_input_is_never_mutated():
    segments = [seg((0, 500, "Le"), (600, 1000, "vote"), (1100, 1500, "Oui"), (1600, 2000, "non"))]
    turns = [Turn(0, 1050, A), Turn(1050, 2100, B)]
    before = (copy.deepcopy(segments), copy.deepcopy(turns))
    out = align(segments, turns)
    assert (segments, turns) == before
    out[0].words[0].text = "changed"
    out[0].speaker = C
    assert segments[0].words[0].text == "Le" and segments[0].speaker is None


def test_segment_without_words_gets_a_speaker_by_time():
    s = Segment(2000, 3000, [], None)
    out = align([s], [Turn(0, 1000, A), Turn(1800, 3500, B)])
    assert out[0].speaker == B and out[0].words == []


def test_many_words_and_turns_scale():
    # one hour: 20 000 words, 1 500 turns alternating speakers; must stay fast and exact
    turns = [Turn(i * 2400, i * 2400 + 2400, A if i % 2 == 0 else B) for i in range(1500)]
    ws = [Word(i * 180, i * 180 + 150, f"w{i}") for i in range(20000)]
    segments = [Segment(ws[i].start_ms, ws[i + 99].end_ms, ws[i : i + 100]) for i in range(0, 20000, 100)]
    out = align(segments, turns)
    assert sum(len(p.words) for p in out) == 20000
    for p in out:
        mids = {(w.start_ms + w.end_ms) // 2 // 2400 % 2 for w in p.words}
        assert len(mids) == 1
        assert p.speaker == (A if mids == {0} else B)


def test_match_speakers_follows_the_voices():
    old = [Turn(0, 5000, "SPEAKER_00"), Turn(5000, 9000, "SPEAKER_01"), Turn(9000, 12000, "SPEAKER_02")]
    # a re-run where the labels came out in another order and a new voice appeared
    new = [Turn(0, 4800, "SPEAKER_01"), Turn(4800, 9100, "SPEAKER_00"), Turn(9100, 11000, "SPEAKER_02"),
           Turn(20000, 21000, "SPEAKER_03")]
    mapping = match_speakers(old, new)
    assert mapping == {"SPEAKER_01": "SPEAKER_00", "SPEAKER_00": "SPEAKER_01", "SPEAKER_02": "SPEAKER_02"}
    renamed = relabel(new, mapping)
    assert [t.speaker for t in renamed] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02", "SPEAKER_03"]


def test_carry_over_ids_keeps_known_voices_and_numbers_new_ones_freely():
    old = [Turn(0, 5000, "SPEAKER_00"), Turn(5000, 9000, "SPEAKER_01")]
    new = [Turn(0, 4900, "SPEAKER_00"), Turn(4900, 9000, "SPEAKER_02"), Turn(9500, 9900, "SPEAKER_01"),
           Turn(12000, 13000, "SPEAKER_03")]
    out = carry_over_ids(old, new, reserved={"SPEAKER_02"})
    assert [t.speaker for t in out] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_03", "SPEAKER_04"]
    assert [(t.start_ms, t.end_ms) for t in out] == [(t.start_ms, t.end_ms) for t in new]
    # first run: nothing to carry over, ids by first appearance
    assert [t.speaker for t in carry_over_ids([], new)] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02", "SPEAKER_03"]
