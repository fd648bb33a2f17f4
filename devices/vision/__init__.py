"""Pure image and model code for the document camera and the face check.

Nothing here touches hardware or Qt: every function takes pixels (numpy arrays
or :class:`devices.base.Image`) and returns plain data. Model-backed calls
block for tens to hundreds of milliseconds, so callers run them off the GUI
thread (the adapters in ``devices.camera`` wrap them in ``Operation``).
Models load lazily, once per process (see ``ocr.get_engine`` and
``face.get_models``).
"""
