"""Settings for the whole suite.

The suite runs with the cache off: a test that patches the renderer or a
reader must see its patch, not a fragment or a finding an earlier test kept.
The cache's own tests (tests/writers/test_fragment_cache.py,
tests/commands/test_check_cache.py) turn it on, in a folder of theirs.
"""
import os

os.environ["LMS_EXPORT_NO_CACHE"] = "1"
