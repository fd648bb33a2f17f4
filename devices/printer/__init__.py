"""ESC/POS receipt printers through python-escpos, with Chinese (GB18030) text and native QR.

``encoder`` builds the bytes of a receipt, ``status`` decodes ``DLE EOT``,
``backends`` opens python-escpos transports from a URL, ``adapter`` is the
``ReceiptPrinter``; ``fake_server`` and ``render`` are the simulated peer and
the print preview.
"""
