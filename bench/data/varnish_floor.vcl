# Varnish's floor for bench/edge_speed.py --floor: every request looked up and delivered as stored, nothing else of
# deploy/varnish/miftah.vcl (no PURGE/BAN, media, pass rules, header clean-up, X-Cache). The one thing kept is a copy
# per encoding (a client without gzip would otherwise be gunzipped on every hit), so it serves the same bytes.
# Started with -p vcc_err_unref=off: backends.vcl defines the media backend, the purgers' acl and subs it does not use.
vcl 4.1;

import directors;

probe miftah_health {
    .url = "/healthz";
    .interval = 1s;
}

sub vcl_init {
    new app = directors.round_robin();
    call miftah_add_backends;
}

include "./backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.http.Accept-Encoding !~ "gzip") {
        set req.http.X-Miftah-Identity = "1";
    }
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Miftah-Identity) {
        hash_data("identity");
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Miftah-Identity) {
        unset bereq.http.Accept-Encoding;
    }
}

sub vcl_backend_response {
    set beresp.grace = 10m;
}
