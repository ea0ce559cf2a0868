"""Qt's own strings in French: the standard buttons (OK, Annuler…), the context menu of the text
fields (Copier, Coller…), the names of keys in menus (Maj, Espace…), Qt's file dialogs.

The translations are Qt's ``qtbase_fr.qm`` (and ``qtmultimedia_fr.qm``) from the PySide6 wheel's
translations folder; the frozen app carries them at the same place under its ``PySide6`` folder
(``packaging/seance.spec``), where ``translation_dirs`` looks too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: Qt's translation catalogues the app loads (the modules it uses)
CATALOGUES = ("qtbase", "qtmultimedia")
LANGUAGE = "fr"


#: strings Qt shows that its French catalogue lacks (Qt 6.11: the file dialog's .ui labels)
MISSING = {
    ("QFileDialog", "&Look in:"): "&Regarder dans\u00a0:",
    ("QFileDialog", "Files of &type:"): "&Type de fichier\u00a0:",
}


class SupplementTranslator(QTranslator):
    """The few strings of ``MISSING``; everything else is left to Qt's catalogues."""

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 (Qt's name)
        return MISSING.get((context, source_text))  # None: not here, ask the next catalogue

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def translation_dirs(package_dir: Path | None = None) -> list[Path]:
    """Where Qt's translations may be: Qt's own idea, then inside the PySide6 package (its
    ``Qt/translations`` on Linux and macOS, ``translations`` on Windows)."""
    if package_dir is None:
        import PySide6

        package_dir = Path(PySide6.__file__).resolve().parent
    dirs = [package_dir / "Qt" / "translations", package_dir / "translations"]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_dir:
        dirs.insert(0, Path(qt_dir))
    return dirs


def install_translations(app: QApplication | None = None) -> list[str]:
    """Load Qt's French translations into ``app`` once; returns the catalogues loaded."""
    app = app or QApplication.instance()
    if app is None:
        return []
    loaded = app.property("seance_translations")
    if loaded is not None:
        return list(loaded)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    names: list[str] = []
    translators = []
    for catalogue in CATALOGUES:
        for folder in translation_dirs():
            translator = QTranslator(app)
            if translator.load(f"{catalogue}_{LANGUAGE}", str(folder)):
                app.installTranslator(translator)
                translators.append(translator)
                names.append(catalogue)
                break
        else:
            log.warning("Qt translation %s_%s not found in %s", catalogue, LANGUAGE,
                        ", ".join(map(str, translation_dirs())))
    supplement = SupplementTranslator(app)
    app.installTranslator(supplement)  # the last installed is asked first
    translators.append(supplement)
    app.setProperty("seance_translations", names)
    app._seance_translators = translators  # keep them alive with the application
    return names
