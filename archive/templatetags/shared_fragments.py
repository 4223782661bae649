"""``{% shared_fragment "name" var ... %}...{% endshared_fragment %}``

A template fragment rendered once per content generation (see
archive/page_cache.py) and shared by every visitor, for the parts of a page
that stay costly when the whole page cannot come from the cache (editors,
readers with a pending comment). Unlike ``{% cache %}`` it is safe around a
form: the CSRF token is stored as a placeholder and each visitor gets their
own. Use it only for content that is the same for everyone given the
variables named (e.g. an unbound form, the approved comments).
``{% shared_fragment "name" var ... when=condition %}`` shares only while the
condition holds (say, the visitor has no pending comment in the thread) and
renders the fragment afresh otherwise.

``{% hole "name" %}`` writes a per-visitor value (a function registered with
``archive.page_cache.register_hole``); cached pages and shared fragments keep
the hole empty and fill it again for each visitor.
"""

from __future__ import annotations

import logging
import re

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.safestring import mark_safe

from archive import page_cache

register = template.Library()
logger = logging.getLogger(__name__)


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list, when=None):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.when = when

    def render(self, context):
        if self.when is not None and not self.when.resolve(context):
            return self.nodelist.render(context)
        request = context.get("request")
        vary_on = [variable.resolve(context) for variable in self.vary_on]
        cache = caches["default"]
        try:
            generation = page_cache.request_generation(request)
            # Absolute links in the fragment (canonical, og:url) follow the address asked for.
            origin = f"{request.scheme}://{request.get_host()}"
            # "shared-parts": stored as page_cache.shared_entry() (cut at its slots).
            key = make_template_fragment_key(
                f"shared-parts:{self.name}", [generation, origin, *vary_on]
            )
            # The key holds the generation, so a copy this process kept is never stale:
            # with Redis, a page's fragments then cost no round trip each.
            local = page_cache.local_copy(key)
            entry = local if local is not None else cache.get(key)
        except Exception:
            logger.warning("shared fragment %s: cache unavailable", self.name, exc_info=True)
            return self.nodelist.render(context)
        if entry is not None:
            if local is None and page_cache.keeps_local_copies():
                page_cache.remember_locally(key, entry)
            return mark_safe(page_cache.fill_slots(entry["parts"], request).decode())  # noqa: S308
        html = self.nodelist.render(context)
        shared = page_cache.share(html.encode())
        if shared is not None:
            entry = page_cache.shared_entry(shared)
            try:
                cache.set(key, entry, page_cache.entry_timeout(generation))
            except Exception:
                logger.warning("shared fragment %s: not stored", self.name, exc_info=True)
            else:
                if page_cache.keeps_local_copies():
                    page_cache.remember_locally(key, entry)
        return html


@register.tag("shared_fragment")
def do_shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a quoted name")
    name = bits[1]
    if not (name[0] == name[-1] and name[0] in "'\""):
        raise template.TemplateSyntaxError("shared_fragment's name must be quoted")
    when = None
    if bits[-1].startswith("when="):
        when = parser.compile_filter(bits.pop()[len("when=") :])
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return SharedFragmentNode(nodelist, name[1:-1], vary_on, when)


@register.simple_tag(takes_context=True)
def hole(context, name: str, argument=None):
    """A per-visitor value (see ``page_cache.register_hole``) inside shared HTML."""
    if argument is not None and not re.fullmatch(r"[a-z0-9_-]+", str(argument)):
        raise ValueError(f"a hole's argument is a lowercase word, not {argument!r}")
    return mark_safe(  # noqa: S308
        page_cache.hole_markup(
            name, context.get("request"), None if argument is None else str(argument)
        )
    )
