"""Run a throwaway Virtuoso (Debian's virtuoso-opensource) on loopback for tests and benchmarks.

`VirtuosoServer` copies the packaged virtuoso.ini into a temporary directory, points the database files there,
binds both the SQL and the HTTP port to 127.0.0.1 on free ports, starts `virtuoso-t` in the foreground, creates a
user that may run SPARQL updates (over /sparql-auth, with HTTP Digest auth) and shuts it down afterwards.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

import httpx

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
WRITER = ("newskg", "newskg-test-pw")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None and PACKAGED_INI.exists()


def _set(ini: str, section: str, key: str, value: str) -> str:
    """Set `key = value` in `[section]` of an ini text, replacing the key if present, adding it if not."""
    lines = ini.splitlines()
    current, header_at = None, None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if current == section:
                break
            current = stripped[1:-1]
            if current == section:
                header_at = i
            continue
        if current == section and re.match(rf"\s*{re.escape(key)}\s*=", line):
            lines[i] = f"{key} = {value}"
            return "\n".join(lines) + "\n"
    if header_at is None:
        lines += [f"[{section}]", f"{key} = {value}"]
    else:
        lines.insert(header_at + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"


class VirtuosoServer:
    """A Virtuoso server in a temporary directory, listening only on 127.0.0.1."""

    def __init__(self, max_rows: int = 1_000_000, max_seconds: int = 120, buffers: int = 60_000) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="newskg-virtuoso-"))
        self.sql_port = free_port()
        self.http_port = free_port()
        self.max_rows = max_rows
        self.max_seconds = max_seconds
        self.buffers = buffers  # 8 kB pages of cache: 60,000 is ~500 MB
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def location(self) -> str:
        """The `--store` location for newskg: Digest-authenticated updates through /sparql-auth."""
        user, pw = WRITER
        return f"sparql+http://{user}:{pw}@127.0.0.1:{self.http_port}/sparql-auth"

    def _ini(self) -> str:
        ini = PACKAGED_INI.read_text(encoding="utf-8", errors="replace")
        d = self.dir
        for key, name in [
            ("DatabaseFile", "virtuoso.db"),
            ("ErrorLogFile", "virtuoso.log"),
            ("LockFile", "virtuoso.lck"),
            ("TransactionFile", "virtuoso.trx"),
            ("xa_persistent_file", "virtuoso.pxa"),
        ]:
            ini = _set(ini, "Database", key, str(d / name))
        ini = _set(ini, "TempDatabase", "DatabaseFile", str(d / "virtuoso-temp.db"))
        ini = _set(ini, "TempDatabase", "TransactionFile", str(d / "virtuoso-temp.trx"))
        ini = _set(ini, "Parameters", "ServerPort", f"127.0.0.1:{self.sql_port}")
        ini = _set(ini, "Parameters", "DirsAllowed", f"., /usr/share/virtuoso-opensource-7/vad, {d}")
        ini = _set(ini, "Parameters", "NumberOfBuffers", str(self.buffers))
        ini = _set(ini, "Parameters", "MaxDirtyBuffers", str(self.buffers * 3 // 4))
        ini = _set(ini, "HTTPServer", "ServerPort", f"127.0.0.1:{self.http_port}")
        ini = _set(ini, "SPARQL", "ResultSetMaxRows", str(self.max_rows))
        ini = _set(ini, "SPARQL", "MaxQueryExecutionTime", str(self.max_seconds))
        ini = _set(ini, "SPARQL", "MaxQueryCostEstimationTime", str(self.max_seconds))
        # No wiki/mediawiki plugins: they are not needed and only slow the start.
        ini = re.sub(r"^(Load\d+\s*=.*)$", r";\1", ini, flags=re.MULTILINE)
        return ini

    def isql(self, sql: str) -> str:
        out = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql failed on {sql!r}: {(out.stdout + out.stderr).strip()[-500:]}")
        return out.stdout

    def start(self, timeout: float = 60) -> Self:
        ini_path = self.dir / "virtuoso.ini"
        ini_path.write_text(self._ini(), encoding="utf-8")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini_path), "+foreground", "+wait"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                log = (
                    (self.dir / "virtuoso.log").read_text(errors="replace")[-1500:]
                    if (self.dir / "virtuoso.log").exists()
                    else ""
                )
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {log}")
            try:
                r = httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("virtuoso-t did not answer on HTTP in time")
            time.sleep(0.1)
        user, pw = WRITER
        self.isql(
            f"DB.DBA.USER_CREATE('{user}', '{pw}'); "
            f'GRANT SPARQL_SELECT TO "{user}"; GRANT SPARQL_UPDATE TO "{user}"; '
            # Graph-level permissions: the writer may read and write every graph.
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{user}', 3);"
        )
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.isql("shutdown;")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def must_have_virtuoso() -> bool:
    """In CI a missing virtuoso-t is a failure; on a developer machine without it the tests skip."""
    return bool(os.environ.get("CI"))
