"""Uploads through urllib.request and requests with the package installed
as ``http.client``; run by test_uploads_installed.py in a fresh interpreter.

Each server reads the request's head and answers before taking the body:
413 after the first MiB of a 64 MiB body, then a close with the rest
unread (a reset), or 417 to ``Expect: 100-continue`` at once.  Prints, as
JSON, what each client made of the answer.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpclient_compat

httpclient_compat.install()

import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

import requests  # noqa: E402

BIG = b"x" * (64 << 20)
ANSWERS = {
    "413": b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 7\r\nConnection: close\r\n\r\n"
    b"too big",
    "417": b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 7\r\n\r\nrefused",
}


def _serve(mode: str, received: list[int]) -> str:
    """One connection on 127.0.0.1; its URL.  *received* gets the count of
    body bytes that arrived."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        conn, _ = listener.accept()
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        got = len(data.split(b"\r\n\r\n", 1)[1])
        while mode == "413" and got < (1 << 20):
            got += len(conn.recv(65536))
        conn.sendall(ANSWERS[mode])
        if mode == "417":  # long enough for a body sent anyway to arrive
            time.sleep(0.3)
            conn.setblocking(False)
            try:
                while chunk := conn.recv(1 << 20):
                    got += len(chunk)
            except BlockingIOError:
                pass
        received.append(got)
        conn.close()
        listener.close()

    threading.Thread(target=run).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/up"


def _urllib(mode: str) -> dict[str, Any]:
    received: list[int] = []
    headers = {"Expect": "100-continue"} if mode == "417" else {}
    request = urllib.request.Request(_serve(mode, received), BIG, headers, method="PUT")
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as exc:
        return {"status": exc.code, "body": exc.read().decode(), "received": received}
    return {"status": "no error"}


def _requests(mode: str) -> dict[str, Any]:
    received: list[int] = []
    headers = {"Expect": "100-continue"} if mode == "417" else {}
    response = requests.put(_serve(mode, received), data=BIG, headers=headers, timeout=10)
    return {"status": response.status_code, "body": response.text}


def main() -> None:
    print(json.dumps({
        "urllib 413": _urllib("413"),
        "urllib 417": _urllib("417"),
        "requests 413": _requests("413"),
        "requests 417": _requests("417"),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
