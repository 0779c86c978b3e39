"""The YASGUI build step: a stylesheet that would fetch from other hosts is caught; the built one fetches nothing."""
from __future__ import annotations

import pytest

from api.build_assets import TARGET, remote_references


@pytest.mark.parametrize(
    "css, remote",
    [
        ("@import url('https://fonts.googleapis.com/css?family=Roboto');", True),
        ("@import 'http://example.org/x.css';", True),
        ("a { background: url(//cdn.example.org/x.png) }", True),
        ("a { background: url('https://cdn.example.org/x.png') }", True),
        ("a { background: url(data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>) }", False),
        ("a { background: url(img/x.png) }", False),
    ],
)
def test_remote_references(css: str, remote: bool) -> None:
    assert bool(remote_references(css)) is remote


def test_the_built_stylesheet_works_offline() -> None:
    css = TARGET / "yasgui.min.css"
    if not css.exists():
        pytest.skip("YASGUI is not built (python -m api.build_assets)")
    assert remote_references(css.read_text(encoding="utf-8")) == []
