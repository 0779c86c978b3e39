"""The visual explorer: subgraph queries, views as data, and offline pyvis/vis-network pages."""
