"""A web page and an HTTP API to check reports without installing Python: `serve` runs
them (the ``web`` extra: Starlette and uvicorn).

The page takes an upload of any form the library reads and shows the verdict, the report
in the official layout with each finding in its cell, and downloads; the API answers with
the objects of the command line's ``validate --format json``. Uploads are checked in
worker processes within the library's limits and a time limit, held in memory (or, for a
PDF or Word file, a private folder) and deleted; nothing is kept unless asked.
"""

from ._app import Settings, create_app, serve

__all__ = ["Settings", "create_app", "serve"]
