using System.Diagnostics;
using System.Globalization;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// One child node process (<c>dotnet PaxosAkka.Node.dll --config node.hocon</c>): its output lines go to a
/// callback, and it can be stopped politely (SIGTERM, then SIGKILL after a grace period), killed (SIGKILL),
/// paused (SIGSTOP) and resumed (SIGCONT). Used by the local launcher and the process tests alike.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(LocalNode node, Process process)
    {
        Node = node;
        _process = process;
    }

    /// <summary>The node this process runs.</summary>
    public LocalNode Node { get; }

    /// <summary>The child's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Completes with the exit code when the child has exited (for any reason).</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>True while the child runs (paused counts as running).</summary>
    public bool IsRunning => !_exited.Task.IsCompleted;

    /// <summary>Starts the node from its generated config.</summary>
    /// <param name="node">The node (its <see cref="LocalNode.ConfigPath"/> must exist).</param>
    /// <param name="nodeAssembly">Path of PaxosAkka.Node.dll.</param>
    /// <param name="onLine">Receives every stdout/stderr line of the child, from a thread-pool thread.</param>
    public static NodeProcess Start(LocalNode node, string nodeAssembly, Action<LocalNode, string> onLine)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeAssembly);
        ArgumentNullException.ThrowIfNull(onLine);
        var info = new ProcessStartInfo(NodeBinary.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = node.DataDirectory,
        };
        info.ArgumentList.Add(nodeAssembly);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(node.ConfigPath);

        // The children must not pick up the hocon/ override variables meant for hand-started nodes.
        info.Environment.Remove("PAXOS_DATA_DIR");
        info.Environment.Remove("PAXOS_HTTP_PORT");
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new NodeProcess(node, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine(node, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine(node, e.Data); } };
        process.Exited += (_, _) => child._exited.TrySetResult(SafeExitCode(process));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: the node dies at once, losing whatever it had not flushed.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            try
            {
                _process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGSTOP: the node freezes (sockets stay open, nothing answers).</summary>
    public Task PauseAsync(CancellationToken cancellationToken = default) => Signal("STOP", cancellationToken);

    /// <summary>SIGCONT: a paused node carries on.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) => Signal("CONT", cancellationToken);

    /// <summary>SIGTERM, then SIGKILL when the node has not exited within <paramref name="grace"/>.</summary>
    /// <returns>True when it stopped by itself within the grace period.</returns>
    public async Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!IsRunning)
        {
            return true;
        }

        // A paused child would never handle SIGTERM: continue it first.
        await Signal("CONT", cancellationToken).ConfigureAwait(false);
        await Signal("TERM", cancellationToken).ConfigureAwait(false);
        try
        {
            await Exited.WaitAsync(grace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            await KillAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (IsRunning)
        {
            try
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
    }

    /// <summary>Sends a signal by name through kill(1); the dotnet Process API only has SIGKILL.</summary>
    private async Task Signal(string name, CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return;
        }

        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-" + name);
        info.ArgumentList.Add(Pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("could not run kill(1)");
        await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
