"""A real Dask cluster on 127.0.0.1 for the tests: `dask scheduler` and two `dask worker` processes, free ports."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalCluster:
    """Processes started by `start_cluster`; `workers` are the worker processes themselves (no nanny)."""

    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)

    def kill_worker(self, index: int) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(timeout=10)

    def stop(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def start_cluster(n_workers: int, log_dir: Path, timeout: float = 60.0) -> LocalCluster:
    """Start a scheduler and `n_workers` single-threaded workers; return once all of them have joined."""
    from distributed import Client

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]  # the `dask` command of this very environment

    def launch(args: list[str], name: str) -> subprocess.Popen:
        log = (log_dir / f"{name}.log").open("wb")
        return subprocess.Popen([*dask, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    scheduler = launch(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], "scheduler")
    cluster = LocalCluster(address, scheduler)
    try:
        for i in range(n_workers):
            args = ["worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                    "--name", f"w{i}", "--local-directory", str(log_dir / f"w{i}")]
            cluster.workers.append(launch(args, f"worker{i}"))
        deadline = time.monotonic() + timeout
        while True:  # the scheduler takes a moment to listen
            try:
                client = Client(address, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or scheduler.poll() is not None:
                    raise
                time.sleep(0.3)
        try:
            client.wait_for_workers(n_workers, timeout=max(1.0, deadline - time.monotonic()))
        finally:
            client.close()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def cluster_fixture(n_workers: int, log_dir: Path) -> Iterator[LocalCluster]:
    cluster = start_cluster(n_workers, log_dir)
    try:
        yield cluster
    finally:
        cluster.stop()
