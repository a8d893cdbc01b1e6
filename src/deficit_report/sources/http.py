"""HTTP for the public sources: one session, retries with backoff, a timeout, no key leaks.

Every request goes through :func:`fetch_text`, which retries on 429 and 5xx
answers and on dropped connections (urllib3 ``Retry`` with exponential
backoff, honouring ``Retry-After``), stops after ``timeout`` seconds without
an answer, and turns every failure into a one-line
:class:`~deficit_report.errors.UserInputError`. API keys travel in query
strings (Census) or headers (Comtrade); :func:`redact` removes them from every
message, and :func:`url_without_key` from every URL that is stored. urllib3
logs full request URLs, so :func:`quiet_secrets` installs a log filter that
redacts them there too.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from deficit_report.errors import UserInputError
from deficit_report.sources.endpoints import DEFAULT_BACKOFF, DEFAULT_RETRIES, DEFAULT_TIMEOUT

RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Query parameters that hold a key, removed from stored URLs.
KEY_PARAMS = ("key", "subscription-key", "token")
MASK = "***"
_KEY_IN_URL = re.compile(r"(?i)([?&](?:" + "|".join(map(re.escape, KEY_PARAMS)) + r")=)[^&\s'\"]*")
_URLLIB3_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager")


def redact(text: str, secrets=()) -> str:
    """Return ``text`` with every secret and every ``key=`` value replaced by ``***``.

    Examples
    --------
    >>> redact("GET /hs?get=A&key=abc123&x=1 failed", ["abc123"])
    'GET /hs?get=A&key=***&x=1 failed'
    >>> redact("header had abc123", ["abc123"])
    'header had ***'
    """
    text = str(text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return _KEY_IN_URL.sub(r"\1" + MASK, text)


def url_without_key(url: str) -> str:
    """Return ``url`` without its key parameter (the form kept in manifests and sources).

    Examples
    --------
    >>> url_without_key("https://api.census.gov/data/x?get=A,B&YEAR=2024&key=abc")
    'https://api.census.gov/data/x?get=A,B&YEAR=2024'
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in KEY_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",*:")))


class _RedactingFilter(logging.Filter):
    """Rewrite log records so that no secret survives formatting."""

    def __init__(self, secrets) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = ()
        return True


@contextmanager
def quiet_secrets(secrets=()):
    """Redact secrets and ``key=`` values from urllib3's log records while inside.

    Examples
    --------
    A retry message as urllib3 logs it, with the key in the URL and a secret sent
    in a header; outside the block records are left alone:

    >>> import io
    >>> log, stream = logging.getLogger("urllib3.connectionpool"), io.StringIO()
    >>> handler, level = logging.StreamHandler(stream), log.level
    >>> log.addHandler(handler); log.setLevel(logging.DEBUG)
    >>> with quiet_secrets(["s3cret"]):
    ...     log.debug("Retry: GET /hs?get=A&key=%s&YEAR=2024 (header %s)", "abc123", "s3cret")
    >>> log.debug("outside: %s", "s3cret")
    >>> log.removeHandler(handler); log.setLevel(level)
    >>> print(stream.getvalue(), end="")
    Retry: GET /hs?get=A&key=***&YEAR=2024 (header ***)
    outside: s3cret
    """
    flt = _RedactingFilter(secrets)
    loggers = [logging.getLogger(name) for name in _URLLIB3_LOGGERS]
    for logger in loggers:
        logger.addFilter(flt)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(flt)


def make_session(retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF) -> requests.Session:
    """Return a session that retries GETs on 429/5xx and dropped connections.

    A host that cannot be reached at all (name not resolved, connection
    refused: no network) is not retried: backing off five times would only
    delay the one-line message that points to the offline command.

    Examples
    --------
    >>> s = make_session(retries=2)
    >>> s.get_adapter("https://x").max_retries.status_forcelist
    (429, 500, 502, 503, 504)
    >>> s.get_adapter("https://x").max_retries.connect
    0
    """
    retry = Retry(
        total=retries,
        connect=0,
        read=retries,
        status=retries,
        redirect=0,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = "deficit-report (https://pypi.org/project/requests/)"
    return session


@dataclass(frozen=True)
class Answer:
    """What a server answered: status, body bytes, content type and final URL (key removed)."""

    status: int
    body: bytes
    content_type: str
    url: str
    location: str = ""

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")


def fetch_text(
    session: requests.Session,
    url: str,
    *,
    params=None,
    headers=None,
    secrets=(),
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "the server",
    offline: str = "",
) -> Answer:
    """GET ``url`` and return the answer; redirects are returned, not followed.

    ``offline`` is the command to use instead when the host cannot be reached
    at all (name not resolved, connection refused, no route): the message then
    says so in one line and points to it.

    Raises
    ------
    UserInputError
        When no answer came (connection refused, timeout) or the server still
        answered 429/5xx after every retry. The message never holds a secret.
    """
    with quiet_secrets(secrets):
        try:
            response = session.get(url, params=params, headers=headers, timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            unreachable = unreachable_reason(exc, reason)
            if unreachable:
                host = urlsplit(url).netloc
                hint = f"; without network, use {offline}" if offline else ""
                raise UserInputError(redact(f"cannot reach {what} at {host} ({unreachable}){hint}", secrets)) from None
            if isinstance(exc, requests.Timeout) or isinstance(reason, urllib3.exceptions.TimeoutError):
                raise UserInputError(
                    redact(
                        f"{what} gave no answer within {timeout:g} s, even after retries ({url_without_key(url)})",
                        secrets,
                    )
                ) from None
            raise UserInputError(redact(f"could not reach {what}: {type(exc).__name__}: {exc}", secrets)) from None
    safe_url = redact(url_without_key(response.url), secrets)
    if response.status_code in RETRY_STATUSES:
        raise UserInputError(
            f"{what} answered HTTP {response.status_code} even after retries ({safe_url}); try again later"
        )
    return Answer(
        status=response.status_code,
        body=response.content,
        content_type=response.headers.get("Content-Type", ""),
        url=safe_url,
        location=redact(response.headers.get("Location", ""), secrets),
    )


def unreachable_reason(exc: Exception, reason=None) -> str:
    """Return why a host could not be reached at all (empty when it was reached, or merely slow to answer).

    Examples
    --------
    >>> unreachable_reason(requests.ConnectionError(), urllib3.exceptions.NameResolutionError("h", None, "x"))
    'host name not resolved: no network or no DNS'
    >>> unreachable_reason(requests.ReadTimeout())
    ''
    """
    if isinstance(exc, requests.ConnectTimeout):
        return "no connection within the timeout: no network?"
    if not isinstance(exc, requests.ConnectionError) or isinstance(exc, requests.ReadTimeout):
        return ""
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "host name not resolved: no network or no DNS"
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return "connection refused or no route to host"
    return ""


@dataclass(frozen=True)
class Service:
    """A public API as its answers are checked: its name in messages, and how a missing key shows.

    Parameters
    ----------
    name : str
        How messages name the API (``"Census API"``).
    key_hint : str
        What to do about a missing or invalid key (``"set CENSUS_API_KEY"``).
    key_statuses : tuple of int
        HTTP statuses that mean the key was refused (401, 403 for Comtrade).
    redirect_means_key : bool
        A redirect means a missing key (Census sends one to its sign-up page);
        otherwise a redirect points at a wrong address.
    """

    name: str
    key_hint: str
    key_statuses: tuple[int, ...] = ()
    redirect_means_key: bool = True


def check_answer(service: Service, status: int, text: str, location: str = "") -> None:
    """Raise a one-line error for an answer that cannot hold data: refused key, redirect, HTML page, HTTP error.

    Examples
    --------
    >>> census = Service("Census API", "set CENSUS_API_KEY")
    >>> check_answer(census, 302, "", "https://www.census.gov/data/key_signup.html")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: Census API answered a redirect (HTTP 302 to https://www.census.gov/data/key_signup.html), not JSON: the key is missing or invalid (set CENSUS_API_KEY)
    >>> check_answer(census, 200, "<html>sign up</html>")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: Census API answered an HTML page, not JSON: the key is missing or invalid (set CENSUS_API_KEY)
    >>> check_answer(census, 200, "[]") is None
    True
    """
    key = f"the key is missing or invalid ({service.key_hint})"
    if status in service.key_statuses:
        raise UserInputError(f"{service.name} refused the request (HTTP {status}): {key}")
    if 300 <= status < 400:
        where = f" to {location}" if location else ""
        cause = key if service.redirect_means_key else f"check --base-url and {service.key_hint.split()[-1]}"
        raise UserInputError(f"{service.name} answered a redirect (HTTP {status}{where}), not JSON: {cause}")
    if text.lstrip()[:1] == "<":
        cause = key if service.redirect_means_key else f"check --base-url and {service.key_hint.split()[-1]}"
        raise UserInputError(f"{service.name} answered an HTML page, not JSON: {cause}")
    if status >= 400:
        raise UserInputError(f"{service.name} answered HTTP {status}: {' '.join(text.split())[:200] or 'no message'}")


def load_json(service: Service, text: str):
    """Parse an answer's JSON, or raise a one-line error saying where it broke off.

    Examples
    --------
    >>> load_json(Service("Census API", "set CENSUS_API_KEY"), '[["CTY_CODE"], ["58')
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: Census API answer is not valid JSON at character 16 (cut short?)
    """
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f" at character {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise UserInputError(f"{service.name} answer is not valid JSON{where} (cut short?)") from None
