"""django-axes' lockout check as the first authentication backend, for every login that comes with a request.

axes refuses ``authenticate()`` calls without a request (the test client's ``login()``, a shell); those have no
client address to throttle and are not reachable from the web, so they go on to the next backend unchecked.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
