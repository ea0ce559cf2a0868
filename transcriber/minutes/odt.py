"""OpenDocument (.odt), the format the French administration's interoperability framework (RGI)
recommends: every document is drafted as .docx, then converted by LibreOffice when it is installed
on this computer (headless, with a throw-away profile, nothing sent anywhere). Without LibreOffice
the user gets a clear French message and can still save the .docx, which LibreOffice opens too."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MinutesError

log = logging.getLogger(__name__)

#: seconds a conversion may take (LibreOffice starts in a few seconds; a long PV takes a few more)
CONVERT_TIMEOUT_S = 180

NO_LIBREOFFICE = (
    "Le format OpenDocument (.odt) est produit par LibreOffice, qui n'est pas installé sur cet "
    "ordinateur. Installez LibreOffice (gratuit, www.libreoffice.org) ou enregistrez le document au "
    "format Word (.docx), que LibreOffice et Word savent aussi ouvrir."
)

_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def soffice() -> str | None:
    """The LibreOffice program of this computer, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def docx_to_odt(data: bytes) -> bytes:
    """The .odt of a .docx (bytes); MinutesError in French when LibreOffice is missing or fails."""
    program = soffice()
    if program is None:
        raise MinutesError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="seance-odt-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", "--nologo", "--nodefault",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "odt", "--outdir", str(folder), str(source)]
        env = dict(os.environ, HOME=str(folder))
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired as exc:
            raise MinutesError("La conversion en OpenDocument (.odt) par LibreOffice n'a pas abouti en "
                               f"{CONVERT_TIMEOUT_S} secondes. Enregistrez le document au format Word (.docx).") from exc
        except OSError as exc:
            raise MinutesError(f"LibreOffice n'a pas pu être lancé ({exc.strerror or exc}). "
                               "Enregistrez le document au format Word (.docx).") from exc
        result = folder / "document.odt"
        if run.returncode != 0 or not result.is_file():
            log.warning("soffice failed (%s): %s", run.returncode, run.stderr[-500:])
            raise MinutesError("La conversion en OpenDocument (.odt) par LibreOffice a échoué. "
                               "Enregistrez le document au format Word (.docx).")
        return result.read_bytes()
