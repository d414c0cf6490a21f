"""Writes of the fees app, one module per seam (docs/adr/0071-one-home-per-kind-of-thing.md): each a
function with keyword-only arguments, in one transaction, recording the actor in the
history, refusing bad input with ``DomainError``."""
