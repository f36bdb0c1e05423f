"""Settings for the whole suite.

The suite runs with the fragment cache off: a test that patches the renderer
must see its patch, not a fragment an earlier test kept. The cache's own
tests (tests/writers/test_fragment_cache.py) turn it on, in a folder of theirs.
"""
import os

os.environ["LMS_EXPORT_NO_CACHE"] = "1"
