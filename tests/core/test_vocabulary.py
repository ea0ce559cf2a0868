"""The vocabulary of a collectivité: its plain file, its storage, and the fixes after the ASR."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from transcriber import phonetic, settings, spelling, vocabulary
from transcriber.errors import InputError
from transcriber.lexicon import is_ordinary
from transcriber.model import Meeting, Segment, Word
from transcriber.spelling import fix_spellings

DATA = Path(__file__).resolve().parents[1] / "data"
COUNCIL = ["Mme Anne Martin", "M. Jean-Pierre Dubreuil", "Mme Nathalie Kowalczyk", "SIVOM",
           "rue des Tilleuls", "Monsieur Petit", "Lefèvre", "Annie Riche-Dureau"]

TEXT = """# vocabulaire de test
[Élus]
Mme Anne Martin
M. Jean-Pierre Dubreuil, Mme Nathalie Kowalczyk
[lieux]
rue des Tilleuls
[SIGLES]
SIVOM = syndicat intercommunal à vocation multiple
CCAS
[Autres]
salle des fêtes
"""


def seg(text: str, probability: float = 0.8) -> Segment:
    words = [Word(i * 300, i * 300 + 250, w, probability) for i, w in enumerate(text.split())]
    return Segment(0, len(words) * 300, words)


def test_plain_file_sections_round_trip():
    v = vocabulary.Vocabulary.parse(TEXT)
    assert v.elected == ["Mme Anne Martin", "M. Jean-Pierre Dubreuil", "Mme Nathalie Kowalczyk"]
    assert v.places == ["rue des Tilleuls"]
    assert v.acronyms == {"SIVOM": "syndicat intercommunal à vocation multiple", "CCAS": ""}
    assert v.other == ["salle des fêtes"]
    assert v.terms()[:3] == v.elected and "SIVOM" in v.terms()
    assert vocabulary.Vocabulary.parse(v.to_text("Mairie de Test")) == v


def test_unknown_section_names_the_line():
    with pytest.raises(InputError, match="ligne 3 .*\\[Budget\\]"):
        vocabulary.Vocabulary.parse("[Élus]\nMme Martin\n[Budget]\n")


def test_empty_vocabulary_changes_nothing():
    v = vocabulary.Vocabulary.parse("# rien\n\n")
    assert v.terms() == []
    s = seg("Madame Kovalchik a la parole.")
    assert fix_spellings([s], v.terms()) == 0
    assert s.text == "Madame Kovalchik a la parole."


def test_prompt_is_capped_but_fixes_use_every_entry():
    from transcriber.asr import PROMPT_MAX_CHARS, vocabulary_prompt

    terms = [f"M. Kowalczyk{i:04d}" for i in range(500)]
    prompt = vocabulary_prompt(terms)
    assert prompt.startswith("Vocabulaire : M. Kowalczyk0000, ")
    assert len(prompt) <= PROMPT_MAX_CHARS + 20 and "Kowalczyk0499" not in prompt
    s = seg("M. Kowalczik0499")
    assert fix_spellings([s], terms) == 1 and s.text == "M. Kowalczyk0499"


def test_stored_per_collectivite_in_the_settings_folder(seance_home):
    path = vocabulary.save("Mairie de Saint-Éxemple", TEXT)
    assert path == settings.config_dir() / "collectivites" / "mairie-de-saint-exemple" / "vocabulaire.txt"
    assert path.read_text("utf-8") == TEXT
    assert vocabulary.load("mairie de saint-exemple").elected[0] == "Mme Anne Martin"
    assert settings.list_collectivites() == ["Mairie de Saint-Éxemple"]
    with pytest.raises(InputError):  # a text the next reading would refuse is not written
        vocabulary.save("Mairie de Saint-Éxemple", "[Inconnue]\nx\n")
    assert path.read_text("utf-8") == TEXT
    assert vocabulary.load("Autre commune").terms() == []


def test_flat_lists_of_older_settings_are_read_back(seance_home):
    s = settings.Settings(vocabularies={"Mairie de X": ["Mme Durand", "SIVOM"]})
    s.save()
    assert vocabulary.load("Mairie de X").other == ["Mme Durand", "SIVOM"]


def test_near_misses_of_known_names_are_fixed_and_marked():
    cases = {
        "La parole est à Mme Kovalchik.": "La parole est à Mme Kowalczyk.",
        "M. Dubreuille a dit": "M. Dubreuil a dit",
        "Kowal chik, présente": "Kowalczyk, présente",
        "le sivom vote": "le SIVOM vote",
        "Mme Lefebvre arrive": "Mme Lefèvre arrive",
        "Annie Richedureau": "Annie Riche-Dureau",
    }
    for heard, expected in cases.items():
        s = seg(heard)
        assert fix_spellings([s], COUNCIL) >= 1, heard
        assert s.text == expected
        fixed = [w for w in s.words if w.corrected_from]
        assert fixed and all(w.corrected_from != w.text for w in fixed)
    s = seg("Kowal chik, présente")
    fix_spellings([s], COUNCIL)
    assert s.words[0].corrected_from == "Kowal chik," and s.words[0].start_ms == 0
    assert s.words[0].end_ms == 550


def test_other_names_and_ordinary_words_are_left_alone():
    for text in ("la mère de Martine", "Madame Petite", "une riche idée du maire",
                 "Dupont et Durand", "rue des tilleuls"):
        s = seg(text)
        assert fix_spellings([s], COUNCIL) == 0, text
        assert s.text == text


def test_ordinary_words_close_to_the_names_are_never_rewritten():
    from rapidfuzz.distance import Levenshtein

    lines = (DATA / "ordinary_near_names.txt").read_text("utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    assert len(words) >= 200
    names = [f"M. {n}" for n in BENCH_NAMES] + COUNCIL + ["M. Durand", "M. Bernard"]
    # every word of the list sounds or looks like a name (the list tests what it claims to)
    surnames = [n.split()[-1] for n in names]
    for w in words:
        assert is_ordinary(w), w
        assert any(phonetic.key(w) == phonetic.key(n) or Levenshtein.normalized_similarity(
            phonetic.fold(w), phonetic.fold(n)) >= 0.6 for n in surnames), w
    for w in words:
        for text in (w, w.capitalize(), f"{w.capitalize()}."):
            s = seg(text)
            assert fix_spellings([s], names) == 0, text
            assert s.words[0].text == text


def test_five_thousand_entries():
    rng = random.Random(1)
    syl = ["ba", "ber", "cha", "dé", "du", "gar", "ker", "lou", "ma", "nan", "pel", "rou", "van"]
    big = sorted({"M. " + "".join(rng.choice(syl) for _ in range(4)).capitalize() for _ in range(9000)})[:5000]
    assert len(big) == 5000
    big.append("Mme Nathalie Kowalczyk")
    segments = [seg("Mme Kovalchik présente le rapport du SIVOM au conseil") for _ in range(300)]
    fixed = fix_spellings(segments, big)
    assert fixed == 300
    assert all(s.words[1].text == "Kowalczyk" for s in segments)


def test_targets_skip_civilities_ordinary_words_and_short_tokens():
    texts = [t.text for t in spelling.targets_of(COUNCIL + ["M. Roy", "salle des fêtes"])]
    assert "Kowalczyk" in texts and "SIVOM" in texts and "Riche-Dureau" in texts
    for absent in ("Mme", "M.", "Monsieur", "Petit", "rue", "Tilleuls", "Roy", "salle"):
        assert absent not in texts


def test_phonetic_keys():
    same = [("Kowalczyk", "Kovalchik"), ("Rousseau", "Roussot"), ("Dubreuil", "Du Breuil"),
            ("Gauthier", "Gautier"), ("Schmitt", "Schmidt"), ("Georges", "Jorge"),
            ("Mercier", "Mersier"), ("Vincent", "Vinsan"), ("Chevallier", "Chevalier")]
    for a, b in same:
        assert phonetic.key(a) == phonetic.key(b), (a, b)
    for a, b in [("Durand", "Dupont"), ("Martin", "Marteau"), ("Bernard", "Renard")]:
        assert not phonetic.similar(a, b), (a, b)
    assert phonetic.key("") == "" and phonetic.key("123") == ""


def test_lexicon_knows_ordinary_words_not_names():
    for w in ("mère", "conseil", "délibération", "l'école", "peut-être", "riche"):
        assert is_ordinary(w)
    for w in ("Kowalczyk", "Dubreuil", "SIVOM", "Anne"):
        assert not is_ordinary(w)
    assert not is_ordinary("mere") and is_ordinary("mere", accents=False)


def test_corrections_survive_the_meeting_file():
    s = seg("Mme Kovalchik")
    fix_spellings([s], COUNCIL)
    meeting = Meeting(title="t", segments=[s], collectivite="Mairie de X")
    data = json.loads(json.dumps(meeting.to_dict()))
    words = data["segments"][0]["words"]
    assert "corrected_from" not in words[0] and words[1]["corrected_from"] == "Kovalchik"
    again = Meeting.from_dict(data)
    assert again == meeting and again.collectivite == "Mairie de X"


BENCH_NAMES = [
    "Kowalczyk", "Dubreuil", "Quéméner", "Kerguelen", "Hervouët", "Bouchareb", "Vandenbussche",
    "Schoendorff", "Pétiniaud", "Chaumeil", "Jacquemin", "Delaunay", "Rigaudeau", "Thévenoud",
    "Guéguen", "Mazoyer", "Peyrefitte", "Castagnède", "Lhermitte", "Cazenave", "Daudignac",
    "Escudié", "Faucompré", "Grandjouan", "Houdebine", "Issartel", "Jouannic", "Labrousse",
    "Maillochon", "Navarrot", "Ollivro", "Poupinel", "Rabasté", "Soubeyran", "Urvoy", "Vasseur",
    "Wojciechowski", "Zamora", "Benhamou", "Nguyen", "Lefebvre", "Gauthier", "Rousseau",
    "Mercier", "Chevallier", "Fontanel", "Brossard", "Pelletier",
]


def test_a_meeting_of_schema_1_loads_with_nothing_corrected():
    v1 = {"schema_version": 1, "title": "Ancien", "segments": [
        {"start_ms": 0, "end_ms": 500, "words": [{"start_ms": 0, "end_ms": 500, "text": "Bonjour",
                                                  "probability": 0.9}], "speaker": "SPEAKER_00"}],
          "speakers": [{"id": "SPEAKER_00", "name": "", "elected": False, "color": ""}]}
    meeting = Meeting.from_dict(v1)
    assert meeting.collectivite == "" and meeting.segments[0].words[0].corrected_from is None
    assert meeting.speakers[0].proposal == {}
    assert meeting.to_dict()["schema_version"] == 2


def test_command_line_shows_and_sets_the_file(seance_home, tmp_path, capsys):
    from transcriber.cli.main import main as seance

    assert seance(["vocabulary", "show", "--collectivite", "Mairie de Test"]) == 0
    out = capsys.readouterr().out
    path = vocabulary.vocabulary_path("Mairie de Test")
    assert str(path) in out and "[Élus]" in out and path.exists()
    good = tmp_path / "v.txt"
    good.write_text(TEXT, "utf-8")
    assert seance(["vocabulary", "set", str(good)]) == 0  # the only collectivité known
    assert "7 entrées" in capsys.readouterr().out
    assert vocabulary.load("Mairie de Test").acronyms["SIVOM"].startswith("syndicat")
    bad = tmp_path / "bad.txt"
    bad.write_text("[Budget]\nx\n", "utf-8")
    assert seance(["vocabulary", "set", str(bad)]) == 2
    assert "ligne 1" in capsys.readouterr().err
    assert path.read_text("utf-8") == TEXT  # nothing lost


def test_transcribe_reads_the_collectivite_and_sectioned_files(seance_home, tmp_path):
    from transcriber.cli.transcribe import _read_vocabulary

    vocabulary.save("Mairie de Test", "[Élus]\nMme Anne Martin\n")
    extra = tmp_path / "extra.txt"
    extra.write_text("[Sigles]\nSIVOM = syndicat\nCCAS\n[Lieux]\nrue des Tilleuls, place Carnot\n", "utf-8")
    assert _read_vocabulary(str(extra), "Mairie de Test") == [
        "Mme Anne Martin", "SIVOM", "CCAS", "rue des Tilleuls", "place Carnot"]
    with pytest.raises(InputError, match="introuvable"):
        _read_vocabulary(str(tmp_path / "absent.txt"))


def test_attendance_is_suggested_from_the_elected_members(seance_home):
    from transcriber.minutes.form_fields import suggestions

    vocabulary.save("Mairie de Test", "[Élus]\nMme Anne Martin\nM. Paul Durand\n[Lieux]\nrue Haute\n")
    words = [Word(0, 400, "Bonsoir", 0.9), Word(400, 900, "à", 0.9), Word(900, 1400, "tous.", 0.9)]
    meeting = Meeting(title="Conseil", kind="conseil", segments=[Segment(0, 1400, words)],
                      collectivite="Mairie de Test")
    # « à vérifier » suggestions for an empty form: the elected members, never the places
    assert suggestions(meeting).form.attendance.present == ["Mme Anne Martin", "M. Paul Durand"]
    meeting.form = {"presence": {"presents": ["Mme Anne Martin"]}}
    assert suggestions(meeting).form.attendance.present == []  # what the user typed stays theirs
    meeting.form, meeting.collectivite = {}, ""
    assert suggestions(meeting).form.attendance.present == []  # no collectivité, no list
