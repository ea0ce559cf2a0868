"""``seance minutes``: the sub-command on a real meeting folder, and its mistakes."""

from __future__ import annotations

import shutil

import docx
import pytest

from transcriber.errors import InputError, MinutesError
from transcriber.cli.main import build_parser
from transcriber.cli.minutes import run_minutes
from transcriber.minutes.form import EXAMPLE_FORM, store_form
from transcriber.store import MeetingFolder

from .builders import council_form, document_text


def main(argv: list[str]) -> int:
    """The real ``seance`` parser and handler, without the exit-code mapping of ``cli.main``."""
    args = build_parser().parse_args(argv)
    return args.func(args)


@pytest.fixture
def folder(council, tmp_path):
    store_form(council, council_form())
    f = MeetingFolder.create(tmp_path, council.title)
    f.save(council)
    return f


@pytest.mark.parametrize("kind", ["pv", "cr", "verbatim", "deliberations"])
def test_each_type_writes_a_document(folder, tmp_path, kind):
    out = tmp_path / f"{kind}.docx"
    assert main(["minutes", str(folder.path), "--type", kind, "--out", str(out)]) == 0
    assert "Commune de Saint-Exemple" in document_text(docx.Document(str(out))) or kind == "verbatim"


def test_form_option_overrides_the_stored_form(folder, tmp_path):
    form = tmp_path / "form.toml"
    shutil.copy(EXAMPLE_FORM, form)
    form.write_text(form.read_text("utf-8").replace("Commune de Saint-Exemple", "Commune de Testville"), "utf-8")
    out = tmp_path / "pv.docx"
    main(["minutes", str(folder.path), "--type", "pv", "--form", str(form), "--out", str(out)])
    text = document_text(docx.Document(str(out)))
    assert "Commune de Testville" in text and "Membres en exercice : 19" in text


def test_pseudonymise_and_with_verbatim(folder, tmp_path):
    out = tmp_path / "pv.docx"
    main(["minutes", str(folder.path), "--type", "pv", "--pseudonymise", "--with-verbatim", "--out", str(out)])
    text = document_text(docx.Document(str(out)))
    assert "Dupuis" not in text and "Personne A [00:03:30]" in text
    assert folder.load().speaker("S3").name == "Jean Dupuis"  # the meeting folder is not changed


def test_the_main_cli_wires_the_sub_command():
    args = build_parser().parse_args(["minutes", "x.seance", "--type", "cr", "--out", "cr.docx"])
    assert args.func is run_minutes and args.doc_type == "cr" and not args.pseudonymise


@pytest.mark.parametrize("argv,message", [
    (["--type", "pv", "--out", "{tmp}/pv.docx", "{tmp}/absent.seance"], "introuvable"),
    (["--type", "pv", "--out", "{tmp}/pv.docx", "{tmp}"], "n'est pas un dossier de réunion"),
    (["--type", "pv", "--out", "{tmp}/pv.pdf", "{folder}"], "doit se terminer par .docx"),
    (["--type", "pv", "--form", "{tmp}/absent.toml", "--out", "{tmp}/pv.docx", "{folder}"], "Formulaire"),
])
def test_user_mistakes_are_input_errors(folder, tmp_path, argv, message):
    argv = [a.format(tmp=tmp_path, folder=folder.path) for a in argv]
    with pytest.raises(InputError, match=message):
        main(["minutes", *argv])


def test_unknown_type_is_refused_by_argparse(folder, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["minutes", str(folder.path), "--type", "lettre", "--out", str(tmp_path / "x.docx")])
    assert exit_info.value.code == 2


def test_unwritable_output_is_a_minutes_error(folder, tmp_path):
    with pytest.raises(MinutesError):
        main(["minutes", str(folder.path), "--type", "pv", "--out", str(tmp_path / "absent" / "pv.docx")])
