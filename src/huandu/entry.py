"""The `huandu` program (and `python -m huandu`): one command, then the process ends.

So the cyclic garbage collector is switched off before anything is imported: it would only
re-scan, again and again, the objects that importing Typer and Rich and building a report
create, to find cycles that don't exist. Reference counting still frees everything as usual.
(A library importing `huandu.cli` keeps its collector: only the program turns it off.)
"""

import gc

gc.disable()


def main() -> None:
    from huandu.cli import main as run

    run()
