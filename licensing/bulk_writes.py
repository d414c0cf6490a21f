"""Writes that send no model signal announce themselves here (docs/adr/0206).

``QuerySet.update()``, ``bulk_create``/``bulk_update`` (also simple_history's
``*_with_history``) and raw SQL send no ``post_save``/``post_delete``. Caches kept current
by those signals (the API's rendered pages, ``api.page_cache``) connect to
``bulk_written`` as well, so every such write path calls :func:`announce` after writing
(inside its transaction: receivers act at once and again on commit). Lower layers cannot
import the caches; they only send this signal.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender: the model class written (or None when several were).
bulk_written = Signal()


def announce(model=None) -> None:
    """Rows of ``model`` were written without model signals."""
    bulk_written.send(sender=model)
