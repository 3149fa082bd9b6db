"""Options (declared once), and the Settings they make."""

from .settings import (DEFAULT_MIN_AGREEMENT, DEFAULT_NEAR_DUPLICATE_THRESHOLD, DEFAULT_THRESHOLD, Settings,
                       as_settings, build_settings, flag_values, load_config)

__all__ = ["DEFAULT_MIN_AGREEMENT", "DEFAULT_NEAR_DUPLICATE_THRESHOLD", "DEFAULT_THRESHOLD", "Settings",
           "as_settings", "build_settings", "flag_values", "load_config"]
