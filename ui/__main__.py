"""``python -m ui``: start the Séance desktop app."""

if __name__ == "__main__":
    import sys

    from ui.app import main

    sys.exit(main())
