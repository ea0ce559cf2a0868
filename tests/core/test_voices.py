"""Voice profiles on real audio with the real CAM++ model: enrol in one half of the French phone
call, recognise in the other; storage, bad files, names, deletion, and the command line."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from transcriber import audio, voices
from transcriber._diarization_metrics import load_rttm
from transcriber.cli.main import main as seance
from transcriber.errors import InputError
from transcriber.model import Meeting, Turn
from transcriber.store import MeetingFolder

CLIP = "fr_edf_phonecall_2spk"
CUT_MS = 93_000
#: the call's two voices as diarisation would label them
IDS = {"agent": "SPEAKER_00", "caller": "SPEAKER_01"}
TOWN = "Mairie de Saint-Exemple"


@pytest.fixture(scope="module")
def halves(eval_dir):
    """(samples, turns) of the first and second half of the call, turns from the reference."""
    samples = audio.decode(eval_dir / f"{CLIP}.wav")
    ref = load_rttm(eval_dir / f"{CLIP}.rttm")
    cut = CUT_MS * 16
    out = []
    for a, b in ((0, CUT_MS), (CUT_MS, samples.size * 1000 // 16000)):
        turns = [Turn(max(t.start_ms, a) - a, min(t.end_ms, b) - a, IDS[t.speaker])
                 for t in ref if t.end_ms > a and t.start_ms < b]
        out.append((samples[:cut] if a == 0 else samples[cut:], [t for t in turns if t.end_ms > t.start_ms]))
    return out


@pytest.fixture(scope="module")
def fleurs(eval_dir):
    """Another voice, a reader who never speaks in the call."""
    samples = audio.decode(eval_dir / "fr_fleurs_001.wav")
    return samples, [Turn(0, samples.size * 1000 // 16000, "SPEAKER_00")]


def meeting_of(title: str, turns: list[Turn]) -> Meeting:
    m = Meeting(title=title, turns=list(turns), collectivite=TOWN)
    from transcriber.pipeline import sync_speakers

    sync_speakers(m)
    return m


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def test_nothing_is_matched_without_profiles(seance_home, halves):
    samples, turns = halves[1]
    matches, found = voices.identify(meeting_of("B", turns), samples, TOWN)
    assert matches == [] and found.profiles == []


def test_enrol_in_one_half_recognise_in_the_other(seance_home, halves, fleurs):
    (sa, ta), (sb, tb) = halves
    first = meeting_of("Appel, début", ta)
    agent, created = voices.enrol(first, sa, "SPEAKER_00", "M. Agent", TOWN)
    caller, _ = voices.enrol(first, sa, "SPEAKER_01", "Mme Richereau", TOWN)
    reader, _ = voices.enrol(meeting_of("Lecture", fleurs[1]), fleurs[0], "SPEAKER_00", "Mme Lectrice", TOWN)
    assert created and agent.enrolments[0].seconds > 15

    # stored locally, per collectivité, in the settings folder: numbers, never audio
    files = sorted(voices.voices_dir(TOWN).glob("*.json"))
    assert len(files) == 3 and voices.voices_dir(TOWN).parent.name == "mairie-de-saint-exemple"
    data = json.loads(files[0].read_text("utf-8"))
    assert data["model"] == voices.MODEL_ID and data["format"] == voices.FORMAT
    assert len(data["enrolments"][0]["embedding"]) == 192
    assert str(voices.voices_dir(TOWN)) in voices.storage_notice(TOWN)

    second = meeting_of("Appel, fin", tb)
    matches, _ = voices.identify(second, sb, TOWN)
    named = {m.speaker: (m.name, m.confidence) for m in matches}
    assert named["SPEAKER_00"][0] == "M. Agent" and named["SPEAKER_01"][0] == "Mme Richereau"
    assert all(voices.THRESHOLD <= c <= 1 for _, c in named.values())
    # the reader never speaks in the call: her profile names nobody
    assert "Mme Lectrice" not in {m.name for m in matches}

    # proposals wait for a person; identify names only unnamed speakers
    second.speakers[1].name = "Déjà nommée"
    voices.propose(second, matches)
    assert second.speakers[0].proposal["name"] == "M. Agent" and second.speakers[1].proposal == {}
    named_now = voices.apply_names(second, matches)
    assert [s.id for s in named_now] == ["SPEAKER_00"] and second.speakers[0].name == "M. Agent"


def test_same_name_refines_one_profile_and_renames_stay_unique(seance_home, halves):
    (sa, ta), (sb, tb) = halves
    p1, created1 = voices.enrol(meeting_of("Réunion 1", ta), sa, "SPEAKER_00", "M. Agent", TOWN)
    p2, created2 = voices.enrol(meeting_of("Réunion 2", tb), sb, "SPEAKER_00", "m. agent", TOWN)
    assert created1 and not created2 and p1.id == p2.id and len(p2.enrolments) == 2
    p3, _ = voices.enrol(meeting_of("Réunion 2", tb), sb, "SPEAKER_00", "M. AGENT", TOWN)
    assert len(p3.enrolments) == 2  # the same turns again replace, never count twice
    voices.enrol(meeting_of("Réunion 1", ta), sa, "SPEAKER_01", "Mme Richereau", TOWN)
    with pytest.raises(InputError, match="porte déjà"):
        voices.rename_profile(TOWN, "Mme Richereau", "M. Agent")
    assert voices.rename_profile(TOWN, "Mme Richereau", "Mme Annie Richereau").name == "Mme Annie Richereau"

    # two files with one name (copied by hand): asked which one, never guessed
    twin = json.loads(p1.path.read_text("utf-8"))
    twin["id"] = "m-agent-twin"
    (voices.voices_dir(TOWN) / "m-agent-twin.json").write_text(json.dumps(twin), "utf-8")
    with pytest.raises(InputError, match="Plusieurs empreintes .*m-agent-twin"):
        voices.load_profiles(TOWN).find("M. Agent")
    assert voices.load_profiles(TOWN).find("m-agent-twin").id == "m-agent-twin"


def test_bad_files_are_refused_and_named(seance_home, halves):
    (sa, ta), _ = halves
    good, _ = voices.enrol(meeting_of("R", ta), sa, "SPEAKER_00", "M. Agent", TOWN)
    folder = voices.voices_dir(TOWN)
    (folder / "abime.json").write_text('{"format": 1, "model": ', "utf-8")
    other = json.loads(good.path.read_text("utf-8"))
    other.update(id="vieux", name="Ancien modèle", model="ecapa-voxceleb/0000/v0")
    (folder / "vieux.json").write_text(json.dumps(other), "utf-8")
    nan = json.loads(good.path.read_text("utf-8"))
    nan.update(id="trou", name="Trou")
    nan["enrolments"][0]["embedding"] = nan["enrolments"][0]["embedding"][:10]
    (folder / "trou.json").write_text(json.dumps(nan), "utf-8")

    found = voices.load_profiles(TOWN)
    assert [p.name for p in found.profiles] == ["M. Agent"]
    why = {path.name: text for path, text in found.refused}
    assert set(why) == {"abime.json", "vieux.json", "trou.json"}
    assert "illisible" in why["abime.json"] and "autre version" in why["vieux.json"]
    assert "endommagée" in why["trou.json"]


def test_too_little_speech_and_unknown_speakers(seance_home, halves):
    (sa, ta), _ = halves
    short = meeting_of("Court", [Turn(0, 2500, "SPEAKER_00"), Turn(3000, 60_000, "SPEAKER_01")])
    with pytest.raises(InputError, match="au moins 4"):
        voices.enrol(short, sa, "SPEAKER_00", "M. Bref", TOWN)
    with pytest.raises(InputError, match="ne parle pas"):
        voices.enrol(short, sa, "SPEAKER_07", "M. Absent", TOWN)
    with pytest.raises(InputError, match="nom"):
        voices.enrol(short, sa, "SPEAKER_01", "   ", TOWN)
    assert not voices.voices_dir(TOWN).exists() or not list(voices.voices_dir(TOWN).glob("*.json"))


def test_clean_pieces_leave_out_overlap_and_short_bits():
    turns = [Turn(0, 10_000, "A"), Turn(4_000, 5_000, "B"), Turn(9_500, 12_000, "B"), Turn(20_000, 20_800, "A")]
    assert voices.clean_pieces(turns, "A") == [(5_000, 9_500), (0, 4_000)]
    assert voices.clean_pieces(turns, "B") == [(10_000, 12_000)]


def test_command_line(seance_home, halves, tmp_path, capsys):
    (sa, ta), (sb, tb) = halves
    folders = []
    for title, samples, turns in (("Conseil 1", sa, ta), ("Conseil 2", sb, tb)):
        folder = MeetingFolder.create(tmp_path, title)
        meeting = meeting_of(title, turns)
        meeting.audio = folder.import_audio(write_wav(tmp_path / f"{title}.wav", samples))
        folder.save(meeting)
        folders.append(folder)

    assert seance(["voices", "add", str(folders[0].path), "SPEAKER_01", "Mme Richereau"]) == 0
    out = capsys.readouterr().out
    assert "Voix de « Mme Richereau » enregistrée" in out and "mairie-de-saint-exemple" in out
    assert folders[0].load().speaker("SPEAKER_01").name == "Mme Richereau"

    assert seance(["voices", "list"]) == 0  # the only collectivité known
    out = capsys.readouterr().out
    assert "uniquement sur cet ordinateur" in out and "Mme Richereau" in out

    assert seance(["speakers", str(folders[1].path), "identify"]) == 0
    out = capsys.readouterr().out
    assert "SPEAKER_01  reconnu : Mme Richereau  (ressemblance" in out
    assert "SPEAKER_00  non reconnu" in out
    assert folders[1].load().speaker("SPEAKER_01").name == "Mme Richereau"

    assert seance(["voices", "delete", "mme richereau"]) == 0
    assert "effacé" in capsys.readouterr().out
    assert not list(voices.voices_dir(TOWN).glob("*.json"))
    assert seance(["speakers", str(folders[1].path), "identify"]) == 0
    assert "Aucune empreinte vocale" in capsys.readouterr().out
    assert seance(["voices", "delete", "Personne"]) == 2
    assert "Aucune empreinte vocale « Personne »" in capsys.readouterr().err


def test_the_pipeline_proposes_names_only_with_a_collectivite_and_profiles(seance_home, halves):
    from transcriber.pipeline import propose_names

    (sa, ta), (sb, tb) = halves
    second = meeting_of("Appel, fin", tb)
    assert propose_names(second, sb) == [] and all(not s.proposal for s in second.speakers)
    voices.enrol(meeting_of("Appel, début", ta), sa, "SPEAKER_01", "Mme Richereau", TOWN)
    (voices.voices_dir(TOWN) / "abime.json").write_text("{", "utf-8")
    warnings = propose_names(second, sb)
    assert len(warnings) == 1 and "abime.json" in warnings[0]
    assert second.speaker("SPEAKER_01").proposal["name"] == "Mme Richereau"
    assert second.speaker("SPEAKER_01").name == ""  # a proposal, not a name
    second.collectivite = ""
    second.speaker("SPEAKER_01").proposal = {}
    assert propose_names(second, sb) == [] and not second.speaker("SPEAKER_01").proposal
