"""Search vectors stay in the table's own rows (storage MAIN), not out of line.

A phrase, an excluded word or a body match read newest-first is checked against
each candidate's full vector (GIN stores no word positions). Kept out of line in
TOAST, the vector (2.2 KB compressed on average) cost a TOAST index lookup and two
chunk reads per candidate: checking "court linrin" in the 4,962 pieces with both
words took 169 ms, and 66 ms with the vectors in the rows (a million pieces).
MAIN still compresses, and still moves a vector out of line when a row could
not otherwise fit a page. The head (title, standfirst, authors) is MAIN too: left
EXTENDED, it would be the next column moved out of line to bring a row with its
vector under the 2 KB toasting threshold, and walks newest-first check the head of
every row they pass. Only the unstemmed words (read when lexicons are counted)
stay out of line.

Existing vectors move when their rows are next written; `manage.py search_rebuild`
moves them all at once.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_title_index")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STORAGE MAIN,"
            " ALTER COLUMN head SET STORAGE MAIN",
            "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED,"
            " ALTER COLUMN head SET STORAGE EXTENDED",
        ),
    ]
