"""What the signatures app tells the apps built on it, which it does not import.

`signature_counted(petition_id=...)`: a confirmation has committed and counts. Sent after the
commit, so a receiver never holds up or rolls back the signer's confirmation; a receiver must
not raise (awaz.outcomes queues its threshold check from it and logs its own failures).
"""

from django.dispatch import Signal

signature_counted = Signal()
