# Varnish: the shared HTTP cache in front of the portal's app servers.
#
# - Balances over the app servers (round robin) and checks /healthz every 2 s;
#   a server that stops answering is taken out of rotation.
# - GET/HEAD requests that fail on one server (connection refused, reset, time-out)
#   are retried on the next server: stopping or killing a server loses none of them.
# - Anonymous GET/HEAD responses are cached (no cookie in the request, none set in
#   the response). Wagtail purges a page on publish, unpublish and move
#   (wagtail.contrib.frontend_cache, FRONTEND_CACHE_URLS) with a PURGE request,
#   allowed from the loopback address only.
#
# Install: cp to /etc/varnish/default.vcl (adjust the backends), see docs/deployment.md.
# deploy/scaletest.py renders the backend list from this file for its test.
vcl 4.1;

import directors;
import std;

probe portal_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# BACKENDS-BEGIN (one block per app server)
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = portal_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}
# BACKENDS-END

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new portal = directors.round_robin();
    # DIRECTOR-BEGIN
    portal.add_backend(app1);
    # DIRECTOR-END
}

sub vcl_recv {
    set req.backend_hint = portal.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }

    # Never cache the admin, health checks, account pages or anything personal.
    if (req.url ~ "^/(admin|django-admin|healthz|readyz|saml)(/|$)" ||
        req.url ~ "^(/en)?/(konto|account)/") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # The language is in the path; bound the variants of Vary: Accept-Language.
    if (req.http.Accept-Language ~ "^\s*en") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.Accept-Language = "de";
    }
    # Requests with cookies (logged-in visitors, CSRF) go to the app servers.
    if (req.http.Cookie) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_fetch {
    # On a retry, the round-robin director picks the next healthy server.
    if (bereq.retries > 0) {
        set bereq.backend = portal.backend();
    }
}

sub vcl_backend_error {
    # Connection refused or reset, time-out: try another server (idempotent only).
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
}

sub vcl_backend_response {
    # A server shutting down may answer 502/503 once; try another one.
    if ((beresp.status == 502 || beresp.status == 503) &&
        (bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (bereq.url ~ "^/static/") {
        set beresp.ttl = 1d;
    } else if (beresp.status == 200 || beresp.status == 404) {
        # Pages: purged on publish; listings that show a changed page catch up
        # within this time (PAGE_TTL in docs/deployment.md).
        set beresp.ttl = 300s;
        set beresp.grace = 1h;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
