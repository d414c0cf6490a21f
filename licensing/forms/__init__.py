"""Forms: ``register`` (holders, premises, persons, licences), ``cases`` (applications)."""
