"""Impact lists: each common term's best pieces, for the candidates of a search.

A term in more than a thousand pieces gets a list (articles/search/impacts.py
builds them; `manage.py search_rebuild` and `search_impacts` fill them): every
published piece whose impact for the term (its score for that word, without
idf: scoring.impact) is above the list's floor. The trigger below keeps the
lists true as pieces are written, published, withdrawn or deleted; the bulk
writer (the importer) does the same set-based in index.refresh_documents.
The impact function is frozen here as scoring.py defines it today; the bulk
build re-creates it from scoring.py, and a test compares the two.
"""

from django.db import migrations, models

IMPACT_FUNCTION = r"""
CREATE OR REPLACE FUNCTION archive_search_impact(
  weights text[], tf integer, dl integer, avgdl float8, tl integer, avgtl float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2.5 / (0.25 + 0.75 * tl / avgtl) * ('A' = ANY(weights))::int
       + 1.0 * ('B' = ANY(weights))::int
       + tf * 2.2 / (tf + 1.2 * (1 - 0.9 + 0.9 * power(dl / avgdl, 2.0)))
$$"""

TRIGGER = r"""
CREATE OR REPLACE FUNCTION archive_search_impact_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('archive.search_deferred', true) = 'on' THEN
    RETURN NULL;  -- the bulk writer refreshes its pieces' impacts itself
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM articles_searchimpact WHERE article_id = OLD.article_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.is_published THEN
    INSERT INTO articles_searchimpact (article_id, term, impact)
    SELECT NEW.article_id, u.lexeme, i.impact
      FROM unnest(NEW.vector) AS u
      JOIN articles_impactlist f ON f.term = u.lexeme
     CROSS JOIN LATERAL (SELECT archive_search_impact(
             u.weights, cardinality(u.positions), length(NEW.vector), f.avgdl,
             length(ts_filter(NEW.head, '{a}')), f.avgtl) AS impact) AS i
     WHERE i.impact > f.floor;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER archive_search_impact_refresh
  AFTER INSERT OR DELETE OR UPDATE OF vector, is_published ON articles_searchdocument
  FOR EACH ROW EXECUTE FUNCTION archive_search_impact_refresh();
"""

REVERSE = """
DROP TRIGGER IF EXISTS archive_search_impact_refresh ON articles_searchdocument;
DROP FUNCTION IF EXISTS archive_search_impact_refresh();
DROP FUNCTION IF EXISTS archive_search_impact(text[], integer, integer, float8, integer, float8);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_search_typos"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImpactList",
            fields=[
                ("term", models.TextField(primary_key=True, serialize=False)),
                ("floor", models.FloatField()),
                ("avgdl", models.FloatField()),
                ("avgtl", models.FloatField()),
            ],
            options={
                "ordering": ["term"],
            },
        ),
        migrations.CreateModel(
            name="SearchImpact",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "article_id",
                        "term",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("article_id", models.BigIntegerField()),
                ("term", models.TextField()),
                ("impact", models.FloatField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["term", "-impact", "article_id"], name="search_impact_best_idx"
                    )
                ],
            },
        ),
        migrations.RunSQL(IMPACT_FUNCTION + ";\n" + TRIGGER, REVERSE),
    ]
