"""What the signatures app tells the apps built on it, which it does not import.

`signature_counted(petition_id=...)`: a confirmation has committed and counts. Sent after the
commit, so a receiver never holds up or rolls back the signer's confirmation; a receiver must
not raise (awaz.outcomes queues its threshold check from it and logs its own failures).

`held_withdrawal(token_hash=..., withdraw=...)`: a withdrawal link matched no signature in the
table. A receiver that holds signatures out of it (awaz.fraud, during a removal's undo window)
answers with the petition's id if the link is one of its rows' (and, with `withdraw`, deletes
that row), else None.
"""

from django.dispatch import Signal

signature_counted = Signal()
held_withdrawal = Signal()
