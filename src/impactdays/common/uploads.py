"""The limit on a request's size, kept while its body is read: a second line behind the middleware.

common.middleware refuses a request whose Content-Length is over UPLOAD_MAX_BYTES before its
body is read. This upload handler counts the file bytes that actually arrive, so a body whose
size was not declared up front (a chunked upload passed on by a server that sets no
Content-Length, or an ASGI server) is cut off once it passes the limit, instead of being spooled
to disk in full.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

# The attribute the handler sets on the request, so that the middleware answers 413.
UPLOAD_LIMIT_EXCEEDED = "upload_limit_exceeded"


class UploadLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on until the request's files pass the limit."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received_bytes = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received_bytes += len(raw_data)
        if self.received_bytes > settings.UPLOAD_MAX_BYTES:
            if self.request is not None:
                setattr(self.request, UPLOAD_LIMIT_EXCEEDED, True)
            # Not StopUpload: that would hand the view a form without its file, which it
            # could save. This exception ends the request before the view acts on it.
            raise RequestDataTooBig("The uploaded files are larger than UPLOAD_MAX_BYTES.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the file
