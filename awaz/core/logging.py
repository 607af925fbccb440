"""Keep capability tokens out of logs: a confirmation link in a log is a confirmation."""

import logging
import re

# Path segments that follow these words are tokens.
TOKEN_IN_PATH = re.compile(r"(/(?:confirm|withdraw|unsubscribe|t|invitation)/)[^/\s?\"']+")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/" in record.msg:
            record.msg = TOKEN_IN_PATH.sub(r"\1[redacted]", record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(TOKEN_IN_PATH.sub(r"\1[redacted]", a) if isinstance(a, str) else a for a in args)
        # Django attaches the request; its repr would carry the path with the token.
        if hasattr(record, "request"):
            record.request = None
        return True
