"""MQTT clients sent from a host (paho-mqtt, in the host's network namespace, see
:mod:`.netns`), and the items that judge what the broker does: connections, publications seen
by an observer, subscriptions, a device's telemetry, and a replayed sensor trace."""

from __future__ import annotations

import itertools
import json
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho

from ...network.driver.messages import N_, said
from .telemetry import Message, compare, judge_stream, short, wanted
from .web import Unreachable, _reason, resolve

CONNECT_S = 3.0
STEP_S = 0.02
_ids = itertools.count(1)


@dataclass
class Session:
    """One client and what happened to it."""

    client: paho.Client
    connack: int | None = None
    closed: bool = False
    granted: list[int] | None = None
    messages: list[Message] = field(default_factory=list)

    def pump(self, seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until():
                return True
            if self.closed:
                return until()
            self.client.loop(timeout=STEP_S)
        return until()

    def close(self) -> None:
        try:
            self.client.disconnect()
            self.client.loop(timeout=STEP_S)
        except (OSError, ValueError):
            pass


def pump_all(sessions: list[Session], seconds: float, until: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until():
            return True
        for session in sessions:
            if not session.closed:
                session.client.loop(timeout=STEP_S / len(sessions))
    return until()


def _address(check: dict[str, Any], names: dict[str, str]) -> tuple[str, int]:
    host, _, port = check["broker"].partition(":")
    default = 8883 if check.get("ca") else 1883
    return resolve(host, names), int(port or default)


def connect(
    check: dict[str, Any],
    names: dict[str, str],
    user: str | None,
    password: str | None,
    client_id: str | None = None,
) -> Session:
    """A client connected as ``user`` (or refused: ``connack`` says); raises Unreachable when
    the broker cannot be reached at all."""
    name = client_id or f"ictarena-{next(_ids)}-{int(time.monotonic() * 1000) % 100000}"
    client = paho.Client(client_id=name, clean_session=True, protocol=paho.MQTTv311)
    session = Session(client)
    if user is not None:
        client.username_pw_set(user, password)
    if check.get("ca"):
        client.tls_set(ca_certs=check["ca"], cert_reqs=ssl.CERT_REQUIRED)
        client.tls_insecure_set(True)  # the chain is verified, not the name (brokers by address)

    def on_connect(_c: Any, _u: Any, _flags: Any, rc: int) -> None:
        session.connack = rc

    def on_disconnect(_c: Any, _u: Any, _rc: int) -> None:
        session.closed = True

    def on_subscribe(_c: Any, _u: Any, _mid: int, granted: Any) -> None:
        session.granted = list(granted)

    def on_message(_c: Any, _u: Any, msg: Any) -> None:
        payload = bytes(msg.payload).decode("utf-8", "replace")
        session.messages.append(
            Message(msg.topic, payload, int(msg.qos), bool(msg.retain), time.monotonic())
        )

    client.on_connect = on_connect
    client.on_disconnect = on_disconnect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    host, port = _address(check, names)
    try:
        client.connect(host, port, keepalive=30)
    except (OSError, ValueError) as exc:
        raise Unreachable(f"{check['broker']}: {_reason(exc)}") from None
    session.pump(CONNECT_S, lambda: session.connack is not None)
    return session


def _refusal(session: Session) -> str:
    codes = {
        1: "unacceptable protocol version",
        2: "client identifier rejected",
        3: "server unavailable",
        4: "bad user name or password",
        5: "not authorised",
    }
    if session.connack is None:
        return "no CONNACK (the broker closed the connection)" if session.closed else "no CONNACK"
    return codes.get(session.connack, f"code {session.connack}")


def _who(user: str | None) -> str:
    return user if user is not None else "anonymous"


def mqtt_item(check: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    try:
        return _exchange(check, names)
    except Unreachable as exc:
        return said(False, N_("cannot reach the broker: %(reason)s"), reason=str(exc))


def _exchange(check: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    user, password = check.get("user"), check.get("password")
    expect = check["expect"]
    main = connect(check, names, user, password, check.get("client_id"))
    try:
        if main.connack is None:  # no CONNACK: never a refusal; the check fails with the reason
            return said(
                False,
                N_("%(user)s got no answer from the broker: %(reason)s"),
                user=_who(user),
                reason=_refusal(main),
            )
        connected = main.connack == 0
        if expect in ("connected", "refused"):
            if connected:
                key = N_("%(user)s connected")
                return said(expect == "connected", key, user=_who(user))
            return said(
                expect == "refused",
                N_("%(user)s was refused: %(reason)s"),
                user=_who(user),
                reason=_refusal(main),
            )
        if not connected:
            return said(
                False,
                N_("%(user)s could not connect: %(reason)s"),
                user=_who(user),
                reason=_refusal(main),
            )
        if check.get("subscribe"):
            return _subscription(check, main)
        return _publication(check, names, main)
    finally:
        main.close()


def _subscription(check: dict[str, Any], session: Session) -> dict[str, Any]:
    asked = check["subscribe"]
    expect = check["expect"]
    session.client.subscribe(asked["topic"], int(asked.get("qos", 0)))
    session.pump(CONNECT_S, lambda: session.granted is not None)
    if session.granted is None:
        return said(False, N_("no SUBACK for %(topic)s"), topic=asked["topic"])
    denied = any(code >= 0x80 for code in session.granted)
    if expect in ("granted", "denied"):
        if denied:
            return said(
                expect == "denied",
                N_("the subscription to %(topic)s was refused"),
                topic=asked["topic"],
            )
        return said(
            expect == "granted",
            N_("the subscription to %(topic)s was granted"),
            topic=asked["topic"],
        )
    if denied and expect == "received":
        return said(False, N_("the subscription to %(topic)s was refused"), topic=asked["topic"])
    publish = check.get("publish")
    if publish:
        session.client.publish(
            publish["topic"],
            publish.get("payload", ""),
            int(publish.get("qos", 0)),
            bool(publish.get("retain", False)),
        )

    def matching() -> list[Message]:
        return [m for m in session.messages if wanted(check, m)]

    session.pump(float(check.get("wait_s", 1.5)), lambda: bool(matching()))
    found = matching()
    if found:
        first = found[0]
        return said(
            expect == "received",
            N_("received %(payload)s on %(topic)s"),
            payload=short(first.payload),
            topic=first.topic,
        )
    others = session.messages
    if others:
        return said(
            expect == "nothing",
            N_("%(count)s message(s), none as expected: %(payload)s"),
            count=len(others),
            payload=short(others[0].payload),
        )
    return said(
        expect == "nothing",
        N_("nothing arrived in %(seconds)s s"),
        seconds=f"{float(check.get('wait_s', 1.5)):g}",
    )


def _publication(
    check: dict[str, Any], names: dict[str, str], publisher: Session
) -> dict[str, Any]:
    publish = check["publish"]
    observe = check.get("observe") or {}
    topic = observe.get("topic") or publish["topic"]
    qos = int(publish.get("qos", 0))
    watcher_user = observe.get("user", check.get("user"))
    watcher_password = observe.get("password", check.get("password"))
    where = dict(check)
    if observe.get("broker"):
        where.update(broker=observe["broker"], ca=observe.get("ca"))
    watcher = connect(where, names, watcher_user, watcher_password, observe.get("client_id"))
    try:
        if watcher.connack != 0:
            return said(
                False,
                N_("the observer (%(user)s) could not connect: %(reason)s"),
                user=_who(watcher_user),
                reason=_refusal(watcher),
            )
        watcher.client.subscribe(topic, qos)
        watcher.pump(CONNECT_S, lambda: watcher.granted is not None)
        if not watcher.granted or any(code >= 0x80 for code in watcher.granted):
            return said(
                False,
                N_("the observer (%(user)s) could not subscribe to %(topic)s"),
                user=_who(watcher_user),
                topic=topic,
            )
        payload = publish.get("payload", "")
        publisher.client.publish(publish["topic"], payload, qos, bool(publish.get("retain")))

        def seen() -> bool:
            return any(not m.retained and m.payload == payload for m in watcher.messages)

        arrived = pump_all([publisher, watcher], float(check.get("wait_s", 1.5)), seen)
    finally:
        watcher.close()
    if arrived:
        return said(
            check["expect"] == "delivered",
            N_("the message on %(topic)s was delivered"),
            topic=publish["topic"],
        )
    return said(
        check["expect"] == "dropped",
        N_("the message on %(topic)s did not arrive"),
        topic=publish["topic"],
    )


def stream_item(check: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Subscribe for ``duration_s`` and judge the live messages seen."""
    try:
        session = connect(
            check, names, check.get("user"), check.get("password"), check.get("client_id")
        )
    except Unreachable as exc:
        return said(False, N_("cannot reach the broker: %(reason)s"), reason=str(exc))
    try:
        if session.connack != 0:
            return said(
                False,
                N_("%(user)s could not connect: %(reason)s"),
                user=_who(check.get("user")),
                reason=_refusal(session),
            )
        session.client.subscribe(check["topic"], int(check.get("qos", 0)))
        session.pump(CONNECT_S, lambda: session.granted is not None)
        if not session.granted or any(code >= 0x80 for code in session.granted):
            return said(
                False, N_("the subscription to %(topic)s was refused"), topic=check["topic"]
            )
        session.pump(float(check["duration_s"]))
    finally:
        session.close()
    return judge_stream(check, [m for m in session.messages if not m.retained])


def replay_item(check: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Publish a trace, collect what arrives on ``collect``, compare with the expected list."""
    trace = _lines(check["trace"])
    expected = _lines(check["expect"])
    try:
        collector = connect(
            check, names, check.get("user"), check.get("password"), check.get("client_id")
        )
        sender = connect(check, names, check.get("user"), check.get("password"))
    except Unreachable as exc:
        return said(False, N_("cannot reach the broker: %(reason)s"), reason=str(exc))
    try:
        for session in (collector, sender):
            if session.connack != 0:
                return said(
                    False,
                    N_("%(user)s could not connect: %(reason)s"),
                    user=_who(check.get("user")),
                    reason=_refusal(session),
                )
        collector.client.subscribe(check["collect"], 1)
        collector.pump(CONNECT_S, lambda: collector.granted is not None)
        if not collector.granted or any(code >= 0x80 for code in collector.granted):
            return said(
                False, N_("the subscription to %(topic)s was refused"), topic=check["collect"]
            )
        for line in trace:
            delay = float(line.get("delay_s", 0) or 0)
            if delay:
                pump_all([collector, sender], delay, lambda: False)
            payload = line.get("payload", "")
            text = payload if isinstance(payload, str) else json.dumps(payload)
            sender.client.publish(str(line["topic"]), text, int(line.get("qos", 0)))
            sender.client.loop(timeout=STEP_S)
        pump_all([collector, sender], float(check.get("wait_s", 2)), lambda: False)
    finally:
        collector.close()
        sender.close()
    got = [m for m in collector.messages if not m.retained]
    return compare(expected, got)


def _lines(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
