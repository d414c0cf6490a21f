"""Writes to the licensing register. Every change of data goes through a service here.

Modules:
- ``register``: holders, premises and persons.
- ``licences``: licences, managers and deputies, licence status changes.
- ``applications``: applications, hearings and decisions.
- ``validation``: turning ``full_clean()`` errors into one ``DomainError``.
"""
