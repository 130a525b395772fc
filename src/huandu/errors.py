"""One exception type for every refusal the user can cause.

Domain code raises `HuanduError` with a message key and its parameters; the CLI turns it into one
translated line on stderr and a non-zero exit. Keeping the message a key (not a finished string) is
what lets the same refusal read in Chinese or English.
"""

from __future__ import annotations

from typing import Any

# Exit codes, documented in the README: 0 ok, 1 refused input, 2 usage.
EXIT_REFUSED = 1
EXIT_USAGE = 2


class HuanduError(Exception):
    """A refusal caused by the user's input or data, never by a bug."""

    exit_code = EXIT_REFUSED

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def message(self) -> str:
        from huandu.i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message


class RegistryError(HuanduError):
    """A registry that cannot be used; carries every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("registry.broken", count=len(problems))
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)
