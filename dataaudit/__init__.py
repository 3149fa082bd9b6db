"""dataaudit: how many of your labeled examples are actually usable."""

from .version import __version__


def audit(path, settings=None, progress=None):
    """Audit a labeled data file; returns a Report. See dataaudit.engine.audit."""
    from .api import audit as _audit

    return _audit(path, settings, progress)


__all__ = ["__version__", "audit"]
