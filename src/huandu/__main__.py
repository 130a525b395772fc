"""`python -m huandu` runs the same entry point as the `huandu` script."""

from huandu.cli import main

main()
