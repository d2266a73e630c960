"""Sources for the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, crisis/api/urls.py)."""

import base64
import hashlib


def csp_hash(text):
    """The CSP source that allows exactly this inline style (or script) text: 'sha256-…'."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"
