"""Each document built from the synthetic meetings, reopened with python-docx and checked: its
sections, tables and values, its styles (all named, all in the template), its writing."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn

from transcriber.minutes import styles as st
from transcriber.minutes.context import PLACEHOLDER, build_context
from transcriber.minutes.documents import write_document
from transcriber.minutes.form import MinutesForm
from transcriber.minutes.make_template import TEMPLATE_PATH, build_template
from transcriber.model import Meeting

from .builders import all_paragraphs, codir_form, council_form, document_text, make_segments, table_rows, xml_of

VOTE_HEADER = ["Pour", "Contre", "Abstentions", "Ne prend pas part au vote"]


def _write(meeting, form, kind, path, **kw):
    out = write_document(meeting, path, kind, form, **kw)
    return docx.Document(str(out))


def _headings(doc, style):
    return [p.text for p in doc.paragraphs if p.style.name == style]


def _tables_with_header(doc, header):
    return [table_rows(t)[1:] for t in doc.tables if table_rows(t)[0] == header]


@pytest.fixture
def pv(council, tmp_path):
    return _write(council, council_form(), "pv", tmp_path / "pv.docx")


def test_pv_structure(pv):
    assert _headings(pv, st.TITLE) == ["Procès-verbal de la séance"]
    assert _headings(pv, st.SUBTITLE) == ["Conseil municipal du jeudi 12 mars 2026"]
    assert _headings(pv, st.HEADING_1) == [
        "Présences", "Ordre du jour", "Ouverture de la séance",
        "Point n° 1 – Budget primitif 2026", "Point n° 2 – Tarifs de la cantine scolaire",
        "Point n° 3 – Subvention exceptionnelle au comité des fêtes",
        "Point n° 4 – Convention avec l'association Les Jardins partagés",
        "Clôture de la séance",
    ]
    assert "Approbation du procès-verbal de la séance précédente" in _headings(pv, st.HEADING_2)
    assert _headings(pv, st.COLLECTIVITE) == ["République française", "Commune de Saint-Exemple"]


def test_pv_header_facts(pv):
    text = document_text(pv)
    assert ("Le jeudi 12 mars 2026 à 20 h 30, le conseil municipal, légalement convoqué le vendredi 6 mars "
            "2026, s'est réuni en séance publique, salle du conseil, sous la présidence de Mme Anne Martin, "
            "maire.") in text
    assert "Membres en exercice : 16 – Présents : 12 – Représentés : 2 – Votants : 14" in text
    assert ("Le quorum étant atteint (12 membres présents sur 16 en exercice, quorum : 9), le conseil "
            "municipal peut valablement délibérer.") in text
    assert "Secrétaire de séance : M. Paul Durand" in text
    assert f"PV arrêté lors de la séance du {PLACEHOLDER}." in text
    assert "La séance est ouverte à 20 h 30." in text
    assert "L'ordre du jour étant épuisé, la séance est levée à 22 h 35." in text
    agenda = _headings(pv, st.AGENDA_ENTRY)
    assert agenda[2] == "3. Subvention exceptionnelle au comité des fêtes (retiré)"


def test_pv_presence_table(pv):
    (rows,) = _tables_with_header(pv, ["Catégorie", "Membres", "Nombre"])
    assert [r[0] for r in rows] == ["Présents", "Représentés (pouvoir à)", "Absents excusés", "Absents"]
    assert rows[0][2] == "12" and "Mme Lucie Robin" in rows[0][1]
    assert rows[1][1] == "Mme Claire Petit (pouvoir à M. Louis Bernard); M. Jacques Noël (pouvoir à Mme Anne Martin)"
    assert rows[2][1:] == ["Mme Isabelle Perrin", "1"]


def test_pv_votes_discussions_and_item_details(pv):
    assert _tables_with_header(pv, VOTE_HEADER) == [
        [["12 (déduit)", "2", "0", "0 (déduit)"]],
        [["12", "2", "0", "0 (déduit)"]],
        [["13", "0 (déduit)", "0 (déduit)", "0 (déduit)"]],  # "Qui est pour ? Treize."
    ]
    results = _headings(pv, st.VOTE_RESULT)
    assert "Adopté à la majorité." in results
    assert "Adopté à l'unanimité des suffrages exprimés." in results
    assert "Désignation du secrétaire de séance : Adopté." in results
    text = document_text(pv)
    assert "A quitté la salle pendant le vote : M. Henri Roux." in text
    assert "M. Henri Roux quitte la séance avant le vote." in text
    assert "Présents : 11 – Représentés : 2 – Votants : 13" in text  # point 4, after he left
    assert f"Le conseil municipal, après en avoir délibéré, DÉCIDE : {PLACEHOLDER}" in text
    assert "Rapporteur : M. Louis Bernard, adjoint aux finances" in text
    assert "Rapporteur : Sophie Leroy, adjointe aux affaires scolaires" in text
    assert "Délibération n° 2026-013" in text
    assert "Ce point est retiré de l'ordre du jour." in text
    assert "Il est décidé d'appliquer les nouveaux tarifs au premier septembre." in text
    turns = [p for p in pv.paragraphs if p.style.name == st.TURN]
    bernard = next(p for p in turns if p.runs[0].text == "Louis Bernard")
    assert bernard.runs[0].style.name == st.SPEAKER
    assert "Le budget primitif deux mille vingt-six s'équilibre" in bernard.text
    assert "[00:" not in "".join(p.text for p in turns)  # condensed turns carry no timestamp
    (signature,) = [t for t in pv.tables if t.style.name == st.PLAIN_TABLE]
    assert [c.text for c in signature.rows[0].cells] == ["Le président de séance,\nMme Anne Martin, maire",
                                                         "Le secrétaire de séance,\nM. Paul Durand"]


def test_pv_with_verbatim_adds_each_items_words(council, tmp_path):
    without = _write(council, council_form(), "pv", tmp_path / "a.docx")
    with_v = _write(council, council_form(), "pv", tmp_path / "b.docx", with_verbatim=True)
    assert "Verbatim" not in _headings(without, st.HEADING_2)
    assert _headings(with_v, st.HEADING_2).count("Verbatim") == 4  # opening, items 1, 2, 4
    assert "Louis Bernard [00:01:40] : Merci Madame le Maire." in document_text(with_v)


def test_deliberations_list(council, tmp_path):
    doc = _write(council, council_form(), "deliberations", tmp_path / "d.docx")
    assert _headings(doc, st.TITLE) == ["Liste des délibérations examinées"]
    (rows,) = _tables_with_header(doc, ["N°", "Objet", "Résultat"])
    assert rows == [
        ["2026-012", "Budget primitif 2026", "Adoptée"],
        ["2026-013", "Tarifs de la cantine scolaire", "Adoptée"],
        ["2026-015", "Subvention exceptionnelle au comité des fêtes", "Retiré de l'ordre du jour"],
        ["2026-014", "Convention avec l'association Les Jardins partagés", "Adoptée à l'unanimité"],
    ]
    assert "L2121-25" in document_text(doc)


def test_codir_compte_rendu(codir, tmp_path):
    doc = _write(codir, codir_form(), "cr", tmp_path / "cr.docx")
    assert _headings(doc, st.SUBTITLE) == ["Comité de direction du mardi 17 mars 2026"]
    assert _headings(doc, st.HEADING_1) == ["Participants", "Ordre du jour", "Relevé par point",
                                            "Actions à mener", "Prochaine réunion"]
    assert _headings(doc, st.HEADING_2) == ["Ouverture de la réunion", "Point n° 1 – Plan de formation 2026",
                                            "Point n° 2 – Télétravail"]
    (actions,) = _tables_with_header(doc, ["N°", "Action", "Pilote", "Échéance", "Source"])
    assert actions == [
        ["A1", "Diffuser la note aux agents", "M. Marc Girard", "vendredi 20 mars 2026 (« 20 mars »)", "00:00:43"],
        ["A2", "Recenser les demandes des services", "Mme Nadia Chevalier", PLACEHOLDER, "00:01:10"],
    ]
    text = document_text(doc)
    assert "Décision D1 : Le CODIR valide le plan de formation 2026." in text
    assert "Décision D2 : Il est décidé de limiter le télétravail à deux jours par semaine." in text
    assert "Présents : Mme Claire Morel, M. Marc Girard, Mme Nadia Chevalier" in text
    assert "Prochaine réunion : le mardi 7 avril 2026, à 9 h." in text
    assert "Vote" not in _headings(doc, st.HEADING_2)


def test_verbatim_document(council, tmp_path):
    doc = _write(council, council_form(), "verbatim", tmp_path / "v.docx")
    turns = [p for p in doc.paragraphs if p.style.name == st.TURN]
    ctx = build_context(council, council_form(), "verbatim")
    assert len(turns) == sum(len(s.verbatim) for s in [ctx.opening, *ctx.sections]) == 10
    first = turns[0]
    assert [r.style.name for r in first.runs[:2]] == [st.SPEAKER, st.TIMESTAMP]
    assert first.runs[0].text == "Anne Martin" and first.runs[1].text == " [00:00:00]"
    uncertain = [r.text for p in turns for r in p.runs if r.style.name == st.UNCERTAIN]
    assert uncertain == ["voirie."]
    assert "Point n° 2 – Tarifs de la cantine scolaire" in _headings(doc, st.HEADING_2)
    # every word is there
    assert "Le tarif social reste inchangé." in document_text(doc)


def test_every_document_says_projet_and_numbers_its_pages(council, tmp_path):
    for kind in ("pv", "deliberations", "cr", "verbatim"):
        path = tmp_path / f"{kind}.docx"
        doc = _write(council, council_form(), kind, path)
        header = doc.sections[0].header.paragraphs[0]
        assert header.text.startswith("PROJET") and header.style.name == st.DRAFT
        footer = xml_of(path, "word/footer")
        assert "Page " in footer and " PAGE " in footer and " NUMPAGES " in footer
        assert footer.count('w:fldCharType="begin"') == 2


# --- styles ----------------------------------------------------------------------------------


def _used_styles(doc) -> set[str]:
    used = set()
    parts = [doc] + [s.header for s in doc.sections] + [s.footer for s in doc.sections]
    for part in parts:
        paragraphs = all_paragraphs(doc) if part is doc else part.paragraphs
        for p in paragraphs:
            used.add(p.style.name)
            used |= {r.style.name for r in p.runs if r._r.rPr is not None and r._r.rPr.rStyle is not None}
    used |= {t.style.name for t in doc.tables}
    return used


def _direct_formatting(doc) -> list[str]:
    """Any run or paragraph property other than its style is direct formatting."""
    found = []
    for p in all_paragraphs(doc):
        ppr = p._p.pPr
        if ppr is not None:
            found += [f"p:{c.tag}" for c in ppr if c.tag != qn("w:pStyle")]
        for r in p.runs:
            rpr = r._r.rPr
            if rpr is not None:
                found += [f"r:{c.tag}" for c in rpr if c.tag != qn("w:rStyle")]
    return found


def test_every_style_used_exists_in_the_template_and_nothing_is_formatted_by_hand(council, codir, tmp_path):
    template = {s.name for s in docx.Document(str(TEMPLATE_PATH)).styles}
    used_overall = set()
    documents = [(council, council_form(), k) for k in ("pv", "deliberations", "verbatim")]
    documents += [(codir, codir_form(), "cr"), (Meeting(title="Vide"), MinutesForm(), "pv")]
    for i, (meeting, form, kind) in enumerate(documents):
        doc = _write(meeting, form, kind, tmp_path / f"{i}.docx", with_verbatim=True)
        used = _used_styles(doc)
        assert used <= template, used - template
        assert used <= st.ALL_STYLES, used - st.ALL_STYLES
        assert _direct_formatting(doc) == []
        used_overall |= used
    # the checks above see the styles that matter
    assert {st.SPEAKER, st.TIMESTAMP, st.UNCERTAIN, st.TO_COMPLETE, st.DRAFT, st.PAGINATION} <= used_overall


def test_committed_template_matches_styles_py():
    committed = docx.Document(str(TEMPLATE_PATH))
    fresh = build_template()
    for spec in st.CUSTOM_STYLES:
        a, b = committed.styles[spec.name], fresh.styles[spec.name]
        assert a.type == b.type, spec.name
        assert (a.font.bold, a.font.italic, a.font.size, a.font.underline) == \
               (b.font.bold, b.font.italic, b.font.size, b.font.underline), spec.name
    assert len(committed.paragraphs) == 0 and len(committed.tables) == 0


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pv", "deliberations", "cr", "verbatim"])
def test_empty_meeting_and_form_give_placeholders(kind, tmp_path):
    doc = _write(Meeting(title="Séance vide"), MinutesForm(), kind, tmp_path / "e.docx")
    placeholders = [r for p in all_paragraphs(doc) for r in p.runs if r.text == PLACEHOLDER]
    assert placeholders and all(r.style.name == st.TO_COMPLETE for r in placeholders)
    if kind == "verbatim":
        assert "Aucune parole transcrite." in document_text(doc)
    if kind == "pv":
        assert "Champs à compléter : " in document_text(doc)


def test_missing_form_fields_are_visible_placeholders(council, tmp_path):
    form = council_form()
    form.place = form.president = ""
    form.members_in_office = None
    doc = _write(council, form, "pv", tmp_path / "p.docx")
    text = document_text(doc)
    # the président is who opened the séance, shown « à vérifier »
    assert f"s'est réuni en séance publique, {PLACEHOLDER}, sous la présidence de Anne Martin." in text
    assert "À vérifier : président de séance (relevé automatiquement dans l'enregistrement)." in text
    assert f"Membres en exercice : {PLACEHOLDER} – Présents : 12" in text
    assert "Champs à compléter : membres en exercice, lieu." in text


def test_meeting_without_speakers(tmp_path):
    meeting = Meeting(title="Sans intervenants", date="2026-03-12", segments=make_segments([
        (None, 0, "Je déclare la séance ouverte. Le point numéro un concerne la voirie communale."),
        (None, 20, "Qui est contre ? Personne. Adopté à l'unanimité."),
    ]))
    doc = _write(meeting, MinutesForm(), "pv", tmp_path / "s.docx")
    text = document_text(doc)
    assert "Intervenant inconnu : " in text
    # "Qui est contre ? Personne. Adopté à l'unanimité." without the number of votants
    assert _tables_with_header(doc, VOTE_HEADER) == [[[PLACEHOLDER, "0", "0 (déduit)", "0 (déduit)"]]]
    verbatim = _write(meeting, MinutesForm(), "verbatim", tmp_path / "v.docx")
    assert "Intervenant inconnu [00:00:00]" in document_text(verbatim)


# --- verbatim nettoyé -----------------------------------------------------------------------------


def test_verbatim_nettoye_keeps_every_other_word_in_order(council, tmp_path):
    from transcriber.minutes.turns import HESITATIONS, cleaned
    from transcriber.model import Word

    said = "Euh, on va, on va faire le le point sur le pro- le projet, hein, de de voirie. Oui. Oui, c'est ça."
    words = [Word(i * 300, i * 300 + 300, w) for i, w in enumerate(said.split())]
    kept = [w.text for w in cleaned(words)]
    assert " ".join(kept) == "on va faire le point sur le projet, de voirie. Oui. Oui, c'est ça."
    # nothing else changed: the nettoyé is the intégral with words taken out, in order
    integral = [w.text for w in words]
    it = iter(integral)
    assert all(any(k == w for w in it) for k in kept)
    removed = list(integral)
    for k in kept:
        removed.remove(k)
    assert all(re.sub(r"[^\w'-]", "", r.lower()).strip("-") in HESITATIONS or r.endswith("-") or r in kept
               or re.sub(r"\W", "", r.lower()) in {re.sub(r"\W", "", k.lower()) for k in kept} for r in removed)

    doc = _write(council, council_form(), "verbatim_nettoye", tmp_path / "vn.docx")
    assert _headings(doc, st.TITLE) == ["Verbatim nettoyé"]
    full = _write(council, council_form(), "verbatim", tmp_path / "v.docx")
    clean_turns = [p.text for p in doc.paragraphs if p.style.name == st.TURN]
    full_turns = [p.text for p in full.paragraphs if p.style.name == st.TURN]
    assert len(clean_turns) == len(full_turns)
    for c, f in zip(clean_turns, full_turns):
        fw = iter(f.split())
        assert all(any(x == y for y in fw) for x in c.split())  # every word kept, in order
