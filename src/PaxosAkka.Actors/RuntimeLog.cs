using Microsoft.Extensions.Logging;

namespace PaxosAkka.Actors;

/// <summary>The runtime's log events (source-generated). Event ids 1000-1099 belong to the actor runtime.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered ({Count} of at most {Limit} logged).")]
    public static partial void LogInfoDeadLetter(ILogger logger, Type messageType, ActorPath sender, ActorPath recipient, long count, int limit);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Actor {Path} failed; supervisor directive {Directive}: {Reason}")]
    public static partial void LogErrorChildFailed(ILogger logger, Exception exception, ActorPath path, string directive, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Actor {Path} failed and is resumed: {Reason}")]
    public static partial void LogWarningChildResumed(ILogger logger, Exception exception, ActorPath path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "PostStop of {Path} threw.")]
    public static partial void LogErrorPostStopFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "PreRestart of {Path} threw.")]
    public static partial void LogErrorPreRestartFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Actor {Path} failed while stopping.")]
    public static partial void LogErrorFailureWhileStopping(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Actor {Path} could not process system message {MessageType}.")]
    public static partial void LogErrorSystemMessageFailed(ILogger logger, Exception exception, ActorPath path, Type messageType);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Critical,
        Message = "Failure of {Path} escalated to the guardian; shutting down actor system {System}.")]
    public static partial void LogCriticalGuardianEscalation(ILogger logger, Exception exception, ActorPath path, string system);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Actor system {System} started at {Address}.")]
    public static partial void LogInfoSystemStarted(ILogger logger, string system, Address address);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Actor system {System} terminated.")]
    public static partial void LogInfoSystemTerminated(ILogger logger, string system);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Coordinated shutdown of {System}: phase {Phase} ({Reason}).")]
    public static partial void LogInfoShutdownPhase(ILogger logger, string system, string phase, CoordinatedShutdown.Reason reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Coordinated shutdown task {Task} in phase {Phase} did not finish within {Timeout}; continuing.")]
    public static partial void LogWarningShutdownTaskTimedOut(ILogger logger, string task, string phase, TimeSpan timeout);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Coordinated shutdown task {Task} in phase {Phase} failed; continuing.")]
    public static partial void LogWarningShutdownTaskFailed(ILogger logger, Exception exception, string task, string phase);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Debug, Message = "Unhandled message {MessageType} from {Sender} to {Recipient}.")]
    public static partial void LogDebugUnhandled(ILogger logger, Type messageType, ActorPath sender, ActorPath recipient);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Backoff supervisor {Path}: child stopped; restarting it in {Delay} (restart {Count}).")]
    public static partial void LogWarningBackoffRestart(ILogger logger, ActorPath path, TimeSpan delay, int count);
}
