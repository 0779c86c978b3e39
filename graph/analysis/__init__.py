"""Analysis over the stored graph: listings, related stories, networkx projections, paths, timelines."""
