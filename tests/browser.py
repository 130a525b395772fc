"""A real browser for the tests that look at a page as a person would: Debian's `chromium`,
headless. Tests that need it skip, saying why, when it is not installed (.ci/run installs it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from helpers import missing_tool

PROBE = Path(__file__).with_name("layout_probe.js")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    missing_tool("needs Chromium (apt-get install chromium) to look at the page in a browser")


def _run(url: str, *args: str, width: int, height: int = 1000) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium(),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *args,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    return done.stdout


def screenshot(page: Path, png: Path, *, width: int, height: int = 1000) -> Path:
    _run(page.resolve().as_uri(), f"--screenshot={png}", width=width, height=height)
    assert png.is_file() and png.stat().st_size > 1000, f"no screenshot of {page}"
    return png


def layout(page: Path, *, width: int) -> dict:
    """What the probe measured on a copy of the page laid out `width` pixels wide: every problem
    (a cell not under its header, content overflowing its cell, anything cut off at the edge,
    chart text outside its chart or over a bar), and how many cells and texts it looked at."""
    text = page.read_text(encoding="utf-8")
    if "<body" not in text:  # a standalone SVG: looked at inside a page of its own
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", text)
        text = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{svg}</body></html>'
    probe = PROBE.read_text(encoding="utf-8")
    copy = page.with_name(f"probe-{width}-{page.stem}.html")
    copy.write_text(text.replace("</body>", f"<script>{probe}</script></body>"), "utf-8")
    dom = _run(copy.resolve().as_uri(), "--virtual-time-budget=5000", "--dump-dom", width=width)
    found = re.findall(r'<pre id="huandu-layout">(\{.*?)</pre>', dom, re.S)
    assert found, f"the probe did not run on {page}: {dom[-300:]}"
    import html

    return json.loads(html.unescape(found[-1]))
