"""``python -m ui``: start the Séance desktop app (also the PyInstaller entry point)."""

if __name__ == "__main__":
    # First, before any heavy import: in a frozen executable a spawned job child runs this
    # same program, and freeze_support() turns it into the child instead of a second GUI.
    import multiprocessing

    multiprocessing.freeze_support()

    import sys

    from ui.app import main

    sys.exit(main())
