"""HTTPS over loopback with trustme certificates: trust, refusal and the opt-out recipe."""

from __future__ import annotations

import ssl

import pytest

import httpclient_compat as client

from .servers import TIMEOUT, TLS, Peer, RawServer


def _serve_tls(peer: Peer, server: RawServer) -> None:
    """Answer each request with the ALPN protocol the handshake chose."""
    assert isinstance(peer.sock, ssl.SSLSocket)
    while (request := peer.read_request()) is not None:
        body = b"%s %s alpn=%s" % (
            request.method.encode(),
            request.target.encode(),
            str(peer.sock.selected_alpn_protocol()).encode(),
        )
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def test_https_with_a_context_trusting_the_test_ca_verifies_and_reuses_the_connection(
    tls: TLS,
) -> None:
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        conn = client.HTTPSConnection(
            "127.0.0.1", server.port, timeout=TIMEOUT, context=tls.client_context
        )
        try:
            for path in ("/one", "/two"):
                conn.request("GET", path)
                assert conn.getresponse().read() == b"GET %s alpn=None" % path.encode()
            assert isinstance(conn.sock, ssl.SSLSocket)
            certificate = conn.sock.getpeercert()
            assert certificate is not None
            assert ("IP Address", "127.0.0.1") in certificate["subjectAltName"]
        finally:
            conn.close()
    assert server.connections == 1


def test_https_with_the_default_context_refuses_a_certificate_it_cannot_verify(
    tls: TLS,
) -> None:
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        conn = client.HTTPSConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            with pytest.raises(ssl.SSLCertVerificationError):
                conn.request("GET", "/")
        finally:
            conn.close()
    assert server.connections == 0
    assert len(server.handshake_errors) == 1


def test_the_unverified_context_recipe_is_honoured_at_construction(
    tls: TLS, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PEP 476's opt-out replaces ``ssl._create_default_https_context``."""
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        built_before = client.HTTPSConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        monkeypatch.setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
        conn = client.HTTPSConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            assert conn._context.verify_mode == ssl.CERT_NONE
            conn.request("GET", "/unverified")
            assert conn.getresponse().read() == b"GET /unverified alpn=http/1.1"
            with pytest.raises(ssl.SSLCertVerificationError):
                built_before.request("GET", "/")
        finally:
            conn.close()
            built_before.close()


def test_the_default_context_offers_alpn_http_1_1(
    tls: TLS, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default context is the stdlib's: the default factory, ALPN, PHA."""

    def trusting_default_context() -> ssl.SSLContext:
        context = ssl.create_default_context()
        tls.ca.configure_trust(context)
        return context

    monkeypatch.setattr(ssl, "_create_default_https_context", trusting_default_context)
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        conn = client.HTTPSConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            assert conn._context.post_handshake_auth is True
            conn.request("GET", "/")
            assert conn.getresponse().read() == b"GET / alpn=http/1.1"
        finally:
            conn.close()


def test_a_client_certificate_given_as_legacy_files_is_presented_with_a_warning(
    tls: TLS, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """3.11 keeps ``key_file``/``cert_file`` with a DeprecationWarning."""
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_context)
    tls.ca.configure_trust(server_context)
    server_context.verify_mode = ssl.CERT_REQUIRED
    client_cert = tls.ca.issue_cert("client@example.test")
    directory = tmp_path_factory.mktemp("client-cert")
    key_file, cert_file = directory / "key.pem", directory / "cert.pem"
    client_cert.private_key_pem.write_to_path(str(key_file))
    client_cert.cert_chain_pems[0].write_to_path(str(cert_file))
    context = ssl.create_default_context()
    tls.ca.configure_trust(context)

    def who(peer: Peer, server: RawServer) -> None:
        assert isinstance(peer.sock, ssl.SSLSocket)
        assert peer.read_request() is not None
        body = repr(peer.sock.getpeercert()).encode()
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    with RawServer(who, tls=server_context) as server:
        with pytest.warns(DeprecationWarning, match="key_file, cert_file"):
            conn = client.HTTPSConnection(
                "127.0.0.1", server.port, key_file=str(key_file), cert_file=str(cert_file),
                context=context, timeout=TIMEOUT,
            )  # fmt: skip
        try:
            conn.request("GET", "/")
            assert b"client@example.test" in conn.getresponse().read()
        finally:
            conn.close()
