"""The A4 document printer of 打印证照, through CUPS: the platform's PDF goes to a named
queue with the ``lp`` client and the queue's state and reasons come back from ``lpstat``.

``queue_state`` reads what ``lpstat`` says, ``cups_client`` runs the commands,
``adapter`` is the ``DocumentPrinter``; ``private_cupsd`` is the real peer of the
tests and the demo (a cupsd of its own in a temporary directory).
"""
