from .access import is_case_officer
from .navigation import items_for


def navigation(request):
    """Whether to show the case-officer navigation, and its items."""
    user = getattr(request, "user", None)
    show = bool(user and is_case_officer(user))
    return {"show_officer_nav": show, "officer_nav_items": items_for(request) if show else []}
