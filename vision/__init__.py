"""Pure image and model code for the document camera and the face check: OCR, the
page crop, the ID-document fields, the face models, liveness, and the vision helper
process the models run in.

Nothing here touches hardware or Qt: every function takes pixels (numpy arrays
or :class:`device_contracts.Image`) and returns plain data. Model-backed calls
block for tens to hundreds of milliseconds, so callers run them off the GUI
thread (the adapters in ``devices.camera`` wrap them in ``Operation``).
Models load lazily, once per process (see ``ocr.get_engine`` and
``face.get_models``). Of ``devices`` it imports only the contracts
(``device_contracts``) and the ID number's check character (an import-linter contract).
"""
