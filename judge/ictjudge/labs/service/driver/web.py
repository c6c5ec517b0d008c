"""HTTP requests and TCP connections sent from a host (in its network namespace, see
:mod:`.netns`), and the items that judge their replies."""

from __future__ import annotations

import base64
import http.client
import re
import socket
import ssl
from typing import Any
from urllib.parse import urljoin, urlsplit

from ...network.driver.messages import N_, said

TIMEOUT_S = 2.0
MAX_BODY = 1 << 20
REDIRECTS = 5


class Unreachable(Exception):
    """The request got no reply (refused, timed out, TLS failed); the message says why."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def resolve(name: str, names: dict[str, str]) -> str:
    """A lab host's address by its name; an address as it is."""
    if re.match(r"^\d+\.\d+\.\d+\.\d+$", name):
        return name
    if name in names:
        return names[name]
    raise Unreachable(f"unknown host name {name}")


Jar = dict[str, str]  # a cookie jar: name -> value (one lab, no domains or paths)


def fetch(
    check: dict[str, Any], url: str, names: dict[str, str], jar: Jar | None = None
) -> dict[str, Any]:
    """One request (and its redirects, with ``follow``): status, headers and body."""
    for _ in range(REDIRECTS + 1):
        reply = _request(check, url, names, jar)
        location = reply["headers"].get("location")
        if not check.get("follow") or reply["status"] not in (301, 302, 303, 307, 308):
            return reply
        if not location:
            return reply
        url = urljoin(url, location)
    raise Unreachable("too many redirects")


def _request(
    check: dict[str, Any], url: str, names: dict[str, str], jar: Jar | None
) -> dict[str, Any]:
    parts = urlsplit(url)
    timeout = float(check.get("timeout_s") or TIMEOUT_S)
    secure = parts.scheme == "https"
    hostname = parts.hostname or ""
    port = parts.port or (443 if secure else 80)
    try:
        address = resolve(hostname, names)
        sock = socket.create_connection((address, port), timeout=timeout)
        if secure:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            if check.get("ca"):
                context.load_verify_locations(cafile=check["ca"])
                context.check_hostname = True
            else:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            server_name = check.get("sni") or check.get("host") or hostname
            sock = context.wrap_socket(sock, server_hostname=server_name)
        connection = http.client.HTTPConnection(address, port, timeout=timeout)
        connection.sock = sock
        headers = {
            "Host": check.get("host") or parts.netloc,
            "Connection": "close",
            "User-Agent": "ictarena-lab",
        }
        if check.get("auth"):
            user, password = check["auth"]
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        if jar:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request(check.get("method", "GET"), path, _data(check), headers=headers)
        response = connection.getresponse()
        body = response.read(MAX_BODY) if check.get("method") != "HEAD" else b""
        connection.close()
        if jar is not None:
            for header, value in response.getheaders():
                if header.lower() == "set-cookie" and "=" in value:
                    name, _, rest = value.partition("=")
                    jar[name.strip()] = rest.split(";", 1)[0].strip()
    except Unreachable:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise Unreachable(_reason(exc)) from None
    return {
        "status": response.status,
        "headers": {name.lower(): value for name, value in response.getheaders()},
        "body": body.decode("utf-8", "replace"),
    }


def _data(check: dict[str, Any]) -> bytes | None:
    if check.get("data_file"):
        with open(check["data_file"], "rb") as handle:
            return handle.read()
    return check["data"].encode() if check.get("data") is not None else None


def problem(check: dict[str, Any], reply: dict[str, Any], number: int = 0) -> dict[str, Any] | None:
    """Why reply ``number`` (from 0) does not do (a message), or None."""
    status = check.get("status")
    allowed = [status] if isinstance(status, int) else status
    if allowed and reply["status"] not in allowed:
        expected = " or ".join(str(code) for code in allowed)
        return said(
            False,
            N_("status %(got)s, expected %(expected)s"),
            got=reply["status"],
            expected=expected,
        )
    body = reply["body"]
    if check.get("body") is not None and body.rstrip() != check["body"].rstrip():
        return said(
            False, N_("the body differs from the expected one: %(body)s"), body=_excerpt(body)
        )
    for text in check.get("body_contains", []):
        if text not in body:
            return said(
                False, N_("the body lacks %(text)s: %(body)s"), text=repr(text), body=_excerpt(body)
            )
    for text in check.get("body_not_contains", []):
        if text in body:
            return said(False, N_("the body contains %(text)s"), text=repr(text))
    replies = check.get("bodies_regex") or []  # reply i matches the i-th pattern
    patterns = [replies[number]] if number < len(replies) else []
    patterns += [check["body_regex"]] if check.get("body_regex") else []
    for pattern in patterns:
        if re.search(pattern, body) is None:
            return said(
                False,
                N_("the body does not match %(pattern)s: %(body)s"),
                pattern=pattern,
                body=_excerpt(body),
            )
    for name, pattern in (check.get("headers") or {}).items():
        value = reply["headers"].get(name)
        if value is None:
            return said(False, N_("no %(header)s header"), header=name)
        if re.search(pattern, value) is None:
            return said(
                False,
                N_("header %(header)s is %(value)s, expected %(pattern)s"),
                header=name,
                value=repr(value),
                pattern=pattern,
            )
    for name in check.get("headers_absent", []):
        if name.lower() in reply["headers"]:
            return said(False, N_("the reply has a %(header)s header"), header=name)
    return None


def http_item(
    check: dict[str, Any], names: dict[str, str], jar: Jar | None = None
) -> dict[str, Any]:
    """``repeat`` requests, each on a new connection; every reply (or, without ``all``, one)
    must do, and with ``distinct_bodies`` the bodies must differ that often."""
    repeat = int(check.get("repeat", 1))
    bodies: list[str] = []
    first_problem: dict[str, Any] | None = None
    good = 0
    for number in range(repeat):
        try:
            reply = fetch(check, check["url"], names, jar)
        except Unreachable as exc:
            found = said(
                False,
                N_("request %(number)s to %(url)s: %(reason)s"),
                number=number + 1,
                url=check["url"],
                reason=str(exc),
            )
            if check.get("all", True):
                return found
            first_problem = first_problem or found
            continue
        bodies.append(reply["body"].strip())
        wrong = problem(check, reply, number)
        if wrong is None:
            good += 1
        elif check.get("all", True):
            return said(
                False, N_("reply %(number)s: %(problem)s"), number=number + 1, problem=wrong
            )
        else:
            first_problem = first_problem or wrong
    if good == 0:
        return first_problem or said(False, N_("no reply"))
    wanted = check.get("distinct_bodies")
    if wanted is not None and len(set(bodies)) < wanted:
        shown = "; ".join(_excerpt(b, 60) for b in sorted(set(bodies))) or "-"
        return said(
            False,
            N_(
                "%(count)s different replies in %(repeat)s requests, at least "
                "%(wanted)s expected: %(bodies)s"
            ),
            count=len(set(bodies)),
            repeat=repeat,
            wanted=wanted,
            bodies=shown,
        )
    if repeat == 1:
        return said(True, N_("status %(status)s"), status=reply["status"])
    return said(True, N_("%(good)s of %(repeat)s replies as expected"), good=good, repeat=repeat)


def tcp_item(check: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    target = f"{check['to']}:{check['port']}"
    try:
        address = resolve(check["to"], names)
        with socket.create_connection((address, int(check["port"])), timeout=2.0):
            is_open, reason = True, ""
    except Unreachable as exc:
        return said(False, "%(reason)s", reason=str(exc))
    except OSError as exc:
        is_open, reason = False, _reason(exc)
    if is_open:
        key = (
            N_("%(target)s accepts connections")
            if check.get("open", True)
            else N_("%(target)s accepts connections, but it should not")
        )
        return said(bool(check.get("open", True)), key, target=target)
    return said(
        not check.get("open", True),
        N_("%(target)s does not accept connections: %(reason)s"),
        target=target,
        reason=reason,
    )


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")
