"""Views: ``public`` (no account) and ``officer`` (case officers)."""
