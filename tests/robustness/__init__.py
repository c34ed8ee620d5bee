"""Reliability and safety: properties, fuzzing, fault injection, hostile codebooks.

See docs/robustness.md for what each module tests and how to run the long fuzz.
"""
