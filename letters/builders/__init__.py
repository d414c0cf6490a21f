"""Frozen letter contexts from the database, one module per letter family (matching the
renderers in ``letters.kinds``): ``licences`` (decisions on applications), ``points``
(penalty points and suspension), ``seminars``; ``common`` holds the shared blocks.

Each ``context_for_*`` function reads one record with what its letter shows, in a fixed
number of queries, and returns a context from ``letters.context``; the renderers never
touch the ORM. Everything language-dependent (catalogue names, labels, the officer's
title) is read inside ``translation.override(language)``, so a letter in English says
"Breach of sales or serving hours" whatever the officer's UI language.

Which record a letter hangs on, and which letters a record can have, is
``letters.sources``, which imports these modules (never the other way round).
"""
