"""Every document opens in LibreOffice: converted to PDF headless, then read back with pdftotext
(accents, page numbers from the PAGE/NUMPAGES fields, the PROJET mark on every page)."""

from __future__ import annotations

import re
import subprocess

import pytest

from transcriber.minutes.documents import write_document

from .builders import codir_form, codir_meeting, council_form, council_meeting


DOCUMENTS = {
    "pv": (council_meeting, council_form, True),
    "deliberations": (council_meeting, council_form, False),
    "cr": (codir_meeting, codir_form, False),
    "verbatim": (council_meeting, council_form, False),
}
EXPECTED = {
    "pv": ["Procès-verbal de la séance", "Conseil municipal du jeudi 12 mars 2026", "Présences",
           "Le quorum étant atteint", "Teneur des discussions", "Délibération n° 2026-013",
           "Adopté à l'unanimité des suffrages exprimés.", "la séance est levée à 22 h 35"],
    "deliberations": ["Liste des délibérations examinées", "Tarifs de la cantine scolaire", "Adoptée à l'unanimité"],
    "cr": ["Compte rendu", "Comité de direction du mardi 17 mars 2026", "Échéance", "Télétravail",
           "Diffuser la note aux agents"],
    "verbatim": ["Verbatim", "Anne Martin [00:00:00]", "l'école et la voirie.", "Le tarif social reste inchangé."],
}


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, list[str]]:
    """Each document's PDF text, one string per page (one soffice run for all, own profile)."""
    folder = tmp_path_factory.mktemp("pdf")
    paths = []
    for kind, (meeting, form, with_verbatim) in DOCUMENTS.items():
        paths.append(write_document(meeting(), folder / f"{kind}.docx", kind, form(), with_verbatim=with_verbatim))
    profile = folder / "lo-profile"
    cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(folder), *map(str, paths)]
    subprocess.run(cmd, capture_output=True, timeout=180)
    texts = {}
    for kind in DOCUMENTS:
        pdf = folder / f"{kind}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {kind}.docx"
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=60,
                             check=True).stdout.decode("utf-8")
        texts[kind] = [page for page in out.split("\f") if page.strip()]
    return texts


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_pdf_has_the_text_with_accents(pdf_texts, kind):
    text = re.sub(r"\s+", " ", " ".join(pdf_texts[kind]))
    for expected in EXPECTED[kind]:
        assert expected in text, expected


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_pdf_pages_are_numbered_and_marked_projet(pdf_texts, kind):
    pages = pdf_texts[kind]
    total = len(pages)
    for number, page in enumerate(pages, 1):
        assert f"Page {number} / {total}" in page
        assert "PROJET" in page


def test_the_pv_spans_several_pages(pdf_texts):
    assert len(pdf_texts["pv"]) >= 3
