"""Renderers: they read a Report and return text; the CLI decides where it goes."""
