"""Tests of the pure STV counter (no Flask, no database)."""
