# "Related pieces" ranks titles by trigram similarity (pg_trgm) and finds the
# similar ones through a GIN trigram index. The extension ships with
# PostgreSQL's contrib (Debian, the Docker image, the embedded server);
# CREATE EXTENSION IF NOT EXISTS keeps this safe next to other migrations that
# need it too.
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_reply_same_article"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="article_title_trgm_idx", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
