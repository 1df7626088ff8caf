"""Who came in and what changed: login throttling (django-axes), session hardening, password rules and the security
entries of Wagtail's audit log (logins, failed logins, logouts, lockouts, permission changes, imports)."""
