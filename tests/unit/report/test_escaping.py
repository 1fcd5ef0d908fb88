"""Text from a results file cannot add markup to the report or the comparison page.

Scenario ids, rationales, exception messages, app and tag names, the session's
command and the gate's reasons all come from results files, which anyone can
edit; each of them is shown as text, never parsed as HTML.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from pytest_pare.report.compare import render_compare
from pytest_pare.report.html import render_html

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class _Page(HTMLParser):
    """The elements and text nodes a browser would build (script bodies kept apart)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def _assert_no_injected_markup(page: _Page, scripts: int) -> None:
    assert page.tags("img") == []
    assert len(page.tags("script")) == scripts
    handlers = [(tag, a) for tag, attrs in page.elements for a in attrs if a.startswith("on")]
    assert handlers == []


def _hostile_rows(rows) -> list[dict]:
    common = {"apps": [HOSTILE], "tags": [HOSTILE]}
    return [
        rows.row(HOSTILE, 1, "failed", rationale=HOSTILE, **common),
        rows.row(
            HOSTILE,
            2,
            "error",
            exception_type=HOSTILE,
            exception_message=HOSTILE,
            **common,
        ),
        rows.row("plain", 1, "passed", **common),
    ]


def test_a_hostile_id_rationale_and_exception_are_text_in_the_report(rows) -> None:
    results = {
        "rows": _hostile_rows(rows),
        "session": {"command": HOSTILE, "date": HOSTILE},
        "gate": {"passed": False, "reason": [HOSTILE, HOSTILE]},
    }
    page = _Page(render_html(results))
    # Two scripts, both the page's own: its data block and its code.
    _assert_no_injected_markup(page, scripts=2)
    data_block = next(s for s in page.tags("script") if s.get("id") == "pare-data")
    assert data_block.get("type") == "application/json"
    # The data block hands the texts to the page script unchanged...
    data = json.loads(page.scripts[0])
    scenario = next(s for s in data["scenarios"] if s["id"] == HOSTILE)
    failed, errored = scenario["r"]
    assert failed[6] == HOSTILE  # the rationale
    assert (errored[6], errored[9]) == (HOSTILE, HOSTILE)  # the message and the exception type
    assert scenario["apps"] == [HOSTILE] and scenario["tags"] == [HOSTILE]
    # ...and what the server renders shows them as text: the chart labels, the
    # exception count, the gate's reasons, the session's command.
    text = "".join(page.text)
    assert text.count(HOSTILE) >= 6
    assert f"{HOSTILE} ×1" in text


def test_a_hostile_id_and_file_name_are_text_in_the_comparison(rows) -> None:
    old = {"rows": _hostile_rows(rows), "session": {"command": HOSTILE}}
    new = {"rows": _hostile_rows(rows)[:1], "session": {"command": HOSTILE}}
    page = _Page(render_compare(old, new, old_name=HOSTILE, new_name=HOSTILE))
    _assert_no_injected_markup(page, scripts=1)
    keys = [attrs.get("data-key") for attrs in page.tags("tr") if "data-key" in attrs]
    assert sorted(keys) == sorted([HOSTILE, "plain"])
    text = "".join(page.text)
    assert f"old: {HOSTILE} · new: {HOSTILE}" in text
    assert text.count(HOSTILE) >= 6  # names, ids, app and tag rows, both commands
