"""Private persons become "Personne A", "Personne B"… in a copy; the meeting itself is untouched."""

from __future__ import annotations

import docx
import pytest

from transcriber.minutes.documents import write_document
from transcriber.minutes.form import store_form
from transcriber.minutes.pseudonymise import NON_ELECTED, label_for, private_names, pseudonymise
from transcriber.model import Meeting, Speaker

from .builders import council_form, document_text, make_segments


def test_listed_name_replaced_in_speakers_and_text(council):
    hidden = pseudonymise(council, ["Jean Dupuis"])
    assert hidden.speaker("S3").name == "Personne A"
    assert "Merci Personne A pour ces précisions." in hidden.text
    assert "Dupuis" not in hidden.text
    # the original is untouched (a deep copy was changed)
    assert council.speaker("S3").name == "Jean Dupuis" and "Monsieur Dupuis" in council.text


def test_replacement_keeps_the_time_span_of_the_name(council):
    hidden = pseudonymise(council, ["Jean Dupuis"])
    original = next(s for s in council.segments if "Dupuis" in s.text)
    civ = next(i for i, w in enumerate(original.words) if w.text == "Monsieur")
    changed = next(s for s in hidden.segments if s.start_ms == original.start_ms)
    persona = next(w for w in changed.words if w.text == "Personne")
    letter = changed.words[changed.words.index(persona) + 1]
    assert persona.start_ms == original.words[civ].start_ms
    assert letter.end_ms == original.words[civ + 1].end_ms and letter.text == "A"


def test_policy_hides_every_named_speaker_not_elected(council):
    hidden = pseudonymise(council, NON_ELECTED)
    assert [s.name for s in hidden.speakers] == ["Anne Martin", "Louis Bernard", "Henri Roux", "Personne A",
                                                 "Sophie Leroy"]


def test_labels_are_consistent_case_accent_and_near_miss_insensitive():
    meeting = Meeting(title="Réunion avec Jean Dupuis", segments=make_segments([
        ("S0", 0, "Bonjour monsieur DUPUIS et madame Hélène Lefèvre."),
        ("S0", 10, "Mme helene lefevre a écrit à M. Dupuy hier, et d'Aubry aussi."),
    ]), speakers=[Speaker("S0", "Anne Martin", elected=True)])
    hidden = pseudonymise(meeting, ["Jean Dupuis", "Hélène Lefèvre", "Paul Aubry"])
    assert hidden.segments[0].text == "Bonjour Personne A et Personne B."
    assert hidden.segments[1].text == "Personne B a écrit à Personne A hier, et de Personne C aussi."
    assert hidden.title == "Réunion avec Personne A"


def test_lowercase_common_words_are_not_near_misses():
    meeting = Meeting(title="x", segments=make_segments([("S0", 0, "Ce matin, Martin est venu.")]))
    assert pseudonymise(meeting, ["Paul Martin"]).segments[0].text == "Ce matin, Personne A est venu."


def test_given_name_shared_with_an_elected_member_is_kept():
    meeting = Meeting(title="x", segments=make_segments([("S0", 0, "Anne Dupré remercie Anne Martin. Anne parle.")]),
                      speakers=[Speaker("S0", "Anne Martin", elected=True)])
    hidden = pseudonymise(meeting, ["Anne Dupré"])
    assert hidden.segments[0].text == "Personne A remercie Anne Martin. Anne parle."


def test_form_is_pseudonymised_too(council):
    form = council_form()
    form.attendance.guests = ["M. Jean Dupuis, directeur de la restauration"]
    store_form(council, form)
    hidden = pseudonymise(council, private_names(council))
    assert hidden.form["personnes_privees"] == ["Personne A"]
    assert hidden.form["presence"]["invites"] == ["Personne A, directeur de la restauration"]
    assert hidden.form["presence"]["presents"] == council.form["presence"]["presents"]


def test_no_names_changes_nothing_but_still_copies(council):
    hidden = pseudonymise(council, [])
    assert hidden is not council and hidden.text == council.text


def test_unknown_policy_is_refused(council):
    with pytest.raises(ValueError):
        pseudonymise(council, "tout")


@pytest.mark.parametrize("index,label", [(0, "Personne A"), (25, "Personne Z"), (26, "Personne AA")])
def test_labels(index, label):
    assert label_for(index) == label


def test_pseudonymised_documents_never_show_the_name(council, tmp_path):
    store_form(council, council_form())
    for kind in ("pv", "verbatim", "cr"):
        out = write_document(council, tmp_path / f"{kind}.docx", kind, with_verbatim=True, pseudonymise=True)
        text = document_text(docx.Document(str(out)))
        assert "Dupuis" not in text and "Personne A" in text, kind
    assert council.speaker("S3").name == "Jean Dupuis"
