"""Export the archive so it can leave: ``manage.py export_articles --format wxr|jsonl``.

Both formats are written while streaming over the database in chunks, so an
export of any size runs in flat memory. Importing an export into an empty
database reproduces the pieces, people, publications, topics and threads.
"""
