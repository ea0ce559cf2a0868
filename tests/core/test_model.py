import json

import pytest

from transcriber.errors import StoreError
from transcriber.model import (SCHEMA_VERSION, Marker, Meeting, Segment, Speaker, Turn, Word,
                               join_words, migrate)


def sample_meeting() -> Meeting:
    seg1 = Segment(0, 2000, [Word(0, 500, "Bonjour", 0.9), Word(600, 2000, "madame.", 0.3)], "SPEAKER_00")
    seg2 = Segment(2500, 4000, [Word(2500, 3000, "Le", 0.95), Word(3100, 4000, "quorum", 0.99)], "SPEAKER_01")
    return Meeting(
        title="Conseil du 12 mars",
        segments=[seg1, seg2],
        speakers=[Speaker("SPEAKER_00", "Mme la Maire", elected=True), Speaker("SPEAKER_01")],
        markers=[Marker(2400, "agenda", "Point 1")],
        turns=[Turn(0, 2100, "SPEAKER_00"), Turn(2400, 4000, "SPEAKER_01")],
        vocabulary=["Durand"],
        steps={"asr": {"model": "base"}},
        form={"president": "Mme la Maire"},
    )


def test_json_round_trip_keeps_everything():
    meeting = sample_meeting()
    data = json.loads(json.dumps(meeting.to_dict()))
    assert data["schema_version"] == SCHEMA_VERSION
    again = Meeting.from_dict(data)
    assert again == meeting
    assert isinstance(again.segments[0].words[0].start_ms, int)


def test_text_is_derived_from_words_with_french_spacing():
    meeting = sample_meeting()
    assert meeting.segments[0].text == "Bonjour madame."
    assert join_words(["Vous", "venez", "?", "Oui", ",", "l'", "ordre"]) == "Vous venez ? Oui, l'ordre"


def test_low_confidence_words():
    seg = sample_meeting().segments[0]
    assert [w.low_confidence for w in seg.words] == [False, True]


def test_speaker_labels():
    meeting = sample_meeting()
    assert meeting.speaker_label("SPEAKER_00") == "Mme la Maire"
    assert meeting.speaker_label("SPEAKER_01") == "Intervenant 2"
    assert meeting.speaker_label("SPEAKER_09") == "Intervenant inconnu"


def test_newer_schema_is_refused_in_french():
    with pytest.raises(StoreError, match="plus récente"):
        migrate({"schema_version": SCHEMA_VERSION + 1, "title": "x"})


def test_invalid_meeting_dict_gives_store_error():
    with pytest.raises(StoreError):
        Meeting.from_dict({"segments": []})


def test_pipeline_options_survive_json():
    from transcriber.asr import AsrOptions
    from transcriber.pipeline import PipelineOptions, SpeakerCount

    options = PipelineOptions(asr=AsrOptions(model="base", vocabulary=("Mme Durand",), beam_size=4),
                              diarize=False, speakers=SpeakerCount(minimum=2, maximum=5))
    assert PipelineOptions.from_dict(json.loads(json.dumps(options.to_dict()))) == options
