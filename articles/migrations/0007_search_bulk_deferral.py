from django.db import migrations

# The triggers of 0003_search_index, each taught to stand aside while a bulk writer
# (the importer) has set archive.search_deferred for its transaction; that writer
# then brings the index and the lexicons up to date in a few set-based statements
# (articles/search/index.py: refresh_documents). Any role may set a custom
# setting, unlike session_replication_role, which needs a superuser.
SQL = """
CREATE OR REPLACE FUNCTION archive_search_document_lexicon() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ot text[] := '{}'; nt text[] := '{}'; ow text[] := '{}'; nw text[] := '{}';
BEGIN
  IF current_setting('archive.search_deferred', true) = 'on' THEN
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
END $$;

CREATE OR REPLACE FUNCTION archive_search_article_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('archive.search_deferred', true) = 'on' THEN
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
END $$;

CREATE OR REPLACE FUNCTION archive_search_byline_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('archive.search_deferred', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM archive_search_refresh(OLD.article_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF TG_OP = 'INSERT' OR NEW.article_id IS DISTINCT FROM OLD.article_id
       OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.position IS DISTINCT FROM OLD.position THEN
      PERFORM archive_search_refresh(NEW.article_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION archive_search_author_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('archive.search_deferred', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF NEW.name IS DISTINCT FROM OLD.name THEN
    PERFORM archive_search_refresh(b.article_id)
       FROM (SELECT DISTINCT article_id FROM articles_byline WHERE author_id = NEW.id) AS b;
  END IF;
  RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_merge_search")]

    # Reversing keeps the guarded functions: with the setting unset they behave
    # exactly as before.
    operations = [migrations.RunSQL(SQL, reverse_sql=migrations.RunSQL.noop)]
