"""One JSON object per line per piece, comments nested: the lossless backup format."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from articles.exporters.records import article_records
from articles.importers.records import record_to_dict


def export_jsonl(
    out: TextIO, *, ids: list[int] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    count = 0
    for _article, record in article_records(include_spam=True, ids=ids):
        out.write(json.dumps(record_to_dict(record), ensure_ascii=False))
        out.write("\n")
        count += 1
        if progress:
            progress(count)
    return count
