package dev.factoryproxy.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} options, then everything after {@code --} as a command. */
final class Args {

  private final Map<String, String> options;
  private final List<String> command;

  private Args(Map<String, String> options, List<String> command) {
    this.options = options;
    this.command = command;
  }

  static Args parse(String[] argv) {
    Map<String, String> options = new HashMap<>();
    List<String> command = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--")) {
        command.addAll(List.of(argv).subList(i + 1, argv.length));
        break;
      }
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --option value, got " + argv[i]);
      }
      options.put(argv[i].substring(2), argv[++i]);
    }
    return new Args(options, command);
  }

  String str(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  String required(String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return value;
  }

  int integer(String key, int fallback) {
    String value = options.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }

  double decimal(String key, double fallback) {
    String value = options.get(key);
    return value == null ? fallback : Double.parseDouble(value);
  }

  List<String> command() {
    return command;
  }
}
