"""The extraction pipeline: an ordered list of small named components, in the manner of spaCy's `Language`.

Each component is a callable `Doc -> Doc` registered under a name with what it `requires` and `assigns`
(names of `Doc` fields). The order is checked when a pipeline is built, so a component that needs sentences
cannot silently run before the sentence splitter. Components are plain objects: a test builds a `Doc` by hand
and calls one directly.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from graph.model import Article, Doc

ComponentFn = Callable[[Doc], Doc]


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    factory: Callable[..., ComponentFn]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, ComponentInfo] = {}

# Components of the default pipeline, in order. Each name is registered by a module in graph/extract/.
DEFAULT_COMPONENTS = ["clean", "language", "sentences", "mentions", "link", "roles", "events", "quotes"]


def component(name: str, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Register a component factory: `@component("sentences", requires=["body"], assigns=["sentences"])`.

    The factory is called with keyword configuration when a pipeline is built and returns the `Doc -> Doc` callable.
    """

    def register(factory: Callable[..., ComponentFn]) -> Callable[..., ComponentFn]:
        _REGISTRY[name] = ComponentInfo(name, factory, tuple(requires), tuple(assigns))
        return factory

    return register


class PipelineError(ValueError):
    pass


def _load_component(name: str) -> None:
    """Built-in components live in graph/extract/<name>.py; importing the module registers them."""
    if name not in _REGISTRY:
        try:
            importlib.import_module(f"graph.extract.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"graph.extract.{name}":
                raise


class Pipeline:
    """Runs components in order. Build with names: `Pipeline(["clean", "language", "sentences"])`."""

    def __init__(self, names: list[str], config: dict[str, dict[str, Any]] | None = None) -> None:
        config = config or {}
        assigned: set[str] = {"text", "article"}
        self.names: list[str] = []
        self.components: list[ComponentFn] = []
        for name in names:
            _load_component(name)
            info = _REGISTRY.get(name)
            if info is None:
                raise PipelineError(f"unknown pipeline component {name!r}; known: {', '.join(sorted(_REGISTRY))}")
            missing = [r for r in info.requires if r not in assigned]
            if missing:
                raise PipelineError(f"component {name!r} requires {missing} but no earlier component assigns it")
            assigned.update(info.assigns)
            self.names.append(name)
            self.components.append(info.factory(**config.get(name, {})))

    @classmethod
    def default(cls, disable: Iterable[str] = (), config: dict[str, dict[str, Any]] | None = None) -> Pipeline:
        disabled = set(disable)
        names = list(DEFAULT_COMPONENTS)
        # The optional spaCy layer (graph/extract/statistical.py) joins after the rules when a model is configured
        # (graph/services.py passes Settings.spacy_model as the component's config).
        if (config or {}).get("statistical"):
            names.insert(names.index("mentions") + 1, "statistical")
        return cls([n for n in names if n not in disabled], config)

    def __call__(self, article: Article) -> Doc:
        doc = Doc(article=article, text=article.text)
        return self.run(doc)

    def run(self, doc: Doc) -> Doc:
        for fn in self.components:
            doc = fn(doc)
        return doc


def registered() -> dict[str, ComponentInfo]:
    for name in DEFAULT_COMPONENTS:
        _load_component(name)
    return dict(_REGISTRY)
