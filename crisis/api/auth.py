"""API tokens (django-rest-knox: only a hash is stored) with a throttle on guessing them.

DRF authenticates before it throttles, so a client sending wrong tokens would only ever see
401 and could guess as fast as it likes. Failed tokens are therefore counted here, per client
address, and once the `failed_token` rate is spent every token from that address gets 429 with
Retry-After until the window has passed, right or wrong.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request):
    """The client's address, looking past PROXY_COUNT proxies (DRF's NUM_PROXIES) as throttles do."""
    return BaseThrottle().get_ident(request)


class FailedTokenThrottle(SimpleRateThrottle):
    """Counts only requests whose token failed; see the module docstring."""

    scope = "failed_token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def exhausted(self, request):
        """True while this address has used up its failures; sets `wait` for Retry-After."""
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, with failed keys throttled per client address."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.authenticate_header(request).lower().encode():
            return None
        throttle = FailedTokenThrottle()
        if throttle.exhausted(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure()
            raise
        except UnicodeDecodeError:
            # A header that is not UTF-8 cannot hold one of our keys.
            throttle.record_failure()
            raise AuthenticationFailed("Invalid token.") from None


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's `tokenAuth`: the same header clients sent before keys were hashed."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None),
        )
