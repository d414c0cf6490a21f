"""Main navigation items for case officers. Apps register theirs in ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    order: int = 100


_items: list[NavItem] = []


def register(label, url_name: str, order: int = 100) -> None:
    if all(item.url_name != url_name for item in _items):
        _items.append(NavItem(label, url_name, order))
        _items.sort(key=lambda item: item.order)


def items_for(request) -> list[dict]:
    path = request.path
    result = []
    for item in _items:
        url = reverse(item.url_name)
        result.append(
            {"label": item.label, "url": url, "active": url != "/" and path.startswith(url)}
        )
    return result
