using PaxosAkka.TestKit.MultiNode;

// One cluster node for the multi-node specs; the protocol is PaxosAkka.TestKit.MultiNode.NodeControlProtocol.
// Stdin closing (the test process died) ends the node too, and a host nobody stops ends after ten minutes,
// so no orphan keeps a port.
using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(10));
try
{
    return await NodeControlHost.RunAsync(args, Console.In, Console.Out, lifetime.Token);
}
catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("multi-node host: lifetime of ten minutes exceeded, stopping");
    return 2;
}
