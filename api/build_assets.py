"""Fetch the query page's SPARQL editor (YASGUI) with npm and copy it into api/static/yasgui/.

    python -m api.build_assets

`npm ci` installs the version pinned by web/yasgui/package-lock.json; the built bundle (JS and CSS) is copied into
the package's static folder, which .gitignore keeps out of the repository (third-party code is fetched, never
committed). .ci/install and the wheel build (setup.py) run this. The copy is checked to load nothing from other
hosts (no fonts or CSS from a CDN), so the page works offline. Without these files the query page falls back to
its plain editor and says so.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web" / "yasgui"
TARGET = Path(__file__).resolve().parent / "static" / "yasgui"
BUNDLE = ("yasgui.min.js", "yasgui.min.css")
# In CSS, anything fetched from another host: @import of a URL, or url(http…) (fonts, images).
_REMOTE_CSS = re.compile(r"@import\s+(?:url\()?['\"]?https?:|url\(\s*['\"]?(?:https?:)?//", re.IGNORECASE)


class BuildError(RuntimeError):
    """The editor could not be fetched or copied; the message says why in one line."""


def remote_references(css: str) -> list[str]:
    """What a stylesheet would fetch from other hosts (empty when it works offline)."""
    return [m.group(0) for m in _REMOTE_CSS.finditer(css)]


def build(web: Path = WEB, target: Path = TARGET) -> list[Path]:
    """Run `npm ci` in `web` and copy the YASGUI bundle to `target`. Returns the files written."""
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is not installed: install Node.js (apt-get install npm) to build the query editor")
    done = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=web, capture_output=True, text=True
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise BuildError(f"npm ci in {web} failed: {last}")
    build_dir = web / "node_modules" / "@zazuko" / "yasgui" / "build"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUNDLE:
        source = build_dir / name
        if not source.exists():
            raise BuildError(f"{source} is missing: the @zazuko/yasgui package changed its layout")
        if name.endswith(".css") and (remote := remote_references(source.read_text(encoding="utf-8"))):
            raise BuildError(f"{source} loads from other hosts ({remote[0]}): the page would not work offline")
        shutil.copyfile(source, target / name)
        written.append(target / name)
    return written


def main() -> None:
    try:
        for path in build():
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    except BuildError as e:
        print(f"api.build_assets: {e}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
