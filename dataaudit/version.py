"""The package's version, in a module of its own so that renderers can write it into what they
produce without importing the package's front door (dataaudit/__init__.py imports the engine)."""

__version__ = "0.1.0"
# Where the project lives: SARIF links its checks' documentation here (report/sarif.py).
HOMEPAGE = "https://github.com/dataaudit/dataaudit"
