r"""The search index's SQL: every function, trigger and index the models do not express.

One place for it: the migrations create these objects from here
(articles/migrations/0002_schema.py, through articles/schema.py), the bulk
rebuild drops and recreates the indexes from here (index.py), the impact lists
are built with the trigger's own listing (impacts.py), and a test
(tests/test_schema.py) compares every object with the migrated database, so a
definition changed in one place only fails it. A change to an object here needs a
migration that applies it to existing databases (see articles/schema.py).

What the objects do:
- A piece's search document (articles_searchdocument: vector, head, unstemmed
  words) is rebuilt by archive_search_refresh() whenever its article, bylines or
  authors change (row triggers), and the lexicons (articles_searchterm,
  articles_searchword, articles_searchtypo) follow the documents (a row trigger on
  them). A bulk writer (the importer) sets archive.search_deferred for its
  transaction: the triggers stand aside and index.refresh_documents does their work
  set-based.
- The impact lists (impacts.py) are kept by a trigger on the documents using
  archive_search_impact(), whose constants are scoring.py's.
- Partial indexes over fixed samples of the archive (article_id % SAMPLE_MODULUS)
  estimate counts and facets for words in much of it (ranking.py, facets.py).
"""

from __future__ import annotations

from articles.search import scoring
from articles.sql import Constraint, Function, Index, SchemaObject, Storage, Table, Trigger

# The fixed 1-in-64 sample of the archive (search_doc_sample_idx and its kin).
SAMPLE_MODULUS = 64
# A finer 1-in-1024 sample inside it, for words in most of a large archive.
FINE_SAMPLE_MODULUS = 1024

# Hiragana, Katakana, CJK ideographs (+ extension A, compatibility), Hangul: the same
# ranges as cjk.CJK_CLASS, which finds them in Python for snippets (a test compares).
CJK = (
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+"
)

# Set for a transaction by a bulk writer (index.defer_triggers): the triggers stand
# aside. Any role may set a custom setting, unlike session_replication_role.
DEFERRED = "IF current_setting('archive.search_deferred', true) = 'on' THEN"

# The words the typo lexicon (articles_searchword) keeps: alphabetic, 3 to 40 letters;
# and those filed under their deletion keys (articles_searchtypo): 4 letters or more.
LEXICON_WORD = "^[[:alpha:]]{3,40}$"
TYPO_MIN_LENGTH = 4

# The advisory lock a rebuild of the impact lists holds (exclusive) and searches and
# writers test (shared); the trigger names it by its text, impacts.py by its number.
IMPACTS_LOCK_NAME = "archive_search_impacts"
IMPACTS_LOCK = 1_033_275_678  # hashtext('archive_search_impacts'): tests/test_schema.py


def impact_entries(document: str) -> str:
    """The impact-list entries of a search document (`NEW` in the trigger, `d` in the
    bulk build): each listed term it holds, with its impact, above the list's floor."""
    return f"""SELECT {document}.article_id, u.lexeme, i.impact
      FROM unnest({document}.vector) AS u
      JOIN articles_impactlist f ON f.term = u.lexeme
     CROSS JOIN LATERAL (SELECT archive_search_impact(
             u.weights, cardinality(u.positions), length({document}.vector), f.avgdl,
             length(ts_filter({document}.head, '{{a}}')), f.avgtl) AS impact) AS i
     WHERE i.impact > f.floor"""


def _sample(modulus: int) -> str:
    return f"article_id % {modulus} = 0 AND is_published"


def sample_condition(modulus: int) -> str:
    """A query's condition for the documents (`d`) of a sample: the same words as its
    partial indexes' condition, which PostgreSQL must recognise to use them. (`%%`:
    the query is sent with bound parameters, and PostgreSQL sees `%`.)"""
    return f"d.article_id %% {modulus} = 0 AND d.is_published"


# --- Building a piece's vectors ----------------------------------------------------

# PostgreSQL's parser sees a run of CJK characters as one token; each run becomes
# overlapping character bigrams ("中华人民" -> "中华 华人 人民") so a query of two or
# more characters finds text inside a longer run.
CJK_BIGRAMS = Function(
    "archive_cjk_bigrams(text)",
    r"""CREATE OR REPLACE FUNCTION archive_cjk_bigrams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
           CASE WHEN char_length(m.run) = 1 THEN m.run ELSE substr(m.run, i, 2) END,
           ' ' ORDER BY m.n, i), '')
  FROM (SELECT r[1] AS run, row_number() OVER () AS n
        FROM regexp_matches(coalesce(t, ''), '__CJK__', 'g') AS r) AS m,
       generate_series(1, greatest(char_length(m.run) - 1, 1)) AS i
$$""".replace("__CJK__", CJK),
)

# The parser reads `difflib.SequenceMatcher` or `example.com` as one token (a host
# name) and `YouTube` as one word: their parts are indexed too (letters first, so
# "3.14" stays a number), beside the whole token.
DOTTED_PARTS = Function(
    "archive_dotted_parts(text)",
    r"""CREATE OR REPLACE FUNCTION archive_dotted_parts(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((SELECT string_agg(replace(m[1], '.', ' '), ' ')
                   FROM regexp_matches(coalesce(t, ''),
                        '([[:alpha:]_][[:alnum:]_]*(\.[[:alpha:]_][[:alnum:]_]*)+)', 'g') AS m), '')
      || ' ' ||
      coalesce((SELECT string_agg(
                  regexp_replace(m[1], '([[:lower:]])([[:upper:]])', '\1 \2', 'g'), ' ')
                FROM regexp_matches(coalesce(t, ''),
                     '([[:alpha:]]*[[:lower:]][[:upper:]][[:alpha:]]*)', 'g') AS m), '')
$$""",
)

SEARCH_FIELD = Function(
    'archive_search_field(text, "char")',
    r"""CREATE OR REPLACE FUNCTION archive_search_field(t text, w "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(t, ''))
                   || to_tsvector('english', archive_dotted_parts(t))
                   || to_tsvector('simple', archive_cjk_bigrams(t)), w)
$$""",
)

SEARCH_VECTOR = Function(
    "archive_search_vector(text, text, text, text)",
    r"""CREATE OR REPLACE FUNCTION archive_search_vector(
  title text, standfirst text, authors text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT archive_search_field(title, 'A')
      || archive_search_field(coalesce(standfirst, '') || ' ' || coalesce(authors, ''), 'B')
      || archive_search_field(body, 'C')
$$""",
)

# The head (title A, standfirst and authors B) is cut from the full vector rather
# than parsed again, plus the unstemmed title for stop-word-only queries.
SEARCH_HEAD = Function(
    "archive_search_head(tsvector, text)",
    r"""CREATE OR REPLACE FUNCTION archive_search_head(v tsvector, title text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ts_filter(v, '{a,b}') || setweight(to_tsvector('simple', coalesce(title, '')), 'A')
$$""",
)

# Unstemmed words without positions; the lexicon keeps only the alphabetic ones.
SEARCH_WORDS = Function(
    "archive_search_words(text)",
    r"""CREATE OR REPLACE FUNCTION archive_search_words(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT strip(to_tsvector('simple', coalesce(t, '')))
$$""",
)

# The titles' index files each title under its year too ("year 2025", a lexeme no
# text can produce: it has a space), so a deep page of a common word reads the
# recent years' titles only (ranking._recent_titles).
SEARCH_TITLE = Function(
    "archive_search_title(tsvector, timestamptz)",
    """CREATE OR REPLACE FUNCTION archive_search_title(head tsvector, published_at timestamptz)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ts_filter(head, '{a}') || CASE WHEN published_at IS NULL THEN ''::tsvector
    ELSE array_to_tsvector(ARRAY['year ' || extract(year FROM published_at AT TIME ZONE \
'UTC')::int])
  END
$$""",
)

# --- Reading a query ----------------------------------------------------------------

# A tsquery whose every lexeme must carry one of the given weights:
# archive_tsquery_weight('diplom':* & 'x', 'A') = 'diplom':*A & 'x':A.
TSQUERY_WEIGHT = Function(
    "archive_tsquery_weight(tsquery, text)",
    r"""CREATE OR REPLACE FUNCTION archive_tsquery_weight(q tsquery, w text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(q::text, '(''(?:[^'']|'''')*'')(?::(\*))?', '\1:\2' || w, 'g')::tsquery
$$""",
)

# One search term (a word, a quoted phrase, CJK text) as a tsquery: English stems in
# order, plus the CJK bigrams in order. Any text is safe here.
SEARCH_TERM = Function(
    "archive_search_term(text)",
    r"""CREATE OR REPLACE FUNCTION archive_search_term(t text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT phraseto_tsquery('english', regexp_replace(coalesce(t, ''), '__CJK__', ' ', 'g'))
      && phraseto_tsquery('simple', archive_cjk_bigrams(t))
$$""".replace("__CJK__", CJK),
)

# The lexemes a term is indexed under (for document frequencies).
SEARCH_LEXEMES = Function(
    "archive_search_lexemes(text)",
    r"""CREATE OR REPLACE FUNCTION archive_search_lexemes(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT tsvector_to_array(
    to_tsvector('english', regexp_replace(coalesce(t, ''), '__CJK__', ' ', 'g'))
    || to_tsvector('simple', archive_cjk_bigrams(t)))
$$""".replace("__CJK__", CJK),
)

# --- Keeping the documents and lexicons in step -------------------------------------

SEARCH_REFRESH = Function(
    "archive_search_refresh(bigint)",
    r"""CREATE OR REPLACE FUNCTION archive_search_refresh(aid bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  a articles_article%ROWTYPE;
  names text;
  v tsvector;
BEGIN
  SELECT * INTO a FROM articles_article WHERE id = aid;
  IF NOT FOUND THEN
    DELETE FROM articles_searchdocument WHERE article_id = aid;
    RETURN;
  END IF;
  SELECT coalesce(string_agg(au.name, ' ' ORDER BY b.position, b.id), '') INTO names
    FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
   WHERE b.article_id = aid;
  v := archive_search_vector(a.title, a.standfirst, names, a.body);
  INSERT INTO articles_searchdocument
         (article_id, vector, head, words, published_at, is_published, publication_id)
  VALUES (aid, v, archive_search_head(v, a.title),
          archive_search_words(a.title || ' ' || a.standfirst || ' ' || names || ' ' || a.body),
          a.published_at, a.status = 'published', a.publication_id)
  ON CONFLICT (article_id) DO UPDATE SET
    vector = EXCLUDED.vector, head = EXCLUDED.head, words = EXCLUDED.words,
    published_at = EXCLUDED.published_at, is_published = EXCLUDED.is_published,
    publication_id = EXCLUDED.publication_id;
END $$""",
)

# One document's change applied to the lexicons, serialized by an advisory lock so
# two editors saving at once cannot deadlock on the shared word rows. Rows that fall
# to zero stay (readers ask for ndoc > 0); a rebuild drops them.
LEXICON_APPLY = Function(
    "archive_search_lexicon_apply(text[], text[], text[], text[])",
    f"""CREATE OR REPLACE FUNCTION archive_search_lexicon_apply(
  old_terms text[], new_terms text[], old_words text[], new_words text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('archive_search_lexicon'));
  INSERT INTO articles_searchterm AS t (term, ndoc)
    SELECT x, 1 FROM (SELECT unnest(new_terms) EXCEPT SELECT unnest(old_terms)) AS s(x)
  ON CONFLICT (term) DO UPDATE SET ndoc = t.ndoc + 1;
  UPDATE articles_searchterm AS t SET ndoc = t.ndoc - 1
    FROM (SELECT unnest(old_terms) EXCEPT SELECT unnest(new_terms)) AS s(x) WHERE t.term = s.x;
  INSERT INTO articles_searchword AS t (word, ndoc)
    SELECT x, 1 FROM (SELECT unnest(new_words) EXCEPT SELECT unnest(old_words)) AS s(x)
    WHERE x ~ '{LEXICON_WORD}'
  ON CONFLICT (word) DO UPDATE SET ndoc = t.ndoc + 1;
  UPDATE articles_searchword AS t SET ndoc = t.ndoc - 1
    FROM (SELECT unnest(old_words) EXCEPT SELECT unnest(new_words)) AS s(x) WHERE t.word = s.x;
  -- Rows that fall to zero stay (readers ask for ndoc > 0); a rebuild drops them.
END $$""",
)

DOCUMENT_LEXICON = Function(
    "archive_search_document_lexicon()",
    f"""CREATE OR REPLACE FUNCTION archive_search_document_lexicon() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ot text[] := '{{}}'; nt text[] := '{{}}'; ow text[] := '{{}}'; nw text[] := '{{}}';
BEGIN
  {DEFERRED}
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    IF OLD.is_published THEN
      ot := tsvector_to_array(OLD.vector); ow := tsvector_to_array(OLD.words);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.is_published THEN
      nt := tsvector_to_array(NEW.vector); nw := tsvector_to_array(NEW.words);
    END IF;
  END IF;
  IF ot IS DISTINCT FROM nt OR ow IS DISTINCT FROM nw THEN
    PERFORM archive_search_lexicon_apply(ot, nt, ow, nw);
  END IF;
  RETURN NULL;
END $$""",
)

ARTICLE_CHANGED = Function(
    "archive_search_article_changed()",
    f"""CREATE OR REPLACE FUNCTION archive_search_article_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {DEFERRED}
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT'
     OR NEW.title IS DISTINCT FROM OLD.title
     OR NEW.standfirst IS DISTINCT FROM OLD.standfirst
     OR NEW.body IS DISTINCT FROM OLD.body
     OR NEW.status IS DISTINCT FROM OLD.status
     OR NEW.published_at IS DISTINCT FROM OLD.published_at
     OR NEW.publication_id IS DISTINCT FROM OLD.publication_id THEN
    PERFORM archive_search_refresh(NEW.id);
  END IF;
  RETURN NULL;
END $$""",
)

BYLINE_CHANGED = Function(
    "archive_search_byline_changed()",
    f"""CREATE OR REPLACE FUNCTION archive_search_byline_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {DEFERRED}
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM archive_search_refresh(OLD.article_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF TG_OP = 'INSERT' OR NEW.article_id IS DISTINCT FROM OLD.article_id
       OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.position IS DISTINCT FROM \
OLD.position THEN
      PERFORM archive_search_refresh(NEW.article_id);
    END IF;
  END IF;
  RETURN NULL;
END $$""",
)

AUTHOR_RENAMED = Function(
    "archive_search_author_renamed()",
    f"""CREATE OR REPLACE FUNCTION archive_search_author_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {DEFERRED}
    RETURN NULL;
  END IF;
  IF NEW.name IS DISTINCT FROM OLD.name THEN
    PERFORM archive_search_refresh(b.article_id)
       FROM (SELECT DISTINCT article_id FROM articles_byline WHERE author_id = NEW.id) AS b;
  END IF;
  RETURN NULL;
END $$""",
)

# --- Typo corrections (typos.py) ----------------------------------------------------

# A word's deletion keys: a word of five letters or more is filed under itself, each
# string one letter shorter, and the same for its spelling with doubled letters
# undoubled; a typed word's keys then meet every word one edit away.
TYPO_KEYS = Function(
    "archive_typo_keys(text)",
    r"""CREATE OR REPLACE FUNCTION archive_typo_keys(w text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(DISTINCT k) FROM (
    SELECT f.v AS k FROM (VALUES (w), (regexp_replace(w, '(.)\1+', '\1', 'g'))) AS f(v)
    UNION ALL
    SELECT overlay(f.v PLACING '' FROM i FOR 1)
      FROM (VALUES (w), (regexp_replace(w, '(.)\1+', '\1', 'g'))) AS f(v),
           generate_series(1, length(f.v)) AS i
     WHERE length(w) >= 5
  ) AS keys
$$""",
)

TYPO_TABLE = Table(
    "articles_searchtypo",
    """CREATE TABLE articles_searchtypo (
  key text NOT NULL,
  word text NOT NULL,
  PRIMARY KEY (key, word)
)""",
)

TYPO_FILE = Function(
    "archive_search_typo_file()",
    f"""CREATE OR REPLACE FUNCTION archive_search_typo_file() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF length(NEW.word) >= {TYPO_MIN_LENGTH} THEN
    INSERT INTO articles_searchtypo (key, word)
      SELECT unnest(archive_typo_keys(NEW.word)), NEW.word
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$""",
)

# --- Impact lists (impacts.py) ------------------------------------------------------


def impact_function() -> Function:
    """archive_search_impact(), from scoring.py's constants (checks.py warns when the
    database's differs: articles.W001)."""
    return Function(
        "archive_search_impact(text[], integer, integer, float8, integer, float8)",
        scoring.impact_function_sql().strip(),
    )


# A rebuild (impacts.rebuild) holds the exclusive advisory lock for its transaction;
# meanwhile a written piece is queued in articles_impactbacklog, listed by the
# rebuild before it commits. Every write clears the piece's old entries and upserts.
IMPACT_REFRESH = Function(
    "archive_search_impact_refresh()",
    f"""CREATE OR REPLACE FUNCTION archive_search_impact_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  aid bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
BEGIN
  {DEFERRED}
    RETURN NULL;  -- the bulk writer refreshes its pieces' impacts itself
  END IF;
  IF NOT pg_try_advisory_xact_lock_shared(hashtext('{IMPACTS_LOCK_NAME}')) THEN
    -- The lists are being rebuilt: the rebuild lists this piece before it ends.
    INSERT INTO articles_impactbacklog (article_id) VALUES (aid) ON CONFLICT DO NOTHING;
    RETURN NULL;
  END IF;
  DELETE FROM articles_searchimpact WHERE article_id = aid;
  IF TG_OP <> 'DELETE' AND NEW.is_published THEN
    INSERT INTO articles_searchimpact (article_id, term, impact)
    {impact_entries("NEW")}
    ON CONFLICT (article_id, term) DO UPDATE SET impact = EXCLUDED.impact;
  END IF;
  RETURN NULL;
END $$""",
)

# --- Triggers -----------------------------------------------------------------------

TRIGGERS = [
    Trigger(
        "archive_search_document_lexicon",
        "articles_searchdocument",
        "CREATE TRIGGER archive_search_document_lexicon"
        " AFTER INSERT OR DELETE OR UPDATE ON articles_searchdocument"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_document_lexicon()",
    ),
    Trigger(
        "archive_search_article",
        "articles_article",
        "CREATE TRIGGER archive_search_article AFTER INSERT OR UPDATE ON articles_article"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_article_changed()",
    ),
    Trigger(
        "archive_search_byline",
        "articles_byline",
        "CREATE TRIGGER archive_search_byline AFTER INSERT OR DELETE OR UPDATE ON articles_byline"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_byline_changed()",
    ),
    Trigger(
        "archive_search_author",
        "articles_author",
        "CREATE TRIGGER archive_search_author AFTER UPDATE OF name ON articles_author"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_author_renamed()",
    ),
    Trigger(
        "archive_search_typo_file",
        "articles_searchword",
        "CREATE TRIGGER archive_search_typo_file AFTER INSERT ON articles_searchword"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_typo_file()",
    ),
    Trigger(
        "archive_search_impact_refresh",
        "articles_searchdocument",
        "CREATE TRIGGER archive_search_impact_refresh"
        " AFTER INSERT OR DELETE OR UPDATE OF vector, is_published ON articles_searchdocument"
        " FOR EACH ROW EXECUTE FUNCTION archive_search_impact_refresh()",
    ),
]

# --- Indexes the models cannot declare ----------------------------------------------
# Dropped and recreated by the bulk rebuild (index.GIN_INDEXES) with the models' own
# GIN indexes, except the b-tree ones, which are small.

SAMPLE_INDEX = Index(
    "search_doc_sample_idx",
    "articles_searchdocument",
    "CREATE INDEX search_doc_sample_idx ON articles_searchdocument USING gin (vector)"
    f" WHERE {_sample(SAMPLE_MODULUS)}",
)
FINE_SAMPLE_INDEX = Index(
    "search_doc_fine_sample_idx",
    "articles_searchdocument",
    "CREATE INDEX search_doc_fine_sample_idx ON articles_searchdocument USING gin (vector)"
    f" WHERE {_sample(FINE_SAMPLE_MODULUS)}",
)
# The titles with their years (SEARCH_TITLE), and the same for the 1-in-64 sample,
# whose few hundred rows count a common word's titles.
TITLE_YEAR_INDEX = Index(
    "search_doc_title_year_idx",
    "articles_searchdocument",
    "CREATE INDEX search_doc_title_year_idx ON articles_searchdocument"
    " USING gin (archive_search_title(head, published_at))",
)
SAMPLE_TITLE_INDEX = Index(
    "search_doc_sample_title_idx",
    "articles_searchdocument",
    "CREATE INDEX search_doc_sample_title_idx ON articles_searchdocument"
    f" USING gin (archive_search_title(head, published_at)) WHERE {_sample(SAMPLE_MODULUS)}",
)
# A search narrowed to one publication counts on its sampled pieces only.
SAMPLE_PUBLICATION_INDEXES = [
    Index(
        name,
        "articles_searchdocument",
        f"CREATE INDEX {name} ON articles_searchdocument (publication_id) WHERE {_sample(modulus)}",
    )
    for name, modulus in [
        ("search_doc_sample_publication_idx", SAMPLE_MODULUS),
        ("search_doc_fine_sample_publication_idx", FINE_SAMPLE_MODULUS),
    ]
]
# A single CJK character is looked for as the last letter of a bigram (cjk.py).
CJK_LAST_INDEX = Index(
    "search_term_cjk_last_idx",
    "articles_searchterm",
    "CREATE INDEX search_term_cjk_last_idx ON articles_searchterm (right(term, 1))"
    " WHERE length(term) = 2",
)

# The GIN indexes the bulk rebuild drops while it writes (index.py).
GIN_INDEXES = [TITLE_YEAR_INDEX, SAMPLE_TITLE_INDEX, SAMPLE_INDEX, FINE_SAMPLE_INDEX]


def objects() -> list[SchemaObject]:
    """Every object, in an order they can be created in (functions before the
    triggers and indexes that use them)."""
    return [
        CJK_BIGRAMS,
        DOTTED_PARTS,
        SEARCH_FIELD,
        SEARCH_VECTOR,
        SEARCH_HEAD,
        SEARCH_WORDS,
        SEARCH_TITLE,
        TSQUERY_WEIGHT,
        SEARCH_TERM,
        SEARCH_LEXEMES,
        SEARCH_REFRESH,
        LEXICON_APPLY,
        DOCUMENT_LEXICON,
        ARTICLE_CHANGED,
        BYLINE_CHANGED,
        AUTHOR_RENAMED,
        TYPO_KEYS,
        TYPO_TABLE,
        TYPO_FILE,
        impact_function(),
        IMPACT_REFRESH,
        # The database cascades an article's delete to its document (the model has
        # no constraint: Django's collector would delete it too early, before bylines).
        Constraint(
            "search_doc_article_fk",
            "articles_searchdocument",
            "ALTER TABLE articles_searchdocument ADD CONSTRAINT search_doc_article_fk"
            " FOREIGN KEY (article_id) REFERENCES articles_article (id) ON DELETE CASCADE",
        ),
        # A phrase, an excluded word or a newest-first walk checks each candidate's
        # full vector (GIN stores no positions): kept in the row, not out of line in
        # TOAST. The head too, or it would be the next column moved out of line.
        Storage("articles_searchdocument", "vector", "MAIN"),
        Storage("articles_searchdocument", "head", "MAIN"),
        *TRIGGERS,
        *GIN_INDEXES,
        *SAMPLE_PUBLICATION_INDEXES,
        CJK_LAST_INDEX,
    ]
