"""A signal for writes that Django sends no model signal for.

``QuerySet.update()``, ``bulk_create()``, ``bulk_update()`` and COPY change rows
without ``post_save``. Apps send ``rows_written`` (sender: the model) after such a
write so that whatever keeps derived state, like the page cache, hears of it too.
It lives apart from its receivers so that models can send it without importing them.
"""

from django.dispatch import Signal

rows_written = Signal()
