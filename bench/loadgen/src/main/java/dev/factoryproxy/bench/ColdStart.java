package dev.factoryproxy.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a command, polls a URL every 2 ms until it answers 200, stops the command (SIGTERM),
 * and repeats: the time from process start to the first 200, in milliseconds.
 */
final class ColdStart {

  private ColdStart() {
  }

  static void run(Args args) throws Exception {
    URI url = URI.create(args.required("url"));
    int runs = args.integer("runs", 5);
    long timeoutMillis = args.integer("timeout-ms", 60_000);
    String log = args.str("log", null);
    String workdir = args.str("workdir", null);
    String label = args.str("label", "coldstart");
    List<String> command = args.command();
    if (command.isEmpty()) {
      throw new IllegalArgumentException("give the command after --");
    }
    if (answers200(url)) {
      throw new IllegalStateException(url + " already answers before the command starts: port in use");
    }
    List<Double> times = new ArrayList<>();
    Process[] current = new Process[1];
    // Stopped early (the bench script's trap): take the started command down with us.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process p = current[0];
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }));
    for (int run = 0; run < runs; run++) {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD
          : ProcessBuilder.Redirect.appendTo(new File(log)));
      if (workdir != null) {
        builder.directory(new File(workdir));
      }
      long start = System.nanoTime();
      Process process = builder.start();
      current[0] = process;
      try {
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!answers200(url)) {
          if (!process.isAlive()) {
            throw new IllegalStateException("the command exited with " + process.exitValue() + " before answering");
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no 200 from " + url + " within " + timeoutMillis + " ms");
          }
          Thread.sleep(2);
        }
        times.add((System.nanoTime() - start) / 1e6);
      } finally {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
      System.err.printf(Locale.ROOT, "[%s] run %d: %.0f ms%n", label, run + 1, times.get(times.size() - 1));
      Thread.sleep(300);
    }
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "runs=%d%nmedian_ms=%.0f%nmin_ms=%.0f%nmax_ms=%.0f%nall_ms=%s%n",
        runs, median, sorted.get(0), sorted.get(sorted.size() - 1),
        times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).collect(Collectors.joining(",")));
  }

  private static boolean answers200(URI url) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 200);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return status != null && status.matches("HTTP/1\\.[01] 200.*");
    } catch (IOException e) {
      return false;
    }
  }
}
