"""The mutants `make mutation` may leave alive are listed with their reason
(tools/mutation_survivors.toml), and docs/testing.md shows that same list."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def mutation_tool():
    spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_listed_survivor_names_a_line_the_module_still_has():
    """An entry whose line was edited away would excuse nothing, or a new mutant."""
    tool = mutation_tool()
    entries = tool.survivor_entries()
    assert entries
    for entry in entries:
        assert entry["module"] in tool.MODULES, entry
        assert entry["kind"] in {"equivalent", "accepted"}, entry
        assert len(entry["why"].split()) >= 5, entry  # a reason, not a word
        lines = {line.strip() for line in (ROOT / entry["module"]).read_text().splitlines()}
        assert entry["was"] in lines, entry
        assert entry["now"] != entry["was"], entry


def test_docs_list_the_survivors_as_the_tool_does():
    """docs/testing.md's list is `tools/mutation.py --survivors-markdown`, verbatim."""
    docs = (ROOT / "docs" / "testing.md").read_text()
    assert mutation_tool().survivors_markdown() in docs
