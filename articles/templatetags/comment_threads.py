from django import template

from articles.comments.html import render_thread

register = template.Library()


@register.simple_tag
def comment_thread(items, *, article, page):
    """{% comment_thread thread article=article page=thread_page %}: see comments/html.py."""
    return render_thread(items, article=article, page=page)
