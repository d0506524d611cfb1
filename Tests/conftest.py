"""What the Python suites share: each runs on both stores (district.md, "the same output on
both"), a file and a town of the test server that JIEDUI_TEST_PG names. Without a server the
server's runs are skipped, unless JIEDUI_REQUIRE_PG=1 (as in CI), when they fail instead."""
import os
import uuid

import pytest

SERVER = os.environ.get("JIEDUI_TEST_PG") or None
REQUIRE_SERVER = os.environ.get("JIEDUI_REQUIRE_PG") == "1"


def fresh_town():
    """The URL of a town of the test server that no other test uses."""
    return SERVER + ("&" if "?" in SERVER else "?") + "town=t_" + uuid.uuid4().hex[:13]


@pytest.fixture(params=["file", "server"])
def store(request):
    """Which store a test runs on."""
    if request.param == "server" and not SERVER:
        if REQUIRE_SERVER:
            pytest.fail("JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server")
        pytest.skip("JIEDUI_TEST_PG names no server")
    return request.param


def database(store, folder, name="town.db"):
    """Where a test's town lives: a file in its folder, or a new town on the server."""
    return os.path.join(folder, name) if store == "file" else fresh_town()
