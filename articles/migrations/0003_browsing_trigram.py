# "Related pieces" ranks titles by trigram similarity (pg_trgm). The extension
# ships with PostgreSQL's contrib (Debian, Docker image, embedded server);
# CREATE EXTENSION IF NOT EXISTS makes this safe next to other migrations that
# need it too.
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_reply_same_article"),
    ]

    operations = [
        TrigramExtension(),
    ]
