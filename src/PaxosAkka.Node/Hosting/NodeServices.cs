using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// What the role actors take from their host and not from Akka: the <see cref="ILoggerFactory"/> behind their
/// source-generated <c>[LoggerMessage]</c> logging and the <see cref="TimeProvider"/> their failure detectors read.
/// Registered on the actor system once, before any role starts; an actor system without it (a bare test kit) logs
/// nowhere and reads the system clock.
/// </summary>
public sealed class NodeServices : IExtension
{
    private NodeServices(ILoggerFactory loggers, TimeProvider clock)
    {
        Loggers = loggers;
        Clock = clock;
    }

    /// <summary>Where the actors log.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>The clock of the failure detectors and request deadlines (a fake one in tests).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Registers the services on <paramref name="system"/>; the first registration wins (Akka extensions are created once).</summary>
    public static NodeServices Register(ActorSystem system, ILoggerFactory loggers, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(system);
        return (NodeServices)system.RegisterExtension(new Id(new NodeServices(loggers, clock)));
    }

    /// <summary>The services of <paramref name="system"/>: the registered ones, else no logging and the system clock.</summary>
    public static NodeServices For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return (NodeServices)system.RegisterExtension(Id.Defaults);
    }

    private sealed class Id(NodeServices services) : ExtensionIdProvider<NodeServices>
    {
        public static Id Defaults { get; } = new(new NodeServices(NullLoggerFactory.Instance, TimeProvider.System));

        // One extension per system whatever instance registers it: Akka keys extensions by their type.
        public override NodeServices CreateExtension(ExtendedActorSystem system) => services;
    }
}

/// <summary>The role actors' way to their logger.</summary>
public static class NodeLogging
{
    /// <summary>A logger named after the running actor's class, from the system's <see cref="NodeServices"/>.</summary>
    public static ILogger NodeLogger(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return NodeServices.For(context.System).Loggers.CreateLogger(context.Props.Type.FullName ?? context.Props.Type.Name);
    }
}
