"""Small assertions the test modules share."""

from __future__ import annotations


def ok(result):
    """A command that must succeed: exit 0, and no traceback anywhere in its output."""
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result
