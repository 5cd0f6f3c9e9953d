"""The blocking shell: ``http.client``'s classes and call patterns over the core.

Owns sockets, files, TLS and the stdlib's object model; decides nothing
about HTTP (it asks :mod:`httpclient_compat._core`).  Imports point inward
only: the package namespace imports this, this imports the core.
"""
