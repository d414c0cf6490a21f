"""The outbox as tests see it: reading ``outbox`` first runs one batch of the mail worker
(``licensing.management.commands.mail_worker.send_batch``), then shows Django's in-memory
``mail.outbox`` (the outbox's transport in tests). Requests only queue mail; this is what
the worker would deliver."""

from django.core import mail

from licensing.management.commands.mail_worker import send_batch


class Outbox:
    def _sent(self) -> list:
        send_batch()
        return mail.outbox

    def __iter__(self):
        return iter(self._sent())

    def __len__(self) -> int:
        return len(self._sent())

    def __getitem__(self, index):
        return self._sent()[index]

    def __eq__(self, other) -> bool:
        return self._sent() == other

    def __repr__(self) -> str:
        return repr(self._sent())

    def clear(self) -> None:
        self._sent().clear()


outbox = Outbox()
