import math

import pytest
from hypothesis import given, strategies as st

from miftah.wordpress.phpserialize import PhpSerializeError, is_serialized, loads, maybe_unserialize

VALID = [
    ("N;", None),
    ("b:1;", True),
    ("b:0;", False),
    ("i:-42;", -42),
    ("d:0.5;", 0.5),
    ("d:-1.5E+25;", -1.5e25),
    ('s:0:"";', ""),
    ('s:10:"مرحبا";', "مرحبا"),                      # 5 Arabic letters = 10 bytes
    ('s:4:"😀";', "😀"),
    ('s:5:"a"b;c";', 'a"b;c'),                       # quotes and ; inside counted bytes
    ('a:2:{i:0;s:1:"x";i:1;s:1:"y";}', {0: "x", 1: "y"}),
    ('a:1:{s:3:"key";a:2:{s:3:"foo";s:13:"¯\\_(ツ)_/¯";s:3:"bar";s:3:"\\o/";}}',
     {"key": {"foo": "¯\\_(ツ)_/¯", "bar": "\\o/"}}),
    ('O:8:"stdClass":2:{s:1:"a";i:1;s:4:"\0*\0b";b:0;}', {"__class__": "stdClass", "a": 1, "b": False}),
    ('O:4:"Post":1:{s:10:"\0Post\0body";s:2:"hi";}', {"__class__": "Post", "body": "hi"}),
]

INVALID = [
    "",
    "hello",
    's:3:"ab";',                  # length too long
    's:1:"ab";',                  # length too short
    's:2:"مرحبا";',               # characters counted instead of bytes
    "i:12",                       # missing ;
    "i:1.5;",
    "b:2;",
    "a:2:{i:0;s:1:\"x\";}",       # fewer members than declared
    "a:99999999:{}",              # count larger than input
    'a:1:{d:1.5;i:1;}',           # float key
    'i:1;i:2;',                   # trailing data
    'r:1;',                       # references are unsupported
    'C:3:"Foo":0:{}',             # custom serialisation is unsupported
    'S:1:"\\61";',
    "a:1:{" * 100 + "i:0;N;" + "}" * 100,  # deeper than MAX_DEPTH
]


@pytest.mark.parametrize("text, expected", VALID)
def test_loads_valid(text, expected):
    assert loads(text) == expected
    assert loads(text.encode("utf-8")) == expected


@pytest.mark.parametrize("text", INVALID)
def test_loads_invalid_raises(text):
    with pytest.raises(PhpSerializeError):
        loads(text)


def test_special_floats():
    assert loads("d:INF;") == math.inf
    assert loads("d:-INF;") == -math.inf
    assert math.isnan(loads("d:NAN;"))


def test_maybe_unserialize_keeps_raw_on_failure():
    assert maybe_unserialize('a:1:{s:12:"too short";i:1;}') == ('a:1:{s:12:"too short";i:1;}', False)
    assert maybe_unserialize("plain text") == ("plain text", False)
    assert maybe_unserialize("i:5;") == (5, True)
    assert is_serialized('a:0:{}') and not is_serialized("a:0")


def _php_serialize(value):
    """A tiny reference serialiser to drive the round-trip property."""
    if value is None:
        return "N;"
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8"))}:"{value}";'
    body = "".join(_php_serialize(k) + _php_serialize(v) for k, v in value.items())
    return f"a:{len(value)}:{{{body}}}"


scalars = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text()
values = st.recursive(scalars, lambda inner: st.dictionaries(st.integers(0, 50) | st.text(max_size=8), inner,
                                                             max_size=5), max_leaves=20)


@given(values)
def test_round_trip_property(value):
    assert loads(_php_serialize(value)) == value


@given(st.binary(max_size=60))
def test_garbage_never_raises_anything_else(data):
    try:
        loads(data)
    except PhpSerializeError:
        pass
