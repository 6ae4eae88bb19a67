using System.CommandLine;
using System.Globalization;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary><c>pbm [host:port] actor system|hierarchy</c>: the node's actor system and its tree of actors.</summary>
internal static class ActorCommands
{
    public static Command Create(Io io)
    {
        var actor = new Command("actor", "The node's actor system and its actors.");
        actor.Subcommands.Add(RemoteCommand.Create(
            "actor system", "The actor system's name, address, Akka.NET version, start time, uptime and cluster roles.", io, [RemoteCommand.JsonOption()],
            async (parsed, client, ct) => RemoteCommand.Print(
                io, parsed.GetValue<bool>("--json"), await client.GetAsync(PbmRoutes.ActorSystem, PbmJson.Default.PbmActorSystem, ct).ConfigureAwait(false), PbmJson.Default.PbmActorSystem, PrintSystem)));

        var depth = new Option<int?>("--depth", "-d") { Description = $"Levels below the start path to show (0..{PbmRoutes.MaxHierarchyDepth}; default 8)." };
        var start = new Option<string?>("--start", "-s") { Description = "The actor path to start from: /user (default), /system, /user/node, or / for everything." };
        actor.Subcommands.Add(RemoteCommand.Create(
            "actor hierarchy", "The actors under a path, as an indented tree (parents before children, siblings by name).", io, [depth, start, RemoteCommand.JsonOption()],
            async (parsed, client, ct) =>
            {
                int? d = parsed.GetValue(depth);
                if (d is < 0 or > PbmRoutes.MaxHierarchyDepth)
                {
                    io.Error.WriteLine($"pbm actor hierarchy: --depth must be 0..{PbmRoutes.MaxHierarchyDepth}, not {d}");
                    return ExitCodes.BadArguments;
                }

                string query = PbmRoutes.ActorHierarchy + "?path=" + Uri.EscapeDataString(parsed.GetValue(start) ?? "/user")
                    + (d is int levels ? "&depth=" + levels.ToString(CultureInfo.InvariantCulture) : "");
                var tree = await client.GetAsync(query, PbmJson.Default.PbmHierarchy, ct).ConfigureAwait(false);
                return RemoteCommand.Print(io, parsed.GetValue<bool>("--json"), tree, PbmJson.Default.PbmHierarchy, PrintHierarchy);
            }));
        return actor;
    }

    internal static void PrintSystem(PbmActorSystem system, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Name: {system.Name}");
        output.WriteLine($"Address: {system.Address}");
        output.WriteLine($"Akka.NET: {system.AkkaVersion}");
        output.WriteLine($"Started: {system.StartTime.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC");
        output.WriteLine($"Uptime: {TimeSpan.FromSeconds(Math.Floor(system.UptimeSeconds)).ToString("c", inv)}");
        output.WriteLine($"Roles: [{string.Join(",", system.Roles)}]");
        output.WriteLine(string.Create(inv, $"Top-level actors (/user): {system.TopLevelActors}"));
    }

    /// <summary>One actor per line, indented two spaces per level, its own name after the parent's.</summary>
    internal static void PrintHierarchy(PbmHierarchy tree, TextWriter output)
    {
        foreach (var actor in tree.Actors)
        {
            output.WriteLine(new string(' ', 2 * actor.Depth) + actor.Path);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Count: {tree.Actors.Count} actors{(tree.Truncated ? $" (cut at {PbmRoutes.MaxHierarchyActors}; narrow it with -s or -d)" : "")}"));
    }
}
