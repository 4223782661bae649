"""What the benchmarks build and measure (docs/benchmarks.md).

search_data.py     a synthetic archive of any size (bench_search, bench_pages)
page_data.py       comments spread over it by Zipf's law (bench_pages)
page_plan.py       which URLs of each page kind bench_pages asks for
relevance.py       known-item scores, and SQLite FTS5 as the baseline (bench_relevance)
docstring_set.py   a known-item set from installed packages' docstrings
synthetic_wxr.py   a WordPress export of any size (bench_import)
http_load.py       make bench-http: wrk against gunicorn (and varnishd)
"""
