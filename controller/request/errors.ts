/**
 * Why a request to a switch failed. Every rejection of `sw.request()` and
 * of the typed helpers is one of these classes, so an app can tell a refusal
 * by the switch (OpenFlowError, with the spec's names) from a lost switch, a
 * slow one or its own overload, and each carries a stable `code` string.
 */

/** Base class: `code` is stable across releases; `xid` is the request's. */
export class RequestError extends Error {
  constructor(readonly code: string, message: string, readonly xid: number) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The switch answered the request's xid with OFPT_ERROR. `type`/`code` are
 * the numbers on the wire; `typeName`/`codeName` are the codec's names for
 * them (e.g. OFPET_FLOW_MOD_FAILED / OFPFMFC_BAD_TABLE_ID), or the number as
 * a string when the codec knows no name. `data` holds the start of the
 * offending message as the switch echoed it (copied).
 */
export class OpenFlowError extends RequestError {
  constructor(
    xid: number,
    readonly type: number,
    readonly errCode: number,
    readonly typeName: string,
    readonly codeName: string,
    readonly data: Buffer,
  ) {
    super('ERR_OPENFLOW', `switch refused the request (xid ${xid}): ${typeName} / ${codeName}`, xid);
  }
}

/** The connection closed (or was never up) before the reply came. */
export class SwitchDisconnectedError extends RequestError {
  constructor(xid: number, readonly reason: string) {
    super('ERR_SWITCH_DISCONNECTED', `switch disconnected before replying (xid ${xid}): ${reason}`, xid);
  }
}

/** No reply (for multipart: no next part) within the request's timeout. */
export class RequestTimeoutError extends RequestError {
  constructor(xid: number, readonly timeoutMs: number) {
    super('ERR_REQUEST_TIMEOUT', `no reply from the switch within ${timeoutMs} ms (xid ${xid})`, xid);
  }
}

/** The switch already has `limit` requests in flight; nothing was sent. */
export class TooManyRequestsError extends RequestError {
  constructor(readonly limit: number) {
    super('ERR_TOO_MANY_REQUESTS', `${limit} requests already in flight to this switch; nothing was sent`, 0);
  }
}

/** The reply could not be decoded, or a multipart reply grew past the size bound. */
export class BadReplyError extends RequestError {
  constructor(xid: number, detail: string) {
    super('ERR_BAD_REPLY', `bad reply from the switch (xid ${xid}): ${detail}`, xid);
  }
}

/** The request value could not be encoded (unknown field, out-of-range number...); nothing was sent. */
export class BadRequestValueError extends RequestError {
  constructor(detail: string) {
    super('ERR_BAD_REQUEST_VALUE', `cannot encode the request: ${detail}`, 0);
  }
}
