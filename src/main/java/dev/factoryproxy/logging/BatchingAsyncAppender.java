package dev.factoryproxy.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An asynchronous appender for logs written once per request. The logging thread (an event
 * loop) only enqueues, lock-free; a worker wakes every {@code flushIntervalMillis}, passes the
 * batch to the attached appenders and flushes them once.
 *
 * <p>logback's {@code AsyncAppender} hands each event to a worker blocked on a queue, which
 * costs a thread wake-up (a futex call on the event loop) per event, and its console appender
 * then writes each line with its own system call: measured at a third of the proxy's CPU per
 * request. Here a batch costs one wake-up and one write. Attached output-stream appenders
 * should set {@code immediateFlush=false}; this appender flushes them after each batch.
 *
 * <p>When {@code queueSize} events are waiting, new ones are dropped rather than block an
 * event loop; the count of dropped events is reported when the appender stops.
 */
public final class BatchingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {

  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private int queueSize = 65_536;
  private int flushIntervalMillis = 20;
  private volatile boolean running;
  private Thread worker;

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setFlushIntervalMillis(int flushIntervalMillis) {
    this.flushIntervalMillis = flushIntervalMillis;
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (!appenders.iteratorForAppenders().hasNext()) {
      addError("no appender attached to " + getName());
      return;
    }
    running = true;
    worker = new Thread(this::drainLoop, "log-writer-" + getName());
    worker.setDaemon(true);
    worker.start();
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(worker);
    try {
      worker.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (dropped.sum() > 0) {
      addWarn(getName() + " dropped " + dropped.sum() + " events because its queue was full");
    }
    appenders.detachAndStopAllAppenders();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > queueSize) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    event.prepareForDeferredProcessing();
    queue.offer(event);
  }

  /** Events dropped so far because the queue was full. */
  public long droppedCount() {
    return dropped.sum();
  }

  private void drainLoop() {
    long interval = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
    while (running) {
      drain();
      LockSupport.parkNanos(this, interval);
    }
    drain();
  }

  private void drain() {
    ILoggingEvent event;
    boolean any = false;
    while ((event = queue.poll()) != null) {
      queued.decrementAndGet();
      appenders.appendLoopOnAppenders(event);
      any = true;
    }
    if (any) {
      flushAppenders();
    }
  }

  private void flushAppenders() {
    for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getOutputStream() != null) {
        try {
          stream.getOutputStream().flush();
        } catch (IOException e) {
          addError("cannot flush " + stream.getName(), e);
        }
      }
    }
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
