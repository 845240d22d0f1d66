package dev.factoryproxy.bench;

import java.util.Arrays;

/**
 * Benchmark tools for factory-proxy, one jar:
 *
 * <ul>
 *   <li>{@code upstream}: a streaming upstream that answers any POST with an SSE stream whose
 *       events carry their send time ({@link System#nanoTime()}, comparable across processes on
 *       one Linux machine: CLOCK_MONOTONIC);
 *   <li>{@code sse}: a load client that holds N concurrent SSE streams and records time to first
 *       event and per-event latency (receive time minus the time in the event) in HdrHistograms;
 *   <li>{@code coldstart}: starts a command repeatedly and times it to the first 200 on a URL;
 *   <li>{@code floor}: the least a Vert.x reverse proxy can do, as a reference ({@link FloorProxy}).
 * </ul>
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    switch (argv[0]) {
      case "upstream" -> StreamingUpstream.run(Args.parse(rest));
      case "sse" -> SseLoad.run(Args.parse(rest));
      case "coldstart" -> ColdStart.run(Args.parse(rest));
      case "floor" -> FloorProxy.run(Args.parse(rest));
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println("""
        usage:
          java -jar loadgen.jar upstream  --port P [--host 127.0.0.1] [--instances N]
              POST any path, query: rate=<events/s> (20), events=<count, 0 = until the client leaves> (0);
              a path ending in /a/v1/messages streams Anthropic Messages events, any other chat chunks
          java -jar loadgen.jar sse       --url URL --streams N [--threads T] [--warmup S] [--duration S]
                                          [--connect-inflight K] [--ready-file F] [--out F] [--label L]
                                          [--api chat|messages|responses] [--model M (glm-4.6)]
                                          [--burst N [--burst-window-ms W (100)]]
              with --burst: after --warmup, N more streams start spread over W ms while the first keep
              streaming; their time to first event, the first streams' latency during it and before it
          java -jar loadgen.jar coldstart --url URL [--runs 5] [--timeout-ms 60000] [--log F] [--workdir D] -- CMD...
          java -jar loadgen.jar floor     --upstream http://127.0.0.1:P/path [--port 18094] [--instances N]
        """);
  }
}
