"""`python -m huandu` runs the same entry point as the `huandu` script."""

from huandu.entry import main

main()
