package dev.hai.gpu.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a supervised server, as a {@link SupervisorListener} sees it.
 *
 * @param type what happened
 * @param supervisor the supervisor's name ({@link ServerSupervisor#name()})
 * @param state the supervisor's state after the event
 * @param pid the server process's id, when one is concerned
 * @param exitCode the exit code, for {@link Type#EXITED} (a process killed by a signal reports 128
 *     plus the signal's number, as a shell does: 137 for SIGKILL)
 * @param delay the wait before the next start, for {@link Type#RESTART_SCHEDULED}
 * @param detail a short human-readable account; never server output
 * @param time when it happened
 */
public record SupervisorEvent(
    Type type,
    String supervisor,
    ServerState state,
    @Nullable Long pid,
    @Nullable Integer exitCode,
    @Nullable Duration delay,
    String detail,
    Instant time) {

  public SupervisorEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(supervisor, "supervisor");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(time, "time");
  }

  /** The kinds of event, in the order a server's life usually shows them. */
  public enum Type {
    /** A server process was started ({@link #pid()}); the supervisor now waits for readiness. */
    STARTED,
    /** The readiness URL answered 200: the server takes calls. */
    READY,
    /** The health probe failed too many times in a row; the process is killed and restarted. */
    UNHEALTHY,
    /** The process did not get ready within the startup timeout; it is killed and restarted. */
    START_TIMED_OUT,
    /** The process ended ({@link #exitCode()}) without being asked to. */
    EXITED,
    /** A restart is scheduled after {@link #delay()}. */
    RESTART_SCHEDULED,
    /** The supervisor gave up ({@link ServerState#FAILED}); {@link #detail()} says why. */
    FAILED,
    /** {@link ServerSupervisor#close()} stopped the server and its process tree. */
    STOPPED
  }
}
