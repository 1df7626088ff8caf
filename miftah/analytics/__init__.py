"""First-party reader analytics: page views counted by a beacon, rolled up by the worker, «الأكثر قراءة» and the
editors' dashboard (docs/analytics.md)."""
