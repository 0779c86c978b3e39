"""A real uvicorn server on 127.0.0.1 and a free port, for tests that talk HTTP to newskg."""
from __future__ import annotations

import socket
import threading
import time

import uvicorn

from api.app import create_app
from graph.settings import Settings
from graph.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def live_server(store: Store, **settings) -> LiveServer:
    """A real uvicorn server on 127.0.0.1 and a free port, serving `store`."""
    return LiveServer(create_app(Settings(store="memory:", **settings), store))
