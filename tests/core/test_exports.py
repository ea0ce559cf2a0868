import json

from transcriber import exports
from transcriber.model import Meeting, Segment, Speaker, Word


def meeting_with_speakers() -> Meeting:
    return Meeting(
        title="CODIR",
        segments=[
            Segment(1500, 3250, [Word(1500, 2000, "Bonjour"), Word(2000, 3250, "à tous.")], "SPEAKER_00"),
            Segment(3300, 4000, [Word(3300, 4000, "Merci.")], "SPEAKER_00"),
            Segment(3_723_400, 3_725_000, [Word(3_723_400, 3_725_000, "Oui.")], "SPEAKER_01"),
            Segment(3_726_000, 3_726_000, [], None),
        ],
        speakers=[Speaker("SPEAKER_00", "Mme Durand"), Speaker("SPEAKER_01")],
    )


def test_srt_has_numbered_cues_with_speakers():
    srt = exports.to_srt(meeting_with_speakers())
    blocks = srt.strip().split("\n\n")
    assert len(blocks) == 3  # the empty segment is skipped
    assert blocks[0] == "1\n00:00:01,500 --> 00:00:03,250\nMme Durand : Bonjour à tous."
    assert blocks[2].startswith("3\n01:02:03,400 --> 01:02:05,000\nIntervenant 2 : Oui.")


def test_vtt_uses_voice_tags():
    vtt = exports.to_vtt(meeting_with_speakers())
    assert vtt.startswith("WEBVTT\n")
    assert "00:00:01.500 --> 00:00:03.250\n<v Mme Durand>Bonjour à tous." in vtt


def test_txt_groups_speaker_turns():
    txt = exports.to_txt(meeting_with_speakers())
    assert txt.splitlines()[0] == "[00:00:01] Mme Durand : Bonjour à tous. Merci."
    assert "[01:02:03] Intervenant 2 : Oui." in txt


def test_json_is_the_meeting(tmp_path):
    meeting = meeting_with_speakers()  # once: its creation time is part of it
    paths = exports.export_all(meeting, tmp_path)
    assert sorted(p.suffix for p in paths) == [".json", ".srt", ".txt", ".vtt"]
    data = json.loads((tmp_path / "transcription.json").read_text("utf-8"))
    assert Meeting.from_dict(data) == meeting
