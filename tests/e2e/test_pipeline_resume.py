"""Each finished step is saved: a re-run does only what its new options require."""

import pytest

from transcriber import edit, pipeline
from transcriber.asr import AsrOptions
from transcriber.errors import CancelledError
from transcriber.jobs import CancelToken
from transcriber.store import MeetingFolder


@pytest.mark.slow
def test_resume_keeps_finished_steps_and_speaker_names(seance_home, tmp_path, eval_dir):
    wav = eval_dir / "fr_tcof_separation_per_14_1spk.wav"
    options = pipeline.PipelineOptions(asr=AsrOptions(threads=2))
    first = pipeline.transcribe_file(wav, tmp_path, options, title="Monologue")
    assert first.steps_run == ["asr", "diarize", "align"]
    folder = MeetingFolder(first.folder)
    meeting = folder.load()
    speaker = meeting.speakers[0].id
    edit.rename_speaker(meeting, speaker, "Mme la Maire")
    folder.save(meeting)

    # same options: nothing to do
    assert pipeline.run(folder, options).steps_run == []

    # a new speaker-count hint: diarisation and alignment only, the transcript is kept
    words_before = [w.text for w in folder.load().all_words()]
    hinted = pipeline.PipelineOptions(asr=AsrOptions(threads=2), speakers=pipeline.SpeakerCount(exact=1))
    assert pipeline.run(folder, hinted).steps_run == ["diarize", "align"]
    after = folder.load()
    assert [w.text for w in after.all_words()] == words_before
    assert after.speaker_label(after.segments[0].speaker) == "Mme la Maire"

    # new ASR options: ASR and alignment again, the diarisation and the names are kept
    rerun = pipeline.PipelineOptions(asr=AsrOptions(threads=2, beam_size=4), speakers=pipeline.SpeakerCount(exact=1))
    assert pipeline.run(folder, rerun).steps_run == ["asr", "align"]
    final = folder.load()
    assert final.steps["asr"]["beam_size"] == 4
    assert {final.speaker_label(s.speaker) for s in final.segments} == {"Mme la Maire"}


@pytest.mark.slow
def test_a_cancelled_run_leaves_the_meeting_as_it_was(seance_home, tmp_path, eval_dir):
    folder = pipeline.create_meeting(tmp_path, eval_dir / "fr_fleurs_007.wav", title="Annulée")
    before = folder.meeting_file.read_bytes()
    token = CancelToken()

    def cancel_during_asr(p):
        if p.step == "asr":
            token.cancel()

    with pytest.raises(CancelledError):
        pipeline.run(folder, pipeline.PipelineOptions(), progress=cancel_during_asr, cancel=token)
    assert folder.meeting_file.read_bytes() == before
