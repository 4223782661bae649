"""{% load discovery %}: canonical URL, feed links and JSON-LD for the <head>."""

from django import template

from articles import discovery, feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    return discovery.canonical_url(context["request"])


@register.simple_tag
def feed_links(obj=None) -> list[dict]:
    return feeds.feed_links(obj)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return discovery.json_ld_script(discovery.article_structured_data(context["request"], article))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)
