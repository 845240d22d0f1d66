package dev.factoryproxy.tokens;

/** What one answer from Factory says about the token that was used, by its status. */
public enum Verdict {
  /** Served (or failed in a way that says nothing about the token): a clean record again. */
  OK,
  /** 400, 403, 404, 413, 422 and the like: the request was at fault, not the token. */
  REQUEST_FAULT,
  /** 401: the token is not (or no longer) accepted. */
  UNAUTHORIZED,
  /** 402: the account's quota is spent. */
  EXHAUSTED,
  /** 429: too many requests for now. */
  RATE_LIMITED,
  /** 5xx, 529, or no answer at all (refused, reset): Factory's trouble, maybe this token's route to it. */
  UPSTREAM_ERROR;

  /** A status of 0 stands for a connection failure. */
  public static Verdict of(int status) {
    if (status == 0 || status >= 500) {
      return UPSTREAM_ERROR;
    }
    return switch (status) {
      case 401 -> UNAUTHORIZED;
      case 402 -> EXHAUSTED;
      case 429 -> RATE_LIMITED;
      default -> status >= 400 ? REQUEST_FAULT : OK;
    };
  }

  /** Whether another attempt (on another token, or for Factory's errors the same one) may serve. */
  public boolean retryable() {
    return this == UNAUTHORIZED || this == EXHAUSTED || this == RATE_LIMITED || this == UPSTREAM_ERROR;
  }
}
