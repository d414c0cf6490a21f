"""Domain errors raised by services; views turn them into form errors or messages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the change. ``message`` is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(DomainError):
    """A status change that the workflow does not allow from the current state."""

    def __init__(self, message: str, *, current: str):
        super().__init__(message)
        self.current = current
