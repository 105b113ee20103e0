# Varnish in front of Newsroom: anonymous readers' pages are kept, purged by cache tags when the desk changes them.
#
# Debian's varnish (7.1) with varnish-modules (vmod xkey). Point the backend at the application (gunicorn), run
#   varnishd -a :80 -f /etc/varnish/newsroom.vcl -s malloc,256m
# and set PURGE_BACKEND=varnish PURGE_URLS=http://127.0.0.1:80/ for the application (see the README, "Caching").
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application, on this machine. Add the application servers' addresses if they run elsewhere.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "An xkey header names what to purge"));
        }
        # Every page tagged with any of the keys (separated by spaces) is dropped at once.
        set req.http.n-gone = xkey.purge(req.http.xkey);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The staff's side: the admin, the language choice for it, and previews (also under /en/).
    if (req.url ~ "^/admin/" || req.url ~ "^/i18n/" || req.url ~ "^(/[a-z]{2})?/berita/[^/]+/pratinjau/") {
        return (pass);
    }
    # A logged-in member of staff (Django's session cookie, SESSION_COOKIE_NAME) sees the site as it is now.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # No readers' page depends on a cookie (the language is in the address): without this, Varnish's built-in
    # rules would pass every request that carries one (analytics, a leftover language cookie).
    unset req.http.Cookie;
}

sub vcl_backend_response {
    # Keep only what the application marked for shared caches (s-maxage, which Varnish reads as the TTL): not
    # errors, redirects, staff pages, or anything else. For two minutes, ask the application directly.
    if (beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # No stale copy past its time unless the application allowed one: a page's lifetime never reaches past the
    # next scheduled story, which must appear on time.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate") {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    # Cache tags are for this cache, not for browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}
