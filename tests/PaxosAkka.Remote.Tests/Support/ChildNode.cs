using System.Diagnostics;
using PaxosAkka.Actors;

namespace PaxosAkka.Remote.Tests.Support;

/// <summary>
/// Entry point of this test assembly when run as a process (<c>dotnet exec PaxosAkka.Remote.Tests.dll child-node</c>):
/// a remoting node with an echo actor, for tests that SIGKILL a real process. It prints its address, then
/// lives until killed or until its parent closes stdin (so a crashed test run leaves no orphan behind).
/// </summary>
public static class ChildNode
{
    public const string ReadyPrefix = "READY ";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "child-node")
        {
            await Console.Error.WriteLineAsync("usage: child-node <secret>");
            return 2;
        }

        var system = await RemoteSystems.StartAsync(TestNode.Settings(secret: args[1]));
        system.ActorOf(Props.Create<EchoActor>(), "echo");
        Console.WriteLine(ReadyPrefix + Remoting.Get(system).Address);
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await RemoteSystems.StopAsync(system);
        return 0;
    }

    /// <summary>Starts a child node process and waits for its address.</summary>
    public static async Task<(Process Process, RemoteAddress Address)> StartAsync(string secret)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", typeof(ChildNode).Assembly.Location, "child-node", secret })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child node");
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException($"child node exited early (code {(process.HasExited ? process.ExitCode : -1)})");
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    return (process, RemoteAddress.Parse(line[ReadyPrefix.Length..]));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }
}
