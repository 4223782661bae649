"""Reader comments: readers post without an account, editors moderate in the admin.

- service.py     comment_create: the one write, in one transaction (duplicates, moderation)
- moderation.py  the settings-driven policy (approve, hold, block) and editor emails
- antispam.py    honeypot, signed form token with fill time, flood control in the cache
- threads.py     nesting (depth 5), pagination by top-level comment, permalinks
- cookies.py     the poster's pending comments and the opt-in remember-me cookie
"""

from articles.comments.service import CommentsClosed, DuplicateComment, comment_create
from articles.comments.threads import MAX_DEPTH, build_thread

__all__ = [
    "MAX_DEPTH",
    "CommentsClosed",
    "DuplicateComment",
    "build_thread",
    "comment_create",
]
