"""Shared test set-up: office tests are marked. Helpers live in `tests.helpers`."""

import pytest

OFFICE_FIXTURES = frozenset({"page", "soffice"})
"""Fixtures that start Chromium or LibreOffice: a test that uses one is marked `office`."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse an unmarked test that needs Chromium or LibreOffice, so that
    ``pytest -m "not office"`` keeps working on a machine without them."""
    for item in items:
        used = OFFICE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if used and item.get_closest_marker("office") is None:
            raise pytest.UsageError(f"{item.nodeid} uses {', '.join(sorted(used))}: mark it office")
