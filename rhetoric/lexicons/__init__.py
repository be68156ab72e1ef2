"""Lexicon data files (TOML): the rules of rhetoric are data, read by rhetoric.rules."""
