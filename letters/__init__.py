"""PDF letters: decisions, advance notices and course letters, rendered from frozen contexts.

Two halves:

- the pure renderer (``context``, ``base``, ``blocks``, ``formatting``, ``kinds``): a
  frozen context in, PDF bytes out, deterministic, no database::

      from letters.kinds import render_letter
      pdf_bytes = render_letter(context)  # any context from letters.context

- issuing (Django app label ``letters``): ``builders`` (one module per letter family) make contexts from decisions, point
  decisions, suspensions, seminar registrations and attendances; ``services`` preview,
  issue (stored unchanged with its SHA-256, versioned) and download them; pages under
  /brev/ and the ``{% letters_panel %}`` tag for other areas' pages. This half builds on
  licensing, inspections and seminars alike. See docs/letters.md.

Nothing here imports reportlab at app loading; it loads on first use of ``kinds``.
"""
