package dev.factoryproxy.config;

import java.util.List;

/**
 * How a member started with {@code -cluster} finds the others: the settings {@code CLUSTER_NAME},
 * {@code CLUSTER_MEMBERS}, {@code CLUSTER_PORT} and {@code CLUSTER_HOST}.
 *
 * @param name the Hazelcast cluster name: members with another name never join
 * @param members {@code host} or {@code host:port} of every member to contact, this one included
 * @param port the first port to listen on for members (the next ones are tried when it is taken)
 * @param host the address bound to and announced, for Hazelcast and the event bus alike
 */
public record ClusterSettings(String name, List<String> members, int port, String host) {

  /** Not derived from anything secret (the token): a name anyone may read in a log or a heap dump. */
  public static final String DEFAULT_NAME = "factory-proxy";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;

  public ClusterSettings {
    members = List.copyOf(members);
  }
}
