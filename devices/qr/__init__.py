"""QR codes: the versioned payload format, serial scanners, and decoding from a camera frame."""
