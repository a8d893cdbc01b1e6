"""The report page's Content-Security-Policy: no script runs but the ones the page lists, nothing is loaded.

Every text from parameters and data is escaped (:mod:`deficit_report.rendering.escape`);
the policy is the second wall, so that a miss cannot run. It goes into the page
as a ``<meta http-equiv>`` tag at the top of ``<head>`` and allows:

- scripts: only those in :data:`PAGE_SCRIPTS`, by the SHA-256 hash of their exact
  text (computed when the page is built, so the same page has the same bytes);
  the report needs none today, so ``script-src 'none'``: no ``<script>``, no
  ``onerror=`` attribute, no ``javascript:`` link runs;
- images: ``data:`` URIs only (the charts are inline SVG images);
- styles: the page's own inline ``<style>`` blocks and attributes;
- nothing else: no fetch, frame, object, font or form target, no ``<base>``.

A script added to the template must be listed in :data:`PAGE_SCRIPTS` with its
exact text, or the browser refuses to run it (and says so in the console).
"""

from __future__ import annotations

import base64
import hashlib
import re

from deficit_report.rendering.escape import html_text

#: The exact text of each inline script the page needs (between ``<script>`` and ``</script>``); none today.
PAGE_SCRIPTS: tuple[str, ...] = ()

_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)


def script_hash(script: str) -> str:
    """Return a CSP source allowing one inline script: ``'sha256-<base64 of its UTF-8 bytes' digest>'``.

    Examples
    --------
    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: tuple[str, ...] = PAGE_SCRIPTS) -> str:
    """Return the page's policy: the listed scripts by hash (else none), data: images, inline styles, nothing else.

    Examples
    --------
    >>> content_security_policy(())
    "default-src 'none'; script-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    >>> content_security_policy(("alert(1)",)).split("; ")[1]
    "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    scripts_allowed = " ".join(script_hash(s) for s in scripts) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts_allowed}",
            "img-src data:",
            "style-src 'unsafe-inline'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def with_policy(page: str, policy: str | None = None) -> str:
    """Put the policy's ``<meta http-equiv>`` tag at the top of the page's ``<head>`` (after its charset).

    Examples
    --------
    >>> print(with_policy('<html><head><meta charset="utf-8"/><title>t</title>', "default-src 'none'"))
    <html><head><meta charset="utf-8"/>
    <meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;"><title>t</title>
    """
    policy = content_security_policy() if policy is None else policy
    tag = f'<meta http-equiv="Content-Security-Policy" content="{html_text(policy)}">'
    where = _CHARSET.search(page) or _HEAD.search(page)
    if where is None:
        return tag + "\n" + page
    return page[: where.end()] + "\n" + tag + page[where.end() :]
