"""Development tools: never installed in the production image.

The `make run` / `make dev` server, the benchmarks and their synthetic data, the
servers tests start (gunicorn, varnishd, a crowd of readers), and the demo
content with its text in data/demo/. Settings add this app only with DEBUG on;
pyproject.toml does not package it and .dockerignore keeps it out of the image.
"""
