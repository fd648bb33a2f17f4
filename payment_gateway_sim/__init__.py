"""A payment-gateway simulator speaking Alipay OpenAPI's protocol (issue 23).

The kiosk pays through python-alipay-sdk; this program answers it as the real gateway
would: every request's RSA2 signature checked against the app's registered public key,
every answer signed with the gateway's own key, the trades kept in a SQLite file of its
own, signed asynchronous notifies, the daily bill as a zipped CSV. Control routes under
``/sim/`` (loopback only) play the payer's phone and inject the faults the kiosk must
survive. It is someone else's system: it imports nothing of ours but ``kvlog``.
"""
