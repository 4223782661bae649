"""Typo corrections from a deletion table; single CJK characters.

articles_searchtypo maps deletion keys to the lexicon's words (symmetric
deletion, articles/search/typos.py): a word of five letters or more is filed
under itself, each string one letter shorter, and the same for its spelling
with doubled letters undoubled. A typed word's own keys then find every word
one edit away (swaps and replacements meet at a common deletion) with one index
read per key, where pg_trgm missed swaps and replaced letters in short words.
A trigger files each new lexicon word; search_rebuild refills it in bulk.

The partial index on two-character terms serves a single CJK character: the
index holds CJK text as bigrams, so the character is looked for as the first
(prefix) or the last letter of a bigram (articles/search/cjk.py).
"""

from django.db import migrations

NO_TIMEOUT = "SET LOCAL statement_timeout = 0; "  # see 0012

SQL = r"""
CREATE OR REPLACE FUNCTION archive_typo_keys(w text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(DISTINCT k) FROM (
    SELECT f.v AS k FROM (VALUES (w), (regexp_replace(w, '(.)\1+', '\1', 'g'))) AS f(v)
    UNION ALL
    SELECT overlay(f.v PLACING '' FROM i FOR 1)
      FROM (VALUES (w), (regexp_replace(w, '(.)\1+', '\1', 'g'))) AS f(v),
           generate_series(1, length(f.v)) AS i
     WHERE length(w) >= 5
  ) AS keys
$$;

CREATE TABLE articles_searchtypo (
  key text NOT NULL,
  word text NOT NULL,
  PRIMARY KEY (key, word)
);

CREATE OR REPLACE FUNCTION archive_search_typo_file() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF length(NEW.word) >= 4 THEN
    INSERT INTO articles_searchtypo (key, word)
      SELECT unnest(archive_typo_keys(NEW.word)), NEW.word
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER archive_search_typo_file
  AFTER INSERT ON articles_searchword
  FOR EACH ROW EXECUTE FUNCTION archive_search_typo_file();

INSERT INTO articles_searchtypo (key, word)
  SELECT DISTINCT unnest(archive_typo_keys(word)), word
  FROM articles_searchword WHERE length(word) >= 4;
ANALYZE articles_searchtypo;

CREATE INDEX IF NOT EXISTS search_term_cjk_last_idx
  ON articles_searchterm (right(term, 1)) WHERE length(term) = 2;
"""

REVERSE_SQL = """
DROP INDEX IF EXISTS search_term_cjk_last_idx;
DROP TRIGGER IF EXISTS archive_search_typo_file ON articles_searchword;
DROP FUNCTION IF EXISTS archive_search_typo_file();
DROP TABLE IF EXISTS articles_searchtypo;
DROP FUNCTION IF EXISTS archive_typo_keys(text);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_search_dotted_words")]

    operations = [migrations.RunSQL(NO_TIMEOUT + SQL, REVERSE_SQL)]
