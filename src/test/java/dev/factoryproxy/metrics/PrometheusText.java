package dev.factoryproxy.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples of a Prometheus text exposition: {@code name{label="value",...} number} lines. */
record PrometheusText(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {
  }

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(sample(line));
    }
    return new PrometheusText(samples);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    if (brace < 0 || brace > space) {
      name = line.substring(0, line.indexOf(' '));
    } else {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            j++;
            c = line.charAt(j) == 'n' ? '\n' : line.charAt(j);
          }
          value.append(c);
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
  }

  /** The sum of the samples named {@code name} whose labels include {@code match} (pairs). */
  double sum(String name, String... match) {
    return samples.stream().filter(s -> s.name().equals(name) && matches(s, match)).mapToDouble(Sample::value).sum();
  }

  List<String> values(String name, String label) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .map(s -> s.labels().get(label)).distinct().sorted().toList();
  }

  private static boolean matches(Sample sample, String... match) {
    for (int i = 0; i < match.length; i += 2) {
      if (!match[i + 1].equals(sample.labels().get(match[i]))) {
        return false;
      }
    }
    return true;
  }
}
