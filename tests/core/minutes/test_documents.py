"""Writing a document (``documents.py``): one function for the app and ``seance minutes``, its
file names, its atomic write and its French errors."""

from __future__ import annotations

import errno

import docx
import pytest

from transcriber.errors import InputError, MinutesError, StoreError
from transcriber.minutes.documents import (
    document_path,
    export_into_folder,
    target_problem,
    write_document,
    write_export,
    write_into_folder,
)
from transcriber.minutes.kinds import DOC_KINDS, KINDS

from .builders import council_form, document_text


def test_every_kind_has_one_file_name_in_exports(council, tmp_path):
    names = {document_path(tmp_path, k).name for k in DOC_KINDS}
    assert len(names) == len(DOC_KINDS)
    assert document_path(tmp_path, "pv") == tmp_path / "exports" / "Projet de procès-verbal.docx"
    council.form = council_form().to_dict()
    path = write_into_folder(council, tmp_path, "deliberations")
    assert path == tmp_path / "exports" / f"{KINDS['deliberations'].name}.docx"
    assert "Liste des délibérations examinées" in document_text(docx.Document(str(path)))
    srt = export_into_folder(council, tmp_path, "srt")
    assert srt.name == "transcription.srt" and "-->" in srt.read_text("utf-8")


def test_unwritable_paths_raise_a_french_minutes_error(council, tmp_path):
    a_file = tmp_path / "fichier.txt"
    a_file.write_text("x")
    with pytest.raises(MinutesError, match="est un fichier, pas un dossier"):
        write_document(council, a_file / "pv.docx", "pv", council_form())
    with pytest.raises(MinutesError, match="n'existe pas"):
        write_document(council, tmp_path / "absent" / "pv.docx", "pv", council_form())
    folder = tmp_path / "dossier.docx"
    folder.mkdir()
    with pytest.raises(MinutesError, match="est un dossier"):
        write_document(council, folder, "pv", council_form())
    with pytest.raises(StoreError, match="pas un dossier"):
        write_export(council, a_file / "x.srt", "srt")
    assert a_file.read_text() == "x"
    assert target_problem(tmp_path / "ok.docx") is None


def test_wrong_suffix_or_kind_is_an_input_error(council, tmp_path):
    with pytest.raises(InputError, match="doit se terminer par .docx"):
        write_document(council, tmp_path / "pv.pdf", "pv")
    with pytest.raises(InputError, match="Type de document inconnu"):
        write_document(council, tmp_path / "x.docx", "lettre")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_the_existing_file_untouched(council, tmp_path, monkeypatch):
    target = tmp_path / "pv.docx"
    target.write_bytes(b"version precedente")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr("transcriber.store.os.replace", refuse)
    with pytest.raises(MinutesError) as err:
        write_document(council, target, "pv", council_form())
    assert "Word" in str(err.value) and "n'a pas été modifié" in str(err.value)
    assert target.read_bytes() == b"version precedente"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pv.docx"]  # no temp file left


def test_read_only_folder(council, tmp_path, monkeypatch):
    # a folder where one may not write (faked at the system call: CI runs as root, which may)
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("transcriber.store.tempfile.mkstemp", refuse)
    with pytest.raises(MinutesError, match="Écriture refusée"):
        write_document(council, tmp_path / "pv.docx", "pv", council_form())
    assert list(tmp_path.iterdir()) == []


def test_a_successful_write_replaces_the_old_file(council, tmp_path):
    target = tmp_path / "pv.docx"
    target.write_bytes(b"ancien")
    write_document(council, target, "pv", council_form())
    assert target.read_bytes()[:2] == b"PK"


# --- OpenDocument ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def council_odt(tmp_path_factory):
    from .builders import council_meeting

    path = tmp_path_factory.mktemp("odt") / "pv.odt"
    write_document(council_meeting(), path, "pv", council_form())
    return path


def test_every_document_also_as_odt(council_odt):
    import zipfile

    with zipfile.ZipFile(council_odt) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = z.read("content.xml").decode("utf-8")
    assert "Budget primitif 2026" in content and "Commune de Saint-Exemple" in content


def test_odt_without_libreoffice_is_a_clear_french_message(council, tmp_path, monkeypatch):
    from transcriber.minutes import odt

    monkeypatch.setattr(odt, "soffice", lambda: None)
    with pytest.raises(MinutesError, match="LibreOffice, qui n'est pas installé"):
        write_document(council, tmp_path / "pv.odt", "pv", council_form())
    assert list(tmp_path.iterdir()) == []
    write_document(council, tmp_path / "pv.docx", "pv", council_form())  # the .docx still works
