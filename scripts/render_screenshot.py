"""Render a few coded sentences with ``eventcoder.render`` and screenshot the page.

    python scripts/render_screenshot.py                      # -> docs/img/render.png
    python scripts/render_screenshot.py --out shot.png --html view.html

Needs Debian's ``chromium`` (``apt-get install -y chromium``); it runs headless with a
throw-away profile and no network use of its own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

import eventcoder as ec

REPO = Path(__file__).resolve().parent.parent
TEXT = (
    "Russian Foreign Minister Sergey Lavrov said North Korea is open to direct talks "
    "with the US.\n"
    "North Korea launched a ballistic missile over Japan on Tuesday.\n"
    "The army did not attack the rebels.\n"
    "Kenyan police arrested dozens of protesters in Nairobi."
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("chromium is not installed (apt-get install -y chromium)")
    return found


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1200, 800)) -> None:
    """Screenshot a local HTML file with headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium(),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img" / "render.png")
    parser.add_argument("--html", type=Path, default=None, help="Also keep the HTML page here.")
    args = parser.parse_args()
    coder = ec.Coder(emit="all")
    events = coder.code(TEXT, date="2017-12-07", doc_id="example")
    view = ec.render(events, title="eventcoder.render: coded events")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = view.save(args.html or Path(tmp) / "render.html")
        screenshot(page, args.out)
    print(f"{len(events)} events -> {args.out}")


if __name__ == "__main__":
    main()
