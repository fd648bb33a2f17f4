"""``kiosk doctor``: the technician's status checks from the command line.

Starts the site's services as the kiosk would (devices from the site config,
platform port, outbox; in demo mode the embedded simulator and device peers),
lets the lock boards and printer answer their first polls, then prints one line
per check with a next step for each failure. Exit code 0 when every check
passed, 1 when one failed, 2 when the config is invalid.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.ops.diagnostics import format_table


def run_doctor(
    config_path: Path,
    *,
    lang: str = "en",
    data_dir: Path | None = None,
    settle_s: float = 2.0,
) -> tuple[int, str]:
    from kiosk.ops.audio_check import audio_check
    from kiosk.services import KioskServices
    from kiosk.site_config import SiteConfigError, load_site_config
    from kiosk.staff_wiring import diagnostics
    from offline_cache.crypto import OutboxKeyError

    try:
        config = load_site_config(config_path)
    except SiteConfigError as exc:
        return 2, str(exc)
    demo = config.platform.embedded_simulator
    try:
        services = KioskServices.start(
            config, data_dir=data_dir, demo_peers="manual" if demo else None
        )
    except OutboxKeyError as exc:  # as `kiosk run` would refuse to start
        return 2, str(exc)
    try:
        time.sleep(settle_s)  # a board that does not answer shows after its first polls
        checks = diagnostics(services).run_checks()
        if services.payments is not None:  # the gateway and its keys (issue 23)
            from kiosk.ops.payments_check import gateway_check, ledger_check

            checks += [
                gateway_check(services.payments.gateway),
                ledger_check(services.payments.ledger),
            ]
    finally:
        services.close()
    checks = [*checks, audio_check()]  # the voice prompts' binaries and sound card
    failed = [c for c in checks if not c.ok]
    table = format_table(checks, lang)
    summary = f"\n{len(failed)} of {len(checks)} checks failed" if failed else "\nall checks passed"
    return (1 if failed else 0), table + summary


def main_doctor(config: str, lang: str, data_dir: str | None, settle_s: float) -> int:
    code, text = run_doctor(
        Path(config), lang=lang, data_dir=Path(data_dir) if data_dir else None, settle_s=settle_s
    )
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code
