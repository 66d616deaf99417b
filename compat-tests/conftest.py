import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ember_spark import spark_session  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--jar", action="store", required=True, help="the Ember plugin jar")


@pytest.fixture(scope="session")
def jar(request):
    path = os.path.abspath(request.config.getoption("--jar"))
    if not os.path.exists(path):
        pytest.fail(f"Ember jar not found: {path} (run `make jar`)")
    return path


@pytest.fixture(scope="session")
def spark(jar):
    session = spark_session(jar, app_name="ember-e2e")
    yield session
    session.stop()


@pytest.fixture
def ember(spark):
    """Runs a test with Ember on, and puts the session back as it was."""
    spark.conf.set("spark.ember.enabled", "true")
    yield spark
    spark.conf.set("spark.ember.enabled", "true")
