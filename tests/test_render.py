"""``eventcoder.render``: source, predicate and target highlighted, in HTML and on screen."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

import eventcoder as ec

TEXT = (
    "North Korea launched a missile over Japan.\n"
    "The army did not attack the rebels.\n"
    "Kenyan police arrested dozens of protesters in Nairobi."
)
SOURCE_RGB = (0x9F, 0xD8, 0xFF)
PREDICATE_RGB = (0xFF, 0xD2, 0x7F)
TARGET_RGB = (0xAE, 0xE9, 0xA6)


@pytest.fixture(scope="module")
def events(coder_all):
    found = coder_all.code(TEXT, date="2019-05-01", doc_id="story")
    assert len(found) >= 3
    return found


def test_html_marks_source_predicate_and_target(events):
    view = ec.render(events)
    html = view.html
    assert view._repr_html_() == html == str(view)
    first = events[0]
    assert (first.source.code, first.code, first.target.code) == ("PRK", "150", "JPN")
    assert (
        '<mark class="ec-mark ec-source" style="background:#9fd8ff" title="SOURCE">North Korea'
        '<span class="ec-label">SOURCE PRK</span></mark>'
    ) in html
    assert f'launched<span class="ec-label">EVENT 150 {first.name}</span></mark>' in html
    assert 'Japan<span class="ec-label">TARGET JPN</span></mark>' in html
    assert html.count('class="ec-sentence"') == 3  # one block per sentence
    assert '<span class="ec-status">negated</span>' in html  # the negated attack
    assert "document story · sentence 2" in html
    for external in ("<script", "src=", "href=", "url("):
        assert external not in html


def test_render_takes_dicts_single_events_reports_and_escapes(events, coder):
    dumped = [e.model_dump(mode="json") for e in events]
    assert ec.render(dumped).html == ec.render(events).html
    assert "SOURCE PRK" in ec.render(events[0]).html
    assert "No events." in ec.render([]).html
    report = coder.explain("Zorblatt condemned the <attack>.")
    html = ec.render(report).html
    assert "Zorblatt condemned the &lt;attack&gt;." in html and "<attack>" not in html
    assert "<b>no event:</b>" in html and "not in dictionary" in html
    with pytest.raises(TypeError):
        ec.render([42])


def test_page_and_save(events, tmp_path):
    view = ec.render(events, title="My events")
    path = view.save(tmp_path / "view.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>My events</title>" in page
    assert view.html in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_view_renders_in_headless_chromium(events, tmp_path):
    from PIL import Image

    if _chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI (.ci/run installs it with apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = ec.render(events).save(tmp_path / "view.html")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,800",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 800)
    low, high = image.convert("L").getextrema()
    assert high - low > 100  # not a blank page
    counts = {rgb: n for n, rgb in image.getcolors(maxcolors=1 << 20)}

    def near(target, tolerance=6):
        return sum(
            n
            for rgb, n in counts.items()
            if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))
        )

    # Every role's highlight colour is on screen, over an area worth a few words.
    for colour in (SOURCE_RGB, PREDICATE_RGB, TARGET_RGB):
        assert near(colour) > 1500, colour
