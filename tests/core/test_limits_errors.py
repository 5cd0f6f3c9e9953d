"""Limits default to http.client's bounds and refuse nonsense; the core's
errors carry a stable kind and the arguments the shell needs."""

from __future__ import annotations

import dataclasses
import http.client

import pytest

from httpclient_compat._core import (
    DEFAULT_LIMITS,
    ErrorKind,
    IncompleteBody,
    Limits,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
)

LIMIT_NAMES = ["max_line", "max_headers", "max_interim", "max_trailers", "read_size"]

# -- limits ------------------------------------------------------------------------


def test_default_line_and_header_limits_are_the_stdlib_constants() -> None:
    stdlib = vars(http.client)
    assert DEFAULT_LIMITS.max_line == stdlib["_MAXLINE"] == 65536
    assert DEFAULT_LIMITS.max_headers == stdlib["_MAXHEADERS"] == 100


def test_default_interim_trailer_and_read_limits_are_gh_150743_and_gh_119451() -> None:
    assert DEFAULT_LIMITS.max_interim == 100
    assert DEFAULT_LIMITS.max_trailers == 100
    assert DEFAULT_LIMITS.read_size == 1 << 20
    # 3.11.7 has no _MIN_READ_BUF_SIZE; where it exists, it is the same 1 MiB.
    assert vars(http.client).get("_MIN_READ_BUF_SIZE", 1 << 20) == DEFAULT_LIMITS.read_size


def test_limits_without_arguments_are_the_defaults() -> None:
    assert Limits() == DEFAULT_LIMITS


@pytest.mark.parametrize("name", LIMIT_NAMES)
def test_each_limit_can_be_set_alone(name: str) -> None:
    limits = Limits(**{name: 7})
    assert getattr(limits, name) == 7
    others = {other: getattr(limits, other) for other in LIMIT_NAMES if other != name}
    assert others == {other: getattr(DEFAULT_LIMITS, other) for other in others}


@pytest.mark.parametrize("name", LIMIT_NAMES)
@pytest.mark.parametrize("value", [0, -1, 1.5, 1.0, True, False, "5", None])
def test_a_limit_that_is_not_a_positive_int_is_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError) as info:
        Limits(**{name: value})  # type: ignore[arg-type]  # the point is the wrong type
    assert str(info.value) == f"{name} must be a positive int, got {value!r}"


def test_a_limit_of_one_is_the_smallest_accepted() -> None:
    limits = Limits(1, 1, 1, 1, 1)
    assert [getattr(limits, name) for name in LIMIT_NAMES] == [1] * 5


def test_limits_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.max_line = 1  # type: ignore[misc]  # the point is that it fails


def test_equal_limits_compare_and_hash_equal() -> None:
    assert Limits(max_line=10) == Limits(max_line=10)
    assert hash(Limits(max_line=10)) == hash(Limits(max_line=10))
    assert Limits(max_line=10) != Limits(max_line=11)


# -- errors ------------------------------------------------------------------------


def test_every_error_kind_has_a_distinct_value() -> None:
    values = [kind.value for kind in ErrorKind.__members__.values()]
    assert len(values) == len(set(values))
    assert "" not in values


def test_error_kinds_are_looked_up_by_value() -> None:
    for kind in ErrorKind:
        assert ErrorKind(kind.value) is kind


@pytest.mark.parametrize("error_class", [ProtocolError, LocalProtocolError, RemoteProtocolError])
def test_a_protocol_error_keeps_its_kind_and_args(error_class: type[ProtocolError]) -> None:
    error = error_class(ErrorKind.BAD_STATE, "Idle", "getresponse")
    assert error.kind is ErrorKind.BAD_STATE
    assert error.args == ("Idle", "getresponse")
    assert isinstance(error, ProtocolError)
    assert isinstance(error, Exception)


def test_a_protocol_error_with_one_argument_reads_as_that_argument() -> None:
    error = LocalProtocolError(ErrorKind.INVALID_URL, "URL can't contain control characters.")
    assert str(error) == "URL can't contain control characters."


def test_a_protocol_error_without_arguments_reads_empty() -> None:
    error = RemoteProtocolError(ErrorKind.NO_RESPONSE)
    assert error.args == ()
    assert str(error) == ""
    assert repr(error).startswith("RemoteProtocolError(NO_RESPONSE")


def test_a_protocol_error_repr_names_class_kind_and_args() -> None:
    error = LocalProtocolError(ErrorKind.BAD_STATE, "Idle", "getresponse")
    assert repr(error) == "LocalProtocolError(BAD_STATE, 'Idle', 'getresponse')"
    line = RemoteProtocolError(ErrorKind.BAD_CHUNK_END, b"xx\r\n")
    assert repr(line) == "RemoteProtocolError(BAD_CHUNK_END, b'xx\\r\\n')"


def test_local_and_remote_errors_are_distinct_branches() -> None:
    assert not issubclass(LocalProtocolError, RemoteProtocolError)
    assert not issubclass(RemoteProtocolError, LocalProtocolError)


def test_incomplete_body_says_what_arrived_and_what_was_expected() -> None:
    error = IncompleteBody(5, 3)
    assert (error.received, error.expected) == (5, 3)
    assert error.kind is ErrorKind.INCOMPLETE_BODY
    assert error.args == (5, 3)
    assert isinstance(error, RemoteProtocolError)
    assert repr(error) == "IncompleteBody(INCOMPLETE_BODY, 5, 3)"


def test_incomplete_body_may_expect_nothing_more_in_particular() -> None:
    error = IncompleteBody(0, None)
    assert (error.received, error.expected) == (0, None)
    assert error.args == (0, None)


def test_a_core_error_can_be_caught_as_its_base() -> None:
    with pytest.raises(ProtocolError) as info:
        raise IncompleteBody(1, 2)
    assert info.value.kind is ErrorKind.INCOMPLETE_BODY
