"""Checks addon-kit's Standard Webhooks signature with Python's standard library alone.

The `standardwebhooks` package does the same (`Webhook(secret).verify(body, headers)`); this
is what it does, for a product that would rather not add a dependency. Run as a script it reads
the body from standard input and the headers from the environment, and exits 0 when the
signature is good (addon-kit's tests run it so).
"""

import base64
import hashlib
import hmac
import os
import sys
import time

TOLERANCE_SECONDS = 5 * 60


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """True when one of the signatures is addon-kit's over these exact bytes, signed in the last 5 minutes."""
    try:
        msg_id, timestamp, signatures = headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"]
        if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            return False
    except (KeyError, ValueError):
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, signature.split(",", 1)[1])
        for signature in signatures.split(" ")
        if signature.startswith("v1,")
    )


if __name__ == "__main__":
    headers = {name: os.environ.get(name.upper().replace("-", "_"), "") for name in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    sys.exit(0 if verify(os.environ["SIGNING_SECRET"], headers, sys.stdin.buffer.read()) else 1)
