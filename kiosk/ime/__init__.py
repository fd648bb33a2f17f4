"""Text input for a touch-only kiosk: the pinyin engine behind the on-screen keyboard.

Qt-free (the keyboard widget is ``kiosk.ui.widgets.keyboard``): letters typed in,
ranked candidates out, from the dictionary in ``assets/ime/pinyin.tsv.gz``.
"""
