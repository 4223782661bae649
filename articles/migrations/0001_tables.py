"""The models' tables, indexes and constraints: the squash of 0001-0022.

The migrations written before the first deployment (four 0003s, three empty merges,
SQL rewritten by later files) are squashed into this one and 0002_schema, which
creates what the models do not express (articles/schema.py). Together they replace
every old migration, so a database migrated with the old files counts both as
applied and `migrate` does nothing there.
The operations are Django's optimiser's squash of the old model operations, in
their order, so the columns of a fresh database come in the same order as an old
one's.
"""

import articles.notifications.models
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


# The history before the squash, but its last migration: 0002_schema replaces that
# one (0022_search_impact_backlog), which a database reached only with all of these.
REPLACED = [
    ("articles", "0001_initial"),
    ("articles", "0002_reply_same_article"),
    ("articles", "0003_comments_body_html"),
    ("articles", "0003_browsing_trigram"),
    ("articles", "0004_merge_0003_browsing_trigram_0003_comments_body_html"),
    ("articles", "0003_importers_history"),
    ("articles", "0005_merge_importers"),
    ("articles", "0003_search_index"),
    ("articles", "0006_merge_search"),
    ("articles", "0007_search_bulk_deferral"),
    ("articles", "0008_search_backlog"),
    ("articles", "0009_search_title_index"),
    ("articles", "0010_search_vector_storage_main"),
    ("articles", "0011_search_sample_publication_indexes"),
    ("articles", "0012_search_title_year_index"),
    ("articles", "0013_search_sample_title_index"),
    ("articles", "0014_article_revised_at"),
    ("articles", "0015_reply_notifications"),
    ("articles", "0016_editors_desk"),
    ("articles", "0017_used_form_token"),
    ("articles", "0018_pages"),
    ("articles", "0019_search_dotted_words"),
    ("articles", "0020_search_typos"),
    ("articles", "0021_search_impacts"),
]


class Migration(migrations.Migration):
    replaces = REPLACED

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Trigram indexes (titles, the typo lexicon) need pg_trgm first.
        TrigramExtension(),
        migrations.CreateModel(
            name="Article",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=300, unique=True)),
                (
                    "standfirst",
                    models.TextField(blank=True, help_text="A sentence or two shown in lists."),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="Markdown; plain paragraphs separated by blank lines work."
                    ),
                ),
                ("body_html", models.TextField(default="", editable=False)),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True, help_text="A future date schedules the piece.", null=True
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("comments_open", models.BooleanField(default=True)),
                ("source_url", models.URLField(blank=True, max_length=1000)),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=500, null=True, unique=True),
                ),
            ],
            options={
                "ordering": ["-published_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Publication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                ("about", models.TextField(blank=True, verbose_name="About this publication")),
                ("website", models.URLField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("slug", models.SlugField(max_length=100, unique=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Author",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "bio",
                    models.CharField(
                        blank=True,
                        help_text='One line, e.g. "The author is a historian of ..."',
                        max_length=500,
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [models.Index(fields=["name"], name="author_name_idx")],
            },
        ),
        migrations.CreateModel(
            name="Byline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="articles.article",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bylines",
                        to="articles.author",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="authors",
            field=models.ManyToManyField(
                related_name="articles", through="articles.Byline", to="articles.author"
            ),
        ),
        migrations.CreateModel(
            name="Comment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("email", models.EmailField(help_text="Never shown to readers.", max_length=254)),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="website")),
                ("body", models.TextField(max_length=5000)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("spam", "Spam"),
                            ("removed", "Removed"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                (
                    "ip",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                ("user_agent", models.CharField(blank=True, max_length=500)),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=500, null=True, unique=True),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="articles.article",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="articles.comment",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="publication",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="articles.publication",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="topics",
            field=models.ManyToManyField(blank=True, related_name="articles", to="articles.topic"),
        ),
        migrations.AddConstraint(
            model_name="byline",
            constraint=models.UniqueConstraint(
                fields=("article", "author"), name="byline_unique_author"
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["article", "status", "created_at"], name="comment_thread_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["status", "-created_at"], name="comment_status_idx"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["email", "status"], name="comment_email_status_idx"),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "approved", "spam", "removed"])),
                name="comment_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.UniqueConstraint(
                fields=("id", "article"), name="comment_id_article_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("parent__isnull", True),
                    models.Q(("parent", models.F("id")), _negated=True),
                    _connector="OR",
                ),
                name="comment_not_own_parent",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-published_at"], name="article_status_published_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["publication", "-published_at"], name="article_pub_published_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "published"])),
                name="article_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "draft"), ("published_at__isnull", False), _connector="OR"
                ),
                name="article_published_has_date",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="article_title_trgm_idx", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="import_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.CreateModel(
            name="ArticleSlugHistory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=300, unique=True)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="old_slugs",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name": "old slug",
                "verbose_name_plural": "old slugs",
                "ordering": ["-changed_at"],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.TextField(primary_key=True, serialize=False)),
                ("ndoc", models.IntegerField()),
            ],
            options={
                "ordering": ["term"],
            },
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("head", django.contrib.postgres.search.SearchVectorField()),
                ("words", django.contrib.postgres.search.SearchVectorField()),
                ("published_at", models.DateTimeField(null=True)),
                ("is_published", models.BooleanField(default=False)),
                ("publication_id", models.BigIntegerField(null=True)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="search_doc_vector_idx"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["head"], name="search_doc_head_idx"
                    ),
                    models.Index(
                        models.OrderBy(models.F("published_at"), descending=True),
                        models.OrderBy(models.F("article"), descending=True),
                        condition=models.Q(("is_published", True)),
                        name="search_doc_date_idx",
                    ),
                    models.Index(
                        fields=["publication_id", "-published_at"],
                        name="search_doc_publication_idx",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("ndoc", models.IntegerField()),
            ],
            options={
                "ordering": ["word"],
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Lower("word"), name="gin_trgm_ops"
                        ),
                        name="search_word_trgm_idx",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchBacklog",
            fields=[
                ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "ordering": ["article_id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="revised_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When an editor last changed the words of the live piece (shown as Updated).",
                null=True,
            ),
        ),
        migrations.CreateModel(
            name="ReplySubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                (
                    "token",
                    models.CharField(
                        default=articles.notifications.models.new_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                ("site_url", models.URLField(max_length=300)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                ("unsubscribed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "comment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reply_subscription",
                        to="articles.comment",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="Notice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("confirm", "Confirmation request"), ("reply", "Reply")],
                        max_length=10,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("sent", "Sent"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.CharField(blank=True, max_length=500)),
                (
                    "reply",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.comment",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to="articles.replysubscription",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="replysubscription",
            index=models.Index(fields=["email"], name="reply_subscription_email_idx"),
        ),
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(
                condition=models.Q(("status", "queued")),
                fields=["next_attempt_at"],
                name="notice_due_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "confirm")),
                fields=("subscription",),
                name="notice_one_confirm",
            ),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "reply")),
                fields=("subscription", "reply"),
                name="notice_one_per_reply",
            ),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "confirm"), ("reply__isnull", True)),
                    models.Q(("kind", "reply"), ("reply__isnull", False)),
                    _connector="OR",
                ),
                name="notice_reply_matches_kind",
            ),
        ),
        migrations.CreateModel(
            name="ModerationSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hold_words",
                    models.TextField(
                        blank=True,
                        help_text="One entry a line; case does not matter.",
                        verbose_name="hold for moderation when containing",
                    ),
                ),
                (
                    "block_words",
                    models.TextField(
                        blank=True,
                        help_text="One entry a line; case does not matter.",
                        verbose_name="block (spam) when containing",
                    ),
                ),
                (
                    "block_emails",
                    models.TextField(
                        blank=True,
                        help_text="One entry a line; case does not matter.",
                        verbose_name="blocked email addresses",
                    ),
                ),
                (
                    "block_domains",
                    models.TextField(
                        blank=True,
                        help_text="Email or website domains, one a line; their subdomains are blocked too.",
                        verbose_name="blocked domains",
                    ),
                ),
                (
                    "block_ips",
                    models.TextField(
                        blank=True,
                        help_text="Addresses or networks (203.0.113.0/24), one a line.",
                        verbose_name="blocked IP addresses",
                    ),
                ),
                (
                    "max_links",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: the COMMENTS_MAX_LINKS setting. WordPress holds at 2.",
                        null=True,
                        verbose_name="hold when a comment has more links than",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "comment moderation settings",
                "verbose_name_plural": "comment moderation settings",
            },
        ),
        migrations.CreateModel(
            name="TransferJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("import", "Import"), ("export", "Export")], max_length=6
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting for the worker"),
                            ("running", "Running"),
                            ("done", "Finished"),
                            ("failed", "Finished with failures"),
                        ],
                        default="queued",
                        max_length=7,
                    ),
                ),
                ("format", models.CharField(default="auto", max_length=5)),
                ("file_name", models.CharField(blank=True, max_length=255)),
                ("stored_path", models.CharField(blank=True, max_length=500)),
                ("article_ids", models.JSONField(blank=True, default=list)),
                ("publication", models.CharField(blank=True, max_length=200)),
                ("progress", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(blank=True, null=True)),
                ("current", models.CharField(blank=True, max_length=300)),
                ("summary", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "import or export",
                "verbose_name_plural": "imports and exports",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["import", "export"])),
                        name="transfer_kind_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="UsedFormToken",
            fields=[
                ("digest", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("used_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "indexes": [models.Index(fields=["used_at"], name="used_form_token_used_at_idx")],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="comment_count",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.CreateModel(
            name="ArchiveMonth",
            fields=[
                ("month", models.DateField(primary_key=True, serialize=False)),
                ("pieces", models.IntegerField(default=0)),
                ("last_change", models.DateTimeField(null=True)),
            ],
            options={
                "ordering": ["-month"],
            },
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-published_at", "-id"], name="article_published_id_idx"),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "-article"], name="byline_author_article_idx"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                models.Case(
                    models.When(status="pending", then=models.Value(0)), default=models.Value(1)
                ),
                models.OrderBy(models.F("created_at"), descending=True),
                name="comment_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["created_at"], name="comment_created_idx"),
        ),
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
        migrations.CreateModel(
            name="ImpactBacklog",
            fields=[
                ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "ordering": ["article_id"],
            },
        ),
    ]
