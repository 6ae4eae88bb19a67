using PaxosAkka.Node.Launcher;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// A node in a child process of the node binary (<c>dotnet PaxosAkka.Node.dll --config node.hocon</c>): the process
/// the product ships, SIGKILL-able. The conductor cannot cut its links (no fault hooks in the product binary).
/// </summary>
public sealed class ChildProcessNodeHost : NodeHost
{
    private readonly string _hocon;
    private readonly string _assembly;
    private NodeProcess? _process;

    internal ChildProcessNodeHost(SpecNode node, string hocon, SpecLog log)
        : base(node, log)
    {
        _hocon = hocon;
        _assembly = NodeBinary.NodeAssemblyBuiltFor(AppContext.BaseDirectory);
    }

    /// <inheritdoc />
    public override bool IsRunning => _process?.IsRunning == true;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Role} already runs");
        }

        var local = new LocalNode(Id, Node.HttpPort, Node.RemotePort, Node.DataDirectory);
        Directory.CreateDirectory(local.DataDirectory);
        await File.WriteAllTextAsync(local.ConfigPath, _hocon, cancellationToken).ConfigureAwait(false);
        _process?.Dispose();
        _process = NodeProcess.Start(local, _assembly, (_, line) => Log.Write(Role, line));
        await Eventually.True(
            async () => !IsRunning ? throw new InvalidOperationException($"{Role} exited at start") : await Client.HealthyAsync(cancellationToken),
            TimeSpan.FromSeconds(30),
            $"{Role} to answer /healthz",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the node dies at once.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private protected override ValueTask DisposeCoreAsync()
    {
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
