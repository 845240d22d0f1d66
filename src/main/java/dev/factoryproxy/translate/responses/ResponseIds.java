package dev.factoryproxy.translate.responses;

/**
 * The ids a Responses answer carries, made from the upstream's answer id so that the same answer
 * always gets the same ids: {@code resp_…} for the response and {@code msg_…}, {@code rs_…},
 * {@code fc_…}, {@code ctc_…} for its output items (the item's output index appended).
 */
final class ResponseIds {

  private final String base;

  private ResponseIds(String base) {
    this.base = base;
  }

  /** @param upstreamId e.g. {@code msg_01XY} or {@code chatcmpl-abc}; its prefix is dropped */
  static ResponseIds of(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) {
      return new ResponseIds("proxy");
    }
    int cut = firstSeparator(upstreamId);
    String rest = cut >= 0 && cut + 1 < upstreamId.length() ? upstreamId.substring(cut + 1) : upstreamId;
    return new ResponseIds(rest);
  }

  private static int firstSeparator(String id) {
    int underscore = id.indexOf('_');
    int dash = id.indexOf('-');
    if (underscore < 0) {
      return dash;
    }
    return dash < 0 ? underscore : Math.min(underscore, dash);
  }

  String response() {
    return "resp_" + base;
  }

  String message(int outputIndex) {
    return "msg_" + base + "_" + outputIndex;
  }

  String reasoning(int outputIndex) {
    return "rs_" + base + "_" + outputIndex;
  }

  String functionCall(int outputIndex) {
    return "fc_" + base + "_" + outputIndex;
  }

  String customCall(int outputIndex) {
    return "ctc_" + base + "_" + outputIndex;
  }
}
