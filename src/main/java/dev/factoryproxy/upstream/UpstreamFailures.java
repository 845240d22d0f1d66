package dev.factoryproxy.upstream;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Names what went wrong before Factory AI answered. A timeout is a 504; anything else that
 * kept a response from arriving (refused, reset, TLS, DNS) is a 502. Messages say what
 * happened and to where, never with what credentials.
 */
public final class UpstreamFailures {

  private UpstreamFailures() {
  }

  /** Getting a connection failed or took longer than the connect timeout. */
  public static ProxyFailure connecting(Throwable cause, long connectTimeoutMillis) {
    if (isTimeout(cause)) {
      return new ProxyFailure(ProxyError.UPSTREAM_TIMEOUT,
          "no connection to Factory AI within CONNECT_TIMEOUT (" + connectTimeoutMillis + " ms)");
    }
    if (cause instanceof SSLHandshakeException && cause.getCause() != null) {
      // Vert.x wraps every handshake failure in the same "Failed to create SSL connection";
      // the reason (untrusted certificate, not TLS at all) is the cause, and it is what the
      // owner needs to fix a wrong FACTORY_BASE_URL or trust store.
      return new ProxyFailure(ProxyError.UPSTREAM_UNAVAILABLE,
          "TLS handshake with Factory AI failed: " + describe(cause.getCause()));
    }
    return new ProxyFailure(ProxyError.UPSTREAM_UNAVAILABLE, "cannot connect to Factory AI: " + describe(cause));
  }

  /** The request was sent, but the connection failed before response headers came back. */
  public static ProxyFailure awaitingResponse(Throwable cause) {
    return new ProxyFailure(ProxyError.UPSTREAM_UNAVAILABLE,
        "Factory AI closed the connection before answering: " + describe(cause));
  }

  /** The request was sent, and no response headers came back within the response timeout. */
  public static ProxyFailure responseTimeout(long responseTimeoutMillis) {
    return new ProxyFailure(ProxyError.UPSTREAM_TIMEOUT,
        "Factory AI did not answer within RESPONSE_TIMEOUT (" + responseTimeoutMillis + " ms)");
  }

  private static boolean isTimeout(Throwable cause) {
    return cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String text = message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    int eol = text.indexOf('\n');
    text = eol < 0 ? text : text.substring(0, eol);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
