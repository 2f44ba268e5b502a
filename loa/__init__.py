"""Loa: a static e-portal generator for Vietnamese government agencies."""

__version__ = "0.1.0"
