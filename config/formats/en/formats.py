"""English as it is read in Norway: day first, dotted like Norwegian (03.12.2026), never the
US month/day order that would make 04/11/2025 mean 11 April to one reader and 4 November to
another. The house style writes every date a person reads as 03.12.2026, in every language.
Forms accept ISO dates (2025-11-04) first (the value an <input type="date"> sends and
shows), then 03.12.2026, then the British 03/12/2026."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 4 November 2025 (the long form, month in words)
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"  # 04.11.2025
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2025-11-04'
    "%d.%m.%Y",  # '04.11.2025'
    "%d.%m.%y",  # '04.11.25'
    "%d/%m/%Y",  # '04/11/2025'
    "%d/%m/%y",  # '04/11/25'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2025-11-04 14:30:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2025-11-04 14:30:59.000200'
    "%Y-%m-%d %H:%M",  # '2025-11-04 14:30'
    "%d.%m.%Y %H:%M:%S",  # '04.11.2025 14:30:59'
    "%d.%m.%Y %H:%M",  # '04.11.2025 14:30'
    "%d/%m/%Y %H:%M:%S",  # '04/11/2025 14:30:59'
    "%d/%m/%Y %H:%M",  # '04/11/2025 14:30'
]
