# Miftah behind Varnish (7.1+): health-checked app servers, grace (stale-while-revalidate) when they are slow or
# down, PURGE and BAN-by-tag from the app servers only, media read from the S3 bucket. The addresses live in
# backends.vcl beside this file (deploy/varnish/backends.vcl.example); docs/deploy.md explains every part.
vcl 4.1;

import directors;

# /healthz, not /readyz: the site serves without Redis (degraded), so a Redis outage must not take every app server
# out of the rotation. `.initial = 2`: a freshly loaded VCL trusts the servers at once.
probe miftah_health {
    .request = "GET /healthz HTTP/1.1"
               "Host: localhost"
               "Connection: close"
               "User-Agent: Varnish health probe";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

sub vcl_init {
    new app = directors.round_robin();
    call miftah_add_backends;
}

# Defines: the app server backends (with .probe = miftah_health), `backend media` (the bucket's S3 endpoint),
# `acl miftah_purgers` (the app servers and workers), `sub miftah_add_backends` (adds each app backend to `app`) and
# `sub miftah_media_fetch` (turns /media/<name> into the bucket's path).
include "./backends.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ miftah_purgers) {
            return (synth(405, "Not allowed"));
        }
        # The URL's gzip copy first, then (vcl_purge restarts) its identity copy (see X-Miftah-Identity below).
        if (req.restarts == 0) {
            unset req.http.X-Miftah-Identity;
        } else {
            set req.http.X-Miftah-Identity = "1";
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ miftah_purgers) {
            return (synth(405, "Not allowed"));
        }
        # The tag becomes part of a regular expression: only tag-shaped values (miftah.edge.backends.TAG_PATTERN).
        if (req.http.X-Miftah-Ban !~ "^[a-z]+(:[0-9a-z_-]+)?$") {
            return (synth(400, "Not a cache tag"));
        }
        # HTTP strips the spaces that wrap the header's value, so a tag is matched between spaces or value ends
        # (\s, not a space: ban() splits its argument at spaces).
        ban("obj.http.X-Miftah-Tags ~ (^|\s)" + req.http.X-Miftah-Ban + "(\s|$)");
        return (synth(200, "Banned"));
    }
    if (req.url ~ "^/media/") {
        # The bucket answers S3 API calls: no query string (?list-type=2 would list it), no empty key, no dot
        # segments or encoded letters, dots or slashes (S3 decodes them: %64ocuments/ is documents/).
        set req.url = regsub(req.url, "\?.*$", "");
        if (req.url ~ "^/media/$" || req.url ~ "(\.\.|//)" || req.url ~ "(?i)%(2e|2f|5c|[46][0-9a-f]|[57][0-9a])") {
            return (synth(404, "Not found"));
        }
        # Documents are served only by the app's view, which checks private collections.
        if (req.url ~ "^/media/documents/") {
            return (synth(404, "Not found"));
        }
        if (req.method != "GET" && req.method != "HEAD") {
            return (synth(405, "Not allowed"));
        }
        unset req.http.Cookie;
        unset req.http.Authorization;
        set req.backend_hint = media;
        return (hash);
    }
    set req.backend_hint = app.backend();
    # One stored copy per encoding, each delivered as it is stored. Varnish (http_gzip_support) asks the app for gzip
    # whatever the client accepts and would gunzip the page again on every hit for a client that does not take gzip;
    # instead such a client's miss asks the app for identity (vcl_backend_fetch) and its copy is stored apart
    # (vcl_hash: Varnish does not vary on Accept-Encoding itself while it handles gzip).
    if (req.http.Accept-Encoding !~ "gzip") {
        set req.http.X-Miftah-Identity = "1";
    } else {
        unset req.http.X-Miftah-Identity;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents|healthz|readyz|csp-report)(/|$|\?)") {
        return (pass);
    }
    # A signed-in editor (Django's session cookie) sees fresh pages; every other cookie means nothing to a reader
    # page, and dropping it keeps one cached copy for everybody.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Miftah-Identity) {
        hash_data("identity");
    }
    # on to the built-in vcl_hash (URL and host)
}

sub vcl_purge {
    if (req.restarts == 0) {
        return (restart);
    }
}

sub vcl_backend_fetch {
    if (bereq.backend == media) {
        call miftah_media_fetch;
    }
    if (bereq.http.X-Miftah-Identity) {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Miftah-Identity;
}

sub vcl_backend_response {
    if (bereq.backend == media) {
        unset beresp.http.Set-Cookie;
        if (beresp.status == 200) {
            # Stored names never change content (the storage never overwrites): cache long.
            set beresp.ttl = 1d;
            set beresp.grace = 7d;
            set beresp.http.Cache-Control = "public, max-age=86400";
        } else {
            set beresp.ttl = 5s;
            set beresp.grace = 0s;
        }
        return (deliver);
    }
    if (beresp.status >= 500) {
        # A background refresh that fails keeps the stale copy; a reader's fetch tries another app server.
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        if (bereq.retries < 2) {
            return (retry);
        }
    }
    # Static files are hashed and long-lived (whitenoise's Cache-Control).
    if (bereq.url ~ "^/static/" && beresp.status == 200) {
        return (deliver);
    }
    # Only what the app marks as a reader page (its cache tags) is shared; everything else is fetched every time.
    if (!beresp.http.X-Miftah-Tags || beresp.http.Set-Cookie || beresp.status != 200) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # TTL from s-maxage; grace (served stale while refreshing, or while the app servers are down) from
    # stale-while-revalidate, at least 10 minutes. A BAN or PURGE removes a copy outright, grace included.
    set beresp.grace = 10m;
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.backend != media && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    if (client.ip !~ miftah_purgers) {
        unset resp.http.X-Miftah-Tags;
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    unset resp.http.x-amz-request-id;
    unset resp.http.x-amz-id-2;
}
