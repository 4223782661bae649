"""Dotted and camel-case names are also indexed by their parts.

PostgreSQL's parser reads `difflib.SequenceMatcher`, `os.path.join` or
`example.com` as one token (a host name), so a reader who writes "SequenceMatcher"
or "path" never meets a piece that only has the dotted form; and `SequenceMatcher`
or `YouTube` is one word, so "sequence" or "tube" never meets it. Each field now
also indexes the parts of its dotted names (letters first, so "3.14" stays a
number) and of its camel-case words; the whole token is kept, so a query for it
finds old and new pieces alike. Pieces indexed before this migration get the
parts when they are next saved or when `manage.py search_rebuild` runs: nothing
is rewritten here.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION archive_dotted_parts(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((SELECT string_agg(replace(m[1], '.', ' '), ' ')
                   FROM regexp_matches(coalesce(t, ''),
                        '([[:alpha:]_][[:alnum:]_]*(\.[[:alpha:]_][[:alnum:]_]*)+)', 'g') AS m), '')
      || ' ' ||
      coalesce((SELECT string_agg(
                  regexp_replace(m[1], '([[:lower:]])([[:upper:]])', '\1 \2', 'g'), ' ')
                FROM regexp_matches(coalesce(t, ''),
                     '([[:alpha:]]*[[:lower:]][[:upper:]][[:alpha:]]*)', 'g') AS m), '')
$$;

CREATE OR REPLACE FUNCTION archive_search_field(t text, w "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(t, ''))
                   || to_tsvector('english', archive_dotted_parts(t))
                   || to_tsvector('simple', archive_cjk_bigrams(t)), w)
$$;
"""

BACKWARD = r"""
CREATE OR REPLACE FUNCTION archive_search_field(t text, w "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(t, ''))
                   || to_tsvector('simple', archive_cjk_bigrams(t)), w)
$$;

DROP FUNCTION IF EXISTS archive_dotted_parts(text);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_pages")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
