"""Imports the modules that register rule kinds beyond existence, so the engine knows them all."""
