"""The second-generation resident ID card reader on its real wire protocol (GA 467 SAM).

``frames`` (bytes on the line), ``status`` (SW3 codes as typed errors),
``text`` and ``nations`` (what the card's 256 text bytes say), ``id_number``
(checks on the number), ``adapter`` (the pyserial ``IdCardReader``), ``wlt``
(the vendor photo decoder), ``sam_peer`` (a simulated SAM on a pty).
"""
