"""Reply notifications: a commenter may ask for an email when someone replies.

Double opt-in (a confirmation link is mailed first), one-click unsubscribe in every
message, and an outbox: mail is queued in the database and sent by a separate
process (``manage.py deliver_notifications``), after the reply is approved and
committed, with retries while the mail server is down.
"""
