"""One error type for every refusal, rendered as ``{"error", "message": {zh, en}}``.

Validation errors never echo the offending input: it may be an ID number.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        zh: str,
        en: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.zh = zh
        self.en = en
        self.headers = headers


def error_response(
    status: int, code: str, zh: str, en: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={"error": code, "message": {"zh": zh, "en": en}},
        headers=headers,
    )


_GENERIC: dict[int, tuple[str, str, str]] = {
    404: ("not_found", "未找到", "Not found"),
    405: ("method_not_allowed", "不支持的请求方法", "Method not allowed"),
}


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.zh, exc.en, exc.headers)

    async def on_http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code, zh, en = _GENERIC.get(exc.status_code, ("http_error", "请求失败", "Request failed"))
        return error_response(exc.status_code, code, zh, en)

    async def on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # only where and what kind, never the input itself (personal data)
        where = "; ".join(
            ".".join(str(p) for p in err.get("loc", ())) + f" ({err.get('type', '')})"
            for err in exc.errors()[:5]
        )
        log.info("request rejected by validation", extra={"where": where})
        return error_response(
            422,
            "invalid_request",
            f"请求内容不符合要求：{where}",
            f"The request is not valid: {where}",
        )

    async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", extra={"error_type": type(exc).__name__})
        return error_response(500, "internal_error", "平台内部错误", "Internal platform error")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
