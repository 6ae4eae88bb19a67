using System.Diagnostics;
using System.Threading.Channels;
using PaxosAkka.Cluster;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// A cluster node in its own process (the <c>PaxosAkka.Cluster.MultiNodeHost</c> console app), driven over
/// stdin/stdout with <see cref="NodeControlProtocol"/>. <see cref="ExitAsync"/> is a real SIGKILL: the process
/// gets no chance to say goodbye, exactly like a crashed machine.
/// </summary>
public sealed class ChildProcessNode : NodeHandle
{
    private readonly Process _process;
    private readonly Channel<string> _replies;
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private readonly TimeSpan _replyTimeout;

    private ChildProcessNode(RoleName role, NodeAddress address, long uid, Process process, Channel<string> replies, TimeSpan replyTimeout)
        : base(role, address, uid)
    {
        _process = process;
        _replies = replies;
        _replyTimeout = replyTimeout;
    }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    public override bool HasStopped => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="hostAssembly"/> (<c>dotnet host.dll</c>) with <paramref name="config"/> and waits for
    /// its ready line. <paramref name="log"/> receives the child's stderr lines.
    /// </summary>
    public static async Task<ChildProcessNode> StartAsync(
        RoleName role, string hostAssembly, string config, string systemName, TimeSpan timeout, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (!File.Exists(hostAssembly))
        {
            throw new FileNotFoundException($"the multi-node host is not built at {hostAssembly}; reference its project from the test project", hostAssembly);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { hostAssembly, "--role", role.Name, "--system", systemName, "--config", config })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the node host for {role}");
        var replies = Channel.CreateUnbounded<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                replies.Writer.TryComplete();
            }
            else
            {
                replies.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log?.Invoke($"[{role} pid {process.Id}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ready = await ReadReplyAsync(replies, role, timeout);
            var (address, uid) = NodeControlProtocol.ParseReady(ready);
            return new ChildProcessNode(role, address, uid, process, replies, timeout);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public override async Task<ClusterView> ViewAsync(CancellationToken cancellationToken = default)
    {
        if (HasStopped)
        {
            return ClusterView.Gone(Address, Uid);
        }

        try
        {
            return NodeControlProtocol.ParseView(await CommandAsync(NodeControlProtocol.View));
        }
        catch (IOException) when (HasStopped)
        {
            return ClusterView.Gone(Address, Uid); // It stopped (downed) while being asked.
        }
    }

    public override Task JoinSeedNodesAsync(IReadOnlyList<NodeAddress> seeds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        return ExpectOkAsync($"{NodeControlProtocol.Join} {string.Join(' ', seeds)}");
    }

    public override Task DownAsync(NodeAddress address, CancellationToken cancellationToken = default) =>
        ExpectOkAsync($"{NodeControlProtocol.Down} {address}");

    public override Task SetFaultAsync(string first, string second, FaultDirection direction, LinkFault? fault, CancellationToken cancellationToken = default) =>
        ExpectOkAsync(NodeControlProtocol.FormatFault(first, second, direction, fault));

    /// <summary>SIGKILL (Process.Kill sends SIGKILL on Unix), then waits for the process to be gone.</summary>
    public override async Task ExitAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public override async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (HasStopped)
        {
            return;
        }

        await ExpectOkAsync(NodeControlProtocol.Leave);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await ExitAsync();
        _process.Dispose();
        _commandGate.Dispose();
    }

    private async Task ExpectOkAsync(string command)
    {
        var reply = await CommandAsync(command);
        if (reply != NodeControlProtocol.Ok)
        {
            throw new InvalidOperationException($"{this} refused '{command}': {reply}");
        }
    }

    /// <summary>One command, one reply line; commands are serialised so replies cannot be mismatched.</summary>
    private async Task<string> CommandAsync(string command)
    {
        await _commandGate.WaitAsync();
        try
        {
            if (HasStopped)
            {
                throw new IOException($"{this} has stopped");
            }

            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await ReadReplyAsync(_replies, Role, _replyTimeout);
        }
        finally
        {
            _commandGate.Release();
        }
    }

    private static async Task<string> ReadReplyAsync(Channel<string> replies, RoleName role, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await replies.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node host {role} did not answer within {timeout.TotalSeconds:F0} s");
        }
        catch (ChannelClosedException)
        {
            throw new IOException($"node host {role} closed its output (it exited)");
        }
    }
}
