"""The domain: the plan, its units and periods, progress and what a figure would record.

Pure. Nothing here reads or writes a file, prints, or knows a language: it imports no huandu
package but `huandu.errors` and `huandu.text`, and none of Typer, Rich, sqlite3, openpyxl or
`huandu.i18n` (an import-linter contract in pyproject.toml checks this). Values are NamedTuples;
refusals are `HuanduError`s carrying a message key.
"""
