"""The few libpq calls the driver needs, through ctypes: importing psycopg would cost more than
starting the server."""

from __future__ import annotations

import ctypes
from typing import Any

NOTICE_PROCESSOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
CONNECTION_OK = 0
EMPTY_QUERY, COMMAND_OK, TUPLES_OK, COPY_OUT, COPY_IN = 0, 1, 2, 3, 4
FATAL_ERROR, SINGLE_TUPLE = 7, 9
DIAG_SQLSTATE = ord("C")


def _libpq() -> Any:
    lib = ctypes.CDLL("libpq.so.5")
    ptr, num, text = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    signatures: dict[str, tuple[Any, ...]] = {
        "PQconnectdb": (ptr, text),
        "PQstatus": (num, ptr),
        "PQerrorMessage": (text, ptr),
        "PQfinish": (None, ptr),
        "PQbackendPID": (num, ptr),
        "PQsocket": (num, ptr),
        "PQsetNoticeProcessor": (ptr, ptr, NOTICE_PROCESSOR, ptr),
        "PQsendQuery": (num, ptr, text),
        "PQsetSingleRowMode": (num, ptr),
        "PQconsumeInput": (num, ptr),
        "PQisBusy": (num, ptr),
        "PQgetResult": (ptr, ptr),
        "PQresultStatus": (num, ptr),
        "PQresultErrorMessage": (text, ptr),
        "PQresultErrorField": (text, ptr, num),
        "PQnfields": (num, ptr),
        "PQfname": (text, ptr, num),
        "PQftype": (ctypes.c_uint, ptr, num),
        "PQgetisnull": (num, ptr, num, num),
        "PQgetlength": (num, ptr, num, num),
        "PQgetvalue": (ptr, ptr, num, num),
        "PQclear": (None, ptr),
        "PQgetCancel": (ptr, ptr),
        "PQcancel": (num, ptr, text, num),
        "PQfreeCancel": (None, ptr),
        "PQputCopyEnd": (num, ptr, text),
        "PQgetCopyData": (num, ptr, ctypes.POINTER(ptr), num),
        "PQfreemem": (None, ptr),
    }
    for name, (restype, *argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


QUIET = NOTICE_PROCESSOR(lambda _arg, _message: None)  # RAISE NOTICE floods go nowhere
PQ = _libpq()
