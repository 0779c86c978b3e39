"""The HTTP service (FastAPI) and the `newskg` command line. Thin: all logic lives in graph/."""
