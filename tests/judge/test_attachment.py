"""A container's attached stream lives as long as the host uses it.

docker-py attaches over an HTTP connection and hands back its socket; the HTTP response that
connection belongs to is reachable only from what it hands back. When the response is freed,
its finaliser may close the connection, and the socket with it (the first test shows the
closing; whether the finaliser gets there depends on the order in which the garbage collector
finalises the objects of a cycle). The judge once kept the bare socket, and now and then read
from a closed file descriptor in the middle of a judging. The host now keeps the response with
the socket, and closes both when it is done.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import docker.api.client
import pytest

from ictjudge.containers import Attachment, create, remove
from ictjudge.sandbox import DEFAULT_IMAGE, Sandbox, SandboxConfig

pytestmark = pytest.mark.docker


@pytest.fixture
def attach_responses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[weakref.ref[Any]]]:
    """Weak references to the urllib3 response of every attach request made meanwhile."""
    seen: list[weakref.ref[Any]] = []
    original = docker.api.client.APIClient._get_raw_response_socket

    def recording(self: Any, response: Any) -> Any:
        seen.append(weakref.ref(response.raw))
        return original(self, response)

    monkeypatch.setattr(docker.api.client.APIClient, "_get_raw_response_socket", recording)
    yield seen


def test_closing_the_attach_response_closes_the_socket(docker_client: Any) -> None:
    """The hazard: the response, closed (as its finaliser may), takes the socket with it."""
    container = create(docker_client, DEFAULT_IMAGE, "run", detach=True)
    attachment = Attachment(container)
    try:
        attachment._raw._response.raw.close()
        assert attachment.sock.fileno() == -1
    finally:
        attachment.close()
        remove(container)


def test_a_sandbox_keeps_its_attach_response_until_it_closes(
    docker_client: Any, attach_responses: list[weakref.ref[Any]]
) -> None:
    box = Sandbox(docker_client, SandboxConfig(), memory_mb=64, pids=16)
    try:
        box.start()
        [response] = attach_responses
        gc.collect()
        assert response() is not None, "the attach response was freed while the sandbox runs"
        assert not response().closed
        box.write("note.txt", b"still here\n")
        assert box.read("note.txt", 100) == (b"still here\n", 11)
    finally:
        box.close()
    assert response() is None or response().closed


def test_closing_an_attachment_closes_its_socket_and_its_response(docker_client: Any) -> None:
    container = create(docker_client, DEFAULT_IMAGE, "run", detach=True)
    try:
        attachment = Attachment(container)
        response = attachment._raw._response.raw
        attachment.close()
        assert attachment.sock.fileno() == -1
        assert response.closed
    finally:
        remove(container)
