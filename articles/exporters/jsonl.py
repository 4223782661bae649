"""One JSON object per line per piece, comments nested: the lossless backup format."""

from __future__ import annotations

import json
from typing import TextIO

from articles.exporters.records import article_records
from articles.importers.records import record_to_dict


def export_jsonl(out: TextIO) -> int:
    count = 0
    for _article, record in article_records(include_spam=True):
        out.write(json.dumps(record_to_dict(record), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
