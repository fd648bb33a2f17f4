"""The platform's wire contract: the pydantic models of every request and answer.

Its own package because two sides hold to it: the platform simulator
(``platform_sim``) serves these models and the kiosk's client
(``offline_cache``) validates every answer against them before it believes one.
Pure pydantic; it may see ``flows.domain`` (the case kinds) and nothing else of ours.
"""
