"""The one rule for a new meeting whose first run did not finish (CLI and app share it):
bad input before any finished step removes the half-made folder; a cancel or a crash keeps it."""

import pytest

from transcriber import pipeline
from transcriber.asr import AsrOptions
from transcriber.errors import CancelledError, InputError, SeanceError
from transcriber.jobs import CancelToken, JobError


@pytest.fixture
def new_meeting(tmp_path, eval_dir):
    return pipeline.create_meeting(tmp_path, eval_dir / "fr_fleurs_007.wav", title="Import")


@pytest.mark.parametrize("error", [CancelledError(), KeyboardInterrupt(), RuntimeError("bug"),
                                   SeanceError("panne"), JobError("crash du processus fils")])
def test_a_cancel_or_a_crash_after_the_copy_keeps_the_folder(new_meeting, error):
    assert pipeline.settle_failed_import(new_meeting, error) is True
    assert new_meeting.meeting_file.is_file() and any(new_meeting.audio_dir.iterdir())


@pytest.mark.parametrize("error", [InputError("modèle inconnu"), JobError("fichier tronqué", exit_code=2)])
def test_bad_input_before_any_step_removes_the_folder(new_meeting, error):
    assert pipeline.settle_failed_import(new_meeting, error) is False
    assert not new_meeting.path.exists()


def test_bad_input_after_a_finished_step_keeps_the_folder(new_meeting):
    meeting = new_meeting.load()
    meeting.steps["asr"] = {"model": "base"}
    new_meeting.save(meeting)
    assert pipeline.settle_failed_import(new_meeting, InputError("nombre d'intervenants")) is True
    assert new_meeting.path.is_dir()


def test_transcribe_file_applies_the_rule(seance_home, tmp_path, eval_dir):
    wav = eval_dir / "fr_fleurs_007.wav"
    with pytest.raises(InputError, match="Modèle inconnu"):
        pipeline.transcribe_file(wav, tmp_path / "bad", pipeline.PipelineOptions(asr=AsrOptions(model="inconnu")))
    assert not list((tmp_path / "bad").glob("*.seance"))

    token = CancelToken()

    def cancel_while_decoding(p):
        token.cancel()

    with pytest.raises(CancelledError):
        pipeline.transcribe_file(wav, tmp_path / "cancelled", progress=cancel_while_decoding, cancel=token)
    (kept,) = (tmp_path / "cancelled").glob("*.seance")
    assert (kept / "meeting.json").is_file()
