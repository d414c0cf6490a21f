"""The bare DRF baseline: one view returning 50 eight-field dicts, no database, behind the
project's middleware. Served by gunicorn next to the project in ``bench/api.py``."""
