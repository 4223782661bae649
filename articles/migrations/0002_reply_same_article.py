from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """A reply must belong to the same article as its parent.

    Django has no composite foreign keys, so this one is SQL: (parent_id,
    article_id) must name an existing (id, article_id) pair. MATCH SIMPLE lets
    top-level comments (parent_id NULL) through.
    """

    dependencies = [("articles", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(
            sql="""
                ALTER TABLE articles_comment
                ADD CONSTRAINT comment_reply_same_article
                FOREIGN KEY (parent_id, article_id)
                REFERENCES articles_comment (id, article_id)
                ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED;
            """,
            reverse_sql="ALTER TABLE articles_comment DROP CONSTRAINT comment_reply_same_article;",
        ),
    ]
