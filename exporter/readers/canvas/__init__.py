"""The Canvas reader: Canvas's quiz and course exports (QTI 1.2 in Canvas's dialect).

``reader.read`` is what the registry calls; ``sniff.sniff`` recognises a
package or a bare ``questestinterop`` file from its opening bytes. A zip is
opened by :mod:`exporter.readers.package` and dispatched by
:mod:`exporter.readers.manifest`; ``export`` reads quizzes and banks,
``items`` one question, ``texts`` its HTML.
"""
