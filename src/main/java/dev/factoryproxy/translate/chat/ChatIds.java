package dev.factoryproxy.translate.chat;

/** The ids a Chat client sees: {@code chatcmpl-} and the upstream id without its own prefix. */
final class ChatIds {

  private static final String PREFIX = "chatcmpl-";
  private static final String[] UPSTREAM_PREFIXES = {"msg_", "resp_", PREFIX};

  private ChatIds() {
  }

  static String completionId(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) {
      return PREFIX + "proxy";
    }
    for (String prefix : UPSTREAM_PREFIXES) {
      if (upstreamId.startsWith(prefix)) {
        return PREFIX + upstreamId.substring(prefix.length());
      }
    }
    return PREFIX + upstreamId;
  }
}
