"""Dialogs of the app: import, settings, find and replace, about."""
