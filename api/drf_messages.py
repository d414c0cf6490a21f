"""Messages of Django REST framework that its own Norwegian catalogue leaves untranslated.

The API answers in the request's language (``Accept-Language``), but DRF 3.x ships these
field and serializer messages without a Bokmål translation, so a Norwegian client got them
in English. Listing them here puts them in this app's catalogue
(api/locale/nb/LC_MESSAGES/django.po), which Django consults for every message DRF's
catalogue lacks; DRF's own translations still win where they exist.

Keep the texts identical to DRF's (``rest_framework/fields.py``, ``validators.py``,
``exceptions.py``), placeholders included.
"""

from django.utils.translation import gettext_lazy as _

DRF_MESSAGES = (
    _("Must be a valid boolean."),
    _("Not a valid string."),
    _("Datetime value out of range."),
    _('Invalid datetime for the timezone "{timezone}".'),
    _("Ensure this field has no more than {max_length} elements."),
    _("Ensure this field has at least {min_length} elements."),
    _("This dictionary may not be empty."),
    _("Surrogate characters are not allowed: U+{code_point:X}."),
    _("Invalid input."),
)
