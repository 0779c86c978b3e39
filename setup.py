"""The wheel build's one step beyond pyproject.toml: fetch the query page's editor (YASGUI) with npm first.

`python -m build` (or pip building a wheel) runs `build_py`, which here runs `python -m api.build_assets` so that
api/static/yasgui/ is in the wheel. Without npm the wheel is built without it, and the query page says so.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithAssets(build_py):
    def run(self) -> None:
        root = Path(__file__).resolve().parent
        if (root / "web" / "yasgui" / "package-lock.json").exists():
            done = subprocess.run([sys.executable, "-m", "api.build_assets"], cwd=root)
            if done.returncode != 0:
                print("setup.py: building without the YASGUI editor (see the message above)", file=sys.stderr)
        super().run()


setup(cmdclass={"build_py": BuildPyWithAssets})
