"""English as it is read in Norway: day before month (British formats), never the US
month/day order that would make 04/11/2025 mean 11 April to one reader and 4 November to
another. ISO dates (2025-11-04) are accepted in forms in every language."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 4 November 2025
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
