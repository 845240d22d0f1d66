package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.fail;

import dev.factoryproxy.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy started as a real child process ({@code java -jar target/factory-proxy.jar}, or any
 * command such as {@code bin/vertx}), in its own working directory, with an environment that
 * holds none of the proxy's settings unless the test puts them there. Its stdout and stderr go
 * to files next to the working directory, so nothing blocks on a full pipe and both can be read
 * at any time. {@link #close()} kills it (and anything it started) and waits for it to go.
 */
final class ProxyProcess implements AutoCloseable {

  /**
   * JVM flags for every child: quick to start on a loaded machine, small, and with Netty's leak
   * detector tracking every buffer (its reports fail the test, see {@code ProcessTestSupport}).
   */
  static final List<String> CHILD_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
      "-Dio.netty.leakDetection.level=PARANOID");

  private static final Pattern LISTENING = Pattern.compile("listening on http://([^\\s:/]+):(\\d+)");
  private static final Duration POLL = Duration.ofMillis(50);

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ProxyProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The jar {@code mvn package} built; failsafe passes its path as {@code proxy.jar}. */
  static Path jar() {
    String path = System.getProperty("proxy.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("system property proxy.jar must name the packaged jar (run through "
          + "`mvn verify`), got " + path);
    }
    return Path.of(path).toAbsolutePath();
  }

  /** The java binary running this test, so children run on the same JDK. */
  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code java <flags> -jar target/factory-proxy.jar <args>} in {@code workDir}. */
  static Builder jar(Path workDir) {
    return new Builder(workDir);
  }

  /** {@code count} distinct ports nobody listens on right now. */
  static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // it was only holding the number
        }
      }
    }
  }

  static final class Builder {

    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>(CHILD_JVM_FLAGS);
    private final List<String> args = new ArrayList<>();
    private List<String> command;
    private String name = "proxy";

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    Builder jvmFlag(String flag) {
      jvmFlags.add(flag);
      return this;
    }

    Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    /** Runs {@code command} instead of {@code java -jar}; JVM flags are then ignored. */
    Builder command(String... command) {
      this.command = List.of(command);
      return this;
    }

    /** Names the log files, for tests that start several processes in one directory. */
    Builder name(String name) {
      this.name = name;
      return this;
    }

    ProxyProcess start() {
      List<String> cmd = new ArrayList<>();
      if (command != null) {
        cmd.addAll(command);
      } else {
        cmd.add(java().toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar().toString());
      }
      cmd.addAll(args);
      Path logs = workDir.resolveSibling(workDir.getFileName() + "-logs");
      try {
        Files.createDirectories(workDir);
        Files.createDirectories(logs);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path out = logs.resolve(name + ".stdout");
      Path err = logs.resolve(name + ".stderr");
      ProcessBuilder builder = new ProcessBuilder(cmd)
          .directory(workDir.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Map<String, String> environment = builder.environment();
      // Whatever the machine running the build has set must not leak into what is tested.
      Setting.names().forEach(environment::remove);
      List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "FACTORY_PROXY_JAR")
          .forEach(environment::remove);
      environment.putAll(env);
      try {
        return new ProxyProcess(builder.start(), out, err);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + cmd, e);
      }
    }
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  /** Everything the process printed so far, stdout then stderr. */
  String output() {
    return stdout() + stderr();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the start-up line and returns the port it names. Fails at once if the process
   * exits first, and at the deadline otherwise, with everything it printed.
   */
  int awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = LISTENING.matcher(output());
      if (m.find()) {
        return Integer.parseInt(m.group(2));
      }
      if (!process.isAlive()) {
        fail("the proxy exited with " + process.exitValue() + " before it was listening; it printed:\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        fail("the proxy logged no 'listening on' line within " + timeout + "; it printed:\n" + tail());
      }
      pause();
    }
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("the proxy was still running after " + timeout + "; it printed:\n" + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls until {@code condition} holds, failing with the process output at the deadline. */
  void awaitOutput(String what, Duration timeout, Predicate<String> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(output())) {
      if (System.nanoTime() > deadline) {
        fail("the proxy did not print " + what + " within " + timeout + "; it printed:\n" + tail());
      }
      pause();
    }
  }

  /** SIGTERM, without waiting: the test watches what the process does while it shuts down. */
  void terminate() {
    process.destroy();
  }

  /** SIGTERM, so shutdown hooks run and logs flush; killed if it takes longer than {@code grace}. */
  void stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  /** Kills the process and its descendants, and waits for them to be gone. Safe to call twice. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(15, TimeUnit.SECONDS);
      for (ProcessHandle child : children) {
        child.onExit().get(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a descendant that will not die is reported by nothing better than this test's slowness
    }
  }

  /** The end of the output, for failure messages. */
  String tail() {
    String all = "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    return all.length() <= 6000 ? all : "..." + all.substring(all.length() - 6000);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
