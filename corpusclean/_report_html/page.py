"""The report page: one self-contained HTML file (data, script, styles and Chart.js inlined).

The page loads nothing from the network — a Content-Security-Policy forbids it — so it opens
from an e-mail attachment or an air-gapped machine the same way. All document text reaches the
page as JSON data and is put into the DOM as text, never as markup: web text is untrusted.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from corpusclean._errors import OutputError
from corpusclean._io.writers import write_atomic

CHART_JS_VERSION = "4.6.1"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
EXPORT_HEADERS = {
    "spam": "# corpusclean spam lexicon: phrases ticked in the run report of {manifest}\n"
    "# next run: corpusclean clean ... --spam-lexicon THIS_FILE\n",
    "keep": "# corpusclean keep-lines: removed lines ticked to keep in the run report of {manifest}\n"
    "# next run: corpusclean clean ... --keep-lines THIS_FILE\n",
}
"""The first lines of the files the page exports; the page appends one ticked entry per line."""


def _asset(name: str) -> str:
    return (files("corpusclean._report_html") / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """`data` as JSON with no `<` at all (`\\u003c`), so no text (`</script>`, `<!--`) can end or
    upset its <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render(data: dict[str, Any]) -> str:
    """The report page for the data of `collect.collect`."""
    manifest = data["run"]["manifest"]
    data = {**data, "export": {kind: header.format(manifest=manifest) for kind, header in EXPORT_HEADERS.items()}}
    parts = {
        "style": _asset("style.css"),
        "chartjs": _asset("vendor/chart.umd.min.js").replace("</script", "<\\/script"),
        "app": _asset("app.js"),
        "chartjs_version": CHART_JS_VERSION,
        "title": html.escape(f"corpusclean report: {data['run']['documents']:,} documents"),
        "data": _json_for_script(data),
    }
    # one pass over the template, so nothing inlined is ever scanned for placeholders
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _asset("template.html"))


def write_report(data: dict[str, Any], path: str | Path) -> int:
    """Write the page for `data` to `path` atomically; returns its size in bytes.

    Lone surrogates (undecodable bytes kept by the manifest) become JSON escapes, so the file is
    valid UTF-8 and the text round-trips.
    """
    page = render(data).encode("utf-8", "backslashreplace")
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"report path {target} is a folder; give a file name such as {target / 'report.html'}")
    try:
        write_atomic(target, page)
    except OSError as error:
        raise OutputError(f"cannot write report {target}: {error.strerror}") from None
    return len(page)
