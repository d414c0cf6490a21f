"""API views. Each view scopes its queryset to the caller in ``get_queryset``."""
