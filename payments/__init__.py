"""The kiosk's side of payments (issue 23): the gateway's client over python-alipay-sdk,
the durable trade ledger, the recovery of unsettled trades after a restart and the
daily reconciliation with the gateway's bill.

It sits between the app (``kiosk``) and the platform client (``offline_cache``): it
implements the flows' payment ports (``flows/payment_ports.py``) and reads the outbox to
learn whether a paid fee's case is held; nothing here imports Qt or the app.
"""
