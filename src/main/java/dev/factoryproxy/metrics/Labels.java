package dev.factoryproxy.metrics;

import java.util.Set;

/**
 * Bounded label values: a client can name any model, but only the catalog's ids become label
 * values; everything else is {@code other}. Keys and tokens are named by the configuration only.
 */
final class Labels {

  static final String OTHER = "other";
  static final String NONE = "-";

  private final Set<String> models;

  Labels(Set<String> models) {
    this.models = Set.copyOf(models);
  }

  String model(String model) {
    return model != null && models.contains(model) ? model : OTHER;
  }

  static String status(int status) {
    return status <= 0 ? "none" : Integer.toString(status);
  }
}
