package dev.factoryproxy.translate.messages;

import java.util.UUID;

/** The {@code msg_…} id a Messages client sees, derived from the upstream's own id. */
final class MessageIds {

  private static final String[] UPSTREAM_PREFIXES = {"chatcmpl-", "resp_", "msg_"};

  private MessageIds() {
  }

  /**
   * {@code "msg_"} and the upstream id without its format's prefix, so logs on both sides can be
   * matched; a random one when the upstream gave none.
   */
  static String derive(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) {
      return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
    for (String prefix : UPSTREAM_PREFIXES) {
      if (upstreamId.startsWith(prefix) && upstreamId.length() > prefix.length()) {
        return "msg_" + upstreamId.substring(prefix.length());
      }
    }
    return "msg_" + upstreamId;
  }
}
