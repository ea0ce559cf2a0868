"""Minutes drafted from a real transcript (the eval phone call through the real pipeline)."""

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from transcriber import edit
from transcriber.store import MeetingFolder


@pytest.fixture(scope="module")
def real_folder(offline_run, tmp_path_factory) -> Path:
    run, folder = offline_run
    assert run.returncode == 0, run.stderr
    copy = tmp_path_factory.mktemp("real") / folder.name
    shutil.copytree(folder, copy)
    meeting = MeetingFolder(copy).load()
    edit.rename_speaker(meeting, meeting.speakers[0].id, "Mme Agent")
    MeetingFolder(copy).save(meeting)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pv", "cr", "verbatim", "deliberations"])
def test_every_document_from_a_real_transcript(cli, real_folder, tmp_path, kind):
    out = tmp_path / f"{kind}.docx"
    run = cli("minutes", real_folder, "--type", kind, "--out", out)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Document : {out}"  # the user is told where it went
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "PROJET" in "\n".join(p.text for s in docx.Document(str(out)).sections for p in s.header.paragraphs)
    if kind == "verbatim":
        meeting = MeetingFolder(real_folder).load()
        assert "Mme Agent" in text
        # every segment's words are in the verbatim
        first = meeting.segments[0].words[0].text
        assert first in text
    if kind in ("pv", "cr"):
        assert "[à compléter]" in text  # no form: visible placeholders, nothing invented


@pytest.mark.slow
def test_real_verbatim_opens_in_libreoffice(cli, real_folder, tmp_path):
    out = tmp_path / "verbatim.docx"
    assert cli("minutes", real_folder, "--type", "verbatim", "--out", out).returncode == 0
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   capture_output=True, timeout=180)
    pdf = tmp_path / "verbatim.pdf"
    assert pdf.exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Mme Agent" in text and "Page 1 /" in text


@pytest.mark.slow
def test_pseudonymised_exports(cli, real_folder, tmp_path):
    run = cli("export", real_folder, "--pseudonymise", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    txt = (tmp_path / "transcription-pseudonymisee.txt").read_text("utf-8")
    assert "Mme Agent" not in txt and "Personne A" in txt
