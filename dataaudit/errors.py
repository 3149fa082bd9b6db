"""Errors a user can fix. The CLI turns them into a message and exit code 2."""


class DataAuditError(Exception):
    """Bad usage or unusable input: the message says what, where and how to fix."""


class InputError(DataAuditError):
    """The input file cannot be read as labeled examples."""


class ConfigError(DataAuditError):
    """A settings file or option value is invalid."""
