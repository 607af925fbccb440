"""The last line of defence for logs: capability tokens and email addresses are redacted.

A confirmation link in a log is a confirmation, and an address in a log is a signer named. The
code keeps both out of log messages and exceptions at their source (awaz.core.mail.deliver, for
one); this filter catches what slipped through anyway, in the message, its arguments and the
text of an attached traceback.
"""

import logging
import re

# Path segments that follow these words are tokens.
TOKEN_IN_PATH = re.compile(r"(/(?:confirm|withdraw|unsubscribe|invitation)/)[^/\s?\"']+")
# Anything shaped like an address, quoted local parts included; generous on purpose.
EMAIL_ADDRESS = re.compile(r"(?:\"[^\"\r\n]{0,200}\"|[^\s<>()\[\]{}'\",;:@]{1,200})@[^\s<>()\[\]{}'\",;:@]+\.[^\s<>()\[\]{}'\",;:@]+")


def redact(text: str) -> str:
    if "/" in text:
        text = TOKEN_IN_PATH.sub(r"\1[redacted]", text)
    if "@" in text:
        text = EMAIL_ADDRESS.sub("[address]", text)
    return text


def _redact_value(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact(str(value))  # an exception or a dict as an argument: its text, redacted


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        else:
            record.msg = redact(str(record.msg))
        if record.args:
            if isinstance(record.args, dict):
                record.args = {key: _redact_value(value) for key, value in record.args.items()}
            else:
                record.args = tuple(_redact_value(arg) for arg in record.args)
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            # Formatters use exc_text when it is set: the traceback is printed redacted.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # Django attaches the request; its repr would carry the path with the token.
        if hasattr(record, "request"):
            record.request = None
        return True


RedactTokens = RedactPersonalData  # the name older settings use
