"""Rendering shared by every writer: Markdown to safe HTML, once per quiz.

renderer.py renders and collects files, targets.py holds every per-target
choice (math, XHTML, where files go), mathspans.py cuts math and code out
before Markdown sees them, images.py resolves and recognises images. Import
the module you need: this package imports nothing, so a `check` never loads
Markdown or pygments.
"""
