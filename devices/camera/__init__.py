"""OpenCV camera adapters: the document camera (高拍仪) and the face camera's verifier.

Cameras are opened by device index, device path, or (for simulation) an image
file, a video file, a directory of frames, or a built-in sample feed; see
:func:`devices.camera.sources.open_source`.
"""
