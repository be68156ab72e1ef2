"""Imports the modules that register rule kinds beyond existence, so the engine knows them all."""
from . import consistency  # noqa: F401
from . import repetition  # noqa: F401
from . import quotes  # noqa: F401  (the "quotation" kind)
from . import signal  # noqa: F401  (the "signal" kind: sentiment and subjectivity lexicons)
