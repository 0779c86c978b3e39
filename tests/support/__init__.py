"""Test helpers shared by several test files: servers, browsers, Virtuoso, and builders of stores and documents."""
