"""Request bodies against a real ``marsad serve``: the token is checked before a body is read, and a body
past its limit is refused with 413 (the memory this saves is measured by the red-team check r02)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import free_port
from marsad.storage import Store

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

TOKEN = "limits-token-42"
LIMIT_MB = 1
HUGE = 100 * 2**20  # declared, never sent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("limits") / "limits.db"
    Store(db).close()  # an empty marsad database (serve makes none)
    port = free_port()
    env = {**os.environ, "MARSAD_MAX_BODY_MB": str(LIMIT_MB)}
    env.pop("MARSAD_WRITE_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port),
                             "--write-token", TOKEN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/openapi.json", timeout=5)
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read().decode()
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def _exchange(port: int, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request head and part of a body; the status line and answer the server gives."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer.split(b"\r\n\r\n", 1)[-1]


def _head(path: str, *, length: int | None = None, token: str | None = None) -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: localhost", "Content-Type: application/json"]
    lines += [f"Content-Length: {length}"] if length is not None else ["Transfer-Encoding: chunked"]
    lines += [f"Authorization: Bearer {token}"] if token else []
    return "\r\n".join(lines) + "\r\n"


def test_a_post_without_the_token_is_refused_before_its_body_is_read(server):
    # 100 MB announced, 1 KB sent: only a server that does not wait for the body can answer
    status, answer = _exchange(server, _head("/api/documents", length=HUGE), b'{"text": "' + b"x" * 1024)
    assert status == 401 and b"write token" in answer


def test_a_body_announced_past_the_limit_is_refused_before_it_is_read(server):
    status, answer = _exchange(server, _head("/api/documents", length=HUGE, token=TOKEN), b'{"text": "')
    assert status == 413 and f"limit of {LIMIT_MB} MiB".encode() in answer


def test_a_streamed_body_past_the_limit_is_refused(server):
    size = LIMIT_MB * 2**20 + 1  # no Content-Length: the limit is counted as the body arrives
    payload = b'{"text": "' + b"x" * (size - 12) + b'"}'
    chunks = b"".join(f"{len(payload[i:i + 65536]):x}\r\n".encode() + payload[i:i + 65536] + b"\r\n"
                      for i in range(0, len(payload), 65536)) + b"0\r\n\r\n"
    status, answer = _exchange(server, _head("/api/documents", token=TOKEN), chunks)
    assert status == 413 and b"larger than the limit" in answer


def test_a_review_body_has_a_small_limit(server):
    status, _ = _exchange(server, _head("/api/events/any/review", length=10 * 2**20, token=TOKEN), b"{")
    assert status == 413


def test_a_body_within_the_limit_is_stored(server):
    body = b'{"id": "small", "text": "Clashes in Daraa\\n\\nClashes broke out in Daraa al-Balad on Monday."}'
    status, answer = _exchange(server, _head("/api/documents", length=len(body), token=TOKEN), body)
    assert status == 201 and b'"new":1' in answer
