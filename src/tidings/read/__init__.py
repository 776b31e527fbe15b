"""Read stage: any article (flattened text, HTML, JSONL dump, WARC) -> clean :class:`Article`.

Public functions: :func:`read` for one article, :func:`read_paths` for batches and
:func:`read_record` for one dump record (also used for Parquet rows by the Spark job).
Modules: ``sources`` (expand/sniff/batch), ``detect`` (format, binary, encoding), ``text``
(flattened text: the role passes) over ``lines`` (lines and their features), ``junk`` (the
learned junk-line model), ``markup`` (front matter, scrape records, markdown, HTML fragments),
``text_meta`` (what a flattened page declares) and ``line_fields`` (tag rows, credit lines),
``wire`` (wire datelines), ``titles`` (title forms without the site name), ``html``
(trafilatura + metadata), ``dates`` (finding and parsing dates), ``pubdate`` (the publication
date decided over all candidates), ``warc`` (the one WARC reader, record by record, also used by
the Spark job), ``feeds``, ``dedup``, ``language``, ``errors`` (limits and ReadFailure).
"""

from __future__ import annotations

from tidings.read.errors import ReadFailure
from tidings.read.reader import read, read_record
from tidings.read.sources import read_paths

__all__ = ["ReadFailure", "read", "read_paths", "read_record"]
