"""`make mutation`: mutation testing (cosmic-ray) of the modules where a silent
change costs most, each against only the test files that cover it.

The module list is MODULES below, and nowhere else. The run works in a copy of
the work tree (so an interrupted run never leaves a mutant in your files) and
its own test database, module by module, one mutant at a time: it is slow and
CPU-bound, not part of CI. Per module it prints killed/survived and the score,
then `mutation score=X killed=K survived=S`; each survivor's diff is written to
<workdir>/<module>.survivors.txt for docs/testing.md.

    make mutation                          # every module
    make mutation MUTATION_ARGS="--only archive/replicas.py"
    make mutation MUTATION_ARGS="--workdir /tmp/m --recheck"   # survivors only
"""

from __future__ import annotations

import argparse
import ast
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every mutant a run leaves alive, with why it may stay: "equivalent" (no behaviour
# can differ; left out of the score, as in the usual definition K / (M - E)) or
# "accepted" (behaviour differs, but a test would cost more than it tells; counted
# as survived). A survivor not listed there is printed as unexplained.
SURVIVORS = ROOT / "tools" / "mutation_survivors.toml"

# module -> pytest arguments: the test files that cover it (the narrowest selection
# that does, narrowed with -k where a whole file would cost too much per mutant).
MODULES: dict[str, list[str]] = {
    # Run in this order: the quickest test selections first.
    "archive/admin_lockout.py": ["tests/test_security_headers.py"],
    "archive/replicas.py": ["tests/test_replicas.py"],
    "articles/comments/moderation.py": [
        "tests/test_comment_moderation.py",
        "tests/test_comments.py",
        # The editors' lists, edited in the admin (the settings row moderation reads).
        "tests/test_admin_moderation.py::test_moderation_lists_are_edited_in_the_admin_and_apply_at_once",
    ],
    "articles/comments/antispam.py": ["tests/test_comment_antispam.py"],
    "articles/comments/service.py": [
        "tests/test_comments.py",
        "tests/test_comment_antispam.py",
        "tests/test_comment_moderation.py",
        "tests/test_comment_duplicates.py",
    ],
    "articles/importers/records.py": [
        "tests/test_import_wxr.py",
        "tests/test_import_text.py",
        "tests/test_import_service.py",
        "tests/test_export_roundtrip.py",
    ],
    "articles/importers/writer.py": [
        "tests/test_import_wxr.py",
        "tests/test_import_text.py",
        "tests/test_import_service.py",
        "tests/test_import_duplicates.py",  # pieces taken over from an earlier key
        # The versions an import leaves in a piece's history.
        "tests/test_first_versions.py::test_a_reimport_does_not_add_first_versions_twice",
        # A writer made with its defaults, as the background indexer's caller makes it.
        "tests/test_import_search.py::test_pieces_an_interrupted_import_left_unindexed_are_indexed_by_the_next",
    ],
    # Every test file that reads pages through the cache, except the gunicorn crowd
    # test (test_stampede's slowest) and Varnish (skipped without it).
    "archive/page_cache.py": [
        "tests/test_page_cache_holes.py",
        "tests/test_page_cache.py",
        "tests/test_cache_integrity.py",
        "tests/test_cdn_headers.py",
        "tests/test_cache_write_paths.py",
        "tests/test_stampede.py",
        "-k",
        "'not crowd'",
    ],
    # test_search_ranking.py holds the tests of punctuation between words and of stop
    # words outside the 12-term cap; it is the quicker file, so it runs first.
    "articles/search/parsing.py": ["tests/test_search_ranking.py", "tests/test_search.py"],
    # Every search runs tsquery; these tests between them reach each of its parts.
    "articles/search/tsquery.py": [
        "tests/test_search.py",
        "tests/test_search_typos.py",
        "-k",
        "'exclu or or_between or prefix or phrase or partial or rarer or stop_word or cjk"
        " or exact_matches_rank'",
    ],
}

# One mutation per site, not every permutation: cosmic-ray replaces each binary
# operator by ten others and each comparison by nine, most of which only crash
# (a str minus a str) and are "killed" by any test that runs the line. These
# keep the swaps a real slip makes: + for -, < for <=, == for !=, is for is not.
KEPT_BINARY = "Add_Sub|Sub_Add|Mul_Div|Div_Mul|FloorDiv_Div|Mod_FloorDiv|BitOr_BitAnd|BitAnd_BitOr"
KEPT_COMPARISON = (
    "Eq_NotEq|NotEq_Eq|Lt_LtE|LtE_Lt|Gt_GtE|GtE_Gt|Is_IsNot|IsNot_Is|In_NotIn|NotIn_In"
)
EXCLUDED_OPERATORS = [
    rf"core/ReplaceBinaryOperator_(?!({KEPT_BINARY})$)",
    rf"core/ReplaceComparisonOperator_(?!({KEPT_COMPARISON})$)",
    # `not x` -> `x` is kept (ReplaceUnaryOperator_Delete_Not); the others are noise here.
    r"core/ReplaceUnaryOperator_(?!Delete_Not$)",
]

CONFIG = """\
[cosmic-ray]
module-path = "{module}"
timeout = {timeout}
excluded-modules = []
test-command = "{python} -m pytest -x -q -p no:cacheprovider --reuse-db {tests}"

[cosmic-ray.distributor]
name = "local"

[cosmic-ray.filters.operators-filter]
exclude-operators = {excluded}
"""


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the module's annotations are, when it never evaluates them.

    Under `from __future__ import annotations` an annotation is kept as a string
    that nothing in these modules reads (no get_type_hints, no pydantic), so a
    mutant inside one (`X | None` -> `X & None`) cannot change behaviour: it is
    not run, like the crash-only operators above. Without that import, none are
    skipped."""
    tree = ast.parse(source)
    future = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not future:
        return []
    found = []
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            annotations.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            annotations.append(node.returns)
        found += [((a.lineno, a.col_offset), (a.end_lineno, a.end_col_offset)) for a in annotations]
    return found


def skip_annotation_mutants(session: Path, module: Path) -> int:
    """Mark the mutants inside unevaluated annotations as skipped; how many."""
    from cosmic_ray.work_db import use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = annotation_spans(module.read_text())
    skipped = 0
    with use_db(str(session)) as db:
        for item in list(db.pending_work_items):
            if all(
                any(start <= tuple(m.start_pos) and tuple(m.end_pos) <= end for start, end in spans)
                for m in item.mutations
            ):
                db.set_result(
                    item.job_id,
                    WorkResult(output="In an annotation", worker_outcome=WorkerOutcome.SKIPPED),
                )
                skipped += 1
    return skipped


def copy_tree(target: Path) -> None:
    """The work tree as it is now (tracked and new files, not ignored ones)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def outcomes(session: Path) -> dict[str, list[str]]:
    with sqlite3.connect(session) as db:
        rows = db.execute(
            "SELECT r.worker_outcome, r.test_outcome, r.diff FROM work_results r"
        ).fetchall()
    found: dict[str, list[str]] = {"killed": [], "survived": [], "incompetent": [], "error": []}
    for worker, test, diff in rows:
        worker, test = (worker or "").lower(), (test or "").lower()
        if worker == "skipped":
            continue
        if worker == "normal" and test in found:
            found[test].append(diff or "")
        elif worker == "abnormal":
            found["incompetent"].append(diff or "")  # crashed on import: counts as killed
        else:
            found["error"].append(diff or "")  # cosmic-ray could not run it: not counted
    return found


def changed_line(diff: str) -> tuple[str, str]:
    """The line a mutant changed, before and after, stripped ("" for a removed line)."""
    lines = [line for line in diff.splitlines() if line[1:].strip()]  # not blank ones
    removed = [line[1:].strip() for line in lines if line[:1] == "-" and line[:3] != "---"]
    added = [line[1:].strip() for line in lines if line[:1] == "+" and line[:3] != "+++"]
    return (removed[0] if removed else "", added[0] if added else "")


def survivor_entries() -> list[dict]:
    """Every entry of SURVIVORS."""
    return tomllib.loads(SURVIVORS.read_text()).get("survivor", [])


def listed_survivors(module: str) -> list[dict]:
    """SURVIVORS' entries for ``module``."""
    return [entry for entry in survivor_entries() if entry["module"] == module]


def survivors_markdown() -> str:
    """SURVIVORS as the Markdown list docs/testing.md holds (a test keeps them equal)."""
    lines = []
    for module in MODULES:
        listed = listed_survivors(module)
        if not listed:
            continue
        kinds = {
            kind: sum(e["kind"] == kind for e in listed) for kind in ("equivalent", "accepted")
        }
        lines += [
            "",
            f"`{module}`: {kinds['equivalent']} equivalent, {kinds['accepted']} accepted",
            "",
        ]
        for entry in listed:
            change = (
                f"`{entry['was']}` -> `{entry['now']}`"
                if entry["now"]
                else f"`{entry['was']}` removed"
            )
            why = " ".join(entry["why"].split())
            lines.append(f"- {entry['kind']}: {change}. {why}")
    return "\n".join(lines[1:]) + "\n"


def describes(entry: dict, line: tuple[str, str], diff: str) -> bool:
    """Whether ``entry`` is the mutant whose ``diff`` changed ``line`` (before, after):
    the same line, and, where it occurs more than once, a nearby line (``near``)."""
    return line == (entry["was"], entry["now"]) and entry.get("near", "") in diff


def explain(module: str, found: dict[str, list[str]]) -> dict[str, list[str]]:
    """The survivors sorted by SURVIVORS into equivalent, accepted and unexplained;
    entries that no longer describe a survivor are printed, so the list stays true."""
    listed = listed_survivors(module)
    # Each diff's changed line, parsed once.
    survived = [(changed_line(diff), diff) for diff in found["survived"]]
    killed = [(changed_line(diff), diff) for diff in found["killed"] + found["incompetent"]]
    sorted_out: dict[str, list[str]] = {"equivalent": [], "accepted": [], "unexplained": []}
    for line, diff in survived:
        entry = next((entry for entry in listed if describes(entry, line, diff)), None)
        sorted_out[entry["kind"] if entry else "unexplained"].append(diff)
    for entry in listed:
        change = f"{entry['was']!r} -> {entry['now']!r}"
        if any(describes(entry, line, diff) for line, diff in killed):
            print(f"{module}: listed as {entry['kind']} but killed: {change}", flush=True)
        elif not any(describes(entry, line, diff) for line, diff in survived):
            print(f"{module}: listed survivor not met (stale?): {change}", flush=True)
    return sorted_out


def exercise(
    module: str, tests: list[str], workdir: Path, env: dict, timeout: float, recheck: bool
):
    """Run the module's mutants (with ``recheck``, only its last survivors again);
    False when its tests fail before any mutation."""
    config, session = session_files(workdir, module)
    config.write_text(
        CONFIG.format(
            module=module,
            timeout=timeout,
            python=sys.executable,
            tests=" ".join(tests),
            excluded="[" + ", ".join(f"'{e}'" for e in EXCLUDED_OPERATORS) + "]",
        )
    )
    if not recheck:
        session.unlink(missing_ok=True)
    elif session.exists():
        # Only the survivors of the last run are tried again (after new tests).
        with sqlite3.connect(session) as db:
            db.execute("DELETE FROM work_results WHERE lower(test_outcome) = 'survived'")
    tree = workdir / "tree"
    baseline = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--reuse-db"]
        + shlex.split(" ".join(tests)),
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    if baseline.returncode != 0:
        print(f"{module}: its tests fail before any mutation; skipped", flush=True)
        print(baseline.stdout[-2000:], flush=True)
        return False
    cosmic = Path(sys.executable).with_name("cosmic-ray")
    commands = [
        [str(cosmic), "init", str(config), str(session)],
        [str(Path(sys.executable).with_name("cr-filter-operators")), str(session), str(config)],
        [str(cosmic), "exec", str(config), str(session)],
    ]
    fresh = not (recheck and session.exists())
    for command in commands if fresh else commands[2:]:
        if command is commands[2] and fresh:
            skip_annotation_mutants(session, tree / module)
        subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
    return True


def session_files(workdir: Path, module: str) -> tuple[Path, Path]:
    """The module's cosmic-ray configuration and session database in ``workdir``."""
    name = module.replace("/", ".").removesuffix(".py")
    return workdir / f"{name}.toml", workdir / f"{name}.sqlite"


def report(module: str, workdir: Path, minutes: float | None) -> tuple[int, int, int] | None:
    """Print the module's line from its session; (killed, survived, equivalent)."""
    _, session = session_files(workdir, module)
    if not session.exists():
        return None
    found = outcomes(session)
    survivors = explain(module, found)
    killed = len(found["killed"]) + len(found["incompetent"])
    survived = len(found["survived"])
    equivalent = len(survivors["equivalent"])
    total = killed + survived
    score = 100.0 * killed / (total - equivalent) if total - equivalent else 100.0
    raw = 100.0 * killed / total if total else 100.0
    errors = f" not-run={len(found['error'])}" if found["error"] else ""
    print(
        f"{module}: mutants={total} killed={killed} survived={survived}{errors}"
        f" (equivalent={equivalent} accepted={len(survivors['accepted'])}"
        f" unexplained={len(survivors['unexplained'])})"
        f" score={score:.1f}% raw={raw:.1f}%"
        + (f" time={minutes:.1f} min" if minutes is not None else ""),
        flush=True,
    )
    for diff in survivors["unexplained"]:
        was, now = changed_line(diff)
        print(f"  unexplained: {was!r} -> {now!r}", flush=True)
    session.with_suffix(".survivors.txt").write_text(
        "\n\n".join(f"# {kind}\n{diff}" for kind, diffs in survivors.items() for diff in diffs)
    )
    return killed, survived, equivalent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="a module path (repeatable)")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: a temp dir)")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="with the --workdir of an earlier run: try only its survivors again",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="with the --workdir of an earlier run: print its scores again, running nothing",
    )
    parser.add_argument(
        "--survivors-markdown",
        action="store_true",
        help="print tools/mutation_survivors.toml as docs/testing.md's list, and stop",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    args = parser.parse_args()
    if args.survivors_markdown:
        print(survivors_markdown(), end="")
        return 0

    # --only runs in the order given, so two runs can split the list between them.
    modules = {m: MODULES[m] for m in args.only if m in MODULES} if args.only else MODULES
    unknown = set(args.only or ()) - set(MODULES)
    if unknown:
        parser.error(f"not in MODULES: {', '.join(sorted(unknown))}")
    if (args.recheck or args.report) and not args.workdir:
        parser.error("--recheck and --report read the --workdir of an earlier run")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="archive-mutation-"))
    if not args.report:
        shutil.rmtree(workdir / "tree", ignore_errors=True)
        (workdir / "tree").mkdir(parents=True)
        copy_tree(workdir / "tree")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        # Its own database: the copy's mutants never meet your test runs.
        "DATABASE_URL": os.environ.get(
            "MUTATION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_mutation"
        ),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    print(f"mutation: work dir {workdir}", flush=True)
    started = time.monotonic()
    killed = survived = equivalent = 0
    for module, tests in modules.items():
        minutes = None
        if not args.report:
            began = time.monotonic()
            if not exercise(module, tests, workdir, env, args.timeout, args.recheck):
                continue
            minutes = (time.monotonic() - began) / 60
        result = report(module, workdir, minutes)
        if result:
            killed += result[0]
            survived += result[1]
            equivalent += result[2]
    counted = killed + survived - equivalent
    score = 100.0 * killed / counted if counted else 0.0
    print(f"mutation: {(time.monotonic() - started) / 60:.1f} min in all", flush=True)
    print(
        f"mutation score={score:.1f}% killed={killed} survived={survived} equivalent={equivalent}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
