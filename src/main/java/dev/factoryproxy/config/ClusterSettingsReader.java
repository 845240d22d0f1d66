package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates the cluster settings into {@link ClusterSettings}, or fails with one line naming the
 * setting. Kept apart from {@link SettingsReader} because it runs before Vert.x exists: the
 * cluster manager is created before the main verticle reads the rest.
 */
public final class ClusterSettingsReader {

  private static final String WHERE = "in .env, the environment, conf/config.json or -conf";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

  private ClusterSettingsReader() {
  }

  /**
   * @param config the merged settings
   * @param hostFlag the launcher's {@code -cluster-host}, which wins over {@code CLUSTER_HOST}; may be null
   */
  public static ClusterSettings read(JsonObject config, String hostFlag) {
    String name = text(config, Setting.CLUSTER_NAME);
    if (name != null && !NAME.matcher(name).matches()) {
      throw invalid(Setting.CLUSTER_NAME, name, "1 to 128 of A-Z a-z 0-9 . _ -");
    }
    String host = hostFlag != null && !hostFlag.isBlank() ? hostFlag.trim() : text(config, Setting.CLUSTER_HOST);
    host = host == null ? ClusterSettings.DEFAULT_HOST : host;
    if (!isIpv4(host) || host.equals("0.0.0.0")) {
      throw invalid(Setting.CLUSTER_HOST, host, "an IPv4 address of this host that the other members can reach "
          + "(not 0.0.0.0: it is also the address announced to them)");
    }
    int port = port(config);
    List<String> members = members(config, host);
    return new ClusterSettings(name == null ? ClusterSettings.DEFAULT_NAME : name, members, port, host);
  }

  private static int port(JsonObject config) {
    String text = text(config, Setting.CLUSTER_PORT);
    if (text == null) {
      return ClusterSettings.DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid(Setting.CLUSTER_PORT, text, "a port from 1 to 65535");
  }

  private static List<String> members(JsonObject config, String host) {
    String text = text(config, Setting.CLUSTER_MEMBERS);
    if (text == null) {
      return List.of(host);
    }
    List<String> members = new ArrayList<>();
    for (String part : text.replace("[", "").replace("]", "").replace("\"", "").split(",")) {
      String member = part.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      String memberHost = colon < 0 ? member : member.substring(0, colon);
      if (!HOSTNAME.matcher(memberHost).matches() || colon >= 0 && !validPort(member.substring(colon + 1))) {
        throw invalid(Setting.CLUSTER_MEMBERS, member, "a comma-separated list of host or host:port");
      }
      members.add(member);
    }
    if (members.isEmpty()) {
      throw invalid(Setting.CLUSTER_MEMBERS, text, "a comma-separated list of host or host:port");
    }
    return members;
  }

  private static boolean validPort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isIpv4(String host) {
    var m = IPV4.matcher(host);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonObject config, Setting setting) {
    Object value = config.getValue(setting.name());
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  private static ConfigException invalid(Setting setting, String value, String expected) {
    return new ConfigException(setting + " must be " + expected + ", got '" + value + "' (set it " + WHERE + ")");
  }
}
