"""One validated settings object for the app and the CLI; `Settings.from_env()` alone reads the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024  # a file bigger than this is refused by the readers
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000  # an article text longer than this is refused
DEFAULT_CACHE_DIR = "~/.cache/newskg"  # where the built gazetteer is kept unless the settings say otherwise


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(float(value))  # "2e6" is accepted, as before
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


def _env_bool(name: str) -> bool:
    value = (os.environ.get(name) or "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{name} must be 1/0, true/false, yes/no or on/off, got {value!r}")


def _cache_dir() -> str:
    """$NEWSKG_CACHE_DIR ("off" or "" for none), else $XDG_CACHE_HOME/newskg, else ~/.cache/newskg."""
    folder = os.environ.get("NEWSKG_CACHE_DIR")
    if folder is not None:
        return folder
    xdg = os.environ.get("XDG_CACHE_HOME")
    return os.path.join(xdg, "newskg") if xdg else DEFAULT_CACHE_DIR


def _cors_origins() -> tuple[str, ...]:
    """$NEWSKG_CORS_ORIGINS: origins separated by commas or spaces, "*" for any (the default), "none" for none."""
    value = os.environ.get("NEWSKG_CORS_ORIGINS")
    if value is None:
        return ("*",)
    origins = tuple(o.rstrip("/") for o in value.replace(",", " ").split())
    if origins in ((), ("none",), ("off",)):
        return ()
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ValueError(f"NEWSKG_CORS_ORIGINS: {origin!r} is not an origin like https://example.org or *")
    return origins


@dataclass
class Settings:
    store: str | None = None  # a directory, "memory:", or "sparql+http://…"; None means ./newskg-data
    write_token: str | None = None  # bearer token for writes over HTTP; None keeps writes closed
    query_timeout: float = 10.0  # seconds a SPARQL query may run
    max_query_chars: int = 100_000
    max_result_rows: int = 100_000
    max_body_bytes: int = 20 * 1024 * 1024
    query_workers: int | None = None  # worker processes for queries on an on-disk store; None: up to 4, 0: threads
    # Answer queries from a copy of an on-disk store kept in memory (faster, RAM). None: `serve` decides, by
    # whether the copy fits `query_memory_mb` (graph/services.py); the other commands read from disk.
    queries_in_memory: bool | None = None
    query_memory_mb: int | None = None  # the memory the copy may take; None: a quarter of the machine's memory
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # readers refuse bigger files
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS  # readers refuse longer article texts
    spacy_model: str | None = None  # the optional spaCy layer: a package, a directory, or "da=DIR,en=PKG"
    cache_dir: str = DEFAULT_CACHE_DIR  # the gazetteer cache folder; "off" keeps none
    # Origins whose pages may query and read cross-origin (CORS); "*" any, () none. Never opens writes.
    cors_origins: tuple[str, ...] = ("*",)
    # Where indexes built from the store are saved (the related-stories index): None beside an on-disk store
    # (<store>.indexes/), none for an in-memory or remote store; "off" for none.
    index_dir: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the NEWSKG_* variables; keyword arguments that are not None win (the CLI's options)."""
        settings = cls(
            store=os.environ.get("NEWSKG_STORE") or None,
            write_token=os.environ.get("NEWSKG_WRITE_TOKEN") or None,
            query_timeout=_env_float("NEWSKG_QUERY_TIMEOUT", 10.0),
            max_query_chars=_env_int("NEWSKG_MAX_QUERY_CHARS", 100_000),
            max_result_rows=_env_int("NEWSKG_MAX_RESULT_ROWS", 100_000),
            max_body_bytes=_env_int("NEWSKG_MAX_BODY_BYTES", 20 * 1024 * 1024),
            query_workers=_env_int("NEWSKG_QUERY_WORKERS", -1) if os.environ.get("NEWSKG_QUERY_WORKERS") else None,
            queries_in_memory=(
                _env_bool("NEWSKG_QUERIES_IN_MEMORY") if os.environ.get("NEWSKG_QUERIES_IN_MEMORY") else None
            ),
            query_memory_mb=(
                _env_int("NEWSKG_QUERY_MEMORY_MB", -1) if os.environ.get("NEWSKG_QUERY_MEMORY_MB") else None
            ),
            max_file_bytes=_env_int("NEWSKG_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
            max_article_chars=_env_int("NEWSKG_MAX_ARTICLE_CHARS", DEFAULT_MAX_ARTICLE_CHARS),
            spacy_model=os.environ.get("NEWSKG_SPACY_MODEL") or None,
            cache_dir=_cache_dir(),
            cors_origins=_cors_origins(),
            index_dir=os.environ.get("NEWSKG_INDEX_DIR") or None,
        )
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        return settings
