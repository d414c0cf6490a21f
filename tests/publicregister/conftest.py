import pytest
from django.core.cache import cache

from publicregister.cache import clear_process_copies


@pytest.fixture(autouse=True)
def clear_cache():
    """Snapshots and rate-limit counters live in the (process-wide) test cache."""
    cache.clear()
    clear_process_copies()
    yield
    cache.clear()
    clear_process_copies()
