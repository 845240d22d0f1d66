package dev.factoryproxy.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * Writes to standard output through its own 64 KiB buffer, so that with
 * {@code immediateFlush=false} a batch from {@link BatchingAsyncAppender} leaves in one system
 * call. logback's {@code ConsoleAppender} goes through {@code System.out}, which flushes every
 * write: a system call per line. Lines stay whole, since the buffer only ever holds whole
 * events when it is flushed; stopping flushes but never closes standard output.
 */
public final class BufferedStdoutAppender<E> extends OutputStreamAppender<E> {

  @Override
  public void start() {
    setOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024) {
      @Override
      public void close() {
        try {
          flush();
        } catch (java.io.IOException ignored) {
          // standard output is gone; nothing left to tell
        }
      }
    });
    super.start();
  }
}
