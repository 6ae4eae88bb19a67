using Akka.Actor;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Pbm;

namespace PaxosAkka.Node.Cmd;

/// <summary><c>actor system</c> and <c>actor hierarchy [-d depth] [-s path]</c> over the node's actor system.</summary>
internal sealed class CmdActorRoutes(CmdContext context)
{
    /// <summary>How deep <c>actor hierarchy</c> walks when no depth is given: deep enough for every role actor's children.</summary>
    public const int DefaultDepth = 8;

    public IResult System()
    {
        var system = context.System;
        var extended = (ExtendedActorSystem)system;
        int topLevel = extended.Guardian is ActorRefWithCell guardian ? guardian.Children.Count() : 0;
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Results.Json(
            new PbmActorSystem(
                system.Name,
                extended.Provider.DefaultAddress.ToString(),
                typeof(ActorSystem).Assembly.GetName().Version?.ToString() ?? "unknown",
                DateTimeOffset.FromUnixTimeMilliseconds(system.StartTime.Ticks / TimeSpan.TicksPerMillisecond),
                system.Uptime.TotalSeconds,
                [.. self.Roles.Order(StringComparer.Ordinal)],
                topLevel),
            PbmJson.Default.PbmActorSystem);
    }

    public IResult Hierarchy(string? path, int? depth)
    {
        int maxDepth = depth ?? DefaultDepth;
        if (maxDepth is < 0 or > PbmRoutes.MaxHierarchyDepth)
        {
            return CmdContext.Error(StatusCodes.Status400BadRequest, $"depth must be 0..{PbmRoutes.MaxHierarchyDepth}, not {maxDepth}");
        }

        string root = string.IsNullOrWhiteSpace(path) ? "/user" : path.Trim();
        if (!root.StartsWith('/'))
        {
            return CmdContext.Error(StatusCodes.Status400BadRequest, $"the path must start with '/', like /user/node, not '{root}'");
        }

        var provider = ((ExtendedActorSystem)context.System).Provider;
        string[] elements = root.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IActorRef start = elements.Length == 0 ? provider.RootGuardian : provider.ResolveActorRef(new RootActorPath(provider.DefaultAddress) / elements);
        if (start is not ActorRefWithCell cell || start.IsNobody())
        {
            return CmdContext.Error(StatusCodes.Status404NotFound, $"no actor at {root} on this node (try /user, /system or /)");
        }

        var (actors, truncated) = Walk(cell, maxDepth, PbmRoutes.MaxHierarchyActors);
        return Results.Json(new PbmHierarchy(root, maxDepth, actors, truncated), PbmJson.Default.PbmHierarchy);
    }

    /// <summary>
    /// Depth first, parents before children, siblings by name; stops at <paramref name="maxDepth"/> below the root and at
    /// <paramref name="maxActors"/> actors (then reports itself truncated). Reads each cell's children container, which
    /// Akka keeps immutable and swaps atomically, so the walk never blocks or disturbs an actor.
    /// </summary>
    internal static (IReadOnlyList<PbmActor> Actors, bool Truncated) Walk(ActorRefWithCell root, int maxDepth, int maxActors)
    {
        var actors = new List<PbmActor>();
        var pending = new Stack<(IActorRef Actor, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            if (actors.Count >= maxActors)
            {
                return (actors, true);
            }

            var (actor, level) = pending.Pop();
            actors.Add(new PbmActor(actor.Path.ToStringWithoutAddress(), level));
            if (level < maxDepth && actor is ActorRefWithCell withCell)
            {
                foreach (var child in withCell.Children.OrderByDescending(c => c.Path.Name, StringComparer.Ordinal))
                {
                    pending.Push((child, level + 1));
                }
            }
        }

        return (actors, false);
    }
}
