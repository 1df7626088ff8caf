"""Backups: `miftah backup` / `miftah restore`, sealed to the newsroom's key, scheduled through the worker with
retention (docs/security/backups.md)."""
