"""Writes to the licensing register. Every change of data goes through a service here.

Modules:
- ``register``: holders, premises and persons.
- ``licences``: licences, managers and deputies, licence status changes.
- ``applications``: applications and their workflow.
- ``hearings``: statutory hearings (alkoholloven § 1-7).
- ``decisions``: decisions (enkeltvedtak) and what granting does to the register.
- ``validation``: turning ``full_clean()`` errors into one ``DomainError``.
"""
