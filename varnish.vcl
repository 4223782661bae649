# Varnish in front of the archive's gunicorn (docs/caching.md).
#
# Anonymous readers share one copy of each page, kept as long as its s-maxage
# says; the web workers send BAN to the "purge" listener on every content change
# (archive/cdn_purge.py), so edits, published comments and new pieces show at
# once. Readers whose pages are their own (editors, a poster with a pending
# comment) always reach the site.
#
# Two listeners (docker-compose.yml): "http" for readers, "purge" published to
# nobody, reachable only from the web containers.
vcl 4.1;

# The site's workers (docker compose service "web"). Tests and `make bench-http`
# run a copy with another host and port (archive/local_varnish.py).
backend web {
    .host = "web";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 2;
        .initial = 2;
    }
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (local.socket != "purge") {
            return (synth(405, "BAN only on the purge listener"));
        }
        # The site's content generation moved: every page may show the change.
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (local.socket == "purge") {
        return (synth(404, "The purge listener only takes BAN"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Their own pages: a session (editors), a flash message, their pending
    # comments, remembered commenter details, reads pinned to the primary.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|archive_pending|archive_commenter|archive_primary)=") {
        return (pass);
    }
    # The comment form's tokens are per visitor (and keep the CSRF cookie).
    if (req.url ~ "^/comments/form/") {
        return (pass);
    }
    # Everyone else gets the shared copy, whatever cookies they carry (a CSRF
    # cookie, a script's): no page reads them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Django says what may be kept (Cache-Control: s-maxage, and
    # stale-while-revalidate, which Varnish turns into grace); private, no-cache,
    # no-store and Set-Cookie answers are passed on uncached by the built-in rules
    # that run after this. Pages are kept as the site sends them (not gzipped):
    # compressing is the TLS proxy's or CDN's job, and a gzipped copy would be
    # unzipped again for every client that does not ask for gzip.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
