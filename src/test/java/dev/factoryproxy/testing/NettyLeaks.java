package dev.factoryproxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Makes Netty's resource leak detector report now what it would otherwise report at some later
 * allocation: it only looks at collected buffers when a new tracked buffer is allocated, and
 * a buffer is only known to be collected after a GC has run and its reference was enqueued.
 */
public final class NettyLeaks {

  private NettyLeaks() {
  }

  /**
   * Collects garbage, waits until the JVM has processed the references of that collection
   * (a weak reference of our own is enqueued: a bounded wait on an event, not a guess), then
   * allocates and releases a tracked buffer so the detector polls its queue. Twice, because a
   * leaked buffer may only become unreachable once the first collection freed its holder.
   */
  public static void forceDetection() {
    for (int round = 0; round < 2; round++) {
      ReferenceQueue<Object> queue = new ReferenceQueue<>();
      WeakReference<Object> marker = new WeakReference<>(new Object(), queue);
      System.gc();
      try {
        if (queue.remove(5_000) == null) {
          // The JVM ignored System.gc() (-XX:+DisableExplicitGC): nothing more can be done.
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      marker.clear();
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(1);
      probe.release();
    }
  }
}
