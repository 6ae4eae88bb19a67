using PaxosAkka.Cluster;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// The child-process side of <see cref="NodeControlProtocol"/>: starts one <see cref="InProcessNode"/> and obeys
/// the commands read from <paramref name="input"/> until stdin closes, the node leaves, or the process is killed.
/// The console project <c>PaxosAkka.Cluster.MultiNodeHost</c> is only a Main around <see cref="RunAsync"/>.
/// </summary>
public static class NodeControlHost
{
    /// <summary>Runs the host. Arguments: <c>--role &lt;name&gt; --system &lt;name&gt; --config &lt;hocon&gt;</c>. Returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var role = Argument(args, "--role") ?? "node";
        var system = Argument(args, "--system") ?? "paxos";
        var config = Argument(args, "--config") ?? throw new ArgumentException("--config <hocon> is required", nameof(args));

        await using var node = await InProcessNode.StartAsync(new RoleName(role), config, system, cancellationToken: cancellationToken);
        await Reply(output, NodeControlProtocol.FormatReady(node.Address, node.Uid));
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            try
            {
                var reply = await ExecuteAsync(node, words[0], words[1..], cancellationToken);
                await Reply(output, reply);
                if (words[0] == NodeControlProtocol.Leave)
                {
                    return 0;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                await Reply(output, $"{NodeControlProtocol.Error} {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return 0;
    }

    private static async Task<string> ExecuteAsync(InProcessNode node, string command, string[] args, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case NodeControlProtocol.View:
                return NodeControlProtocol.FormatView(await node.ViewAsync(cancellationToken));
            case NodeControlProtocol.Join:
                await node.JoinSeedNodesAsync([.. args.Select(NodeAddress.Parse)], cancellationToken);
                return NodeControlProtocol.Ok;
            case NodeControlProtocol.Down when args.Length == 1:
                await node.DownAsync(NodeAddress.Parse(args[0]), cancellationToken);
                return NodeControlProtocol.Ok;
            case NodeControlProtocol.Fault:
                var (first, second, direction, fault) = NodeControlProtocol.ParseFault(args);
                await node.SetFaultAsync(first, second, direction, fault, cancellationToken);
                return NodeControlProtocol.Ok;
            case NodeControlProtocol.Leave:
                await node.ShutdownAsync(cancellationToken);
                return NodeControlProtocol.Ok;
            default:
                throw new FormatException($"unknown command '{command}'");
        }
    }

    private static async Task Reply(TextWriter output, string line)
    {
        await output.WriteLineAsync(line);
        await output.FlushAsync();
    }

    private static string? Argument(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
