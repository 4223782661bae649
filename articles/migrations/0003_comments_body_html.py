from django.db import migrations, models


def render_existing(apps, schema_editor):
    from articles.rendering import render_comment_text

    Comment = apps.get_model("articles", "Comment")
    batch = []
    for comment in Comment.objects.only("id", "body").iterator(chunk_size=2000):
        comment.body_html = render_comment_text(comment.body)
        batch.append(comment)
        if len(batch) >= 2000:
            Comment.objects.bulk_update(batch, ["body_html"])
            batch = []
    if batch:
        Comment.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    """Comment text as shown, stored: rendering it on every view is too slow for long threads."""

    dependencies = [("articles", "0002_reply_same_article")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
