"""dataaudit: how many of your labeled examples are actually usable."""

from .version import __version__


def audit(path, settings=None, progress=None, executor=None):
    """Audit a labeled data file or a DataFrame; returns a Report. See dataaudit.api.audit."""
    from .api import audit as _audit

    return _audit(path, settings, progress, executor)


__all__ = ["__version__", "audit"]
