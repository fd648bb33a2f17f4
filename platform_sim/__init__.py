"""The central-platform simulator (一体化政务服务平台): a real HTTP server on a SQLite
or PostgreSQL store (``store/``, ADR 0011).

Used by ``kiosk demo`` (embedded, in a child process:
:func:`platform_sim.server.start_in_subprocess`), by ``kiosk platform serve``
(:func:`platform_sim.server.serve`) and by the tests (in a thread:
:func:`platform_sim.server.start_in_thread`).

Wire conventions (the OpenAPI spec at ``/openapi.json`` has the details):

* every endpoint but ``/api/v1/health`` needs ``Authorization: Bearer <token>``;
  each terminal has its own token, the back office has a separate one, and its
  routes (``/api/v1/backoffice/...``) are described apart, at
  ``/api/v1/backoffice/openapi.json`` (``schema_split.py``);
* a terminal sees only its site's cases and reports only the events of what it
  holds (``ownership.py``); pickup-code checks are rate-limited
  (``pickup_limits.py``);
* errors are ``{"error": "<code>", "message": {"zh": ..., "en": ...}}``;
* case codes are ``CASE-YYYYMMDD-NNNNNN`` (Beijing date of acceptance, daily
  sequence); provisional codes made by a terminal while offline are
  ``<terminal id>-<epoch>-NNNNNN`` (older terminals: ``<terminal id>-NNNNNN``)
  and are accepted wherever a case code is;
* ``POST /api/v1/cases`` needs an ``Idempotency-Key`` header: the same key
  returns the same case (201 first, 200 after), the same key with another body
  is a 409.
"""
