"""The platform's wire contract: the pydantic models of every request and answer.

Its own package because two sides hold to it: the platform simulator
(``platform_sim``) serves these models and the kiosk's client
(``offline_cache``) validates every answer against them before it believes one.
Pure pydantic and self-contained: the wire's own words (:mod:`.vocabulary`, and the
Literals in the models) are written here, and the client maps them to the flows'
(``offline_cache.from_wire``); a test holds the two equal, value for value.
"""
